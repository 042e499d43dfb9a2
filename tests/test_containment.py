"""Contained ad-hoc Cypher (issue 16): the allow-list, the engines' catalogues, and every
store refusing what reaches outside the graph and stopping what grows without bound.

The attacks are those an attacker's test ran on 13788ae: each printed a file, wrote one,
loaded native code, reached the network or took gigabytes. Each must now be refused with
one line naming the construct (with and without ``write``), with the store unchanged and
nothing written outside it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.bounded import memory_message
from sanctiongraph.graph.containment import Refused, check, tokenize
from sanctiongraph.graph.functions import classified
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.store import StoreError
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.settings import Limits
from tests.differential import CASES
from tests.scenario import snapshot
from tests.support.hostile import CypherCase, cypher_cases

QUERIES = Path(__file__).parent.parent / "sanctiongraph" / "queries"

# (dialect, text, the construct the error must name)
REFUSED = [
    ("ladybug", "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
     "LOAD"),
    ("ladybug", "load from '/etc/passwd' return *", "LOAD"),
    ("ladybug", "LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' RETURN *", "LOAD"),
    ("ladybug", "COPY (RETURN 'x' AS x) TO '{out}' (header=false)", "COPY"),
    ("ladybug", "MATCH (e:Entity) WITH e LIMIT 1 COPY (RETURN e.id) TO '{out}'", "COPY"),
    ("ladybug", "EXPORT DATABASE '{out}'", "EXPORT"),
    ("ladybug", "IMPORT DATABASE '{out}'", "IMPORT"),
    ("ladybug", "ATTACH '{out}' AS other (dbtype lbug)", "ATTACH"),
    ("ladybug", "LOAD EXTENSION '{out}'", "LOAD"),
    ("ladybug", "INSTALL httpfs", "INSTALL"),
    ("ladybug", "CALL read_csv_serial('/etc/passwd') RETURN *", "read_csv_serial"),
    ("ladybug", "CALL current_setting('home_directory') RETURN *", "current_setting"),
    ("ladybug", "CALL home_directory='/tmp'", "home_directory"),
    ("ladybug", "RETURN `read_csv`('/etc/passwd')", "read_csv"),
    ("ladybug", "RETURN nextval('s')", "nextval"),
    ("ladybug", "MATCH (n) RETURN n; LOAD FROM '/etc/passwd' RETURN *", "LOAD"),
    ("ladybug", "MATCH (n) RETURN n; MATCH (m) RETURN m", "';'"),
    ("ladybug", "MATCH (n)\u00a0LOAD FROM '/etc/passwd' RETURN *", "character"),
    ("ladybug", "RETURN 'never closed", "never closes"),
    ("ladybug", "RETURN 1 /* LOAD FROM '/etc/passwd'", "never closes"),
    ("ladybug", "MATCH (n) FETCH 'http://example.org' RETURN n", "FETCH"),
    ("ladybug", "CREATE MACRO m(x) AS x", "MACRO"),
    ("ladybug", "CHECKPOINT", "CHECKPOINT"),
    ("neo4j", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD"),
    ("neo4j", "CALL apoc.load.json('file:///etc/passwd')", "apoc.load.json"),
    ("neo4j", "RETURN apoc.text.join(['a'], ',')", "apoc.text.join"),
    ("neo4j", "CALL dbms.listConfig()", "dbms.listConfig"),
    ("neo4j", "USE system SHOW USERS", "USE"),
    ("neo4j", "CALL { LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r } RETURN r", "LOAD"),
    ("neo4j", "MATCH (n) RETURN file()", "file"),
    ("neo4j", "CALL db.createLabel('X')", "db.createLabel"),
    ("neo4j", "CREATE INDEX FOR (n:X) ON (n.y)", "INDEX"),
    ("networkx", "MATCH (n) RETURN n; MATCH (m) RETURN m", "';'"),
    # Found by an independent reviewer: words after a label or slice colon were never
    # checked as calls; 'CALL' after a label predicate was skipped.
    ("ladybug", "RETURN [1,2,3][1:setseed(0.5)]", "setseed"),
    ("ladybug", "RETURN {'k': nextval('s')}", "nextval"),
    ("neo4j", "MATCH (n) WHERE n:Entity CALL dbms.listConfig() YIELD name RETURN name",
     "dbms.listConfig"),
    ("neo4j", "MATCH (n) WHERE n:Entity CALL apoc.load.json('file:///etc/passwd') YIELD value "
              "RETURN value", "apoc.load.json"),
    ("neo4j", "MATCH (n) WHERE n:Entity AND apoc.util.sha1(['x']) IS NOT NULL RETURN n",
     "apoc.util.sha1"),
    ("ladybug", "RETURN 'a\\x'", "escape"),
]  # fmt: skip

# Texts that the engines would read differently from the tokenizer (a '//' comment ended
# by a lone carriage return; a block comment closed by '**/' that LadybugDB reads as going
# on): the check passes them, but the engine is given the checked tokens, not the text.
DISAGREEING = [
    "WITH 4 //*\r*/ 2 AS x LOAD FROM '/etc/passwd' (file_format='csv', header=false) RETURN *",
    "RETURN 4 //*\r*/ 2; COPY (MATCH (e:Entity) RETURN e.id) TO '{out}'\n",
    'WITH 1 AS x /* **/ \' */ LOAD FROM "/etc/passwd" (file_format="csv") RETURN * //\'',
    "RETURN 1 AS x /* **/ ' */; EXPORT DATABASE \"{out}\" //'",
]

# Read-only queries an analyst writes: each must pass the allow-list as written.
ALLOWED = [
    ("ladybug", "MATCH (a:Entity)-[:HAS_BRANCH]->(b:Branch)-[:LOCATED_IN]->(c:Country) "
                "WHERE a.name CONTAINS $q RETURN a.name, collect(c.code) AS cs ORDER BY a.name"),
    ("ladybug", "MATCH p = (a:Entity {id: $k})-[* SHORTEST 1..4]-(b:Entity) RETURN nodes(p)"),
    ("ladybug", "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN list_transform([x], y -> y * 2)"),
    ("ladybug", "MATCH (e:Entity) WHERE EXISTS { MATCH (e)<-[:TARGETS]-(:Listing) } RETURN e.id"),
    ("ladybug", "MATCH (e)-[r:TARGETS|HAS_BRANCH]-(x) RETURN label(r), count(*)"),
    ("ladybug", "CALL show_tables() RETURN *"),
    ("ladybug", "MATCH (n:Entity) RETURN n.name UNION ALL MATCH (m:Branch) RETURN m.name"),
    ("neo4j", "MATCH (n:Entity) RETURN [x IN n.aliases WHERE x STARTS WITH 'K' | toUpper(x)], "
              "reduce(s = 0, y IN [1, 2] | s + y) AS t"),
    ("neo4j", "MATCH (n:Entity) CALL { WITH n MATCH (n)<-[:TARGETS]-(l) RETURN count(l) AS c } "
              "RETURN n.name, c"),
    ("neo4j", "CALL db.labels() YIELD label RETURN label"),
    ("neo4j", "MATCH p = shortestPath((a:Entity)-[*..5]-(b:Entity)) WHERE a.id = $a RETURN p"),
    ("neo4j", "MATCH (n) WHERE n.`odd name` IS NOT NULL RETURN n {.id, .name} AS m"),
    ("networkx", "MATCH (a:Entity)-[r:HAS_BRANCH]->(b) WHERE a.name == 'x' RETURN COUNT(b)"),
]  # fmt: skip


@pytest.mark.parametrize(("dialect", "text", "names"), REFUSED)
def test_what_reaches_outside_the_graph_is_refused(
    dialect: str, text: str, names: str, tmp_path: Path
) -> None:
    text = text.replace("{out}", str(tmp_path / "out"))
    for write in (False, True):
        with pytest.raises(Refused, match=re.escape(names)) as caught:
            check(text, dialect, write)
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("dialect", "text"), ALLOWED)
def test_reading_queries_pass(dialect: str, text: str) -> None:
    check(text, dialect)


@pytest.mark.parametrize("text", DISAGREEING)
def test_the_engine_runs_the_checked_tokens_not_the_text(text: str, tmp_path: Path) -> None:
    text = text.replace("{out}", str(tmp_path / "out"))
    runs = check(text, "ladybug")
    # What runs holds no comment and no clause the check did not see (the payload is
    # left inside a string, as the check read it), and reads the same when checked again.
    assert check(runs, "ladybug") == runs
    assert not {t.text.upper() for t in tokenize(runs) if t.kind == "word"} & {
        "LOAD", "COPY", "EXPORT",
    }  # fmt: skip


def test_an_engine_that_reads_comments_otherwise_runs_nothing_hidden(
    ladybug_store: Any, tmp_path: Path
) -> None:
    """End to end on the embedded store: the reviewer's texts printed /etc/passwd and
    wrote an export of the store; now they fail or answer without touching a file."""
    load_seed(ladybug_store)
    out = tmp_path / "outside"
    out.mkdir()
    for text in DISAGREEING:
        text = text.replace("{out}", str(out / "out"))
        for write in (False, True):
            try:
                rows = ladybug_store.cypher(text, {}, write=write)
            except StoreError as err:
                assert "root:" not in str(err)
            else:
                assert "root:" not in repr(rows)
    assert list(out.iterdir()) == []


def test_words_analysts_use_as_variables_pass() -> None:
    check("MATCH (l:Listing) RETURN l.listed_on AS start ORDER BY start", "ladybug")
    check("MATCH (user:Entity) RETURN user.name", "neo4j")
    check("CALL show_tables() RETURN name", "ladybug")
    check("CALL show_tables() YIELD name RETURN name", "ladybug")
    check("CALL table_info('Entity') RETURN name, type", "ladybug")
    check("MATCH (n) WHERE n.name IS :: STRING NOT NULL RETURN n OFFSET 5 LIMIT 5", "neo4j")
    check("RETURN [1, 2, 3][1:2] AS s, {`k`: 1, 'j': 2} AS m", "ladybug")
    check("MATCH (a)-[:TARGETS|HAS_BRANCH]-(b:Entity:Branch) RETURN a", "neo4j")


def test_writes_need_write() -> None:
    for dialect, text in [
        ("ladybug", "MATCH (n:Entity {id: 'x'}) SET n.notes = 'y'"),
        ("ladybug", "CREATE (n:Entity {id: $id})"),
        ("neo4j", "MATCH (n) DETACH DELETE n"),
        ("neo4j", "MERGE (n:Entity {id: $id}) ON CREATE SET n.notes = 'x'"),
    ]:
        with pytest.raises(Refused, match="read-only; add --write"):
            check(text, dialect)
        check(text, dialect, write=True)
    # Schema changes are not data writes: refused with --write too.
    with pytest.raises(Refused, match="TABLE"):
        check("CREATE NODE TABLE X(id STRING PRIMARY KEY)", "ladybug", write=True)


def test_every_named_query_and_every_analyst_query_passes() -> None:
    """The allow-list refuses no query the project itself ships or tests as an analyst's."""
    for path in sorted(QUERIES.glob("*.cypher")):
        dialect = "ladybug" if path.name.endswith(".ladybug.cypher") else "neo4j"
        check(path.read_text(encoding="utf-8"), dialect)
        if dialect == "neo4j" and not path.with_name(path.stem + ".ladybug.cypher").exists():
            check(path.read_text(encoding="utf-8"), "ladybug")  # runs verbatim there
    for neo4j_text, ladybug_text, _ in CASES:
        check(neo4j_text, "neo4j")
        check(ladybug_text or neo4j_text, "ladybug")


def test_strings_comments_and_quoted_names_hide_nothing_and_are_not_read_as_clauses() -> None:
    assert [t.kind for t in tokenize("RETURN 'LOAD FROM x' // COPY\n, `LOAD`")] == [
        "word", "string", "punct", "quoted",
    ]  # fmt: skip
    check("MATCH (n) WHERE n.name = 'it\\'s LOAD FROM' RETURN n.`LOAD` /* COPY */", "ladybug")


def _ladybug_catalogue() -> tuple[set[str], set[str]]:
    import ladybug

    db = ladybug.Database(":memory:")
    conn = ladybug.Connection(db)
    functions: set[str] = set()
    procedures: set[str] = set()
    for name, kind, _ in conn.execute("CALL show_functions() RETURN *").get_all():
        if "TABLE FUNCTION" in kind or "COPY" in kind:
            procedures.add(str(name).upper())
        else:
            functions.add(str(name).upper())
    conn.close()
    db.close()
    return functions, procedures


def test_every_entry_of_the_embedded_engines_catalogue_is_classified() -> None:
    """A new LadybugDB version that adds a function fails here until it is classified."""
    functions, procedures = _ladybug_catalogue()
    known_functions, known_procedures = classified("ladybug")
    assert functions - known_functions == set()
    assert procedures - known_procedures == set()


def test_every_grand_cypher_function_is_classified() -> None:
    import grandcypher

    source = Path(grandcypher.__file__).read_text(encoding="utf-8")
    grammar = source[source.index("start") : source.index("%import")]
    names = {m.upper() for m in re.findall(r'"(\w+)"i?\s*"\("', grammar)}
    names |= {m.upper() for m in re.findall(r'AGGREGATE_FUNC\s*:\s*(.*)', grammar)[0].split('"')
              if m.strip(' |')}  # fmt: skip
    assert names, "grand-cypher's grammar was not found"
    assert names - classified("networkx")[0] == set()


@pytest.mark.neo4j
def test_every_entry_of_neo4j_catalogue_is_classified(neo4j_store: Any) -> None:
    """SHOW FUNCTIONS and SHOW PROCEDURES of the real server, each name classified."""
    functions = {r["name"].upper() for r in neo4j_store._run("SHOW FUNCTIONS YIELD name", {})}
    procedures = {r["name"].upper() for r in neo4j_store._run("SHOW PROCEDURES YIELD name", {})}
    known_functions, known_procedures = classified("neo4j")
    assert functions - known_functions == set()
    assert procedures - known_procedures == set()


# -- every store ------------------------------------------------------------------------


def _store(request: pytest.FixtureRequest, backend: str) -> Any:
    if backend == "memory":
        return MemoryStore()
    return request.getfixturevalue({"embedded": "ladybug_store", "neo4j": "neo4j_store"}[backend])


def _on(backends: tuple[str, ...]) -> list[Any]:
    return [pytest.param(b, marks=[pytest.mark.neo4j] if b == "neo4j" else []) for b in backends]


@pytest.mark.parametrize(
    ("backend", "case"),
    [
        pytest.param(b, c, id=f"{b}-{c.name}", marks=[pytest.mark.neo4j] if b == "neo4j" else [])
        for c in cypher_cases()
        for b in c.backends
    ],
)
def test_the_hostile_cypher_corpus_on_every_store(
    backend: str, case: CypherCase, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Each case on each store it applies to: the exact error, with and without write; the
    store unchanged; nothing read (the file's text never in the error) and nothing written
    outside the store."""
    any_store = _store(request, backend)
    load_seed(any_store)
    before = snapshot(any_store)
    outside = tmp_path / "outside"  # beside the embedded store's own files
    outside.mkdir()
    passwd = outside / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n")
    out = outside / "out"
    text = case.text.format(passwd=passwd, out=out)
    if case.memory_mb:
        any_store.limits = Limits(query_timeout=60, query_memory_mb=case.memory_mb)
    for write in (False, True) if not case.memory_mb else (False,):
        with pytest.raises(StoreError) as caught:
            any_store.cypher(text, {}, write=write)
        assert str(caught.value) == case.expect
    assert sorted(p.name for p in outside.iterdir()) == ["passwd"]
    assert snapshot(any_store) == before
    # The store still answers.
    assert any_store.cypher("MATCH (e:Entity) RETURN e.id LIMIT 1", {})


@pytest.mark.parametrize("backend", _on(("embedded", "neo4j")))
def test_the_row_limit_stops_a_write_and_undoes_it(
    backend: str, request: pytest.FixtureRequest
) -> None:
    """The memory store's Cypher does not write; the database stores stop the write at the
    row limit and undo it."""
    any_store = _store(request, backend)
    load_seed(any_store)
    before = snapshot(any_store)
    any_store.limits = Limits(max_rows=3)
    with pytest.raises(StoreError, match="SANCTIONGRAPH_MAX_ROWS"):
        any_store.cypher("MATCH (e:Entity) SET e.notes = 'x' RETURN e.id", {}, write=True)
    assert snapshot(any_store) == before


def test_the_memory_limit_holds_for_the_whole_command(tmp_path: Path) -> None:
    """The command and the child that runs the query each stay near the limit (peak RSS of
    the largest process, ``ru_maxrss`` of the waited-for descendants)."""
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(tmp_path / "g.lbug"),
           "SANCTIONGRAPH_QUERY_MEMORY_MB": "400"}  # fmt: skip
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
        "print(r.returncode); print(r.stderr.strip())\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "sanctiongraph", "cypher",
         "RETURN range(1, 30000000) AS r"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    peak, code, error = run.stdout.split("\n", 2)
    assert code == "2"
    assert error.strip() == "error: " + memory_message(400)
    assert int(peak) < 400 + 150  # the limit, plus what grows between two reads of it


def test_the_cypher_command_refuses_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(tmp_path / "g.lbug")}
    run = subprocess.run(
        [sys.executable, "-m", "sanctiongraph", "cypher",
         "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        "error: LOAD is not allowed in ad-hoc Cypher: it reaches outside the graph "
        "(files, network, extensions, settings or schema)"
    ]
    assert not (tmp_path / "g.lbug").exists()
