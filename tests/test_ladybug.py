"""The default store, LadybugDB on disk: parity with the in-process store, and safety.

Parity: the whole graph and every named query answer the same on the networkx store
and on LadybugDB, after the seed and after every committed real-list excerpt. Safety:
concurrent loads lose nothing, a killed load leaves the last commit, readers are never
blocked by a writer, limits stop runaway queries, a store of the wrong shape is one line.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, LiteralString

import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore, copy_file
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.records import cite, node
from sanctiongraph.graph.store import StoreError
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.queries import QUERIES, run_query
from sanctiongraph.settings import Limits
from tests.scenario import (
    ADHOC,
    AFTER_LISTS,
    NAMED,
    amended_but_asserted_elsewhere,
    batchings,
    load_lists,
    snapshot,
    write_loads,
)

ROOT = Path(__file__).parents[1]


def test_parity_every_named_query_on_the_seed(
    ladybug_store: LadybugStore, seeded: MemoryStore
) -> None:
    load_seed(ladybug_store)
    assert snapshot(ladybug_store) == snapshot(seeded)
    asked = set()
    for name, params in NAMED:
        asked.add(name)
        assert run_query(ladybug_store, name, params) == run_query(seeded, name, params), name
    from tests.test_event_links import EVENT_QUERIES  # run on every store there

    asked |= {name for name, _ in EVENT_QUERIES}
    assert asked == set(QUERIES), "every named query is in a scenario run on every store"


def test_parity_after_the_real_list_fixtures(ladybug_store: LadybugStore) -> None:
    from sanctiongraph.ingest.load import load_file
    from tests.test_loaders import FIXTURES, LISTS

    memory = MemoryStore()
    for store in (memory, ladybug_store):
        load_seed(store)
        for name, fmt, _, _ in FIXTURES:
            load_file(store, fmt, LISTS / name)
    assert snapshot(ladybug_store) == snapshot(memory)
    for name, params in [
        *NAMED,
        ("source-totals", {"source": FIXTURES[0][2], "programme": "DPRK"}),
        ("source-totals", {"source": FIXTURES[0][2]}),
        ("multi-jurisdiction", {"min_authorities": 2}),
    ]:
        assert run_query(ladybug_store, name, params) == run_query(memory, name, params), name
    # The listings an edition's load reads (the embedded store's own query text).
    sources = sorted(str(r["id"]) for r in memory.sources_dated())
    for asked in [[s] for s in sources] + [sources[:2], ["source:none"]]:
        mine = sorted(ladybug_store.listings_citing(asked), key=lambda r: str(r["id"]))
        assert mine == sorted(memory.listings_citing(asked), key=lambda r: str(r["id"])), asked
    assert len(ladybug_store.listings_citing(sources)) > 100, "the lists' sources cite listings"
    assert ladybug_store.listings_citing([]) == memory.listings_citing([]) == []


def test_parity_of_specific_connections(ladybug_store: LadybugStore) -> None:
    memory = MemoryStore()
    for store in (memory, ladybug_store):
        load_lists(store)
    for name, params in AFTER_LISTS:
        rows = run_query(memory, name, params)
        assert rows, (name, params)
        assert run_query(ladybug_store, name, params) == rows, (name, params)


def test_adhoc_cypher_with_parameters_and_dates(ladybug_store: LadybugStore) -> None:
    load_seed(ladybug_store)
    for text in ADHOC:
        assert ladybug_store.cypher(text, {}), text
    rows = ladybug_store.cypher(
        "MATCH (l:Listing)-[:TARGETS]->(e:Entity) WHERE l.listed_on = date($day) "
        "RETURN count(DISTINCT e) AS n",
        {"day": "2017-12-15"},
    )
    assert rows == [{"n": 19}]
    # Dates compare as dates, as on Neo4j: a string is not a date.
    with pytest.raises(StoreError):
        ladybug_store.cypher("MATCH (l:Listing) WHERE l.listed_on = $d RETURN l", {"d": 5})


def test_adhoc_cypher_is_read_only_unless_asked(ladybug_store: LadybugStore) -> None:
    load_seed(ladybug_store)
    before = snapshot(ladybug_store)
    with pytest.raises(StoreError, match="add --write"):
        ladybug_store.cypher("MATCH (e:Entity) SET e.notes = 'x'", {})
    assert snapshot(ladybug_store) == before
    ladybug_store.cypher(
        "MATCH (c:Country {id: $id}) SET c.name = $name",
        {"id": "country:DE", "name": "Deutschland"},
        write=True,
    )
    assert ladybug_store.cypher("MATCH (c:Country {id: 'country:DE'}) RETURN c.name AS n", {}) == [
        {"n": "Deutschland"}
    ]


def test_a_neo4j_only_construct_names_the_rewrite(ladybug_store: LadybugStore) -> None:
    load_seed(ladybug_store)
    with pytest.raises(StoreError, match=r"SHORTEST"):
        ladybug_store.cypher(
            "MATCH (a:Entity), (b:Entity) MATCH p = shortestPath((a)-[*..4]-(b)) RETURN p", {}
        )
    with pytest.raises(StoreError, match=r"date_part"):
        ladybug_store.cypher("MATCH (l:Listing) RETURN l.listed_on.year AS y", {})


def test_queries_stop_at_the_time_and_row_limits(tmp_path: Path) -> None:
    path = tmp_path / "g.lbug"
    load_seed(LadybugStore(path))
    small = LadybugStore(path, limits=Limits(query_timeout=0.05, max_rows=10))
    with pytest.raises(StoreError, match="SANCTIONGRAPH_MAX_ROWS"):
        small.cypher("MATCH (n) RETURN n.id", {})
    with pytest.raises(StoreError, match="SANCTIONGRAPH_QUERY_TIMEOUT"):
        small.cypher("MATCH (a)-[*1..4]-(b)-[*1..4]-(c)-[*1..4]-(d) RETURN count(*) AS n", {})


def test_a_store_of_the_wrong_shape_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.lbug"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="not a sanctiongraph store"):
        LadybugStore(junk).stats()
    assert junk.read_bytes() == b"not a database" * 100
    old = tmp_path / "graph.json"
    MemoryStore().save(old)
    with pytest.raises(StoreError, match="convert-store"):
        LadybugStore(old)


def test_a_json_store_converts_with_one_command(tmp_path: Path, seeded: MemoryStore) -> None:
    old = tmp_path / "graph.json"
    seeded.save(old)
    new = tmp_path / "graph.lbug"
    result = CliRunner().invoke(main, ["--store-path", str(new), "convert-store", str(old)])
    assert result.exit_code == 0, result.output
    assert snapshot(LadybugStore(new)) == snapshot(seeded)


def test_a_symlinked_store_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.lbug"
    link = tmp_path / "link.lbug"
    load_seed(LadybugStore(real))
    link.symlink_to(real)
    store = LadybugStore(link)
    with store.writer() as w:
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, cite("t")))
    assert link.is_symlink()
    assert LadybugStore(real).stats()["nodes"]["Country"] == store.stats()["nodes"]["Country"]


def _load_cmd(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sanctiongraph", "--store-path", str(store), "load", *args]


def _curated(tmp_path: Path, i: int) -> Path:
    """A small curated file of its own: three entities no other file names."""
    path = tmp_path / f"c{i}.yaml"
    entities = "".join(
        f"  - {{id: test-{i}-{j}, kind: organization, name: Test Firm {i} {j}, "
        f"headquartered_in: DE, cite: ['test-{i}#r{j}']}}\n"
        for j in range(3)
    )
    path.write_text(
        "format: sanctiongraph-curated/1\n"
        f"sources:\n  - {{id: test-{i}, name: test file {i}, publisher: tests}}\n"
        f"entities:\n{entities}",
        encoding="utf-8",
    )
    return path


def test_four_concurrent_loads_lose_nothing(tmp_path: Path) -> None:
    store = tmp_path / "g.lbug"
    env = {**os.environ, "SANCTIONGRAPH_LOCK_TIMEOUT": "120"}
    files = [_curated(tmp_path, i) for i in range(4)]
    procs = [
        subprocess.Popen(
            _load_cmd(store, "curated", str(f)),
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for f in files
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    together = snapshot(LadybugStore(store))
    one_by_one = tmp_path / "h.lbug"
    for f in files:
        subprocess.run(_load_cmd(one_by_one, "curated", str(f)), check=True, cwd=ROOT,
                       capture_output=True)  # fmt: skip
    assert together == snapshot(LadybugStore(one_by_one))
    keys = {n[0] for n in together[0]}
    assert {f"entity:test-{i}-{j}" for i in range(4) for j in range(3)} <= keys


def test_a_second_writer_waits_and_a_reader_sees_the_last_commit(tmp_path: Path) -> None:
    path = tmp_path / "g.lbug"
    load_seed(LadybugStore(path))
    holder = LadybugStore(path)
    writer = holder.writer()
    writer.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, cite("t")))
    writer.flush()
    # A reader in another process sees the last committed state, not the open write.
    read = subprocess.run(
        [sys.executable, "-m", "sanctiongraph", "--store-path", str(path), "stats",
         "--format", "json"],
        cwd=ROOT, capture_output=True, timeout=120,
    )  # fmt: skip
    assert read.returncode == 0, read.stderr.decode()
    countries = json.loads(read.stdout)["nodes"]["Country"]
    # A second writer says it waits, then gives up after its timeout.
    env = {**os.environ, "SANCTIONGRAPH_LOCK_TIMEOUT": "2"}
    second = subprocess.run(_load_cmd(path, "curated", str(_curated(tmp_path, 9))), env=env,
                            cwd=ROOT, capture_output=True, timeout=120)  # fmt: skip
    assert second.returncode != 0
    assert "waiting for another sanctiongraph process" in second.stderr.decode()
    assert "SANCTIONGRAPH_LOCK_TIMEOUT" in second.stderr.decode()
    writer.__exit__(None, None, None)
    assert holder.stats()["nodes"]["Country"] == countries + 1


def test_a_load_killed_mid_write_leaves_the_last_commit(tmp_path: Path) -> None:
    path = tmp_path / "g.lbug"
    load_seed(LadybugStore(path))
    before = snapshot(LadybugStore(path))
    script = (
        "import sys, time\n"
        "from sanctiongraph.graph.ladybug_store import LadybugStore\n"
        "from tests.support.synthetic import synthetic_records\n"
        f"w = LadybugStore({str(path)!r}, batch_size=2000).writer()\n"
        "for i, r in enumerate(synthetic_records(2000)):\n"
        "    w.add(r)\n"
        "    if i == 6000:\n"
        "        print('writing', flush=True)\n"
        "time.sleep(600)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    orphans = list(tmp_path.glob(".g.lbug.*.tmp*"))
    assert orphans, "the killed writer's copy should be there before the next writer"
    store = LadybugStore(path)
    assert snapshot(store) == before
    with store.writer() as w:
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, cite("t")))
    assert not list(tmp_path.glob(".g.lbug.*.tmp*"))
    assert (
        store.stats()["nodes"]["Country"]
        == len([n for n in before[0] if n[0].startswith("country:")]) + 1
    )


def test_failed_load_keeps_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "g.lbug"
    store = LadybugStore(path)
    load_seed(store)
    with pytest.raises(RuntimeError), store.writer() as w:
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, cite("t")))
        w.flush()
        raise RuntimeError("broken file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.lbug", "g.lbug.lock"]


@pytest.mark.skipif(not hasattr(os, "copy_file_range"), reason="no copy_file_range here")
def test_a_load_copies_the_store_in_the_kernel_and_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The writer's copy goes through copy_file_range, which clones on XFS and btrfs.
    path = tmp_path / "g.lbug"
    load_seed(LadybugStore(path))
    before = snapshot(LadybugStore(path))
    copied: list[int] = []
    kernel_copy = os.copy_file_range

    def spy(src: int, dst: int, count: int, *args: int) -> int:
        n = kernel_copy(src, dst, count, *args)
        copied.append(n)
        return n

    monkeypatch.setattr(os, "copy_file_range", spy)
    store = LadybugStore(path)
    size = path.stat().st_size
    with store.writer():
        pass
    assert sum(copied) == size
    assert snapshot(store) == before


@pytest.mark.parametrize("refusal", [errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL])
def test_a_kernel_that_will_not_copy_gets_a_copy_in_user_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: int
) -> None:
    src = tmp_path / "a"
    src.write_bytes(os.urandom(1 << 20) + b"end")

    def refuse(*args: int) -> int:
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(os, "copy_file_range", refuse)
    copy_file(src, tmp_path / "b")
    assert (tmp_path / "b").read_bytes() == src.read_bytes()


def test_a_kernel_copy_that_stops_short_is_finished_in_user_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "a"
    src.write_bytes(os.urandom(3 << 20))
    kernel_copy = os.copy_file_range
    calls: list[int] = []

    def short(src_fd: int, dst_fd: int, count: int, *args: int) -> int:
        calls.append(count)  # a first part, then "nothing to copy" as some filesystems say
        return kernel_copy(src_fd, dst_fd, min(count, 1 << 20), *args) if len(calls) == 1 else 0

    monkeypatch.setattr(os, "copy_file_range", short)
    copy_file(src, tmp_path / "b")
    assert len(calls) == 2
    assert (tmp_path / "b").read_bytes() == src.read_bytes()


def test_an_update_names_only_the_columns_given() -> None:
    from sanctiongraph.graph import lbug_cypher as q

    assert q.node_update("Country", ("name",)) == (
        "LOAD FROM $t MATCH (n:Country {id: id}) SET n.name = name"
    )
    every = tuple(c for c in q.node_columns("Country") if c != "id")
    assert q.node_update("Country") == q.node_update("Country", every)
    assert q.node_update("Country", ("sources", "name")).endswith(
        "SET n.name = name, n.sources = sources"
    )  # table order, whatever order they are given in
    for wrong in (("nope",), ("id",), ()):
        with pytest.raises(ValueError):
            q.node_update("Country", wrong)
    with pytest.raises(ValueError):
        q.rel_update("TARGETS", ("nope",))


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every statement the embedded store's writers run from here on."""
    from sanctiongraph.graph import ladybug_store as ls

    texts: list[str] = []
    run = ls._Session.run

    def spy(
        self: ls._Session, text: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[list[Any]]:
        texts.append(text)
        return run(self, text, params)

    monkeypatch.setattr(ls._Session, "run", spy)
    return texts


def test_an_update_sets_only_the_columns_it_changes(tmp_path: Path, statements: list[str]) -> None:
    """The engine's checkpoint rewrites every column an update sets, so a load that
    only adds its source to a node sets its provenance and nothing else, and a load
    that changes nothing sets nothing; what the store reads is the same either way."""
    from sanctiongraph.graph import lbug_cypher as q

    store = LadybugStore(tmp_path / "g.lbug")
    japan = {"name": "Japan", "kind": "state"}
    with store.writer() as w:
        w.add(node("Authority", "authority:jp", japan, cite("one")))

    def updates() -> list[str]:
        found = [t for t in statements if t.startswith("LOAD FROM $t MATCH (n:Authority")]
        statements.clear()
        return found

    statements.clear()
    read = "MATCH (a:Authority) RETURN a.name AS name, a.kind AS kind, a.short AS short, "
    read += "a.sources AS sources"
    with store.writer() as w:
        w.add(node("Authority", "authority:jp", japan, cite("two")))
    assert updates() == [q.node_update("Authority", ("sources",))]
    both = ["source:one", "source:two"]
    assert store.read(read, {}) == [
        {"name": "Japan", "kind": "state", "short": None, "sources": both}
    ]
    with store.writer() as w:
        w.add(node("Authority", "authority:jp", japan, cite("two")))
    assert updates() == []
    with store.writer() as w:
        w.add(node("Authority", "authority:jp", {**japan, "short": "jp"}, cite("two")))
    # short, and the names the store looks the authority up by (name_props: name, short)
    assert updates() == [q.node_update("Authority", ("short", "match_names"))]
    assert store.read(read, {}) == [
        {"name": "Japan", "kind": "state", "short": "jp", "sources": both}
    ]


def test_rows_of_one_batch_changing_different_columns_all_read_back_right(
    tmp_path: Path, statements: list[str]
) -> None:
    """One update sets the union of the columns its rows change (each row rewriting its
    own values of the others), for nodes and relationships alike; the store reads as
    the in-process store fed the same records."""
    from sanctiongraph.graph.records import Node, Rel, rel

    def records(step: int) -> list[Node | Rel]:
        jp = {"name": "Japan", "kind": "state", **({"short": "jp"} if step else {})}
        us = {"name": "United States", **({"kind": "state"} if step else {})}
        out: list[Node | Rel] = [
            node("Authority", "authority:jp", jp, cite("one")),
            node("Authority", "authority:us", us, cite("one")),
            node("Entity", "entity:a", {"kind": "organization", "name": "A"}, cite("one")),
            node("Entity", "entity:b", {"kind": "organization", "name": "B"}, cite("one")),
        ]
        roles = ("parent", None) if step == 0 else ("parent", "subsidiary")
        for end, role in zip(("entity:a", "entity:b"), roles, strict=True):
            props = {"role": role} if role else {}
            out.append(rel("LINKED_TO", "entity:x", end, cite("one" if step < 2 else "two"), props))
        out.insert(
            0, node("Entity", "entity:x", {"kind": "organization", "name": "X"}, cite("one"))
        )
        return out

    store, memory = LadybugStore(tmp_path / "g.lbug"), MemoryStore()
    for step in range(3):
        for target in (store, memory):
            with target.writer() as w:
                w.add_all(records(step))
        assert snapshot(store) == snapshot(memory), step
    auth = [t for t in statements if t.startswith("LOAD FROM $t MATCH (n:Authority")]
    assert len(auth) == 1 and "n.kind = kind" in auth[0] and "n.short = short" in auth[0]
    assert "n.name = name" not in auth[0]
    linked = [
        t for t in statements if t.startswith("LOAD FROM $t") and "LINKED_TO" in t and " SET " in t
    ]
    assert linked and "r.role = role" in linked[0] and "r.sources" not in linked[0]
    assert "r.sources = sources" in linked[-1] and "r.role" not in linked[-1]


def test_an_http_address_says_to_use_bolt() -> None:
    result = CliRunner().invoke(main, ["--store", "http://localhost:7474", "stats"])
    assert result.exit_code == 2
    assert "use bolt://host:7687" in result.output


def test_help_imports_no_store_or_loader() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from sanctiongraph.cli import main; "
        "CliRunner().invoke(main, ['--help']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('networkx', 'ladybug', 'pyarrow', 'neo4j', 'rich', 'lxml', 'rigour')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.parametrize("batch", [2, 1000])
def test_repeats_in_a_new_store_fold_as_in_memory(tmp_path: Path, batch: int) -> None:
    """Records repeated within a batch and across batches of one load into empty tables
    (staged as they come, folded at commit) merge as the in-process store merges them."""
    from sanctiongraph.graph.records import rel

    a, b = cite("src-a", "r1"), cite("src-b", "r2")
    records = [
        node("Country", "country:KP", {"code": "KP", "name": "North Korea"}, a),
        node("Entity", "entity:x", {"kind": "organization", "name": "X", "aliases": ["A"]}, a),
        node("Country", "country:KP", {"code": "KP", "name": "DPRK"}, b),
        rel("HEADQUARTERED_IN", "entity:x", "country:KP", a),
        node("Entity", "entity:x", {"kind": "organization", "name": "X2", "aliases": ["B"]}, b),
        rel("HEADQUARTERED_IN", "entity:x", "country:KP", b),
        node("Entity", "entity:y", {"kind": "person", "name": "Y"}, b),
        rel("HEADQUARTERED_IN", "entity:y", "country:KP", a),
        rel("HEADQUARTERED_IN", "entity:x", "country:KP", a),
    ]
    memory, embedded = MemoryStore(tmp_path / "g.json"), LadybugStore(tmp_path / "g.lbug")
    for store in (memory, embedded):
        with store.writer(batch) as w:
            w.add_all(records)
    assert snapshot(embedded) == snapshot(memory)
    x = embedded.read("MATCH (e:Entity {id: 'entity:x'}) RETURN e.name AS n, e.aliases AS a", {})
    assert x == [{"n": "X2", "a": ["A", "B"]}]
    rels = embedded.read("MATCH ()-[r:HEADQUARTERED_IN]->() RETURN r.sources AS s", {})
    assert sorted(r["s"] for r in rels) == [["source:src-a"], ["source:src-a", "source:src-b"]]
    embedded.close()


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_an_amended_value_another_record_asserts_stays_in_any_order(
    tmp_path: Path, order: tuple[int, ...]
) -> None:
    """tests.scenario.amended_but_asserted_elsewhere in every order, in one batch and in
    three loads. (The embedded writer folds a batch before it merges it with the store:
    an order the in-process store never sees, which must give its answer.)"""
    records = amended_but_asserted_elsewhere()
    for loads in batchings([records[i] for i in order]):
        memory, embedded = MemoryStore(), LadybugStore(tmp_path / str(len(loads)) / "g.lbug")
        for store in (memory, embedded):
            write_loads(store, loads)
        assert snapshot(embedded) == snapshot(memory)
        got = embedded.read("MATCH (e:Entity) RETURN e.birth_dates AS b", {})
        assert got == [{"b": ["1980", "1981"]}]
        embedded.close()


@pytest.mark.parametrize("copy_min_rows", [0, 10**9])
def test_bulk_copy_and_row_creation_write_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copy_min_rows: int
) -> None:
    """New nodes go in by COPY (many) or LOAD FROM … CREATE (few), and existing rows are
    read back in chunks: every path gives the in-process store's graph, types and all."""
    from sanctiongraph.graph import ladybug_store
    from sanctiongraph.graph.ladybug_store import LadybugStore
    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.curated import load_seed
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.loaders.registry import detect
    from tests.scenario import snapshot

    monkeypatch.setattr(ladybug_store, "COPY_MIN_ROWS", copy_min_rows)
    monkeypatch.setattr(ladybug_store, "READ_CHUNK", 3)
    lists = Path(__file__).parent / "fixtures" / "lists"
    files = [lists / "un_consolidated.xml", lists / "uk_conlist.csv", lists / "eu_fsf.xml"]
    twin = MemoryStore()
    with LadybugStore(tmp_path / "g.lbug") as store:
        for s in (store, twin):
            load_seed(s)
            for f in files:
                load_file(s, detect(f), f)
            load_seed(s)  # the second time every row exists: read back, merged, set
        assert snapshot(store) == snapshot(twin)


@pytest.mark.parametrize("seek_max", [0, 300])
def test_subgraph_by_key_and_by_scan_match_the_in_process_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seek_max: int
) -> None:
    """Subgraphs read id by id (index seeks) or table by table give the same graph."""
    import sanctiongraph.graph.ladybug_store as ladybug_store

    monkeypatch.setattr(ladybug_store, "SEEK_MAX", seek_max)
    memory = MemoryStore()
    load_seed(memory)
    store = LadybugStore(tmp_path / "graph.lbug", batch_size=1000)
    load_seed(store)
    (kcc,) = [r["id"] for r in store.names("Entity") if r["name"] == "Korea Computer Center"]
    cases = [([kcc], 0), ([kcc], 1), ([kcc], 2), (["country:DE"], 1), (["authority:jp", kcc], 2),
             (["event:2017-11-29-hwasong-15"], 1)]  # fmt: skip
    for seeds, hops in cases:
        ours, theirs = store.subgraph(seeds, hops), memory.subgraph(seeds, hops)
        assert sorted(ours.nodes) == sorted(theirs.nodes), (seeds, hops)
        assert sorted(ours.edges(keys=True)) == sorted(theirs.edges(keys=True)), (seeds, hops)
        assert ours.number_of_edges() > 0 or hops == 0
        for n in ours.nodes:
            assert ours.nodes[n].get("name") == theirs.nodes[n].get("name")
    store.close()


def test_reads_by_node_key_seek_the_key_and_mask_the_relationship_scan(tmp_path: Path) -> None:
    """The writer's read-back and update of each relationship type, and the index's
    reads of an entity's listings, seats and addresses, are planned as a key seek; for
    the relationships every list adds to, its nodes mask the relationship scan. A
    pattern holding the key and the relationship together was planned as a hash join
    against the whole relationship table (1.3 s and 1 GB of buffer pool at a million
    entities; ``benchmarks/rel_read_plans.py``). The planner weighs table sizes, so the
    small tables of the seed (events, instruments) may be joined whole: they stay small.
    """
    import ladybug
    import pyarrow as pa

    from sanctiongraph.graph import lbug_cypher as q
    from sanctiongraph.graph.schema import SCHEMA

    store = LadybugStore(tmp_path / "g.lbug")
    load_seed(store)
    store.close()
    conn = ladybug.Connection(ladybug.Database(str(tmp_path / "g.lbug"), read_only=True))
    growing = {"HAS_BRANCH", "LOCATED_IN", "HEADQUARTERED_IN", "ISSUED", "TARGETS"}
    texts: list[tuple[str, dict[str, object], bool]] = []
    for r in SCHEMA.rels:
        texts.append((q.rel_read(r.type), {"ids": ["x"]}, r.type in growing))
        if not q.rel_columns(r.type):  # cited by an end node: nothing is ever set
            continue
        table = pa.table({"s": ["a"], "e": ["b"]})
        for c in q.rel_columns(r.type):
            table = table.append_column(c, pa.array([None], type=pa.string()))
        # The update's match, planned without its SET (EXPLAIN of a write needs the
        # columns' own types; the seek is the same).
        match = q.rel_update(r.type).split(" SET ")[0] + " RETURN count(r)"
        texts.append((match, {"t": table}, r.type in growing))
    for text in (q.SEATS_OF, q.ADDRESSES_OF, q.LISTINGS_OF):
        texts.append((text, {"ids": ["x"]}, True))
    updated = sum(1 for r in SCHEMA.rels if q.rel_columns(r.type))
    assert len(texts) == len(SCHEMA.rels) + updated + 3 and growing <= {r.type for r in SCHEMA.rels}
    for text, params, masked in texts:
        result = conn.execute("EXPLAIN " + text, params)
        plan = (result[0] if isinstance(result, list) else result).get_next()[0]
        ops = re.findall(r"[A-Z_]+(?=\[\d+\])", plan)
        assert "QUERY_PRIMARY_KEY_LOOKUP" in ops, text
        if masked:
            assert "SCAN_REL_TABLE" in ops and "SEMI_MASKER" in ops, (text, ops)


def test_a_store_whose_hub_relationships_kept_their_own_provenance_drops_it(tmp_path: Path) -> None:
    """ISSUED and LOCATED_IN came to be cited by their listing and branch
    (``RelType.cited_by``); a store written before keeps two columns on each, which
    opening it drops, and the graph reads the same before and after."""
    import ladybug

    from sanctiongraph.graph import lbug_cypher as q

    path = tmp_path / "g.lbug"
    store = LadybugStore(path)
    load_seed(store)
    before = snapshot(store)
    store.close()
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for type_ in ("ISSUED", "LOCATED_IN"):
        conn.execute(f"ALTER TABLE {type_} ADD sources STRING[]")
        conn.execute(f"ALTER TABLE {type_} ADD records STRING[]")
        conn.execute(f"MATCH ()-[r:{type_}]->() SET r.sources = ['source:old']")
    conn.execute(q.META_WRITE, {"key": "schema", "value": "before-cited-by"})
    conn.close()
    db.close()  # checkpointed: the store's writer copies the database file alone
    store = LadybugStore(path)
    # The first read sees the old schema's stamp and migrates (a writer, committed).
    assert snapshot(store) == before
    load_seed(store)  # and a load after it changes nothing
    assert snapshot(store) == before
    store.close()
    conn = ladybug.Connection(ladybug.Database(str(path), read_only=True))
    for type_ in ("ISSUED", "LOCATED_IN"):
        cols = {str(r[1]) for r in conn.execute(f"CALL table_info('{type_}') RETURN *").get_all()}
        assert not cols & {"sources", "records"}, (type_, cols)


def test_a_relationship_sought_by_its_end_is_updated_by_its_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``rel_update`` seeks the row's end key (``e``) for a type read by its end node
    and the start key (``s``) otherwise; the wrong one would match nothing and its
    OPTIONAL MATCH set nothing, silently. ISSUED is the type read by its end; it has
    no properties now, so it is given one here to have an update to check."""
    from sanctiongraph.graph import lbug_cypher as q
    from sanctiongraph.graph.schema import SCHEMA

    columns = q.rel_columns
    monkeypatch.setattr(q, "rel_columns", lambda t: columns(t) or ("x",))
    assert not q.rel_read_by_start("ISSUED")
    for r in SCHEMA.rels:
        update = q.rel_update(r.type)
        if q.rel_read_by_start(r.type):
            assert f"MATCH (a:{r.start} {{id: s}})" in update and "WHERE b.id = e" in update
        else:
            assert f"MATCH (b:{r.end} {{id: e}})" in update and "WHERE a.id = s" in update
