"""``/api/cypher``: the console's read-only Cypher."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from sanctiongraph.graph.store import StoreError
from sanctiongraph.web.routes import holder

router = APIRouter(tags=["cypher"])


class CypherRequest(BaseModel):
    query: Annotated[str, Field(min_length=1, max_length=20_000)]
    params: Annotated[dict[str, Any], Field(max_length=100)] = {}


@router.post("/cypher", summary="Run read-only Cypher")
def cypher(request: Request, body: CypherRequest) -> dict[str, Any]:
    """Runs under the store's limits (time, rows) and never writes: a query that
    would write is refused with a JSON error, and the store is left as it was."""
    try:
        with holder(request).use() as store:
            rows = store.cypher(body.query, body.params, write=False)
    except StoreError as err:
        # The command line's advice (--write) has no place here: the console never writes.
        message = str(err).replace("; add --write", "; the explorer only reads")
        raise HTTPException(400, message) from None
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    return {"columns": columns, "count": len(rows), "rows": rows}
