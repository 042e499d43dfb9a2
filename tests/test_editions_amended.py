"""An entry the publisher amended: the newer edition's values are the entity's.

Two UN editions made from the real 2018 file (a copy, never in the repository):
edition B (2019-06-01) changes one individual's birth date and first alias, as the
UK changed CHATAEV's (Group ID 13300, 1980-07-14 then 1980-07-04). The entity shows
the newer edition's date and alias only, whatever order the editions came in, on
every store; ``provenance`` shows both editions' values, the older marked amended.
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
from tests.un_editions import UN_2018, amendable, edition

pytestmark = pytest.mark.realdata

A, B = "2018-10-29", "2019-06-01"
SA, SB = (f"source:unsc-consolidated-{d}" for d in (A, B))
VALUES = ("birth_dates", "aliases", "nationalities", "id_numbers", "un_ref", "stated", "records")


@pytest.fixture(scope="module")
def amended(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("un-amended")
    dataid, born, alias = amendable(data_dir / UN_2018)
    new_born = "1965-02-11" if born != "1965-02-11" else "1966-03-12"
    b = edition(data_dir, out / "b.xml", B, birth_date={dataid: new_born},
                alias={dataid: "Amended Alias Name"})  # fmt: skip
    return {"a": data_dir / UN_2018, "b": b, "dataid": dataid, "born": born,
            "new_born": new_born, "alias": alias}  # fmt: skip


def _entity(store: Store, record: str) -> dict[str, Any]:
    (key,) = [k for k, _ in store.holders({record})]
    (row,) = store.entities_by_id([key], VALUES)
    return {p: sorted(row.get(p) or ()) for p in VALUES}


def test_the_newer_edition_supersedes_the_older_on_every_store(
    amended: dict[str, Any], any_store: Store
) -> None:
    load_file(any_store, "un-xml", amended["a"])
    before = _entity(any_store, f"{SA}#{amended['dataid']}")
    assert before["birth_dates"] == [amended["born"]]
    assert amended["alias"] in before["aliases"]
    load_file(any_store, "un-xml", amended["b"])
    after = _entity(any_store, f"{SA}#{amended['dataid']}")
    assert after["birth_dates"] == [amended["new_born"]]
    assert "Amended Alias Name" in after["aliases"]
    assert amended["alias"] not in after["aliases"]
    # Both editions' records stay cited, and what each said is kept.
    assert after["records"] == sorted(f"{s}#{amended['dataid']}" for s in (SA, SB))
    said = [json.loads(s) for s in after["stated"]]
    assert [(d, r) for d, _, r, _ in said] == [(A, f"{SA}#{amended['dataid']}"),
                                               (B, f"{SB}#{amended['dataid']}")]  # fmt: skip
    assert said[0][3]["birth_dates"] == [amended["born"]]
    assert said[1][3]["birth_dates"] == [amended["new_born"]]
    assert said[0][1] == said[1][1] == f"list:un-sc-consolidated#{amended['dataid']}"
    # The explorer's entity page: the current values, and the amended ones as history.
    from sanctiongraph.web.views import entity_view

    (key,) = [k for k, _ in any_store.holders({f"{SA}#{amended['dataid']}"})]
    view = entity_view(any_store.subgraph([key], 1), key)
    assert view["props"]["birth_dates"] == [amended["new_born"]] and "stated" not in view["props"]
    assert {"property": "birth_dates", "value": amended["born"],
            "record": f"{SA}#{amended['dataid']}",
            "amended_by": f"{SB}#{amended['dataid']}"} in view["amended"]  # fmt: skip
    # The others' values are those both editions give (the UN numbers its entries alike).
    other = _entity(any_store, f"{SA}#6908571")
    assert other["birth_dates"] == ["1960-04-04"]


def test_an_older_edition_loaded_after_the_newer_does_not_take_over(
    amended: dict[str, Any], tmp_path: Path
) -> None:
    for make in (MemoryStore, lambda: LadybugStore(tmp_path / "s.lbug")):
        ordered, reversed_ = MemoryStore(), make()
        for f in ("a", "b"):
            load_file(ordered, "un-xml", amended[f])
        for f in ("b", "a"):
            load_file(reversed_, "un-xml", amended[f])
        record = f"{SA}#{amended['dataid']}"
        got = _entity(reversed_, record)
        assert got == _entity(ordered, record)
        assert got["birth_dates"] == [amended["new_born"]]
        # Loading the older edition again changes nothing either.
        load_file(reversed_, "un-xml", amended["a"])
        assert _entity(reversed_, record) == got
        reversed_.close()


def test_one_command_compares_later_records_with_the_amended_entity(
    amended: dict[str, Any],
) -> None:
    """Both editions through one matcher (one load command): the entity's profile holds
    the amended birth date only, as the next command reads it from the store."""
    from sanctiongraph.resolution.matching import Matcher

    store, m = MemoryStore(), Matcher()
    for f in ("a", "b"):
        load_file(store, "un-xml", amended[f], matcher=m)
    eid = m.by_record[f"{SB}#{amended['dataid']}"]
    assert m.profiles[eid].birth_dates == {amended["new_born"]}
    assert Matcher.from_store(store).profiles[eid].birth_dates == {amended["new_born"]}


def _cli(store: Path, resolver: Path, *args: str) -> str:
    from sanctiongraph.cli import main

    env = {"SANCTIONGRAPH_RESOLVER": str(resolver)}
    result = CliRunner().invoke(
        main, ["--store", "embedded", "--store-path", str(store), *args], env=env,
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_provenance_shows_both_editions_and_the_amendment(
    amended: dict[str, Any], tmp_path: Path
) -> None:
    graphs = []
    for name, order in (("in", ("a", "b")), ("out", ("b", "a"))):
        store, resolver = tmp_path / f"{name}.lbug", tmp_path / f"{name}.resolver.jsonl"
        for f in order:  # one command per file: the older one second makes a replay
            _cli(store, resolver, "load", "un-xml", str(amended[f]))
        record = f"{SB}#{amended['dataid']}"
        with LadybugStore(store) as s:
            (key,) = [k for k, _ in s.holders({record})]
        rows = json.loads(_cli(store, resolver, "provenance", key, "--format", "json"))
        dates = {(r["value"], r["record"].partition("#")[0], r["status"])
                 for r in rows if r["property"] == "birth_date"}  # fmt: skip
        assert dates == {
            (amended["born"], SA, f"amended by {SB}"),
            (amended["new_born"], SB, f"amends {SA}"),
        }
        aliases = {(r["value"], r["status"]) for r in rows if r["property"] == "alias"}
        assert (amended["alias"], f"amended by {SB}") in aliases
        assert ("Amended Alias Name", f"amends {SA}") in aliases
        # What both editions say is not marked.
        names = {r["status"] for r in rows if r["property"] == "name"}
        assert names == {""}
        # A rebuild re-derives the same values.
        with LadybugStore(store) as s:
            graphs.append(_entity(s, record))
        _cli(store, resolver, "rebuild")
        with LadybugStore(store) as s:
            assert _entity(s, record) == graphs[-1]
    assert graphs[0] == graphs[1]
    assert graphs[0]["birth_dates"] == [amended["new_born"]]
