"""The explorer's review page opening: what its queue costs, and that it lists the same rows.

    SANCTIONGRAPH_STORE=/tmp/all.lbug python benchmarks/review_page_queue.py \\
        [--code DIR] [--runs 3]

Build the store first (``sanctiongraph load auto`` on every file of
``SHARED_DATA_FILES``, no resolver file, so the candidate log sits beside the
store). For this checkout and, with ``--code``, another one (the code before a
change), alternately, each in a fresh process: the explorer's app with
``--review`` over the embedded store, asked in process (FastAPI's test client, as
the page asks it) for what the review page asks when it opens, ``/api/review/status``
then ``/api/review/queue?limit=50``, and then for the next page (``offset=50``, kept
until the store changes). Timed after the imports and rigour's name tables (built
before the app starts, as its warm-up thread would): wall, CPU, and the peak RSS the
requests added. Prints a Markdown table of the medians, the load average, and whether
both checkouts answer the same first page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run inside a fresh process of the checkout measured: prints wall, CPU, RSS added (MB)
# of the page opening, wall and CPU of the next page, the queue's total and a digest
# of the first page's rows.
_PROBE = """
import hashlib, json, resource, sys, time, warnings
from pathlib import Path
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.web import create_app
from sanctiongraph.web.review import warm
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
store = Path(sys.argv[1])
resolver = store.with_name(store.name.removesuffix(".lbug") + ".resolver.jsonl")
warm()
app = create_app(lambda: LadybugStore(store), resolver=resolver, review=True, reviewer="b")
with TestClient(app, base_url="http://127.0.0.1") as c:
    assert c.get("/api/stats").status_code == 200
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, cpu = time.perf_counter(), time.process_time()
    assert c.get("/api/review/status").status_code == 200
    first = c.get("/api/review/queue", params={"limit": 50}).json()
    wall, used = time.perf_counter() - t, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, cpu = time.perf_counter(), time.process_time()
    c.get("/api/review/queue", params={"limit": 50, "offset": 50}).json()
    wall2, used2 = time.perf_counter() - t, time.process_time() - cpu
digest = hashlib.sha256(json.dumps(first["rows"], sort_keys=True).encode()).hexdigest()[:12]
print(wall, used, (rss - rss0) / 1024, wall2, used2, first["total"], digest)
"""


def _probe(code: Path, store: str) -> list[str]:
    return subprocess.run(
        [sys.executable, "-c", _PROBE, store],
        env={**os.environ, "PYTHONPATH": str(code)},
        capture_output=True, text=True, check=True, cwd=code,
    ).stdout.split()  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--code", type=Path, help="another checkout to compare with")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    store = os.environ.get("SANCTIONGRAPH_STORE")
    if not store:
        sys.exit("set SANCTIONGRAPH_STORE to a store built from ../shared/data")
    codes = {"this checkout": ROOT, **({"--code": args.code.resolve()} if args.code else {})}
    runs: dict[str, list[list[str]]] = {k: [] for k in codes}
    loads = [os.getloadavg()[0]]
    for _ in range(args.runs):
        for name, code in codes.items():
            runs[name].append(_probe(code, store))
        loads.append(os.getloadavg()[0])
    med = statistics.median
    print(f"load average {min(loads):.1f}-{max(loads):.1f}, {args.runs} runs each, medians\n")
    print("| | page opens (status + queue): wall s | CPU s | RSS added MB "
          "| next page: wall s | CPU s | pairs |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, rs in runs.items():
        col = [[float(r[i]) for r in rs] for i in range(5)]
        print(f"| {name} | {med(col[0]):.2f} | {med(col[1]):.2f} | {med(col[2]):.0f} "
              f"| {med(col[3]):.3f} | {med(col[4]):.3f} | {rs[0][5]} |")  # fmt: skip
    digests = {r[6] for rs in runs.values() for r in rs}
    print(f"\nsame first page in every run: {len(digests) == 1} ({', '.join(sorted(digests))})")


if __name__ == "__main__":
    main()
