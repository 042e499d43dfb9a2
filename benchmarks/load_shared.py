"""All of ../shared/data into one embedded store through the command line, in two ways.

    python benchmarks/load_shared.py ../shared/data [--each-reversed] [--judgements FILE]

1. one command, every file (``sanctiongraph load auto F1 … F14``): the files load in
   publication order, nothing is read twice;
2. with ``--each-reversed``, one command per file, newest list first: each older
   list arrives after newer ones and makes the load replay the log (the worst
   order there is).

For each: wall seconds, CPU seconds (user + system of the command processes),
peak memory (the largest max RSS of one command), and then whether both stores
hold the same graph (every node's key, label and records; every relationship)
and how many UN DPRK entities are still split (``split_entities.splits``).
Prints a Markdown table.

With ``--judgements FILE`` (a resolver file a reviewer wrote, e.g.
``benchmarks/reviewed/shared-data.resolver.jsonl``) each store starts from a copy
of it as its resolver, so the loads apply the reviewer's judgements as a user's
loads would, and pairs judged different do not count as split. Without it the
loads run with no resolver: what the matcher does alone.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES  # noqa: E402


def _run(store: Path, files: list[Path], judged: Path | None) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of one ``load`` command."""
    resolver = ""
    if judged is not None:
        resolver = str(store.with_suffix(".resolver.jsonl"))
        if not Path(resolver).exists():
            shutil.copy(judged, resolver)
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(store), "SANCTIONGRAPH_RESOLVER": resolver}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sanctiongraph", "load", "auto", *map(str, files)],
        check=True, env=env, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def snapshot(store: Path) -> tuple[set[tuple[str, str, tuple[str, ...]]], set[tuple[str, ...]]]:
    from sanctiongraph.graph.ladybug_store import LadybugStore

    with LadybugStore(store) as s:
        g = s.to_networkx()
    nodes = {(str(n), str(a["label"]), tuple(sorted(a.get("records") or ())))
             for n, a in g.nodes(data=True)}  # fmt: skip
    return nodes, {(str(u), str(k), str(v)) for u, v, k in g.edges(keys=True)}


def split_count(store: Path, judged: Path | None) -> int:
    from sanctiongraph.graph.ladybug_store import LadybugStore
    from sanctiongraph.graph.memory import MemoryStore

    with LadybugStore(store) as s:
        mem = MemoryStore()
        mem.graph = s.to_networkx()
    # The script beside this one (a dependency installs a package named `benchmarks`).
    sys.path.insert(0, str(Path(__file__).parent))
    from split_entities import splits

    from sanctiongraph.resolution.judgements import Judgements

    return int(splits(mem, Judgements(judged) if judged else None)[2])


def main(argv: list[str]) -> None:
    data = Path(argv[0] if argv and not argv[0].startswith("-") else "../shared/data")
    judged = None
    if "--judgements" in argv:
        at = argv.index("--judgements") + 1
        if at >= len(argv) or not Path(argv[at]).is_file():
            sys.exit("--judgements needs a resolver file")
        judged = Path(argv[at])
    files = [data / f for f in SHARED_DATA_FILES]
    work = Path(tempfile.mkdtemp(prefix="load-shared-"))
    rows = []
    one = work / "one.lbug"
    wall, cpu, peak = _run(one, files, judged)
    rows.append(("one command, every file", 1, wall, cpu, peak, one))
    if "--each-reversed" in argv:
        each = work / "each.lbug"
        total = [0.0, 0.0, 0.0]
        for f in reversed(files):
            w, c, p = _run(each, [f], judged)
            total = [total[0] + w, total[1] + c, max(total[2], p)]
        rows.append(("one command per file, newest first", len(files), *total, each))
    print("| how | commands | wall s | CPU s | peak MB | UN DPRK entities split |")
    print("|---|---|---|---|---|---|")
    for how, n, w, c, p, store in rows:
        print(f"| {how} | {n} | {w:.0f} | {c:.0f} | {p:.0f} | {split_count(store, judged)} |")
    if len(rows) > 1:
        same = snapshot(rows[0][5]) == snapshot(rows[1][5])
        print(f"\nBoth stores hold the same graph (keys, labels, records, relationships): {same}")


if __name__ == "__main__":
    main(sys.argv[1:])
