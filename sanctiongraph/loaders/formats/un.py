"""UN Security Council Consolidated List XML (``CONSOLIDATED_LIST``).

https://scsanctions.un.org/resources/xml/en/consolidated.xml: INDIVIDUAL and
ENTITY records with REFERENCE_NUMBER (e.g. ``KPe.001``), UN_LIST_TYPE (the
sanctions regime, here the programme), LISTED_ON, aliases and addresses.

Evidence: INDIVIDUAL_DATE_OF_BIRTH (TYPE_OF_DATE EXACT with DATE or YEAR,
APPROXIMATELY with a YEAR: the year as given, BETWEEN with FROM_YEAR and
TO_YEAR: each year, see ``loaders.dates.year_range``), every NATIONALITY VALUE
(nationalities), INDIVIDUAL_DOCUMENT (Passport → ``passport``, National
Identification Number → ``national_id``; the number as given, normalised).
The entry's own REFERENCE_NUMBER is ``un_ref``. Each DESIGNATION VALUE is one of a
person's posts (``positions``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.dates import birth_dates, parse_date, year_range
from sanctiongraph.loaders.target import (
    Address,
    ListingFact,
    SourceInfo,
    Target,
    document_numbers,
)
from sanctiongraph.loaders.xmlsafe import children, first_text, iter_records, text

ROOTS = {"CONSOLIDATED_LIST"}


def source(path: Path) -> SourceInfo:
    attrs, _ = first_text(path, ROOTS, "DATAID")
    date = (attrs.get("dateGenerated") or "")[:10] or None
    return SourceInfo(
        id=f"unsc-consolidated-{date or path.stem}".lower(),
        undated_tail=None if date else path.stem.lower(),
        name=f"UN Security Council Consolidated List ({date or 'undated'})",
        publisher="United Nations Security Council",
        title="Consolidated United Nations Security Council Sanctions List",
        file=path.name,
        list_date=date,
        url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        licence="United Nations publication",
    )


def _document_scheme(kind: str | None) -> str | None:
    """``passport`` or ``national_id`` for the UN's document types (in any of its languages)."""
    low = (kind or "").lower()
    if "pass" in low or "pasa" in low:
        return "passport"
    if "identi" in low:
        return "national_id"
    return None


def _dates_of_birth(el: etree._Element) -> list[str]:
    out: list[str] = []
    for dob in children(el, "INDIVIDUAL_DATE_OF_BIRTH"):
        start, end = text(dob, "FROM_YEAR"), text(dob, "TO_YEAR")
        if start and end and start.isdigit() and end.isdigit():
            out += year_range(int(start), int(end))
        for tag in ("DATE", "YEAR"):
            out += birth_dates(text(dob, tag) or "")
    return out


def targets(path: Path) -> Iterator[Target]:
    for el in iter_records(path, ROOTS, {"INDIVIDUAL", "ENTITY"}):
        person = el.tag == "INDIVIDUAL"
        ref = text(el, "REFERENCE_NUMBER")
        dataid = text(el, "DATAID")
        record = dataid or ref
        if not record:
            raise LoadError(path, f"line {el.sourceline}", f"{el.tag} without DATAID")
        parts = [text(el, p) for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        name = " ".join(p for p in parts if p)
        t = Target(
            record=record,
            kind="person" if person else "organization",
            name=name,
            line=el.sourceline,
            notes=text(el, "COMMENTS1"),
        )
        t.name_local = text(el, "NAME_ORIGINAL_SCRIPT")
        t.add_id("un_ref", ref)
        prefix = "INDIVIDUAL" if person else "ENTITY"
        for alias in children(el, f"{prefix}_ALIAS"):
            t.add_alias(text(alias, "ALIAS_NAME"))
        nationality = children(el, "NATIONALITY")
        if nationality:
            t.country = text(nationality[0], "VALUE")
        for block in nationality:
            for value in children(block, "VALUE"):
                t.add_nationality(value.text)
        for block in children(el, "DESIGNATION"):
            for value in children(block, "VALUE"):
                t.add_position(value.text)
        for date in _dates_of_birth(el):
            t.add_birth_date(date)
        for doc in children(el, "INDIVIDUAL_DOCUMENT"):
            scheme = _document_scheme(text(doc, "TYPE_OF_DOCUMENT"))
            number = text(doc, "NUMBER")
            if scheme and number:
                # NUMBER is sometimes a sentence ("A12345, issued on …"): take its numbers.
                for value in document_numbers(number) or [number]:
                    t.add_id(scheme, value)
        for addr in children(el, f"{prefix}_ADDRESS"):
            fields = [text(addr, f) for f in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
            if any(fields):
                t.addresses.append(
                    Address(
                        text=", ".join(f for f in fields if f),
                        city=fields[1],
                        country=fields[3],
                        named_branch="branch" in (text(addr, "NOTE") or "").lower(),
                    )
                )
        listed = text(el, "LISTED_ON")
        t.listings.append(
            ListingFact(
                authority="unsc",
                programme=text(el, "UN_LIST_TYPE"),
                reference=ref,
                listed_on=parse_date(listed, path, t.where) if listed else None,
            )
        )
        yield t
