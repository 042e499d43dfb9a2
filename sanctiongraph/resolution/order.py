"""The canonical order of a store's loads (see :mod:`sanctiongraph.ingest.canonical` for why).

Its own module because both the incremental load (:mod:`sanctiongraph.ingest.canonical`)
and the replay (:mod:`sanctiongraph.ingest.rebuild`) sort by it, and the load calls the
replay; it stays in resolution since what it orders is which records a match sees first.
"""

from __future__ import annotations

from collections.abc import Sequence

from sanctiongraph.resolution.history import LoadEntry

CURATED, LIST, EVENTS = 0, 1, 2


def rank(fmt: str) -> int:
    """Which part of the canonical order a format's files take."""
    from sanctiongraph.loaders.registry import FORMATS

    if fmt == "curated":
        return CURATED
    # A reader that records something other than targets (the missile-test
    # catalogue's events) never goes through the matcher.
    if getattr(FORMATS[fmt].reader(), "RECORD_LABEL", None):
        return EVENTS
    return LIST


def order_key(e: LoadEntry) -> tuple[int, str, str, int]:
    """The canonical position of a logged load.

    >>> a = LoadEntry("un-xml", "/a", "source:un-2018", "t", "2018-10-29", "", 5)
    >>> b = LoadEntry("uk-csv", "/b", "source:uk-2018", "t", "2018-04-13", "", 1)
    >>> u = LoadEntry("ofac-csv", "/c", "source:us-undated", "t", "", "", 0)
    >>> [x.source for x in sorted([a, u, b], key=order_key)]
    ['source:uk-2018', 'source:un-2018', 'source:us-undated']
    """
    r = rank(e.format)
    if r == LIST:
        # "~" sorts after every ISO date: undated lists come last.
        return (r, e.list_date or "~", e.source, e.seq)
    return (r, "", "", e.seq)


def canonical(entries: Sequence[LoadEntry]) -> list[LoadEntry]:
    """``entries`` in the canonical order (files given together load in it: no replay)."""
    return sorted(entries, key=order_key)


def out_of_order(entries: Sequence[LoadEntry], new: LoadEntry) -> bool:
    """Would ``new``, loaded now, land before a list already loaded?"""
    if rank(new.format) == EVENTS:
        return False
    mine = order_key(new)
    return any(rank(e.format) != EVENTS and order_key(e) > mine for e in entries)
