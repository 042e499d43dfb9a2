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
    ['source:us-undated', 'source:uk-2018', 'source:un-2018']
    """
    r = rank(e.format)
    if r == LIST:
        # An undated list comes first ("" sorts before every ISO date). Its file says
        # nothing of when it was published, so any place among the dated lists is a
        # convention; this is the one that costs least. Dated editions keep arriving
        # (``fetch`` adds one per list and week), each after everything already
        # loaded, so they append. Placed last (as before), an undated file sat after
        # every later edition and each of them re-derived the whole store; placed
        # first, only the undated file itself, when it arrives after dated lists,
        # costs one replay, as any older vintage does. No presence interval depends on
        # it: an undated file is no edition of a list (loaders.editions).
        return (r, e.list_date or "", e.source, e.seq)
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
