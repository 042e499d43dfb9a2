"""Node labels of a large network view in headless Chromium: none overlaps after the
first layout. The views are real: the seed story and the UN's 2018 consolidated list, and
the largest country neighbourhood of 100 to 150 nodes is the one drawn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.ingest.load import load_file
from sanctiongraph.web import create_app
from tests.support.served import local_page, served
from tests.test_viz import _chromium
from tests.test_viz import browser as browser  # the module-scoped Chromium fixture
from tests.test_web_browser import _overlapping

# The explorer's promise: a first layout of up to this many nodes has no overlapping labels.
MOST = 150


@pytest.fixture(scope="module")
def un_server(data_dir: Path) -> Iterator[tuple[str, MemoryStore]]:
    _chromium()  # skip (or fail under CI) before loading anything
    store = MemoryStore()
    load_seed(store)
    load_file(store, "un-xml", data_dir / "un" / "consolidated_2018-10-29.xml")
    with served(create_app(lambda: store)) as base:
        yield base, store


def _largest_view(base: str, store: MemoryStore) -> tuple[str, int, int]:
    """(country, hops, nodes) of the largest country network of at most MOST nodes."""
    g = store.to_networkx()
    countries = sorted(n for n, d in g.nodes(data=True) if d.get("label") == "Country")
    best = ("", 0, 0)
    with httpx.Client(base_url=base, timeout=60) as client:
        for cid in countries:
            for hops in (1, 2):
                r = client.get(f"/api/network/{quote(cid, safe=':')}?hops={hops}")
                n = len(r.json()["nodes"]) if r.status_code == 200 else MOST + 1
                if best[2] < n <= MOST:
                    best = (cid, hops, n)
    return best


def test_no_label_overlaps_in_a_view_of_over_100_nodes(
    browser: Any, un_server: tuple[str, MemoryStore]
) -> None:
    base, store = un_server
    cid, hops, size = _largest_view(base, store)
    assert size >= 100, f"the largest view of at most {MOST} nodes has {size}"
    with local_page(browser, base) as page:
        page.goto(f"{base}/#/network/{quote(cid, safe=':')}?hops={hops}")
        page.wait_for_selector("#graph[data-stable='1']", state="attached", timeout=120_000)
        boxes = page.evaluate("window.sanctiongraph.labelBoxes()")
        assert len(boxes) == size == page.evaluate("window.sanctiongraph.nodeCount()")
        # Every label was measured where it is drawn (an unmeasured one would be 0 wide).
        assert all(b["width"] > 0 and b["height"] > 0 for b in boxes)
        assert _overlapping(boxes) == []
        assert page.errors == []
