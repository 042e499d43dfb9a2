"""Japan MOF's second sheet (タリバーン関係者等: persons and groups on one sheet)
against a reviewer's labels: benchmarks/reviewed/mof-sheet2-kinds.csv, a random
sample (seed 18) of the sheet's named rows that a reviewer who did not write the
loader labelled person or organisation from the row itself. The labels are data,
read here; the loader's kind is asked of a store the workbook was loaded into.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.load import load_file
from sanctiongraph.loaders.registry import detect

pytestmark = pytest.mark.realdata

MOF = "jp/mof_shisantouketsu20260305.xlsx"
LABELS = Path(__file__).parents[1] / "benchmarks" / "reviewed" / "mof-sheet2-kinds.csv"


def _labels() -> dict[str, str]:
    """Notice number (as the sheet writes it, ``*293`` included) → the reviewer's kind."""
    with LABELS.open(encoding="utf-8", newline="") as f:
        return {row["notice"]: row["label"] for row in csv.DictReader(f)}


def test_sheet2_kinds_match_the_reviewers_labels(data_dir: Path) -> None:
    store = MemoryStore()
    path = data_dir / MOF
    load_file(store, detect(path), path)
    kinds: dict[str, str] = {}
    for _, a in store.graph.nodes(data=True):
        if a.get("label") != "Entity":
            continue
        for record in a.get("records") or ():
            _, _, local = str(record).partition("#")
            if local.startswith("2/"):
                kinds[local.removeprefix("2/")] = str(a["kind"])
    labels = _labels()
    assert len(labels) >= 100
    wrong = {n: (want, kinds.get(n)) for n, want in labels.items() if kinds.get(n) != want}
    assert wrong == {}
