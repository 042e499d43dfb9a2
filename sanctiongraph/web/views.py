"""What the API answers, computed from a small part of the graph (networkx).

The routes read only the neighbourhood they need (``Store.subgraph``, which does
not walk through hubs) and these functions turn it into JSON-ready dicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from sanctiongraph.graph.records import SchemaError, amended, label_of
from sanctiongraph.graph.schema import cited_by
from sanctiongraph.graph.store import Store
from sanctiongraph.viz.html import graph_data

# ``stated`` is each record's values as JSON, shown instead as ``amended`` (what an
# entry's newer edition replaced).
_HIDDEN = {"match_names", "label", "stated"}
_LISTING_PROPS = ("listed_on", "programme", "reference", "status", "delisted_on", "observed_on")


def presence(listing: dict[str, Any]) -> dict[str, Any]:
    """A listing's intervals of presence as its list's editions show them (``intervals``:
    each ``from`` and ``until``, exclusive, None while it lasts), with the newest edition
    date that showed it and the editions that no longer did; empty for a listing of a
    file that is not an edition."""
    starts = sorted(str(d) for d in listing.get("present_from") or ())
    ends = sorted(str(d) for d in listing.get("present_until") or ())
    # Intervals never overlap, so the n-th start pairs with the n-th end.
    return {
        "intervals": [
            {"from": d, "until": ends[i] if i < len(ends) else None} for i, d in enumerate(starts)
        ],
        "last_seen_on": listing.get("last_seen_on"),
        "removed_by": sorted(str(x) for x in listing.get("removed_by") or ()),
    }


# A path search stops when a frontier grows past this many nodes (a hub-rich graph).
PATH_FRONTIER_LIMIT = 50_000


def props(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in sorted(attrs.items()) if k not in _HIDDEN}


def brief(g: nx.MultiDiGraph, n: str) -> dict[str, Any]:
    a = g.nodes[n]
    return {"id": n, "label": a.get("label"), "name": a.get("name") or n, "kind": a.get("kind")}


def _provenance(attrs: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "sources": list(attrs.get("sources") or []),
        "records": list(attrs.get("records") or []),
    }


def _edge_provenance(g: nx.MultiDiGraph, u: str, v: str, k: str) -> dict[str, list[str]]:
    """A relationship's sources and records: its own, or those of the end node the
    schema cites it by (``graph.schema.cited_by``)."""
    by = cited_by(k, u, v)
    return _provenance(g.nodes[by] if by is not None else g.edges[u, v, k])


def entity_view(g: nx.MultiDiGraph, eid: str) -> dict[str, Any]:
    """An entity (or any node) with its listings by authority, offices by country,
    linked entities, the events its listings answer and every fact with its sources
    (``sources`` holds their ids; the route adds their names)."""
    a = g.nodes[eid]
    listings: dict[str, dict[str, Any]] = {}
    offices: dict[str, dict[str, Any]] = {}
    linked: list[dict[str, Any]] = []
    events: dict[str, dict[str, Any]] = {}
    facts: list[dict[str, Any]] = [
        {"fact": f"{a.get('label')} {a.get('name') or eid}", **_provenance(a)}
    ]
    seats = []
    for _, m, k, ea in g.out_edges(eid, keys=True, data=True):
        facts.append(
            {
                "fact": f"{k} → {g.nodes[m].get('name') or m}",
                "to": m,
                **_edge_provenance(g, eid, m, k),
            }
        )
        if k == "HAS_BRANCH":
            b = g.nodes[m]
            country = next(
                (c for _, c, k2 in g.out_edges(m, keys=True) if k2 == "LOCATED_IN"), None
            )
            cname = g.nodes[country].get("name") if country else b.get("country_code")
            group = offices.setdefault(
                country or f"country:{b.get('country_code')}",
                {"country": country, "name": cname or "(country unknown)", "offices": []},
            )
            group["offices"].append(
                {
                    "id": m,
                    **{p: b.get(p) for p in ("name", "role", "address", "city")},
                    **_provenance(ea),
                }
            )
        elif k == "HEADQUARTERED_IN":
            seats.append(brief(g, m))
        elif k == "LINKED_TO":
            linked.append(
                {**brief(g, m), "role": ea.get("role"), "direction": "out", **_provenance(ea)}
            )
    for m, _, k, ea in g.in_edges(eid, keys=True, data=True):
        facts.append(
            {
                "fact": f"{g.nodes[m].get('name') or m} {k} →",
                "from": m,
                **_edge_provenance(g, m, eid, k),
            }
        )
        if k == "LINKED_TO":
            linked.append(
                {**brief(g, m), "role": ea.get("role"), "direction": "in", **_provenance(ea)}
            )
        elif k == "TARGETS":
            la = g.nodes[m]
            authority = next((u for u, _, k2 in g.in_edges(m, keys=True) if k2 == "ISSUED"), None)
            aname = g.nodes[authority].get("name") if authority else None
            group = listings.setdefault(
                authority or "",
                {"authority": authority, "name": aname or "(authority unknown)", "listings": []},
            )
            answered = []
            for _, ev, k2, ra in g.out_edges(m, keys=True, data=True):
                if k2 in ("RESPONDS_TO", "TIMED_WITH") and g.nodes[ev].get("label") == "Event":
                    answered.append({**brief(g, ev), "relationship": k2, "basis": ra.get("basis")})
                    e = events.setdefault(
                        ev, {**brief(g, ev), "date": g.nodes[ev].get("date"), "listings": []}
                    )
                    e["listings"].append(
                        {
                            "id": m,
                            "relationship": k2,
                            "basis": ra.get("basis"),
                            "authority": aname,
                            "listed_on": la.get("listed_on"),
                        }
                    )
            group["listings"].append(
                {
                    "id": m,
                    **{p: la.get(p) for p in _LISTING_PROPS},
                    **presence(la),
                    "match_confidence": ea.get("match_confidence"),
                    "match_basis": ea.get("match_basis"),
                    "events": answered,
                    **_provenance(la),
                }
            )
    for group in listings.values():
        group["listings"].sort(
            key=lambda x: (x["listed_on"] is None, x["listed_on"] or "", x["id"])
        )
    facts[1:] = sorted(facts[1:], key=lambda f: str(f["fact"]))
    cited = sorted({s for f in facts for s in f["sources"]})
    return {
        "id": eid,
        "label": a.get("label"),
        "name": a.get("name") or eid,
        "kind": a.get("kind"),
        "props": props(a),
        # Values of an entry's older edition its list has since amended: history, kept
        # among the entity's values only where another record still gives them
        # (graph.records.merge_props).
        "amended": amended([str(x) for x in a.get("stated") or ()]),
        "seat": seats,
        "listings": sorted(listings.values(), key=lambda x: str(x["name"])),
        "offices": sorted(offices.values(), key=lambda x: str(x["name"])),
        "linked": sorted(linked, key=lambda x: str(x["name"])),
        "events": sorted(events.values(), key=lambda x: (str(x.get("date")), x["id"])),
        "facts": facts,
        "sources": [{"id": s} for s in cited],
    }


def network_view(g: nx.MultiDiGraph, title: str) -> dict[str, Any]:
    """Nodes and edges in the drawings' palette (see ``viz/style.py``)."""
    return graph_data(g, title)


def shortest_path(store: Store, start: str, goal: str, hubs: bool, max_hops: int) -> list[str]:
    """A shortest path between two nodes over relationships in either direction,
    through hubs only if ``hubs``; [] when there is none within ``max_hops``.

    A breadth-first search from both ends, each step reading only the frontier's
    neighbours from the store."""
    if start == goal:
        return [start]
    parents: tuple[dict[str, str | None], dict[str, str | None]] = ({start: None}, {goal: None})
    frontiers: tuple[set[str], set[str]] = ({start}, {goal})
    for _ in range(max_hops):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        here, there = parents[side], parents[1 - side]
        walk = sorted(frontiers[side])
        if not walk:
            return []
        g = store.subgraph(walk, 1)
        found: set[str] = set()
        for n in walk:
            if n not in g:
                continue
            for m in _neighbours(g, n):
                if m in here or (not hubs and m not in (start, goal) and is_hub(m)):
                    continue
                here[m] = n
                found.add(m)
                if m in there:
                    return _join(parents, m)
        if not found or len(found) > PATH_FRONTIER_LIMIT:
            return []
        frontiers = (found, frontiers[1]) if side == 0 else (frontiers[0], found)
    return []


def is_hub(node_id: str) -> bool:
    """A node a path does not walk through unless hubs are allowed: the named query
    connection-path's rule (``Store.CONNECTION_HUBS``)."""
    try:
        return label_of(node_id) in Store.CONNECTION_HUBS
    except SchemaError:
        return False


def _neighbours(g: nx.MultiDiGraph, n: str) -> Iterable[str]:
    return sorted({*g.successors(n), *g.predecessors(n)})


def _join(parents: tuple[dict[str, str | None], dict[str, str | None]], meet: str) -> list[str]:
    left: list[str] = []
    n: str | None = meet
    while n is not None:
        left.append(n)
        n = parents[0][n]
    right: list[str] = []
    n = parents[1][meet]
    while n is not None:
        right.append(n)
        n = parents[1][n]
    return [*reversed(left), *right]
