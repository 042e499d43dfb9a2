"""The seed story against the facts in ../shared/data/SOURCES.md ("Seed facts")."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.schema import cited_by
from sanctiongraph.ingest.curated import seed_path

# From SOURCES.md: JP notice number, MOF English name, OFAC ent_num, IMO (where given).
THE_19 = [
    ("38", "Chongbong Shipping Company Limited", "19569", "5878589"),
    ("39", "Daewon Industries", "20579", None),
    ("40", "Hoeryong Shipping Company Limited", "19574", "5817786"),
    ("41", "Korea Computer Center", "22323", None),
    ("42", "Korea General Corporation for External Construction", "19611", None),
    ("43", "Korea Ocean Shipping Agency", "19586", None),
    ("44", "Korea Oil Exploration Corporation", "20581", None),
    ("45", "Korea Rungrado General Trading Corporation", "19613", None),
    ("46", "Korea Samilpo Shipping Company", "19579", "1701459"),
    ("47", "Korea Zuzagbong Maritime Limited", "19583", "1991835"),
    ("48", "Korean Buyon Shipping Company Limited", "19587", "5057119"),
    ("49", "Korean Polish Shipping Company Limited", "19580", "1267131"),
    ("50", "Kumgang Bank", "20571", None),
    ("51", "Mirim Shipping Company Limited", "19576", "5647684"),
    ("52", "Namgang Construction", "19612", None),
    ("53", "North East Asia Bank", "20568", None),
    ("54", "Ocean Bunkering Joint Venture Company", "19571", "4199470"),
    ("55", "Rason International Commercial Bank", "20570", None),
    ("56", "Thaephyongsan Shipping Company Limited", "19581", "5878575"),
]


def _by_label(g: nx.MultiDiGraph, label: str) -> dict[str, dict[str, object]]:
    return {n: a for n, a in g.nodes(data=True) if a["label"] == label}


def _entity(g: nx.MultiDiGraph, name: str) -> str:
    (found,) = [n for n, a in _by_label(g, "Entity").items() if a["name"] == name]
    return found


def test_every_fact_has_a_source_that_exists(seeded: MemoryStore) -> None:
    g = seeded.graph
    sources = set(_by_label(g, "Source"))
    for n, a in g.nodes(data=True):
        assert a.get("sources"), n
        assert set(a["sources"]) <= sources, n
        for rec in a.get("records", []):
            assert rec.split("#", 1)[0] in sources, rec
    for u, v, k, a in g.edges(keys=True, data=True):
        by = cited_by(k, u, v)  # a hub's relationship is cited by its other end
        cited = g.nodes[by] if by is not None else a
        assert by is None or not a.get("sources"), (u, k, v)
        assert cited.get("sources"), (u, k, v)
        assert set(cited["sources"]) <= sources, (u, k, v)


def test_the_19_with_notice_numbers_ofac_numbers_and_imo(seeded: MemoryStore) -> None:
    g = seeded.graph
    for notice, name, ent_num, imo in THE_19:
        e = g.nodes[_entity(g, name)]
        assert e["jp_notice"] == [notice]
        assert e["ofac_ent_num"] == [ent_num]
        assert e.get("imo") == ([imo] if imo else None)
        assert e["name_local"]  # the Japanese name from the MOF file
        # The record ids the loaders give these entries (sheet/notice, ent_num).
        assert f"source:jp-mof-xlsx-2026-03-05#16/{notice}" in e["records"]
        assert f"source:us-ofac-sdn-csv-2021-07#{ent_num}" in e["records"]
    swift = {g.nodes[_entity(g, n)].get("swift_bic", [None])[0] for n in ("Kumgang Bank",
             "North East Asia Bank")}  # fmt: skip
    assert swift == {"KMBKKPPY", "NEABKPPY"}


def test_sectors_match_the_news_counts(seeded: MemoryStore) -> None:
    g = seeded.graph
    sectors = Counter(g.nodes[_entity(g, name)]["sector"] for _, name, _, _ in THE_19)
    assert sectors == {"bank": 3, "minerals": 2, "transport": 10, "worker_dispatch": 4}
    for _, name, _, _ in THE_19:
        assert g.nodes[_entity(g, name)]["sector_basis"]


def test_korea_computer_center_and_korea_ocean_shipping_agency_offices(seeded: MemoryStore) -> None:
    g = seeded.graph

    def offices(name: str) -> list[str]:
        e = _entity(g, name)
        return sorted(
            g.nodes[c]["code"]
            for _, b, k in g.out_edges(e, keys=True)
            if k == "HAS_BRANCH"
            for _, c, k2 in g.out_edges(b, keys=True)
            if k2 == "LOCATED_IN"
        )

    assert offices("Korea Computer Center") == sorted(["KP", "DE", "CN", "SY", "IN", "AE"])
    assert offices("Korea Ocean Shipping Agency") == ["KP"] * 8


def test_south_korea_lists_20_entities_and_matches_three_of_the_19(seeded: MemoryStore) -> None:
    g = seeded.graph
    kr = [t for _, t, k in g.out_edges("authority:kr", keys=True) if k == "ISSUED"]
    assert len(kr) == 20
    targets = {
        e: a
        for lst in kr
        for _, e, k, a in g.out_edges(lst, keys=True, data=True)
        if k == "TARGETS"
    }
    assert len(targets) == 20
    matched = {g.nodes[e]["name"]: a["match_confidence"] for e, a in targets.items()
               if a["match_confidence"] < 1.0}  # fmt: skip
    assert matched == {
        "Rason International Commercial Bank": 0.95,
        "Korea Computer Center": 0.95,
        "Daewon Industries": 0.8,
    }
    names = {g.nodes[e]["name"] for e in targets}
    assert {"조선아연공업총회사", "려명해운경영유한책임회사", "조선유성선박회사"} <= names


def test_eu_and_uk_listings_as_the_files_show(seeded: MemoryStore) -> None:
    g = seeded.graph

    def listed(authority: str) -> dict[str, str]:
        out = {}
        for _, lst, k in g.out_edges(authority, keys=True):
            if k == "ISSUED":
                for _, e, _k2 in g.out_edges(lst, keys=True):
                    out[g.nodes[e]["name"]] = g.nodes[lst].get("listed_on")
        return out

    assert listed("authority:eu") == {
        "Korea Rungrado General Trading Corporation": "2017-10-16",
        "Korea General Corporation for External Construction": "2022-04-21",
    }
    assert listed("authority:gb") == {"Korea Rungrado General Trading Corporation": "2017-10-16"}
    assert listed("authority:unsc") == {}
    assert len(listed("authority:us")) == 19


def test_the_launch_and_the_disagreeing_totals(seeded: MemoryStore) -> None:
    g = seeded.graph
    ev = g.nodes["event:2017-11-29-hwasong-15"]
    assert (ev["type"], ev["date"], ev["landed"]) == (
        "icbm_launch", "2017-11-29", "Japan's exclusive economic zone",
    )  # fmt: skip
    assert g.has_edge("event:2017-11-29-hwasong-15", "country:KP", "CARRIED_OUT_BY")
    claims = [g.nodes[c] for c, _, k in g.in_edges("authority:jp", keys=True) if k == "ABOUT"]
    totals = [c for c in claims if "103" in (c.get("value") or "")]
    assert len({c["sources"][0] for c in totals}) == 4  # four sources, each its own claim


def test_committed_seed_is_what_the_real_files_give(data_dir: Path) -> None:
    """Rebuild the seed from ../shared/data: the committed file must not drift from it."""
    script = Path(__file__).parents[1] / "scripts" / "build_seed.py"
    built = subprocess.run(
        [sys.executable, str(script), str(data_dir)], capture_output=True, text=True, check=True
    ).stdout
    assert built == seed_path().read_text(encoding="utf-8")


def test_a_list_loaded_onto_the_story_adds_records_to_its_offices() -> None:
    """The seed's offices take the key the list loaders give an office, so OFAC's file
    loaded onto the demo cites the same Korea Computer Center offices: each country once."""
    from pathlib import Path

    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.curated import load_seed
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.loaders.registry import detect
    from sanctiongraph.queries import run_query

    store = MemoryStore()
    load_seed(store)
    before = run_query(store, "overseas-branches", {"entity": "Korea Computer Center"})
    ofac = Path(__file__).parent / "fixtures" / "lists" / "sdn_csv_2021-07"
    load_file(store, detect(ofac), ofac)
    after = run_query(store, "overseas-branches", {"entity": "Korea Computer Center"})
    assert sorted(r["country_code"] for r in after) == ["AE", "CN", "DE", "IN", "SY"]
    assert len(after) == len(before) == 5
    g = store.graph
    offices = [b for _, b, k in g.out_edges("entity:korea-computer-center", keys=True)
               if k == "HAS_BRANCH"]  # fmt: skip
    assert len(offices) == 6  # the head office in Pyongyang and five abroad
    cn = g.nodes["branch:korea-computer-center:cn"]["records"]
    assert any(r.startswith("source:us-ofac") for r in cn) and len(cn) >= 2
