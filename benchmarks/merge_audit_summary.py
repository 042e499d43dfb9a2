"""Precision per merge rule from a reviewer's verdicts (issue 18's precision target).

    python benchmarks/merge_audit_summary.py [benchmarks/reviewed]

Reads every ``merge-audit-<evidence>.csv`` (written from ``merge_sample.py``'s
sample, one verdict per row: SAME, DIFFERENT, UNSURE or "SAME (birth-date
conflict)") and prints a Markdown table: rows judged, wrong (DIFFERENT, and a
birth-date conflict, which the audit counts as wrong), UNSURE, and the Wilson
95% lower bound of precision over the rows judged sure, then with UNSURE
counted wrong.
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path


def wilson_lower(right: int, n: int, z: float = 1.959964) -> float:
    """The Wilson score interval's lower end for right/n (z for 95%)."""
    if n == 0:
        return float("nan")
    p = right / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def main(argv: list[str]) -> None:
    folder = Path(argv[0] if argv else Path(__file__).parent / "reviewed")
    print("| evidence | judged | DIFFERENT | birth-date conflict | UNSURE | right / sure "
          "| Wilson 95% lower bound | same, UNSURE as wrong |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for path in sorted(folder.glob("merge-audit-*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            verdicts = [row["verdict"] for row in csv.DictReader(f)]
        n = len(verdicts)
        different = verdicts.count("DIFFERENT")
        conflict = sum(1 for v in verdicts if "conflict" in v)
        unsure = verdicts.count("UNSURE")
        right = n - different - conflict - unsure
        evidence = path.stem.removeprefix("merge-audit-")
        sure, strict = wilson_lower(right, n - unsure), wilson_lower(right, n)
        print(f"| {evidence} | {n} | {different} | {conflict} | {unsure} | {right} / {n - unsure} "
              f"| {sure:.3f} | {strict:.3f} |")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
