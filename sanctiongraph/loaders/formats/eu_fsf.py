"""EU Financial Sanctions Files XML (``export``, FSF 1.1).

https://webgate.ec.europa.eu/fsd/fsf: one ``sanctionEntity`` per party with
euReferenceNumber, designationDate, the regulation (its ``programme`` code,
e.g. PRK), nameAlias elements (wholeName), addresses, citizenships and
identifications (SWIFT/BIC, IMO).

Evidence: ``birthdate`` elements (``birthdate`` when the day is known, else
``year`` with ``monthOfYear``/``dayOfMonth`` where given, or ``yearRangeFrom``
/``yearRangeTo``: each year; ``circa="true"`` keeps the year as given),
``citizenship`` (nationalities; code ``00`` is "unknown"), ``identification``
by ``identificationTypeCode`` (:data:`_IDS`), and UN references the remark
cites after a "UN Ref" label (``un_ref_cited``; the entry's own reference is
the ``unitedNationId`` attribute, ``un_ref``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.dates import parse_date, partial_date, year_range
from sanctiongraph.loaders.target import (
    Address,
    ListingFact,
    SourceInfo,
    Target,
    cited_un_references,
)
from sanctiongraph.loaders.xmlsafe import children, first_text, iter_records, text

ROOTS = {"export"}
# The file repeats an entity (same logicalId) once per regulation that lists it.
REPEATED_RECORDS = True
_KINDS = {"person": "person", "enterprise": "organization", "vessel": "vessel"}
_IDS = {
    "swiftbic": "swift_bic",
    "imo": "imo",
    "passport": "passport",
    "travelcardid": "passport",
    "id": "national_id",
    "ssn": "national_id",
    "regnumber": "registration",
    "fiscalcode": "tax_id",
    "other": "other",
}
_UN_REF = re.compile(r"^[A-Z]{2}[ei]\.\d+$")


def source(path: Path) -> SourceInfo:
    attrs, _ = first_text(path, ROOTS, "sanctionEntity")
    date = (attrs.get("generationDate") or "")[:10] or None
    return SourceInfo(
        id=f"eu-fsf-{date or path.stem}".lower(),
        undated_tail=None if date else path.stem.lower(),
        name=f"EU Financial Sanctions Files ({date or 'undated'})",
        publisher="European Commission, DG FISMA",
        title=f"Consolidated list of persons, groups and entities subject to EU financial "
        f"sanctions ({path.name})",
        file=path.name,
        list_date=date,
        url="https://webgate.ec.europa.eu/fsd/fsf",
        licence="European Union publication",
    )


def _attr(el: etree._Element, name: str) -> str | None:
    value = " ".join((el.get(name) or "").split())
    return value or None


def _birth_dates(el: etree._Element) -> list[str]:
    out: list[str] = []
    for b in children(el, "birthdate"):
        full, year = _attr(b, "birthdate"), _attr(b, "year")
        start, end = _attr(b, "yearRangeFrom"), _attr(b, "yearRangeTo")
        if full:
            out.append(full[:10])
        elif year and year.isdigit():
            month, day = _attr(b, "monthOfYear") or "0", _attr(b, "dayOfMonth") or "0"
            out.append(
                partial_date(int(year), int(month) if month.isdigit() else 0,
                             int(day) if day.isdigit() else 0)
            )  # fmt: skip
        elif start and end and start.isdigit() and end.isdigit():
            out += year_range(int(start), int(end))
    return out


def targets(path: Path) -> Iterator[Target]:
    for el in iter_records(path, ROOTS, {"sanctionEntity"}):
        where = f"line {el.sourceline}"
        logical = _attr(el, "logicalId")
        if not logical:
            raise LoadError(path, where, "sanctionEntity without logicalId")
        subject = children(el, "subjectType")
        code = _attr(subject[0], "code") if subject else None
        aliases = children(el, "nameAlias")
        # Strong English names first: the first of them is the name.
        aliases.sort(key=lambda a: (a.get("strong") != "true", a.get("regulationLanguage") != "en"))
        names = [n for n in (_attr(a, "wholeName") for a in aliases) if n]
        if not names:
            raise LoadError(path, where, f"sanctionEntity {logical} has no name")
        t = Target(
            record=logical,
            kind=_KINDS.get(code or "", "organization"),
            name=names[0],
            line=el.sourceline,
            notes=text(el, "remark"),
        )
        for n in names[1:]:
            t.add_alias(n)
        un = _attr(el, "unitedNationId")
        if un and _UN_REF.match(un):
            t.add_id("un_ref", un)
        for ident in children(el, "identification"):
            scheme = _IDS.get(_attr(ident, "identificationTypeCode") or "")
            if scheme:
                t.add_id(scheme, _attr(ident, "number"))
        for c in children(el, "citizenship"):
            code = _attr(c, "countryIso2Code")
            if code and code != "00":
                t.country = t.country or code
                t.add_nationality(code)
        for date in _birth_dates(el):
            t.add_birth_date(date)
        for ref in cited_un_references(t.notes):
            t.add_id("un_ref_cited", ref)
        for a in children(el, "address"):
            fields = [_attr(a, f) for f in ("street", "poBox", "zipCode", "city", "region")]
            country = _attr(a, "countryIso2Code")
            parts = [p for p in (*fields, _attr(a, "countryDescription")) if p]
            if parts:
                t.addresses.append(
                    Address(
                        text=", ".join(parts),
                        city=fields[3],
                        country=country,
                        ref=_attr(a, "logicalId"),
                        named_branch="branch" in (fields[0] or "").lower(),
                    )
                )
        designated = _attr(el, "designationDate")
        reference = _attr(el, "euReferenceNumber")
        for reg in children(el, "regulation")[:1]:
            t.listings.append(
                ListingFact(
                    "eu",
                    _attr(reg, "programme"),
                    reference=reference,
                    listed_on=parse_date(designated, path, where) if designated else None,
                )
            )
        yield t
