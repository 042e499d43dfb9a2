"""OFAC legacy XML (``sdnList``): sdn.xml and the consolidated (non-SDN) list.

One ``sdnEntry`` per party: uid, names, sdnType, programList, akaList,
addressList, idList (IMO and SWIFT/BIC among the ids), nationality and
citizenship; ``publshInformation/Publish_Date`` (MM/DD/YYYY) dates the list.

Evidence: ``dateOfBirthList`` (``10 Dec 1948``, ``1962``, ``circa 1951``,
``1955 to 1958``: see ``loaders.dates.birth_dates``; ``Organization Established
Date`` ids for organisations), ``nationalityList`` and ``citizenshipList``
(nationalities), ``idList`` (every OFAC identification type, mapped as in the
CSV remarks by ``ofac_csv.OFAC_ID_TYPES``; ``Nationality of Registration`` and
``Vessel Flag`` give a vessel's flag), and UN references cited in remarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.dates import birth_dates, parse_date
from sanctiongraph.loaders.formats.ofac_csv import add_ofac_id
from sanctiongraph.loaders.target import (
    Address,
    ListingFact,
    SourceInfo,
    Target,
    cited_un_references,
)
from sanctiongraph.loaders.xmlsafe import children, first_text, iter_records, text

ROOTS = {"sdnList"}
_KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_FLAGS = ("Vessel Flag", "Nationality of Registration")


def source(path: Path) -> SourceInfo:
    _, published = first_text(path, ROOTS, "Publish_Date")
    date = parse_date(published, path, "Publish_Date", order="mdy") if published else None
    consolidated = "cons" in path.name.lower()
    what = "Consolidated (non-SDN) list" if consolidated else "SDN list"
    return SourceInfo(
        id=f"us-ofac-{'cons' if consolidated else 'sdn'}-xml-{date or path.stem}".lower(),
        undated_tail=None if date else path.stem.lower(),
        name=f"OFAC {what}, XML ({date or 'undated'})",
        publisher="US Treasury, OFAC",
        title=f"OFAC {what} ({path.name})",
        file=path.name,
        list_date=date,
        url="https://sanctionslist.ofac.treas.gov/",
        licence="US government work",
    )


def _name(el: etree._Element) -> str:
    return " ".join(p for p in (text(el, "firstName"), text(el, "lastName")) if p)


def targets(path: Path) -> Iterator[Target]:
    for el in iter_records(path, ROOTS, {"sdnEntry"}):
        uid = text(el, "uid")
        if not uid:
            raise LoadError(path, f"line {el.sourceline}", "sdnEntry without uid")
        kind = _KINDS.get((text(el, "sdnType") or "").lower(), "organization")
        t = Target(
            record=uid, kind=kind, name=_name(el), line=el.sourceline, notes=text(el, "remarks")
        )
        t.add_id("ofac_ent_num", uid)
        if kind == "person":
            t.add_position(text(el, "title"))
        for aka_list in children(el, "akaList"):
            for aka in children(aka_list, "aka"):
                t.add_alias(_name(aka))
        for id_list in children(el, "idList"):
            for item in children(id_list, "id"):
                label, number = text(item, "idType") or "", text(item, "idNumber")
                if label == "Organization Established Date":
                    for date in birth_dates(number or "", order="dmy"):
                        t.add_birth_date(date)
                elif label.startswith(_FLAGS) and kind == "vessel":
                    t.add_nationality(number or text(item, "idCountry"))
                else:
                    add_ofac_id(t, label, number, text(item, "idCountry"))
        for lst in children(el, "dateOfBirthList"):
            for item in children(lst, "dateOfBirthItem"):
                for date in birth_dates(text(item, "dateOfBirth") or "", order="dmy"):
                    t.add_birth_date(date)
        for tag, inner in (("nationalityList", "nationality"), ("citizenshipList", "citizenship")):
            for lst in children(el, tag):
                for item in children(lst, inner):
                    t.country = t.country or text(item, "country")
                    t.add_nationality(text(item, "country"))
        for ref in cited_un_references(t.notes):
            t.add_id("un_ref_cited", ref)
        for lst in children(el, "addressList"):
            for a in children(lst, "address"):
                lines = [text(a, f) for f in ("address1", "address2", "address3")]
                city, country = text(a, "city"), text(a, "country")
                parts = [
                    p
                    for p in (
                        *lines,
                        city,
                        text(a, "stateOrProvince"),
                        text(a, "postalCode"),
                        country,
                    )
                    if p
                ]
                if parts:
                    t.addresses.append(
                        Address(
                            text=", ".join(parts),
                            city=city,
                            country=country,
                            ref=text(a, "uid"),
                            named_branch="branch" in " ".join(p for p in lines if p).lower(),
                        )
                    )
        for lst in children(el, "programList"):
            for prog in children(lst, "program"):
                if prog.text and prog.text.strip():
                    t.listings.append(ListingFact("us", prog.text.strip(), reference=uid))
        yield t
