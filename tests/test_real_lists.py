"""Every file in ../shared/data, loaded whole, answers with the counts SOURCES.md
measured independently (stdlib csv/ElementTree, openpyxl, xlrd) — asked through
the named queries, never by re-reading the files.

Run when SANCTIONGRAPH_DATA_DIR names the shared data (.ci/run sets it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES
from sanctiongraph.ingest.load import load_file
from sanctiongraph.loaders.registry import detect
from sanctiongraph.queries import run_query

OFAC_CSV = "ofac/sdn_csv_2021-07/sdn.csv"
FILES = SHARED_DATA_FILES
NK_MOF = [
    "北朝鮮(決議1695号)",
    "北朝鮮(決議1718号等；団体)",
    "北朝鮮(決議1718号等；個人)",
    "北朝鮮(協調；団体)",
    "北朝鮮(協調；個人)",
]


@pytest.fixture(scope="module")
def loaded(data_dir: Path) -> dict[str, tuple[MemoryStore, str]]:
    """Each file in its own store, with the key of the Source it became."""
    out = {}
    for name in FILES:
        path = data_dir / name
        assert path.exists(), f"{path} is missing from the shared data"
        store = MemoryStore()
        load_file(store, detect(path), path)
        keys = [r["key"] for r in run_query(store, "sources", {})]
        out[name] = (
            store,
            keys[0] if len(keys) == 1 else next(k for k in keys if "catalogue" in k),
        )
    return out


def _kinds(
    loaded: dict[str, tuple[MemoryStore, str]], name: str, programme: str | None = None
) -> dict[str, Any]:
    store, source = loaded[name]
    rows = run_query(store, "source-totals", {"source": source, "programme": programme})
    return {
        r["authority"]: (r["organizations"], r["persons"], r["vessels"], r["aircraft"])
        for r in rows
    }


def _unissued_kinds(store: MemoryStore, source: str) -> tuple[int, int, int, int]:
    """Entities of ``source`` whose listing names no authority (no ISSUED), by kind."""
    g = store.graph
    found: dict[str, str] = {}
    for lid, attrs in g.nodes(data=True):
        if attrs.get("label") != "Listing" or any(
            k == "ISSUED" for _, _, k in g.in_edges(lid, keys=True)
        ):
            continue
        for _, eid, k, d in g.out_edges(lid, keys=True, data=True):
            if k == "TARGETS" and source in d.get("sources", []):
                found[eid] = g.nodes[eid]["kind"]
    kinds = list(found.values())
    return (
        kinds.count("organization"),
        kinds.count("person"),
        kinds.count("vessel"),
        kinds.count("aircraft"),
    )


def test_ofac_sdn_csv(loaded: dict[str, tuple[MemoryStore, str]]) -> None:
    # 8,976 rows: 4,620 individual, 3,673 entities, 406 vessels, 277 aircraft.
    assert _kinds(loaded, OFAC_CSV) == {"United States": (3673, 4620, 406, 277)}
    # 414 with a DPRK programme: 162 entities, 130 individuals, 106 vessels, 16 aircraft.
    assert _kinds(loaded, OFAC_CSV, "DPRK") == {"United States": (162, 130, 106, 16)}


def test_ofac_xml_and_advanced(loaded: dict[str, tuple[MemoryStore, str]]) -> None:
    assert _kinds(loaded, "ofac/cons_nonsdn_2025-03-28.xml") == {"United States": (363, 80, 0, 0)}
    advanced = _kinds(loaded, "ofac/cons_advanced_2020-03-17.xml")
    assert advanced == {"United States": (293, 82, 0, 0)}


def test_un_consolidated(loaded: dict[str, tuple[MemoryStore, str]]) -> None:
    name = "un/consolidated_2018-10-29.xml"
    assert _kinds(loaded, name) == {"UN Security Council": (390, 703, 0, 0)}
    assert _kinds(loaded, name, "DPRK") == {"UN Security Council": (75, 80, 0, 0)}


def test_eu_files(loaded: dict[str, tuple[MemoryStore, str]]) -> None:
    # 1,044 sanctionEntity elements, 716 person and 328 enterprise; 20 persons appear
    # twice (same logicalId, one element per regulation) and are one target each.
    fsf = "eu/eu_fsf_export_2022-03-18_TRUNCATED_first1044.xml"
    # Three more persons are named twice under two regimes (same name and birth date):
    # one party with two listings, but two logical ids, so two of the file's entries
    # (source-totals counts the publisher's records, as authority-totals does).
    assert _kinds(loaded, fsf) == {"European Union": (328, 716 - 20, 0, 0)}
    assert _kinds(loaded, fsf, "PRK") == {"European Union": (29, 17, 0, 0)}
    # 326 rows: 157 Person, 94 LegalEntity, 75 Vessel; 14 ships are named twice, in
    # Annex XIV.A and XIV.B with the same IMO number: one ship, two listings, and two
    # rows of the file, each an entry source-totals counts.
    journal = "eu/opensanctions_eu_journal_32017R1509_DPRK.csv"
    assert _kinds(loaded, journal) == {"European Union": (94, 157, 75, 0)}


def test_uk_files(loaded: dict[str, tuple[MemoryStore, str]]) -> None:
    csv_2018 = "uk/sanctionsconlist_2018-04-13.csv"
    # One person is two groups under two regimes: one party, two listings, two entries.
    assert _kinds(loaded, csv_2018) == {"United Kingdom": (680, 1426, 0, 0)}
    assert _kinds(loaded, csv_2018, "North Korea") == {"United Kingdom": (107, 135, 0, 0)}
    xlsx_2022 = "uk/ConList_2022-05-04.xlsx"
    # Four persons are two groups each, under two regimes (Bortnikov: Russia and Chemical
    # Weapons; Naqdi: Iran Human Rights and Iran Nuclear; Pavel Popov, 13973 / 14751, and
    # Aleksei Krivoruchko, 13974 / 14748, deputy defence ministers under Chemical Weapons
    # and Russia, one birth date and place each, the patronymic spelt two ways): one
    # party, two listings each. (The judge Aleksey Krivoruchko, born 1977, stays apart.)
    # One firm is two groups: MZKT (14044, Belarus regime) and MINSK WHEEL TRACTOR PLANT
    # a.k.a. MZKT (15036, Russia regime), both at 150 Partizanski Ave, Minsk. Each group
    # is one of the file's entries all the same: source-totals counts the groups.
    assert _kinds(loaded, xlsx_2022) == {"United Kingdom": (644, 2771, 15, 0)}
    dprk = _kinds(loaded, xlsx_2022, "Democratic People's Republic of Korea")
    assert dprk == {"United Kingdom": (84, 137, 15, 0)}


def test_japan_mof(loaded: dict[str, tuple[MemoryStore, str]]) -> None:
    new, old = "jp/mof_shisantouketsu20260305.xlsx", "jp/mof_sanctions_lexcovery_2022-11-02.xls"
    totals = [sum(_kinds(loaded, new, p)["Japan"]) for p in NK_MOF]
    assert totals == [16, 75, 80, 75, 84]
    assert [sum(_kinds(loaded, old, p)["Japan"]) for p in NK_MOF] == [16, 75, 80, 60, 71]
    store, _ = loaded[new]
    day = run_query(store, "listed-on", {"authority": "jp", "date": "2017-12-15"})
    assert len(day) == 19 and {r["programme"] for r in day} == {"北朝鮮(協調；団体)"}
    assert sorted(int(r["reference"]) for r in day) == list(range(38, 57))
    # About 3,461 entries with a notice number; those whose names the ministry
    # blanked stay as listings (issued, mostly withdrawn) without a target.
    listings = [a for _, a in store.graph.nodes(data=True) if a["label"] == "Listing"]
    assert len(listings) == 3461
    assert sum(1 for a in listings if a["status"] == "delisted") == 598


def test_japan_meti(loaded: dict[str, tuple[MemoryStore, str]]) -> None:
    name = "jp/meti_foreign_user_list_20250929.xlsx"
    assert _kinds(loaded, name) == {"Japan": (835, 0, 0, 0)}
    store, _ = loaded[name]
    assert len(run_query(store, "branch-network", {"country": "KP"})) == 154


def test_opensanctions_files(loaded: dict[str, tuple[MemoryStore, str]]) -> None:
    assert _kinds(loaded, "opensanctions/yente_fixture_t1_entities.ftm.json") == {
        "European Union": (2, 4, 0, 0)
    }
    # 5,600 rows: 1,543 Person, 1,524 Company + 1,193 LegalEntity, 1,340 Vessel. JSC
    # "RASKAT" (Rybinsk, road rollers) and KB RASKAT LLC (Moscow, drones) share a word,
    # not their INN or OGRN: two parties (an independent review found them merged).
    name = "opensanctions/targets.simple_ua_war_sanctions_2026-03-13.csv"
    kinds = _kinds(loaded, name)
    # 1,429 companies carry no programme id: the export names no authority for them,
    # so their listings have no Authority (source-totals, counting per authority,
    # leaves them out) and are counted here apart.
    store, source = loaded[name]
    unissued = _unissued_kinds(store, source)
    assert unissued == (1429, 0, 0, 0)
    assert "Authority not named by the source" not in kinds
    totals = tuple(sum(k[i] for k in kinds.values()) + unissued[i] for i in range(4))
    assert totals == (2717, 1543, 1340, 0)
    store, _ = loaded["opensanctions/opensanctions_index_2024-06-13.json"]
    assert len(run_query(store, "sources", {})) == 193 + 1


SEED_19 = [
    "chongbong-shipping-company-limited",
    "daewon-industries",
    "hoeryong-shipping-company-limited",
    "korea-computer-center",
    "korea-general-corporation-for-external-construction",
    "korea-ocean-shipping-agency",
    "korea-oil-exploration-corporation",
    "korea-rungrado-general-trading-corporation",
    "korea-samilpo-shipping-company",
    "korea-zuzagbong-maritime-limited",
    "korean-buyon-shipping-company-limited",
    "korean-polish-shipping-company-limited",
    "kumgang-bank",
    "mirim-shipping-company-limited",
    "namgang-construction",
    "north-east-asia-bank",
    "ocean-bunkering-joint-venture-company",
    "rason-international-commercial-bank",
    "thaephyongsan-shipping-company-limited",
]


@pytest.fixture(scope="module")
def everything(data_dir: Path) -> MemoryStore:
    store = MemoryStore()
    load_seed(store)
    for name in FILES:
        load_file(store, detect(data_dir / name), data_dir / name)
    return store


def test_every_file_in_one_store_merges_the_story(everything: MemoryStore) -> None:
    rows = {
        r["key"]: r for r in run_query(everything, "multi-jurisdiction", {"min_authorities": 2})
    }
    for slug in SEED_19:
        authorities = set(rows[f"entity:{slug}"]["authorities"])
        assert {"Japan", "United States"} <= authorities, slug
        assert "UN Security Council" not in authorities, slug  # none of the 19 is on the UN list
    rungrado = set(rows["entity:korea-rungrado-general-trading-corporation"]["authorities"])
    assert {"European Union", "United Kingdom"} <= rungrado
    kogen = set(rows["entity:korea-general-corporation-for-external-construction"]["authorities"])
    assert "European Union" in kogen and "United Kingdom" not in kogen
    # Each file's own records reached the merged node.
    kcc = everything.graph.nodes["entity:korea-computer-center"]
    assert (
        sum(
            1
            for s in kcc["sources"]
            if s.startswith(("source:us-ofac-sdn-csv", "source:jp-mof-", "source:jp-meti"))
        )
        >= 4
    )
    # Korea Namgang Trading Corporation (EU) stays apart from Namgang Construction.
    ntc = [
        n
        for n, a in everything.graph.nodes(data=True)
        if a["label"] == "Entity" and a["name"].lower().startswith("korea namgang trading")
    ]
    assert ntc and "entity:namgang-construction" not in ntc


def test_matching_precision_and_recall_on_the_labelled_set(data_dir: Path) -> None:
    """The numbers in docs/resolution.md: every labelled pair merged or kept apart as it should."""
    from sanctiongraph.ingest.evaluation import LABELLED_FILES, evaluate

    labels = Path(__file__).parent / "fixtures" / "matching_labels.yaml"
    result = evaluate(labels, data_dir, LABELLED_FILES)
    assert result.true_pos + result.false_neg == 129 and result.false_pos + result.true_neg == 15
    assert result.wrong == [] and result.missed == []
