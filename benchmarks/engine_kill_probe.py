"""Can the engine's own transaction replace the writer's copy? Kill it and see.

    python benchmarks/engine_kill_probe.py [--rows N] [--folder DIR]

The embedded store's writer copies the database, writes the copy and renames it over
the store (``graph/ladybug_store.py``), so a load killed at any moment leaves the last
committed store. The engine offers its own transaction (``BEGIN TRANSACTION`` …
``COMMIT``, a write-ahead log replayed on the next open), which would spare the copy
if a killed writer always left a store that opens with its last commit.

This probe tests exactly that. A store of ``--rows`` nodes (default 1,000,000) is
copied fresh for each trial; a second process opens it, begins a transaction, writes
into it, prints ``commit`` and commits; the probe kills it (SIGKILL) a set time after
that line, then opens the store in a new process (with the engine's default
``throw_on_wal_replay_failure=True``, and with ``False``, which drops a torn log) and
counts. Two transactions:

- ``COPY + SET``: new rows by ``COPY`` (as the writer writes a large table's new
  rows), then an update of existing rows;
- ``CREATE + SET``: new rows by ``CREATE`` (as it writes a small table's), then the
  same update.

Each row: the transaction, the kill delay, the files left beside the store, and what
the next open found: ``last commit`` / ``new commit`` (the count it read), an error's
first line, or the signal that killed the opening process. Measured with LadybugDB
0.22.0 on 2026-12-07 (x86_64, ext4, 1,000,000 rows): ``COPY + SET`` killed 0.3-1 s
into the commit (while it checkpoints) left a store every later open died on with
SIGSEGV, in either setting; both transactions killed 0.03-0.3 s in (while the log is
written) left one that refused to open ("Checksum verification failed, the WAL file
is corrupted") unless the torn log was dropped. Either outcome rules the engine's
transaction out as the way a load commits: the copy never leaves such a store.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITES = {
    "COPY + SET": (
        "COPY N FROM (UNWIND range(1, {new}) AS x RETURN 'b' + string(x), x, 'new')",
        "MATCH (n:N) WHERE n.v < {changed} SET n.s = 'changed'",
    ),
    "CREATE + SET": (
        "UNWIND range(1, {new}) AS x CREATE (:N {{id: 'b' + string(x), v: x, s: 'new'}})",
        "MATCH (n:N) WHERE n.v < {changed} SET n.s = 'changed'",
    ),
}
DELAYS = (0.03, 0.1, 0.3, 0.6, 1.0, 30.0)

WRITER = """
import sys, ladybug as lb
db = lb.Database(sys.argv[1]); c = lb.Connection(db)
c.execute("BEGIN TRANSACTION")
for statement in sys.argv[2:]:
    c.execute(statement)
print("commit", flush=True)
c.execute("COMMIT")
print("committed", flush=True)
"""
READER = """
import sys, ladybug as lb
db = lb.Database(sys.argv[1], throw_on_wal_replay_failure=sys.argv[2] == "1")
c = lb.Connection(db)
print(c.execute("MATCH (n:N) RETURN count(*)").get_next()[0])
"""


def build(path: Path, rows: int) -> None:
    import ladybug as lb

    db = lb.Database(str(path))
    conn = lb.Connection(db)
    conn.execute("CREATE NODE TABLE N(id STRING, v INT64, s STRING, PRIMARY KEY(id))")
    conn.execute(f"COPY N FROM (UNWIND range(1, {rows}) AS x RETURN 'a' + string(x), x, 'old')")
    conn.close()
    db.close()


def reopen(path: Path, strict: bool, rows: int, new: int) -> str:
    done = subprocess.run(
        [sys.executable, "-c", READER, str(path), "1" if strict else "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode < 0:
        return f"died ({signal.Signals(-done.returncode).name})"
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        return "refused: " + (lines[-1][:70] if lines else f"exit {done.returncode}")
    count = int(done.stdout.strip())
    return {rows: "last commit", rows + new: "new commit"}.get(count, f"{count} rows?!")


def trial(base: Path, folder: Path, writes: tuple[str, ...], delay: float, rows: int) -> list[str]:
    for old in folder.glob("t.lbug*"):
        old.unlink()
    path = folder / "t.lbug"
    shutil.copyfile(base, path)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), *writes], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "commit"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = sorted(p.name.removeprefix("t.lbug") or "(store)" for p in folder.glob("t.lbug*"))
    kept = [reopen(path, strict, rows, rows // 2) for strict in (True, False)]
    return [", ".join(left), *kept]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    import ladybug

    folder = args.folder or Path(tempfile.mkdtemp(prefix="kill-probe-"))
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "base.lbug"
    if base.exists():
        base.unlink()
    build(base, args.rows)
    print(
        f"LadybugDB {ladybug.__version__}, {platform.machine()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores; {args.rows:,} rows, "
        f"{base.stat().st_size / 1e6:.0f} MB; {args.rows // 2:,} new, "
        f"{args.rows * 3 // 10:,} updated\n"
    )
    print("| transaction | killed after | files left | next open | next open, torn log dropped |")
    print("|---|---|---|---|---|")
    for name, shapes in WRITES.items():
        writes = tuple(s.format(new=args.rows // 2, changed=args.rows * 3 // 10) for s in shapes)
        for delay in DELAYS:
            row = trial(base, folder, writes, delay, args.rows)
            print(f"| {name} | {delay:g} s | {' | '.join(row)} |", flush=True)
    if args.folder is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
