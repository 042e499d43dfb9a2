"""One scenario, every backend: what a store must do, whichever it is.

Query parity between the backends is tests/test_neo4j.py::test_parity_every_named_query.
"""

from __future__ import annotations

import pytest

from sanctiongraph.graph.records import SchemaError, cite, node, rel
from sanctiongraph.graph.store import Store
from sanctiongraph.loaders.curated import load_seed
from tests.scenario import snapshot


def test_loading_twice_changes_nothing(any_store: Store) -> None:
    load_seed(any_store)
    before = snapshot(any_store)
    load_seed(any_store)
    assert snapshot(any_store) == before


def test_failed_load_leaves_the_store_as_it_was(any_store: Store) -> None:
    load_seed(any_store)
    before = snapshot(any_store)
    prov = cite("test", "r1")
    with pytest.raises(RuntimeError), any_store.writer(batch_size=2) as w:
        # Change an existing node, add new ones and edges: all in flushed batches.
        renamed = {"kind": "organization", "name": "Renamed", "aliases": ["X"]}
        w.add(node("Entity", "entity:korea-computer-center", renamed, prov))
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, prov))
        w.add(rel("HEADQUARTERED_IN", "entity:korea-computer-center", "country:FR", prov))
        w.add(rel("HEADQUARTERED_IN", "entity:korea-computer-center", "country:KP", prov))
        w.flush()
        raise RuntimeError("the source file broke off here")
    assert snapshot(any_store) == before


def test_relationship_to_a_missing_node_fails_the_whole_load(any_store: Store) -> None:
    load_seed(any_store)
    before = snapshot(any_store)
    prov = cite("test")
    with pytest.raises(SchemaError, match="no node branch:nowhere"), any_store.writer() as w:
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, prov))
        w.add(rel("LOCATED_IN", "branch:nowhere", "country:FR", prov))
    assert snapshot(any_store) == before
