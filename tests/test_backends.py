"""One scenario, every backend: what a store must do, whichever it is.

Query parity between the backends is tests/test_neo4j.py::test_parity_every_named_query.
"""

from __future__ import annotations

import pytest

from sanctiongraph.graph.records import SchemaError, cite, node, rel
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.curated import load_seed
from tests.scenario import break_a_load, snapshot


def test_loading_twice_changes_nothing(any_store: Store) -> None:
    load_seed(any_store)
    before = snapshot(any_store)
    load_seed(any_store)
    assert snapshot(any_store) == before


def test_failed_load_leaves_the_store_as_it_was(any_store: Store) -> None:
    load_seed(any_store)
    before = snapshot(any_store)
    with pytest.raises(RuntimeError), any_store.writer(batch_size=2) as w:
        break_a_load(w)
    assert snapshot(any_store) == before


def test_relationship_to_a_missing_node_fails_the_whole_load(any_store: Store) -> None:
    load_seed(any_store)
    before = snapshot(any_store)
    prov = cite("test")
    with pytest.raises(SchemaError, match="no node branch:nowhere"), any_store.writer() as w:
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, prov))
        w.add(rel("LOCATED_IN", "branch:nowhere", "country:FR", prov))
    assert snapshot(any_store) == before


def test_matching_reads_answer_alike_on_every_store(any_store: Store) -> None:
    """The reads the cross-list matcher makes of a store (seats, listings by the words
    of their programme or reference) give the in-process store's answer everywhere."""
    from sanctiongraph.graph.memory import MemoryStore

    load_seed(any_store)
    twin = MemoryStore()
    load_seed(twin)
    seats = sorted(any_store.entity_seats())
    assert seats == sorted(twin.entity_seats()) and len(seats) == 19
    assert ("entity:korea-computer-center", "KP") in seats
    # Offices' addresses, read for the matcher's street-address evidence.
    offices = sorted(any_store.entity_addresses(), key=str)
    assert offices == sorted(twin.entity_addresses(), key=str) and offices

    def mentioning(store: Store) -> list[tuple[str, str, str]]:
        rows = store.listings_mentioning(["協調", "nothing"], ["DPR00"])
        return sorted((r["id"], r["programme"], r["reference"]) for r in rows)

    # The matcher's reads are ours, bounded by the graph: a user's row limit (here
    # smaller than the store) must not fail the load that makes them.
    from sanctiongraph.settings import Limits

    any_store.limits = Limits(query_timeout=60, max_rows=5)
    assert sorted(any_store.entity_seats()) == seats
    assert sorted(any_store.entity_addresses(), key=str) == offices
    found = mentioning(any_store)
    assert found == mentioning(twin)
    # Japan's 19 of 15 December 2017 by their programme; the UK's one by its reference.
    assert len(found) == 20
    assert {p for _, p, _ in found} == {
        "北朝鮮(協調；団体)",
        "Democratic People's Republic of Korea",
    }
    assert list(any_store.listings_mentioning(["no such word"], [])) == []
