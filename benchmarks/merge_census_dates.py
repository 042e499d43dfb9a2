"""A census of birth-date conflicts over every cross-authority merge (issue 18's
precision target counts them as wrong).

    python benchmarks/merge_sample.py ../shared/data --per-type 100000 --seed 31 --out /tmp/fullpool
    python benchmarks/merge_census_dates.py /tmp/fullpool.csv [--out conflicts.csv]

Reads the sample CSV (every merge when ``--per-type`` exceeds every pool) and
flags a merge whose two records both give birth dates that cannot both hold:
their birth years have none in common ("years disjoint"), or they share a year
but both give full dates (YYYY-MM-DD) and none is common ("full dates
disjoint"). A date given only as a year or a month is compared by its year
alone, so "1971" never conflicts with "1971-01-29". Prints merges and conflicts
per evidence type and, with ``--out``, writes the flagged rows for a reader to
check against the source files. The reviewer's own reading, not the package's
date code, so the check does not grade the code against itself.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def read_dates(cell: str) -> tuple[set[str], set[str]]:
    """Years and full dates found in one record's birth-date cell."""
    years: set[str] = set()
    full: set[str] = set()
    for m in DATE.finditer(cell or ""):
        years.add(m.group(1))
        if m.group(3):
            full.add(m.group(0))
    return years, full


def conflict(a: str, b: str) -> str:
    ya, fa = read_dates(a)
    yb, fb = read_dates(b)
    if not ya or not yb:
        return ""
    if not ya & yb:
        return "years disjoint"
    if fa and fb and not fa & fb:
        return "full dates disjoint"
    return ""


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sample", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    merges: Counter[str] = Counter()
    flagged: Counter[tuple[str, str]] = Counter()
    rows = []
    with args.sample.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            merges[r["evidence"]] += 1
            kind = conflict(r.get("a_birth_dates", ""), r.get("b_birth_dates", ""))
            if kind:
                flagged[(r["evidence"], kind)] += 1
                rows.append({"evidence": r["evidence"], "conflict": kind, **r})
    print("| evidence type | merges | years disjoint | full dates disjoint | share |")
    print("|---|---|---|---|---|")
    for ev, n in sorted(merges.items()):
        y, f = flagged[(ev, "years disjoint")], flagged[(ev, "full dates disjoint")]
        print(f"| {ev} | {n:,} | {y} | {f} | {(y + f) / n:.2%} |")
    if args.out and rows:
        with args.out.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
