"""The default store side by side: LadybugDB (embedded, default) vs sanctiongraph 0.1's JSON
store, optionally Neo4j, on the same synthetic graph, in one run.

    python benchmarks/store_benchmark.py --sizes 100000 1000000 [--neo4j]

For each size (tests.support.synthetic: realistic proportions), each phase in a child
process so that its peak memory (max RSS) is its own:

* load: records, seconds, peak RSS, size on disk;
* a whole command, as a user runs it: ``sanctiongraph query overseas-branches`` given an
  entity's name (p50 of 5 runs; time and peak RSS of the process);
* in process: anchored named queries given a key (p50 of 30), a look-up by name (p50 of
  30), multi-jurisdiction (one run after one warm-up);
* ``sanctiongraph --help`` (p50 of 10; and a bare ``python -c pass`` for scale).

With ``--neo4j`` a private Neo4j 5 (scripts/neo4j-local) is loaded online for sizes up to
``--neo4j-max`` and measured the same way in process. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _sibling(name: str) -> Any:
    """A script beside this one (a dependency installs a package named `benchmarks`)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """User plus system CPU seconds of this process and its threads (the engine's COPY
    runs on several): steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--phase", *args], capture_output=True,
                          text=True, cwd=ROOT)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"phase {args} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """p50 seconds and the largest peak RSS (MB) of a whole command, run ``runs`` times."""
    times, peaks = [], []
    for _ in range(runs):
        out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], capture_output=True,
                             text=True, cwd=ROOT)  # fmt: skip
        if out.returncode != 0:
            raise SystemExit(f"{cmd} failed:\n{out.stderr[-2000:]}")
        seconds, kb = out.stderr.strip().splitlines()[-1].split()
        times.append(float(seconds))
        peaks.append(int(kb) / 1024)
    return statistics.median(times), max(peaks)


def _open(kind: str, path: str) -> Any:
    if kind == "embedded":
        from sanctiongraph.graph.ladybug_store import LadybugStore
        from sanctiongraph.settings import Limits

        return LadybugStore(path, limits=Limits(query_timeout=3600, max_rows=10**9))
    if kind == "json":
        from sanctiongraph.graph.memory import MemoryStore

        return MemoryStore(path)
    from sanctiongraph.graph.neo4j_store import Neo4jStore
    from sanctiongraph.settings import Limits

    return Neo4jStore(path, ("neo4j", os.environ["SANCTIONGRAPH_BENCH_PASSWORD"]),
                      limits=Limits(query_timeout=3600, max_rows=10**9))  # fmt: skip


def _p50_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def phase(args: list[str]) -> None:
    what, kind, size, path = args[0], args[1], int(args[2]), args[3]
    from tests.support.synthetic import synthetic_records

    if what == "load":
        store = _open(kind, path)
        if kind == "neo4j":
            store.clear()
        t = time.perf_counter()
        cpu = _cpu_s()
        count = 0
        with store.writer() as w:
            for r in synthetic_records(size):
                w.add(r)
                count += 1
        seconds = time.perf_counter() - t
        cpu = _cpu_s() - cpu
        disk = 0
        if kind != "neo4j":
            disk = Path(path).stat().st_size
        print(json.dumps({"records": count, "seconds": seconds, "cpu_s": cpu, "rss": _maxrss_mb(),
                          "disk_mb": disk / 1e6}))  # fmt: skip
        return
    # queries in process
    from sanctiongraph.graph.names import normalize_name
    from sanctiongraph.queries import run_bound

    t = time.perf_counter()
    store = _open(kind, path)
    store.stats()
    opened = time.perf_counter() - t
    rnd = random.Random(1)
    keys = [f"entity:synthetic-{i}" for i in range(size)]
    out: dict[str, Any] = {"open_s": opened}
    for name, make in (
        ("overseas-branches", lambda: {"entity": rnd.choice(keys)}),
        ("neighbourhood", lambda: {"entity": rnd.choice(keys), "depth": 1}),
    ):
        run_bound(store, name, make())
        samples = []
        for _ in range(30):
            params = make()
            t = time.perf_counter()
            run_bound(store, name, params)
            samples.append(time.perf_counter() - t)
        out[name] = _p50_ms(samples)
    names = [str(store.lookup("Entity", rnd.choice(keys), None)[0]["name"]) for _ in range(30)]
    samples = []
    for text in names:
        t = time.perf_counter()
        store.lookup("Entity", text, normalize_name(text))
        samples.append(time.perf_counter() - t)
    out["lookup"] = _p50_ms(samples)
    run_bound(store, "multi-jurisdiction", {"min_authorities": 4})
    t = time.perf_counter()
    run_bound(store, "multi-jurisdiction", {"min_authorities": 4})
    out["multi-jurisdiction"] = time.perf_counter() - t
    out["query_rss"] = _maxrss_mb()
    print(json.dumps(out))


JSON_QUERY = (
    "import sys; from sanctiongraph.graph.memory import MemoryStore; "
    "from sanctiongraph.queries import run_query; "
    "print(run_query(MemoryStore(sys.argv[1]), 'overseas-branches', {'entity': sys.argv[2]}))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--neo4j", action="store_true", help="also a private Neo4j 5")
    parser.add_argument("--neo4j-max", type=int, default=100_000)
    parser.add_argument("--json-max", type=int, default=1_000_000)
    parser.add_argument("--phase", nargs="+")
    parser.add_argument(
        "--load-only", action="store_true", help="only the embedded store's load (and CPU s)"
    )
    args = parser.parse_args()
    if args.phase:
        phase(args.phase)
        return
    if args.load_only:
        for size in args.sizes:
            work = Path(tempfile.mkdtemp(prefix=f"sg-bench-{size}-"))
            try:
                load = _child("load", "embedded", str(size), str(work / "g.embedded"))
                print(json.dumps({"size": size, "store": "embedded", **load}), flush=True)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        return
    py = sys.executable
    rows: list[dict[str, Any]] = []
    uri = None
    home = ROOT / ".neo4j" / "store-bench-home"
    if args.neo4j:
        uri, password = _sibling("neo4j_benchmark")._server(home, "3g")
        os.environ["SANCTIONGRAPH_BENCH_PASSWORD"] = password
    help_s, help_mb = _timed([py, "-m", "sanctiongraph", "--help"], 10)
    bare_s, _ = _timed([py, "-c", "pass"], 10)
    try:
        for size in args.sizes:
            work = Path(tempfile.mkdtemp(prefix=f"sg-bench-{size}-"))
            try:
                kinds = ["embedded"]
                if size <= args.json_max:
                    kinds.append("json")
                if uri and size <= args.neo4j_max:
                    kinds.append("neo4j")
                for kind in kinds:
                    path = uri if kind == "neo4j" else str(work / f"g.{kind}")
                    assert path is not None
                    load = _child("load", kind, str(size), path)
                    print(json.dumps({"size": size, "store": kind, **load}), flush=True)
                    queries = _child("queries", kind, str(size), path)
                    if kind == "embedded":
                        cmd = [py, "-m", "sanctiongraph", "--store-path", path, "query",
                               "overseas-branches", "-p", f"entity=entity:synthetic-{size // 2}",
                               "--format", "json"]  # fmt: skip
                        whole = _timed(cmd, 5)
                    elif kind == "json":
                        key = f"entity:synthetic-{size // 2}"
                        whole = _timed([py, "-c", JSON_QUERY, path, key], 3)
                    else:
                        whole = (float("nan"), float("nan"))
                    rows.append({"size": size, "store": kind, **load, **queries,
                                 "cmd_s": whole[0], "cmd_mb": whole[1]})  # fmt: skip
                    print(json.dumps(rows[-1]), flush=True)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if args.neo4j:
            _sibling("neo4j_benchmark")._stop(home)
    print(f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; load average at the end "
          f"{os.getloadavg()[0]:.1f}\n")  # fmt: skip
    print(f"`sanctiongraph --help`: {help_s:.2f} s p50, {help_mb:.0f} MB "
          f"(a bare `python -c pass`: {bare_s:.2f} s)\n")  # fmt: skip
    print("| entities | store | records | load s | load peak MB | disk MB | command s (p50) | "
          "command MB | overseas-branches ms | neighbourhood ms | look-up ms | "
          "multi-jurisdiction s |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['size']:,} | {r['store']} | {r['records']:,} | {r['seconds']:.1f} | "
              f"{r['rss']:.0f} | {r['disk_mb']:.0f} | {r['cmd_s']:.2f} | {r['cmd_mb']:.0f} | "
              f"{r['overseas-branches']:.2f} | {r['neighbourhood']:.2f} | {r['lookup']:.2f} | "
              f"{r['multi-jurisdiction']:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
