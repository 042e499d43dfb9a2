"""Drawing benchmark: time to write the HTML page and the PNG, and to render the page in
headless Chromium until its layout is complete, for 100, 500 and 2,000 nodes.

    pip install -e '.[viz,test]'      # and: apt-get install chromium
    python benchmarks/viz_benchmark.py --sizes 100 500 2000 --repeat 3

The subgraphs are stories of synthetic entities (tests.support.synthetic), cut to
the wanted number of nodes. "Render" is from navigation to the page's ready
signal, which it gives when vis-network's layout has stabilised. Prints a
Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.viz.html import write_html
from sanctiongraph.viz.static import write_static
from sanctiongraph.viz.subgraph import subgraph_of
from tests.support.synthetic import synthetic_records


def _subgraph(store: MemoryStore, size: int) -> nx.MultiDiGraph:
    seeds: list[str] = []
    i = 0
    while True:
        seeds.append(f"entity:synthetic-{i}")
        g = subgraph_of(store.graph, seeds, limit=10**9)
        if g.number_of_nodes() >= size:
            return g.subgraph(sorted(g.nodes)[:size]).copy()
        i += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    ap.add_argument("--repeat", type=int, default=3)
    opts = ap.parse_args()
    from playwright.sync_api import sync_playwright

    store = MemoryStore()
    with store.writer() as w:
        w.add_all(synthetic_records(3000))
    chromium = os.environ.get("SANCTIONGRAPH_CHROMIUM") or shutil.which("chromium")
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])  # fmt: skip
        for size in opts.sizes:
            g = _subgraph(store, size)
            writes, pngs, renders = [], [], []
            for r in range(opts.repeat):
                path = Path(tmp) / f"g{size}-{r}.html"
                t = time.perf_counter()
                write_html(g, path, f"{size} nodes")
                writes.append(time.perf_counter() - t)
                t = time.perf_counter()
                write_static(g, Path(tmp) / f"g{size}-{r}.png", f"{size} nodes")
                pngs.append(time.perf_counter() - t)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready='1']", timeout=600_000)
                renders.append(time.perf_counter() - t)
                page.close()
            rows.append((size, g.number_of_edges(), path.stat().st_size,
                         statistics.median(writes), statistics.median(pngs),
                         statistics.median(renders)))  # fmt: skip
        browser.close()
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}; median of {opts.repeat}"
    )
    print("\n| nodes | relationships | page size | write HTML | write PNG | render in Chromium |")
    print("|---|---|---|---|---|---|")
    for size, edges, bytes_, w, png, r in rows:
        print(
            f"| {size:,} | {edges:,} | {bytes_ / 1024:,.0f} KB | {w * 1000:.0f} ms | "
            f"{png:.2f} s | {r:.2f} s |"
        )


if __name__ == "__main__":
    main()
