"""Events ↔ instruments ↔ listings: cited links, load order, the atlas, the real UN list."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.resolve import Ambiguous
from sanctiongraph.ingest.curated import data_path, load_curated, load_seed
from sanctiongraph.ingest.load import load_file
from sanctiongraph.queries import run_query
from sanctiongraph.queries.atlas import CITED, TIMING, response_atlas
from tests.test_events import BINS, _test, write_catalogue

UNSC = data_path("unsc_dprk.yaml")
ICBM_2397 = "instrument:unsc-res-2397"


def _edges(store: MemoryStore, type_: str) -> set[tuple[str, str]]:
    g = store.to_networkx()
    return {(u, v) for u, v, k in g.edges(keys=True) if k == type_}


def test_curated_instruments_cite_un_documents() -> None:
    store = MemoryStore()
    load_curated(store, UNSC)
    rows = run_query(store, "instruments", {})
    resolutions = {r["number"]: r for r in rows if r["kind"] == "resolution"}
    assert sorted(resolutions) == [
        "1695", "1718", "1874", "2087", "2094", "2270", "2321", "2356", "2371", "2375", "2397",
    ]  # fmt: skip
    assert resolutions["2397"]["symbol"] == "S/RES/2397 (2017)"
    assert resolutions["2397"]["date"] == "2017-12-22"
    assert resolutions["2397"]["sources"] == ["source:s-res-2397-2017"]
    tests = run_query(store, "events", {"type": "nuclear_test"})
    assert [r["date"] for r in tests] == [
        "2006-10-09", "2009-05-25", "2013-02-12", "2016-01-06", "2016-09-09", "2017-09-03",
    ]  # fmt: skip
    # Each nuclear test is condemned by name by one resolution.
    condemned = {r["event_date"]: r["number"] for r in rows if r["event_key"]}
    assert condemned["2017-09-03"] == "2375" and condemned["2006-10-09"] == "1718"


@pytest.mark.parametrize("order", ["seed-first", "catalogue-first"])
def test_walk_event_instrument_listing_in_any_load_order(tmp_path: Path, order: str) -> None:
    store = MemoryStore()
    catalogue = write_catalogue(tmp_path / "cat")
    steps = [
        lambda: load_seed(store),
        lambda: load_curated(store, UNSC),
        lambda: load_file(store, "nk-missile-tests", catalogue),
    ]
    for step in steps if order == "seed-first" else steps[::-1]:
        step()
    hwasong = [r for r in run_query(store, "events", {}) if r["missile"] == "hwasong-15"]
    assert len(hwasong) == 1  # the seed's event and the catalogue's launch are one node
    (ev,) = hwasong
    assert (ev["date"], ev["date_utc"]) == ("2017-11-29", "2017-11-28")
    assert (ICBM_2397, ev["key"]) in _edges(store, "CONDEMNS")
    steps_ = run_query(store, "event-instruments", {"event": ev["key"]})
    assert [r["symbol"] for r in steps_] == ["S/RES/2397 (2017)"]
    # The seed's national links stay cited; nothing here is inferred from timing.
    response = run_query(store, "event-response", {"event": ev["key"]})
    assert [(r["authority"], r["days_after"]) for r in response] == [
        ("South Korea", 12), ("Japan", 16),
    ]  # fmt: skip


def test_an_ambiguous_event_name_answers_with_the_choices(tmp_path: Path) -> None:
    store = MemoryStore()
    load_file(store, "nk-missile-tests", write_catalogue(tmp_path / "cat"))
    with pytest.raises(Ambiguous, match="2006-07-05"):
        run_query(store, "event-response", {"event": "Scud-C"})
    with pytest.raises(Ambiguous, match="time-unknown:scud-c:kittaeryong:2"):
        run_query(store, "event-response", {"event": "2006-07-05"})


def test_atlas_counts_lags_and_keeps_timing_apart(tmp_path: Path) -> None:
    store = MemoryStore()
    load_seed(store)
    bins = copy.deepcopy(BINS)
    bins[-1]["data"].insert(0, _test("2017-11-20", "01:00 (UTC)", "scud-c", "kittaeryong"))
    load_file(store, "nk-missile-tests", write_catalogue(tmp_path / "cat", bins))
    atlas = response_atlas(store, {"type": "icbm_launch"})
    got = [(r["authority"], r["listings"], r["first_listed"], r["lag_days"]) for r in atlas.rows]
    assert got == [("Japan", 19, "2017-12-15", 16), ("South Korea", 20, "2017-12-11", 12)]
    assert {m["authority"]: m["median_lag_days"] for m in atlas.medians} == {
        "Japan": 16, "South Korea": 12,
    }  # fmt: skip
    # The made-up SRBM launch of 2017-11-20 is linked to nothing; by timing alone
    # (within 30 days) South Korea's and Japan's December listings follow it.
    timed = response_atlas(store, {"since": "2017-11-01"}, timing=30)
    inferred = [
        (r["event_date"], r["authority"], r["lag_days"]) for r in timed.rows if r["basis"] == TIMING
    ]
    assert inferred == [("2017-11-20", "Japan", 25), ("2017-11-20", "South Korea", 21)]
    # Inferred rows never count: the medians are those of the cited links alone.
    assert timed.medians == response_atlas(store, {"since": "2017-11-01"}).medians
    assert {r["basis"] for r in timed.rows} == {CITED, TIMING}
    assert response_atlas(store, {"since": "2017-11-01"}).rows == [
        r for r in timed.rows if r["basis"] == CITED
    ]


# -- the real UN list ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def un_store(data_dir: Path) -> MemoryStore:
    store = MemoryStore()
    load_seed(store)
    load_curated(store, UNSC)
    load_file(store, "nk-missile-tests", data_dir / "events" / "nk-missile-tests")
    load_file(store, "un-xml", data_dir / "un" / "consolidated_2018-10-29.xml")
    return store


def _un_dprk(data_dir: Path) -> dict[str, str]:
    """REFERENCE_NUMBER → LISTED_ON of every DPRK entry, read straight from the file."""
    root = ET.parse(data_dir / "un" / "consolidated_2018-10-29.xml").getroot()
    return {
        str(el.findtext("REFERENCE_NUMBER")): str(el.findtext("LISTED_ON"))
        for el in root.iter()
        if el.tag in ("INDIVIDUAL", "ENTITY") and el.findtext("UN_LIST_TYPE") == "DPRK"
    }


def test_every_un_dprk_listing_is_made_under_the_instrument_of_its_date(
    un_store: MemoryStore, data_dir: Path
) -> None:
    expected = _un_dprk(data_dir)
    assert len(expected) == 155
    g = un_store.to_networkx()
    listings = run_query(un_store, "designations", {"authority": "unsc", "programme": "DPRK"})
    assert len(listings) == 155
    condemned: dict[str, set[str]] = {}
    for i, ev, k in g.edges(keys=True):
        if k == "CONDEMNS":
            condemned.setdefault(i, set()).add(ev)
    refs: set[str] = set()
    for row in listings:
        made = [
            (v, d)
            for _, v, k, d in g.out_edges(row["key"], keys=True, data=True)
            if k == "MADE_UNDER"
        ]
        assert len(made) == 1, row
        inst, data = made[0]
        assert g.nodes[inst]["designates_on"] == row["listed_on"]
        assert data["basis"] and data["sources"] and data["records"]
        refs.update(r.split("#", 1)[1] for r in row["records"] if "unsc-consolidated" in r)
        # Through the instrument (or the one that directed its round) to the events it names.
        answered = {v for _, v, k in g.out_edges(row["key"], keys=True) if k == "RESPONDS_TO"}
        director = g.nodes[inst].get("directed_by")
        named = condemned.get(inst) or condemned.get(director or "", set())
        assert answered == named, (row["key"], inst)
    assert len(refs) == 155


def test_nothing_is_linked_without_a_basis(un_store: MemoryStore) -> None:
    g = un_store.to_networkx()
    for u, v, k, d in g.edges(keys=True, data=True):
        if k in {"RESPONDS_TO", "MADE_UNDER", "TIMED_WITH"}:
            assert d.get("basis") and d.get("sources"), (u, v, k)
        if k == "RESPONDS_TO" and d.get("via"):
            assert (u, d["via"]) in {
                (a, b) for a, b, kk in g.edges(keys=True) if kk == "MADE_UNDER"
            }


def test_real_atlas_2016_2017(un_store: MemoryStore) -> None:
    atlas = response_atlas(un_store, {"since": "2016-01-01", "until": "2017-12-31"})
    un = {
        (r["event_date"], r["first_listed"], r["lag_days"])
        for r in atlas.rows
        if r["authority"] == "UN Security Council"
    }
    assert ("2017-11-29", "2017-12-22", 23) in un  # S/RES/2397 after the Hwasong-15
    assert ("2016-09-09", "2016-11-30", 82) in un  # S/RES/2321 after the fifth nuclear test
    medians: dict[str, Any] = {m["authority"]: m["median_lag_days"] for m in atlas.medians}
    assert medians["Japan"] == 16 and medians["South Korea"] == 12


@pytest.mark.realdata
@pytest.mark.parametrize("backend", ["memory", "embedded"])
def test_2356_listings_answer_every_launch_since_2016_09_09(
    data_dir: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    """S/RES/2356 condemns "a series of ballistic missile launches ... since 9 September
    2016": a dated range in the curated file, so its annex listings answer each launch
    of the catalogue from that day to its adoption, and none outside it."""
    store = MemoryStore() if backend == "memory" else request.getfixturevalue("ladybug_store")
    load_curated(store, UNSC)
    load_file(store, "nk-missile-tests", data_dir / "events" / "nk-missile-tests")
    load_file(store, "un-xml", data_dir / "un" / "consolidated_2018-10-29.xml")
    in_range = {
        r["key"]
        for r in run_query(store, "events", {"since": "2016-09-09", "until": "2017-06-02"})
        if str(r["type"]).endswith("_launch")
    }
    # The catalogue's 15 launches of those nine months, from the Musudan of 2016-10-15 to
    # the Scud-C MaRV of 2017-05-29; the three ER Scuds of 2016-09-05 fall before the range.
    assert len(in_range) == 15
    listings = [
        r
        for r in run_query(store, "designations", {"authority": "unsc", "date": "2017-06-02"})
        if r["programme"] == "DPRK"
    ]
    assert len(listings) == 18  # annexes I and II as the 2018 list gives them
    rows = response_atlas(store, {"since": "2016-01-01", "until": "2017-12-31"}).rows
    answered = {r["key"] for r in rows if r["first_listed"] == "2017-06-02"}
    assert answered == in_range
    for r in rows:
        if r["key"] in in_range and r["authority"] == "UN Security Council":
            assert r["listings"] >= 18


# -- pictures and the command line ---------------------------------------------------------


def test_timeline_draws_event_lanes_and_authority_lanes(tmp_path: Path) -> None:
    from sanctiongraph.viz.timeline import timeline_data, write_timeline

    store = MemoryStore()
    load_seed(store)
    load_curated(store, UNSC)
    load_file(store, "nk-missile-tests", write_catalogue(tmp_path / "cat"))
    data = timeline_data(store, {"since": "2016-01-01", "until": "2017-12-31"})
    assert {e["type"] for e in data["events"]} == {"nuclear_test", "icbm_launch"}
    assert {r["authority"] for r in data["answers"]} == {"Japan", "South Korea"}
    svg = write_timeline(store, tmp_path / "t.svg", {"since": "2016-01-01"}).read_text()
    for lane in ("nuclear test", "icbm launch", "Japan", "South Korea"):
        assert lane in svg
    png = write_timeline(store, tmp_path / "t.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    page = write_timeline(store, tmp_path / "t.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    assert "<td>Japan</td>" in page and "South Korea: 12 days over 1 event" in page


def test_cli_demo_adds_the_escalation_and_atlas_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sanctiongraph.cli import main

    store = ["--store-path", str(tmp_path / "g.json")]
    runner = CliRunner()
    catalogue = write_catalogue(tmp_path / "cat")
    result = runner.invoke(main, [*store, "demo", "--format", "json", "--events", str(catalogue)])
    assert result.exit_code == 0, result.output
    esc = json.loads(result.output)["escalation"]
    nuclear = {
        (r["year"], r["events"]) for r in esc["events_by_type"] if r["type"] == "nuclear_test"
    }
    assert nuclear == {("2016", 2), ("2017", 1)}
    assert "S/RES/2397 (2017)" in {r["symbol"] for r in esc["instruments"]}
    assert [r["event"] for r in esc["timed_with"]] == [
        "UN Security Council meeting in New York, 15 Dec 2017"
    ]
    assert any("about 150" in (c["value"] or "") for c in esc["us_claims"])
    result = runner.invoke(main, [*store, "atlas", "--type", "icbm_launch", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["medians"] == [
        {"authority": "Japan", "events": 1, "median_lag_days": 16},
        {"authority": "South Korea", "events": 1, "median_lag_days": 12},
    ]


def test_real_japanese_listings_name_the_resolution_they_implement(data_dir: Path) -> None:
    store = MemoryStore()
    load_curated(store, UNSC)
    load_file(store, "jp-mof", data_dir / "jp" / "mof_shisantouketsu20260305.xlsx")
    made = run_query(store, "instrument-listings", {"instrument": "S/RES/1695 (2006)"})
    # SOURCES.md: sheet 13.北朝鮮(決議1695号) holds 16 rows with a 告示番号.
    assert len(made) == 16
    assert {r["programme"] for r in made} == {"北朝鮮(決議1695号)"}
    assert all(r["authority"] == "Japan" and "names resolution 1695" in r["basis"] for r in made)
    made_1718 = run_query(store, "instrument-listings", {"instrument": "1718"})
    assert len(made_1718) == 75 + 80  # sheets 14 and 15, 決議1718号等
    # Implementing a resolution is not answering the events it condemns.
    g = store.to_networkx()
    assert not [
        1 for u, _, k in g.edges(keys=True) if k == "RESPONDS_TO" and u.startswith("listing:jp")
    ]


EVENT_QUERIES: list[tuple[str, dict[str, object]]] = [
    ("events", {}),
    ("events", {"type": "icbm_launch", "since": "2017-01-01", "until": "2017-12-31"}),
    ("events", {"since": "1990-05-01", "until": "1990-05-01"}),
    ("instruments", {}),
    ("instruments", {"authority": "unsc"}),
    ("designations", {"authority": "jp", "date": "2017-12-15"}),
    ("designations", {"programme": "協調"}),
    ("response-atlas", {}),
    ("response-atlas", {"type": "icbm_launch", "since": "2017-01-01"}),
    ("response-atlas", {"event": "2017-11-29"}),
    ("event-instruments", {"event": "2017-11-29"}),
    ("instrument-listings", {"instrument": "S/RES/2397 (2017)"}),
    ("event-response", {"event": "2017-11-29"}),
]


def test_event_queries_same_rows_on_every_store(any_store: Any, tmp_path: Path) -> None:
    memory = MemoryStore()
    catalogue = write_catalogue(tmp_path / "cat")
    for store in (memory, any_store):
        load_seed(store)
        load_curated(store, UNSC)
        load_file(store, "nk-missile-tests", catalogue)
    for name, params in EVENT_QUERIES:
        assert run_query(any_store, name, params) == run_query(memory, name, params), name
    for params in ({}, {"since": "2017-01-01"}):
        mine, theirs = response_atlas(memory, params, 30), response_atlas(any_store, params, 30)
        assert (mine.rows, mine.medians) == (theirs.rows, theirs.medians)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "treaty"}, "unknown instrument kind 'treaty'"),
        ({"directed_by": "unsc-res-9999"}, "directed_by names no instrument"),
        ({"condemns": [{"launch": "2017-11-31x"}]}, "is not 'YYYY-MM-DD [type]'"),
        ({"condemns": [{"launches": "2017-06-02"}]}, "is not 'YYYY-MM-DD/YYYY-MM-DD [type]'"),
        ({"condemns": [{"launches": "2017-06-02/2016-09-09"}]}, "ends before it starts"),
        ({"condemns": [{"event": "no-such-test"}]}, "unknown event 'no-such-test'"),
        ({"date": "2017-02-30"}, "not an ISO date"),
    ],
)
def test_bad_instruments_are_refused_and_nothing_is_written(
    change: dict[str, Any], message: str
) -> None:
    import yaml

    from sanctiongraph.loaders.base import LoadError

    doc = yaml.safe_load(UNSC.read_text(encoding="utf-8"))
    doc["instruments"][3].update(change)
    store = MemoryStore()
    load_seed(store)
    stats = store.stats()
    with pytest.raises(LoadError, match="instruments\\[3\\]") as err:
        load_curated(store, "bad.yaml", yaml.safe_dump(doc, allow_unicode=True))
    assert message in str(err.value) and "\n" not in str(err.value)
    assert store.stats() == stats
