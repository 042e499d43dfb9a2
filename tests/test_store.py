"""The embedded store: round trip, idempotent loads, all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.records import SchemaError, cite, node, rel
from sanctiongraph.graph.store import StoreError
from sanctiongraph.ingest.curated import load_seed
from tests.scenario import snapshot


def test_save_and_reopen_round_trips_every_value(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    store = MemoryStore(path)
    load_seed(store)
    assert path.exists()
    again = MemoryStore(path)
    assert snapshot(again) == snapshot(store)
    assert again.stats() == {**store.stats()}


def test_failed_load_does_not_touch_the_file(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    store = MemoryStore(path)
    load_seed(store)
    on_disk = path.read_bytes()
    with pytest.raises(RuntimeError), store.writer() as w:
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, cite("t")))
        w.flush()
        raise RuntimeError("boom")
    assert path.read_bytes() == on_disk


def test_records_are_checked_against_the_schema() -> None:
    prov = cite("t")
    with pytest.raises(SchemaError, match="no property 'colour'"):
        node("Country", "country:FR", {"colour": "blue"}, prov)
    with pytest.raises(SchemaError, match="not an ISO date"):
        node("Event", "event:x", {"date": "29/11/2017"}, prov)
    with pytest.raises(SchemaError, match="no source"):
        node("Country", "country:FR", {"code": "FR"}, {})
    with pytest.raises(SchemaError, match="must start with 'country'"):
        node("Country", "entity:fr", {"code": "FR"}, prov)
    with pytest.raises(KeyError):
        rel("OWNS_A_YACHT", "entity:a", "entity:b", prov)


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "g.json"
    bad.write_text('{"hello": 1}')
    with pytest.raises(StoreError, match="not a sanctiongraph store"):
        MemoryStore(bad)
    bad.write_text("{truncated")
    with pytest.raises(StoreError, match="not a sanctiongraph store"):
        MemoryStore(bad)


def test_a_load_collects_cycles_less_often_and_restores_the_collector(tmp_path: Path) -> None:
    import gc

    before = gc.get_threshold()
    store = MemoryStore(tmp_path / "g.json")
    with store.writer() as w:
        assert gc.get_threshold()[0] >= w.GC_THRESHOLD[0]
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, cite("t")))
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), store.writer():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before


def test_provenance_wins_over_props_and_both_are_checked() -> None:
    n = node("Country", "country:FR", {"code": " FR ", "sources": ["x"]}, cite("t", "r"))
    assert n.props["sources"] == ["source:t"] and n.props["code"] == "FR"
    assert n.props["records"] == ["source:t#r"]
    with pytest.raises(SchemaError, match="no property 'colour'"):
        node("Country", "country:FR", {"code": "FR"}, {**cite("t"), "colour": ["red"]})
    r = rel("TARGETS", "listing:a", "entity:b", cite("t"), {"match_confidence": "0.5"})
    assert r.props["match_confidence"] == 0.5
