"""authority-totals on each shared list's date gives the publisher's own count of entries.

The expected counts are read here straight from the files, by the publisher's record
id (UN DATAID, OFAC ent_num/uid/FixedRef, UK Group ID, EU logicalId, one METI row per
company), with the standard library and openpyxl only: nothing of sanctiongraph's
readers, so a reader that dropped or merged entries would show. Files that are editions
of one list share a store, so each date is asked with the other edition beside it.

Japan's MOF list is not here: it has no stable record id, and its rows include the
entries the ministry has deleted (削除), so "the publisher's count" is not one number
to read from the file.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sized
from pathlib import Path

import pytest

from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.ingest.load import load_file
from sanctiongraph.queries import run_query

pytestmark = pytest.mark.realdata


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_ids(path: Path, entry: str, field: str | None) -> set[str]:
    """The ids of every ``entry`` element: its child ``field``'s text, or its attribute."""
    out: set[str] = set()
    for _, el in ET.iterparse(path):
        if _local(el.tag) != entry:
            continue
        if field is None:
            out.add(el.attrib["FixedRef"] if "FixedRef" in el.attrib else el.attrib["logicalId"])
        else:
            out.update(c.text or "" for c in el if _local(c.tag) == field)
        el.clear()
    return out


def _un(path: Path) -> set[str]:
    ids = _xml_ids(path, "INDIVIDUAL", "DATAID") | _xml_ids(path, "ENTITY", "DATAID")
    return {i for i in ids if i}


def _sdn_csv(folder: Path) -> set[str]:
    with (folder / "sdn.csv").open(encoding="latin-1", newline="") as f:
        return {row[0] for row in csv.reader(f) if row and row[0].strip().isdigit()}


def _uk_csv(path: Path) -> set[str]:
    with path.open(encoding="cp1252", newline="") as f:
        rows = csv.reader(f)
        next(rows)  # "Last Updated"
        header = next(rows)
        col = header.index("Group ID")
        return {r[col] for r in rows if len(r) > col and r[col]}


def _xlsx_column(path: Path, column: str, header_row: int) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        for _ in range(header_row - 1):
            next(rows)
        header = [str(c or "") for c in next(rows)]
        col = next(i for i, h in enumerate(header) if column in h)
        return [str(r[col]).strip() for r in rows if len(r) > col and r[col] is not None]
    finally:
        book.close()


def _uk_xlsx(path: Path) -> set[str]:
    return {v for v in _xlsx_column(path, "Group ID", 2) if v}


def _ofac_advanced(path: Path) -> set[str]:
    return _xml_ids(path, "DistinctParty", None)


def _ofac_xml(path: Path) -> set[str]:
    return _xml_ids(path, "sdnEntry", "uid")


def _eu(path: Path) -> set[str]:
    # The shared file repeats some logicalIds (1,044 elements, 1,024 ids).
    return _xml_ids(path, "sanctionEntity", None)


def _meti(path: Path) -> list[str]:
    return [v for v in _xlsx_column(path, "Company", 1) if v]


EU = "eu_fsf_export_2022-03-18_TRUNCATED_first1044.xml"
# authority, format, file, date, independent reader. A group is loaded into one store.
Case = tuple[str, str, str, str, Callable[[Path], Sized]]
GROUPS: dict[str, list[Case]] = {
    "un": [("unsc", "un-xml", "un/consolidated_2018-10-29.xml", "2018-10-29", _un)],
    "uk": [
        ("gb", "uk-csv", "uk/sanctionsconlist_2018-04-13.csv", "2018-04-13", _uk_csv),
        ("gb", "uk-xlsx", "uk/ConList_2022-05-04.xlsx", "2022-05-04", _uk_xlsx),
    ],
    "ofac-sdn": [("us", "ofac-csv", "ofac/sdn_csv_2021-07", "2021-07-01", _sdn_csv)],
    "ofac-cons": [
        ("us", "ofac-advanced", "ofac/cons_advanced_2020-03-17.xml", "2020-03-17", _ofac_advanced),
        ("us", "ofac-xml", "ofac/cons_nonsdn_2025-03-28.xml", "2025-03-28", _ofac_xml),
    ],
    "eu": [("eu", "eu-fsf-xml", f"eu/{EU}", "2022-03-18", _eu)],
    "meti": [("jp", "jp-meti", "jp/meti_foreign_user_list_20250929.xlsx", "2025-09-29", _meti)],
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_edition_date_gives_the_publishers_count(
    group: str, data_dir: Path, tmp_path: Path
) -> None:
    cases = GROUPS[group]
    with LadybugStore(tmp_path / "graph.lbug") as store:
        for _, fmt, name, _, _ in cases:
            load_file(store, fmt, data_dir / name)
        for authority, _, name, day, reader in cases:
            expected = len(reader(data_dir / name))
            (row,) = run_query(store, "authority-totals", {"authority": authority, "as_of": day})
            assert row["total"] == expected, (name, day)
