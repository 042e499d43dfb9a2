"""The explorer in real headless Chromium, served by uvicorn over an embedded store.

The walk a user takes: search "Korea Computer" → its page with its offices →
its network, expanded → a path → a named query → the Cypher console → events.
Every request that leaves the server is refused and counted.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.records import cite, node
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.web import create_app
from sanctiongraph.web.state import StoreFactory
from tests.support.served import local_page, served
from tests.test_viz import ARTIFACTS, XSS, _chromium
from tests.test_viz import browser as browser  # the module-scoped Chromium fixture


def _seed(store: Store) -> None:
    load_seed(store)
    with store.writer() as w:  # a name that is HTML must show as text
        w.add(node("Entity", "entity:xss", {"kind": "organization", "name": XSS}, cite("t")))


def _embedded(tmp_path_factory: pytest.TempPathFactory) -> tuple[StoreFactory, Store]:
    from sanctiongraph.graph.ladybug_store import LadybugStore

    path = tmp_path_factory.mktemp("explorer") / "graph.lbug"
    store = LadybugStore(path, batch_size=1000)
    _seed(store)
    store.close()
    return (lambda: LadybugStore(path)), LadybugStore(path)


def _neo4j(request: pytest.FixtureRequest) -> tuple[StoreFactory, Store]:
    from sanctiongraph.graph.neo4j_store import Neo4jStore

    store: Store = request.getfixturevalue("neo4j_module_store")
    _seed(store)
    params = request.getfixturevalue("neo4j_params")
    return (lambda: Neo4jStore(**params)), store


@pytest.fixture(
    scope="module",
    params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)],
)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Store]]:
    _chromium()  # skip (or fail under CI) before starting anything
    if request.param == "embedded":
        factory, store = _embedded(tmp_path_factory)
    else:
        factory, store = _neo4j(request)
    with served(create_app(factory)) as base:
        yield base, store


@pytest.fixture()
def page(browser: Any, server: tuple[str, Store]) -> Iterator[Any]:
    base, store = server
    with local_page(browser, base) as pg:
        pg.store_dialect = store.dialect  # screenshots of each store kept apart
        yield pg


def _go(page: Any, base: str, fragment: str) -> None:
    page.goto(f"{base}/#{fragment}")
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"explorer-{page.store_dialect}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def _until(page: Any, expression: str, timeout: float = 60) -> None:
    """Poll an expression from the test (the page's CSP forbids the eval that Playwright's
    wait_for_function uses to poll inside the page)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {expression}")
        page.wait_for_timeout(100)


def _overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of label boxes (canvas coordinates) whose areas intersect."""
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
        and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]
    ]  # fmt: skip


def _wait_ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)


def test_the_walk_through_the_explorer(page: Any, server: tuple[str, Store]) -> None:
    base, _ = server
    _go(page, base, "/")
    page.fill("#q", "Korea Computer")
    page.press("#q", "Enter")
    page.wait_for_selector("#results li")
    _wait_ready(page)
    first = page.locator("#results li a").first
    assert first.inner_text() == "Korea Computer Center"
    _shot(page, "1-search")
    page.fill("#filters input[name='country']", "Syria")
    page.click("#filters button")
    _until(page, "location.hash.includes('country=Syria') && document.body.dataset.ready === '1'")
    assert page.locator("#results li").count() == 1
    first = page.locator("#results li a").first

    first.click()
    page.wait_for_selector("#offices h3")
    _wait_ready(page)
    offices = page.locator("#offices h3").all_inner_texts()
    assert set(offices) >= {"Germany", "China", "Syria", "India", "United Arab Emirates"}
    listings = page.inner_text("#listings")
    assert "Japan" in listings and "2017-12-15" in listings and "Hwasong-15" in listings
    assert "source:jp-mof" in page.inner_text("#sources")
    _shot(page, "2-entity")

    page.click("text=Network")
    page.wait_for_selector("#graph canvas")
    _wait_ready(page)
    before = page.evaluate("window.sanctiongraph.nodeCount()")
    assert before > 5
    # Click Japan's listing where it is drawn: its authority and events join the drawing.
    _until(page, "window.sanctiongraph.stable()")
    # The first layout leaves no two node labels over each other.
    boxes = page.evaluate("window.sanctiongraph.labelBoxes()")
    assert len(boxes) == before
    assert _overlapping(boxes) == []
    listing = "listing:jp:korea-computer-center:bei-chao-xian-xie-diao-tuan-ti"
    where = page.evaluate(f"window.sanctiongraph.position('{listing}')")
    page.mouse.click(where["x"], where["y"])
    _until(page, f"window.sanctiongraph.nodeCount() > {before}")
    assert "Japan 2017-12-15" in page.inner_text("#details")
    # Hiding a type hides its nodes; re-layout runs.
    visible = page.evaluate("window.sanctiongraph.visibleCount()")
    page.uncheck("input[data-group='Branch / office']")
    assert page.evaluate("window.sanctiongraph.visibleCount()") < visible
    page.click("#relayout")
    page.wait_for_timeout(500)
    _shot(page, "3-network")

    _go(page, base, "/path?from=Korea Computer Center&to=Kumgang Bank&hubs=true")
    page.wait_for_selector("#path-result ol li")
    steps = page.locator("#path-result ol li a").all_inner_texts()
    assert steps[0] == "Korea Computer Center" and steps[-1] == "Kumgang Bank"
    _shot(page, "4-path")

    _go(page, base, "/queries")
    page.select_option("#query-name", "overseas-branches")
    page.wait_for_selector("#query-form input[name='entity']")
    page.fill("#query-form input[name='entity']", "Korea Computer Center")
    page.click("#query-form button")
    page.wait_for_selector("#query-table tbody tr")
    assert page.locator("#query-table tbody tr").count() == 5
    header = page.locator("#query-table th:text-is('country')")
    header.click()
    assert page.locator("#query-table tbody tr td").nth(4).inner_text() == "China"
    header.click()  # descending
    assert page.locator("#query-table tbody tr td").nth(4).inner_text() == "United Arab Emirates"
    assert page.get_attribute("#query-table-csv", "download") == "overseas-branches.csv"
    _shot(page, "5-query")

    _go(page, base, "/cypher")
    page.click("#cypher-run")
    page.wait_for_selector("#cypher-table tbody tr")
    assert "Japan" in page.inner_text("#cypher-table")
    page.fill("#cypher-text", "MATCH (e:Entity) DETACH DELETE e")
    page.click("#cypher-run")
    page.wait_for_selector("#cypher-error")
    _shot(page, "6-cypher")

    _go(page, base, "/events")
    assert "Hwasong-15" in page.inner_text("#events-list")
    _shot(page, "7-events")
    # The refused write is an answer of 400, which Chromium logs; nothing else may fail.
    assert [e for e in page.errors if "status of 400" not in e] == []


def test_names_with_html_are_text(page: Any, server: tuple[str, Store]) -> None:
    base, store = server
    _go(page, base, "/search?q=img src")
    assert XSS in page.inner_text("#results")
    _go(page, base, "/entity/entity:xss")
    assert page.locator("h1").inner_text() == XSS
    assert page.evaluate("window.__xss === undefined")
    assert page.locator("#view img, #view script").count() == 0
    assert page.errors == []
    assert store.stats()["nodes"]["Entity"] == 37  # the console's refused write left it so


def test_unknown_entity_shows_the_error(page: Any, server: tuple[str, Store]) -> None:
    base, _ = server
    _go(page, base, "/entity/entity:no-such-thing")
    assert "no node" in page.inner_text("#error")


def test_remote_host_refused_in_the_browser(browser: Any, server: tuple[str, Store]) -> None:
    base, _ = server
    context = browser.new_context()
    response = context.request.get(base + "/api/stats", headers={"Host": "rebind.example"})
    assert response.status == 400
    context.close()


# -- the review page (serve --review) ----------------------------------------------------


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The explorer with --review over four list fixtures loaded by the command line
    (they leave candidate pairs: see test_web_review.py)."""
    from click.testing import CliRunner

    from sanctiongraph.cli import main
    from sanctiongraph.graph.ladybug_store import LadybugStore
    from tests.test_web_review import FILES

    _chromium()
    folder = tmp_path_factory.mktemp("review-browser")
    path = folder / "store.lbug"
    result = CliRunner().invoke(main, ["load", "auto", *FILES],
                                env={"SANCTIONGRAPH_STORE": str(path)})  # fmt: skip
    assert result.exit_code == 0, result.output
    app = create_app(lambda: LadybugStore(path), resolver=folder / "store.resolver.jsonl",
                     review=True, reviewer="browser-test")  # fmt: skip
    with served(app) as base:
        yield base, folder


@pytest.fixture()
def review_page(browser: Any, review_server: tuple[str, Path]) -> Iterator[Any]:
    base, _ = review_server
    with local_page(browser, base) as pg:
        pg.store_dialect = "embedded"
        yield pg


def test_judge_a_pair_with_the_keyboard_and_apply(
    review_page: Any, review_server: tuple[str, Path]
) -> None:
    import json

    from sanctiongraph.graph.ladybug_store import LadybugStore

    page, (base, folder) = review_page, review_server
    _go(page, base, "/review")
    assert page.locator("#review-tab").is_visible()
    page.wait_for_selector("#review-sides")
    _wait_ready(page)
    # The first pair nothing speaks against (the first is Korea Zuzagbong / Tonghung:
    # one IMO company number, two OFAC entries), reached with j.
    rows = page.request.get(base + "/api/review/queue").json()["rows"]
    target = next(
        i for i, r in enumerate(rows)
        if not page.request.get(base + "/api/review/pair", params={
            "a": r["entity"], "b": r["other_entity"]}).json()["evidence"]["against"]
    )  # fmt: skip
    first = rows[0]
    assert page.get_attribute("#review-pair", "data-a") == first["entity"]
    assert "different ofac_ent_num" in page.inner_text("#review-against")
    assert "imo" in page.inner_text("#review-sides")
    page.keyboard.press("r")  # what each record says, read from the kept list files
    page.wait_for_selector("#review-statements table")
    assert "jp_mof_20260305.xlsx" in page.inner_text("#review-statements")
    _shot(page, "8-review")
    for _ in range(target):
        page.keyboard.press("j")
    row = rows[target]
    page.wait_for_selector(f"#review-pair[data-a='{row['entity']}'] #review-sides")
    _wait_ready(page)
    page.keyboard.press("s")
    _until(page, "document.getElementById('review-last').textContent.includes('same')")
    _wait_ready(page)
    (line,) = (folder / "store.resolver.jsonl").read_text(encoding="utf-8").splitlines()
    judged = json.loads(line)
    assert (judged["a"], judged["b"]) == tuple(sorted((row["record"], row["other"])))
    assert (judged["verdict"], judged["who"]) == ("same", "browser-test")
    assert "Apply 1 judgement" in page.inner_text("#review-apply")
    # Undo with z, judge again; the pair left the queue meanwhile and came back.
    page.keyboard.press("z")
    _until(page, "document.getElementById('review-last').textContent.startsWith('undone')")
    _wait_ready(page)
    last = (folder / "store.resolver.jsonl").read_text(encoding="utf-8").splitlines()[-1]
    assert json.loads(last)["verdict"] == "undone"
    page.click(f"#review-queue li:nth-child({target + 1})")
    page.wait_for_selector(f"#review-pair[data-a='{row['entity']}'] #review-sides")
    _wait_ready(page)
    page.keyboard.press("s")
    _until(page, "document.getElementById('review-apply').textContent.includes('Apply 1')")
    _wait_ready(page)
    _shot(page, "9-review-judged")

    page.click("#review-apply")
    page.wait_for_selector("#review-last.applied", timeout=120_000)
    _wait_ready(page)
    assert "applied 1 judgement" in page.inner_text("#review-last")
    g = LadybugStore(folder / "store.lbug").to_networkx()
    holders = {
        n for n, a in g.nodes(data=True)
        if a["label"] == "Entity" and {row["record"], row["other"]} & set(a.get("records") or ())
    }  # fmt: skip
    assert len(holders) == 1  # the two entities are one node
    (merged,) = holders
    gone = ({row["entity"], row["other_entity"]} - holders).pop()
    _shot(page, "10-review-applied")
    # The merged-away key's page address moves to the key it moved to.
    _go(page, base, f"/entity/{gone}")
    assert page.evaluate("decodeURIComponent(location.hash)") == f"#/entity/{merged}"
    assert page.locator("h1").inner_text() == g.nodes[merged]["name"]
    assert page.errors == []


def test_apply_shows_a_join_the_judgements_refuse(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A pair judged the same in the page, a record of one side judged different from
    the other's in a terminal: Apply says which join it refused and why."""
    from click.testing import CliRunner

    from sanctiongraph.cli import main
    from sanctiongraph.graph.ladybug_store import LadybugStore
    from sanctiongraph.resolution.judgements import Judgements
    from tests.test_web_review import FILES

    _chromium()
    folder = tmp_path_factory.mktemp("review-refused")
    path, resolver = folder / "store.lbug", folder / "store.resolver.jsonl"
    result = CliRunner().invoke(main, ["load", "auto", *FILES],
                                env={"SANCTIONGRAPH_STORE": str(path)})  # fmt: skip
    assert result.exit_code == 0, result.output
    app = create_app(lambda: LadybugStore(path), resolver=resolver, review=True,
                     reviewer="browser-test")  # fmt: skip
    with served(app) as base, local_page(browser, base) as page:
        page.store_dialect = "embedded"
        _go(page, base, "/review")
        page.wait_for_selector("#review-sides")
        _wait_ready(page)
        rows = page.request.get(base + "/api/review/queue").json()["rows"]
        # The first pair with a side of several records (another record to judge).
        others = [
            [r["record"] for r in page.request.get(base + "/api/review/pair", params={
                "a": row["entity"], "b": row["other_entity"]}).json()["a"]["records"]
             if r["record"] != row["record"]]
            for row in rows
        ]  # fmt: skip
        at = next(i for i, mine in enumerate(others) if mine)
        row, mine = rows[at], others[at]
        for _ in range(at):
            page.keyboard.press("j")
        page.wait_for_selector(f"#review-pair[data-a='{row['entity']}'] #review-sides")
        _wait_ready(page)
        page.keyboard.press("s")
        _until(page, "document.getElementById('review-apply').textContent.includes('Apply 1')")
        _wait_ready(page)
        Judgements(resolver).judge(mine[0], row["other"], "different", who="terminal")
        page.click("#review-apply")
        page.wait_for_selector("#review-last.applied #review-refused li", timeout=120_000)
        _wait_ready(page)
        said = page.inner_text("#review-last")
        assert said.startswith("applied 0 judgements")
        assert "1 join refused, because judgements disagree" in said
        (line,) = page.locator("#review-refused li").all_inner_texts()
        assert row["record"] in line and row["other"] in line and "judged different" in line
        _shot(page, "11-review-refused")
        assert page.errors == []
    g = LadybugStore(path).to_networkx()
    held = [n for n, a in g.nodes(data=True) if a["label"] == "Entity"
            and {row["record"], row["other"]} & set(a.get("records") or ())]  # fmt: skip
    assert len(held) == 2  # left apart


def test_the_review_tab_is_hidden_without_review(page: Any, server: tuple[str, Store]) -> None:
    base, _ = server
    _go(page, base, "/review")
    assert page.locator("#review-tab").is_hidden()
    assert "serve --review" in page.inner_text("#error")
