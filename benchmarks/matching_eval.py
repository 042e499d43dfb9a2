"""Precision and recall of cross-list matching on the labelled set.

    python benchmarks/matching_eval.py ../shared/data

Loads the published files named by tests/fixtures/matching_labels.yaml into
one embedded store, without the seed story (so every merge is the matcher's
own), and counts labelled pairs merged and kept apart. Prints a Markdown table.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctiongraph.ingest.evaluation import LABELLED_FILES, evaluate  # noqa: E402


def main(data_dir: Path) -> None:
    r = evaluate(ROOT / "tests" / "fixtures" / "matching_labels.yaml", data_dir, LABELLED_FILES)
    print(
        "| labelled pairs | same, merged | same, apart | different, merged | different, apart "
        "| precision | recall |"
    )
    print("|---|---|---|---|---|---|---|")
    total = r.true_pos + r.false_neg + r.false_pos + r.true_neg
    print(
        f"| {total} | {r.true_pos} | {r.false_neg} | {r.false_pos} | {r.true_neg} "
        f"| {r.precision:.3f} | {r.recall:.3f} |"
    )
    for a, b in r.missed:
        print(f"missed: {a} ~ {b}")
    for a, b in r.wrong:
        print(f"wrongly merged: {a} ~ {b}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
