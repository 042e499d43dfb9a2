"""Drawings: the HTML page in real headless Chromium, the PNG/SVG, and the exports."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.records import cite, node, rel
from sanctiongraph.viz.exports import cytoscape_json
from sanctiongraph.viz.html import graph_data, write_html
from sanctiongraph.viz.static import write_static
from sanctiongraph.viz.style import grass
from sanctiongraph.viz.subgraph import TooLarge, query_subgraph, subgraph_of

ARTIFACTS = Path(os.environ.get("SANCTIONGRAPH_ARTIFACTS", Path(__file__).parents[1] / "artifacts"))
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def _chromium() -> str:
    path = os.environ.get("SANCTIONGRAPH_CHROMIUM") or shutil.which("chromium")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs Debian's chromium")
        pytest.skip("no Chromium here (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )  # fmt: skip
        yield b
        b.close()


def _open(browser: Any, page_file: Path) -> tuple[Any, list[str], list[str]]:
    """The page from file:// with every network request refused, rendered."""
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    context.route("**/*", lambda route: (requests.append(route.request.url),
                  route.continue_() if route.request.url.startswith("file://")
                  else route.abort()))  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return page, errors, [u for u in requests if not u.startswith("file://")]


def _story(seeded: MemoryStore) -> nx.MultiDiGraph:
    keys = [n for n, a in seeded.graph.nodes(data=True)
            if a["label"] == "Entity" and a.get("jp_notice")]  # fmt: skip
    return subgraph_of(seeded.graph, [*keys, "event:2017-11-29-hwasong-15"])


def test_story_page_renders_every_node_offline(browser: Any, seeded: MemoryStore,
                                               tmp_path: Path) -> None:  # fmt: skip
    g = _story(seeded)
    page_file = write_html(g, tmp_path / "story.html", "story")
    page, errors, fetched = _open(browser, page_file)
    assert page.evaluate("window.sanctiongraph.drawnCount()") == g.number_of_nodes()
    assert errors == [] and fetched == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story.png"))
    assert (ARTIFACTS / "story.png").stat().st_size > 20_000


def test_filters_hide_an_authority_and_its_listings(browser: Any, seeded: MemoryStore,
                                                    tmp_path: Path) -> None:  # fmt: skip
    g = _story(seeded)
    page, errors, _ = _open(browser, write_html(g, tmp_path / "story.html", "story"))
    us_listings = [v for _, v, k in g.out_edges("authority:us", keys=True) if k == "ISSUED"]
    page.uncheck("input[data-node='authority:us']")
    assert page.evaluate("window.sanctiongraph.visibleCount()") == (
        g.number_of_nodes() - 1 - len(us_listings)
    )
    page.check("input[data-node='authority:us']")
    germany_branches = [u for u, _, k in g.in_edges("country:DE", keys=True) if k == "LOCATED_IN"]
    page.uncheck("input[data-node='country:DE']")
    assert page.evaluate("window.sanctiongraph.visibleCount()") == (
        g.number_of_nodes() - 1 - len(germany_branches)
    )
    page.fill("#search", "Korea Computer")
    assert "Korea Computer Center" in page.inner_text("#details")
    assert errors == []


def test_names_with_html_are_text_never_run(browser: Any, tmp_path: Path) -> None:
    store = MemoryStore()
    prov = cite("test", "xss")
    with store.writer() as w:
        w.add(node("Entity", "entity:evil", {"kind": "organization", "name": XSS}, prov))
        w.add(node("Country", "country:DE", {"code": "DE", "name": "Germany"}, prov))
        w.add(rel("HEADQUARTERED_IN", "entity:evil", "country:DE", prov))
    page, errors, _ = _open(browser, write_html(store.graph, tmp_path / "x.html", XSS))
    page.evaluate("window.sanctiongraph.showDetails('entity:evil')")
    assert XSS in page.inner_text("#details")
    assert page.evaluate("window.__xss === undefined")
    assert page.locator("#details img").count() == 0 and page.title() == XSS
    assert errors == []


def test_png_and_svg_are_drawn_with_the_palette(seeded: MemoryStore, tmp_path: Path) -> None:
    import matplotlib.image as mpimg

    g = _story(seeded)
    png = write_static(g, tmp_path / "story.png", "story")
    assert png.stat().st_size > 100_000
    pixels = (mpimg.imread(png)[:, :, :3] * 255).round().astype(int).reshape(-1, 3)
    colours = {tuple(p) for p in pixels[::7]}
    for hex_colour in ("#D55E00", "#009E73", "#E69F00"):  # organisations, countries, offices
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, hex_colour
    svg = write_static(g, tmp_path / "story.svg", "story").read_text()
    assert svg.startswith("<?xml") and "Korea Computer Center" in svg


def test_query_subgraph_and_the_size_limit(seeded: MemoryStore) -> None:
    g, rows = query_subgraph(seeded, "overseas-branches", {"entity": "Korea Computer Center"})
    assert "entity:korea-computer-center" in g and "country:SY" in g and len(rows) == 5
    with pytest.raises(TooLarge, match="--sample"):
        query_subgraph(seeded, "multi-jurisdiction", {"min_authorities": 1}, limit=50)
    sampled, _ = query_subgraph(seeded, "multi-jurisdiction", {"min_authorities": 1},
                                limit=50, sample=2)  # fmt: skip
    assert 0 < sampled.number_of_nodes() <= 50


def test_exports_for_gephi_cytoscape_and_neo4j_browser(seeded: MemoryStore, tmp_path: Path) -> None:
    cy = cytoscape_json(seeded.graph)
    elements: Any = cy["elements"]
    assert len(elements["nodes"]) == seeded.graph.number_of_nodes()
    kcc = next(n for n in elements["nodes"] if n["data"]["id"] == "entity:korea-computer-center")
    assert kcc["data"]["colour"] == "#D55E00"
    json.dumps(cy)
    style = grass()
    assert "node.Entity {" in style and "#D55E00" in style and "relationship.TARGETS" in style
    data = graph_data(seeded.graph, "t")
    assert {d["group"] for d in data["legend"]} >= {"Organisation", "Country", "Listing"}


def test_a_query_draws_the_entities_its_rows_name(seeded: MemoryStore) -> None:
    # branch-network rows named entities without their keys: the drawing had only Russia.
    g, rows = query_subgraph(seeded, "branch-network", {"country": "Russia"})
    assert len(rows) == 2
    assert {r["key"] for r in rows} <= set(g)
    assert g.number_of_nodes() > len(rows) + 1 and g.number_of_edges() > 0
    from tests.scenario import NAMED

    for name, params in NAMED:
        g, rows = query_subgraph(seeded, name, params)
        names = {a.get("name") for _, a in g.nodes(data=True)}
        for row in rows:
            if isinstance(row.get("entity"), str):
                assert row["entity"] in names, (name, params, row["entity"])


def test_page_places_nodes_by_country(seeded: MemoryStore) -> None:
    import math

    from sanctiongraph.viz.html import page_data

    g = _story(seeded)
    data = page_data(g, "story")
    at = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    countries = [n for n, a in g.nodes(data=True) if a["label"] == "Country"]
    own, other = [], []
    for n in data["nodes"]:
        if n["kind"] != "Branch" or n["cluster"] is None:
            continue
        for c in countries:
            (own if c == n["cluster"] else other).append(math.dist(at[n["id"]], at[c]))
    # An office sits by its own country, far nearer than by the others.
    assert own and sum(own) / len(own) < 0.5 * sum(other) / len(other)
    assert page_data(g, "story") == data  # the same picture every time


def _labelled_after(page: Any) -> int:
    # The page's policy forbids eval, so no wait_for_function: the zoom settles, then count.
    page.wait_for_timeout(400)
    return int(page.evaluate("window.sanctiongraph.labelled()"))


def test_story_page_opens_with_the_important_labels(browser: Any, seeded: MemoryStore,
                                                    tmp_path: Path) -> None:  # fmt: skip
    g = _story(seeded)
    page, errors, _ = _open(browser, write_html(g, tmp_path / "story.html", "story"))
    major = [n for n, a in g.nodes(data=True) if a["label"] not in {"Listing", "Branch", "Claim"}]
    assert 0 < len(major) < g.number_of_nodes()
    assert page.evaluate("window.sanctiongraph.labelled()") == len(major)
    # Zoomed in, every node has its caption; zoomed out again, only the important ones.
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(12):
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(100)
    assert _labelled_after(page) == g.number_of_nodes()
    for _ in range(16):
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(100)
    assert _labelled_after(page) == len(major)
    assert errors == []


def test_a_large_page_is_placed_by_country_and_settled_by_the_page() -> None:
    from sanctiongraph.viz.html import page_data
    from sanctiongraph.viz.layout import SPRING_MAX
    from tests.support.synthetic import synthetic_records

    store = MemoryStore()
    with store.writer() as w:
        w.add_all(synthetic_records(400))
    g = store.graph
    assert g.number_of_nodes() > SPRING_MAX
    data = page_data(g, "large")
    # Too large to lay out here in good time: starting places, for the page's physics.
    assert data["settled"] is False and all("x" in n for n in data["nodes"])
