"""The precision script over a reviewer's verdict files (benchmarks/merge_audit_precision.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    # benchmarks/ is a folder of scripts, not a package: load the file itself.
    spec = importlib.util.spec_from_file_location(
        "merge_audit_precision", ROOT / "benchmarks" / "merge_audit_precision.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wilson_lower_bound_matches_published_values() -> None:
    m = _script()
    # Standard Wilson score values (z = 1.96), as quoted for the earlier audits.
    assert m.wilson_lower(150, 150) == pytest.approx(0.9750, abs=5e-4)
    assert m.wilson_lower(149, 150) == pytest.approx(0.9632, abs=5e-4)
    assert m.wilson_lower(103, 103) == pytest.approx(0.9640, abs=5e-4)
    assert m.wilson_lower(0, 0) == 0.0
    assert m.wilson_lower(5, 10) < 0.5


def test_tally_counts_verdicts_and_rejects_typos(tmp_path: Path) -> None:
    m = _script()
    good = tmp_path / "good.csv"
    good.write_text(
        "evidence,verdict\nname,SAME\nname,different\nname,\nname,UNSURE\nidentifier,SAME\n",
        encoding="utf-8",
    )
    counts = m.tally([good])
    assert dict(counts["name"]) == {"SAME": 1, "DIFFERENT": 1, "UNSURE": 1}
    assert dict(counts["identifier"]) == {"SAME": 1}
    lines = m.table(counts)
    assert "| name | 3 | 1 | 1 | 1 | 0.500 |" in "\n".join(lines)
    bad = tmp_path / "bad.csv"
    bad.write_text("evidence,verdict\nname,SAMEE\n", encoding="utf-8")
    with pytest.raises(ValueError, match="SAMEE"):
        m.tally([bad])


def test_committed_audit_files_hold_only_valid_verdicts() -> None:
    m = _script()
    files = sorted((ROOT / "benchmarks" / "reviewed").glob("merge-audit-seed23-*.csv"))
    assert files, "the seed-23 audit files are committed"
    counts = m.tally(files)
    # Every sampled row was judged: 150 per type where the pool allowed, the whole pool otherwise;
    # the name rule twice over (two disjoint random batches), close-name-dob's whole pool of 248.
    assert sum(counts["name"].values()) == 300
    assert counts["name"]["DIFFERENT"] == 2
    assert sum(counts["close-name-dob"].values()) == 248
    assert sum(counts["other-identifier"].values()) == 300
    assert sum(counts["cited-identifier"].values()) == 300
