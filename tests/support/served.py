"""The explorer served for real (uvicorn on 127.0.0.1) and a Chromium page held to it, for
the browser tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn


@contextmanager
def served(app: Any) -> Iterator[str]:
    """The base URL of ``app`` served by uvicorn in a thread until the block ends."""
    # Port 0: the kernel picks a free port as uvicorn binds, so no other process on this
    # shared machine can take it between choosing and binding.
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not srv.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("uvicorn did not start")
            time.sleep(0.05)
        port: int = srv.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@contextmanager
def local_page(browser: Any, base: str) -> Iterator[Any]:
    """A page of its own browser context that may reach only ``base``: any other request
    is aborted and fails the test when the block ends. Console and page errors gather
    in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    try:
        context.route("**/*", only_local)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.errors = errors
        yield page
    finally:
        context.close()
    assert outside == [], outside
