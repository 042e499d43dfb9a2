"""The explorer's application: one factory, a router per concern, strict headers.

``create_app(store_factory)`` builds a FastAPI app over any store; ``sanctiongraph
serve`` runs it with uvicorn on 127.0.0.1. It only reads — the Cypher console calls
``store.cypher(..., write=False)`` — except the review desk's judgements, and only
when started with ``serve --review`` (:mod:`sanctiongraph.web.routes.review`).

Security, for a server on a workstation that a web page in the same browser
could try to reach:

* the Host header must name the address the server was started for (127.0.0.1,
  localhost or [::1] with any port, unless started for another host), which
  defeats DNS rebinding: a page of another site that re-points its name at
  127.0.0.1 still sends its own name;
* a POST from a page of another origin (its Origin header) is refused; a review
  write must carry the Origin of this server's page and send JSON;
* every answer carries a Content-Security-Policy that allows only this server's
  own scripts, styles and requests (no inline script, no CDN),
  ``X-Content-Type-Options: nosniff``, no framing and no referrer;
* the pages put names into the document as text (``textContent``), never as HTML.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from sanctiongraph.graph.resolve import Ambiguous, NotFound
from sanctiongraph.graph.store import StoreError
from sanctiongraph.queries import QueryError
from sanctiongraph.web.state import StoreFactory, StoreHolder

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_STATIC = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "review.js": "text/javascript; charset=utf-8",
}
_VIS = {
    "vis-network.min.js": "text/javascript; charset=utf-8",
    "vis-network.css": "text/css; charset=utf-8",
}


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _host_name(header: str) -> str:
    """The host of a Host header without its port (``[::1]:8000`` → ``[::1]``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def origin_allowed(origin: str, hosts: Iterable[str]) -> bool:
    """Is ``origin`` (an Origin header: ``http://127.0.0.1:8000``) a page of one of ``hosts``?

    >>> origin_allowed("http://localhost:8000", LOCAL_HOSTS), origin_allowed("null", LOCAL_HOSTS)
    (True, False)
    """
    scheme, sep, rest = origin.partition("://")
    return bool(sep) and scheme.lower() in ("http", "https") and _host_name(rest) in hosts


class Moved(Exception):
    """A key a re-derivation merged away: answered with the key it moved to."""

    def __init__(self, old: str, new: str, url: str) -> None:
        super().__init__(f"{old} moved to {new}")
        self.old, self.new, self.url = old, new, url


def create_app(
    store_factory: StoreFactory,
    *,
    allowed_hosts: Iterable[str] = (),
    resolver: Path | None = None,
    review: bool = False,
    reviewer: str | None = None,
) -> FastAPI:
    """The explorer over the store ``store_factory()`` opens (again, when it changes).

    ``allowed_hosts``: host names besides the local ones that requests may address
    (the one given to ``serve --host`` with ``--allow-remote``). ``resolver``: the
    store's resolver file (its moved-keys file answers keys merged away; with
    ``review``, the page and API of the review desk write judgements to it, in the
    name of ``reviewer`` or the login).
    """
    from sanctiongraph.paths import beside
    from sanctiongraph.resolution.moved import MovedKeys
    from sanctiongraph.web.review import ReviewDesk
    from sanctiongraph.web.routes import cypher, entities, events, network, queries, search
    from sanctiongraph.web.routes import review as review_routes

    if review and resolver is None:
        raise ValueError("reviewing needs the store's resolver file")
    hosts = {*LOCAL_HOSTS, *(h.lower() for h in allowed_hosts)}
    holder = StoreHolder(store_factory)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.review is not None:
            from sanctiongraph.web.review import warm

            threading.Thread(target=warm, name="review-warm-up", daemon=True).start()
        yield
        holder.close()

    app = FastAPI(
        lifespan=lifespan,
        title="sanctiongraph explorer",
        description="A read-only JSON API over a sanctiongraph knowledge graph.",
        version="1",
        docs_url=None,  # the interactive docs load their script from a CDN
        redoc_url=None,
    )
    app.state.holder = holder
    app.state.hosts = frozenset(hosts)
    app.state.review = ReviewDesk(resolver, reviewer) if review and resolver else None
    app.state.moved = MovedKeys(beside(resolver, "moved") if resolver else None)

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        host = _host_name(request.headers.get("host", ""))
        origin = request.headers.get("origin")
        if host not in hosts:
            response: Response = error(
                400,
                f"this server answers requests addressed to {', '.join(sorted(hosts))}, "
                "not to the host this request names",
            )
        elif (
            request.method not in ("GET", "HEAD")
            and origin is not None
            and not origin_allowed(origin, hosts)
        ):
            # A page of another site posting to the console (it could not read the
            # answer, but it could keep the store busy).
            response = error(403, "requests from pages of other sites are refused")
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where or 'request'}: {e.get('msg')}")
        return error(422, "; ".join(parts) or "bad request")

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return error(400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error(404, str(exc).strip("'\""))

    @app.exception_handler(Ambiguous)
    async def ambiguous(request: Request, exc: Ambiguous) -> Response:
        return error(400, str(exc).strip("'\""))

    @app.exception_handler(Moved)
    async def moved(request: Request, exc: Moved) -> Response:
        # 308 keeps the method; a browser's fetch follows it to the new key's answer.
        return JSONResponse(
            {"error": f"{exc.old} was merged into {exc.new}", "moved_to": exc.new},
            status_code=308,
            headers={"Location": exc.url},
        )

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error(400, str(exc))

    for module in (search, entities, network, queries, cypher, events, review_routes):
        app.include_router(module.router, prefix="/api")

    @app.get("/api/stats", tags=["store"], summary="What the store holds")
    def stats(request: Request) -> dict[str, Any]:
        with request.app.state.holder.use() as store:
            result: dict[str, Any] = store.stats()
            return result

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        html = resources.files("sanctiongraph.web").joinpath("static/index.html").read_bytes()
        return Response(html, media_type="text/html; charset=utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name in _STATIC:
            data = resources.files("sanctiongraph.web").joinpath(f"static/{name}").read_bytes()
            return Response(data, media_type=_STATIC[name])
        if name in _VIS:
            try:
                lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
            except ModuleNotFoundError:
                return error(404, "the network view needs the viz extra: pip install "
                                  "'sanctiongraph[viz]'")  # fmt: skip
            return Response((lib / name).read_bytes(), media_type=_VIS[name])
        return error(404, f"no file {name!r}")

    return app
