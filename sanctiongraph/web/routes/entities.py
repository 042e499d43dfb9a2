"""``/api/entity/{id}``: an entity with its listings, offices, links, events and sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from sanctiongraph.web.routes import ID_MAX, follow_move, holder
from sanctiongraph.web.views import entity_view, is_hub

router = APIRouter(tags=["entities"])
MAX_NODES = 20_000


@router.get("/entity/{node_id:path}", summary="One entity (or any node) and its story")
def entity(request: Request, node_id: str) -> dict[str, Any]:
    if not node_id or len(node_id) > ID_MAX:
        raise HTTPException(400, f"an id is 1 to {ID_MAX} characters")
    with holder(request).use() as store:
        # An entity's story is two steps deep (listing → authority, office → country);
        # a hub's (a country, an authority) is its own neighbours, which may be many.
        g = store.subgraph([node_id], 1 if is_hub(node_id) else 2)
        if g.number_of_nodes() > MAX_NODES:
            raise HTTPException(
                400,
                f"{node_id} has {g.number_of_nodes():,} neighbours, too many to show; "
                "use a named query or the Cypher console",
            )
        if node_id not in g:
            follow_move(request, store, node_id, "/api/entity/")
            raise HTTPException(404, f"no node with id {node_id!r}")
        view = entity_view(g, node_id)
        cited = [s["id"] for s in view["sources"]]
        found = store.subgraph(cited, 0) if cited else g.subgraph([])
    view["sources"] = [
        {"id": s, "name": found.nodes[s].get("name") if s in found else s,
         "url": found.nodes[s].get("url") if s in found else None,
         "list_date": found.nodes[s].get("list_date") if s in found else None}
        for s in cited
    ]  # fmt: skip
    return view
