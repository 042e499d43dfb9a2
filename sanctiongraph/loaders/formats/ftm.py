"""FollowTheMoney entities as JSON lines (OpenSanctions exports, ``ftm`` tools).

Things (Person, Organization, Company, LegalEntity, PublicBody, Vessel,
Airplane) become targets; Sanction entities become their listings (authority
from the sanction's country or authority, else from the dataset); Address
entities their addresses; Ownership, Directorship, UnknownLink, Family,
Associate and Membership relationships between them. The file is read twice,
so only the small linking entities are held in memory.

Evidence: birthDate (persons) and incorporationDate (organisations), as the
partial ISO dates FtM writes; nationality and citizenship (persons) or flag
(vessels) as nationalities; the identifier properties in :data:`ID_PROPS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from sanctiongraph.graph.records import key
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.dates import parse_date
from sanctiongraph.loaders.limits import current, over
from sanctiongraph.loaders.target import (
    UNNAMED_AUTHORITY,
    Address,
    Link,
    ListingFact,
    SourceInfo,
    Target,
)

_KINDS = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
# FollowTheMoney identifier properties → identifier schemes (loaders.target.ID_SCHEMES);
# also the columns of files written in FollowTheMoney's terms (the EU journal CSV).
FTM_IDENTIFIERS = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "taxNumber": "tax_id",
    "vatCode": "tax_id",
    "registrationNumber": "registration",
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "kppCode": "kpp",
    "okpoCode": "okpo",
    "leiCode": "lei",
    "mmsi": "mmsi",
}
# In a FollowTheMoney export the UN reference is the party's own.
ID_PROPS = {**FTM_IDENTIFIERS, "unscId": "un_ref"}
# Interval schemata and the properties naming their two ends.
_LINKS = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "UnknownLink": ("subject", "object"),
    "Family": ("person", "relative"),
    "Associate": ("person", "associate"),
    "Membership": ("member", "organization"),
}
# OpenSanctions dataset name prefixes → authority, for entities without Sanction records.
_DATASETS = {"us_ofac": "us", "un_sc": "unsc", "eu_": "eu", "gb_": "gb", "jp_": "jp"}
_AUTHORITY_WORDS = {"security council": "unsc", "european union": "eu", "council of the eu": "eu"}


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        fh = path.open("rb")
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror}") from None
    limit = current().max_record_bytes
    with fh:
        empty = True
        n = 0
        while raw := fh.readline(limit + 1):  # an endless line is refused, never held
            n += 1
            if len(raw) > limit:
                raise over(path, f"line {n}", "bytes of one line", len(raw), "max_record_bytes",
                           limit, more=True)  # fmt: skip
            if not raw.strip():
                continue
            empty = False
            try:
                doc = orjson.loads(raw)
            except orjson.JSONDecodeError as err:
                raise LoadError(path, f"line {n}", f"not JSON: {err}") from None
            if not isinstance(doc, dict) or not isinstance(doc.get("schema"), str):
                raise LoadError(path, f"line {n}", "not a FollowTheMoney entity (no schema)")
            if not isinstance(doc.get("properties", {}), dict):
                raise LoadError(path, f"line {n}", "properties must be an object")
            _check_values(path, n, doc.get("properties") or {})
            yield n, doc
        if empty:
            raise LoadError(path, None, "the file is empty")


_KIND_OF = {list: "a list", dict: "an object", bool: "true or false", int: "a number",
            float: "a number", type(None): "null"}  # fmt: skip


def _check_values(path: Path, n: int, props: dict[str, Any]) -> None:
    """FollowTheMoney values are lists of strings (a lone string is taken as one): a
    nested list, an object, a number or a null is refused at its line, never stored
    as its Python form."""
    for prop, values in props.items():
        if values is None or isinstance(values, str):
            continue
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, str):
                kind = _KIND_OF.get(type(value), type(value).__name__)
                raise LoadError(path, f"line {n}", f"property {prop[:60]!r} holds {kind}, not a "
                                "string (FollowTheMoney values are lists of strings)")  # fmt: skip


def _one(doc: dict[str, Any], *props: str) -> str | None:
    """The first value of the first of ``props`` that has one."""
    for prop in props:
        values = _p(doc, prop)
        if values:
            return values[0]
    return None


def _p(doc: dict[str, Any], prop: str) -> list[str]:
    values = doc.get("properties", {}).get(prop) or []
    if not isinstance(values, list):
        values = [values]
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def source(path: Path) -> SourceInfo:
    datasets: set[str] = set()
    latest = ""
    for _, doc in _lines(path):
        datasets.update(str(d) for d in doc.get("datasets") or [])
        latest = max(latest, str(doc.get("last_change") or doc.get("last_seen") or ""))
        if len(datasets) > 20:
            break
    date = latest[:10] or None
    return SourceInfo(
        id=f"ftm-{path.stem}".lower().replace(".", "-"),
        name=f"FollowTheMoney entities: {', '.join(sorted(datasets)) or path.name}",
        publisher="FollowTheMoney export (e.g. OpenSanctions)",
        title=path.name,
        file=path.name,
        list_date=date,
        url="https://followthemoney.tech/",
        licence="as the exporting dataset says (OpenSanctions: CC BY-NC 4.0)",
    )


def _authority(sanction: dict[str, Any], datasets: list[str]) -> tuple[str, str | None]:
    names = _p(sanction, "authority")
    text = " ".join(names).lower()
    for word, short in _AUTHORITY_WORDS.items():
        if word in text:
            return short, None
    countries = _p(sanction, "country")
    if countries:
        return countries[0].lower(), names[0] if names else None
    for ds in datasets:
        for prefix, short in _DATASETS.items():
            if ds.startswith(prefix):
                return short, None
    if names:
        # Named, though not one we know: an authority of its own, keyed by its name.
        return key("authority", names[0]).split(":", 1)[1], names[0]
    return UNNAMED_AUTHORITY, None


def targets(path: Path) -> Iterator[Target]:
    sanctions: dict[str, list[dict[str, Any]]] = {}
    addresses: dict[str, dict[str, Any]] = {}
    links: dict[str, list[tuple[str, str]]] = {}
    for _, doc in _lines(path):
        schema = doc["schema"]
        if schema == "Sanction":
            for eid in _p(doc, "entity"):
                sanctions.setdefault(eid, []).append(doc)
        elif schema == "Address":
            addresses[str(doc.get("id"))] = doc
        elif schema in _LINKS:
            one, other = _LINKS[schema]
            for src in _p(doc, one):
                for dst in _p(doc, other):
                    links.setdefault(src, []).append((schema.lower(), dst))
    for n, doc in _lines(path):
        kind = _KINDS.get(doc["schema"])
        if kind is None:
            continue
        eid = str(doc.get("id") or "")
        if not eid:
            raise LoadError(path, f"line {n}", "entity without id")
        names = _p(doc, "name")
        t = Target(
            record=eid,
            kind=kind,
            name=str(doc.get("caption") or (names or [""])[0]),
            line=n,
            notes="; ".join(_p(doc, "notes")) or None,
        )
        for alias in [*names, *_p(doc, "alias"), *_p(doc, "previousName")]:
            t.add_alias(alias)
        for imo in _p(doc, "imoNumber"):
            t.add_id("imo", imo.removeprefix("IMO"))
        for bic in _p(doc, "swiftBic"):
            t.add_id("swift_bic", bic)
        countries = _p(doc, "nationality") or _p(doc, "country") or _p(doc, "jurisdiction")
        t.country = countries[0] if countries else None
        for prop in ("birthDate", "incorporationDate"):
            for date in _p(doc, prop):
                # FtM dates are already partial ISO dates ("1973", "1973-05", "1973-05-12T…").
                t.add_birth_date(date[:10])
        if kind == "person":
            for code in _p(doc, "nationality") + _p(doc, "citizenship"):
                t.add_nationality(code)
        elif kind == "vessel":
            for code in _p(doc, "flag"):
                t.add_nationality(code)
        for prop, scheme in ID_PROPS.items():
            for value in _p(doc, prop):
                t.add_id(scheme, value)
        for address_id in _p(doc, "addressEntity"):
            a = addresses.get(address_id)
            if a is not None:
                full = _one(a, "full") or ", ".join(_p(a, "street") + _p(a, "city"))
                t.addresses.append(
                    Address(
                        text=full, city=_one(a, "city"), country=_one(a, "country"), ref=address_id
                    )
                )
        for full in _p(doc, "address"):
            t.addresses.append(Address(text=full, country=t.country))
        datasets = [str(d) for d in doc.get("datasets") or []]
        for s in sanctions.get(eid, []):
            short, name = _authority(s, datasets)
            start = _one(s, "listingDate", "startDate")
            end = _one(s, "endDate")
            where = f"line {n}"
            t.listings.append(
                ListingFact(
                    short,
                    _one(s, "program", "programId"),
                    reference=_one(s, "authorityId", "unscId"),
                    listed_on=parse_date(start[:10], path, where) if start else None,
                    status="delisted" if end else "listed",
                    delisted_on=parse_date(end[:10], path, where) if end else None,
                    authority_name=name,
                )
            )
        if not t.listings and "sanction" in (doc.get("properties", {}).get("topics") or []):
            short, name = _authority({}, datasets)
            t.listings.append(ListingFact(short, ", ".join(datasets) or None, authority_name=name))
        for role, other in links.get(eid, []):
            t.links.append(Link(role, "#" + other))
        yield t
