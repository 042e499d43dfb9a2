"""Load and query benchmark: embedded store vs Neo4j, and FollowTheMoney's Cypher export.

    pip install -e '.[neo4j,bench]'
    python benchmarks/neo4j_benchmark.py --sizes 10000 100000 --ftm-sample 1000

Starts a private Neo4j with scripts/neo4j-local (home .neo4j/bench-home, heap
and page cache from --heap), then for each size of synthetic graph
(tests.support.synthetic: realistic proportions) measures, each load phase in a
child process so that its peak memory (max RSS) is its own:

* online load into the embedded store and into Neo4j (records and records/s);
* the bulk path: CSV export plus neo4j-admin import into a fresh database home;
* named-query latency, p50 and p95, anchored (one entity) and global, on both;
* on a sample of the same entities as FollowTheMoney JSON: the time the
  statements of `ftm export-cypher` take to run into the same server, one
  statement per transaction as cypher-shell runs a script, against our load
  of the same sample; the ratio is theirs over ours.

Prints a table (Markdown) to paste into docs/performance.md.
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


def _server(home: Path, heap: str) -> tuple[str, str]:
    env = {**os.environ, "NEO4J_LOCAL_HOME": str(home), "PYTHON": sys.executable,
           "NEO4J_LOCAL_HEAP": heap, "NEO4J_LOCAL_PAGECACHE": heap}  # fmt: skip
    out = subprocess.run([str(ROOT / "scripts/neo4j-local"), "start"], env=env, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return out.strip().splitlines()[-1], (home / "password").read_text().strip()


def _stop(home: Path) -> None:
    env = {**os.environ, "NEO4J_LOCAL_HOME": str(home)}
    subprocess.run([str(ROOT / "scripts/neo4j-local"), "stop"], env=env, check=False,
                   capture_output=True)  # fmt: skip


def _child(*args: str) -> dict[str, Any]:
    """Run one phase in a child process; its last stdout line is a JSON result."""
    done = subprocess.run([sys.executable, __file__, "--phase", *args], capture_output=True,
                          text=True)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"phase {args[0]} failed:\n{done.stderr[-4000:]}")
    result = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{args[0]} {args[1]}: {json.dumps(result)}", file=sys.stderr, flush=True)
    return result


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _latencies(store: Any, size: int, runs: int) -> dict[str, tuple[float, float]]:
    from sanctiongraph.queries import run_bound

    rnd = random.Random(1)
    orgs = [f"entity:synthetic-{i}" for i in range(size)]
    anchored = {
        "overseas-branches": lambda: {"entity": rnd.choice(orgs)},
        "neighbourhood": lambda: {"entity": rnd.choice(orgs), "depth": 1},
        "shared-locations": lambda: {"entity": rnd.choice(orgs)},
    }
    global_ = {
        "multi-jurisdiction": {"min_authorities": 4},
        "authority-totals": {"authority": "authority:jp", "as_of": "2020-01-01", "programme": None},
    }
    out: dict[str, tuple[float, float]] = {}
    for name, make in anchored.items():
        run_bound(store, name, make())  # warm up
        samples = []
        for _ in range(runs):
            params = make()
            t = time.perf_counter()
            run_bound(store, name, params)
            samples.append(time.perf_counter() - t)
        out[f"{name} (anchored)"] = _percentiles(samples)
    # What a user types: a name, resolved to a key (a scan of match_names).
    from sanctiongraph.graph.names import normalize_name

    typed = [str(store.lookup("Entity", rnd.choice(orgs), None)[0]["name"]) for _ in range(runs)]
    samples = []
    for text in typed:
        t = time.perf_counter()
        store.lookup("Entity", text, normalize_name(text))
        samples.append(time.perf_counter() - t)
    out["entity by name (look-up)"] = _percentiles(samples)
    for name, params in global_.items():
        run_bound(store, name, params)
        samples = []
        for _ in range(max(3, runs // 10)):
            t = time.perf_counter()
            run_bound(store, name, params)
            samples.append(time.perf_counter() - t)
        out[f"{name} (global)"] = _percentiles(samples)
    return out


def phase(args: list[str]) -> None:
    kind = args[0]
    from tests.support.synthetic import synthetic_records

    if kind in ("embedded", "neo4j"):
        size, runs = int(args[1]), int(args[2])
        store: Any
        if kind == "embedded":
            from sanctiongraph.graph.memory import MemoryStore

            store = MemoryStore()
        else:
            from sanctiongraph.graph.neo4j_store import Neo4jStore

            store = Neo4jStore(args[3], ("neo4j", os.environ["SANCTIONGRAPH_BENCH_PASSWORD"]))
            store.clear()
            store.ensure_schema()
        records = list(synthetic_records(size))
        t = time.perf_counter()
        with store.writer() as w:
            w.add_all(records)
        seconds = time.perf_counter() - t
        lat = _latencies(store, size, runs)
        print(json.dumps({"records": len(records), "seconds": seconds, "rss": _maxrss_mb(),
                          "latency": lat}))  # fmt: skip
    elif kind == "bulk":
        size, home = int(args[1]), Path(args[2])
        from sanctiongraph.graph.bulk import write_import_files
        from sanctiongraph.graph.memory import MemoryStore

        store = MemoryStore()
        with store.writer() as w:
            w.add_all(synthetic_records(size))
        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            plan = write_import_files(store.graph, Path(tmp))
            exported = time.perf_counter() - t
            env = {**os.environ, "NEO4J_LOCAL_HOME": str(home), "PYTHON": sys.executable}
            subprocess.run([str(ROOT / "scripts/neo4j-local"), "admin",
                            *plan.command("neo4j", admin="")], env=env, check=True,
                           capture_output=True)  # fmt: skip
        print(json.dumps({"export": exported, "seconds": time.perf_counter() - t,
                          "rss": _maxrss_mb()}))  # fmt: skip
    elif kind == "ftm":
        sample, uri = int(args[1]), args[2]
        print(json.dumps(_ftm(sample, uri, os.environ["SANCTIONGRAPH_BENCH_PASSWORD"])))


def _ftm(sample: int, uri: str, password: str) -> dict[str, Any]:
    from followthemoney import model

    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.graph.neo4j_store import Neo4jStore
    from tests.support.synthetic import synthetic_records

    records = list(synthetic_records(sample))
    g = MemoryStore()
    with g.writer() as w:
        w.add_all(records)
    schema = {"organization": "Organization", "person": "Person", "vessel": "Vessel"}
    lines = []
    for n, a in g.graph.nodes(data=True):
        if a["label"] != "Entity":
            continue
        e = model.make_entity(schema[a["kind"]])
        e.id = n.replace(":", "-")
        e.add("name", a["name"])
        for alias in a.get("aliases", []):
            e.add("alias", alias)
        for _, b, k in g.graph.out_edges(n, keys=True):
            if k == "HAS_BRANCH":
                addr = model.make_entity("Address")
                addr.id = b.replace(":", "-")
                addr.add("full", g.graph.nodes[b]["name"])
                addr.add("country", g.graph.nodes[b]["country_code"].lower())
                if e.schema.is_a("Thing"):
                    e.add("addressEntity", addr.id)
                lines.append(json.dumps(addr.to_dict()))
        lines.append(json.dumps(e.to_dict()))
        for lst, _, k in g.graph.in_edges(n, keys=True):
            if k == "TARGETS":
                la = g.graph.nodes[lst]
                s = model.make_entity("Sanction")
                s.id = lst.replace(":", "-")
                s.add("entity", e.id)
                s.add("program", la.get("programme"))
                s.add("startDate", la.get("listed_on"))
                s.add("authority", lst.split(":")[1])
                lines.append(json.dumps(s.to_dict()))
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.json", Path(tmp) / "out.cypher"
        src.write_text("\n".join(lines) + "\n")
        ftm = shutil.which("ftm") or str(Path(sys.executable).parent / "ftm")
        subprocess.run([ftm, "export-cypher", "-i", str(src), "-o", str(out)], check=True)
        statements = [s.strip() for s in out.read_text().split(";\n") if s.strip()]
    store = Neo4jStore(uri, ("neo4j", password))
    store.ensure_schema()

    def run_theirs() -> float:
        store.clear()
        t = time.perf_counter()
        with store.driver.session(database="neo4j") as session:
            for statement in statements:
                session.run(
                    statement
                ).consume()  # one auto-commit transaction each, as cypher-shell
        return time.perf_counter() - t

    def run_ours() -> float:
        store.clear()
        t = time.perf_counter()
        with store.writer() as w:
            w.add_all(records)
        return time.perf_counter() - t

    # Each side once unmeasured first: the server compiles its query plans and warms
    # its JIT on the first run of each statement shape, for both alike.
    run_theirs()
    run_ours()
    theirs = run_theirs()
    ours = run_ours()
    store.clear()
    return {"entities": sample, "ftm_statements": len(statements), "ftm_seconds": theirs,
            "our_records": len(records), "our_seconds": ours}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=100, help="runs per anchored query")
    ap.add_argument("--ftm-sample", type=int, default=1000, help="entities for the FtM run")
    ap.add_argument("--heap", default="4g", help="Neo4j heap and page cache each")
    ap.add_argument(
        "--only-neo4j",
        action="store_true",
        help="measure only the online Neo4j load and queries (after a change to them)",
    )
    ap.add_argument("--phase", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.phase:
        phase(opts.phase)
        return
    home = ROOT / ".neo4j" / "bench-home"
    shutil.rmtree(home, ignore_errors=True)
    uri, password = _server(home, opts.heap)
    os.environ["SANCTIONGRAPH_BENCH_PASSWORD"] = password  # children read it; never in argv
    rows = []
    if opts.only_neo4j:
        try:
            # FollowTheMoney first, on the fresh server: its unlabelled MERGEs scan every
            # node, so a store that once held a large graph slows them down.
            ftm = _child("ftm", str(opts.ftm_sample), uri)
            print(
                f"FollowTheMoney: {ftm['ftm_seconds']:.1f} s; sanctiongraph: "
                f"{ftm['our_seconds']:.2f} s: {ftm['ftm_seconds'] / ftm['our_seconds']:.0f}x"
            )
            for size in opts.sizes:
                neo = _child("neo4j", str(size), str(opts.runs), uri)
                print(
                    f"\n| entities | query | Neo4j p50 / p95 (ms) |  (load {neo['seconds']:.1f} s)"
                )
                print("|---|---|---|")
                for q, (n50, n95) in neo["latency"].items():
                    print(f"| {size:,} | {q} | {n50:.2f} / {n95:.2f} |")
        finally:
            _stop(home)
        return
    try:
        for size in opts.sizes:
            emb = _child("embedded", str(size), str(opts.runs))
            neo = _child("neo4j", str(size), str(opts.runs), uri)
            bulk_home = ROOT / ".neo4j" / "bench-bulk"
            shutil.rmtree(bulk_home, ignore_errors=True)
            bulk = _child("bulk", str(size), str(bulk_home))
            shutil.rmtree(bulk_home, ignore_errors=True)
            rows.append((size, emb, neo, bulk))
        ftm = _child("ftm", str(opts.ftm_sample), uri)
    finally:
        _stop(home)
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")  # fmt: skip
    print("\n| entities | records | embedded load | Neo4j online load | bulk (CSV + import) |"
          " loader peak RSS (embedded / Neo4j) |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for size, emb, neo, bulk in rows:
        n = emb["records"]
        print(
            f"| {size:,} | {n:,} | {emb['seconds']:.1f} s ({n / emb['seconds']:,.0f}/s) | "
            f"{neo['seconds']:.1f} s ({n / neo['seconds']:,.0f}/s) | {bulk['seconds']:.1f} s "
            f"(CSV {bulk['export']:.1f} s) | {emb['rss']:,.0f} MB / {neo['rss']:,.0f} MB |"
        )
    print("\n| entities | query | embedded p50 / p95 (ms) | Neo4j p50 / p95 (ms) |")
    print("|---|---|---|---|")
    for size, emb, neo, _ in rows:
        for q, (p50, p95) in emb["latency"].items():
            n50, n95 = neo["latency"][q]
            print(f"| {size:,} | {q} | {p50:.2f} / {p95:.2f} | {n50:.2f} / {n95:.2f} |")
    ratio = ftm["ftm_seconds"] / ftm["our_seconds"]
    print(f"\nFollowTheMoney `ftm export-cypher`, {ftm['entities']:,} entities: "
          f"{ftm['ftm_statements']:,} statements in {ftm['ftm_seconds']:.1f} s; sanctiongraph "
          f"loads the same entities ({ftm['our_records']:,} records) in "
          f"{ftm['our_seconds']:.2f} s: {ratio:,.0f}x faster.")  # fmt: skip


if __name__ == "__main__":
    main()
