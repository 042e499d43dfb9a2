"""Where the rows of an audited queue sample stand in another store's queue.

    python benchmarks/queue_resample.py STORE.lbug benchmarks/audits/queue-seed2027-sample-40.csv

STORE is an embedded store built as the audit built its own (every file of
``SHARED_DATA_FILES``, no resolver file, so the candidate log sits beside it). Each
audited row names the two records of its strongest line (``record``, ``other_record``);
the script finds the entities holding them now and prints, per row, the audit's rank,
verdict and score beside the pair's rank and score in this store's queue, or
``merged`` (one entity now) or ``not queued``. It judges nothing: the verdicts are the
auditor's. Then the queue's size and, for the rows still queued, how many of each
verdict rank below the lowest-ranked row judged worth a person's time.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main(store_path: Path, sample: Path) -> None:
    from sanctiongraph.graph.ladybug_store import LadybugStore
    from sanctiongraph.paths import beside
    from sanctiongraph.resolution.queue import entity_info, queue

    # With no resolver file given, the store's own sits beside it: <store>.resolver.jsonl.
    log = beside(store_path.with_name(f"{store_path.stem}.resolver.jsonl"), "candidates")
    with LadybugStore(store_path) as store:
        known = entity_info(store)
        pairs, _ = queue(log, store, None, known=known)
    where = known[0]
    rank = {(p.a, p.b): (n, p) for n, p in enumerate(pairs, 1)}
    rows = list(csv.DictReader(sample.open(encoding="utf-8")))
    print(f"queue: {len(pairs)} rows")
    print("| audit rank | worth | score then | now | score now | evidence now | names |")
    print("|---|---|---|---|---|---|---|")
    placed: list[tuple[str, int]] = []
    for row in rows:
        ea, eb = where.get(row["record"]), where.get(row["other_record"])
        names = f"{row['name']} / {row['other_name']}"
        if ea is None or eb is None:
            now, score, ev = "record gone", "", ""
        elif ea == eb:
            now, score, ev = "merged", "", ""
        else:
            hit = rank.get((min(ea, eb), max(ea, eb)))
            if hit is None:
                now, score, ev = "not queued", "", ""
            else:
                now, score, ev = str(hit[0]), f"{hit[1].score:.3f}", hit[1].evidence
                placed.append((row["worth"], hit[0]))
        then = f"{row['rank']} | {row['worth']} | {row['score']}"
        print(f"| {then} | {now} | {score} | {ev} | {names} |")
    worth = [r for w, r in placed if w == "YES"]
    if worth:
        last = max(worth)
        below = sum(1 for w, r in placed if w == "NO" and r > last)
        above = sum(1 for w, r in placed if w == "NO" and r <= last)
        print(
            f"\nstill queued: {len(worth)} YES, {len(placed) - len(worth)} NO; "
            f"NO rows below the lowest YES (rank {last}): {below}, above it: {above}"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
