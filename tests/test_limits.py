"""Every store stops a query at the time limit and refuses results over the row limit,
with an error that names the limit and its setting."""

from __future__ import annotations

from typing import Any

import pytest

from sanctiongraph.graph.store import StoreError
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.queries import run_query
from sanctiongraph.settings import Limits

# Queries that run for minutes on the seed: long variable-length patterns through hubs.
SLOW = {
    "memory": "MATCH (a)-[*1..3]->(b)<-[*1..3]-(c) RETURN COUNT(a)",
    "embedded": "MATCH (a)-[*1..8]-(b) RETURN count(*) AS n",
    "neo4j": "MATCH (a)-[*1..8]-(b) RETURN count(*) AS n",
}


def _kind(store: Any) -> str:
    return {"networkx": "memory", "ladybug": "embedded", "neo4j": "neo4j"}[store.dialect]


def test_a_runaway_query_stops_at_the_time_limit(any_store: Any) -> None:
    load_seed(any_store)
    any_store.limits = Limits(query_timeout=0.5, max_rows=100_000)
    with pytest.raises(StoreError, match="SANCTIONGRAPH_QUERY_TIMEOUT"):
        any_store.cypher(SLOW[_kind(any_store)], {})


def test_results_over_the_row_limit_are_refused(any_store: Any) -> None:
    load_seed(any_store)
    any_store.limits = Limits(query_timeout=60, max_rows=5)
    with pytest.raises(StoreError, match="SANCTIONGRAPH_MAX_ROWS"):
        any_store.cypher("MATCH (n:Entity) RETURN n.id", {})
    with pytest.raises(StoreError, match="SANCTIONGRAPH_MAX_ROWS"):
        run_query(any_store, "sources", {})
    assert len(any_store.cypher("MATCH (n:Entity) RETURN n.id LIMIT 5", {})) == 5
