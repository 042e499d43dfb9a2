"""`sanctiongraph fetch` against a real HTTP server on 127.0.0.1 (never the internet).

The server serves list files (the repository's fixtures and the shared published
files) with ETags, as publishers do, and can be told to fail: a 503, an HTML error
page in place of the XML, a body larger than the limit. Each test runs the command
line into an embedded store in a temporary folder and reads what the store holds.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.fetch import client as fetch_client
from sanctiongraph.fetch.client import FetchError, client, page_links
from sanctiongraph.fetch.sources import RULES

LISTS = Path(__file__).parent / "fixtures" / "lists"
UN = LISTS / "un_consolidated.xml"


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/xml"
    etag: bool = True  # send an ETag (and honour If-None-Match)
    failures: int = 0  # answer 503 this many times first
    location: str | None = None


@dataclass
class Server:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[dict[str, str]] = field(default_factory=list)  # each request's headers

    def serve(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.base + path


@pytest.fixture()
def server() -> Iterator[Server]:
    state = Server("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.seen.append(dict(self.headers.items()))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.failures:
                route.failures -= 1
                self.send_error(503)
                return
            if route.location:
                self.send_response(302)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
            if route.etag and self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", tag)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            pass  # the test reads `seen`, not a log

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_client, "BACKOFF", 0.0)


Run = Callable[..., "tuple[str, str]"]


@pytest.fixture()
def run(tmp_path: Path) -> Run:
    runner = CliRunner(env={
        "SANCTIONGRAPH_STORE": str(tmp_path / "g.lbug"),
        "SANCTIONGRAPH_RESOLVER": "",
        "SANCTIONGRAPH_ARCHIVE": str(tmp_path / "archive"),
    })  # fmt: skip

    def invoke(*args: str, code: int = 0) -> tuple[str, str]:
        result = runner.invoke(main, list(args))
        assert result.exit_code == code, result.output + repr(result.exception)
        return result.stdout, result.stderr

    return invoke


def sources(run: Run) -> list[str]:
    out, _ = run("query", "sources", "--format", "json")
    return sorted(r["key"] for r in json.loads(out))


def archived(tmp_path: Path, name: str = "un-xml") -> list[str]:
    folder = tmp_path / "archive" / name
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def edition(text: str, date: str, drop: str | None = None) -> bytes:
    """Another edition of the UN fixture: dated ``date``, without entry ``drop``."""
    out = text.replace('dateGenerated="2018-10-29', f'dateGenerated="{date}')
    if drop:
        start = out.index(f"<INDIVIDUAL><DATAID>{drop}<")
        out = out[:start] + out[out.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>") :]
    return out.encode()


def test_first_fetch_loads_second_adds_nothing_a_new_edition_loads(
    server: Server, run: Run, tmp_path: Path
) -> None:
    text = UN.read_text(encoding="utf-8")
    url = server.serve("/un.xml", Route(UN.read_bytes()))
    out, _ = run("fetch", "un-xml", "--url", url)
    assert "loaded" in out
    first = sources(run)
    assert first == ["source:unsc-consolidated-2018-10-29"]
    files = archived(tmp_path)
    digest = hashlib.sha256(UN.read_bytes()).hexdigest()
    assert files == [f"2018-10-29-{digest}.xml"]

    # The same file again: a conditional request, answered 304; nothing loads.
    out, _ = run("fetch", "un-xml", "--url", url)
    assert "not modified" in out
    assert server.seen[-1].get("If-None-Match")
    assert sources(run) == first and archived(tmp_path) == files

    # A server without validators: the bytes are hashed and found in the archive.
    server.routes["/un.xml"].etag = False
    out, _ = run("fetch", "un-xml", "--url", url)
    assert "unchanged" in out
    assert sources(run) == first and archived(tmp_path) == files

    # A new edition (dated later, one entry gone) loads as a Source of its own.
    server.routes["/un.xml"].body = edition(text, "2019-01-15", drop="6908555")
    out, _ = run("fetch", "un-xml", "--url", url)
    assert "loaded" in out
    assert sources(run) == [*first, "source:unsc-consolidated-2019-01-15"]
    assert len(archived(tmp_path)) == 2


def test_an_archived_edition_loads_into_a_store_that_lacks_it(
    server: Server, run: Run, tmp_path: Path
) -> None:
    url = server.serve("/un.xml", Route(UN.read_bytes()))
    run("fetch", "un-xml", "--url", url)
    other = CliRunner(env={
        "SANCTIONGRAPH_STORE": str(tmp_path / "other.lbug"),
        "SANCTIONGRAPH_RESOLVER": "",
        "SANCTIONGRAPH_ARCHIVE": str(tmp_path / "archive"),
    })  # fmt: skip
    result = other.invoke(main, ["fetch", "un-xml", "--url", url])
    assert result.exit_code == 0, result.output
    assert "loaded" in result.stdout  # answered 304, yet this store had not loaded it
    assert len(archived(tmp_path)) == 1
    again = other.invoke(main, ["fetch", "un-xml", "--url", url])
    assert "not modified" in again.stdout and "Loaded" not in again.stdout


@pytest.mark.parametrize(
    ("route", "says"),
    [
        (Route(b"", failures=99), "503"),
        (Route(b"<!DOCTYPE html><html><body>Service unavailable</body></html>",
               content_type="text/html; charset=utf-8"), "an HTML page (text/html"),
        (Route(b"<html><body>Error</body></html>", content_type="application/xml"),
         "an HTML page"),
        (Route(b"<?xml version='1.0'?><sdnList></sdnList>"), "it reads as ofac-xml"),
        (Route(b"", status=404), "404"),
    ],
)  # fmt: skip
def test_a_failed_download_changes_nothing_and_says_so_in_one_line(
    server: Server, run: Run, tmp_path: Path, route: Route, says: str
) -> None:
    good = server.serve("/good.xml", Route(UN.read_bytes()))
    run("fetch", "un-xml", "--url", good)
    before, files = sources(run), archived(tmp_path)

    bad = server.serve("/bad.xml", route)
    out, err = run("fetch", "un-xml", "--url", bad, "--retries", "2", code=2)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: un-xml: ") and says in lines[0], lines[0]
    assert "failed" in out
    assert sources(run) == before
    assert archived(tmp_path) == files
    assert not [p for p in (tmp_path / "archive" / "un-xml").iterdir() if ".download-" in p.name]
    if route.failures:
        assert "(3 tries)" in lines[0]  # asked again twice before giving up


def test_a_passing_failure_is_retried(server: Server, run: Run) -> None:
    url = server.serve("/un.xml", Route(UN.read_bytes(), failures=2))
    out, _ = run("fetch", "un-xml", "--url", url, "--retries", "2")
    assert "loaded" in out
    assert sources(run) == ["source:unsc-consolidated-2018-10-29"]


def test_a_download_over_the_limit_is_stopped(server: Server, tmp_path: Path) -> None:
    url = server.serve("/un.xml", Route(UN.read_bytes()))
    runner = CliRunner(env={
        "SANCTIONGRAPH_STORE": str(tmp_path / "g.lbug"),
        "SANCTIONGRAPH_ARCHIVE": str(tmp_path / "archive"),
        "SANCTIONGRAPH_MAX_DOWNLOAD_BYTES": "1000",
    })  # fmt: skip
    result = runner.invoke(main, ["fetch", "un-xml", "--url", url])
    assert result.exit_code == 2
    assert "SANCTIONGRAPH_MAX_DOWNLOAD_BYTES" in result.stderr
    assert not (tmp_path / "g.lbug").exists()  # the store was never opened


def test_plain_http_only_to_this_machine_and_never_by_redirect(server: Server, run: Run) -> None:
    # A redirect to another host over plain HTTP is refused before it is sent.
    url = server.serve("/moved.xml", Route(b"", location="http://lists.example.invalid/un.xml"))
    _, err = run("fetch", "un-xml", "--url", url, code=2)
    assert "only HTTPS is fetched" in err
    with pytest.raises(FetchError, match="only HTTPS"):
        fetch_client.check_url("http://lists.example.invalid/un.xml", allow_local=True)


def test_unknown_and_unreadable_names_are_refused_before_any_download(run: Run) -> None:
    _, err = run("fetch", "nope", code=2)
    assert "not a list format" in err
    _, err = run("fetch", "ofac-csv", code=2)
    assert "no download address" in err
    _, err = run("fetch", "uk-sanctions-list", code=2)
    assert "no loader" in err
    _, err = run("fetch", "uk-xlsx", code=2)
    assert "retired" in err


def test_an_index_page_names_the_current_file(server: Server) -> None:
    page = b"""<html><body>
      <a href="/docs/shisantouketsu20250101.xlsx">old</a>
      <a href="shisantouketsu20260305.xlsx">current</a>
      <a href="shisantouketsu20260305.pdf">pdf</a></body></html>"""
    url = server.serve("/economic_sanctions/list.html", Route(page, content_type="text/html"))
    with client(timeout=5, allow_local=True) as http:
        links = page_links(http, url)
    picked = RULES["jp-mof"].pick(links)
    assert picked == server.base + "/economic_sanctions/shisantouketsu20260305.xlsx"


@pytest.mark.realdata
def test_the_shared_un_list_fetched_and_loaded(server: Server, run: Run, data_dir: Path) -> None:
    published = data_dir / "un" / "consolidated_2018-10-29.xml"
    url = server.serve("/consolidated.xml", Route(published.read_bytes()))
    out, _ = run("fetch", "un-xml", "--url", url)
    assert "loaded" in out
    stats = json.loads(run("stats", "--format", "json")[0])
    assert stats  # the store holds the list
    assert sources(run) == ["source:unsc-consolidated-2018-10-29"]
    out, _ = run("fetch", "un-xml", "--url", url)
    assert "not modified" in out


@pytest.mark.parametrize("args", [["--help"], ["fetch", "--help"]])
def test_help_does_not_import_the_http_client(args: list[str]) -> None:
    code = (
        "import sys; from click.testing import CliRunner; from sanctiongraph.cli import main; "
        f"CliRunner().invoke(main, {args!r}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'httpcore')))"
    )
    root = Path(__file__).parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_fetch_all_loads_new_editions_in_publication_order(
    server: Server, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--all with the publishers' addresses replaced by the local server's: the EU file
    (2022) is named first but the UN file (2018) is older, so it loads first."""
    from dataclasses import replace

    from sanctiongraph.fetch import sources as rule_book

    eu = server.serve("/eu.xml", Route((LISTS / "eu_fsf.xml").read_bytes()))
    un = server.serve("/un.xml", Route(UN.read_bytes()))
    rules = {"eu-fsf-xml": replace(RULES["eu-fsf-xml"], url=eu),
             "un-xml": replace(RULES["un-xml"], url=un)}  # fmt: skip
    monkeypatch.setattr(rule_book, "RULES", rules)
    plain = fetch_client.check_url
    monkeypatch.setattr(
        fetch_client, "check_url", lambda u, allow_local: plain(u, allow_local=True)
    )
    out, _ = run("fetch", "--all")
    # One "Loaded" table per edition, as loaded, before the "Fetched" summary.
    assert out.index("un-xml") < out.index("eu-fsf-xml") < out.index("Fetched")
    assert len(sources(run)) == 2
    out, _ = run("fetch", "--all")
    assert out.count("not modified") == 2


def test_the_advanced_xml_in_the_list_services_namespace_is_told_and_read(
    tmp_path: Path,
) -> None:
    """OFAC's Sanctions List Service serves SDN_ADVANCED.XML in its own namespace (the
    fixture, cut from a 2020 file, has the older un.org one): the same records either way."""
    from sanctiongraph.loaders.registry import FORMATS, detect

    old = LISTS / "ofac_cons_advanced.xml"
    new = tmp_path / "SDN_ADVANCED.XML"
    sls = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"
    new.write_text(
        old.read_text(encoding="utf-8").replace("http://www.un.org/sanctions/1.0", sls),
        encoding="utf-8",
    )
    assert detect(new) == detect(old) == "ofac-advanced"
    reader = FORMATS["ofac-advanced"].reader()
    records = [t.record for t in reader.targets(old)]
    assert records and [t.record for t in reader.targets(new)] == records


def test_conditional_state_is_kept_per_address(server: Server, run: Run, tmp_path: Path) -> None:
    """Fetching from a second address (a mirror, or localhost for 127.0.0.1) keeps the
    first address's validators: going back to it is still answered 304."""
    numeric = server.serve("/un.xml", Route(UN.read_bytes()))
    named = numeric.replace("127.0.0.1", "localhost")
    run("fetch", "un-xml", "--url", numeric)
    run("fetch", "un-xml", "--url", named)
    assert not server.seen[-1].get("If-None-Match")  # a first request to this address
    for url in (numeric, named):
        out, _ = run("fetch", "un-xml", "--url", url)
        assert "not modified" in out and server.seen[-1].get("If-None-Match")
    state = json.loads((tmp_path / "archive" / "un-xml" / ".fetch.json").read_text("utf-8"))
    assert sorted(state["urls"]) == sorted([numeric, named])


def test_a_state_file_of_one_address_is_still_read(
    server: Server, run: Run, tmp_path: Path
) -> None:
    url = server.serve("/un.xml", Route(UN.read_bytes()))
    run("fetch", "un-xml", "--url", url)
    path = tmp_path / "archive" / "un-xml" / ".fetch.json"
    [(address, kept)] = json.loads(path.read_text("utf-8"))["urls"].items()
    path.write_text(json.dumps({"url": address, **kept}), encoding="utf-8")  # as before
    out, _ = run("fetch", "un-xml", "--url", url)
    assert "not modified" in out


def test_a_fetched_edition_joins_a_pair_judged_the_same(
    server: Server, run: Run, tmp_path: Path
) -> None:
    """A "same" judged on the first edition's records joins their entities when `fetch`
    loads the next edition (no `rebuild` in between)."""
    from sanctiongraph.graph.ladybug_store import LadybugStore

    def holders() -> dict[str, str]:
        g = LadybugStore(tmp_path / "g.lbug").to_networkx()
        return {
            r.split("#", 1)[1]: n
            for n, a in g.nodes(data=True)
            if a["label"] == "Entity"
            for r in a.get("records") or ()
        }

    url = server.serve("/un.xml", Route(UN.read_bytes()))
    run("fetch", "un-xml", "--url", url)
    where = holders()
    a, b = sorted(where)[:2]
    assert where[a] != where[b]
    src = "source:unsc-consolidated-2018-10-29"
    run("resolver", "judge", f"{src}#{a}", f"{src}#{b}", "same", "--who", "tester")
    server.routes["/un.xml"].body = edition(UN.read_text(encoding="utf-8"), "2019-01-15")
    out, err = run("fetch", "un-xml", "--url", url)
    assert "loaded" in out and "judged the same" in out + err
    where = holders()
    assert where[a] == where[b]
