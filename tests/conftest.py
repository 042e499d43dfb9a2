"""Shared fixtures: the seed story loaded into a store, and where the real data lives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.curated import load_seed

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def seeded() -> MemoryStore:
    store = MemoryStore()
    load_seed(store)
    return store


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The published files of ../shared/data, when SANCTIONGRAPH_DATA_DIR names them.

    Unset: the real-data tests are skipped (a developer without the files), except under CI.
    Set but missing: they fail, as CI must not pass without its data.
    """
    value = os.environ.get("SANCTIONGRAPH_DATA_DIR")
    if not value:
        if os.environ.get("CI"):
            pytest.fail("SANCTIONGRAPH_DATA_DIR is not set under CI; .ci/run sets it")
        pytest.skip("SANCTIONGRAPH_DATA_DIR is not set")
    path = Path(value)
    if not (path / "SOURCES.md").is_file():
        pytest.fail(f"SANCTIONGRAPH_DATA_DIR={value} does not hold the shared data (no SOURCES.md)")
    return path


# -- Neo4j ------------------------------------------------------------------------------
# Tests marked `neo4j` get their server from the environment, as the driver's own
# integration tests do. .ci/run starts one with scripts/neo4j-local and sets these.
#   SANCTIONGRAPH_TEST_NEO4J_URI, _USER (neo4j), _PASSWORD, _DATABASE (neo4j)
# Unset: those tests are skipped (a developer without a server), except under CI, where
# they fail. Set: they must pass.

MARKER = "SanctiongraphTestDatabase"


@pytest.fixture(scope="session")
def neo4j_params() -> dict[str, object]:
    uri = os.environ.get("SANCTIONGRAPH_TEST_NEO4J_URI")
    if not uri:
        if os.environ.get("CI"):
            pytest.fail("SANCTIONGRAPH_TEST_NEO4J_URI is not set under CI; .ci/run starts a server")
        pytest.skip("SANCTIONGRAPH_TEST_NEO4J_URI is not set")
    user = os.environ.get("SANCTIONGRAPH_TEST_NEO4J_USER", "neo4j")
    password = os.environ.get("SANCTIONGRAPH_TEST_NEO4J_PASSWORD", "")
    database = os.environ.get("SANCTIONGRAPH_TEST_NEO4J_DATABASE", "neo4j")
    return {"uri": uri, "auth": (user, password), "database": database}


@pytest.fixture(scope="session")
def _neo4j_checked(neo4j_params: dict[str, object]) -> None:
    """Refuse to wipe a database that holds data and was never given to these tests."""
    from sanctiongraph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(**neo4j_params)
    try:
        total = store.count_nodes()
        marked = store.cypher(f"MATCH (m:{MARKER}) RETURN count(m) AS c", {})[0]["c"]
        if total and not marked:
            pytest.fail(
                f"{neo4j_params['uri']} database {neo4j_params['database']} holds {total} nodes "
                "and no test marker: give the tests an empty database"
            )
    finally:
        store.close()


@pytest.fixture()
def neo4j_store(neo4j_params: dict[str, Any], _neo4j_checked: None) -> Iterator[Any]:
    from sanctiongraph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(**neo4j_params)
    store.clear()
    yield store
    store.clear()
    store.cypher(f"CREATE (:{MARKER})", {}, write=True)
    store.close()


@pytest.fixture(scope="module")
def neo4j_module_store(neo4j_params: dict[str, Any], _neo4j_checked: None) -> Iterator[Any]:
    """The test server's database, emptied, for a module that loads it once (and empties
    it again when the module is done)."""
    from sanctiongraph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(**neo4j_params)
    store.clear()
    yield store
    store.clear()
    store.cypher(f"CREATE (:{MARKER})", {}, write=True)
    store.close()


@pytest.fixture()
def ladybug_store(tmp_path: Path) -> Iterator[Any]:
    """The default store: an empty LadybugDB database in a file of its own."""
    from sanctiongraph.graph.ladybug_store import LadybugStore

    store = LadybugStore(tmp_path / "graph.lbug", batch_size=1000)
    yield store
    store.close()


@pytest.fixture(params=["memory", "embedded", "neo4j"])
def any_store(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Each backend in turn, empty: the shared scenario runs against every store."""
    if request.param == "memory":
        yield MemoryStore()
    elif request.param == "embedded":
        yield request.getfixturevalue("ladybug_store")
    else:
        yield request.getfixturevalue("neo4j_store")
