"""Japan METI Foreign User List (外国ユーザーリスト), .xlsx.

https://www.meti.go.jp/policy/anpo/law05.html: parties of export-control
concern, one row each: No. (a ``=ROW()-1`` formula, so not an id),
country or region (Japanese, then English), company, also-known-as names one
per line, concern type (B, C, M, N) and conventional weapons (CW). Each row is
a listing by Japan under the programme "METI Foreign User List".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sanctiongraph.graph.countries import country_in_text
from sanctiongraph.graph.records import key
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.sheets import cell_text, iter_rows, sheet_names
from sanctiongraph.loaders.target import Address, ListingFact, SourceInfo, Target

PROGRAMME = "METI Foreign User List"
_FILE_DATE = re.compile(r"(20\d{2})(\d{2})(\d{2})")
_COLUMNS = {
    "country": "国名",
    "company": "企業名",
    "aka": "別名",
    "wmd": "懸念区分",
    "cw": "通常兵器",
}


def source(path: Path) -> SourceInfo:
    sheet_names(path)
    m = _FILE_DATE.search(path.name)
    date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
    return SourceInfo(
        id=f"jp-meti-user-list-{date or path.stem}",
        undated_tail=None if date else path.stem,
        name=f"Japan METI Foreign User List ({date or 'undated'})",
        publisher="Ministry of Economy, Trade and Industry, Japan",
        title=f"外国ユーザーリスト / Foreign User List ({path.name})",
        file=path.name,
        list_date=date,
        url="https://www.meti.go.jp/policy/anpo/law05.html",
        licence="Japanese government publication",
    )


def targets(path: Path) -> Iterator[Target]:
    cols: dict[str, int] | None = None
    seen: dict[str, int] = {}
    for sheet, n, row in iter_rows(path):
        cells = [cell_text(c) or "" for c in row]
        if cols is None:
            found = {
                k: next((i for i, c in enumerate(cells) if label in c), -1)
                for k, label in _COLUMNS.items()
            }
            if found["company"] >= 0 and found["country"] >= 0:
                cols = found
            elif n > 20:
                raise LoadError(path, f"sheet {sheet!r}", "no header with 国名 and 企業名")
            continue
        company = cells[cols["company"]].strip() if cols["company"] < len(cells) else ""
        if not company:
            continue
        country_cell = cells[cols["country"]]
        lines = [x.strip() for x in country_cell.splitlines() if x.strip()]
        base = key("r", lines[-1] if lines else "", company).split(":", 1)[1]
        seen[base] = seen.get(base, 0) + 1
        record = base if seen[base] == 1 else f"{base}-{seen[base]}"
        name_lines = [x.strip() for x in company.splitlines() if x.strip()]
        t = Target(record=record, kind="organization", name=name_lines[0], line=n)
        for extra in name_lines[1:]:
            t.add_alias(extra)
        if cols["aka"] >= 0:
            for alias in cells[cols["aka"]].splitlines():
                t.add_alias(alias.strip(" ・\u3000"))
        code = next((c for c in (country_in_text(x) for x in reversed(lines)) if c), None)
        t.country = code
        if code:
            t.addresses.append(Address(text=lines[-1] if lines else code, country=code))
        concern = " ".join(
            x.splitlines()[-1].strip()
            for x in (
                cells[cols["wmd"]] if cols["wmd"] >= 0 else "",
                cells[cols["cw"]] if cols["cw"] >= 0 else "",
            )
            if x.strip()
        )
        t.notes = f"concern: {concern}" if concern else None
        t.listings.append(ListingFact("jp", PROGRAMME, reference=concern or None))
        yield t
    if cols is None:
        raise LoadError(path, None, "no header with 国名 and 企業名")
