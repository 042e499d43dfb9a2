"""Which record asserted which value: an entity's statements, read back from its records.

The graph keeps, on every node and relationship, the records that assert it
(``records``: ``<source id>#<record>``); an entity's values (names, aliases,
identifiers, birth dates, listings) are the union of what its records say.
To tell which record said which, the records are read again from the files
the load log kept (:mod:`.history`), as the load read them — the same reading
a rebuild replays — and each value is written out as a statement, in the manner
of FollowTheMoney's statements: (property, value, record, source file).

>>> from sanctiongraph.loaders.target import Target
>>> t = Target("7", "organization", "KOMID", aliases=["Changgwang Sinyong Corporation"])
>>> [(s.prop, s.value) for s in statements_of(t, "source:un#7")][:2]
[('name', 'KOMID'), ('kind', 'organization')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sanctiongraph.loaders.target import Target
from sanctiongraph.resolution.history import LoadLog


@dataclass(frozen=True)
class Statement:
    """One value one record asserts."""

    prop: str
    value: str
    record: str  # <source id>#<record>
    file: str = ""  # the name of the file it was read from

    def as_row(self) -> dict[str, str]:
        return {"property": self.prop, "value": self.value, "record": self.record,
                "file": self.file}  # fmt: skip


def statements_of(t: Target, record: str, file: str = "") -> Iterator[Statement]:
    """What ``t`` asserts, one statement a value, in the order the list gives them."""

    def say(prop: str, values: Iterable[str | None]) -> Iterator[Statement]:
        for v in values:
            if v:
                yield Statement(prop, str(v), record, file)

    yield from say("name", [t.name])
    yield from say("kind", [t.kind])
    yield from say("name_local", [t.name_local])
    yield from say("alias", t.aliases)
    for scheme, values in t.ids.items():
        yield from say(scheme, values)
    yield from say("country", [t.country])
    yield from say("birth_date", t.birth_dates)
    yield from say("nationality", t.nationalities)
    yield from say("address", [a.text for a in t.addresses])
    for f in t.listings:
        listed = " · ".join(
            x for x in (f.authority_name or f.authority, f.programme, f.reference, f.listed_on) if x
        )
        yield from say("listing" if f.status == "listed" else f"listing ({f.status})", [listed])
    yield from say("link", [f"{link.role}: {link.other}" for link in t.links])


def record_statements(log: LoadLog, records: Iterable[str]) -> tuple[list[Statement], list[str]]:
    """The statements of ``records``, read from the files the log kept, and the sources
    the log holds no file for (a curated file, the demo's story, a store loaded by an
    older version)."""
    from sanctiongraph.loaders import limits as input_limits
    from sanctiongraph.loaders.registry import FORMATS

    wanted: dict[str, set[str]] = {}
    for r in records:
        source, _, rec = r.partition("#")
        wanted.setdefault(source, set()).add(rec)
    entries = {e.source: e for e in log.entries()}
    out: list[Statement] = []
    missing = sorted(s for s in wanted if s not in entries)
    for source in sorted(set(wanted) & set(entries)):
        e = entries[source]
        path = e.replay_path()
        reader = FORMATS[e.format].reader()
        targets = getattr(reader, "targets", None)
        if targets is None:
            continue
        with input_limits.using(None):
            for t in targets(path):
                if t.record in wanted[source]:
                    out += statements_of(t, f"{source}#{t.record}", Path(e.path).name)
    # Side by side: each property's values from every record together.
    order = {p: i for i, p in enumerate(dict.fromkeys(s.prop for s in out))}
    out.sort(key=lambda s: (order[s.prop], s.value.casefold(), s.record))
    return out, missing
