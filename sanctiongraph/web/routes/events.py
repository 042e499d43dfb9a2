"""``/api/events``: the events in the graph and the listings that answered them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request

from sanctiongraph.web.routes import holder
from sanctiongraph.web.views import brief

router = APIRouter(tags=["events"])


def _days(since: Any, until: Any) -> int | None:
    try:
        return (dt.date.fromisoformat(str(until)) - dt.date.fromisoformat(str(since))).days
    except ValueError:
        return None


@router.get("/events", summary="Events and the listings that answered them")
def events(request: Request) -> dict[str, Any]:
    """Each event with the listings that respond to it (``RESPONDS_TO``), by date, with
    the authority, the listed entity and the days from the event to the listing."""
    with holder(request).use() as store:
        ids = sorted(str(r["id"]) for r in store.names("Event"))
        g = store.subgraph(ids, 2) if ids else None
    out = []
    for ev in ids:
        if g is None or ev not in g:
            continue
        a = g.nodes[ev]
        answers = []
        for lst, _, k, ra in g.in_edges(ev, keys=True, data=True):
            if k != "RESPONDS_TO":
                continue
            la = g.nodes[lst]
            authority = next((u for u, _, k2 in g.in_edges(lst, keys=True) if k2 == "ISSUED"), None)
            for _, e, k2 in g.out_edges(lst, keys=True):
                if k2 != "TARGETS":
                    continue
                answers.append({
                    "listing": lst, "listed_on": la.get("listed_on"),
                    "days_after": _days(a.get("date"), la.get("listed_on")),
                    "authority": brief(g, authority) if authority else None,
                    "entity": brief(g, e), "basis": ra.get("basis"), "via": ra.get("via"),
                })  # fmt: skip
        answers.sort(key=lambda x: (str(x["listed_on"]), str((x["authority"] or {}).get("name")),
                                    x["entity"]["name"]))  # fmt: skip
        out.append({**brief(g, ev), "type": a.get("type"), "date": a.get("date"),
                    "sources": a.get("sources") or [], "responses": answers})  # fmt: skip
    out.sort(key=lambda x: (str(x["date"]), x["id"]))
    return {"count": len(out), "events": out}
