"""A load applies the judgements that concern what it loaded, without a rebuild.

A reviewer's "same" on two records binds their entities; a load of the list's
newest edition must not leave the pair apart until the next ``rebuild`` (the
judgement names the older edition's records: judgements are kept by the list's
record). A "different" holds for the new edition's record the same way. Editions
are made from the real UN 2018 file (tests/un_editions.py), beside the UK fixture
whose records the UN file's evidence joins; through the library on a saved
in-process store (re-derived from its log), the Python API on a store kept nowhere
(joined in place) and the command line on the embedded store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import sanctiongraph
from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.canonical import Logged, load_logged
from sanctiongraph.loaders.registry import detect
from sanctiongraph.resolution.history import LoadLog
from sanctiongraph.resolution.judgements import Judgements, list_record
from tests.un_editions import UN_2018, edition

UK = Path(__file__).parent / "fixtures" / "lists" / "uk_conlist.csv"
UN_A = "source:unsc-consolidated-2018-10-29"
UN_B = "source:unsc-consolidated-2019-03-01"
# Two UN entities the evidence keeps apart, each also on the UK fixture.
TIR = "110403"  # 7th of Tir
MIZAN = "110361"  # Mizan Machinery Manufacturing
TIR_UK = "source:gb-ofsi-conlist-csv-2018-04-13#8990"


def entities(g: Any) -> dict[str, set[str]]:
    return {
        n: set(a.get("records") or ()) for n, a in g.nodes(data=True) if a.get("label") == "Entity"
    }


def holder(g: Any, record: str) -> str:
    (found,) = [n for n, recs in entities(g).items() if record in recs]
    return found


def held_by_list(g: Any, record: str) -> set[str]:
    """Every entity holding an edition of ``record``'s list record."""
    listed = list_record(record)
    return {n for n, recs in entities(g).items() if listed in {list_record(r) for r in recs}}


@pytest.fixture()
def newer(data_dir: Path, tmp_path: Path) -> Path:
    """The UN 2018 entries again, as a later edition (its own Source, same DATAIDs)."""
    return edition(data_dir, tmp_path / "editions" / "un_2019-03-01.xml", "2019-03-01")


def _load(store: Any, log: LoadLog, judgements: Judgements, *files: Path) -> list[Logged]:
    return [load_logged(store, detect(f), f, log, judgements) for f in files]


def test_a_new_edition_joins_a_pair_judged_the_same(
    data_dir: Path, tmp_path: Path, newer: Path
) -> None:
    store = MemoryStore(tmp_path / "store.json")
    log = LoadLog(tmp_path / "store.loads.jsonl")
    judgements = Judgements(tmp_path / "store.resolver.jsonl")
    _load(store, log, judgements, data_dir / UN_2018, UK)
    g = store.to_networkx()
    tir, mizan = f"{UN_A}#{TIR}", f"{UN_A}#{MIZAN}"
    both = entities(g)[holder(g, tir)] | entities(g)[holder(g, mizan)]
    assert holder(g, tir) != holder(g, mizan)
    # Judged on the older edition's records; the store is not re-derived.
    judgements.judge(tir, mizan, "same", who="tester")
    (done,) = _load(store, log, judgements, newer)
    g = store.to_networkx()
    # Both editions of both entries, and the UK records of both, in one node.
    joined = holder(g, f"{UN_B}#{TIR}")
    assert both | {f"{UN_B}#{TIR}", f"{UN_B}#{MIZAN}"} <= entities(g)[joined]
    assert held_by_list(g, tir) == held_by_list(g, mizan) == {joined}
    assert any("judged the same" in w and tir in w for w in done.warnings), done.warnings
    # The decisions the load returns name the entities the store now holds.
    assert {d.entity for d in done.decisions} <= set(entities(g))
    # The store is the one a rebuild makes: nothing left for it to do.
    from sanctiongraph.ingest.rebuild import rebuild

    before = entities(g)
    rebuild(store, log, judgements)
    assert entities(store.to_networkx()) == before


def test_a_different_judgement_holds_for_the_new_editions_record(
    data_dir: Path, tmp_path: Path, newer: Path
) -> None:
    store = MemoryStore(tmp_path / "store.json")
    log = LoadLog(tmp_path / "store.loads.jsonl")
    judgements = Judgements(tmp_path / "store.resolver.jsonl")
    _load(store, log, judgements, data_dir / UN_2018, UK)
    tir = f"{UN_A}#{TIR}"
    g = store.to_networkx()
    assert holder(g, tir) == holder(g, TIR_UK)  # the evidence joins the UN and UK records
    judgements.judge(tir, TIR_UK, "different", who="tester")
    from sanctiongraph.ingest.rebuild import rebuild

    rebuild(store, log, judgements)
    (done,) = _load(store, log, judgements, newer)
    g = store.to_networkx()
    # The new edition's record is the list's record judged different: it stays with its
    # older edition, apart from the UK record the evidence would join it to.
    assert holder(g, f"{UN_B}#{TIR}") == holder(g, tir) != holder(g, TIR_UK)
    assert not any("judged the same" in w for w in done.warnings)


def test_the_api_joins_in_a_graph_kept_nowhere(data_dir: Path, tmp_path: Path, newer: Path) -> None:
    """A memory graph with a resolver file: no log to replay, the join is made in place."""
    resolver = tmp_path / "resolver.jsonl"
    tir, mizan = f"{UN_A}#{TIR}", f"{UN_A}#{MIZAN}"
    with sanctiongraph.open("memory", resolver=resolver) as graph:
        graph.load(data_dir / UN_2018)
        Judgements(resolver).judge(tir, mizan, "same", who="tester")
        loaded = graph.load(newer)
        g = graph.to_networkx()
        assert held_by_list(g, tir) == held_by_list(g, mizan)
        assert len(held_by_list(g, tir)) == 1
        assert any("judged the same" in w for w in loaded.warnings), loaded.warnings
        assert {d.entity for d in loaded.decisions} <= set(entities(g))


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "store.lbug"))
    monkeypatch.delenv("SANCTIONGRAPH_RESOLVER", raising=False)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, list(args))
        assert result.exit_code == code, result.output + repr(result.exception)
        return result.output

    return invoke


def test_the_command_line_load_joins_on_the_embedded_store(
    run: Callable[..., str], data_dir: Path, tmp_path: Path, newer: Path
) -> None:
    tir, mizan = f"{UN_A}#{TIR}", f"{UN_A}#{MIZAN}"
    run("load", "auto", str(data_dir / UN_2018), str(UK))
    run("resolver", "judge", tir, mizan, "same", "--who", "tester")
    g = LadybugStore(tmp_path / "store.lbug").to_networkx()
    assert holder(g, tir) != holder(g, mizan)
    out = run("load", "auto", str(newer))
    assert "judged the same" in out
    g = LadybugStore(tmp_path / "store.lbug").to_networkx()
    assert held_by_list(g, tir) == held_by_list(g, mizan)
    assert len(held_by_list(g, tir)) == 1


@pytest.mark.neo4j
def test_a_new_edition_joins_on_neo4j(
    neo4j_store: Any, data_dir: Path, tmp_path: Path, newer: Path
) -> None:
    """The same on a Neo4j database: re-derived from the log, replaced in one transaction."""
    log = LoadLog(tmp_path / "store.loads.jsonl")
    judgements = Judgements(tmp_path / "store.resolver.jsonl")
    tir, mizan = f"{UN_A}#{TIR}", f"{UN_A}#{MIZAN}"
    _load(neo4j_store, log, judgements, data_dir / UN_2018, UK)
    judgements.judge(tir, mizan, "same", who="tester")
    (done,) = _load(neo4j_store, log, judgements, newer)
    g = neo4j_store.to_networkx()
    assert held_by_list(g, tir) == held_by_list(g, mizan)
    assert len(held_by_list(g, tir)) == 1
    assert any("judged the same" in w for w in done.warnings), done.warnings
