"""The worst ad-hoc query shapes, run through the command line on a real store: each must
stop (refused, the row limit, the memory limit or the engine's page cache) under 1 GB.

    python benchmarks/cypher_containment.py STORE.lbug [--memory-mb 768]
    python benchmarks/cypher_containment.py --build ../shared/data   # all shared files first

For each query: how it ended (the error line, or the rows), wall seconds, and the peak
resident memory of the largest process of the command (the command itself or the child
that runs the query: ``ru_maxrss`` of the waited-for descendants). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES  # noqa: E402

SHAPES = [
    ("huge range", "RETURN range(1, 30000000) AS r"),
    ("huge string", "RETURN size(repeat('x', 1500000000)) AS n"),
    ("variable-length paths, 1..30", "MATCH p=(a)-[*1..30]-(b) RETURN p"),
    ("cartesian product of all nodes (count)", "MATCH (a), (b) RETURN count(*) AS n"),
    ("cartesian product of all nodes (rows)", "MATCH (a), (b), (c) RETURN a.id, b.id, c.id"),
    ("collect of a cartesian product", "MATCH (a), (b) RETURN size(collect(a.id + b.id)) AS n"),
    ("read a file", "LOAD FROM '/etc/passwd' (file_format='csv', header=false) RETURN *"),
]


def build(data: Path) -> Path:
    store = Path(tempfile.mkdtemp(prefix="containment-")) / "all.lbug"
    files = [str(data / f) for f in SHARED_DATA_FILES]
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(store)}
    subprocess.run([sys.executable, "-m", "sanctiongraph", "load", "auto", *files],
                   check=True, env=env, stdout=subprocess.DEVNULL)  # fmt: skip
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", nargs="?", type=Path)
    parser.add_argument("--build", type=Path, metavar="DATA_DIR")
    parser.add_argument("--memory-mb", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    store = build(args.build) if args.build else args.store
    if store is None:
        parser.error("give a store, or --build DATA_DIR")
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(store)}
    if args.memory_mb:
        env["SANCTIONGRAPH_QUERY_MEMORY_MB"] = str(args.memory_mb)
    print(f"store {store} ({store.stat().st_size / 1e6:,.0f} MB); memory limit "
          f"{env.get('SANCTIONGRAPH_QUERY_MEMORY_MB', '768 (default)')} MB\n")  # fmt: skip
    print("| query | how it ended | seconds | peak RSS (MB) |")
    print("|---|---|---:|---:|")
    for name, text in SHAPES:
        # Each in a process of its own, so ru_maxrss is that command's alone.
        probe = (
            "import resource, subprocess, sys, time\n"
            "t = time.monotonic()\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "took = time.monotonic() - t\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "out = (r.stderr.strip() or r.stdout.strip()).splitlines()\n"
            "print(f'{took:.2f}\\t{peak:.0f}\\t' + (out[-1] if out else ''))\n"
        )
        cmd = [sys.executable, "-m", "sanctiongraph", "cypher", "--timeout",
               str(args.timeout), "--format", "csv", text]  # fmt: skip
        run = subprocess.run([sys.executable, "-c", probe, *cmd],
                             capture_output=True, text=True, env=env)  # fmt: skip
        took, peak, line = run.stdout.rstrip("\n").split("\t", 2)
        if line.startswith("error: "):
            line = "refused or stopped: " + line.removeprefix("error: ").split(";")[0]
        else:
            line = "answered"
        print(f"| `{text}` ({name}) | {line[:110]} | {took} | {peak} |", flush=True)


if __name__ == "__main__":
    main()
