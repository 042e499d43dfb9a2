"""Does a new edition of one list cost what the edition holds, not what the store holds?

    python benchmarks/edition_cost.py ../shared/data [--without FILE ...]

Two new editions, each made from a shared file in a temporary folder and dated
2026-09-01 (after every shared file, so the load appends and replays nothing, as
the next edition a user fetches does): the UN list (the 2018 file with three
entries removed, one added and one renamed) and OFAC's SDN list (the 2021 CSV set
with 20 entries removed and 5 renamed). Each is loaded through the command line

- into an empty embedded store, and
- into a store that already holds every shared file (one ``load auto`` of
  ``SHARED_DATA_FILES``; the UN edition first, then the SDN edition on top),

and the CPU seconds (user + system of the command process: the wall clock of a
shared machine measures the other processes too), wall seconds and their ratio are
printed as a Markdown table. The issue's target: at most 2× the empty store.

``--without FILE`` leaves a shared file (as named in ``SHARED_DATA_FILES``) out of the
full store. ``--reuse DIR`` copies the full store from DIR when it holds one (and
keeps the one it builds there otherwise): the same store measured with two versions
of the code. ``--synthetic N`` loads the editions instead into the synthetic store of
N entities (``tests.support.synthetic``, written as ``benchmarks/store_benchmark.py``
writes it: straight into the store, with no load log), so that the store is far
larger than the shared files make it.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from changes_benchmark import sdn_edition  # noqa: E402

from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES  # noqa: E402
from tests.un_editions import UN_2018, dataids, edition  # noqa: E402

DATE = "2026-09-01"


def _load(where: Path, fmt: str, files: list[Path]) -> tuple[float, float]:
    """(wall s, CPU s) of one ``load`` into the store in folder ``where``."""
    where.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SANCTIONGRAPH_STORE": str(where / "graph.lbug"),
        "SANCTIONGRAPH_RESOLVER": str(where / "resolver.jsonl"),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sanctiongraph", "load", fmt, *map(str, files)],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    wall = time.perf_counter() - t
    if done.returncode:
        sys.exit(f"load {fmt} {files}: {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, nargs="?", default=Path("../shared/data"))
    ap.add_argument("--without", action="append", default=[], metavar="FILE")
    ap.add_argument("--synthetic", type=int, metavar="N", help="into N synthetic entities")
    ap.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="the full store copied from DIR if there, else built and kept there",
    )
    args = ap.parse_args()
    data = args.data
    work = Path(tempfile.mkdtemp(prefix="edition-cost-"))
    ids = dataids(data / UN_2018)
    un = edition(
        data, work / f"un/consolidated_{DATE}.xml", DATE, remove=tuple(ids[:3]),
        add={"99000001": ("NEW THING ONE", "2026-08-01")}, rename={ids[10]: "RENAMED"},
    )  # fmt: skip
    sdn = sdn_edition(data, work / f"sdn_{DATE}") / "sdn.csv"
    news = [("UN", "un-xml", un), ("OFAC SDN", "ofac-csv", sdn)]

    full = work / "all"
    into = "all-files store"
    if args.synthetic:
        into = f"{args.synthetic:,}-entity synthetic store"
    if args.reuse is not None and (args.reuse / "graph.lbug").exists():
        shutil.copytree(args.reuse, full, symlinks=True)
        print(f"the {into}: copied from {args.reuse}")
    elif args.synthetic:
        full.mkdir()
        into = f"{args.synthetic:,}-entity synthetic store"
        t = time.perf_counter()
        made = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "store_benchmark.py"), "--phase", "load",
             "embedded", str(args.synthetic), str(full / "graph.lbug")],
            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        if made.returncode:
            sys.exit(f"synthetic store: {made.stderr.strip()}")
        print(f"the {into}: {time.perf_counter() - t:.0f} s wall")
    else:
        shared = [f for f in SHARED_DATA_FILES if f not in args.without]
        wall, cpu = _load(full, "auto", [data / f for f in shared])
        left = f" but {', '.join(args.without)}" if args.without else ""
        print(f"every shared file{left} into one store: {wall:.0f} s wall, {cpu:.0f} s CPU")
    if args.reuse is not None and not (args.reuse / "graph.lbug").exists():
        # Kept before any edition goes in, for the next run (a store takes minutes).
        shutil.copytree(full, args.reuse, symlinks=True, dirs_exist_ok=True)
    # What the load command leaves beside a store it wrote (the matcher's kept index and
    # profiles); a store written otherwise (the synthetic one, or one built by other
    # code) gets them here, timed apart, as its first load would. An empty write first:
    # a store made by an older release gains the model's new columns (its first writer
    # does that once, and the stamp the index keeps is then the migrated file's).
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    kept = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from sanctiongraph.graph.ladybug_store import LadybugStore; "
         "from sanctiongraph.resolution.matching import keep_profiles; "
         "store = LadybugStore(Path(sys.argv[1])); w = store.writer(); w.__enter__(); "
         "w.__exit__(None, None, None); keep_profiles(store)", str(full / "graph.lbug")],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    if kept.returncode:
        sys.exit(f"keep: {kept.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    wall = time.perf_counter() - t
    print(f"migrated and kept beside it (keep_profiles): {wall:.0f} s wall, {cpu:.0f} s CPU")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}")
    print()
    print("| new edition | into | wall s | CPU s | CPU ratio to the empty store |")
    print("|---|---|---|---|---|")
    for name, fmt, path in news:
        empty_wall, empty_cpu = _load(work / f"empty-{fmt}", fmt, [path])
        full_wall, full_cpu = _load(full, fmt, [path])
        print(f"| {name} | empty store | {empty_wall:.1f} | {empty_cpu:.1f} | 1 |")
        print(f"| {name} | {into} | {full_wall:.1f} | {full_cpu:.1f} "
              f"| {full_cpu / empty_cpu:.2f} |")  # fmt: skip
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"(stores kept in {work})")


if __name__ == "__main__":
    main()
