"""Resolution on the published files of ../shared/data (SANCTIONGRAPH_DATA_DIR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctiongraph.loaders.registry import FORMATS
from sanctiongraph.resolution.recall import UK_FILE, measure


def test_recall_on_uk_2018_x_un_2018_dprk_pairs_citing_a_un_ref(data_dir: Path) -> None:
    reader = FORMATS["uk-csv"].reader()
    if not any("un_ref_cited" in t.ids for t in reader.targets(data_dir / UK_FILE)):
        pytest.skip("the UK loader does not read cited UN references yet (branch evidence)")
    r = measure(data_dir)
    assert r.pairs >= 130
    assert r.recall >= 0.97, r.missed
