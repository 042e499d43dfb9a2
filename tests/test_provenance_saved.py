"""``provenance`` and the review page's statements read what each record says from a
small file saved beside each kept copy at load, not by parsing the list again."""

from __future__ import annotations

from pathlib import Path

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.canonical import load_logged
from sanctiongraph.resolution.history import LoadLog
from sanctiongraph.resolution.judgements import Judgements
from sanctiongraph.resolution.provenance import record_statements

LISTS = Path(__file__).parent / "fixtures" / "lists"


def test_statements_are_saved_at_load_and_read_back_the_same(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store.json")
    log = LoadLog(tmp_path / "store.loads.jsonl")
    load_logged(store, "un-xml", LISTS / "un_consolidated.xml", log, Judgements())
    (saved,) = log.kept_root.glob("*/un-xml.statements-*.json")
    records = [str(r) for row in store.entities(("records",)) for r in row["records"]][:40]
    from_saved, missing = record_statements(log, records)
    assert not missing and {s.record for s in from_saved} == set(records)
    assert {s.prop for s in from_saved} >= {"name", "kind", "listing"}
    # The same statements as reading the kept copy again (which saves the file anew).
    saved.unlink()
    again, _ = record_statements(log, records)
    assert again == from_saved and saved.exists()
