"""What changed between two editions of one list: entries added, removed and amended.

Entries are matched by the publisher's stable record id (UN DATAID, OFAC ent_num, UK
Group ID, EU logicalId), never by name. The graph merges what successive editions
say of one entity, so the old and new values of an amended entry are read from the
two files themselves: the copies the load log kept of them as they were loaded.

A list without stable record ids (Japan's MOF and METI lists: an entry's id is its sheet
and row, which the next edition renumbers) is never matched by id: two of its entries are
the same when everything compared is the same, so its changes are entries added and
removed by exact content, never amended (an amended entry is one removed and one added).
A partial newer edition reports no removals.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctiongraph.graph.store import Store, StoreError
from sanctiongraph.loaders.editions import (
    Edition,
    ListIdentity,
    editions_in,
    editions_of,
    list_for,
    list_named,
    partial_by_name,
)
from sanctiongraph.loaders.target import Target
from sanctiongraph.resolution.history import LoadEntry, LoadLog
from sanctiongraph.version import __version__

COLUMNS = ("change", "record", "name", "kind", "fields", "old", "new")
# What is compared, in the order a row names them.
FIELDS = ("name", "aliases", "identifiers", "addresses", "programme", "reference", "listed_on")


@dataclass(frozen=True)
class Entry:
    record: str
    kind: str
    values: Mapping[str, tuple[str, ...]]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


class Entries:
    """The entries of one edition by record id, gathered one target at a time (a load
    hands its targets here as it reads them, so a comparison need not read the file
    again)."""

    def __init__(self) -> None:
        self._values: dict[str, dict[str, set[str]]] = {}
        self._kinds: dict[str, str] = {}

    def add(self, t: Target) -> None:
        """One target; a record may come in several (the EU repeats it per regulation)."""
        values = self._values.get(t.record)
        if values is None:
            values = self._values[t.record] = {f: set() for f in FIELDS}
            self._kinds[t.record] = t.kind
        values["name"].update(x for x in (_clean(t.name), _clean(t.name_local)) if x)
        values["aliases"].update(_clean(a) for a in t.aliases if _clean(a))
        values["identifiers"].update(f"{s}:{v}" for s, vs in t.ids.items() for v in vs)
        values["addresses"].update(_clean(a.text) for a in t.addresses if _clean(a.text))
        for f in t.listings:
            values["programme"].update([f.programme] if f.programme else [])
            values["reference"].update([_clean(f.reference)] if _clean(f.reference) else [])
            values["listed_on"].update([f.listed_on] if f.listed_on else [])

    def done(self) -> dict[str, Entry]:
        return {
            r: Entry(r, self._kinds[r], {k: tuple(sorted(v)) for k, v in vs.items()})
            for r, vs in self._values.items()
        }


def read_entries(fmt: str, path: Path) -> dict[str, Entry]:
    """The entries of one edition's file by record id."""
    from sanctiongraph.loaders import limits
    from sanctiongraph.loaders.registry import FORMATS
    from sanctiongraph.loaders.target import checked_targets

    gathered = Entries()
    with limits.using(None):
        for t in checked_targets(path, FORMATS[fmt].reader().targets(path)):
            gathered.add(t)
    return gathered.done()


# What a saved file of entries holds depends on the readers: another release reads again.
_SAVED_AS = f"entries-{__version__}-1.json"


def _saved_path(log: LoadLog, entry: LoadEntry) -> Path | None:
    """Beside the kept copy of an edition (named by its digest, so never stale)."""
    if not (entry.kept and entry.digest and Path(entry.kept).exists()):
        return None
    return log.kept_root / entry.digest[:16] / f"{entry.format}.{_SAVED_AS}"


def save_entries(log: LoadLog, entry: LoadEntry, entries: Mapping[str, Entry]) -> None:
    """Keep an edition's entries beside its copy: comparing two editions then reads two
    small files instead of parsing both lists again (seconds for OFAC's SDN list).
    Best effort: without the file the comparison reads the kept copy."""
    where = _saved_path(log, entry)
    if where is None:
        return
    rows = {r: [e.kind, {k: list(v) for k, v in e.values.items() if v}] for r, e in entries.items()}
    tmp = where.with_name(where.name + ".part")
    try:
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(where)
    except OSError:
        tmp.unlink(missing_ok=True)


def entries_of(log: LoadLog, entry: LoadEntry) -> dict[str, Entry]:
    """An edition's entries: the saved ones, else read from its kept copy (and saved)."""
    where = _saved_path(log, entry)
    if where is not None and where.exists():
        try:
            rows = json.loads(where.read_text(encoding="utf-8"))
            return {
                r: Entry(r, kind, {f: tuple(values.get(f, ())) for f in FIELDS})
                for r, (kind, values) in rows.items()
            }
        except (OSError, ValueError, TypeError):
            pass  # unreadable: read the copy again and save it anew
    found = read_entries(entry.format, entry.replay_path())
    save_entries(log, entry, found)
    return found


def _shown(values: Mapping[str, tuple[str, ...]], fields: Iterable[str]) -> str:
    return "; ".join(f"{f}: {' | '.join(values[f]) or '-'}" for f in fields)


def compare(
    old: Mapping[str, Entry], new: Mapping[str, Entry], removals: bool
) -> list[dict[str, Any]]:
    """Rows for every entry added, removed (when ``removals``) or amended."""
    rows: list[dict[str, Any]] = []
    for rid in sorted(set(old) | set(new)):
        a, b = old.get(rid), new.get(rid)
        fields: list[str] = []
        if a is None and b is not None:
            change, shown = "added", b
        elif b is None and a is not None:
            if not removals:
                continue
            change, shown = "removed", a
        elif a is not None and b is not None:
            fields = [f for f in FIELDS if a.values[f] != b.values[f]]
            if not fields:
                continue
            change, shown = "amended", b
        else:
            continue
        rows.append(
            {
                "change": change,
                "record": rid,
                "name": (shown.values["name"] or ("",))[0],
                "kind": shown.kind,
                "fields": ", ".join(fields),
                "old": _shown(a.values, fields) if a is not None and fields else "",
                "new": _shown(b.values, fields) if b is not None and fields else "",
            }
        )
    order = {"added": 0, "removed": 1, "amended": 2}
    rows.sort(key=lambda r: (order[r["change"]], r["name"], r["record"]))
    return rows


def _content(e: Entry) -> tuple[object, ...]:
    """What an entry says, without where it sits (its record id is a row)."""
    return (e.kind, *(e.values[f] for f in FIELDS))


def content_digest(t: Target) -> str:
    """A digest of what one target says, compared as :func:`by_content` compares entries:
    the graph keeps it per edition on a listing of a list without stable record ids
    (``Listing.contents``), so the named query ``edition-changes`` pairs that list's
    entries as ``changes`` does, by content and never by row."""
    gathered = Entries()
    gathered.add(t)
    [entry] = gathered.done().values()
    text = json.dumps(_content(entry), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def by_content(
    old: Mapping[str, Entry], new: Mapping[str, Entry], removals: bool
) -> list[dict[str, Any]]:
    """Rows for the entries of ``new`` whose exact content ``old`` lacks (added) and, when
    ``removals``, those of ``old`` that ``new`` lacks (removed): for a list whose record
    ids are rows, where matching by id would pair two different parties. Entries said
    twice count twice, as ``history`` counts them."""
    rows: list[dict[str, Any]] = []
    sides = [("added", new, Counter(_content(e) for e in old.values()))]
    if removals:
        sides.append(("removed", old, Counter(_content(e) for e in new.values())))
    for change, entries, other in sides:
        for rid in sorted(entries):
            e = entries[rid]
            c = _content(e)
            if other[c] > 0:
                other[c] -= 1
                continue
            name = (e.values["name"] or ("",))[0]
            rows.append({"change": change, "record": rid, "name": name, "kind": e.kind,
                         "fields": "", "old": "", "new": ""})  # fmt: skip
    rows.sort(key=lambda r: (r["change"] != "added", r["name"], r["record"]))
    return rows


def counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many rows of each change, in the order a summary names them."""
    found = Counter(str(r["change"]) for r in rows)
    return {c: found.get(c, 0) for c in ("added", "removed", "amended")}


def _logged(log: LoadLog, source: str) -> LoadEntry:
    sid = source if source.startswith("source:") else f"source:{source}"
    for e in log.entries():
        if e.source == sid:
            if not e.replay_path().exists():
                raise StoreError(f"{e.path} ({sid}) is no longer there and no copy was kept")
            return e
    raise StoreError(f"{sid} is not in the load log; `sanctiongraph query sources` names them")


def between(log: LoadLog, old: str, new: str) -> tuple[list[dict[str, Any]], str | None]:
    """The changes from edition ``old`` to edition ``new`` (Source ids), and a note when
    the newer edition cannot show removals."""
    a, b = _logged(log, old), _logged(log, new)
    la, lb = list_for(a.source), list_for(b.source)
    if la is None or lb is None or la.id != lb.id:
        names = (
            f"{a.source} ({la.id if la else 'no list'}), {b.source} ({lb.id if lb else 'no list'})"
        )
        raise StoreError(f"not two editions of one list: {names}")
    if a.list_date and b.list_date and a.list_date > b.list_date:
        # Refused rather than swapped: what was added would read as removed.
        raise StoreError(
            f"--from {a.source} ({a.list_date}) is newer than --to {b.source} ({b.list_date}): "
            "give the older edition to --from"
        )
    partial = newer_partial(b)
    old_entries, new_entries = entries_of(log, a), entries_of(log, b)
    if not la.stable_ids:
        rows = by_content(old_entries, new_entries, removals=not partial)
        return rows, no_ids_note(la)
    rows = compare(old_entries, new_entries, removals=not partial)
    note = f"{b.source} is a partial edition: an entry missing is not read as removed"
    return rows, note if partial else None


def edition_entries(log: LoadLog) -> Callable[[str], Mapping[str, Entry]]:
    """An edition's entries by its Source id, from ``log`` (StoreError: not there)."""
    return lambda source: entries_of(log, _logged(log, source))


def newer_partial(newer: LoadEntry) -> bool:
    return newer.partial or partial_by_name(newer.path)


def no_ids_note(lst: ListIdentity) -> str:
    return (
        f"{lst.name} has no stable record ids (its rows are renumbered): entries are matched "
        "by their exact content, so an amended entry shows as removed and added"
    )


def since(store: Store, list_name: str, day: str) -> tuple[str, str]:
    """The edition of ``list_name`` in force on ``day`` and the latest one (Source ids)."""
    lst = list_named(list_name)
    found: list[Edition] = editions_of(editions_in(store, lst))
    if len(found) < 2:
        raise StoreError(f"the store holds {len(found)} edition(s) of {lst.id}; changes need two")
    in_force = [e for e in found if e.date <= day]
    if not in_force:
        raise StoreError(
            f"no edition of {lst.id} was in force on {day}: its first in the store is of "
            f"{found[0].date} ({found[0].id})"
        )
    return in_force[-1].id, found[-1].id


HISTORY_COLUMNS = ("date", "source", "edition", "entries", "added", "removed")


def history(
    store: Store,
    list_name: str,
    entries: Callable[[str], Mapping[str, Entry]] | None = None,
) -> list[dict[str, Any]]:
    """One row per edition of ``list_name`` in the store, counted in the publisher's record
    ids (the listings' ``records``): the entries it shows, those it added (not shown by
    the edition before) and those it removed (shown before, not by this complete edition;
    a partial edition removes nothing). A list without stable ids is counted as
    ``changes`` counts it, by exact content, from ``entries`` (an edition's entries by
    its Source id: the load log's); without them its added and removed are left empty."""
    lst = list_named(list_name)
    found = editions_of(editions_in(store, lst))
    if not lst.stable_ids:
        return _history_by_content(found, entries)
    by_edition: dict[str, set[str]] = {e.id: set() for e in found}
    for row in store.listings_citing(list(by_edition)) if found else []:
        for record in row.get("records") or ():
            source, _, rid = str(record).partition("#")
            if source in by_edition:
                by_edition[source].add(rid)
    rows: list[dict[str, Any]] = []
    previous: set[str] | None = None
    for e in found:
        shown = by_edition[e.id]
        removes = previous is not None and e.complete and lst.stable_ids
        rows.append(
            {
                "date": e.date,
                "source": e.id,
                "edition": "complete" if e.complete else "partial",
                "entries": len(shown),
                "added": None if previous is None else len(shown - previous),
                "removed": len(previous - shown) if removes and previous is not None else 0,
            }
        )
        previous = shown if previous is None or e.complete else previous | shown
    return rows


def _history_by_content(
    found: list[Edition], entries: Callable[[str], Mapping[str, Entry]] | None
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    previous: Counter[tuple[object, ...]] | None = None
    for e in found:
        try:
            shown = Counter(_content(x) for x in entries(e.id).values()) if entries else None
        except StoreError:
            shown = None  # not in the load log, or its copy is gone: nothing to compare
        row: dict[str, Any] = {"date": e.date, "source": e.id,
                               "edition": "complete" if e.complete else "partial",
                               "entries": None, "added": None, "removed": None}  # fmt: skip
        if shown is not None:
            row["entries"], row["removed"] = shown.total(), 0
            if previous is not None:
                row["added"] = (shown - previous).total()
                row["removed"] = (previous - shown).total() if e.complete else 0
        rows.append(row)
        if shown is not None:
            previous = shown if previous is None or e.complete else previous | shown
    return rows
