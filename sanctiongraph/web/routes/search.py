"""``/api/search``: entities by name or alias, ranked by closeness."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from sanctiongraph.web.index import Doc
from sanctiongraph.web.routes import holder

router = APIRouter(tags=["search"])


def _named(ids: tuple[str, ...], value: str | None, names: dict[str, str]) -> bool:
    """Whether one of ``ids`` is ``value``: its key, the key's tail (``jp``, ``DE``) or name."""
    if not value:
        return True
    want = value.strip().casefold()
    return any(
        want in (i.casefold(), i.split(":", 1)[-1].casefold(), names.get(i, "").casefold())
        for i in ids
    )


def _keep(doc: Doc, kind: str | None, authority: str | None, country: str | None,
          names: dict[str, str]) -> bool:  # fmt: skip
    if kind and (doc.kind or "").casefold() != kind.strip().casefold():
        return False
    return _named(doc.authorities, authority, names) and _named(doc.countries, country, names)


@router.get("/search", summary="Search entities by name or alias")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="words of a name")],
    kind: Annotated[str | None, Query(max_length=40, description="organization, person, …")] = None,
    authority: Annotated[
        str | None, Query(max_length=200, description="jp, us, … or a name")
    ] = None,
    country: Annotated[str | None, Query(max_length=200, description="ISO code or name")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Word-prefix and fuzzy matching, case-, accent- and script-insensitive (a Latin
    query finds a Korean or Japanese name through transliteration)."""
    h = holder(request)
    with h.use():
        index = h.index()
        names = h.hub_names()
        keep = None
        if kind or authority or country:
            keep = [
                i for i, d in enumerate(index.docs) if _keep(d, kind, authority, country, names)
            ]
        hits = index.search(q, limit, keep)
    return {
        "query": q,
        "count": len(hits),
        "results": [
            {
                "id": hit.doc.id,
                "name": hit.doc.name,
                "matched": hit.matched,
                "score": hit.score,
                "kind": hit.doc.kind,
                "authorities": [{"id": a, "name": names.get(a, a)} for a in hit.doc.authorities],
                "countries": [{"id": c, "name": names.get(c, c)} for c in hit.doc.countries],
            }
            for hit in hits
        ],
    }
