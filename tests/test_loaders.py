"""Every list format from committed excerpts of the real files, on every backend.

The fixtures (tests/fixtures/lists, cut by scripts/make_fixtures.py) are small
excerpts of the public-domain government files; the counts below were read off
the excerpts by hand (records per kind), the merges from SOURCES.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.ingest.load import dry_run, load_file
from sanctiongraph.loaders.registry import FORMATS, detect
from sanctiongraph.queries import run_query
from tests.scenario import snapshot

LISTS = Path(__file__).parent / "fixtures" / "lists"

# file, format, source key, (organizations, persons, vessels, aircraft)
FIXTURES: list[tuple[str, str, str, tuple[int, int, int, int]]] = [
    ("sdn_csv_2021-07/sdn.csv", "ofac-csv", "source:us-ofac-sdn-csv-2021-07", (28, 3, 0, 0)),
    ("ofac_cons.xml", "ofac-xml", "source:us-ofac-cons-xml-2025-03-28", (20, 5, 0, 0)),
    (
        "ofac_cons_advanced.xml",
        "ofac-advanced",
        "source:us-ofac-cons-advanced-2020-03-17",
        (14, 6, 0, 0),
    ),
    ("un_consolidated.xml", "un-xml", "source:unsc-consolidated-2018-10-29", (19, 12, 0, 0)),
    ("eu_fsf.xml", "eu-fsf-xml", "source:eu-fsf-2022-03-18", (8, 17, 0, 0)),
    ("uk_conlist.csv", "uk-csv", "source:gb-ofsi-conlist-csv-2018-04-13", (11, 19, 0, 0)),
    ("uk_conlist.xlsx", "uk-xlsx", "source:gb-ofsi-conlist-xlsx-2022-05-04", (12, 16, 1, 0)),
    ("jp_mof_20260305.xlsx", "jp-mof", "source:jp-mof-xlsx-2026-03-05", (25, 8, 0, 0)),
    ("jp_meti_20250929.xlsx", "jp-meti", "source:jp-meti-user-list-2025-09-29", (9, 0, 0, 0)),
]


def _totals(store: Store, source: str, programme: str | None = None) -> dict[str, Any]:
    rows = run_query(store, "source-totals", {"source": source, "programme": programme})
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize(("name", "fmt", "source", "kinds"), FIXTURES)
def test_each_fixture_loads_with_its_counts(
    any_store: Store, name: str, fmt: str, source: str, kinds: tuple[int, int, int, int]
) -> None:
    path = LISTS / name
    assert detect(path) == fmt
    summary, decisions = load_file(any_store, fmt, path)
    row = _totals(any_store, source)
    got = (row["organizations"], row["persons"], row["vessels"], row["aircraft"])
    assert got == kinds
    assert summary.records == sum(kinds) == len(decisions)
    # Every fact is traceable to its record.
    listing = run_query(any_store, "sources", {})
    assert [r["key"] for r in listing] == [source]


def test_loading_a_file_twice_changes_nothing(any_store: Store) -> None:
    for name, fmt, _, _ in FIXTURES:
        load_file(any_store, fmt, LISTS / name)
    before = snapshot(any_store)
    for name, fmt, _, _ in FIXTURES:
        _, decisions = load_file(any_store, fmt, LISTS / name)
        assert {d.outcome for d in decisions} == {"same-record"}
    assert snapshot(any_store) == before


def _story(store: Store) -> Store:
    load_seed(store)
    for name, fmt, _, _ in FIXTURES:
        load_file(store, fmt, LISTS / name)
    return store


def test_the_same_target_on_several_lists_is_one_node() -> None:
    store = _story(MemoryStore())
    g = store.graph
    kcc = g.nodes["entity:korea-computer-center"]
    assert "source:us-ofac-sdn-csv-2021-07" in kcc["sources"]
    assert "source:jp-mof-xlsx-2026-03-05" in kcc["sources"]
    assert "source:jp-meti-user-list-2025-09-29" in kcc["sources"]
    # Rungrado: the seed, OFAC (ent_num), both UK files (by name) and METI.
    rungrado = g.nodes["entity:korea-rungrado-general-trading-corporation"]
    assert {
        "source:gb-ofsi-conlist-csv-2018-04-13",
        "source:gb-ofsi-conlist-xlsx-2022-05-04",
    } <= set(rungrado["sources"])
    names = [a["name"] for _, a in g.nodes(data=True) if a["label"] == "Entity"]
    assert not [
        n for n in names if n.lower() == "korea computer center" and n != "Korea Computer Center"
    ]
    # The evidence of each merge sits on the listing's TARGETS relationship: the first
    # in match_basis, every edition's in match_history (the seed named the listing first).
    basis = {
        b
        for _, _, k, d in g.in_edges("entity:bank-of-kunlun-co-ltd", keys=True, data=True)
        if k == "TARGETS"
        for b in [d["match_basis"], *(d.get("match_history") or [])]
    }
    # OFAC's 2020 and 2025 non-SDN files are editions of one list (lists.yaml): the
    # older joined by the publisher's own record id, before any identifier is weighed.
    assert any("same record source:us-ofac-consolidated#15268" in b for b in basis), basis
    # The seed and the OFAC and MOF files cite one Source and one record per entry,
    # so loading a file the seed cites adds no second node and no second Source.
    zuzagbong = g.nodes["entity:korea-zuzagbong-maritime-limited"]
    assert "source:us-ofac-sdn-csv-2021-07#19583" in zuzagbong["records"]
    assert "source:jp-mof-xlsx-2026-03-05#16/47" in zuzagbong["records"]
    stale = ("source:jp-mof-2026", "source:us-ofac-sdn-csv-s")
    assert not [n for n in g if str(n).startswith(stale)]


def test_multi_jurisdiction_after_every_fixture() -> None:
    store = _story(MemoryStore())
    rows = {r["key"]: r for r in run_query(store, "multi-jurisdiction", {"min_authorities": 3})}
    rungrado = rows["entity:korea-rungrado-general-trading-corporation"]
    assert {"Japan", "United States", "United Kingdom", "European Union"} <= set(
        rungrado["authorities"]
    )


def test_ofac_csv_reads_remarks_addresses_and_links() -> None:
    store = MemoryStore()
    load_file(store, "ofac-csv", LISTS / "sdn_csv_2021-07")  # the folder works as well as sdn.csv
    g = store.graph
    kumgang = next(a for _, a in g.nodes(data=True) if a.get("ofac_ent_num") == ["20571"])
    assert kumgang["swift_bic"] == ["KMBKKPPY"]
    koshipping = next(n for n, a in g.nodes(data=True) if a.get("ofac_ent_num") == ["19586"])
    roles = sorted(
        g.nodes[b]["role"] for b in g.successors(koshipping) if g.nodes[b]["label"] == "Branch"
    )
    assert roles == ["branch"] * 7 + ["head_office"]
    kcc = next(n for n, a in g.nodes(data=True) if a.get("ofac_ent_num") == ["22323"])
    rows = run_query(store, "overseas-branches", {"entity": kcc})
    assert sorted(r["country"] for r in rows) == [
        "China",
        "Germany",
        "India",
        "Syria",
        "United Arab Emirates",
    ]
    assert "KOREA COMPUTER COMPANY" in g.nodes[kcc]["aliases"]
    # A remark cut at 1,000 characters continues in sdn_comments.csv.
    assert any(len(a.get("notes") or "") > 1000 for _, a in g.nodes(data=True))


def test_japan_mof_history_and_programme() -> None:
    store = MemoryStore()
    load_file(store, "jp-mof", LISTS / "jp_mof_20260305.xlsx")
    rows = run_query(store, "listed-on", {"authority": "jp", "date": "2017-12-15"})
    assert len(rows) == 19
    assert {r["programme"] for r in rows} == {"北朝鮮(協調；団体)"}
    kcc = next(r for r in rows if r["entity"] == "Korea Computer Center")
    assert kcc["reference"] == "41"
    g = store.graph
    revised = [a for _, a in g.nodes(data=True) if "revised" in (a.get("notes") or "")]
    assert revised, "改訂 dates are kept"


def test_matches_is_a_dry_run() -> None:
    store = MemoryStore()
    load_seed(store)
    before = snapshot(store)
    decisions = dry_run(store, "uk-csv", LISTS / "uk_conlist.csv")
    assert snapshot(store) == before
    merged = [
        d for d in decisions if d.entity == "entity:korea-rungrado-general-trading-corporation"
    ]
    assert merged and merged[0].outcome == "name" and merged[0].score == 0.9


def test_every_format_is_registered_with_a_reader() -> None:
    for fmt in FORMATS.values():
        if fmt.name != "curated":
            reader = fmt.reader()
            assert callable(reader.source) and callable(reader.targets)


# -- dates as the publisher writes them -----------------------------------------------------


def _uk_with_dates(tmp_path: Path, change: Any) -> Path:
    """The UK CSV fixture with each date column's values rewritten by ``change``."""
    import csv

    text = (LISTS / "uk_conlist.csv").read_text(encoding="cp1252")
    rows = list(csv.reader(text.splitlines()))
    header = rows[1]
    for column in ("DOB", "Listed On"):
        i = header.index(column)
        for row in rows[2:]:
            if i < len(row) and row[i]:
                row[i] = change(row[i], column)
    path = tmp_path / "uk_conlist.csv"
    with path.open("w", encoding="cp1252", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _swap(value: str, column: str) -> str:
    d, m, y = value.split("/")
    return f"{m}/{d}/{y}"


def _uk_dates(path: Path) -> dict[str, tuple[list[str], str | None]]:
    from sanctiongraph.loaders.formats import uk_csv

    return {t.record: (t.birth_dates, t.listings[0].listed_on) for t in uk_csv.targets(path)}


def test_a_month_first_column_is_read_month_first(tmp_path: Path) -> None:
    # The same list written month-first throughout: its unambiguous values (17/08 → 08/17)
    # tell the order, so every date reads as in the day-first original.
    original = _uk_dates(LISTS / "uk_conlist.csv")
    assert _uk_dates(_uk_with_dates(tmp_path, _swap)) == original
    assert any(len(d) == 10 and int(d[8:]) <= 12 for b, _ in original.values() for d in b)


def test_a_column_holding_both_orders_reads_only_the_year_of_an_ambiguous_date(
    tmp_path: Path,
) -> None:
    # One birth date month-first among day-first ones: 08/11/1965 can no longer be told.
    def one_swapped(value: str, column: str) -> str:
        return "08/17/1957" if column == "DOB" and value == "17/08/1957" else value

    read = _uk_dates(_uk_with_dates(tmp_path, one_swapped))
    dates = {d for b, _ in read.values() for d in b}
    assert "1957-08-17" in dates and "1965-11-08" not in dates and "1965" in dates
    assert "1958-08-17" in dates  # the unambiguous day-first values stay days
    # Listing dates are a column of their own, still day-first.
    assert {ls for _, ls in read.values()} == {
        ls for _, ls in _uk_dates(LISTS / "uk_conlist.csv").values()
    }


@pytest.mark.realdata
def test_real_uk_date_columns_are_day_first(data_dir: Path) -> None:
    """Measured on both UK editions: in every date column the values only one order can
    read are all day-first, so the column is read day-first (the 2022 workbook's
    09/12/1949 for RODNINA, born 12 September, is one row written the other way: the
    resolver, not the reader, allows for it)."""
    from sanctiongraph.loaders.dates import column_order
    from sanctiongraph.loaders.formats import uk_xlsx
    from sanctiongraph.loaders.sheets import iter_rows
    from sanctiongraph.loaders.tables import rows

    csv_rows = [r for _, r in rows(data_dir / "uk" / "sanctionsconlist_2018-04-13.csv", "cp1252")]
    xlsx_rows = [list(r) for _, _, r in iter_rows(data_dir / "uk" / "ConList_2022-05-04.xlsx")]
    for table in (csv_rows, xlsx_rows):
        header = [str(h) for h in table[1]]
        for column in ("DOB", "Listed On"):
            i = header.index(column)
            assert column_order((r[i] for r in table[2:] if i < len(r)), "mdy") == "dmy"
    rodnina = next(
        t
        for t in uk_xlsx.targets(data_dir / "uk" / "ConList_2022-05-04.xlsx")
        if t.name.upper().endswith("RODNINA")
    )
    assert rodnina.birth_dates == ["1949-12-09"]  # as written


@pytest.mark.parametrize("reverse", [False, True])
def test_one_head_office_per_place_named_in_english(reverse: bool) -> None:
    """Korea Computer Center's head office is one Branch in North Korea whether OFAC
    ("Pyongyang, Korea, North"), MOF ("北朝鮮平壌特別市") or METI ("North Korea") gives
    it, and every office is named in English (MOF's "ドイツ" office is "… — Germany",
    the text as given kept in ``address``), whichever list loads first."""
    files = [
        LISTS / "jp_mof_20260305.xlsx",
        LISTS / "sdn_csv_2021-07",
        LISTS / "jp_meti_20250929.xlsx",
    ]
    store = MemoryStore()
    for f in files[::-1] if reverse else files:
        load_file(store, detect(f), f)
    g = store.graph
    offices = [
        g.nodes[b]
        for _, b, k in g.out_edges("entity:korea-computer-center", keys=True)
        if k == "HAS_BRANCH"
    ]
    heads = [o for o in offices if o["role"] == "head_office"]
    assert [h["country_code"] for h in heads] == ["KP"]
    assert len(heads[0]["sources"]) == 3
    assert sorted(o["country_code"] for o in offices) == ["AE", "CN", "DE", "IN", "KP", "SY"]
    for o in offices:
        assert o["name"].replace("—", "").isascii(), o["name"]
