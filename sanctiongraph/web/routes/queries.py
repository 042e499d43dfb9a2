"""``/api/queries``: the named queries, their parameters, and running one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from sanctiongraph.queries import _DEFAULTS, QUERIES, NamedQuery, get_query, run_query
from sanctiongraph.web.routes import holder

router = APIRouter(tags=["queries"])
MAX_VALUE = 1000


def describe(q: NamedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "purpose": q.purpose,
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "optional": p.optional,
                "doc": p.doc,
                "default": _DEFAULTS.get((q.name, p.name)),
            }
            for p in q.params
        ],
        "columns": list(q.columns),
    }


@router.get("/queries", summary="The named queries with their parameters")
def list_queries() -> dict[str, Any]:
    return {"queries": [describe(q) for _, q in sorted(QUERIES.items())]}


@router.get("/queries/{name}", summary="Run a named query; its parameters in the query string")
def run(request: Request, name: str) -> dict[str, Any]:
    """Parameters as a user types them (a name or key for an entity, YYYY-MM-DD for a
    date); they reach the query only as parameters. Unknown ones are refused."""
    query = get_query(name)
    params: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in params:
            raise HTTPException(400, f"parameter {key} is given twice")
        if len(value) > MAX_VALUE:
            raise HTTPException(400, f"parameter {key} is longer than {MAX_VALUE} characters")
        params[key] = value
    with holder(request).use() as store:
        rows = run_query(store, name, params)
    return {**describe(query), "given": params, "count": len(rows), "rows": rows}
