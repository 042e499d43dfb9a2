"""Downloading a list over HTTPS with httpx: conditional requests, timeouts, retries.

A download streams into a file while its bytes are counted against
``max_download_bytes`` and hashed; it answers with what the server said about the
file (ETag, Last-Modified) so that the next request can be conditional. Plain HTTP
is refused, except to this machine (loopback) when the caller allows it (``--url``
for a mirror or a test server), and that holds for every redirect too.

>>> check_url("http://example.org/a.xml", allow_local=True)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sanctiongraph.fetch.client.FetchError: http://example.org/a.xml: only HTTPS is fetched (...)
>>> check_url("http://127.0.0.1:8000/a.xml", allow_local=True)
>>> check_url("https://scsanctions.un.org/x.xml", allow_local=False)
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

# Seconds before the first retry; doubled for each next one (a test lowers it).
BACKOFF = 2.0
# Answers worth asking again: the server is busy or failed in passing.
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
USER_AGENT = "sanctiongraph (+https://pypi.org/project/sanctiongraph/)"


class FetchError(Exception):
    """A download that could not be had; its message is one line for the user."""


@dataclass(frozen=True)
class Download:
    url: str  # the address finally answered (after redirects)
    path: Path | None  # None: not modified since the validators given
    sha256: str = ""
    size: int = 0
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def modified_on(self) -> str | None:
        """The Last-Modified date (ISO), when the server sent one."""
        if not self.last_modified:
            return None
        try:
            return parsedate_to_datetime(self.last_modified).date().isoformat()
        except (TypeError, ValueError):
            return None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, allow_local: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and allow_local and _loopback(parts.hostname or ""):
        return
    raise FetchError(
        f"{url}: only HTTPS is fetched (plain HTTP only from this machine, with --url)"
    )


def client(*, timeout: float, allow_local: bool) -> httpx.Client:
    """An httpx client that follows redirects only to addresses ``check_url`` allows."""

    def guard(request: httpx.Request) -> None:
        check_url(str(request.url), allow_local=allow_local)

    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        event_hooks={"request": [guard]},
        # Connection failures are retried by the transport; answers by `_attempts`.
        transport=httpx.HTTPTransport(retries=1),
    )


def _attempts(what: str, retries: int, send: Callable[[], Download | str]) -> Download | str:
    """``send()`` until it answers, at most ``retries`` + 1 times, waiting longer each
    time; a transient failure is a TransportError or an answer in RETRY_STATUS."""
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(BACKOFF * 2 ** (attempt - 1))
        try:
            return send()
        except _Transient as err:
            last = str(err)
        except httpx.TimeoutException:
            last = "timed out"
        except httpx.TransportError as err:
            last = f"could not connect ({err.__class__.__name__}: {err})"
    tries = f"{retries + 1} tries" if retries else "1 try"
    raise FetchError(f"{what}: {last} ({tries})")


class _Transient(Exception):
    pass


def _status_error(response: httpx.Response) -> str:
    return f"the server answered {response.status_code} {response.reason_phrase}".rstrip()


def download(
    http: httpx.Client,
    url: str,
    dest: Path,
    *,
    max_bytes: int,
    etag: str | None = None,
    last_modified: str | None = None,
    retries: int = 3,
    progress: Callable[[int | None, int], None] | None = None,
) -> Download:
    """Stream ``url`` into ``dest``; ``Download.path`` is None on 304 Not Modified.

    ``progress(total, n)`` is called with the announced size (None if unknown) and each
    chunk's length. ``dest`` is left absent unless the download completed.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    def send() -> Download:
        with http.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Download(str(response.url), None, etag=etag, last_modified=last_modified)
            if response.status_code in RETRY_STATUS:
                raise _Transient(_status_error(response))
            if response.status_code != 200:
                raise FetchError(f"{url}: {_status_error(response)}")
            total = response.headers.get("Content-Length")
            announced = int(total) if total and total.isdigit() else None
            if announced is not None and announced > max_bytes:
                raise FetchError(_too_big(url, announced, max_bytes))
            digest, size = hashlib.sha256(), 0
            try:
                with dest.open("wb") as fh:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(_too_big(url, size, max_bytes, more=True))
                        digest.update(chunk)
                        fh.write(chunk)
                        if progress is not None:
                            progress(announced, len(chunk))
            except BaseException:
                dest.unlink(missing_ok=True)
                raise
            return Download(
                str(response.url), dest, digest.hexdigest(), size,
                response.headers.get("ETag"), response.headers.get("Last-Modified"),
                response.headers.get("Content-Type", ""),
            )  # fmt: skip

    result = _attempts(url, retries, send)
    assert isinstance(result, Download)
    return result


def _too_big(url: str, size: int, limit: int, more: bool = False) -> str:
    shown = f"more than {limit:,}" if more else f"{size:,}"
    return f"{url}: {shown} bytes, over the limit of {limit:,} (SANCTIONGRAPH_MAX_DOWNLOAD_BYTES)"


def page_links(http: httpx.Client, url: str, retries: int = 3) -> list[str]:
    """The absolute addresses an HTML page links to (``href`` of its elements)."""
    import lxml.html

    def send() -> str:
        response = http.get(url)
        if response.status_code in RETRY_STATUS:
            raise _Transient(_status_error(response))
        if response.status_code != 200:
            raise FetchError(f"{url}: {_status_error(response)}")
        return response.text

    text = _attempts(url, retries, send)
    assert isinstance(text, str)
    if not text.strip():
        return []
    doc = lxml.html.fromstring(text)
    base = str(url)
    return [urljoin(base, link) for _, attr, link, _ in doc.iterlinks() if attr == "href"]
