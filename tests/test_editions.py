"""Lists over time: editions of the UN list made from the real 2018 file.

The 2018 file holds 1,093 entries. Edition B (2019-06-01) drops three of them, adds
one designated in between (LISTED_ON 2019-01-15) and one whose LISTED_ON predates
2018 (a re-instated entry: not listed in 2018, whatever its date says), and renames
one. Edition C (2020-03-01) brings one of the dropped entries back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.load import load_file
from sanctiongraph.loaders.editions import present_on
from sanctiongraph.queries import run_query
from tests.un_editions import UN_2018, dataids, edition

pytestmark = pytest.mark.realdata

A, B, C = "2018-10-29", "2019-06-01", "2020-03-01"
SA, SB, SC = (f"source:unsc-consolidated-{d}" for d in (A, B, C))


@pytest.fixture(scope="module")
def files(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("un-editions")
    ids = dataids(data_dir / UN_2018)
    gone, renamed = tuple(ids[:3]), ids[10]
    added = {"99000001": ("NEW THING ONE", "2019-01-15"), "99000002": ("OLD THING", "2005-01-01")}
    b = edition(data_dir, out / "b.xml", B, remove=gone, add=added, rename={renamed: "RENAMED"})
    c = edition(data_dir, out / "c.xml", C, remove=gone[1:], add=added, rename={renamed: "RENAMED"})
    part = edition(data_dir, out / "p.xml", B, keep_only=500)
    return {"a": data_dir / UN_2018, "b": b, "c": c, "partial": part, "gone": gone,
            "renamed": renamed, "dir": out}  # fmt: skip


def _total(store: Store, day: str) -> tuple[int, list[str]]:
    row = run_query(store, "authority-totals", {"authority": "unsc", "as_of": day})[0]
    return row["total"], row["editions"]


def _stores(tmp: Path) -> list[Store]:
    return [MemoryStore(), LadybugStore(tmp / "store.lbug")]


def test_as_of_totals_agree_with_each_edition_on_every_store(
    files: dict[str, Any], tmp_path: Path
) -> None:
    for store in _stores(tmp_path):
        load_file(store, "un-xml", files["a"])
        load_file(store, "un-xml", files["b"])
        # On an edition's date: exactly that edition's entries.
        assert _total(store, A) == (1093, [SA, SB]), store.backend
        assert _total(store, B) == (1093 - 3 + 2, [SB]), store.backend
        # Between: the older edition, plus what the newer says was listed in between
        # (the entry of 2019-01-15; not the one dated 2005, absent from the 2018 edition).
        assert _total(store, "2019-01-14")[0] == 1093
        assert _total(store, "2019-01-15")[0] == 1094
        assert _total(store, "2019-05-31")[0] == 1094
        # Before the first edition: the publisher's dates, as before editions.
        assert _total(store, "2018-10-28") == (1093, [SA])
        assert _total(store, "2005-06-01")[0] < 1093
        store.close()


def test_removal_is_recorded_with_the_edition_that_removed_it(files: dict[str, Any]) -> None:
    store = MemoryStore()
    load_file(store, "un-xml", files["a"])
    load_file(store, "un-xml", files["b"])
    removed = {
        n: a
        for n, a in store.graph.nodes(data=True)
        if a["label"] == "Listing" and a.get("removed_by")
    }
    assert len(removed) == 3
    for props in removed.values():
        assert props["removed_by"] == [SB]
        assert props["present_until"] == [B]
        assert props["last_seen_on"] == A
    new = store.graph.nodes["listing:unsc:new-thing-one:dprk"]
    assert new["present_from"] == ["2019-01-15"]
    old = store.graph.nodes["listing:unsc:old-thing:dprk"]
    assert old["present_from"] == [B]  # its LISTED_ON of 2005 is not "in between"


def test_loading_an_edition_twice_changes_nothing(files: dict[str, Any]) -> None:
    store = MemoryStore()
    load_file(store, "un-xml", files["a"])
    load_file(store, "un-xml", files["b"])
    before = {n: dict(a) for n, a in store.graph.nodes(data=True)}
    load_file(store, "un-xml", files["b"])
    load_file(store, "un-xml", files["a"])
    assert {n: dict(a) for n, a in store.graph.nodes(data=True)} == before


def test_a_partial_edition_implies_no_removal(files: dict[str, Any]) -> None:
    store = MemoryStore()
    load_file(store, "un-xml", files["a"])
    load_file(store, "un-xml", files["partial"], partial=True)
    listings = [a for _, a in store.graph.nodes(data=True) if a["label"] == "Listing"]
    assert not any(a.get("removed_by") or a.get("present_until") for a in listings)
    assert _total(store, B)[0] == 1093
    assert store.graph.nodes[SB]["edition"] == "partial"
    rows = run_query(store, "edition-changes", {"older": SA, "newer": SB})
    assert rows == []


def test_a_file_named_truncated_is_partial(files: dict[str, Any]) -> None:
    named = files["dir"] / "consolidated_TRUNCATED.xml"
    named.write_bytes(files["partial"].read_bytes())
    store = MemoryStore()
    load_file(store, "un-xml", files["a"])
    load_file(store, "un-xml", named)
    assert _total(store, B)[0] == 1093


def test_relisting_after_removal_is_a_new_interval(files: dict[str, Any]) -> None:
    store = MemoryStore()
    for f in ("a", "b", "c"):
        load_file(store, "un-xml", files[f])
    back = [
        a
        for _, a in store.graph.nodes(data=True)
        if a["label"] == "Listing" and len(a.get("present_from") or ()) == 2
    ]
    assert len(back) == 1
    starts, ends = back[0]["present_from"], back[0]["present_until"]
    assert ends == [B] and starts[1] == C
    assert present_on(starts, ends, A) and not present_on(starts, ends, "2019-12-31")
    assert present_on(starts, ends, C)
    assert _total(store, C)[0] == 1093 - 2 + 2


# Where the entity's key sits in the keys of the nodes made from it (ingest.build).
_PART = {"Listing": 2, "Branch": 1}


def _graph_of(store: Store) -> tuple[dict[Any, dict[str, Any]], set[tuple[Any, ...]]]:
    """Nodes with their properties and relationships, every entity named by its records
    and its listings and offices by theirs and the rest of their key: an entity keeps
    the key the store first gave it (resolution.keys), so two load orders may name one
    entity differently, never make a different graph."""
    g = store.to_networkx()

    def name(n: str) -> Any:
        label, records = str(g.nodes[n]["label"]), tuple(sorted(g.nodes[n].get("records") or ()))
        if label == "Entity":
            return (label, records)
        if label in _PART:
            parts = str(n).split(":")
            parts[_PART[label]] = "*"
            return (label, ":".join(parts), records)
        return (label, str(n))

    nodes = {
        name(n): {k: v for k, v in a.items() if k not in ("records", "id")}
        for n, a in g.nodes(data=True)
    }
    rels = {(name(u), str(k), name(v)) for u, v, k in g.edges(keys=True)}
    return nodes, rels


def _cli(store: Path, resolver: Path, *args: str) -> Any:
    env = {"SANCTIONGRAPH_STORE": str(store), "SANCTIONGRAPH_RESOLVER": str(resolver)}
    from sanctiongraph.cli import main

    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_both_load_orders_give_the_same_graph(files: dict[str, Any], tmp_path: Path) -> None:
    graphs = []
    for name, order in (("in", ("a", "b", "c")), ("out", ("c", "a", "b"))):
        store, resolver = tmp_path / f"{name}.lbug", tmp_path / f"{name}.resolver.jsonl"
        for f in order:  # one command per file: a newer edition first makes a rebuild
            _cli(store, resolver, "load", "un-xml", str(files[f]))
        with LadybugStore(store) as s:
            graphs.append(_graph_of(s))
            assert _total(s, B)[0] == 1092
    assert graphs[0] == graphs[1]


def test_changes_between_two_editions(files: dict[str, Any], tmp_path: Path) -> None:
    store, resolver = tmp_path / "s.lbug", tmp_path / "resolver.jsonl"
    _cli(store, resolver, "load", "un-xml", str(files["a"]), str(files["b"]))
    out = _cli(store, resolver, "changes", "--from", SA, "--to", SB, "--format", "json").output
    rows = json.loads(out)
    by_change: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_change.setdefault(r["change"], []).append(r)
    assert sorted(r["record"] for r in by_change["removed"]) == sorted(files["gone"])
    assert sorted(r["record"] for r in by_change["added"]) == ["99000001", "99000002"]
    [amended] = by_change["amended"]
    assert amended["record"] == files["renamed"] and amended["fields"] == "name"
    assert "RENAMED" in amended["new"] and "RENAMED" not in amended["old"]
    csv = _cli(store, resolver, "changes", "--list", "un-sc-consolidated", "--since", "2019-01-01",
               "--format", "csv").output  # fmt: skip
    assert csv.splitlines()[0] == "change,record,name,kind,fields,old,new"
    assert len(csv.strip().splitlines()) == 1 + len(rows)
    with LadybugStore(store) as s:
        graph_rows = run_query(s, "edition-changes", {"older": SA, "newer": SB})
    assert sorted(r["change"] for r in graph_rows) == ["added"] * 2 + ["removed"] * 3


def test_changes_read_the_entries_the_load_saved_and_give_the_same_rows(
    files: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load keeps each edition's entries beside its copy; ``changes`` reads them
    instead of parsing both files again, and prints exactly what parsing gives."""
    from sanctiongraph.resolution import changes
    from sanctiongraph.resolution.history import LoadLog

    store, resolver = tmp_path / "s.lbug", tmp_path / "resolver.jsonl"
    _cli(store, resolver, "load", "un-xml", str(files["a"]), str(files["b"]))
    log = LoadLog(tmp_path / "resolver.loads.jsonl")
    saved = sorted(log.kept_root.rglob("*.entries-*.json"))
    assert len(saved) == 2
    args = ("changes", "--from", SA, "--to", SB, "--format", "json")

    def no_parsing(fmt: str, path: Path) -> Any:
        raise AssertionError(f"{path} parsed again")

    with monkeypatch.context() as m:
        m.setattr(changes, "read_entries", no_parsing)
        from_saved = _cli(store, resolver, *args).output
    parsed = changes.compare(
        changes.read_entries("un-xml", files["a"]),
        changes.read_entries("un-xml", files["b"]),
        removals=True,
    )
    assert json.loads(from_saved) == parsed and len(parsed) == 6
    for p in saved:  # gone (or unreadable): read from the kept copies and saved again
        p.write_text("{not json", encoding="utf-8")
    assert _cli(store, resolver, *args).output == from_saved
    assert all(json.loads(p.read_text(encoding="utf-8")) for p in saved)
    for p in saved:
        p.unlink()
    assert _cli(store, resolver, *args).output == from_saved
    assert sorted(log.kept_root.rglob("*.entries-*.json")) == saved


def test_a_judgement_on_one_edition_holds_for_the_next(data_dir: Path, tmp_path: Path) -> None:
    """Judgements name a list's record, not one edition's: a pair judged different on
    the 2018 edition never returns to the queue when the 2019 edition arrives, and a
    pair judged same on the 2018 records merges when only the 2019 edition is loaded."""
    from sanctiongraph.resolution.judgements import Judgements

    first, root_name = _first_entity(data_dir)
    # An entry named exactly as an entity of the same programme, without a reference
    # of its own (which would tell the two apart): the list names one party twice
    # only under two programmes, so the load holds the pair for review.
    twin = {"99000001": (root_name, "2019-01-15")}
    a = _unreferenced(edition(data_dir, tmp_path / "a.xml", "2018-11-01", add=twin))
    b = _unreferenced(edition(data_dir, tmp_path / "b.xml", "2019-06-01", add=twin))
    ra, rb = "source:unsc-consolidated-2018-11-01", "source:unsc-consolidated-2019-06-01"
    twin_a, twin_b = f"{ra}#99000001", f"{rb}#99000001"

    store, resolver = tmp_path / "s.lbug", tmp_path / "resolver.jsonl"
    _cli(store, resolver, "load", "un-xml", str(a))
    queued = _queue(store, resolver)
    assert (twin_a, f"{ra}#{first}") in queued
    Judgements(resolver).judge(twin_a, f"{ra}#{first}", "different", who="test")
    _cli(store, resolver, "load", "un-xml", str(b))
    assert not {q for q in _queue(store, resolver) if "99000001" in q[0] + q[1]}

    store2, resolver2 = tmp_path / "s2.lbug", tmp_path / "resolver2.jsonl"
    Judgements(resolver2).judge(twin_a, f"{ra}#{first}", "same", who="test")
    _cli(store2, resolver2, "load", "un-xml", str(b))
    with LadybugStore(store2) as s:
        where = {r: n for n, a2 in s.to_networkx().nodes(data=True)
                 for r in a2.get("records") or () if a2.get("label") == "Entity"}  # fmt: skip
    assert where[twin_b] == where[f"{rb}#{first}"]


def _first_entity(data_dir: Path) -> tuple[str, str]:
    from lxml import etree

    first = etree.parse(str(data_dir / UN_2018)).getroot().find("ENTITIES")[0]
    return str(first.findtext("DATAID")), str(first.findtext("FIRST_NAME"))


def _unreferenced(path: Path) -> Path:
    """The added entry 99000001 of ``path`` without its reference number."""
    from lxml import etree

    tree = etree.parse(str(path))
    for e in tree.getroot().iter("ENTITY"):
        if e.findtext("DATAID") == "99000001":
            e.find("REFERENCE_NUMBER").text = ""
    tree.write(str(path), xml_declaration=True, encoding="utf-8")
    return path


def _queue(store: Path, resolver: Path) -> set[tuple[str, str]]:
    rows = json.loads(_cli(store, resolver, "matches", "--format", "json").output)
    return {(str(r["record"]), str(r["other"])) for r in rows} | {
        (str(r["other"]), str(r["record"])) for r in rows
    }


def test_editions_per_list_and_their_drawing(files: dict[str, Any], tmp_path: Path) -> None:
    store, resolver = tmp_path / "s.lbug", tmp_path / "resolver.jsonl"
    _cli(store, resolver, "load", "un-xml", str(files["a"]), str(files["b"]), str(files["c"]))
    rows = json.loads(_cli(store, resolver, "editions", "un-sc-consolidated", "--format",
                           "json").output)  # fmt: skip
    got = [(r["date"], r["entries"], r["added"], r["removed"]) for r in rows]
    assert got == [(A, 1093, None, 0), (B, 1092, 2, 3), (C, 1093, 1, 0)]

    page = tmp_path / "un.html"
    _cli(store, resolver, "timeline", "--list", "un-sc-consolidated", str(page))
    text = page.read_text(encoding="utf-8")
    assert "<svg" in text and f"<td>{SC}</td>" in text


@pytest.mark.neo4j
def test_neo4j_agrees_with_the_in_process_store(files: dict[str, Any], neo4j_store: Store) -> None:
    memory = MemoryStore()
    for store in (memory, neo4j_store):
        load_file(store, "un-xml", files["a"])
        load_file(store, "un-xml", files["b"])
    for day in (A, "2019-01-15", B):
        assert _total(neo4j_store, day) == _total(memory, day), day
    changes = {"older": SA, "newer": SB}
    assert run_query(neo4j_store, "edition-changes", changes) == run_query(
        memory, "edition-changes", changes
    )
    assert _total(neo4j_store, B)[0] == 1092


def test_load_partial_is_logged_and_kept_by_a_rebuild(
    files: dict[str, Any], tmp_path: Path
) -> None:
    store, resolver = tmp_path / "s.lbug", tmp_path / "resolver.jsonl"
    # The partial newer edition first: the older one then makes a rebuild from the log,
    # which must replay the newer one as partial too.
    _cli(store, resolver, "load", "--partial", "un-xml", str(files["partial"]))
    _cli(store, resolver, "load", "un-xml", str(files["a"]))
    with LadybugStore(store) as s:
        assert _total(s, B)[0] == 1093
        assert run_query(s, "edition-changes", {"older": SA, "newer": SB}) == []
    log = (tmp_path / "resolver.loads.jsonl").read_text(encoding="utf-8")
    assert '"partial": true' in log


def test_a_store_written_before_editions_gets_intervals_from_its_next_edition(
    files: dict[str, Any],
) -> None:
    store = MemoryStore()
    load_file(store, "un-xml", files["a"])
    new = ("present_from", "present_until", "last_seen_on", "removed_by", "edition_of",
           "list_authority", "edition")  # fmt: skip
    for _, props in store.graph.nodes(data=True):
        for name in new:
            props.pop(name, None)  # as a store of the version before editions holds it
    load_file(store, "un-xml", files["b"])
    assert _total(store, A)[0] == 1093
    assert _total(store, "2019-05-31")[0] == 1094
    assert _total(store, B)[0] == 1092
