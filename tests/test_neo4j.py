"""The Neo4j store against a real Neo4j 5 server, and parity with the embedded store."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.neo4j_store import Neo4jStore
from sanctiongraph.graph.store import StoreError
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.queries import run_query
from tests.scenario import (
    ADHOC,
    AFTER_LISTS,
    NAMED,
    amended_but_asserted_elsewhere,
    batchings,
    break_a_load,
    load_lists,
    snapshot,
    write_loads,
)
from tests.support.synthetic import synthetic_records

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).parents[1]


def test_parity_every_named_query(neo4j_store: Neo4jStore, seeded: MemoryStore) -> None:
    load_seed(neo4j_store)
    for name, params in NAMED:
        assert run_query(neo4j_store, name, params) == run_query(seeded, name, params), name
    assert snapshot(neo4j_store) == snapshot(seeded)


def test_parity_after_the_real_list_fixtures(neo4j_store: Neo4jStore) -> None:
    """The seed and every committed real-file excerpt, matched and merged on both stores."""
    from sanctiongraph.ingest.load import load_file
    from tests.test_loaders import FIXTURES, LISTS

    embedded = MemoryStore()
    for store in (embedded, neo4j_store):
        load_seed(store)
        for name, fmt, _, _ in FIXTURES:
            load_file(store, fmt, LISTS / name)
    assert snapshot(neo4j_store) == snapshot(embedded)
    for name, params in [
        *NAMED,
        ("source-totals", {"source": FIXTURES[0][2], "programme": "DPRK"}),
    ]:
        assert run_query(neo4j_store, name, params) == run_query(embedded, name, params), name


def test_an_amended_value_another_record_asserts_stays_in_any_order(
    neo4j_store: Neo4jStore,
) -> None:
    """tests.scenario.amended_but_asserted_elsewhere in every order, in one batch (the
    writer folds it first) and in three loads: as the in-process store."""
    records = amended_but_asserted_elsewhere()
    for order in itertools.permutations(records):
        for loads in batchings(list(order)):
            neo4j_store.clear()
            memory = MemoryStore()
            for store in (memory, neo4j_store):
                write_loads(store, loads)
            assert snapshot(neo4j_store) == snapshot(memory)
            got = neo4j_store.read("MATCH (e:Entity) RETURN e.birth_dates AS b", {})
            assert got == [{"b": ["1980", "1981"]}]


def test_differential_analyst_queries_ladybug_vs_neo4j(
    neo4j_store: Neo4jStore, ladybug_store: LadybugStore
) -> None:
    """At least 40 analyst queries, as written (or as docs/cypher.md rewrites them), same rows on
    both engines: a silent wrong answer of either engine fails here."""
    from tests.differential import CASES, comparable

    assert len(CASES) >= 40
    load_seed(neo4j_store)
    load_seed(ladybug_store)
    for neo4j_text, ladybug_text, params in CASES:
        theirs = comparable(neo4j_store.cypher(neo4j_text, params))
        ours = comparable(ladybug_store.cypher(ladybug_text or neo4j_text, params))
        assert ours == theirs, neo4j_text


def test_parity_three_stores_after_the_real_list_fixtures(
    neo4j_store: Neo4jStore, ladybug_store: LadybugStore
) -> None:
    from sanctiongraph.ingest.load import load_file
    from tests.test_loaders import FIXTURES, LISTS

    memory = MemoryStore()
    for store in (memory, ladybug_store, neo4j_store):
        load_seed(store)
        for name, fmt, _, _ in FIXTURES:
            load_file(store, fmt, LISTS / name)
    assert snapshot(ladybug_store) == snapshot(neo4j_store) == snapshot(memory)
    for name, params in NAMED:
        rows = run_query(memory, name, params)
        assert run_query(ladybug_store, name, params) == rows, name
        assert run_query(neo4j_store, name, params) == rows, name


def test_parity_of_specific_connections_three_stores(
    neo4j_store: Neo4jStore, ladybug_store: LadybugStore
) -> None:
    memory = MemoryStore()
    for store in (memory, ladybug_store, neo4j_store):
        load_lists(store)
    for name, params in AFTER_LISTS:
        rows = run_query(memory, name, params)
        assert rows, (name, params)
        assert run_query(ladybug_store, name, params) == rows, (name, params)
        assert run_query(neo4j_store, name, params) == rows, (name, params)


def test_parity_adhoc_cypher(neo4j_store: Neo4jStore, seeded: MemoryStore) -> None:
    load_seed(neo4j_store)

    def rows(store: Neo4jStore | MemoryStore, text: str) -> list[str]:
        return sorted(
            json.dumps(list(r.values()), ensure_ascii=False) for r in store.cypher(text, {})
        )

    for text in ADHOC:
        assert rows(neo4j_store, text) == rows(seeded, text), text
        assert rows(seeded, text), text
    # Dates are Neo4j dates on the server and ISO strings in the embedded store.
    on_date = "MATCH (e:Entity)<-[:TARGETS]-(l:Listing) WHERE l.listed_on = {} RETURN e.name"
    assert rows(neo4j_store, on_date.format('date("2017-10-16")')) == rows(
        seeded, on_date.format('"2017-10-16"')
    )


def test_constraints_come_from_the_schema(neo4j_store: Neo4jStore) -> None:
    neo4j_store.ensure_schema()
    names = {r["name"] for r in neo4j_store._run("SHOW CONSTRAINTS YIELD name", {})}
    assert {"entity_id", "listing_id", "country_id", "source_id"} <= names
    indexes = {r["name"] for r in neo4j_store._run("SHOW INDEXES YIELD name", {})}
    assert {"entity_imo", "listing_listed_on", "event_date", "entity_names_fulltext"} <= indexes


@pytest.mark.parametrize("atomic", [True, False])
def test_failed_load_leaves_the_graph_as_it_was(neo4j_store: Neo4jStore, atomic: bool) -> None:
    load_seed(neo4j_store)
    before = snapshot(neo4j_store)
    with pytest.raises(RuntimeError), neo4j_store.writer(batch_size=2, atomic=atomic) as w:
        break_a_load(w)
    assert snapshot(neo4j_store) == before


def test_a_large_load_goes_batch_by_batch_and_still_undoes(neo4j_params: dict[str, object]) -> None:
    store = Neo4jStore(**neo4j_params, atomic_limit=300)
    try:
        store.clear()
        load_seed(store)
        before = snapshot(store)
        with pytest.raises(RuntimeError), store.writer(batch_size=100) as w:
            w.add_all(synthetic_records(200))
            w.flush()
            assert not w.atomic and store.count_nodes() > 175
            raise RuntimeError("stop")
        assert snapshot(store) == before
        with store.writer(batch_size=100) as w:
            w.add_all(synthetic_records(200))
        expected = MemoryStore()
        load_seed(expected)
        with expected.writer() as w:
            w.add_all(synthetic_records(200))
        assert snapshot(store) == snapshot(expected)
    finally:
        store.clear()
        store.close()


def test_adhoc_cypher_is_read_only_unless_asked(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(StoreError, match="add --write"):
        neo4j_store.cypher("CREATE (:Scratch {n: $n})", {"n": 1})
    assert neo4j_store.count_nodes() == 0
    neo4j_store.cypher("CREATE (:Scratch {n: $n})", {"n": 1}, write=True)
    assert neo4j_store.cypher("MATCH (s:Scratch) RETURN s.n AS n", {}) == [{"n": 1}]


def test_cli_against_neo4j(
    neo4j_store: Neo4jStore, neo4j_params: dict[str, object], tmp_path: Path
) -> None:
    user, password = neo4j_params["auth"]
    env = {"NEO4J_URI": str(neo4j_params["uri"]), "NEO4J_USER": user,
           "NEO4J_PASSWORD": password, "NEO4J_DATABASE": str(neo4j_params["database"])}  # fmt: skip
    runner = CliRunner(env=env)
    out = runner.invoke(main, ["--store", "neo4j", "demo", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["sectors"]["transport"] == 10
    out = runner.invoke(main, ["--store", "neo4j", "query", "multi-jurisdiction", "-p",
                               "min_authorities=3", "--format", "json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "Korea Computer Center" in {r["entity"] for r in json.loads(out.output)}
    out = runner.invoke(main, ["--store", "neo4j", "cypher", "MATCH (e:Entity) WHERE e.name = "
                               "$name RETURN e.id AS id", "-p", "name=Kumgang Bank",
                               "--format", "json"])  # fmt: skip
    assert json.loads(out.output) == [{"id": "entity:kumgang-bank"}]
    page = tmp_path / "kcc.html"
    args = ["viz", "overseas-branches", "-p", "entity=Korea Computer Center", "--html", str(page)]
    out = runner.invoke(main, ["--store", "neo4j", *args])
    assert out.exit_code == 0, out.output
    assert "Korea Computer Center" in page.read_text(encoding="utf-8")
    out = runner.invoke(main, ["--store", "neo4j", "cypher", "MATCH (n) DETACH DELETE n"])
    assert out.exit_code == 2 and "--write" in out.output
    assert password not in out.output


def test_schema_prints_what_apply_creates(
    neo4j_store: Neo4jStore, neo4j_params: dict[str, object]
) -> None:
    """`schema` prints the statements as Cypher a user can paste (the full-text index's
    `[n.match_names]` once vanished as terminal markup), and `--apply` creates them."""
    from sanctiongraph.graph.cypher import constraint_statements

    user, password = neo4j_params["auth"]
    env = {"NEO4J_URI": str(neo4j_params["uri"]), "NEO4J_USER": user,
           "NEO4J_PASSWORD": password, "NEO4J_DATABASE": str(neo4j_params["database"])}  # fmt: skip
    runner = CliRunner(env=env)
    printed = runner.invoke(main, ["schema"])
    assert printed.exit_code == 0, printed.output
    assert printed.output.splitlines() == [s + ";" for s in constraint_statements()]
    assert "ON EACH [n." in printed.output
    applied = runner.invoke(main, ["--store", "neo4j", "schema", "--apply"])
    assert applied.exit_code == 0, applied.output
    records, _, _ = neo4j_store.driver.execute_query(
        "SHOW INDEXES YIELD name RETURN name", database_=neo4j_store.database
    )
    names = {r["name"] for r in records}
    assert "entity_names_fulltext" in names, names
    refused = runner.invoke(main, ["--store", "memory", "schema", "--apply"])
    assert refused.exit_code != 0 and "needs a Neo4j store" in refused.output


def test_unreachable_server_is_one_clear_line() -> None:
    with pytest.raises(StoreError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:1"):
        Neo4jStore("bolt://127.0.0.1:1", ("neo4j", "x"))
    result = CliRunner(env={"NEO4J_URI": "bolt://127.0.0.1:1"}).invoke(
        main, ["--store", "neo4j", "stats"]
    )
    assert result.exit_code == 2
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output
    assert "Traceback" not in result.output


def test_wrong_credentials_are_named_not_printed(neo4j_params: dict[str, object]) -> None:
    secret = "definitely-wrong-password-123"
    with pytest.raises(StoreError, match="refused the credentials") as err:
        Neo4jStore(str(neo4j_params["uri"]), ("neo4j", secret))
    assert secret not in str(err.value)


# -- a private server: killed in the middle of a load, and the bulk import -------------


class LocalServer:
    """A second real server from scripts/neo4j-local, in its own home folder."""

    def __init__(self, home: Path) -> None:
        self.env = {**os.environ, "NEO4J_LOCAL_HOME": str(home), "PYTHON": sys.executable}
        self.home = home
        self.uri = ""

    def run(self, *args: str) -> str:
        done = subprocess.run([str(ROOT / "scripts" / "neo4j-local"), *args], env=self.env,
                              capture_output=True, text=True, timeout=600)  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self) -> Neo4jStore:
        self.uri = self.run("start").strip().splitlines()[-1]
        return self.store()

    def store(self) -> Neo4jStore:
        password = (self.home / "password").read_text().strip()
        return Neo4jStore(self.uri, ("neo4j", password))

    def kill(self) -> None:
        pid = int((self.home / "run" / "neo4j-local.pid").read_text())
        os.kill(pid, 9)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


LOAD_SCRIPT = """
import sys
from sanctiongraph.graph.neo4j_store import Neo4jStore
from tests.support.synthetic import synthetic_records
import os
store = Neo4jStore(sys.argv[1], ("neo4j", os.environ["SG_TEST_PASSWORD"]))
with store.writer() as w:
    w.add_all(synthetic_records(int(sys.argv[2])))
print("committed", flush=True)
"""


def _wait_for_write_transaction(store: Neo4jStore, seconds: float = 120) -> None:
    """Until the server runs one of our UNWIND batches inside the load's transaction."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        running = store._run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery", {})
        if any("UNWIND $rows" in (r["currentQuery"] or "") for r in running):
            return
        time.sleep(0.05)
    raise AssertionError("the load never reached the server")


def test_server_killed_mid_load(neo4j_params: dict[str, object], tmp_path: Path) -> None:
    """Killed during a load, the server comes back with the graph as before; a reload completes."""
    server = LocalServer(tmp_path / "killed")
    store = server.start()
    size = 2500  # about 30,000 records: one transaction (the atomic path)
    try:
        load_seed(store)
        before = snapshot(store)
        password = (server.home / "password").read_text().strip()
        loader = subprocess.Popen(
            [sys.executable, "-c", LOAD_SCRIPT, server.uri, str(size)],
            env={**os.environ, "SG_TEST_PASSWORD": password},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        _wait_for_write_transaction(store)
        server.kill()
        out, _ = loader.communicate(timeout=300)
        assert "committed" not in out and loader.returncode != 0
        store.close()
        store = server.start()
        assert snapshot(store) == before  # as before the load
        with store.writer() as w:
            w.add_all(synthetic_records(size))
        expected = MemoryStore()
        load_seed(expected)
        with expected.writer() as w:
            w.add_all(synthetic_records(size))
        assert snapshot(store) == snapshot(expected)  # and loading again completes it
    finally:
        store.close()
        server.run("stop")


def test_bulk_import_with_neo4j_admin(
    neo4j_params: dict[str, object], seeded: MemoryStore, tmp_path: Path
) -> None:
    from sanctiongraph.graph.bulk import write_import_files

    plan = write_import_files(seeded.graph, tmp_path / "csv")
    server = LocalServer(tmp_path / "bulk")
    command = plan.command("neo4j", admin="")
    assert command[:3] == ["database", "import", "full"]
    server.run("admin", *command)
    # The report goes beside the CSVs, never into the directory the command ran from.
    assert (tmp_path / "csv" / "import.report").exists()
    store = server.start()
    try:
        store.ensure_schema()
        assert snapshot(store) == snapshot(seeded)
        for name, params in NAMED:
            assert run_query(store, name, params) == run_query(seeded, name, params), name
    finally:
        store.close()
        server.run("stop")


def test_hub_relationships_written_with_their_own_provenance_lose_it_on_the_next_load(
    neo4j_store: Any,
) -> None:
    """A database written before ISSUED and LOCATED_IN were cited by their listing and
    branch (``RelType.cited_by``) holds their own ``sources``; the next load that writes
    them leaves only the schema's properties, and the graph reads as a fresh one."""
    load_seed(neo4j_store)
    fresh = snapshot(neo4j_store)
    neo4j_store.cypher(
        "MATCH ()-[r:ISSUED|LOCATED_IN]->() SET r.sources = ['source:old'], r.records = []",
        {},
        write=True,
    )
    load_seed(neo4j_store)
    left = neo4j_store.read(
        "MATCH ()-[r:ISSUED|LOCATED_IN]->() WHERE r.sources IS NOT NULL RETURN count(r) AS n", {}
    )
    assert left == [{"n": 0}]
    assert snapshot(neo4j_store) == fresh
