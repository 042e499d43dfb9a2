"""Shared fixtures: the seed story loaded into a store, and where the real data lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.loaders.curated import load_seed

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def seeded() -> MemoryStore:
    store = MemoryStore()
    load_seed(store)
    return store


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The published files of ../shared/data, when SANCTIONGRAPH_DATA_DIR names them.

    Unset: the real-data tests are skipped (a developer without the files).
    Set but missing: they fail, as CI must not pass without its data.
    """
    value = os.environ.get("SANCTIONGRAPH_DATA_DIR")
    if not value:
        pytest.skip("SANCTIONGRAPH_DATA_DIR is not set")
    path = Path(value)
    if not (path / "SOURCES.md").is_file():
        pytest.fail(f"SANCTIONGRAPH_DATA_DIR={value} does not hold the shared data (no SOURCES.md)")
    return path
