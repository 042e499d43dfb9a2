"""Cut the committed test fixtures out of the real published lists.

    python scripts/make_fixtures.py ../shared/data

Writes tests/fixtures/lists/: 20-50 records of each public-domain government
file (OFAC, UN, EU FSF, UK, Japan MOF and METI), keeping the records of the
2017 story (the 19 organisations Japan listed on 15 Dec 2017, Korea Namgang
Trading look-alikes) plus the first records of each file. Text formats are cut
byte for byte (same encoding, line ends and EOF byte); workbooks are rewritten
with openpyxl holding the kept rows only. OpenSanctions files (CC BY-NC) are
never cut into the repository.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from lxml import etree

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "lists"
STORY_OFAC = {
    19569,
    20579,
    19574,
    22323,
    19611,
    19586,
    20581,
    19613,
    19579,
    19583,
    19587,
    19580,
    20571,
    19576,
    19612,
    20568,
    19571,
    20570,
    19581,
}


def _csv_lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\r\n")


def ofac_csv(src: Path) -> None:
    folder = src / "ofac" / "sdn_csv_2021-07"
    out = OUT / "sdn_csv_2021-07"  # its date names the set
    out.mkdir(parents=True, exist_ok=True)
    lines = [ln for ln in _csv_lines(folder / "sdn.csv") if ln and ln != b"\x1a"]
    keep_ids: list[int] = []
    kept: list[bytes] = []
    for ln in lines:
        ent = int(ln.split(b",", 1)[0])
        # The story, a few non-DPRK entries, one with Linked To, one with comments,
        # two DPRK persons the UN and UK fixtures list too (birth date, citizenship,
        # passport in the remarks).
        if ent in STORY_OFAC or len(kept) < 8 or ent in (12300, 23723, 19609, 22994):
            kept.append(ln)
            keep_ids.append(ent)
    (out / "sdn.csv").write_bytes(b"\r\n".join(kept) + b"\r\n\x1a")
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        rows = [
            ln
            for ln in _csv_lines(folder / name)
            if ln and ln != b"\x1a" and int(ln.split(b",", 1)[0]) in keep_ids
        ]
        tail = b"\r\n\x1a" if name != "sdn_comments.csv" else b"\r\n"
        (out / name).write_bytes(b"\r\n".join(rows) + tail)


def _xml_subset(
    path: Path,
    record: str,
    keep: Callable[[etree._Element], bool],
    limit: int,
    also: Callable[[etree._Element], bool] = lambda _: False,
) -> bytes:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    records = [el for el in root.iter() if etree.QName(el).localname == record]
    chosen = [el for el in records if keep(el)][:limit]
    chosen += [el for el in records if also(el) and el not in chosen]
    for el in records[:5]:
        if el not in chosen:
            chosen.append(el)
    for el in records:
        if el not in chosen:
            el.getparent().remove(el)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _text(el: etree._Element, tag: str) -> str:
    found = [c for c in el.iter() if etree.QName(c).localname == tag]
    return (found[0].text or "") if found else ""


def un(src: Path) -> None:
    data = _xml_subset(
        src / "un" / "consolidated_2018-10-29.xml",
        "INDIVIDUAL",
        lambda el: _text(el, "UN_LIST_TYPE") == "DPRK",
        10,
        # Persons the UK and OFAC fixtures list too (UK cites them in other spellings).
        lambda el: _text(el, "REFERENCE_NUMBER") in ("KPi.006", "KPi.073"),
    )
    tmp = OUT / "un_tmp.xml"
    tmp.write_bytes(data)
    data = _xml_subset(
        tmp,
        "ENTITY",
        lambda el: _text(el, "UN_LIST_TYPE") == "DPRK",
        15,
        # The reference five UK 2018 groups cite, most of them wrongly.
        lambda el: _text(el, "REFERENCE_NUMBER") == "KPe.023",
    )
    tmp.unlink()
    (OUT / "un_consolidated.xml").write_bytes(data)


def eu(src: Path) -> None:
    def keep(el: etree._Element) -> bool:
        regs = [c for c in el if etree.QName(c).localname == "regulation"]
        return bool(regs) and regs[0].get("programme") == "PRK"

    data = _xml_subset(
        src / "eu" / "eu_fsf_export_2022-03-18_TRUNCATED_first1044.xml", "sanctionEntity", keep, 20
    )
    (OUT / "eu_fsf.xml").write_bytes(data)


def ofac_xml(src: Path) -> None:
    data = _xml_subset(
        src / "ofac" / "cons_nonsdn_2025-03-28.xml",
        "sdnEntry",
        lambda el: _text(el, "sdnType") == "Entity",
        20,
    )
    (OUT / "ofac_cons.xml").write_bytes(data)


def ofac_advanced(src: Path) -> None:
    path = src / "ofac" / "cons_advanced_2020-03-17.xml"
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()

    def local(el: etree._Element) -> str:
        return etree.QName(el).localname

    parties = [el for el in root.iter() if local(el) == "DistinctParty"]
    profiles = {p: next(c for c in p if local(c) == "Profile") for p in parties}
    keep = parties[:6] + [p for p in parties if profiles[p].get("PartySubTypeID") == "3"][:14]
    refs = {p.get("FixedRef") for p in keep}
    for p in parties:
        if p not in keep:
            p.getparent().remove(p)
    for tag, attr in (("SanctionsEntry", "ProfileID"), ("ProfileRelationship", "From-ProfileID")):
        for el in [e for e in root.iter() if local(e) == tag]:
            if el.get(attr) not in refs:
                el.getparent().remove(el)
    locations = {
        v.get("LocationID") for p in keep for v in p.iter() if local(v) == "VersionLocation"
    }
    identities = {i.get("ID") for p in keep for i in p.iter() if local(i) == "Identity"}
    for tag, attr, wanted in (
        ("Location", "ID", locations),
        ("IDRegDocument", "IdentityID", identities),
    ):
        for el in [e for e in root.iter() if local(e) == tag]:
            if el.get(attr) not in wanted:
                el.getparent().remove(el)
    (OUT / "ofac_cons_advanced.xml").write_bytes(
        etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    )


def uk_csv(src: Path) -> None:
    raw = (src / "uk" / "sanctionsconlist_2018-04-13.csv").read_bytes()
    lines = raw.split(b"\r\n") if b"\r\n" in raw else raw.split(b"\n")
    head, body = lines[:2], [ln for ln in lines[2:] if ln]
    groups: list[bytes] = []
    kept = []
    for ln in body:
        gid = ln.rsplit(b",", 1)[-1].strip()
        # Rungrado; groups citing a UN reference in other spellings ("UN. REF.KPI.073")
        # or wrongly (Kangbong and Kumsan both cite KPe.023); PAEK CHANG-HO (name order).
        extra = (b"13551", b"13484", b"13485", b"13568", b"12843")
        if gid in extra or (len(groups) < 25 and gid not in groups) or gid in groups[:25]:
            if gid not in groups:
                groups.append(gid)
            kept.append(ln)
    sep = b"\r\n" if b"\r\n" in raw else b"\n"
    (OUT / "uk_conlist.csv").write_bytes(sep.join(head + kept) + sep)


def _workbook(
    path: Path,
    out: Path,
    keep_sheet: Callable[[str], bool],
    keep_row: Callable[[str, int, tuple[object, ...]], bool],
) -> None:
    import openpyxl

    src = openpyxl.load_workbook(path, read_only=True, data_only=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in src.sheetnames:
        if not keep_sheet(name):
            continue
        ws = wb.create_sheet(name)
        for i, row in enumerate(src[name].iter_rows(values_only=True), start=1):
            if keep_row(name, i, row):
                ws.append(list(row))
    wb.save(out)


def uk_xlsx(src: Path) -> None:
    kept: set[object] = set()

    def row_ok(_: str, i: int, row: tuple[object, ...]) -> bool:
        gid = row[-1]
        if i <= 2 or gid in kept:
            return True
        # Rungrado; the ship CHIE MARU NO.6 and its owner Chonmyong Shipping (13627);
        # Pligin (12967), whose first row is an alias and whose name is a "Primary name".
        if str(gid) in ("13551", "13647", "13627", "12967") or len(kept) < 25:
            kept.add(gid)
            return True
        return False

    _workbook(
        src / "uk" / "ConList_2022-05-04.xlsx",
        OUT / "uk_conlist.xlsx",
        lambda n: n == "Data",
        row_ok,
    )


def jp_mof(src: Path) -> None:
    def row_ok(sheet: str, i: int, row: tuple[object, ...]) -> bool:
        if sheet.startswith("16."):
            header = "告示日付" in str(row[0] or "")
            return i <= 3 or header or (row[0] is not None and 40 <= i <= 64)
        return i <= 12

    _workbook(
        src / "jp" / "mof_shisantouketsu20260305.xlsx",
        OUT / "jp_mof_20260305.xlsx",
        lambda n: n.split(".")[0] in ("2", "16"),
        row_ok,
    )


def jp_meti(src: Path) -> None:
    def row_ok(_: str, i: int, row: tuple[object, ...]) -> bool:
        text = " ".join(str(c) for c in row if c)
        story = any(w in text for w in ("Chongbong", "Korea Computer", "Rungrado", "Mirim"))
        return i <= 6 or story

    _workbook(
        src / "jp" / "meti_foreign_user_list_20250929.xlsx",
        OUT / "jp_meti_20250929.xlsx",
        lambda n: True,
        row_ok,
    )


def main(src: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for step in (ofac_csv, ofac_xml, ofac_advanced, un, eu, uk_csv, uk_xlsx, jp_mof, jp_meti):
        step(src)
        print("cut", step.__name__)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
