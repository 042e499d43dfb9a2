"""The store as its lists loaded in publication order, whatever order they came in.

Real list fixtures loaded through the command line into the embedded store in
two orders must give the same graph: the same nodes, each citing the same
records, and the same relationships. An entity keeps the key the store first gave
it (a user may have bookmarked it), so two stores loaded in two orders may name
one entity (and its listings and offices) differently: :func:`shape` compares
them by what the nodes hold. A "same" judgement joins two entities; a file
changed since it was loaded is refused by name.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.canonical import load_logged
from sanctiongraph.ingest.rebuild import rebuild
from sanctiongraph.resolution.history import LoadLog
from sanctiongraph.resolution.judgements import Judgements

LISTS = Path(__file__).parent / "fixtures" / "lists"
OFAC = LISTS / "sdn_csv_2021-07" / "sdn.csv"
FILES = [
    OFAC,
    LISTS / "un_consolidated.xml",
    LISTS / "uk_conlist.csv",
    LISTS / "jp_mof_20260305.xlsx",
    LISTS / "eu_fsf.xml",
    LISTS / "ofac_cons_advanced.xml",
]


def snapshot(path: Path) -> tuple[set[tuple[str, str, tuple[str, ...]]], set[tuple[str, str, str]]]:
    """Nodes as (key, label, records) and relationships as (start, type, end)."""
    g = LadybugStore(path).to_networkx()
    nodes = {
        (str(n), str(a["label"]), tuple(sorted(a.get("records") or ())))
        for n, a in g.nodes(data=True)
    }
    rels = {(str(u), str(k), str(v)) for u, v, k in g.edges(keys=True)}
    return nodes, rels


# Where the entity's key sits in the keys of the nodes made from it (ingest.build).
_PART = {"Listing": 2, "Branch": 1}


def shape(path: Path) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """:func:`snapshot` with every entity named by its records, and its listings and
    offices by theirs and the rest of their key: the graph, whatever keys it chose."""
    g = LadybugStore(path).to_networkx()

    def records(n: str) -> tuple[str, ...]:
        return tuple(sorted(g.nodes[n].get("records") or ()))

    def name(n: str) -> tuple[Any, ...]:
        label = str(g.nodes[n]["label"])
        if label == "Entity":
            return (label, records(n))
        if label in _PART:
            parts = str(n).split(":")
            parts[_PART[label]] = "*"
            return (label, ":".join(parts), records(n))
        return (label, str(n))

    nodes = {(*name(n), records(n)) for n in g.nodes}
    rels = {(name(u), str(k), name(v)) for u, v, k in g.edges(keys=True)}
    return nodes, rels


def entity_keys(path: Path) -> dict[tuple[str, ...], str]:
    """Each entity's records → its key."""
    g = LadybugStore(path).to_networkx()
    return {
        tuple(sorted(a.get("records") or ())): str(n)
        for n, a in g.nodes(data=True)
        if a["label"] == "Entity"
    }


def cli(tmp_path: Path, store: Path) -> Callable[..., str]:
    runner = CliRunner(
        env={"SANCTIONGRAPH_STORE": str(store), "SANCTIONGRAPH_RESOLVER": ""},
    )

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, list(args))
        assert result.exit_code == code, result.output + repr(result.exception)
        return result.output

    return invoke


def test_two_load_orders_give_one_graph(tmp_path: Path) -> None:
    forward, backward = tmp_path / "a.lbug", tmp_path / "b.lbug"
    # One command for every file (one matcher goes through them) ...
    cli(tmp_path, forward)("load", "auto", *map(str, FILES))
    replays = 0
    first: dict[tuple[str, ...], str] = {}
    for f in reversed(FILES):  # ... or one command per file, as files arrive over time
        out = cli(tmp_path, backward)("load", "auto", str(f))
        replays += "publication order" in out
        first = first or entity_keys(backward)
    assert replays >= 3  # older lists arrived after newer ones and were put in their place
    a, b = shape(forward), shape(backward)
    assert a[0] == b[0]
    assert a[1] == b[1]
    # The entities of the file loaded first kept their keys through every replay, with
    # the records of older lists they took.
    holder = {r: k for recs, k in entity_keys(backward).items() for r in recs}
    assert {k: holder[recs[0]] for recs, k in first.items()} == {k: k for k in first.values()}
    # ... and the log names each file once, whichever order it came in.
    log = LoadLog(tmp_path / "b.resolver.loads.jsonl")
    assert len(log.entries()) == len(FILES)


def test_a_curated_file_takes_its_place_before_the_lists(tmp_path: Path) -> None:
    from sanctiongraph.ingest.curated import seed_path

    first, after = tmp_path / "a.lbug", tmp_path / "b.lbug"
    cli(tmp_path, first)("load", "curated", str(seed_path()))
    cli(tmp_path, first)("load", "auto", str(OFAC), str(FILES[3]))
    cli(tmp_path, after)("load", "auto", str(OFAC), str(FILES[3]))
    out = cli(tmp_path, after)("load", "curated", str(seed_path()))
    assert "publication order" in out
    assert shape(first) == shape(after)


def test_an_undated_list_goes_first_so_dated_editions_append(tmp_path: Path) -> None:
    """An undated file (no date in it or its name) sorts before the dated lists: the
    dated lists loaded after it append, and it loaded after them replays once into
    the same graph."""
    undated = tmp_path / "sdn" / "sdn.csv"  # no date in the file nor its folder's name
    shutil.copytree(OFAC.parent, undated.parent)
    dated = [FILES[1], FILES[2], FILES[3]]
    first, last = tmp_path / "a.lbug", tmp_path / "b.lbug"
    out = cli(tmp_path, first)("load", "auto", str(undated))
    assert "undated" in out.lower() or "no date" in out.lower()
    # Given together, the dated lists load in their own order, each after the undated one.
    out = cli(tmp_path, first)("load", "auto", *map(str, dated))
    assert "publication order" not in out, out
    run = cli(tmp_path, last)
    for f in dated:
        run("load", "auto", str(f))
    out = run("load", "auto", str(undated))
    assert "re-read 3 file(s)" in out
    # One graph; its keys are those each store first gave (resolution.keys).
    assert shape(first) == shape(last)


def test_loading_again_changes_nothing_and_replays_nothing(tmp_path: Path) -> None:
    store = tmp_path / "s.lbug"
    run = cli(tmp_path, store)
    run("load", "auto", str(FILES[1]), str(FILES[3]))
    before = snapshot(store)
    out = run("load", "auto", str(FILES[1]))
    assert "publication order" not in out
    assert snapshot(store) == before


def entity_of(path: Path, record: str) -> str:
    g = LadybugStore(path).to_networkx()
    return next(n for n, a in g.nodes(data=True) if record in (a.get("records") or ()))


def test_a_same_judgement_joins_two_entities(tmp_path: Path) -> None:
    store = tmp_path / "s.lbug"
    run = cli(tmp_path, store)
    run("load", "auto", str(OFAC), str(FILES[1]), str(FILES[2]))
    pending = json.loads(run("matches", "--format", "json"))
    assert pending, "the fixtures leave look-alikes apart for review"
    first = pending[0]
    assert entity_of(store, first["record"]) != entity_of(store, first["other"])
    run("resolver", "judge", first["record"], first["other"], "same")
    run("rebuild")
    assert entity_of(store, first["record"]) == entity_of(store, first["other"])
    # Undone, they part again.
    run("resolver", "undo", first["record"], first["other"])
    run("rebuild")
    assert entity_of(store, first["record"]) != entity_of(store, first["other"])


def test_rebuild_reads_the_files_as_they_were_loaded(tmp_path: Path) -> None:
    store = tmp_path / "s.lbug"
    mine = tmp_path / "un_2018.xml"
    shutil.copy(FILES[1], mine)
    run = cli(tmp_path, store)
    run("load", "auto", str(mine), str(FILES[3]))
    before = snapshot(store)
    # The download changes (or goes): the copy kept beside the store is what was loaded.
    mine.write_bytes(
        mine.read_bytes().replace(b"</CONSOLIDATED_LIST>", b"<!--x--></CONSOLIDATED_LIST>")
    )
    run("rebuild")
    assert snapshot(store) == before
    kept = tmp_path / "s.resolver.files"
    # Two kept copies (and, beside each edition of a known list, the entries `changes`
    # reads and the statements `provenance` reads).
    saved = (".entries-", ".statements-")
    copies = [p for p in kept.rglob("*") if p.is_file() and not any(x in p.name for x in saved)]
    assert len(copies) == 2
    # Without the copy, a changed file is refused by name and the store stays as it was.
    shutil.rmtree(kept)
    out = run("rebuild", code=2)
    assert str(mine) in out and "changed since it was loaded" in out
    assert snapshot(store) == before
    # An older list cannot replay it either: it loads after, and says why.
    out = run("load", "auto", str(FILES[2]))
    assert "publication order" in out and "changed since it was loaded" in out
    # Unloading a source removes its kept copy.
    shutil.copy(FILES[1], mine)
    run("rebuild", "--without", "source:" + _source_of(FILES[3]))
    assert not any(p.is_file() for p in kept.rglob("*") if "jp_mof" in p.name)


def test_rebuild_says_when_it_reads_a_kept_copy_of_a_file_moved_since(tmp_path: Path) -> None:
    store = tmp_path / "s.lbug"
    mine = tmp_path / "un_2018.xml"
    shutil.copy(FILES[1], mine)
    run = cli(tmp_path, store)
    run("load", "auto", str(mine))
    mine.rename(tmp_path / "elsewhere.xml")
    [line] = [x for x in run("rebuild").splitlines() if x.startswith("reloading ")]
    kept = next((tmp_path / "s.resolver.files").rglob("un_2018.xml"))
    assert line == f"reloading {mine} (moved or deleted since) from its kept copy {kept}"
    # Still there: the copy is what is read all the same, and the line says so.
    shutil.copy(FILES[1], mine)
    [line] = [x for x in run("rebuild").splitlines() if x.startswith("reloading ")]
    assert line == f"reloading {mine} from its kept copy {kept}"


def _source_of(path: Path) -> str:
    from sanctiongraph.loaders.registry import detect, source_of

    found = source_of(detect(path), path)
    assert found is not None
    return found.id


def test_provenance_says_which_record_asserted_which_value(tmp_path: Path) -> None:
    store = tmp_path / "s.lbug"
    run = cli(tmp_path, store)
    run("load", "auto", str(OFAC), str(FILES[3]))
    rows = json.loads(run("provenance", "Korea Computer Center", "--format", "json"))
    by_record: dict[str, set[tuple[str, str]]] = {}
    for r in rows:
        by_record.setdefault(r["record"], set()).add((r["property"], r["value"]))
    us = next(r for r in by_record if "ofac" in r)
    jp = next(r for r in by_record if "jp-mof" in r)
    # OFAC's record gives its ent_num and its own listing; MOF's the Japanese name.
    assert ("ofac_ent_num", "22323") in by_record[us]
    assert any(p == "listing" and v.startswith("us") for p, v in by_record[us])
    assert any(p == "name_local" for p, _ in by_record[jp])
    assert not any(p == "ofac_ent_num" for p, _ in by_record[jp])
    assert {r["file"] for r in rows} == {"sdn.csv", FILES[3].name}


def test_the_in_process_store_keeps_no_log(tmp_path: Path) -> None:
    log = LoadLog(tmp_path / "loads.jsonl")
    store = MemoryStore()
    done = load_logged(store, "un-xml", FILES[1], log, Judgements())
    assert done.summary.records and not log.path.exists()


@pytest.mark.neo4j
def test_rebuild_replaces_the_neo4j_graph(neo4j_store: Any, tmp_path: Path) -> None:
    """Neo4j keeps its judgements in a file and replays its log like the embedded store."""
    log = LoadLog(tmp_path / "loads.jsonl")
    judgements = Judgements(tmp_path / "resolver.jsonl")
    for f in (OFAC, FILES[3]):
        load_logged(neo4j_store, _fmt(f), f, log, judgements)

    def kcc() -> list[dict[str, Any]]:
        return neo4j_store.cypher(
            "MATCH (e:Entity) WHERE e.name =~ '(?i)korea computer center' "
            "RETURN e.id AS id, e.records AS records ORDER BY id",
            {},
        )

    rows = kcc()
    assert len(rows) == 1 and len(rows[0]["records"]) >= 2
    us = next(r for r in rows[0]["records"] if "ofac" in r)
    jp = next(r for r in rows[0]["records"] if "jp-mof" in r)
    judgements.judge(us, jp, "different", who="tester")
    rebuild(neo4j_store, log, judgements)
    apart = neo4j_store.cypher(
        "MATCH (e:Entity) WHERE $us IN e.records OR $jp IN e.records RETURN e.id AS id",
        {"us": us, "jp": jp},
    )
    assert len(apart) == 2


def _fmt(path: Path) -> str:
    from sanctiongraph.loaders.registry import detect

    return detect(path)
