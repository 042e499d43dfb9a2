"""Editions: which list a file is an edition of, and a listing's presence read from them.

The lists are declared once in ``sanctiongraph/data/lists.yaml``. A file whose
Source id begins as one of a list's declares it is an edition of that list, dated
by its ``list_date``. Loading an edition adds to each listing of the list the
boundaries of its intervals of presence (``present_from``, ``present_until`` on Listing):

* shown by the edition and not present just before: an interval starts, on the
  publisher's date of designation when that falls after the last complete edition
  without the entry (and not after this one), else on this edition's date;
* present before, absent from this *complete* edition of a list with stable record
  ids: the interval ends on this edition's date (``removed_by`` names it), unless
  the publisher gave a date of delisting, which ends it instead;
* a partial edition (``load --partial``, a file whose name says it is truncated)
  and a list without stable ids (Japan's MOF and METI lists) imply no removal.

Boundaries only ever grow while editions arrive in publication order, which the
load log keeps (an older edition loaded after newer ones re-derives the store in
publication order: ``ingest.canonical``), so the store's merge of lists is all
the write needs and loading an edition twice adds nothing.

>>> list_for("source:unsc-consolidated-2018-10-29").id
'un-sc-consolidated'
>>> list_for("seed") is None
True
>>> present_on(["2018-10-29", "2027-01-05"], ["2026-02-27"], "2026-03-01")
False
>>> present_on(["2018-10-29", "2027-01-05"], ["2026-02-27"], "2027-01-05")
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from sanctiongraph.graph.records import Node, node

PARTIAL_WORDS = ("truncated", "partial")


@dataclass(frozen=True)
class ListIdentity:
    """One published list; its editions are the files whose Source ids begin so."""

    id: str
    name: str
    authority: str
    sources: tuple[str, ...]
    record_id: str | None
    formats: tuple[str, ...] = ()

    @property
    def stable_ids(self) -> bool:
        """Whether an entry missing from a complete edition was removed (its id is the
        publisher's stable record id) rather than renumbered."""
        return self.record_id is not None


@cache
def lists() -> tuple[ListIdentity, ...]:
    import yaml

    text = resources.files("sanctiongraph.data").joinpath("lists.yaml").read_text("utf-8")
    return tuple(
        ListIdentity(
            id=str(d["id"]),
            name=str(d["name"]),
            authority=str(d["authority"]),
            sources=tuple(str(s) for s in d["sources"]),
            record_id=d.get("record_id"),
            formats=tuple(str(f) for f in d.get("formats") or ()),
        )
        for d in yaml.safe_load(text)
    )


def list_named(name: str) -> ListIdentity:
    for lst in lists():
        if lst.id == name:
            return lst
    known = ", ".join(x.id for x in lists())
    of = [x.id for x in lists() if name in x.formats]
    if of:
        raise ValueError(
            f"{name} is a format (`load` and `fetch` take formats); this command takes a "
            f"list: {' or '.join(of)} (the lists are: {known})"
        )
    raise ValueError(f"no list {name!r}; the lists are: {known}")


def formats_of(name: str) -> tuple[str, ...] | None:
    """The formats of list ``name`` (None: no such list)."""
    return next((x.formats for x in lists() if x.id == name), None)


# Asked for every record of every candidate a load compares (900,000 times for one
# OFAC edition into a million-entity store): the answer depends on the id alone.
@lru_cache(maxsize=4096)
def list_for(source_id: str) -> ListIdentity | None:
    """The list a Source is an edition of, from its id."""
    bare = source_id.removeprefix("source:")
    for lst in lists():
        if any(bare.startswith(p) for p in lst.sources):
            return lst
    return None


def partial_by_name(path: str | Path) -> bool:
    """A file whose name says it holds part of its list (the shared EU export was cut
    at 1,044 entities and is named ``..._TRUNCATED_first1044.xml``)."""
    low = Path(path).name.lower()
    return any(w in low for w in PARTIAL_WORDS)


def present_on(starts: Sequence[str] | None, ends: Sequence[str] | None, day: str) -> bool:
    """Whether a listing with these boundaries was listed on ``day`` (ISO dates)."""
    begun = sum(1 for s in starts or () if s <= day)
    ended = sum(1 for e in ends or () if e <= day)
    return begun > ended


@dataclass(frozen=True)
class Edition:
    id: str
    date: str
    complete: bool


@dataclass
class ListingState:
    id: str
    sources: list[str]
    starts: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    last_seen_on: str | None = None
    # The publisher's record ids of the list's editions that showed it.
    record_ids: set[str] = field(default_factory=set)

    @property
    def open(self) -> bool:
        return len(self.starts) > len(self.ends)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    to_native = getattr(value, "to_native", None)  # neo4j.time.Date
    if to_native is not None:
        return str(to_native().isoformat())
    return str(value)[:10]


@dataclass
class EditionUpdate:
    """What loading one edition adds to the listings of its list."""

    lst: ListIdentity
    edition: Edition
    before: list[Edition]  # the list's other editions in the store
    listings: dict[str, ListingState]  # listings citing any of them
    seen: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    records: set[str] = field(default_factory=set)  # the record ids this edition shows

    @classmethod
    def read(
        cls, store: Any, source_id: str, date: str | None, complete: bool
    ) -> EditionUpdate | None:
        """The state of ``source_id``'s list in ``store`` (None: not an edition, or undated)."""
        lst = list_for(source_id)
        if lst is None or not date:
            return None
        edition = Edition(source_id, date, complete)
        before = [
            Edition(str(r["id"]), str(_iso(r["list_date"])), r.get("edition") != "partial")
            for r in editions_in(store, lst)
            if r["id"] != source_id
        ]
        # This edition too: loaded again, its listings are known with what it wrote.
        ids = [e.id for e in before] + [source_id]
        listings = {
            str(r["id"]): ListingState(
                str(r["id"]),
                list(r.get("sources") or []),
                sorted(r.get("present_from") or []),
                sorted(r.get("present_until") or []),
                _iso(r.get("last_seen_on")),
                {
                    rid
                    for rec in r.get("records") or ()
                    for src, _, rid in [str(rec).partition("#")]
                    if src in ids
                },
            )
            for r in store.listings_citing(ids)
        }
        return cls(lst, edition, before, listings)

    def saw(
        self, listing: str, listed_on: str | None, delisted_on: str | None, record: str
    ) -> None:
        self.records.add(record)
        if listing not in self.seen:
            self.seen[listing] = (listed_on, delisted_on)

    def updates(self) -> Iterator[Node]:
        e = self.edition
        earlier = [b for b in self.before if b.date < e.date]
        last_complete = max((b.date for b in earlier if b.complete), default=None)
        for lid, (listed_on, delisted_on) in sorted(self.seen.items()):
            state = self.listings.get(lid) or ListingState(lid, [])
            newest = max(e.date, state.last_seen_on or "")
            # observed_on too: the builder wrote this file's date, older when an older
            # edition is read again.
            props: dict[str, object] = {"last_seen_on": newest, "observed_on": newest}
            legacy = self._legacy_start(state, listed_on)
            if legacy is not None:
                props["present_from"] = [legacy]
            elif not state.open and not self._started_here(state):
                start = e.date
                gap_from = max(filter(None, (last_complete, *state.ends)), default=None)
                if listed_on and listed_on <= e.date and (gap_from is None or listed_on > gap_from):
                    start = listed_on
                props["present_from"] = [start]
                if delisted_on and delisted_on >= start:
                    props["present_until"] = [delisted_on]
            elif delisted_on and state.open and delisted_on not in state.ends:
                props["present_until"] = [delisted_on]
            gone_by = self._next_without(lid, state)
            if gone_by is not None and "present_until" not in props:
                props["present_until"], props["removed_by"] = [gone_by.date], [gone_by.id]
            yield node("Listing", lid, props, {"sources": [e.id], "records": []})
        if not (e.complete and self.lst.stable_ids):
            return
        if any(b.date > e.date for b in self.before):
            return  # not the newest edition: the load log replays editions in order
        for lid, state in sorted(self.listings.items()):
            legacy = self._legacy_start(state, None)
            if lid in self.seen or not (state.open or legacy):
                continue
            props = {"present_until": [e.date], "present_from": [legacy] if legacy else []}
            # The entry may still be there under another listing (its programme renamed,
            # as the UK renamed its regimes): this listing ends, the entry was not removed.
            if not state.record_ids & self.records:
                props["removed_by"] = [e.id]
            # Cite what already cites it: the removal is not a showing by this edition.
            yield node("Listing", lid, props, {"sources": state.sources[:1], "records": []})

    def _next_without(self, lid: str, state: ListingState) -> Edition | None:
        """The next complete edition after this one, when it is in the store already and
        does not show the listing (an older edition loaded after it, outside the load log,
        which would re-derive the store in order): the interval ends there."""
        if not self.lst.stable_ids:
            return None
        later = [b for b in self.before if b.date > self.edition.date and b.complete]
        if not later:
            return None
        nxt = min(later, key=lambda b: b.date)
        if nxt.id in state.sources or nxt.date in state.ends:
            return None
        return nxt

    def _legacy_start(self, state: ListingState, listed_on: str | None) -> str | None:
        """A listing of a store written before editions (no intervals, cited by earlier
        editions of this list): its interval begins with the first edition citing it, or
        on its date of designation when that is earlier."""
        if state.starts:
            return None
        cited = [
            b.date for b in self.before if b.id in state.sources and b.date < self.edition.date
        ]
        if not cited:
            return None
        first = min(cited)
        return listed_on if listed_on and listed_on <= first else first

    def _started_here(self, state: ListingState) -> bool:
        """Loaded again: the interval this edition began is already written."""
        return self.edition.id in state.sources and bool(state.starts)


def editions_in(store: Any, lst: ListIdentity) -> list[dict[str, Any]]:
    """The Sources of ``store`` that are dated editions of ``lst``."""
    return [
        r
        for r in store.sources_dated()
        if r.get("list_date") is not None and (found := list_for(str(r["id"]))) and found == lst
    ]


def editions_of(rows: Iterable[dict[str, Any]]) -> list[Edition]:
    return sorted(
        (
            Edition(str(r["id"]), str(_iso(r["list_date"])), r.get("edition") != "partial")
            for r in rows
            if r.get("list_date") is not None
        ),
        key=lambda x: (x.date, x.id),
    )
