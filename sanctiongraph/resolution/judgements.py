"""Human judgements on pairs of source records: the resolver file.

Like nomenklatura's resolver, a judgement says two *source records* are the
same party, different parties, or that the reviewer is unsure. Records are
``<source id>#<record>`` (e.g. ``source:uk-ofsi-csv-2018-04-13#13551``), so a
judgement outlives any entity key and holds on every later load. A record of a
list with stable record ids is the list's record, whatever edition named it
(:func:`list_record`): a judgement made on one edition holds for every other
edition of the list, in files written before editions too. The file is
JSON lines, one event per line, appended; an event is a judgement or the undo
of an earlier one, with who and when. The current state of a pair is its last
event. Two files merge by taking the later event per pair.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "resolver.jsonl"
>>> j = Judgements(path)
>>> _ = j.judge("source:a#1", "source:b#2", "different", who="ana")
>>> j.verdict("source:b#2", "source:a#1")
'different'
>>> _ = j.undo("source:a#1", "source:b#2", who="ana")
>>> Judgements(path).verdict("source:a#1", "source:b#2") is None
True
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

VERDICTS = ("same", "different", "unsure")


@dataclass(frozen=True)
class Judgement:
    a: str
    b: str
    verdict: str  # same | different | unsure | undone
    who: str
    when: str  # ISO 8601, UTC

    @property
    def pair(self) -> tuple[str, str]:
        return pair(self.a, self.b)


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@functools.lru_cache(maxsize=4096)
def _stable_list(source: str) -> str | None:
    from sanctiongraph.loaders.editions import list_for

    lst = list_for(source)
    return lst.id if lst is not None and lst.stable_ids else None


def list_record(record: str) -> str:
    """The list's record an edition's record is (``source:<edition>#<id>`` →
    ``list:<list>#<id>``) when the list has stable record ids; else ``record`` itself
    (a list without them, a curated file, an OpenSanctions export).

    >>> list_record("source:unsc-consolidated-2018-10-29#6908570")
    'list:un-sc-consolidated#6908570'
    >>> list_record("source:jp-mof-2026-03-05#12")
    'source:jp-mof-2026-03-05#12'
    """
    source, sep, rid = record.partition("#")
    found = _stable_list(source) if sep else None
    return f"list:{found}#{rid}" if found else record


def now() -> str:
    """The time of a judgement or a load: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Judgements:
    """The judgements of one resolver file (or none, in memory, when ``path`` is None)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.events: list[Judgement] = []
        self._state: dict[tuple[str, str], Judgement] = {}
        self._by_record: dict[str, set[str]] = {}
        if path is not None and path.exists():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    self._apply(_parse(line, path, n))

    def _apply(self, j: Judgement) -> None:
        if j.verdict not in (*VERDICTS, "undone"):
            raise ValueError(f"unknown verdict {j.verdict!r}")
        self.events.append(j)
        # Kept by the lists' records: a file's events name the editions they were made
        # on, and are read as judgements on the lists' records (no rewrite needed).
        a, b = list_record(j.a), list_record(j.b)
        key = pair(a, b)
        old = self._state.get(key)
        if old is not None and old.when > j.when:
            return  # an older event read after a newer one (merged files)
        self._state[key] = j
        self._by_record.setdefault(a, set()).add(b)
        self._by_record.setdefault(b, set()).add(a)

    def _write(self, j: Judgement) -> Judgement:
        self._apply(j)
        if self.path is not None:
            from sanctiongraph.paths import append_whole

            append_whole(self.path, json.dumps(asdict(j), ensure_ascii=False) + "\n")
        return j

    def judge(self, a: str, b: str, verdict: str, who: str | None = None) -> Judgement:
        if verdict not in VERDICTS:
            raise ValueError(f"a judgement is one of {', '.join(VERDICTS)}, not {verdict!r}")
        # Two editions of one list's record are one record, merged as such, unless the
        # matcher held them apart (kinds that differ) and queued them: a reviewer's word
        # on that pair is the only one there is (kept as the list record's own pair).
        if a == b:
            raise ValueError("a record is always the same as itself")
        return self._write(Judgement(*pair(a, b), verdict, who or _user(), now()))

    def undo(self, a: str, b: str, who: str | None = None) -> Judgement:
        if self.verdict(a, b) is None:
            raise KeyError(f"no judgement on {a} / {b} to undo")
        return self._write(Judgement(*pair(a, b), "undone", who or _user(), now()))

    def verdict(self, a: str, b: str) -> str | None:
        if not self._state:
            return None  # no judgement yet: the list records need not be worked out
        j = self._state.get(pair(list_record(a), list_record(b)))
        return None if j is None or j.verdict == "undone" else j.verdict

    def between(self, records: Iterable[str], others: Iterable[str]) -> str | None:
        """'different' if any record pair is judged different, else 'same' if any is
        judged same, else 'unsure' or None."""
        if not self._by_record:
            return None
        judged = [r for r in {list_record(r) for r in records} if r in self._by_record]
        if not judged:  # the common case, asked once per entity a record is compared with
            return None
        others = {list_record(o) for o in others}
        found: set[str] = set()
        for r in judged:
            for o in self._by_record[r]:
                if o in others:
                    v = self.verdict(r, o)
                    if v:
                        found.add(v)
        for v in ("different", "same", "unsure"):
            if v in found:
                return v
        return None

    def same_as(self, record: str) -> set[str]:
        """The records judged the same party as ``record``, as :func:`list_record` gives
        them."""
        mine = list_record(record)
        return {o for o in self._by_record.get(mine, ()) if self.verdict(mine, o) == "same"}

    def current(self) -> Iterator[Judgement]:
        """Every pair's standing judgement (undone ones left out), oldest first."""
        live = [j for j in self._state.values() if j.verdict != "undone"]
        yield from sorted(live, key=lambda j: (j.when, j.pair))

    def pairs(self, verdict: str) -> set[tuple[str, str]]:
        return {j.pair for j in self.current() if j.verdict == verdict}

    def merge_from(self, other: Judgements) -> int:
        """Add another file's events this one lacks; the later event per pair wins."""
        mine = set(self.events)
        added = 0
        for j in sorted(other.events, key=lambda e: e.when):
            if j not in mine:
                self._write(j)
                added += 1
        return added

    def export(self, out: Path) -> int:
        """Write the standing judgements (no history) as a resolver file of their own."""
        rows = list(self.current())
        with out.open("w", encoding="utf-8") as fh:
            for j in rows:
                fh.write(json.dumps(asdict(j), ensure_ascii=False) + "\n")
        return len(rows)


def contradicting(judgements: Judgements, entity_of: Mapping[str, str]) -> list[Judgement]:
    """The standing judgements the store does not follow yet (``entity_of``: record →
    entity key): records judged the same in two entities, or different in one. A
    re-derivation of the store applies them; "unsure" asks nothing of it."""
    out = []
    for j in judgements.current():
        ea, eb = entity_of.get(j.a), entity_of.get(j.b)
        if ea is None or eb is None:
            continue
        if (j.verdict == "same" and ea != eb) or (j.verdict == "different" and ea == eb):
            out.append(j)
    return out


def _parse(line: str, path: Path, n: int) -> Judgement:
    try:
        doc = json.loads(line)
        return Judgement(
            str(doc["a"]), str(doc["b"]), str(doc["verdict"]), str(doc["who"]), str(doc["when"])
        )
    except (ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{path}: line {n}: not a judgement ({err})") from None
