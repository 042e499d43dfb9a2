"""OFAC advanced XML (``Sanctions``, schema sdn_advanced.xsd): sdn_advanced.xml
and cons_advanced.xml.

Everything is a reference: ReferenceValueSets name the ids (party types,
features, lists, countries, document types), Locations hold addresses,
IDRegDocuments the IMO numbers, ProfileRelationships the links, and
SanctionsEntries the listings with their programmes and dates. A first pass
reads those (small); the second streams DistinctParty records.

Evidence: Birthdate and Organization Established Date features (a DatePeriod:
a whole year, month or day, or a range of years; see :func:`period_dates`),
Nationality and Citizenship Country features (nationalities), Vessel Flag (a
ship's flag), every IDRegDocument type OFAC names (schemes as in the CSV:
``ofac_csv.OFAC_ID_TYPES``), and UN references cited in the party's comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.dates import partial_date, year_range
from sanctiongraph.loaders.formats.ofac_csv import add_ofac_id
from sanctiongraph.loaders.target import (
    Address,
    Link,
    ListingFact,
    SourceInfo,
    Target,
    cited_un_references,
)
from sanctiongraph.loaders.xmlsafe import children, first_text, iter_records, local, text

ROOTS = {"Sanctions"}
_VALUES = {
    "PartySubType",
    "PartyType",
    "FeatureType",
    "List",
    "Country",
    "AreaCode",
    "LocPartType",
    "IDRegDocType",
    "RelationType",
    "SanctionsType",
    "SanctionsProgram",
}
_REFS = {"Location", "IDRegDocument", "ProfileRelationship", "SanctionsEntry"}


def source(path: Path) -> SourceInfo:
    _, issued = first_text(path, ROOTS, "DateOfIssue")
    date = None
    if issued is None:
        # DateOfIssue holds Year/Month/Day children; read them on the way.
        for el in iter_records(path, ROOTS, {"DateOfIssue"}):
            y, m, d = text(el, "Year"), text(el, "Month"), text(el, "Day")
            if y and m and d:
                date = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
            break
    cons = "cons" in path.name.lower()
    what = "Consolidated (non-SDN) list" if cons else "SDN list"
    return SourceInfo(
        id=f"us-ofac-{'cons' if cons else 'sdn'}-advanced-{date or path.stem}".lower(),
        undated_tail=None if date else path.stem.lower(),
        name=f"OFAC {what}, advanced XML ({date or 'undated'})",
        publisher="US Treasury, OFAC",
        title=f"OFAC {what} ({path.name})",
        file=path.name,
        list_date=date,
        url="https://sanctionslist.ofac.treas.gov/",
        licence="US government work",
    )


@dataclass
class _Refs:
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    attrs: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    locations: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)
    # Every part of a location, whatever its type (nationality locations use
    # part types the address line leaves out).
    location_text: dict[str, str] = field(default_factory=dict)
    documents: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    relations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    entries: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)

    def name(self, kind: str, id_: str | None) -> str:
        return self.values.get((kind, id_ or ""), "")


def _date(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    y, m, d = text(el, "Year"), text(el, "Month"), text(el, "Day")
    if not (y and m and d):
        return None
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def _ymd(el: etree._Element | None) -> tuple[int, int, int] | None:
    if el is None:
        return None
    y, m, d = text(el, "Year"), text(el, "Month"), text(el, "Day")
    if not y:
        return None
    return int(y), int(m or 0), int(d or 0)


def period_dates(period: etree._Element) -> list[str]:
    """The dates a DatePeriod states, at the precision it states them.

    A period from 1 January to 31 December of one year is that year; from the
    first to the last day of a month, that month; one day, that day; a span
    of years, each year in it (``loaders.dates.year_range``).
    """
    start = _ymd(period.find("{*}Start/{*}From"))
    end = _ymd(period.find("{*}End/{*}To")) or start
    if start is None or end is None:
        return []
    if start == end:
        return [partial_date(*start)]
    if start[0] != end[0]:
        return year_range(start[0], end[0])
    if start[1:] == (1, 1) and end[1:] == (12, 31):
        return [f"{start[0]:04d}"]
    if start[1] == end[1] and start[2] == 1:
        return [partial_date(start[0], start[1])]
    return [f"{start[0]:04d}"]


_DATE_FEATURES = ("Birthdate", "Organization Established Date")
_NATIONALITY_FEATURES = ("Nationality Country", "Citizenship Country")


def _first_pass(path: Path) -> _Refs:
    refs = _Refs()
    for el in iter_records(path, ROOTS, _VALUES | _REFS):
        tag = local(el.tag)
        if tag in _VALUES:
            refs.values[(tag, el.get("ID") or "")] = (el.text or "").strip()
            refs.attrs[(tag, el.get("ID") or "")] = {k: str(v) for k, v in el.attrib.items()}
        elif tag == "Location":
            parts: dict[str, str] = {}
            for part in children(el, "LocationPart"):
                kind = refs.name("LocPartType", part.get("LocPartTypeID"))
                value = text(part, "LocationPartValue", "Value")
                if value:
                    parts[kind] = value
            country_el = children(el, "LocationCountry")
            cid = country_el[0].get("CountryID") if country_el else None
            iso = refs.attrs.get(("Country", cid or ""), {}).get("ISO2")
            cname = refs.name("Country", cid)
            order = [
                "ADDRESS1",
                "ADDRESS2",
                "ADDRESS3",
                "CITY",
                "STATE/PROVINCE",
                "POSTAL CODE",
                "REGION",
            ]
            line = ", ".join([parts[k] for k in order if k in parts] + ([cname] if cname else []))
            refs.locations[el.get("ID") or ""] = (line, parts.get("CITY"), iso or cname or None)
            refs.location_text[el.get("ID") or ""] = ", ".join([*parts.values(), cname])
        elif tag == "IDRegDocument":
            kind = refs.name("IDRegDocType", el.get("IDRegDocTypeID"))
            number = text(el, "IDRegistrationNo")
            if number:
                issuer = refs.name("Country", el.get("IssuedBy-CountryID")) or None
                refs.documents.setdefault(el.get("IdentityID") or "", []).append(
                    (kind, number, issuer)
                )
        elif tag == "ProfileRelationship":
            refs.relations.setdefault(el.get("From-ProfileID") or "", []).append(
                (
                    refs.name("RelationType", el.get("RelationTypeID")) or "related",
                    el.get("To-ProfileID") or "",
                )
            )
        elif tag == "SanctionsEntry":
            events = children(el, "EntryEvent")
            listed = _date(events[0].find("{*}Date")) if events else None
            programmes = [
                text(m, "Comment")
                for m in children(el, "SanctionsMeasure")
                if refs.name("SanctionsType", m.get("SanctionsTypeID")) == "Program"
            ]
            lst = refs.name("List", el.get("ListID"))
            for prog in [p for p in programmes if p] or [lst]:
                refs.entries.setdefault(el.get("ProfileID") or "", []).append((prog, listed, lst))
    return refs


def _names(identity: etree._Element) -> list[tuple[bool, str]]:
    out = []
    for alias in children(identity, "Alias"):
        primary = alias.get("Primary") == "true"
        for doc in children(alias, "DocumentedName"):
            parts = [
                v.text.strip()
                for part in children(doc, "DocumentedNamePart")
                for v in children(part, "NamePartValue")
                if v.text and v.text.strip()
            ]
            if parts:
                out.append(
                    (primary, " ".join(reversed(parts)) if len(parts) == 2 else " ".join(parts))
                )
    return out


def targets(path: Path) -> Iterator[Target]:
    refs = _first_pass(path)
    for el in iter_records(path, ROOTS, {"DistinctParty"}):
        fixed = el.get("FixedRef")
        profiles = children(el, "Profile")
        if not fixed or not profiles:
            raise LoadError(path, f"line {el.sourceline}", "DistinctParty without FixedRef/Profile")
        profile = profiles[0]
        pid = profile.get("ID") or fixed
        sub = profile.get("PartySubTypeID") or ""
        sub_name = refs.name("PartySubType", sub).lower()
        party = refs.name("PartyType", refs.attrs.get(("PartySubType", sub), {}).get("PartyTypeID"))
        kind = (
            sub_name
            if sub_name in ("vessel", "aircraft")
            else "person"
            if party.lower() == "individual"
            else "organization"
        )
        names: list[tuple[bool, str]] = []
        identities = children(profile, "Identity")
        for identity in identities:
            names += _names(identity)
        if not names:
            raise LoadError(path, f"line {el.sourceline}", f"DistinctParty {fixed} has no name")
        names.sort(key=lambda n: not n[0])
        t = Target(
            record=fixed, kind=kind, name=names[0][1], line=el.sourceline, notes=text(el, "Comment")
        )
        t.add_id("ofac_ent_num", fixed)
        for ref in cited_un_references(t.notes):
            t.add_id("un_ref_cited", ref)
        for _, n in names[1:]:
            t.add_alias(n)
        for identity in identities:
            for doc_kind, number, issuer in refs.documents.get(identity.get("ID") or "", []):
                if "IMO" in doc_kind or doc_kind == "Vessel Registration Identification":
                    t.add_id("imo", number.removeprefix("IMO").strip())
                elif "SWIFT" in doc_kind:
                    t.add_id("swift_bic", number)
                else:
                    add_ofac_id(t, doc_kind, number, issuer)
        for feature in children(profile, "Feature"):
            ftype = refs.name("FeatureType", feature.get("FeatureTypeID"))
            for version in children(feature, "FeatureVersion"):
                detail = text(version, "VersionDetail")
                if ftype in _DATE_FEATURES:
                    for period in children(version, "DatePeriod"):
                        for date in period_dates(period):
                            t.add_birth_date(date)
                for vl in children(version, "VersionLocation"):
                    loc = refs.locations.get(vl.get("LocationID") or "")
                    if loc is None:
                        continue
                    if ftype == "Location":
                        line, city, country = loc
                        if line:
                            t.addresses.append(
                                Address(
                                    text=line,
                                    city=city,
                                    country=country,
                                    ref=vl.get("LocationID"),
                                    named_branch="branch" in line.lower(),
                                )
                            )
                    elif ftype in _NATIONALITY_FEATURES:
                        # Nationality locations name the country as a location part, not
                        # always as LocationCountry.
                        named = loc[2] or refs.location_text.get(vl.get("LocationID") or "")
                        t.country = t.country or named or None
                        t.add_nationality(named)
                if ftype == "SWIFT/BIC" and detail:
                    t.add_id("swift_bic", detail)
                if ftype.startswith("Vessel Flag") and detail:
                    t.country = t.country or detail
                    t.add_nationality(detail)
        # A party on two OFAC lists under one programme is one US listing: the
        # earliest entry date is when the US first listed it.
        earliest: dict[str, tuple[str | None, str | None]] = {}
        for prog, listed, lst in refs.entries.get(pid, []):
            prev = earliest.get(prog)
            if prev is None or (listed and (prev[0] is None or listed < prev[0])):
                earliest[prog] = (listed, lst)
        for prog, (listed, lst) in earliest.items():
            t.listings.append(
                ListingFact("us", prog, reference=f"{lst or ''} {fixed}".strip(), listed_on=listed)
            )
        for role, other in refs.relations.get(pid, []):
            t.links.append(Link(role.lower().replace(" ", "_"), "#" + other))
        yield t
