"""The index kept beside the store (resolution.key_index) changes what a load reads,
never what it decides: a matcher looking candidates up there places every record of a
new edition exactly as a matcher holding the whole store in memory does (outcome,
entity, basis, candidates), after loads that brought the index up to date, and it is
trusted only for the store it was made from (written otherwise, damaged, foreign:
the store is read whole and the index written again)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.ingest.load import dry_run, load_file
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.resolution import profile_cache
from sanctiongraph.resolution.key_index import keys_beside
from sanctiongraph.resolution.matching import Decision, Matcher, keep_profiles

LISTS = Path(__file__).parent / "fixtures" / "lists"
UN = LISTS / "un_consolidated.xml"


def decided(decisions: list[Decision]) -> list[tuple[Any, ...]]:
    """Everything a decision says, candidates and joins included."""
    return [
        (
            d.as_row(),
            d.joined,
            d.joins,
            [(c.entity, c.score, c.evidence, c.why, c.record) for c in d.candidates],
        )
        for d in decisions
    ]


def same_decisions(store: LadybugStore, path: Path, fmt: str = "auto") -> list[tuple[Any, ...]]:
    """The decisions for ``path`` through the kept index, checked equal to the full
    matcher's (and the index checked to be the one used)."""
    indexed = Matcher.from_store(store, indexed=True)
    assert indexed._base is not None, "the kept index was not used"
    got = decided(dry_run(store, fmt, path, matcher=indexed))
    assert got == decided(dry_run(store, fmt, path, matcher=Matcher.from_store(store)))
    return got


def kept_rows(store: LadybugStore) -> set[tuple[str, str, str]]:
    with sqlite3.connect(keys_beside(store.path)) as db:
        return set(db.execute("SELECT kind, key, eid FROM keys"))


def index_is_the_store(store: LadybugStore, updated: bool = True) -> None:
    """Every key and profile the index holds is the full matcher's; ``updated``: the
    index was the store's already (brought up to date by the last load)."""
    indexed = Matcher.from_store(store, indexed=True)
    assert (indexed._base is not None) == updated
    if not updated:
        indexed = Matcher.from_store(store, indexed=True)  # written by the read before
        assert indexed._base is not None
    full = Matcher.from_store(store)
    assert kept_rows(store) == set(full.index_rows())
    for eid, profile in full.profiles.items():
        assert indexed.profiles[eid] == profile, eid
        assert indexed.primary[eid] == full.primary[eid]


def un_edition(out: Path, date: str, rename: str = "RENAMED ONE") -> Path:
    """The UN fixture as a later edition: its first entry renamed, its second removed."""
    tree = etree.parse(str(UN))
    root = tree.getroot()
    root.set("dateGenerated", f"{date}T10:00:00.000-04:00")
    entries = [*root.iter("INDIVIDUAL"), *root.iter("ENTITY")]
    entries[0].find("FIRST_NAME").text = rename
    entries[1].getparent().remove(entries[1])
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def load_indexed(store: LadybugStore, path: Path) -> Matcher:
    """A load as the ``load`` command makes it: through the kept index, then kept."""
    m = Matcher.from_store(store, indexed=True)
    load_file(store, "auto", path, matcher=m)
    keep_profiles(store, m)
    return m


@pytest.fixture
def store(tmp_path: Path) -> LadybugStore:
    s = LadybugStore(tmp_path / "g.lbug")
    for f in ("uk_conlist.csv", "jp_mof_20260305.xlsx", "sdn_csv_2021-07/sdn.csv"):
        load_file(s, "auto", LISTS / f)
    return s


def test_a_new_list_is_placed_the_same_through_the_index(store: LadybugStore) -> None:
    assert not keys_beside(store.path).exists()
    index_is_the_store(store, updated=False)  # no index yet: the store read whole
    rows = same_decisions(store, UN)
    assert any(r[0]["outcome"] not in ("new", "same-record") for r in rows)


def test_loads_bring_the_index_up_to_date(store: LadybugStore, tmp_path: Path) -> None:
    Matcher.from_store(store, indexed=True)
    m = load_indexed(store, UN)
    assert m.touched  # the UN entities, new and merged
    index_is_the_store(store)  # updated with what the load changed, nothing read whole
    later = un_edition(tmp_path / "consolidated.xml", "2030-01-01")
    same_decisions(store, later)
    load_indexed(store, later)
    index_is_the_store(store)
    same_decisions(store, LISTS / "ofac_cons.xml")


def test_a_store_written_otherwise_is_read_whole(store: LadybugStore) -> None:
    Matcher.from_store(store, indexed=True)
    load_file(store, "auto", UN)  # no index brought up to date: its stamp is stale
    index_is_the_store(store, updated=False)  # read whole, and written again
    same_decisions(store, LISTS / "ofac_cons.xml")


def test_a_failed_load_leaves_the_index_right(store: LadybugStore, tmp_path: Path) -> None:
    Matcher.from_store(store, indexed=True)
    broken = tmp_path / "consolidated.xml"
    broken.write_bytes(UN.read_bytes()[:-400])
    m = Matcher.from_store(store, indexed=True)
    with pytest.raises(LoadError):
        load_file(store, "un-xml", broken, matcher=m)
    index_is_the_store(store)  # the store did not change: its index still holds
    same_decisions(store, UN)


def test_a_damaged_or_foreign_index_changes_nothing_but_the_time(
    store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = keys_beside(store.path)
    where.write_bytes(b"not a database")
    index_is_the_store(store, updated=False)
    with monkeypatch.context() as mp:  # written by other code: not trusted
        mp.setattr(profile_cache, "code_digest", lambda: "other code")
        from sanctiongraph.resolution import key_index

        mp.setattr(key_index, "code_digest", lambda: "other code")
        assert Matcher.from_store(store, indexed=True)._base is None
    assert Matcher.from_store(store, indexed=True)._base is None  # ours again: rewritten
    same_decisions(store, UN)


def test_a_keep_after_another_write_reads_the_store_whole(store: LadybugStore) -> None:
    Matcher.from_store(store, indexed=True)
    m = Matcher.from_store(store, indexed=True)
    load_file(store, "auto", UN, matcher=m)
    load_file(store, "auto", LISTS / "ofac_cons.xml")  # another writer, before the keep
    keep_profiles(store, m)  # not the load's changes alone: the store read whole
    index_is_the_store(store)
    same_decisions(store, LISTS / "sdn_csv_2021-07" / "sdn.csv")


def test_load_commands_keep_the_index(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sanctiongraph.cli import main

    where = tmp_path / "g.lbug"
    runner = CliRunner(env={"SANCTIONGRAPH_STORE": str(where), "SANCTIONGRAPH_RESOLVER": ""})
    later = un_edition(tmp_path / "consolidated.xml", "2030-01-01")
    # The UN fixture sorts before MOF's list (a replay, which rewrites the store whole);
    # the later edition appends, through the index, and brings it up to date.
    for f in (LISTS / "uk_conlist.csv", LISTS / "jp_mof_20260305.xlsx", UN, later):
        done = runner.invoke(main, ["load", "auto", str(f)])
        assert done.exit_code == 0, done.output
    store = LadybugStore(where)
    index_is_the_store(store)
    same_decisions(store, LISTS / "sdn_csv_2021-07" / "sdn.csv")


def test_a_new_un_edition_into_shared_files(data_dir: Path, tmp_path: Path) -> None:
    """Real data: the UK, MOF and UN lists, then a new UN edition, decided the same."""
    from tests.un_editions import UN_2018, dataids, edition

    store = LadybugStore(tmp_path / "g.lbug")
    for f in ("uk/ofsi_conlist_2022-06-15.csv", "jp/mof_shisantouketsu20260305.xlsx"):
        if (data_dir / f).exists():
            load_file(store, "auto", data_dir / f)
    Matcher.from_store(store, indexed=True)
    load_indexed(store, data_dir / UN_2018)
    ids = dataids(data_dir / UN_2018)
    new = edition(
        data_dir, tmp_path / "un" / "consolidated_2026-09-01.xml", "2026-09-01",
        remove=tuple(ids[:3]), add={"99000001": ("NEW THING ONE", "2026-08-01")},
        rename={ids[10]: "RENAMED"},
    )  # fmt: skip
    rows = same_decisions(store, new)
    assert len(rows) > 1000
    load_indexed(store, new)
    index_is_the_store(store)


def test_an_update_keeps_a_record_two_entities_hold(tmp_path: Path) -> None:
    """A file written whole keeps one row for a record two entities hold (the matcher
    keeps one entity a record); updating one of them, which only writes the keys that
    changed, still writes its record's row, as deleting and inserting every key did."""
    from sanctiongraph.resolution.key_index import KeyIndex

    a = {"id": "entity:a", "name": "ALPHA TRADING", "kind": "organization",
         "records": ["source:s#1"]}  # fmt: skip
    b = {**a, "id": "entity:b", "name": "BETA SHIPPING"}

    def entities(m: Matcher) -> list[Any]:
        return [(e, *m.primary[e], p) for e, p in m.profiles.items()]

    full, changed = Matcher([a, b]), Matcher([{**a, "name": "ALPHA TRADING CO"}])
    index = KeyIndex(tmp_path / "k.sqlite")
    assert index.write_all("before", entities(full), full.index_rows())
    assert index.update("before", "after", {"entity:a"}, entities(changed), changed.index_rows())
    with sqlite3.connect(index.path) as db:
        held = sorted(db.execute("SELECT eid FROM keys WHERE kind = 'r' AND key = 'source:s#1'"))
        names = {
            k for (k,) in db.execute("SELECT key FROM keys WHERE kind = 'k' AND eid = 'entity:a'")
        }
    assert held == [("entity:a",), ("entity:b",)]
    # and what changed did change: the new name's keys in, none of the old name's left
    assert names == set(changed.profiles["entity:a"].keys)
