"""Label overlap of network views in Chromium, against a running explorer.

    python benchmarks/label_overlap.py http://127.0.0.1:8000 country:SY@2 country:AF@1 …

Each view (``id@hops``) is opened in a fresh document; printed: its nodes, the seconds
until the first frame is drawn (``#graph[data-drawn]``) and until the first layout has
settled and its labels were pushed apart (``#graph[data-stable]``), and the pairs of node
label boxes (``window.sanctiongraph.labelBoxes()``) that still overlap.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_benchmark import _fresh, _launch, machine, overlaps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", help="the explorer's address, http://127.0.0.1:PORT")
    ap.add_argument("views", nargs="+", help="node id @ hops, e.g. country:SY@2")
    ap.add_argument("--repeat", type=int, default=1, help="times each view is opened")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    print("| view | hops | nodes | first frame (s) | settled (s) | overlapping pairs |")
    print("|---|---|---|---|---|---|")
    with sync_playwright() as p:
        b = _launch(p)
        page = b.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        for view in args.views:
            eid, _, hops = view.rpartition("@")
            for _ in range(args.repeat):
                t = _fresh(page, f"{args.base}/#/network/{quote(eid, safe=':')}?hops={hops}")
                page.wait_for_selector("#graph[data-drawn='1']", state="attached",
                                       timeout=120_000)  # fmt: skip
                drawn = time.perf_counter() - t
                page.wait_for_selector("#graph[data-stable='1']", state="attached",
                                       timeout=120_000)  # fmt: skip
                settled = time.perf_counter() - t
                boxes = page.evaluate("window.sanctiongraph.labelBoxes()")
                print(f"| {eid} | {hops} | {len(boxes)} | {drawn:.2f} | {settled:.2f} | "
                      f"{overlaps(boxes)} |", flush=True)  # fmt: skip
        b.close()
    print(f"\n{machine()}")


if __name__ == "__main__":
    main()
