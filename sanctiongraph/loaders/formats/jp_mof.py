"""Japan Ministry of Finance asset-freeze list (資産凍結等の措置の対象者), .xlsx or .xls.

https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/economic_sanctions/list.html:
one sheet per programme (its name is the programme), a title, then a header
row starting with 告示日付, then one row per party. 告示日付 may hold several
dates, one per line, marked 改訂 (revised) or 削除 (deleted): the first is the
listing, 削除 a delisting. Columns differ by sheet and are found by header.

Evidence, where a sheet has the column: 生年月日 (or 生年月日・出生地; Japanese
dates "1963年頃", "1955年-1958年頃", "1941年8月20日", and the English beside
them), 国籍 (nationalities), 旅券番号 (``passport``), ID番号 / 身分登録番号 /
身分証番号 (``national_id``); "不明" (unknown) is no value. 国連参照番号 is the
UN reference (``un_ref``); one cited in その他の情報 after a "UN Ref" label is
``un_ref_cited``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctiongraph.graph.countries import country_in_text
from sanctiongraph.graph.records import Node, Rel, cite, key, node, rel
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.dates import birth_dates, parse_date
from sanctiongraph.loaders.sheets import cell_text, iter_rows
from sanctiongraph.loaders.target import (
    AUTHORITIES,
    Address,
    ListingFact,
    SourceInfo,
    Target,
    cited_un_references,
    document_numbers,
)

_DATE_LINE = re.compile(r"^(\d{4}[./]\d{1,2}[./]\d{1,2})\s*(改訂|削除)?")
_IMO = re.compile(r"IMO\s*[:：]?\s*(\d{7})")
_UN_REF = re.compile(r"\b([A-Z]{2}[ei]\.\d{3})\b")
_PASSPORT_HEADERS = ("旅券番号",)
_NATIONAL_ID_HEADERS = ("ID番号", "身分登録番号", "身分証番号")
_SPLIT = re.compile(r"[；;\n]")
_FILE_DATE = re.compile(r"(20\d{2})(\d{2})(\d{2})")


def source(path: Path) -> SourceInfo:
    latest: str | None = None
    for _, _, row in iter_rows(path):
        first = row[0] if row else None
        for date, _, _ in _dates(first, path, None, strict=False):
            if date:
                latest = max(latest or date, date)
    m = _FILE_DATE.search(path.name)
    date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else latest
    kind = path.suffix.lstrip(".")
    return SourceInfo(
        id=f"jp-mof-{kind.lower()}-{date or path.stem}",
        undated_tail=None if date else path.stem,
        name=f"Japan MOF asset-freeze list, {kind.upper()} ({date or 'undated'})",
        publisher="Ministry of Finance, Japan",
        title=f"資産凍結等の措置の対象者 ({path.name})",
        file=path.name,
        list_date=date,
        url="https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/"
        "economic_sanctions/list.html",
        licence="Japanese government publication",
    )


def _dates(
    value: Any, path: Path, where: str | None, strict: bool = True
) -> list[tuple[str | None, str | None, str]]:
    """``[(ISO date or None, None | 改訂 | 削除, the line), ...]`` from a 告示日付 cell.

    The first line is the listing and must be a date. Later lines that are not
    (the 2026 file has "2007.713改訂") are kept as text, not guessed.
    """
    if value is None:
        return []
    if not isinstance(value, str):
        try:
            return [(parse_date(value, path, where), None, str(value))]
        except LoadError:
            if strict:
                raise
            return []
    out: list[tuple[str | None, str | None, str]] = []
    for line in value.splitlines():
        line = line.strip()
        if not line or line.startswith(("（", "(")):
            continue
        m = _DATE_LINE.match(line)
        date: str | None = None
        if m:
            try:
                date = parse_date(m.group(1), path, where, order="ymd")
            except LoadError:
                date = None
        if date is None and not out and strict:
            raise LoadError(path, where, f"unexpected date {line!r} in 告示日付")
        mark = (
            m.group(2) if m else ("削除" if "削除" in line else "改訂" if "改訂" in line else None)
        )
        out.append((date, mark, line))
    return out


def _programme(sheet: str) -> str:
    return re.sub(r"^\d+\s*[.．]\s*", "", sheet).strip()


def _kind(sheet: str, header: list[str]) -> str:
    if "個人" in sheet:
        return "person"
    if "団体" in sheet or ("船舶" not in sheet and not any("生年月日" in h for h in header)):
        return "organization"
    return "vessel" if "船舶" in sheet else "person"


# Columns only a person's entry fills: a title, a post, a birth, a nationality, documents.
_PERSON_COLUMNS = ("称号", "役職", "生年月日", "出生地", "国籍", "旅券", "ID番号", "身分")
_UN_REF_LETTER = re.compile(r"\b[A-Z]{2}([ei])\.\d{3}\b")


def _row_kind(sheet: str, cells: dict[str, str | None]) -> str:
    """The kind of one entry. A sheet named for persons (個人), organisations (団体) or
    vessels (船舶) says it; a sheet of persons' columns that does not (タリバーン関係者等,
    the 1267/1988 list: persons and groups together) is read row by row: the row's UN
    reference says it ("QDe.001" an entity, "QDi.012" an individual), else a row that
    leaves the columns only a person has (title, post, birth, nationality, documents)
    blank is an organisation. 不明 (unknown) says a person's detail is not known: a row
    of 不明 alone is a person (Yemen's ABDULMALIK AL-HOUTHI)."""
    from sanctiongraph.graph.names import normalize_name
    from sanctiongraph.graph.placeholders import PLACEHOLDERS

    kind = _kind(sheet, list(cells))
    if kind != "person" or "個人" in sheet:
        return kind
    refs = " ".join(v for h, v in cells.items() if v and "国連参照番号" in h)
    letters = {m.group(1) for m in _UN_REF_LETTER.finditer(refs)}
    if len(letters) == 1:
        return "organization" if letters == {"e"} else "person"
    personal = [(v or "").strip() for h, v in cells.items() if any(c in h for c in _PERSON_COLUMNS)]
    if any(v and normalize_name(v) not in PLACEHOLDERS for v in personal):
        return "person"
    return "organization" if any(not v for v in personal) else "person"


def _parts(value: str | None) -> list[str]:
    return [p.strip(" ・　") for p in _SPLIT.split(value or "") if p.strip(" ・　")]


@dataclass
class _Entry:
    sheet: str
    row: int
    record: str
    notice: str
    cells: dict[str, str | None]
    dates: Any

    @property
    def where(self) -> str:
        return f"sheet {self.sheet!r} row {self.row}"


def _entries(path: Path) -> Iterator[_Entry]:
    """Every data row with a notice number, under its sheet's header."""
    header: list[str] | None = None
    sheet_seen = ""
    notices: set[str] = set()
    headers = 0
    for sheet, n, row in iter_rows(path):
        if sheet != sheet_seen:
            sheet_seen, header = sheet, None
        first = cell_text(row[0]) if row else None
        if first and "告示日付" in "".join(first.split()):
            # The .xls spaces its headers out ("日 本 語 表 記", "別　称・旧　称").
            header = [
                unicodedata.normalize("NFKC", "".join((cell_text(c) or "").split())) for c in row
            ]
            _check_header(path, f"sheet {sheet!r} row {n}", header)
            headers += 1
            continue
        if header is None or not any(cell_text(c) for c in row):
            continue
        cells = {h: cell_text(v) for h, v in zip(header, row, strict=False) if h}
        notice = cells.get("告示番号")
        if not notice:
            continue
        notice = notice.removesuffix(".0")
        record = f"{sheet.split('.', 1)[0]}/{notice}"
        if record in notices:
            record = f"{record}@{n}"
        notices.add(record)
        yield _Entry(sheet, n, record, notice, cells, row[0])
    if not headers:
        raise LoadError(path, None, "not a Japan MOF asset-freeze list: no sheet has a header "
                        "row starting 告示日付")  # fmt: skip


def _check_header(path: Path, where: str, header: list[str]) -> None:
    """A sheet's header names the notice number and a name column."""
    missing = [c for c in ("告示番号",) if c not in header]
    if not any(h in header for h in ("英語表記", "日本語表記")):
        missing.append("英語表記 or 日本語表記")
    if missing:
        raise LoadError(path, where, "header without " + ", ".join(missing))


def _names(e: _Entry) -> list[str]:
    """The names of the English column, else the Japanese; a placeholder (不明) is none."""
    from sanctiongraph.graph.placeholders import meaningless

    for column in ("英語表記", "日本語表記"):
        names = [n for n in _parts(e.cells.get(column)) if meaningless(n) is None]
        if names:
            return names
    return []


def records(path: Path, source_id: str) -> Iterator[Node | Rel]:
    """Entries whose names the ministry has blanked (deleted ones, mostly): still
    listings in Japan's history, issued and withdrawn, with no target to name."""
    prov = cite(source_id)
    authority = AUTHORITIES["jp"]
    emitted = False
    for e in _entries(path):
        if _names(e):
            continue
        history = _dates(e.dates, path, e.where)
        if not history or history[0][0] is None:
            raise LoadError(path, e.where, f"no date in 告示日付: {e.dates!r}")
        if not emitted:
            emitted = True
            yield node(
                "Authority",
                "authority:jp",
                {"name": authority.name, "kind": authority.kind, "short": "jp"},
                prov,
            )
        deleted = next((d for d, mark, _ in reversed(history) if mark == "削除"), None)
        marked = any(mark == "削除" for _, mark, _ in history)
        programme = _programme(e.sheet)
        rprov = cite(source_id, e.record)
        lid = key("listing", "jp", "mof-notice", e.record)
        yield node(
            "Listing",
            lid,
            {
                "name": f"Japan: {programme} notice {e.notice} (name withheld)",
                "programme": programme,
                "reference": e.notice,
                "listed_on": history[0][0],
                "status": "delisted" if marked else "listed",
                "delisted_on": deleted,
            },
            rprov,
        )
        yield rel("ISSUED", "authority:jp", lid, rprov)


def targets(path: Path) -> Iterator[Target]:
    for e in _entries(path):
        cells, where = e.cells, e.where
        names = _names(e)
        if not names:
            continue  # see records(): a listing without a target
        t = Target(
            record=e.record,
            kind=_row_kind(e.sheet, cells),
            name=names[0],
            line=e.row,
            notes=cells.get("その他の情報"),
        )
        t.name_local = cells.get("日本語表記")
        t.add_id("jp_notice", e.notice)
        for alias in names[1:]:
            t.add_alias(alias)
        for h, v in cells.items():
            if any(k in h for k in ("別名", "別称", "旧称")) and "確定に十分でない" not in h:
                for alias in _parts(v):
                    t.add_alias(alias)
            if v and "国連参照番号" in h:
                for m in _UN_REF.finditer(v):
                    t.add_id("un_ref", m.group(1))
            if v and "その他" in h:
                for ref in cited_un_references(v):
                    t.add_id("un_ref_cited", ref)
            if v and "生年月日" in h:
                for date in birth_dates(v):
                    t.add_birth_date(date)
            if v and any(k in h for k in _PASSPORT_HEADERS):
                for number in document_numbers(v):
                    t.add_id("passport", number)
            if v and any(k in h for k in _NATIONAL_ID_HEADERS):
                for number in document_numbers(v):
                    t.add_id("national_id", number)
            if v:
                for m in _IMO.finditer(v):
                    t.add_id("imo", m.group(1))
        t.country = cells.get("国籍")
        t.add_nationality(cells.get("国籍"))
        place = next((v for h, v in cells.items() if v and ("所在地" in h or "住所" in h)), None)
        for part in _parts(place):
            code = country_in_text(part)
            t.addresses.append(
                Address(text=part, country=code, named_branch="支店" in part or "支社" in part)
            )
        history = _dates(e.dates, path, where)
        if not history or history[0][0] is None:
            raise LoadError(path, where, f"no date in 告示日付: {cell_text(e.dates)!r}")
        deleted = [d or raw for d, mark, raw in history if mark == "削除"]
        revised = [d or raw for d, mark, raw in history if mark == "改訂"]
        if revised:
            t.notes = "; ".join(filter(None, [t.notes, "revised " + ", ".join(revised)]))
        delisted_on = next((d for d, mark, _ in reversed(history) if mark == "削除" and d), None)
        t.listings.append(
            ListingFact(
                "jp",
                _programme(e.sheet),
                reference=e.notice,
                listed_on=history[0][0],
                status="delisted" if deleted else "listed",
                delisted_on=delisted_on,
            )
        )
        yield t
