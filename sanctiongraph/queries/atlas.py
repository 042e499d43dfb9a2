"""The response atlas: who answered which event, how fast; the same on every store.

Cypher cannot say a median, nor a difference of dates, the same way on every backend,
so the named query ``response-atlas`` returns plain rows (per event and authority: how
many listings answer it and the first designation date) and this module, the one place
for it, adds the lag in days and each authority's median lag over the events shown.

Lags are counted from the event's ``date``: its local date at the site (for a launch of
the missile catalogue, the UTC date and time converted to Pyongyang time), which is the
date the news and the lists use.

Links inferred from timing alone (``timing=N``: an authority's first listing within N
days after an event it is not linked to) are computed here when asked, never written
to the graph, and marked ``basis: timing (not cited)``; they never enter the medians.

>>> median([3, 1, 2]), median([1, 2, 3, 10]), median([])
(2, 2.5, None)
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sanctiongraph.graph.resolve import resolve
from sanctiongraph.queries import run_query

if TYPE_CHECKING:
    from sanctiongraph.graph.store import Row, Store

CITED = "cited"
TIMING = "timing (not cited)"


def median(values: Sequence[int]) -> float | int | None:
    if not values:
        return None
    m = statistics.median(values)
    return int(m) if float(m).is_integer() else m


def lag(start: str | None, end: str | None) -> int | None:
    """Days from ``start`` to ``end`` (ISO dates); None when either is unknown."""
    if not start or not end:
        return None
    return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days


@dataclass
class Atlas:
    rows: list[Row] = field(default_factory=list)
    medians: list[Row] = field(default_factory=list)


def response_atlas(
    store: Store, params: Mapping[str, Any] | None = None, timing: int | None = None
) -> Atlas:
    """Rows per event and authority with ``lag_days`` and ``basis``, and per-authority medians.

    ``params`` are those of the ``response-atlas`` query (event, type, since, until).
    """
    params = dict(params or {})
    rows: list[Row] = []
    for r in run_query(store, "response-atlas", params):
        rows.append({**r, "lag_days": lag(r["event_date"], r["first_listed"]), "basis": CITED})
    if timing is not None:
        rows += _by_timing(store, params, rows, timing)
        rows.sort(key=lambda r: (r["event_date"] or "", r["key"], r["authority"] or ""))
    lags: dict[str, list[int]] = {}
    counts: dict[str, int] = {}
    for r in rows:
        if r["basis"] == CITED:
            counts[r["authority"]] = counts.get(r["authority"], 0) + 1
            if r["lag_days"] is not None:
                lags.setdefault(r["authority"], []).append(r["lag_days"])
    medians = [
        {"authority": a, "events": counts[a], "median_lag_days": median(lags.get(a, []))}
        for a in sorted(counts)
    ]
    return Atlas(rows, medians)


def _by_timing(store: Store, params: Mapping[str, Any], cited: list[Row], days: int) -> list[Row]:
    """Each authority's first listing within ``days`` after an event it is not linked to."""
    if days < 0:
        raise ValueError("timing must be a number of days, 0 or more")
    event = params.get("event")
    events = run_query(
        store,
        "events",
        {k: params.get(k) for k in ("type", "since", "until")},
    )
    if event is not None:
        key = resolve(store, "Event", str(event))
        events = [e for e in events if e["key"] == key]
    linked = {(r["key"], r["authority"]) for r in cited}
    by_authority: dict[str, list[str]] = {}
    names = {r["short"]: r["name"] for r in _authorities(store)}
    for r in run_query(store, "designations", {}):
        if r["listed_on"]:
            name = str(names.get(r["authority"]) or r["authority"])
            by_authority.setdefault(name, []).append(r["listed_on"])
    out: list[Row] = []
    for e in events:
        if not e["date"]:
            continue
        for authority, dates in by_authority.items():
            if (e["key"], authority) in linked:
                continue
            after = [d for d in dates if 0 <= (lag(e["date"], d) or -1) <= days]
            if after:
                first = min(after)
                out.append({
                    "event": e["event"], "key": e["key"], "type": e["type"],
                    "event_date": e["date"], "authority": authority,
                    "listings": len(after), "first_listed": first,
                    "lag_days": lag(e["date"], first), "basis": TIMING,
                })  # fmt: skip
    return out


def _authorities(store: Store) -> list[Row]:
    return [
        {"short": str(r["id"]).split(":", 1)[1], "name": r.get("name")}
        for r in store.names("Authority")
    ]
