"""``sanctiongraph changes`` between two editions of OFAC's SDN list, timed.

    python benchmarks/changes_benchmark.py ../shared/data [--runs 5]

The shared data holds one SDN edition (the legacy CSV set of 2021-07, 8,976 entries);
a second is made from a copy of it in a temporary folder (dated 2021-08-15 by its
folder's name: 20 entries removed, 5 renamed), and both are loaded into one embedded
store through the command line. Then ``changes --list us-ofac-sdn --since 2021-07-10``
runs ``--runs`` times in each of two ways:

- ``re-read``: the entries saved beside the kept copies are deleted before each run,
  so the command parses both files again (what every run did before the entries
  were saved at load time);
- ``saved``: the entries the load saved are read.

Prints, per way, wall and CPU seconds (median and max of the command process) and
whether every run printed the same rows.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SDN = "ofac/sdn_csv_2021-07"
COMMAND = ["changes", "--list", "us-ofac-sdn", "--since", "2021-07-10", "--format", "csv"]


def sdn_edition(data: Path, out: Path, removed: int = 20, renamed: int = 5) -> Path:
    """A copy of the shared SDN set with ``removed`` entries taken out and ``renamed``
    entries' names prefixed with RENAMED (spread over the file)."""
    shutil.copytree(data / SDN, out)
    sdn = out / "sdn.csv"
    lines = sdn.read_bytes().decode("latin-1").split("\r\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        entry = line.strip() not in ("", "\x1a")
        if entry and i % 400 == 7 and removed:
            removed -= 1
            continue
        if entry and i % 500 == 3 and renamed:
            renamed -= 1
            line = line.replace(',"', ',"RENAMED ', 1)  # the name is the first quoted field
        kept.append(line)
    sdn.write_bytes("\r\n".join(kept).encode("latin-1"))
    return out


def _run(env: dict[str, str], args: list[str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sanctiongraph", *args],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    wall = time.perf_counter() - t
    if done.returncode:
        sys.exit(f"sanctiongraph {' '.join(args)}: {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        wall,
        (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        done.stdout,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old = work / "sdn_2021-07-07"
        shutil.copytree(args.data / SDN, old)
        new = sdn_edition(args.data, work / "sdn_2021-08-15")
        store = work / "store.lbug"
        env = {**os.environ, "SANCTIONGRAPH_STORE": str(store), "PYTHONPATH": str(ROOT)}
        env.pop("SANCTIONGRAPH_RESOLVER", None)
        load = _run(env, ["load", "ofac-csv", str(old / "sdn.csv"), str(new / "sdn.csv")])
        print(f"load of both editions: {load[0]:.1f} s wall, {load[1]:.1f} s CPU")
        saved = sorted(work.rglob("*.entries-*.json"))
        size = sum(p.stat().st_size for p in saved)
        print(f"entries saved at load: {len(saved)} files, {size:,} bytes")
        rows = [
            "| way | runs | wall median s | wall max s | CPU median s | CPU max s | rows | same |",
            "|---|---|---|---|---|---|---|---|",
        ]
        outputs: set[str] = set()
        for way in ("re-read", "saved"):
            walls, cpus, outs = [], [], set()
            for _ in range(args.runs):
                if way == "re-read":
                    for p in work.rglob("*.entries-*.json"):
                        p.unlink()
                wall, cpu, out = _run(env, COMMAND)
                walls.append(wall)
                cpus.append(cpu)
                outs.add(out)
            outputs |= outs
            n = len(next(iter(outs)).splitlines()) - 1
            rows.append(
                f"| {way} | {args.runs} | {statistics.median(walls):.2f} | {max(walls):.2f} "
                f"| {statistics.median(cpus):.2f} | {max(cpus):.2f} | {n} | {len(outs) == 1} |"
            )
        print("\n".join(rows))
        print(f"both ways printed the same rows: {len(outputs) == 1}")
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
