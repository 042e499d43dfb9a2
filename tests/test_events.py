"""The missile-test catalogue loader: keys, dates, places, reconciliation, bad input."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.ingest.load import load_file
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.registry import detect
from sanctiongraph.queries import run_query

FMT = "nk-missile-tests"
MISSILES = {
    "hwasong-15": {"name": "Hwasong-15", "type": "ICBM"},
    "scud-c": {"name": "Scud-C", "type": "SRBM"},
    "unha-3": {"name": "Unha-3", "type": "SLV"},
    "unknown": {"name": "Unknown", "type": "Unknown"},
}
FACILITIES = {
    "facilities": {
        "pyongsong": {"name": "Pyongsong Field", "lat": 39.282, "lon": 125.869},
        "kittaeryong": {"name": "Kittaeryong Missile Base", "lat": 38.99083, "lon": 127.6236},
        "unknown": {"name": "Unknown", "lat": 39.200159, "lon": 125.673256},
    }
}


def _test(date: str, time: str, missile: str, facility: str, **more: Any) -> dict[str, Any]:
    row = {"date": date, "time": time, "missile": missile, "facility": facility}
    row.update(landing="sea-of-japan", apogee="unknown", distance=1000, bearing=90)
    row.update(outcome="success", description="made up for the test")
    row.update(more)
    return row


BINS: list[dict[str, Any]] = [
    {"year": 1990, "data": [_test("1990-05", "unknown", "unknown", "unknown")]},
    {
        "year": 2006,
        "data": [
            _test("2006-07-05", "unknown", "scud-c", "kittaeryong", series=1),
            _test("2006-07-05", "unknown", "scud-c", "kittaeryong", series=2),
        ],
    },
    {"year": 2017, "data": [_test("2017-11-28", "18:18 (UTC)", "hwasong-15", "pyongsong")]},
]


def write_catalogue(folder: Path, bins: list[dict[str, Any]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "missile.en.json").write_text(json.dumps(MISSILES))
    (folder / "facility.en.json").write_text(json.dumps(FACILITIES))
    (folder / "test.en.json").write_text(json.dumps({"timeBins": bins or BINS}))
    return folder


def _events(store: MemoryStore) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in run_query(store, "events", {})}


def test_detected_from_the_folder_and_from_the_tests_file(tmp_path: Path) -> None:
    folder = write_catalogue(tmp_path / "cat")
    assert detect(folder) == FMT
    assert detect(folder / "test.en.json") == FMT


def test_each_test_is_one_event_with_type_dates_and_site(tmp_path: Path) -> None:
    store = MemoryStore()
    summary, _ = load_file(store, FMT, write_catalogue(tmp_path / "cat"))
    ev = _events(store)
    assert len(ev) == summary.records == 4
    icbm = ev["event:launch:2017-11-28-1818z:hwasong-15:pyongsong"]
    # 18:18 UTC is 02:48 on the 29th in Pyongyang (UTC+8:30 in 2017): lags count from the 29th.
    assert (icbm["type"], icbm["date"], icbm["date_utc"], icbm["time_utc"]) == (
        "icbm_launch", "2017-11-29", "2017-11-28", "18:18",
    )  # fmt: skip
    assert icbm["site"] == "Pyongsong Field"
    g = store.to_networkx()
    assert g.nodes["place:pyongsong"]["lat"] == pytest.approx(39.282)
    node = g.nodes["event:launch:2017-11-28-1818z:hwasong-15:pyongsong"]
    assert node["records"] == [
        "source:nk-missile-tests#launch:2017-11-28-1818z:hwasong-15:pyongsong"
    ]


def test_month_dates_and_unknowns_are_read_not_refused(tmp_path: Path) -> None:
    store = MemoryStore()
    load_file(store, FMT, write_catalogue(tmp_path / "cat"))
    month = _events(store)["event:launch:1990-05-time-unknown:unknown:unknown"]
    assert (month["type"], month["date"], month["date_precision"]) == (
        "unknown_launch", "1990-05-01", "month",
    )  # fmt: skip
    # The "unknown" facility's coordinates are Pyongyang airport's, not a launch site.
    assert month["site"] is None
    assert "place:unknown" not in store.to_networkx()


def test_same_day_launches_stay_distinct_and_keys_survive_a_new_edition(tmp_path: Path) -> None:
    store = MemoryStore()
    load_file(store, FMT, write_catalogue(tmp_path / "old"))
    before = set(_events(store))
    assert {
        "event:launch:2006-07-05-time-unknown:scud-c:kittaeryong",
        "event:launch:2006-07-05-time-unknown:scud-c:kittaeryong:2",
    } <= before
    # A later edition adds a launch on that day (renumbering its series) and one elsewhere.
    bins = copy.deepcopy(BINS)
    bins[1]["data"].insert(0, _test("2006-07-05", "20:01 (UTC)", "unha-3", "kittaeryong", series=1))
    for i, row in enumerate(bins[1]["data"]):
        row["series"] = i + 1
    bins.insert(1, {"year": 1998, "data": [_test("1998-08-31", "unknown", "unknown", "unknown")]})
    fresh = MemoryStore()
    load_file(fresh, FMT, write_catalogue(tmp_path / "new", bins))
    after = set(_events(fresh))
    assert before <= after and len(after - before) == 2


def test_bad_input_is_one_line_naming_file_and_row_and_changes_nothing(tmp_path: Path) -> None:
    def broken(name: str, change: Any) -> Path:
        bins = copy.deepcopy(BINS)
        change(bins)
        return write_catalogue(tmp_path / name, bins)

    def set_field(field: str, value: Any) -> Any:
        return lambda b: b[2]["data"][0].__setitem__(field, value)

    cases = {
        broken("missile", set_field("missile", "hwasong-99")): "missile 'hwasong-99' is not in",
        broken("site", set_field("facility", "atlantis")): "facility 'atlantis' is not in",
        broken("date", set_field("date", "2017-02-30")): "impossible date '2017-02-30'",
        broken("shape", lambda b: b[2]["data"][0].pop("time")): "no time",
        broken("time", set_field("time", "25:00 (UTC)")): "is not 'HH:MM (UTC)'",
    }
    truncated = write_catalogue(tmp_path / "cut")
    text = (truncated / "test.en.json").read_text()
    (truncated / "test.en.json").write_text(text[: len(text) // 2])
    cases[truncated] = "not JSON (truncated?)"
    reshaped = write_catalogue(tmp_path / "flat")
    (reshaped / "test.en.json").write_text(json.dumps([_test("2017-01-01", "unknown", "x", "y")]))
    cases[reshaped] = "no 'timeBins' list"

    store = MemoryStore()
    load_seed(store)
    stats = store.stats()
    for folder, message in cases.items():
        with pytest.raises(LoadError) as err:
            load_file(store, FMT, folder)
        text = str(err.value)
        assert "\n" not in text and message in text and str(folder) in text
        if message.startswith(("missile", "facility", "impossible", "no time", "time")):
            assert "year 2017, test 1" in text
        assert store.stats() == stats


def test_seed_event_and_catalogue_launch_are_one_node(tmp_path: Path) -> None:
    store = MemoryStore()
    load_seed(store)
    load_file(store, FMT, write_catalogue(tmp_path / "cat"))
    hwasong = [r for r in run_query(store, "events", {}) if r["missile"] == "hwasong-15"]
    assert len(hwasong) == 1
    (ev,) = hwasong
    assert (ev["key"], ev["date"], ev["date_utc"]) == (
        "event:2017-11-29-hwasong-15", "2017-11-29", "2017-11-28",
    )  # fmt: skip
    # Loading the catalogue again changes nothing.
    stats = store.stats()
    load_file(store, FMT, write_catalogue(tmp_path / "cat"))
    assert store.stats() == stats


# -- the real catalogue ------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue_store(data_dir: Path) -> MemoryStore:
    store = MemoryStore()
    load_seed(store)
    load_file(store, FMT, data_dir / "events" / "nk-missile-tests")
    return store


def test_real_catalogue_loads_every_test(catalogue_store: MemoryStore) -> None:
    rows = [
        r
        for r in run_query(catalogue_store, "events", {})
        if "source:nk-missile-tests" in r["sources"]
    ]
    assert len(rows) == 339
    by_year = Counter(r["date_utc"][:4] for r in rows)
    # The counts SOURCES.md gives.
    expected = {
        "2006": 7, "2009": 8, "2012": 2, "2013": 6, "2014": 19, "2016": 24, "2017": 21,
        "2019": 27, "2022": 69, "2023": 33, "2024": 41, "2025": 11, "2026": 25,
    }  # fmt: skip
    assert {y: by_year[y] for y in expected} == expected
    assert Counter(r["type"] for r in rows)["unknown_launch"] == 66
    assert sum(1 for r in rows if r["date_precision"] == "month") == 8


def test_real_seed_hwasong_15_is_one_event(catalogue_store: MemoryStore) -> None:
    rows = run_query(catalogue_store, "events", {"type": "icbm_launch", "since": "2017-11-29"})
    hwasong = [r for r in rows if r["missile"] == "hwasong-15" and r["date"] == "2017-11-29"]
    assert [(r["key"], r["date_utc"], r["time_utc"]) for r in hwasong] == [
        ("event:2017-11-29-hwasong-15", "2017-11-28", "18:18")
    ]


def test_real_keys_survive_a_new_edition(data_dir: Path, tmp_path: Path) -> None:
    """The real catalogue with a launch added on a busy day and one on a new day."""
    from sanctiongraph.loaders.formats.nk_missile_tests import read_tests

    real = data_dir / "events" / "nk-missile-tests"
    before = {t.key for t in read_tests(real)[0]}
    assert len(before) == 339
    doc = json.loads((real / "test.en.json").read_text(encoding="utf-8"))
    day = next(b for b in doc["timeBins"] if b["year"] == 2022)
    day["data"].insert(3, _test(day["data"][3]["date"], "unknown", "unknown", "unknown"))
    doc["timeBins"].insert(
        0, {"year": 1983, "data": [_test("1983-06-01", "unknown", "scud-b", "tonghae")]}
    )
    new = tmp_path / "next-edition"
    new.mkdir()
    for name in ("missile.en.json", "facility.en.json"):
        (new / name).write_bytes((real / name).read_bytes())
    (new / "test.en.json").write_text(json.dumps(doc))
    after = {t.key for t in read_tests(new)[0]}
    assert before < after and len(after - before) == 2
