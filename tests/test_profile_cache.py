"""The entity profiles a store keeps beside it are a cache: the matcher reads the same
profiles and places records the same way with or without them, whatever state the
file is in (missing, damaged, written by other code)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.ingest.load import dry_run, load_file
from sanctiongraph.paths import profiles_beside
from sanctiongraph.resolution import matching, profile_cache
from sanctiongraph.resolution.matching import Matcher, keep_profiles

LISTS = Path(__file__).parent / "fixtures" / "lists"


def state(m: Matcher) -> tuple[Any, ...]:
    """Everything the matcher knows, as comparable values."""
    return (
        m.profiles,
        m.by_id._keys,
        m.by_key._keys,
        m.by_block._keys,
        m.by_record,
        m.primary,
        m.by_list_record._keys,
        m.by_address._keys,
    )


class _NoCache:
    """The matcher as it was before the cache: every profile computed from its row."""

    def __init__(self, path: Path) -> None:
        pass

    def profiles(self, rows: Any, props: Any, compute: Any) -> Any:
        for row in rows:
            yield row, compute(row)[0], None


@pytest.fixture
def store(tmp_path: Path) -> LadybugStore:
    s = LadybugStore(tmp_path / "g.lbug")
    for f in ("un_consolidated.xml", "uk_conlist.csv", "jp_mof_20260305.xlsx"):
        load_file(s, "auto", LISTS / f)
    return s


def computed(store: LadybugStore, monkeypatch: pytest.MonkeyPatch) -> Matcher:
    with monkeypatch.context() as mp:
        mp.setattr(matching, "ProfileCache", _NoCache)
        return Matcher.from_store(store)


def kept_rows(store: LadybugStore) -> int:
    with sqlite3.connect(profiles_beside(store.path)) as db:
        return int(db.execute("SELECT count(*) FROM profiles").fetchone()[0])


def test_kept_profiles_are_the_computed_ones(
    store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = computed(store, monkeypatch)
    first = Matcher.from_store(store)  # computes every profile; reading keeps nothing
    assert not profiles_beside(store.path).exists()
    assert keep_profiles(store) == 0  # kept once a load is done, computed by the read
    assert kept_rows(store) == len(expected.profiles) > 50
    again = Matcher.from_store(store)  # reads what was kept
    assert state(first) == state(expected) == state(again)
    # The same decisions for a file matched against the store either way.
    ofac = LISTS / "sdn_csv_2021-07" / "sdn.csv"
    rows = [d.as_row() for d in dry_run(store, "auto", ofac, matcher=again)]
    assert rows == [d.as_row() for d in dry_run(store, "auto", ofac, matcher=expected)]
    assert any(r["outcome"] not in ("new", "same-record") for r in rows)


def test_an_entity_a_load_changed_is_read_afresh(
    store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_profiles(store)
    before = kept_rows(store)
    # OFAC's records merge into entities of the lists already loaded: their rows change.
    load_file(store, "auto", LISTS / "sdn_csv_2021-07" / "sdn.csv")
    assert state(Matcher.from_store(store)) == state(computed(store, monkeypatch))
    assert keep_profiles(store) == 0  # the read computed the changed ones
    assert kept_rows(store) > before


def test_a_damaged_or_foreign_file_changes_nothing_but_the_time(
    store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = state(computed(store, monkeypatch))
    where = profiles_beside(store.path)
    where.write_bytes(b"not a database")
    assert state(Matcher.from_store(store)) == expected
    keep_profiles(store)  # started again
    assert kept_rows(store) == len(expected[0])
    # Written by other code (another version): emptied and filled again.
    monkeypatch.setattr(profile_cache, "code_digest", lambda: "other code")
    with sqlite3.connect(where) as db:
        db.execute("INSERT INTO profiles VALUES (x'00', 'not json')")
    assert state(Matcher.from_store(store)) == expected
    keep_profiles(store)
    with sqlite3.connect(where) as db:
        assert not db.execute("SELECT 1 FROM profiles WHERE digest = x'00'").fetchall()


def test_a_load_command_keeps_the_profiles_of_what_it_changed(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sanctiongraph.cli import main

    where = tmp_path / "g.lbug"
    runner = CliRunner(env={"SANCTIONGRAPH_STORE": str(where), "SANCTIONGRAPH_RESOLVER": ""})
    for f in ("un_consolidated.xml", "sdn_csv_2021-07/sdn.csv"):
        done = runner.invoke(main, ["load", "auto", str(LISTS / f)])
        assert done.exit_code == 0, done.output
        # Every entity as the command left it is kept: the next load computes none.
        assert keep_profiles(LadybugStore(where)) == 0
    assert kept_rows(LadybugStore(where)) > 0
