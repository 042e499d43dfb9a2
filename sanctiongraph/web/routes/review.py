"""``/api/review/…``: the review queue, one pair side by side, judge, undo, apply.

The explorer's only writes, and only when started with ``serve --review``: without
it every route here but ``status`` answers 403. A write is a POST of JSON from a
page of this server: the Origin header must be there and name one of the hosts
the server answers (a page of another site, or a request with no Origin at all,
is refused), so a site open in the same browser cannot judge in the reviewer's
name. Values reach the store only as the keys of a look-up, never as query text.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from sanctiongraph.web.review import ReviewDesk, ReviewError, evidence, side
from sanctiongraph.web.routes import ID_MAX, holder

router = APIRouter(prefix="/review", tags=["review"])
PAGE_MAX = 500

Key = Annotated[str, Field(min_length=1, max_length=ID_MAX)]


def desk(request: Request) -> ReviewDesk:
    """The review desk, or 403 when the explorer was started without ``--review``."""
    d: ReviewDesk | None = request.app.state.review
    if d is None:
        raise HTTPException(
            403, "reviewing is off: start the explorer with `sanctiongraph serve --review`"
        )
    return d


def write_check(request: Request, d: Annotated[ReviewDesk, Depends(desk)]) -> ReviewDesk:
    """A write comes from a page of this server (Origin) and sends JSON."""
    from sanctiongraph.web.app import origin_allowed

    origin = request.headers.get("origin")
    if origin is None:
        raise HTTPException(403, "a review write needs the Origin header of this server's page")
    if not origin_allowed(origin, request.app.state.hosts):
        raise HTTPException(403, "requests from pages of other sites are refused")
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != "application/json":
        raise HTTPException(415, "send the request as JSON (Content-Type: application/json)")
    return d


Reader = Annotated[ReviewDesk, Depends(desk)]
Writer = Annotated[ReviewDesk, Depends(write_check)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JudgeBody(Body):
    a: Key
    b: Key
    verdict: Literal["same", "different", "unsure"]


class UndoBody(Body):
    a: Key  # the records of the judgement, as the judge answer gave them
    b: Key


class ApplyBody(Body):
    pass


def _fail(err: ReviewError) -> HTTPException:
    return HTTPException(err.status, str(err))


@router.get("/status", summary="Is reviewing on; who judges; judgements not applied yet")
def status(request: Request) -> dict[str, Any]:
    d: ReviewDesk | None = request.app.state.review
    if d is None:
        return {"enabled": False}
    h = holder(request)
    with h.use() as store:
        pending = d.to_apply(store, h.version, d.judgements())
    return {
        "enabled": True,
        "who": d.who or _login(),
        "resolver": str(d.resolver),
        "to_apply": pending,
    }


def _login() -> str:
    from sanctiongraph.resolution.judgements import _user

    return _user()


@router.get("/queue", summary="Candidate pairs to judge, best first (as `matches`)")
def review_queue(
    request: Request,
    d: Reader,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    min_score: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    authority: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    h = holder(request)
    with h.use() as store:
        judgements = d.judgements()
        pairs, info = d.pending(
            store, h.version, judgements, min_score=min_score, kind=kind or None,
            authority=authority or None,
        )  # fmt: skip
        to_apply = d.to_apply(store, h.version, judgements)
    rows = [p.as_row(info) for p in pairs[offset : offset + limit]]
    return {"total": len(pairs), "offset": offset, "limit": limit, "rows": rows,
            "to_apply": to_apply}  # fmt: skip


@router.get("/pair", summary="One candidate pair side by side, with the evidence")
def review_pair(request: Request, d: Reader, a: Key, b: Key) -> dict[str, Any]:
    h = holder(request)
    with h.use() as store:
        try:
            pair, _ = d.find(store, h.version, a, b)
        except ReviewError as err:
            raise _fail(err) from None
        g = store.subgraph([pair.a, pair.b], 2)
        cited = sorted({str(r).partition("#")[0] for n in (pair.a, pair.b)
                        for r in g.nodes[n].get("records") or ()})  # fmt: skip
        found = store.subgraph(cited, 0) if cited else g.subgraph([])
    sources = {
        s: {k: found.nodes[s].get(k) for k in ("name", "list_date", "url")}
        for s in cited
        if s in found
    }
    return {
        "a": side(g, pair.a, sources),
        "b": side(g, pair.b, sources),
        "records": {"a": pair.record_a, "b": pair.record_b},
        "evidence": evidence(g, pair),
    }


@router.get("/statements", summary="What each record of a pair says, read from its list")
def review_statements(request: Request, d: Reader, a: Key, b: Key) -> dict[str, Any]:
    """Read from the copies of the files the loads kept (slower than ``pair`` on large
    files, so asked for apart)."""
    from sanctiongraph.resolution.provenance import record_statements

    h = holder(request)
    with h.use() as store:
        try:
            pair, _ = d.find(store, h.version, a, b)
        except ReviewError as err:
            raise _fail(err) from None
        _, info = d.known(store, h.version)
        sides = {x: list(info[x]["records"]) for x in (pair.a, pair.b)}
    out: dict[str, Any] = {}
    for key, records in sides.items():
        found, missing = record_statements(d.log, records)
        out[key] = {"statements": [s.as_row() for s in found], "not_kept": missing}
    return {"a": out[pair.a], "b": out[pair.b]}


@router.post("/judge", summary="Judge a pending pair same, different or unsure")
def judge(request: Request, d: Writer, body: JudgeBody) -> dict[str, Any]:
    """Recorded at once in the resolver file (with who and when); the graph follows on
    apply. The pair leaves the queue."""
    h = holder(request)
    with h.use() as store:
        try:
            pair, judgements = d.find(store, h.version, body.a, body.b)
        except ReviewError as err:
            raise _fail(err) from None
        j = judgements.judge(pair.record_a, pair.record_b, body.verdict, who=d.who)
        to_apply = d.to_apply(store, h.version, judgements)
    return {"a": j.a, "b": j.b, "verdict": j.verdict, "who": j.who, "when": j.when,
            "entities": [pair.a, pair.b], "to_apply": to_apply}  # fmt: skip


@router.post("/undo", summary="Withdraw the standing judgement on two records")
def undo(request: Request, d: Writer, body: UndoBody) -> dict[str, Any]:
    h = holder(request)
    with h.use() as store:
        judgements = d.judgements()
        try:
            j = judgements.undo(body.a, body.b, who=d.who)
        except KeyError:
            raise HTTPException(
                404, f"no standing judgement on {body.a} / {body.b} to undo"
            ) from None
        to_apply = d.to_apply(store, h.version, judgements)
    return {"a": j.a, "b": j.b, "verdict": j.verdict, "who": j.who, "when": j.when,
            "to_apply": to_apply}  # fmt: skip


@router.post("/apply", summary="Update the graph with every judgement, in one batch")
def apply(request: Request, d: Writer, body: ApplyBody) -> dict[str, Any]:
    h = holder(request)
    with h.use() as store:
        try:
            return d.apply(store, h.version)
        except ReviewError as err:
            raise _fail(err) from None
