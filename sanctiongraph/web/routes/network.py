"""``/api/network/{id}`` (a neighbourhood to draw) and ``/api/path`` (between two entities)."""

from __future__ import annotations

import itertools
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from sanctiongraph.graph.records import SchemaError, label_of
from sanctiongraph.graph.resolve import resolve
from sanctiongraph.graph.store import Store
from sanctiongraph.queries import run_query
from sanctiongraph.resolution.moved import MovedKeys
from sanctiongraph.web.routes import ID_MAX, follow_move, holder
from sanctiongraph.web.views import brief, network_view, shortest_path

router = APIRouter(tags=["network"])
MAX_NODES = 2000


@router.get("/network/{node_id:path}", summary="The neighbourhood of a node, to draw")
def network(
    request: Request,
    node_id: str,
    hops: Annotated[int, Query(ge=1, le=3, description="steps from the node")] = 1,
) -> dict[str, Any]:
    """Nodes within ``hops`` steps (hubs such as countries and authorities are shown
    but not walked through) and the relationships among them, in the drawings' colours."""
    if not node_id or len(node_id) > ID_MAX:
        raise HTTPException(400, f"an id is 1 to {ID_MAX} characters")
    with holder(request).use() as store:
        g = store.subgraph([node_id], hops)
        if node_id not in g:
            follow_move(request, store, node_id, "/api/network/")
    if node_id not in g:
        raise HTTPException(404, f"no node with id {node_id!r}")
    if g.number_of_nodes() > MAX_NODES:
        raise HTTPException(
            400,
            f"{g.number_of_nodes():,} nodes are more than {MAX_NODES:,} to draw; ask fewer hops",
        )
    return {"id": node_id, "hops": hops, **network_view(g, str(g.nodes[node_id].get("name")))}


def _node(store: Store, text: str, what: str, moved: MovedKeys) -> str:
    text = text.strip()
    if text.startswith("entity:") and text not in store.subgraph([text], 0):
        # A key a judgement merged away stands for the one it moved to.
        text = moved.target(text, lambda k: k in store.subgraph([k], 0)) or text
    try:
        label = label_of(text)
    except SchemaError:
        label = "Entity"
    if label == "Entity" or ":" not in text:
        return resolve(store, "Entity", text)
    if text not in store.subgraph([text], 0):
        raise HTTPException(404, f"no node with id {text!r} ({what})")
    return text


@router.get("/path", summary="The most specific shortest path between two entities")
def path(
    request: Request,
    from_: Annotated[str, Query(alias="from", min_length=1, max_length=ID_MAX)],
    to: Annotated[str, Query(min_length=1, max_length=ID_MAX)],
    hubs: Annotated[bool, Query(description="walk through countries, authorities, …")] = False,
    max_hops: Annotated[int, Query(ge=1, le=8)] = 8,
) -> dict[str, Any]:
    """Relationships in either direction; countries, authorities, sources, events and
    places are not walked through unless ``hubs=true`` (``Store.CONNECTION_HUBS``).

    Between two entities this is the named query ``connection-path``: its first row, the
    most specific of the shortest paths, with the kind of ``link`` it is and how many
    shortest paths there are. Between other nodes (a country's key, say), a breadth-first
    search under the same hub rule."""
    link, paths = None, 0
    with holder(request).use() as store:
        moved = request.app.state.moved
        start, goal = _node(store, from_, "from", moved), _node(store, to, "to", moved)
        if start != goal and label_of(start) == label_of(goal) == "Entity":
            asked = {"entity_a": start, "entity_b": goal, "max_hops": max_hops, "hubs": hubs}
            rows = run_query(store, "connection-path", asked)
            ids = list(rows[0]["keys"]) if rows else []
            link, paths = (rows[0]["link"], len(rows)) if rows else (None, 0)
        else:
            ids = shortest_path(store, start, goal, hubs, max_hops)
        g = store.subgraph(ids, 0) if ids else None
    if not ids or g is None:
        return {"from": start, "to": goal, "hubs": hubs, "found": False, "hops": None,
                "link": None, "paths": 0, "nodes": [], "steps": [], "graph": None}  # fmt: skip
    steps = []
    for a, b in itertools.pairwise(ids):
        types = sorted({k for u, v, k in g.edges(keys=True) if {u, v} == {a, b}})
        forward = g.has_edge(a, b)
        steps.append({"from": a, "to": b, "relationships": types, "forward": forward})
    return {
        "from": start, "to": goal, "hubs": hubs, "found": True, "hops": len(ids) - 1,
        "link": link, "paths": paths or 1,
        "nodes": [brief(g, n) for n in ids], "steps": steps,
        "graph": network_view(g, "path"),
    }  # fmt: skip
