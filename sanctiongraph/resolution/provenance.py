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

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sanctiongraph.loaders.target import Target
from sanctiongraph.resolution.history import LoadEntry, LoadLog
from sanctiongraph.resolution.judgements import list_record
from sanctiongraph.version import __version__


@dataclass(frozen=True)
class Statement:
    """One value one record asserts."""

    prop: str
    value: str
    record: str  # <source id>#<record>
    file: str = ""  # the name of the file it was read from
    # "amended by <source>": a newer edition of the list's record no longer says it;
    # "amends <source>": said by the newer edition in place of the older's values.
    status: str = ""

    def as_row(self) -> dict[str, str]:
        return {"property": self.prop, "value": self.value, "record": self.record,
                "file": self.file, "status": self.status}  # fmt: skip


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


class Said:
    """The statements of one edition by record id, gathered one target at a time (a
    load hands its targets here as it reads them, as it does to ``changes.Entries``)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[str, str]]] = {}

    def add(self, t: Target) -> None:
        known = self.rows.setdefault(t.record, [])
        for st in statements_of(t, ""):
            if (st.prop, st.value) not in known:
                known.append((st.prop, st.value))


# What a saved file of statements holds depends on the readers: another release reads again.
_SAVED_AS = f"statements-{__version__}-1.json"


def _saved_path(log: LoadLog, entry: LoadEntry) -> Path | None:
    """Beside the kept copy of an edition (named by its digest, so never stale)."""
    if not (entry.kept and entry.digest and Path(entry.kept).exists()):
        return None
    return log.kept_root / entry.digest[:16] / f"{entry.format}.{_SAVED_AS}"


def save_statements(log: LoadLog, entry: LoadEntry, said: Said) -> None:
    """Keep an edition's statements beside its copy: an entity's provenance then reads
    a small file per source instead of parsing each list again (seconds for a large
    list). Best effort: without the file the list is read (and the file written)."""
    where = _saved_path(log, entry)
    if where is None:
        return
    tmp = where.with_name(where.name + ".part")
    try:
        tmp.write_text(json.dumps(said.rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(where)
    except OSError:
        tmp.unlink(missing_ok=True)


def _said(log: LoadLog, entry: LoadEntry) -> dict[str, list[tuple[str, str]]] | None:
    """An edition's statements by record: the saved ones, else read from its kept copy
    (and saved); None for a file of no targets (an events catalogue)."""
    from sanctiongraph.loaders import limits as input_limits
    from sanctiongraph.loaders.registry import FORMATS

    where = _saved_path(log, entry)
    if where is not None and where.exists():
        try:
            rows = json.loads(where.read_text(encoding="utf-8"))
            return {str(r): [(str(p), str(v)) for p, v in said] for r, said in rows.items()}
        except (OSError, ValueError, TypeError):
            pass  # unreadable: read the copy again and save it anew
    targets = getattr(FORMATS[entry.format].reader(), "targets", None)
    if targets is None:
        return None
    said = Said()
    with input_limits.using(None):
        for t in targets(entry.replay_path()):
            said.add(t)
    save_statements(log, entry, said)
    return said.rows


def record_statements(log: LoadLog, records: Iterable[str]) -> tuple[list[Statement], list[str]]:
    """The statements of ``records``, read from the files the log kept (through the
    statements saved beside each copy), and the sources the log holds no file for (a
    curated file, the demo's story, a store loaded by an older version)."""
    wanted: dict[str, set[str]] = {}
    for r in records:
        source, _, rec = r.partition("#")
        wanted.setdefault(source, set()).add(rec)
    entries = {e.source: e for e in log.entries()}
    out: list[Statement] = []
    missing = sorted(s for s in wanted if s not in entries)
    for source in sorted(set(wanted) & set(entries)):
        e = entries[source]
        said = _said(log, e)
        if said is None:
            continue
        name = Path(e.path).name
        for rec in sorted(wanted[source]):
            out += [Statement(p, v, f"{source}#{rec}", name) for p, v in said.get(rec, ())]
    out = amendments(out, {s: e.list_date for s, e in entries.items()})
    # Side by side: each property's values from every record together.
    order = {p: i for i, p in enumerate(dict.fromkeys(s.prop for s in out))}
    out.sort(key=lambda s: (order[s.prop], s.value.casefold(), s.record))
    return out, missing


def amendments(said: list[Statement], dates: dict[str, str]) -> list[Statement]:
    """``said`` with each statement of a list's record marked where editions of that
    record differ: the older edition's value the newest no longer says is "amended by"
    the newest, the newest's value the older did not say "amends" it (the entity shows
    the newest's: graph.records.merge_props). Values every edition says stay unmarked.

    >>> old = Statement("birth_date", "1980-07-14", "source:gb-ofsi-conlist-csv-2018-04-13#1")
    >>> new = Statement("birth_date", "1980-07-04", "source:gb-ofsi-conlist-xlsx-2022-05-04#1")
    >>> dates = {"source:gb-ofsi-conlist-csv-2018-04-13": "2018-04-13",
    ...          "source:gb-ofsi-conlist-xlsx-2022-05-04": "2022-05-04"}
    >>> for s in amendments([old, new], dates):
    ...     print(s.status)
    amended by source:gb-ofsi-conlist-xlsx-2022-05-04
    amends source:gb-ofsi-conlist-csv-2018-04-13
    """
    editions: dict[str, dict[str, str]] = {}  # list record → source → date
    for s in said:
        source = s.record.partition("#")[0]
        editions.setdefault(list_record(s.record), {})[source] = dates.get(source, "")
    newest: dict[str, tuple[str, list[str]]] = {}
    for entry, by_source in editions.items():
        if len(by_source) > 1:
            top = max(by_source.values())
            older = sorted(src for src, d in by_source.items() if d < top)
            if older:
                newest[entry] = (top, older)
    if not newest:
        return said
    values: dict[tuple[str, str], set[tuple[str, str]]] = {}  # (entry, source) → values
    for s in said:
        values.setdefault((list_record(s.record), s.record.partition("#")[0]), set()).add(
            (s.prop, s.value)
        )
    out: list[Statement] = []
    for s in said:
        entry, source = list_record(s.record), s.record.partition("#")[0]
        if entry not in newest:
            out.append(s)
            continue
        top, older = newest[entry]
        current = [src for src, d in editions[entry].items() if d == top]
        now = set().union(*(values.get((entry, src), set()) for src in current))
        if source in older and (s.prop, s.value) not in now:
            s = replace(s, status="amended by " + ", ".join(sorted(current)))
        elif source in current:
            before = [src for src in older if (s.prop, s.value) not in values.get((entry, src), ())]
            if before:
                s = replace(s, status="amends " + ", ".join(before))
        out.append(s)
    return out
