"""Parse-and-load time of every published file into the embedded store, and
FollowTheMoney's ``ftm`` reading the same entities.

    pip install -e '.[bench]'
    python benchmarks/loader_benchmark.py ../shared/data

Each file loads in a child process of its own (so its peak memory, max RSS, is
its own) into an empty embedded store: records (targets) per second and peak
memory. Then the OFAC SDN CSV set, once loaded, is written as FollowTheMoney
JSON lines, and the same file is read twice: by ``ftm validate`` (parse and
validate every entity) and by our ``ftm`` loader (parse, match, load). Prints
Markdown tables for docs/loading.md.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES  # noqa: E402 - after the path

FILES = SHARED_DATA_FILES


def _phase(args: list[str]) -> None:
    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.loaders.registry import detect

    path = Path(args[0])
    fmt = args[1] if len(args) > 1 else detect(path)
    store = MemoryStore()
    t = time.perf_counter()
    summary, _ = load_file(store, fmt, path)
    seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    nodes = sum(summary.nodes.values())
    rels = sum(summary.relationships.values())
    print(json.dumps({"format": fmt, "records": summary.records, "nodes": nodes,
                      "relationships": rels, "seconds": seconds, "rss": rss}))  # fmt: skip


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--phase", *args], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _to_ftm(data_dir: Path, out: Path) -> int:
    """The OFAC CSV set as loaded, written as FollowTheMoney entities (one per line)."""
    from followthemoney import model

    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.load import load_file

    store = MemoryStore()
    load_file(store, "ofac-csv", data_dir / FILES[0])
    g = store.graph
    schema = {"organization": "Organization", "person": "Person", "vessel": "Vessel",
              "aircraft": "Airplane"}  # fmt: skip
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for node, a in g.nodes(data=True):
            if a["label"] != "Entity":
                continue
            e = model.make_entity(schema[a["kind"]])
            e.id = node.replace(":", "-")
            e.add("name", a["name"])
            for alias in a.get("aliases", []):
                e.add("alias", alias)
            if e.schema.is_a("Vessel"):
                e.add("imoNumber", a.get("imo", []))
            if e.schema.is_a("Organization"):
                e.add("swiftBic", a.get("swift_bic", []))
            e.add("topics", "sanction")
            fh.write(json.dumps(e.to_dict()) + "\n")
            n += 1
            for lst, _, k in g.in_edges(node, keys=True):
                if k != "TARGETS":
                    continue
                s = model.make_entity("Sanction")
                s.id = lst.replace(":", "-")
                s.add("entity", e.id)
                s.add("program", g.nodes[lst].get("programme"))
                s.add("country", "us")
                s.add("authority", "Office of Foreign Assets Control")
                fh.write(json.dumps(s.to_dict()) + "\n")
                n += 1
    return n


def main(data_dir: Path) -> None:
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"Python {platform.python_version()}")  # fmt: skip
    print()
    print("| file | format | targets | nodes + relationships | seconds | targets/s | peak MB |")
    print("|---|---|---|---|---|---|---|")
    for name in FILES:
        r = _child(str(data_dir / name))
        rate = r["records"] / r["seconds"] if r["seconds"] and r["records"] else 0
        print(f"| {name} | {r['format']} | {r['records']:,} | "
              f"{r['nodes'] + r['relationships']:,} | {r['seconds']:.2f} | {rate:,.0f} | "
              f"{r['rss']:,.0f} |", flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        ftm = Path(tmp) / "ofac.ftm.json"
        lines = _to_ftm(data_dir, ftm)
        ftm_bin = Path(sys.executable).with_name("ftm")
        t = time.perf_counter()
        subprocess.run([str(ftm_bin), "validate", "-i", str(ftm), "-o", os.devnull], check=True)
        theirs = time.perf_counter() - t
        t = time.perf_counter()
        _child(str(ftm), "ftm")
        ours = time.perf_counter() - t
        print()
        print("| the same FtM file, whole process each (start-up included) | seconds | lines/s |")
        print("|---|---|---|")
        print(f"| `ftm validate` (parse and validate) | {theirs:.2f} | {lines / theirs:,.0f} |")
        print(f"| sanctiongraph ftm loader (parse, match, load) | {ours:.2f} | "
              f"{lines / ours:,.0f} |")  # fmt: skip
        print(f"\n{lines:,} lines; ratio ftm / ours = {theirs / ours:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        _phase(sys.argv[2:])
    else:
        main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
