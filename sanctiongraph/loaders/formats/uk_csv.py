"""UK OFSI Consolidated List, legacy CSV (until 2022).

Windows-1252; line 1 ``Last Updated,DD/MM/YYYY``, line 2 the header; one row
per name, rows of one target share a Group ID; Alias Type "Prime Alias"
(2022: "Primary name") is the name, AKA, FKA (2022 also "Primary name
variation") the other names. The 2022 XLSX (``uk_xlsx``) has the same shape
with more columns, so both are read here.

Evidence read from every row of a group: DOB (DD/MM/YYYY, 00 for an unknown
day or month), Nationality (free text, numbered when several), Passport
Details / Passport Number and NI Number / National Identification Number (free
text: the numbers in it), and from Other Information the UN reference the
group cites ("UN Ref KPe.023", "(UN Ref):KPe.023", "UN Reference Number: UN
Ref KPe.64" ...) as ``un_ref_cited``, a ship's IMO and flag. A ship "Listed
as asset of <owner> (OFSI ID: n, UN Ref …)" is linked to that owner (role
``asset_of``); the owner's reference stays the owner's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.dates import birth_dates, column_order, parse_date
from sanctiongraph.loaders.tables import rows
from sanctiongraph.loaders.target import (
    Address,
    Link,
    ListingFact,
    SourceInfo,
    Target,
    cited_un_references,
    document_numbers,
    un_regime,
)

REQUIRED = ("Name 6", "Group Type", "Alias Type", "Regime", "Listed On", "Group ID")
_KINDS = {"individual": "person", "entity": "organization", "ship": "vessel"}
_UK_REF = re.compile(r"\(UK Sanctions List Ref\):\s*([A-Z]{3}\d{4})")
_IMO = re.compile(r"\bIMO(?:\s*(?:number|no\.?))?\)?\s*[:\s]\s*(\d{7})\b", re.I)
# The names a group's rows give; "Primary name variation" is another spelling.
_PRIMARY = frozenset(("prime alias", "primary name"))
# A ship's owner: "Listed as asset of Korea Samjong Shipping (OFSI ID: 13635, UN
# Reference Number: UN Ref KPe.064)" up to the ship's own "(IMO number)".
_ASSET_OF = re.compile(
    r"Listed as asset of\s+(?P<owner>.+?)(?:\s*[,(\-]\s*|\s+)OFSI ID:?\s*(?P<gid>\d+)"
    r"(?P<rest>[^()]*?\)?)(?=\s*\(IMO|\s*\(Current|$)",
    re.I | re.S,
)
_FLAG = re.compile(r"\(Flag of ship\):\s*([^()]+?)\s*(?:\(|$)", re.I)
_PASSPORT_COLUMNS = ("Passport Number", "Passport Details")
_NATIONAL_ID_COLUMNS = ("National Identification Number", "NI Number")
_DESIGNATED = "UK Sanctions List Date Designated"
_DATE_COLUMNS = frozenset(("DOB", "Listed On", _DESIGNATED))


def last_updated(path: Path, first: Iterable[Any]) -> str:
    cells = [str(c).strip() for c in first if c is not None and str(c).strip()]
    text = " ".join(cells)
    m = re.match(r"^Last Updated\s*:?\s*(.+)$", text, re.I)
    if not m:
        raise LoadError(path, "line 1", "expected a 'Last Updated' line first")
    return parse_date(m.group(1).strip(), path, "line 1", order="dmy")


def uk_source(path: Path, kind: str, date: str) -> SourceInfo:
    return SourceInfo(
        id=f"gb-ofsi-conlist-{kind}-{date}",
        name=f"UK OFSI consolidated list, {kind.upper()} ({date})",
        publisher="HM Treasury, OFSI",
        title=f"Consolidated List of Financial Sanctions Targets ({path.name})",
        file=path.name,
        list_date=date,
        url="https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets",
        licence="Open Government Licence v3.0",
    )


def source(path: Path) -> SourceInfo:
    for _, first in rows(path, "cp1252"):
        return uk_source(path, "csv", last_updated(path, first))
    raise LoadError(path, None, "the file is empty")


def _s(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def group_targets(
    path: Path, header: list[str], body: Iterable[tuple[int, list[Any]]]
) -> Iterator[Target]:
    """Targets from UK rows (dicts by header), one per Group ID, in file order."""
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LoadError(path, "line 2", "missing required columns: " + ", ".join(missing))
    # Each date column is read in the order its own unambiguous values show, not one
    # assumed for the list (measured: every date column of the 2018 CSV and the 2022
    # workbook is day-first, none month-first; see docs/inbox/dates.md).
    body = list(body)
    orders = {
        column: column_order((r[i] for _, r in body if i < len(r)), "dmy")
        for i, column in enumerate(header)
        if column in _DATE_COLUMNS
    }
    # A listing date must be a day: a column whose values show both orders keeps the
    # publisher's documented day-first order for it.
    listed_order = {c: "dmy" if o == "either" else o for c, o in orders.items()}
    groups: dict[str, Target] = {}
    seen_addresses: dict[str, set[str]] = {}
    has_primary: dict[str, bool] = {}
    read_info: dict[str, set[str]] = {}
    for line, raw in body:
        if not any(_s(v) for v in raw):
            continue
        row: Mapping[str, Any] = dict(zip(header, raw, strict=False))
        gid = _s(row.get("Group ID"))
        where = f"line {line}"
        if not gid:
            raise LoadError(path, where, "row without Group ID")
        gid = gid.removesuffix(".0")
        names = [_s(row.get(f"Name {i}")) for i in (1, 2, 3, 4, 5)]
        name = " ".join(n for n in (*names, _s(row.get("Name 6"))) if n)
        t = groups.get(gid)
        if t is None:
            kind = _KINDS.get((_s(row.get("Group Type")) or "").lower())
            if kind is None:
                raise LoadError(path, where, f"unknown Group Type {row.get('Group Type')!r}")
            t = Target(
                record=gid, kind=kind, name=name, line=line, notes=_s(row.get("Other Information"))
            )
            groups[gid] = t
            seen_addresses[gid] = set()
            listed = row.get("Listed On")
            info = t.notes or ""
            ref = _UK_REF.search(info)
            designated = row.get(_DESIGNATED)
            t.listings.append(
                ListingFact(
                    "gb",
                    _s(row.get("Regime")),
                    reference=ref.group(1) if ref else gid,
                    listed_on=parse_date(listed, path, where, order=listed_order["Listed On"])
                    if _s(listed)
                    else None,
                )
            )
            if _s(designated) and ref:
                t.notes = f"{info} UK Sanctions List date designated: " + parse_date(
                    designated, path, where, order=listed_order[_DESIGNATED]
                )
            t.country = _s(row.get("Nationality")) if kind == "person" else None
            t.name_local = _s(row.get("Name Non-Latin Script"))
            has_primary[gid] = False
            read_info[gid] = set()
        if (_s(row.get("Alias Type")) or "").lower() in _PRIMARY and not has_primary[gid]:
            # The first primary-name row names the group, whatever row came first.
            has_primary[gid] = True
            if t.name != name:
                # The earlier row's name becomes an alias (after the swap: add_alias
                # refuses the current name).
                earlier, t.name = t.name, name
                t.add_alias(earlier)
        else:
            t.add_alias(name)
        _evidence(t, row, read_info[gid], orders.get("DOB", "dmy"))
        lines = [_s(row.get(f"Address {i}")) for i in range(1, 7)]
        country = _s(row.get("Country"))
        parts = [p for p in (*lines, _s(row.get("Post/Zip Code")), country) if p]
        text = ", ".join(parts)
        if parts and text not in seen_addresses[gid]:
            seen_addresses[gid].add(text)
            t.addresses.append(
                Address(
                    text=text,
                    city=next((p for p in reversed(lines) if p), None),
                    country=country,
                    named_branch="branch" in text.lower(),
                )
            )
    yield from groups.values()


def _evidence(t: Target, row: Mapping[str, Any], read_info: set[str], dob_order: str) -> None:
    """Birth dates, nationalities, documents and cited references of one row."""
    for date in birth_dates(_s(row.get("DOB")) or "", order=dob_order):
        t.add_birth_date(date)
    if t.kind == "person":
        t.add_nationality(_s(row.get("Nationality")))
        t.add_position(_s(row.get("Position")))
    for scheme, columns in (("passport", _PASSPORT_COLUMNS), ("national_id", _NATIONAL_ID_COLUMNS)):
        for column in columns:
            for number in document_numbers(_s(row.get(column))):
                t.add_id(scheme, number)
    info = _s(row.get("Other Information"))
    if not info or info in read_info:
        return
    read_info.add(info)
    owner = _ASSET_OF.search(info)
    own = info
    if owner:
        # The owner's identifiers are the owner's: the ship is linked, not given them.
        own = info[: owner.start()] + info[owner.end() :]
        t.links.append(Link("asset_of", "#" + owner.group("gid")))
    regime = un_regime(t.listings[0].programme if t.listings else None)
    for ref in cited_un_references(own, regime, t.kind):
        t.add_id("un_ref_cited", ref)
    for m in _IMO.finditer(own):
        t.add_id("imo", m.group(1))
    if t.kind == "vessel":
        for m in _FLAG.finditer(own):
            t.add_nationality(m.group(1))


def targets(path: Path) -> Iterator[Target]:
    it = rows(path, "cp1252")
    if next(it, None) is None:
        raise LoadError(path, None, "the file is empty")
    head = next(it, None)
    if head is None:
        raise LoadError(path, None, "no header line")
    yield from group_targets(path, [h.strip() for h in head[1]], it)
