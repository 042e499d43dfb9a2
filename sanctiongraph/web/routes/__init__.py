"""One router per concern; each reads the store through ``request.app.state.holder``."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from fastapi import Request

if TYPE_CHECKING:
    from sanctiongraph.graph.store import Store
    from sanctiongraph.web.state import StoreHolder

# Ids hold ':' and sometimes '/' (``entity:…``); paths take them whole.
ID_MAX = 500


def holder(request: Request) -> StoreHolder:
    h: StoreHolder = request.app.state.holder
    return h


def follow_move(request: Request, store: Store, node_id: str, route: str) -> None:
    """Raise :class:`~sanctiongraph.web.app.Moved` when ``node_id`` is a key a judgement
    merged away: ``route`` (``/api/entity/``) with the key it moved to, query kept."""
    from sanctiongraph.web.app import Moved

    new = request.app.state.moved.target(node_id, lambda k: k in store.subgraph([k], 0))
    if new is None or new == node_id:
        return
    query = f"?{request.url.query}" if request.url.query else ""
    raise Moved(node_id, new, route + quote(new, safe=":") + query)
