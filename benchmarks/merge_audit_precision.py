"""Precision per merge rule from a reviewer's verdicts, with the 95% Wilson lower bound.

    python benchmarks/merge_audit_precision.py benchmarks/reviewed/merge-audit-seed23-*.csv

Reads verdict files written from ``merge_sample.py``'s sample (one row per
sampled merge: an ``evidence`` column naming the rule and a ``verdict`` column
holding SAME, DIFFERENT or UNSURE) and prints, per rule, how many merges were
judged, how many were wrong (DIFFERENT) or left UNSURE, the precision and the
Wilson score lower bound of the precision at 95%. Precision is given twice: with
UNSURE rows left out (the reviewer could not tell), and counting them as wrong
(the bound to quote when a false merge costs more than a missed one). A row with
an empty verdict is not judged and counts nowhere; any other verdict is an error,
so a typo cannot pass as a judgement.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter
from pathlib import Path

VERDICTS = ("SAME", "DIFFERENT", "UNSURE")


def wilson_lower(successes: int, n: int, z: float = 1.96) -> float:
    """The Wilson score interval's lower end for ``successes`` out of ``n``.

    Used instead of the normal approximation because with 150 of 150 right the
    normal interval collapses to [1, 1], which claims a certainty no sample has.
    """
    if n == 0:
        return 0.0
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def tally(paths: list[Path]) -> dict[str, Counter[str]]:
    """Verdict counts per evidence type over the given files."""
    per_type: dict[str, Counter[str]] = {}
    for path in paths:
        with path.open(newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                verdict = (row.get("verdict") or "").strip().upper()
                if not verdict:
                    continue
                if verdict not in VERDICTS:
                    raise ValueError(f"{path}:{line}: verdict {verdict!r} is not one of {VERDICTS}")
                per_type.setdefault(row["evidence"], Counter())[verdict] += 1
    return per_type


def table(per_type: dict[str, Counter[str]]) -> list[str]:
    lines = [
        "| evidence type | judged | same | different | unsure | precision (unsure left out) "
        "| 95% Wilson lower bound | precision (unsure as wrong) | 95% Wilson lower bound |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for evidence, c in sorted(per_type.items()):
        same, wrong, unsure = c["SAME"], c["DIFFERENT"], c["UNSURE"]
        judged = same + wrong + unsure
        decided = same + wrong
        strict = f"{same / judged:.3f} | {wilson_lower(same, judged):.3f}"
        lenient = "- | -"
        if decided:
            lenient = f"{same / decided:.3f} | {wilson_lower(same, decided):.3f}"
        counts = f"{judged} | {same} | {wrong} | {unsure}"
        lines.append(f"| {evidence} | {counts} | {lenient} | {strict} |")
    return lines


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", type=Path, nargs="+", help="verdict CSV files")
    args = ap.parse_args(argv)
    print("\n".join(table(tally(args.files))))


if __name__ == "__main__":
    main(sys.argv[1:])
