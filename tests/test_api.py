"""sanctiongraph.open(): the Python API takes what the command line takes and answers alike."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import sanctiongraph
from sanctiongraph.api import Rows
from sanctiongraph.cli import main
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.store import StoreError
from sanctiongraph.ingest.curated import seed_path
from sanctiongraph.ingest.load import load_file
from sanctiongraph.queries import get_query, run_query
from sanctiongraph.viz import MissingExtra

FIXTURES = Path(__file__).parent / "fixtures" / "lists"


def _env(tmp_path: Path) -> dict[str, str]:
    """Settings that point nowhere near a user's store or resolver."""
    return {"SANCTIONGRAPH_STORE": str(tmp_path / "default.lbug"), "XDG_DATA_HOME": str(tmp_path)}


def test_load_file_takes_auto_as_the_command_line_does() -> None:
    told, named = MemoryStore(), MemoryStore()
    summary, decisions = load_file(told, "auto", FIXTURES / "un_consolidated.xml")
    load_file(named, "un-xml", FIXTURES / "un_consolidated.xml")
    assert summary.records > 0 and len(decisions) == summary.records
    assert told.stats() == named.stats()


def test_an_embedded_store_loaded_from_python_equals_one_loaded_by_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SANCTIONGRAPH_RESOLVER", raising=False)
    files = [seed_path(), FIXTURES / "uk_conlist.csv", FIXTURES / "un_consolidated.xml"]
    by_cli, by_api = tmp_path / "cli" / "g.lbug", tmp_path / "api" / "g.lbug"
    args = ["--store-path", str(by_cli), "load", "auto", *map(str, files), "--format", "json"]
    printed = CliRunner().invoke(main, args, catch_exceptions=False)
    assert printed.exit_code == 0, printed.output
    cli_rows = json.loads(printed.output)
    with sanctiongraph.open(by_api) as g:
        loaded = [g.load(f) for f in files]
        stats = g.stats()
    # Given in publication order (the UK list of 2018-04-13, then the UN one of 2018-10-29),
    # the files load as the command line loads them.
    assert [(d.file, d.format, d.records, d.merged, d.left_apart, d.nodes, d.relationships)
            for d in loaded] == [tuple(r.values()) for r in cli_rows]  # fmt: skip
    with sanctiongraph.open(by_cli) as g:
        assert {k: v for k, v in g.stats().items() if k != "location"} == {
            k: v for k, v in stats.items() if k != "location"
        }
    # Both keep the same load log beside the store, which a replay and the judgements need.
    logs = [
        sorted(json.loads(line)["source"] for line in
         where.with_name("g.resolver.loads.jsonl").read_text(encoding="utf-8").splitlines())
        for where in (by_cli, by_api)
    ]  # fmt: skip
    assert logs[0] == logs[1] and len(logs[0]) == 3


def test_queries_cypher_and_subgraphs_on_the_embedded_store(tmp_path: Path) -> None:
    where = tmp_path / "g.lbug"
    with sanctiongraph.open(where, env=_env(tmp_path)) as g:
        g.load_demo()
        rows = g.query("overseas-branches", entity="Korea Computer Center")
        assert isinstance(rows, Rows) and rows.columns == get_query("overseas-branches").columns
        assert rows == run_query(g.store, "overseas-branches", {"entity": "Korea Computer Center"})
        assert sorted(r["country"] for r in rows) == [
            "China", "Germany", "India", "Syria", "United Arab Emirates"
        ]  # fmt: skip
        # User values reach Cypher as parameters, on every store that takes them.
        found = g.cypher("MATCH (e:Entity) WHERE e.name = $name RETURN e.id AS id",
                         name="Korea Computer Center")  # fmt: skip
        assert found == [{"id": "entity:korea-computer-center"}] and found.columns == ("id",)
        with pytest.raises(StoreError):
            g.cypher("CREATE (:Entity {id: 'x'})")  # read-only unless write=True
        by_name = g.subgraph("Korea Computer Center", hops=2)
        by_key = g.subgraph("entity:korea-computer-center", hops=2)
        assert set(by_name) == set(by_key) and "entity:korea-computer-center" in by_name
        assert g.to_networkx().number_of_nodes() == sum(g.stats()["nodes"].values())
    # The context manager released the store: another process-level open succeeds.
    with sanctiongraph.open(where, env=_env(tmp_path)) as again:
        assert len(again.query("listed-on", authority="jp", date="2017-12-15")) == 19


def test_rows_become_a_dataframe_with_the_query_columns() -> None:
    pandas = pytest.importorskip("pandas")
    with sanctiongraph.open("memory") as g:
        g.load_demo()
        frame = g.query("listed-on", authority="Japan", date="2017-12-15").to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == [
        "entity", "key", "kind", "sector", "programme", "reference", "sources", "records"
    ]  # fmt: skip
    assert len(frame) == 19 and frame["key"].is_unique


def test_without_pandas_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    with pytest.raises(MissingExtra, match=r"pip install 'sanctiongraph\[pandas\]'"):
        Rows([{"a": 1}], ("a",)).to_pandas()


def test_a_memory_graph_writes_no_resolver_file(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with sanctiongraph.open("memory", env=env) as g:
        g.load_demo()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_address_that_is_not_bolt_is_refused() -> None:
    with pytest.raises(StoreError, match="Bolt"):
        sanctiongraph.open("http://localhost:7474")


@pytest.mark.neo4j
def test_neo4j_by_address_with_credentials_from_the_environment(
    neo4j_store: Any, neo4j_params: dict[str, Any], tmp_path: Path
) -> None:
    user, password = neo4j_params["auth"]
    env = {**_env(tmp_path), "NEO4J_USER": user, "NEO4J_PASSWORD": password,
           "NEO4J_DATABASE": neo4j_params["database"]}  # fmt: skip
    with sanctiongraph.open(neo4j_params["uri"], env=env) as g:
        assert g.store.backend == "neo4j"
        g.load(seed_path())
        assert len(g.query("listed-on", authority="jp", date="2017-12-15")) == 19
