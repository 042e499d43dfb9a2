"""The evidence the lists carry, read right: names, birth dates, nationalities,
identifiers and the UN references lists cite, per format, on the committed
fixtures (cut from the real files by scripts/make_fixtures.py); then on the
whole published files when SANCTIONGRAPH_DATA_DIR names them (``realdata``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.load import load_file
from sanctiongraph.loaders.formats import (
    eu_fsf,
    ftm,
    jp_mof,
    ofac_advanced,
    ofac_csv,
    ofac_xml,
    os_targets,
    uk_csv,
    uk_xlsx,
    un,
)
from sanctiongraph.loaders.registry import detect
from sanctiongraph.loaders.sheets import iter_rows
from sanctiongraph.loaders.target import ID_SCHEMES, Target
from sanctiongraph.queries import run_query

LISTS = Path(__file__).parent / "fixtures" / "lists"
OFAC_SET = LISTS / "sdn_csv_2021-07"


def _by_record(targets: Iterator[Target]) -> dict[str, Target]:
    return {t.record: t for t in targets}


# -- names ----------------------------------------------------------------------------


def _primary_names(path: Path) -> dict[str, str]:
    """Group ID → the name of its first primary-name row, read straight from the sheet."""
    rows = [r for sheet, _, r in iter_rows(path) if sheet == "Data"]
    header = [str(h) for h in rows[1]]
    col = {h: i for i, h in enumerate(header)}
    out: dict[str, str] = {}
    for row in rows[2:]:
        if str(row[col["Alias Type"]] or "").lower() != "primary name":
            continue
        parts = [row[col[f"Name {i}"]] for i in (1, 2, 3, 4, 5, 6)]
        gid = str(row[col["Group ID"]]).removesuffix(".0")
        out.setdefault(gid, " ".join(" ".join(str(p).split()) for p in parts if p))
    return out


def _assert_groups_named_by_primary_rows(path: Path) -> int:
    targets = _by_record(uk_xlsx.targets(path))
    primary = _primary_names(path)
    wrong = {gid: (targets[gid].name, name) for gid, name in primary.items()
             if targets[gid].name != name}  # fmt: skip
    assert not wrong
    return len(primary)


def test_uk_xlsx_names_each_group_by_its_primary_name() -> None:
    # Group 12967's first row is an alias; its name is the "Primary name" row.
    assert _assert_groups_named_by_primary_rows(LISTS / "uk_conlist.xlsx") > 20
    pligin = _by_record(uk_xlsx.targets(LISTS / "uk_conlist.xlsx"))["12967"]
    assert pligin.name == "Vladimir Nikolaevich PLIGIN"


def test_uk_csv_prime_alias_names_the_group() -> None:
    pak = _by_record(uk_csv.targets(LISTS / "uk_conlist.csv"))["13568"]
    assert pak.name == "Pak Bong NAM"  # the group's first row is the alias MING Lui
    assert "Lui Wai MING" in pak.aliases


# -- birth dates, nationalities, identifiers per format ---------------------------------


def test_ofac_csv_remarks() -> None:
    t = _by_record(ofac_csv.targets(OFAC_SET))
    ri = t["19609"]  # DOB 17 Jul 1964; citizen Korea, North; Passport 381310014 (Korea, North)
    assert (ri.birth_dates, ri.nationalities, ri.ids["passport"]) == (
        ["1964-07-17"],
        ["KP"],
        ["381310014"],
    )
    cifuentes = t["12300"]  # several DOBs and documents, the remarks continued in comments
    assert cifuentes.birth_dates == ["1965-05-13", "1968-04-13", "1964-07-07"]
    assert "passport:AL720622" in cifuentes.id_numbers()
    assert "national_id:CIVJ650513HNEFLR06" in cifuentes.id_numbers()  # C.U.R.P.
    assert "tax_id:CIVJ650513LJA" in cifuentes.id_numbers()  # R.F.C.


def test_un_dates_nationalities_documents() -> None:
    t = {x.ids["un_ref"][0]: x for x in un.targets(LISTS / "un_consolidated.xml")}
    ri = t["KPi.033"]
    assert (ri.birth_dates, ri.nationalities, ri.ids["passport"]) == (
        ["1964-07-17"],
        ["KP"],
        ["381310014"],
    )
    # The same passport number, written by two authorities, compares equal.
    assert ri.ids["passport"] == _by_record(ofac_csv.targets(OFAC_SET))["19609"].ids["passport"]


def test_ofac_xml_and_advanced_agree() -> None:
    legacy = _by_record(ofac_xml.targets(LISTS / "ofac_cons.xml"))
    advanced = _by_record(ofac_advanced.targets(LISTS / "ofac_cons_advanced.xml"))
    assert legacy["9639"].birth_dates == advanced["9639"].birth_dates == ["1962"]
    both = [r for r in legacy if r in advanced]
    assert len(both) > 10
    for r in both:
        if legacy[r].kind == "person":  # organisations' establishment dates: legacy only
            assert legacy[r].birth_dates == advanced[r].birth_dates, r
    # Russian tax and registration numbers are INN and OGRN wherever OFAC writes them.
    schemes = {s for t in legacy.values() for s in t.ids}
    assert {"inn", "ogrn"} <= schemes


def test_eu_fsf_birthdates_and_citizenship() -> None:
    t = _by_record(eu_fsf.targets(LISTS / "eu_fsf.xml"))
    assert (t["13"].birth_dates, t["13"].nationalities) == (["1937-04-28"], ["IQ"])
    assert t["20"].birth_dates == ["1965", "1966"]  # two birthdate elements, years only


def test_jp_mof_japanese_dates_and_ranges() -> None:
    t = _by_record(jp_mof.targets(LISTS / "jp_mof_20260305.xlsx"))
    # "(a)1955年-1958年頃 (b)１945年-1950年頃": every year of both ranges.
    assert t["2/2"].birth_dates == [str(y) for y in (*range(1955, 1959), *range(1945, 1951))]
    assert t["2/2"].nationalities == ["AF"]  # 国籍 アフガニスタン


def test_ftm_properties(tmp_path: Path) -> None:
    # Hand-written lines in the FollowTheMoney format (no OpenSanctions data).
    lines = [
        {"id": "p1", "schema": "Person", "properties": {
            "name": ["Ivan Example"], "birthDate": ["1973-05"], "nationality": ["ru"],
            "passportNumber": ["75 1234567"], "innCode": ["772345678901"]}},
        {"id": "v1", "schema": "Vessel", "properties": {
            "name": ["EXAMPLE STAR"], "imoNumber": ["IMO9187629"], "flag": ["pa"]}},
    ]  # fmt: skip
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    t = _by_record(ftm.targets(path))
    assert (t["p1"].birth_dates, t["p1"].nationalities) == (["1973-05"], ["RU"])
    assert t["p1"].id_numbers() == ["passport:751234567", "inn:772345678901"]
    assert (t["v1"].ids["imo"], t["v1"].nationalities) == (["9187629"], ["PA"])


def _targets_csv(tmp_path: Path) -> Path:
    # Hand-written rows in the targets.simple.csv layout (no OpenSanctions data).
    head = "id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,"
    head += "emails,program_ids,dataset,first_seen,last_seen,last_change"
    rows = [
        "x-1,Person,Ivan Example,,1973-05-12,ru,,,,,,UA-WS-X,ua_ws,2024-01-01,2026-03-13,",
        "x-2,Company,Example Trade LLC,,,ru,,1027700132195;7707083893,,,,,ua_ws,2024-01-01,"
        "2026-03-13,",
    ]
    path = tmp_path / "targets.simple.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def test_os_targets_dates_countries_identifiers(tmp_path: Path) -> None:
    t = _by_record(os_targets.targets(_targets_csv(tmp_path)))
    assert (t["x-1"].birth_dates, t["x-1"].nationalities) == (["1973-05-12"], ["RU"])
    assert t["x-2"].ids == {"ogrn": ["1027700132195"], "inn": ["7707083893"]}


def test_every_scheme_a_reader_writes_is_documented() -> None:
    found: set[str] = set()
    for reader, path in (
        (ofac_csv, OFAC_SET),
        (ofac_xml, LISTS / "ofac_cons.xml"),
        (ofac_advanced, LISTS / "ofac_cons_advanced.xml"),
        (un, LISTS / "un_consolidated.xml"),
        (eu_fsf, LISTS / "eu_fsf.xml"),
        (uk_csv, LISTS / "uk_conlist.csv"),
        (uk_xlsx, LISTS / "uk_conlist.xlsx"),
        (jp_mof, LISTS / "jp_mof_20260305.xlsx"),
    ):
        found |= {s for t in reader.targets(path) for s in t.ids}
    assert found <= set(ID_SCHEMES)
    with pytest.raises(ValueError, match="unknown identifier scheme"):
        Target("1", "person", "X").add_id("passport_no", "1")


# -- cited references and links ---------------------------------------------------------


def test_uk_cited_un_references_in_every_spelling() -> None:
    t = _by_record(uk_csv.targets(LISTS / "uk_conlist.csv"))
    assert t["13568"].ids["un_ref_cited"] == ["KPi.073"]  # "UN. REF.KPI.073."
    assert t["12843"].ids["un_ref_cited"] == ["KPi.006"]
    # Cited, not the UN's own: Kangbong and Kumsan both cite KPe.023, which the UN
    # file gives to Daedong Credit Bank; the resolver weighs this against the names.
    assert t["13484"].ids == t["13485"].ids == {"un_ref_cited": ["KPe.023"]}
    assert "un_ref" not in t["13484"].ids


def test_a_ship_is_linked_to_its_owner_not_given_its_reference() -> None:
    t = _by_record(uk_xlsx.targets(LISTS / "uk_conlist.xlsx"))
    ship = t["13647"]  # "Listed as asset of Chonmyong Shipping Co (OFSI ID: 13627, UN Ref KPe.056)"
    assert ship.ids == {"imo": ["8712362"]}  # its own IMO; the owner's reference is the owner's
    assert [(link.role, link.other) for link in ship.links] == [("asset_of", "#13627")]
    assert ship.nationalities == ["KP"]  # (Flag of ship):North Korea
    assert t["13627"].ids["un_ref_cited"] == ["KPe.056"]
    store = MemoryStore()
    load_file(store, "uk-xlsx", LISTS / "uk_conlist.xlsx")
    g = store.graph
    ship_id = next(n for n, a in g.nodes(data=True) if a.get("name") == "CHON MYONG 1")
    owner_id = next(n for n, a in g.nodes(data=True) if a.get("name") == "CHONMYONG SHIPPING CO")
    roles = [d.get("role") for _, o, k, d in g.out_edges(ship_id, keys=True, data=True)
             if k == "LINKED_TO" and o == owner_id]  # fmt: skip
    assert roles == ["asset_of"]
    assert g.nodes[ship_id].get("un_ref") is None


# -- onto the graph ---------------------------------------------------------------------


def test_entity_carries_the_evidence_of_every_source() -> None:
    store = MemoryStore()
    load_file(store, "un-xml", LISTS / "un_consolidated.xml")
    load_file(store, "uk-csv", LISTS / "uk_conlist.csv")
    g = store.graph
    ri = next(a for _, a in g.nodes(data=True) if a.get("un_ref") == ["KPi.033"])
    assert (ri["birth_dates"], ri["nationalities"], ri["id_numbers"]) == (
        ["1964-07-17"],
        ["KP"],
        ["passport:381310014"],
    )
    kumsan = next(a for _, a in g.nodes(data=True) if a.get("name") == "KOREA KUMSAN TRADING "
                  "CORPORATION")  # fmt: skip
    assert kumsan["id_numbers"] == ["un_ref_cited:KPe.023"]
    # One entity, what each source says of it, without repeats.
    load_file(store, "ofac-csv", OFAC_SET)
    pak = g.nodes["entity:pak-bong-nam"]
    assert len(pak["sources"]) == 3
    assert (pak["birth_dates"], pak["nationalities"], pak["un_ref"], pak["id_numbers"]) == (
        ["1969-05-06"],
        ["KP"],
        ["KPi.073"],
        ["un_ref_cited:KPi.073"],
    )


def test_a_listing_without_a_named_authority_is_no_authority(tmp_path: Path) -> None:
    store = MemoryStore()
    load_file(store, "os-targets-csv", _targets_csv(tmp_path))
    g = store.graph
    authorities = [a["name"] for _, a in g.nodes(data=True) if a["label"] == "Authority"]
    assert authorities == ["Ukraine"]
    company = next(n for n, a in g.nodes(data=True) if a.get("name") == "Example Trade LLC")
    listings = [u for u, _, k in g.in_edges(company, keys=True) if k == "TARGETS"]
    assert len(listings) == 1 and not [k for *_, k in g.in_edges(listings[0], keys=True)]
    rows = run_query(store, "multi-jurisdiction", {"min_authorities": 1})
    assert {r["entity"] for r in rows} == {"Ivan Example"}


# -- formats and dates ------------------------------------------------------------------


def test_detect_reads_content_not_names(tmp_path: Path) -> None:
    renamed = {
        "ofac2.csv": OFAC_SET / "sdn.csv",
        "book1.xlsx": LISTS / "uk_conlist.xlsx",
        "book2.xlsx": LISTS / "jp_mof_20260305.xlsx",
        "book3.xlsx": LISTS / "jp_meti_20250929.xlsx",
    }
    for name, src in renamed.items():
        shutil.copy(src, tmp_path / name)
    got = [detect(tmp_path / n) for n in renamed]
    assert got == ["ofac-csv", "uk-xlsx", "jp-mof", "jp-meti"]
    # add.csv is no sdn.csv, whatever it is called.
    shutil.copy(OFAC_SET / "add.csv", tmp_path / "sdn2.csv")
    with pytest.raises(Exception, match="cannot tell the format"):
        detect(tmp_path / "sdn2.csv")


def _sources(store: MemoryStore) -> list[dict[str, Any]]:
    return run_query(store, "sources", {})


def test_a_file_without_a_date_takes_the_list_date_or_its_names(tmp_path: Path) -> None:
    folder = tmp_path / "ofac2"
    folder.mkdir()
    shutil.copy(OFAC_SET / "sdn.csv", folder / "renamed.csv")
    # No date anywhere: loads, undated, with a warning saying how to date it; the
    # Source id is never the folder's name.
    store = MemoryStore()
    summary, _ = load_file(store, detect(folder / "renamed.csv"), folder / "renamed.csv")
    assert summary.warnings and "--list-date" in summary.warnings[0]
    (undated,) = _sources(store)
    assert undated["key"].startswith("source:us-ofac-sdn-csv-undated-")
    assert "ofac2" not in undated["key"] and undated["list_date"] is None
    # --list-date dates it.
    store = MemoryStore()
    summary, _ = load_file(store, "ofac-csv", folder, list_date="2021-07-07")
    assert not summary.warnings
    (dated,) = _sources(store)
    assert (dated["key"], str(dated["list_date"])) == (
        "source:us-ofac-sdn-csv-2021-07-07",
        "2021-07-07",
    )
    # authority-totals as of the list's day counts its listings (an undated file: none).
    (totals,) = run_query(store, "authority-totals", {"authority": "us", "as_of": "2021-07-07"})
    assert totals["total"] == 31
    # A date in the name: the id keeps its precision, the list date is its first day.
    store = MemoryStore()
    load_file(store, "ofac-csv", OFAC_SET)
    (named,) = _sources(store)
    assert (named["key"], str(named["list_date"])) == (
        "source:us-ofac-sdn-csv-2021-07",
        "2021-07-01",
    )


def test_cli_list_date_and_warning(run: Callable[..., str], tmp_path: Path) -> None:
    renamed = tmp_path / "ofac2.csv"
    shutil.copy(OFAC_SET / "sdn.csv", renamed)
    out = run("load", "auto", str(renamed), "--format", "json")
    assert "warning:" in out and "--list-date" in out
    run("load", "auto", str(renamed), "--list-date", "2021-07-07", "--format", "json")
    keys = [r["key"] for r in json.loads(run("query", "sources", "--format", "json"))]
    assert "source:us-ofac-sdn-csv-2021-07-07" in keys


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    from click.testing import CliRunner

    from sanctiongraph.cli import main

    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "store.json"))
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(main, list(args))
        assert result.exit_code == 0, result.output + repr(result.exception)
        return result.output

    return invoke


# -- the whole published files ----------------------------------------------------------

REAL = {
    "ofac-csv": "ofac/sdn_csv_2021-07/sdn.csv",
    "ofac-xml": "ofac/cons_nonsdn_2025-03-28.xml",
    "un-xml": "un/consolidated_2018-10-29.xml",
    "eu-fsf-xml": "eu/eu_fsf_export_2022-03-18_TRUNCATED_first1044.xml",
    "uk-csv": "uk/sanctionsconlist_2018-04-13.csv",
    "uk-xlsx": "uk/ConList_2022-05-04.xlsx",
    "jp-mof": "jp/mof_shisantouketsu20260305.xlsx",
}


@pytest.mark.realdata
def test_real_persons_with_birth_dates_and_nationalities(data_dir: Path) -> None:
    from sanctiongraph.loaders.registry import FORMATS

    got = {}
    for fmt, name in REAL.items():
        targets = list(FORMATS[fmt].reader().targets(data_dir / name))
        persons = [t for t in targets if t.kind == "person"]
        got[fmt] = (
            len(persons),
            sum(1 for t in persons if t.birth_dates),
            sum(1 for t in persons if t.nationalities),
        )
    # (persons, with a birth date, with a nationality), measured 2026-11-29.
    assert got == {
        "ofac-csv": (4620, 4428, 2546),
        "ofac-xml": (80, 75, 3),
        "un-xml": (703, 663, 622),
        "eu-fsf-xml": (716, 559, 426),
        "uk-csv": (1426, 1119, 676),
        "uk-xlsx": (2771, 2411, 1713),
        # MOF: 126 rows of its mixed sheets (2, 3, 4, 5, 21) are organisations (issue 18).
        "jp-mof": (2010, 1895, 705),
    }


@pytest.mark.realdata
def test_real_uk_2022_groups_are_named_by_their_primary_name(data_dir: Path) -> None:
    path = data_dir / REAL["uk-xlsx"]
    # 3,428 of the 3,430 groups have a "Primary name" row; each is named by it.
    assert _assert_groups_named_by_primary_rows(path) == 3428
    assert _by_record(uk_xlsx.targets(path))["12967"].name == "Vladimir Nikolaevich PLIGIN"


@pytest.mark.realdata
def test_real_uk_2018_groups_are_named_by_their_prime_alias(data_dir: Path) -> None:
    import csv

    path = data_dir / REAL["uk-csv"]
    with path.open(encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh))
    col = {h.strip(): i for i, h in enumerate(rows[1])}
    assert {r[col["Alias Type"]] for r in rows[2:]} == {"Prime Alias", "AKA", "FKA"}
    prime: dict[str, str] = {}
    for r in rows[2:]:
        if r[col["Alias Type"]] == "Prime Alias":
            parts = [r[col[f"Name {i}"]] for i in (1, 2, 3, 4, 5, 6)]
            name = " ".join(" ".join(p.split()) for p in parts if p.strip())
            prime.setdefault(r[col["Group ID"]].strip(), name)
    targets = _by_record(uk_csv.targets(path))
    assert len(prime) == 2106
    assert not [g for g, n in prime.items() if targets[g].name != n]


@pytest.mark.realdata
def test_real_uk_2018_dprk_groups_cite_un_references(data_dir: Path) -> None:
    groups = list(uk_csv.targets(data_dir / REAL["uk-csv"]))
    dprk = [t for t in groups if "Korea" in (t.listings[0].programme or "")]
    citing = [t for t in dprk if t.ids.get("un_ref_cited")]
    assert (len(dprk), len(citing)) == (242, 145)
    un_refs = {t.ids["un_ref"][0] for t in un.targets(data_dir / REAL["un-xml"])}
    cited = {r for t in citing for r in t.ids["un_ref_cited"]}
    # Every reference cited is one the UN file (six months later) has, but for one
    # typo the loader keeps as written: "UN Ref DPe.012" for KPe.012 (12847, KCST).
    assert cited - un_refs == {"DPe.012"}
    # Six groups cite KPe.023, the UN's Daedong Credit Bank: it (13341) and five
    # others (Korea Daesong Bank, Koryo Credit Development Bank, Kangbong Trading,
    # KNIC, Korea Kumsan Trading). The resolver, not the loader, settles who is who.
    kpe023 = {t.record for t in citing if t.ids["un_ref_cited"] == ["KPe.023"]}
    assert kpe023 == {"13341", "11286", "13537", "13484", "13355", "13485"}
