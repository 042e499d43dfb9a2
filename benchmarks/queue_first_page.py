"""The first page of the review queue: what it costs, and that it lists the same rows.

    SANCTIONGRAPH_STORE=/tmp/all.lbug python benchmarks/queue_first_page.py \\
        [--code DIR] [--runs 5]

Build the store first (``sanctiongraph load auto`` on every file of
``SHARED_DATA_FILES``, no resolver file, so the candidate log sits beside the
store). For this checkout and, with ``--code``, another one (the code before a
change), alternately, each in a fresh process:

- the queue part: ``resolution.queue.queue`` and the rows of its first 100 pairs,
  timed inside the process after the imports (wall, CPU, peak RSS the call added);
- ``sanctiongraph matches --limit 100`` as a user runs it (wall, CPU of the child,
  its peak RSS);

then prints a Markdown table of the medians, the load average, and whether both
checkouts list the same first 500 rows (``--format json``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run inside a fresh process of the checkout measured: prints wall, CPU, RSS added (MB).
_PROBE = """
import resource, sys, time
from pathlib import Path
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.resolution.judgements import Judgements
from sanctiongraph.resolution.queue import queue
store = Path(sys.argv[1])
side = store.with_name(store.name.removesuffix(".lbug") + ".resolver")
with LadybugStore(store) as s:
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, c = time.perf_counter(), time.process_time()
    pairs, info = queue(Path(str(side) + ".candidates.jsonl"), s,
                        Judgements(Path(str(side) + ".jsonl")))
    rows = [p.as_row(info) for p in pairs[:100]]
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(wall, cpu, (rss - rss0) / 1024, len(pairs))
"""


def _probe(code: Path, store: str) -> tuple[float, float, float, int]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, store],
        env={**os.environ, "PYTHONPATH": str(code)},
        capture_output=True, text=True, check=True, cwd=code,
    ).stdout.split()  # fmt: skip
    return float(out[0]), float(out[1]), float(out[2]), int(out[3])


def _command(code: Path, *args: str) -> tuple[float, float, str]:
    """(wall s, CPU s, stdout) of one ``matches`` command."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sanctiongraph", "matches", *args],
        env=env, capture_output=True, text=True, check=True, cwd=code,
    )  # fmt: skip
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--code", type=Path, help="another checkout to compare with")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    store = os.environ.get("SANCTIONGRAPH_STORE")
    if not store:
        sys.exit("set SANCTIONGRAPH_STORE to a store built from ../shared/data")
    codes = {"this checkout": ROOT, **({"--code": args.code.resolve()} if args.code else {})}
    probes: dict[str, list[tuple[float, float, float, int]]] = {k: [] for k in codes}
    commands: dict[str, list[tuple[float, float]]] = {k: [] for k in codes}
    loads = [os.getloadavg()[0]]
    for _ in range(args.runs):
        for name, code in codes.items():
            probes[name].append(_probe(code, store))
            wall, cpu, _ = _command(code, "--limit", "100")
            commands[name].append((wall, cpu))
        loads.append(os.getloadavg()[0])
    # Peak RSS of the command, measured by time(1) on one run per checkout.
    peaks = {}
    for name, code in codes.items():
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "sanctiongraph", "matches",
             "--limit", "100"],
            env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True,
            check=True, cwd=code,
        )  # fmt: skip
        peaks[name] = float(done.stderr.strip().splitlines()[-1]) / 1024
    pages = {n: _command(c, "--limit", "500", "--format", "json")[2] for n, c in codes.items()}
    med = statistics.median
    print(f"load average {min(loads):.1f}-{max(loads):.1f}, {args.runs} runs each, medians\n")
    print("| | queue part: wall s | CPU s | RSS added MB | `matches --limit 100`: wall s "
          "| CPU s | peak MB | pairs |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name in codes:
        p, c = probes[name], commands[name]
        print(f"| {name} | {med(x[0] for x in p):.2f} | {med(x[1] for x in p):.2f} "
              f"| {med(x[2] for x in p):.0f} | {med(x[0] for x in c):.2f} "
              f"| {med(x[1] for x in c):.2f} | {peaks[name]:.0f} | {p[0][3]} |")  # fmt: skip
    if len(pages) == 2:
        a, b = (json.loads(v) for v in pages.values())
        print(f"\nfirst 500 rows identical: {a == b} ({len(a)} rows)")


if __name__ == "__main__":
    main()
