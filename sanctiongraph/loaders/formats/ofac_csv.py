"""OFAC SDN legacy CSV set: ``sdn.csv`` and, beside it, ``add.csv``, ``alt.csv``
and ``sdn_comments.csv`` (each optional).

https://ofac.treasury.gov/specially-designated-nationals-list-data-formats-data-schemas:
Latin-1, no header, ``-0-`` for empty, a trailing 0x1A. Remarks hold aliases,
IMO numbers, SWIFT/BIC codes, nationality and "Linked To" relations; remarks
cut at 1,000 characters continue in sdn_comments.csv.

Evidence in the remarks, one ``;``-separated statement each (``alt.`` marks a
further value): ``DOB 10 Dec 1948`` / ``DOB circa 1951`` / ``DOB 1955 to 1958``
(birth dates; ``Organization Established Date`` for organisations),
``nationality X`` / ``citizen X`` (nationalities; ``Vessel Flag X`` for ships),
and identity documents ``<type> <number> (<country>) [issued …] [expires …]``
whose OFAC type names (the same in the XML ``idType`` and the advanced XML's
``IDRegDocType``) map to schemes in :data:`OFAC_ID_TYPES`. A UN reference the
remarks cite ("UN Ref …") is ``un_ref_cited``. A person's title column is a post
(``positions``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sanctiongraph.loaders.dates import birth_dates
from sanctiongraph.loaders.tables import null, rows
from sanctiongraph.loaders.target import (
    Address,
    Link,
    ListingFact,
    SourceInfo,
    Target,
    cited_un_references,
)

ENCODING = "latin-1"
_KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_AKA = re.compile(r"\b([af])\.k\.a\.,?\s*'([^']+)'", re.IGNORECASE)
_IMO = re.compile(r"\bIMO\s*(\d{7})\b")
_SWIFT = re.compile(r"SWIFT/BIC\s+([A-Z0-9]{8,11})\b")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([^;.]+)", re.IGNORECASE)
_LINKED = re.compile(r"Linked To:\s*([^;]+)")


# OFAC's identification types (remarks, XML idType, advanced IDRegDocType) → scheme.
OFAC_ID_TYPES: dict[str, str] = {
    **dict.fromkeys(("Passport", "Diplomatic Passport", "Travel Document Number"), "passport"),
    **dict.fromkeys(
        (
            "National ID No.",
            "Cedula No.",
            "D.N.I.",
            "C.U.R.P.",
            "C.U.R.P. #",
            "C.U.I.P.",
            "Identification Number",
            "Personal ID Card",
            "Citizen's Card Number",
            "National Foreign ID Number",
            "Turkish Identification Number",
            "Numero de Identidad",
            "Kenyan ID No.",
            "Tazkira National ID Card",
            "Electoral Registry No.",
            "Credencial electoral",
            "I.F.E.",
            "SSN",
            "Residency Number",
        ),
        "national_id",
    ),
    **dict.fromkeys(
        (
            "Tax ID No.",
            "R.F.C.",
            "RFC",
            "V.A.T. Number",
            "NIT #",
            "RUC #",
            "Italian Fiscal Code",
            "C.U.I.T.",
            "C.U.I.",
            "US FEIN",
            "RTN",
        ),
        "tax_id",
    ),
    **dict.fromkeys(
        (
            "Registration Number",
            "Registration ID",
            "Company Number",
            "UK Company Number",
            "Commercial Registry Number",
            "Folio Mercantil No.",
            "Matricula Mercantil No",
            "C.R. No.",
            "Business Registration Number",
            "Business Registration Document #",
            "Trade License No.",
            "Chamber of Commerce Number",
            "Dubai Chamber of Commerce Membership No.",
            "Public Registration Number",
            "Certificate of Incorporation Number",
            "Enterprise Number",
            "Business Number",
            "Registered Charity No.",
        ),
        "registration",
    ),
    "Government Gazette Number": "okpo",
    "Legal Entity Number": "lei",
    "LE Number": "lei",
    "Unified Social Credit Code (USCC)": "uscc",
    "United Social Credit Code Certificate (USCCC)": "uscc",
    "MMSI": "mmsi",
    "SWIFT/BIC": "swift_bic",
    "Vessel Registration Identification": "imo",
}
_BY_LENGTH = sorted(OFAC_ID_TYPES, key=len, reverse=True)
_ID_TAIL = re.compile(
    r"^(?P<value>.+?)(?:\s*\((?P<country>[^)]*)\))?(?:[\s,]+(?:issued|expires)\b.*)?\.?$"
)
_IMO_VALUE = re.compile(r"^IMO\s*(\d{7})\b")
_STATEMENT_DOB = re.compile(r"^(?:alt\.\s*)?(?:DOB|Organization Established Date)\s+(.+)$", re.I)
_STATEMENT_NATIONALITY = re.compile(r"^(?:alt\.\s*)?(?:nationality|citizen)\s+(.+)$", re.I)
_STATEMENT_FLAG = re.compile(r"^(?:alt\.\s*)?Vessel Flag\s+(.+)$", re.I)


def ofac_id_scheme(label: str, number: str, country: str | None) -> str | None:
    """The scheme of an OFAC identification type, or None for types that are not
    identifiers of the party (websites, directives, dates). A company's IMO number
    ("Company Number IMO 1234567") is ``imo``; Russian tax and state registration
    numbers are ``inn`` and ``ogrn``.

    >>> ofac_id_scheme("Tax ID No.", "7701234567", "Russia")
    'inn'
    >>> ofac_id_scheme("Passport", "X1", "Egypt")
    'passport'
    >>> ofac_id_scheme("Registration Number", "1027700132195", "Russia")
    'ogrn'
    >>> ofac_id_scheme("Company Number", "IMO 5878589", None), ofac_id_scheme("Website", "x", None)
    ('imo', None)
    """
    scheme = OFAC_ID_TYPES.get(label.strip().rstrip(":"))
    if scheme is None:
        return None
    if _IMO_VALUE.match(number.strip()):
        return "imo"
    russian = (country or "").strip().lower() in ("russia", "russian federation", "ru")
    digits = re.sub(r"\D", "", number)
    if russian and scheme == "tax_id":
        return "inn"
    if russian and scheme == "registration" and len(digits) in (13, 15):
        return "ogrn"
    return scheme


_VALUE_END = re.compile(r",(?!\d)|\s\(|\s+(?:and|issued|expires?)\b", re.I)
_PLACE_WORD = re.compile(r"^[A-Z][a-z]+$")


def id_value(text: str) -> str | None:
    """The number of an identification statement, without the place or words OFAC
    sometimes writes after it; None when it holds no digit.

    >>> id_value("181301-1 Cali"), id_value("AABA 670850 Y"), id_value("D000000483, Diplomatic")
    ('181301-1', 'AABA 670850 Y', 'D000000483')
    >>> id_value("BE 454,419,759"), id_value("issued in Sarajevo, Bosnia-Herzegovina") is None
    ('BE 454,419,759', True)
    """
    value = _VALUE_END.split(text, maxsplit=1)[0].strip()
    words = value.split()
    while len(words) > 1 and _PLACE_WORD.match(words[-1]):
        words.pop()
    value = " ".join(words)
    return value if any(c.isdigit() for c in value) else None


def add_ofac_id(t: Target, label: str, number: str | None, country: str | None) -> None:
    """Add one OFAC identification (any of the three formats) to ``t``."""
    number = (number or "").strip()
    scheme = ofac_id_scheme(label, number, country) if number else None
    if scheme is None:
        return
    m = _IMO_VALUE.match(number)
    t.add_id(scheme, m.group(1) if m else number)


def read_remarks(t: Target, remarks: str) -> None:
    """Birth dates, nationalities, flags, identifiers and cited UN references in remarks.

    >>> t = Target("1", "person", "X")
    >>> read_remarks(t, "DOB 10 Dec 1948; alt. DOB 1950; nationality Korea, North; "
    ...     "Passport 563120238 (Korea, North) issued 2013 expires 2018; Gender Male")
    >>> t.birth_dates, t.nationalities, t.ids
    (['1948-12-10', '1950'], ['KP'], {'passport': ['563120238']})
    """
    for statement in remarks.split(";"):
        part = " ".join(statement.split()).strip(" .")
        if not part:
            continue
        if m := _STATEMENT_DOB.match(part):
            for date in birth_dates(m.group(1), order="dmy"):
                t.add_birth_date(date)
            continue
        if m := _STATEMENT_NATIONALITY.match(part):
            t.add_nationality(m.group(1))
            continue
        if t.kind == "vessel" and (m := _STATEMENT_FLAG.match(part)):
            t.add_nationality(m.group(1))
            continue
        body = part.removeprefix("alt. ").strip()
        label = next((lb for lb in _BY_LENGTH if body.startswith(lb + " ")), None)
        if label is None:
            continue
        tail = _ID_TAIL.match(body[len(label) :].strip())
        value = id_value(tail.group("value")) if tail else None
        if tail and value:
            add_ofac_id(t, label, value, tail.group("country"))
    for ref in cited_un_references(remarks):
        t.add_id("un_ref_cited", ref)


_TYPES = frozenset(("-0-", "individual", "vessel", "aircraft"))


def looks_like_sdn_csv(head: bytes) -> bool:
    """Whether a file's first bytes are an OFAC sdn.csv: 12 columns, an entity
    number, a type of -0-, individual, vessel or aircraft (add.csv has 6 columns,
    alt.csv 5, so neither is taken for it).

    >>> looks_like_sdn_csv(b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,'
    ...                    b'-0- ,-0- ,-0- ,-0- ')
    True
    >>> looks_like_sdn_csv(b'36,25,-0- ,"Havana","Cuba",-0- ')
    False
    """
    import csv
    import io

    line = head.decode("latin-1").lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    try:
        first = next(csv.reader(io.StringIO(line)), [])
    except csv.Error:
        return False
    return len(first) == 12 and first[0].strip().isdigit() and first[2].strip().lower() in _TYPES


def _dir(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def sdn_file(path: Path) -> Path:
    """The sdn.csv of a set: the file given, or in a folder the one named sdn.csv,
    else the CSV whose content is one (a renamed download)."""
    if not path.is_dir():
        return path
    if (path / "sdn.csv").exists():
        return path / "sdn.csv"
    for candidate in sorted(path.glob("*.csv")):
        with candidate.open("rb") as fh:
            if looks_like_sdn_csv(fh.read(4096)):
                return candidate
    return path / "sdn.csv"


def inputs(path: Path) -> list[Path]:
    """The files a load of the set reads (kept beside the store for rebuilds)."""
    folder = _dir(path)
    companions = (folder / n for n in ("add.csv", "alt.csv", "sdn_comments.csv"))
    return [sdn_file(path), *(p for p in companions if p.is_file())]


def source(path: Path) -> SourceInfo:
    """The set's Source. The CSVs carry no date: the load dates it (``--list-date``,
    or a date in the file's or its folder's name); until then the id ends with
    ``undated-`` and a digest of sdn.csv, never with a folder's name."""
    import hashlib

    folder = _dir(path)
    sdn = sdn_file(path)
    try:
        digest = hashlib.sha1(sdn.read_bytes()).hexdigest()[:8]
    except OSError:
        digest = "missing"
    tail = f"undated-{digest}"
    return SourceInfo(
        id=f"us-ofac-sdn-csv-{tail}",
        undated_tail=tail,
        name="OFAC SDN list, legacy CSV (undated)",
        publisher="US Treasury, OFAC",
        title="SDN list legacy CSV: "
        + ", ".join(
            p.name
            for p in (sdn, *(folder / n for n in ("add.csv", "alt.csv", "sdn_comments.csv")))
            if p.exists()
        ),
        file=sdn.name,
        list_date=None,
        url="https://www.treasury.gov/ofac/downloads/sdn.csv",
        licence="US government work",
    )


def _by_entry(path: Path, width: int) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    if path.exists():
        for _, row in rows(path, ENCODING, width):
            out.setdefault(row[0].strip(), []).append(row)
    return out


def programmes(field: str | None) -> list[str]:
    """``"SDGT] [IRGC"`` → ``['SDGT', 'IRGC']``."""
    return [p.strip(" []") for p in (field or "").split("] [") if p.strip(" []")]


def targets(path: Path) -> Iterator[Target]:
    folder = _dir(path)
    addresses = _by_entry(folder / "add.csv", 6)
    aliases = _by_entry(folder / "alt.csv", 5)
    comments = {
        k: "".join(r[1] for r in v) for k, v in _by_entry(folder / "sdn_comments.csv", 2).items()
    }
    for line, row in rows(sdn_file(path), ENCODING, 12):
        ent, name, kind = row[0].strip(), null(row[1]), null(row[2])
        remarks = (null(row[11]) or "") + comments.get(ent, "")
        t = Target(
            record=ent,
            kind=_KINDS.get((kind or "").lower(), "organization"),
            name=name or "",
            line=line,
            notes=remarks or None,
        )
        t.add_id("ofac_ent_num", ent)
        if t.kind == "person":
            t.add_position(null(row[4]))  # the title column (a vessel's row has none)
        for m in _AKA.finditer(remarks):
            t.add_alias(m.group(2))
        for alt in aliases.get(ent, []):
            t.add_alias(null(alt[3]))
        for m in _IMO.finditer(remarks):
            t.add_id("imo", m.group(1))
        for m in _SWIFT.finditer(remarks):
            t.add_id("swift_bic", m.group(1))
        read_remarks(t, remarks)
        nat = _NATIONALITY.search(remarks)
        t.country = nat.group(1).strip() if nat else null(row[9])
        for m in _LINKED.finditer(remarks):
            t.links.append(Link("linked_to", m.group(1).strip().rstrip(".")))
        for add in addresses.get(ent, []):
            street, city, country = null(add[2]), null(add[3]), null(add[4])
            parts = [p for p in (street, city, country) if p]
            if not parts:
                continue
            note = null(add[5]) or ""
            t.addresses.append(
                Address(
                    text=", ".join(parts),
                    city=city,
                    country=country,
                    ref=f"{add[1].strip()}",
                    named_branch="branch" in f"{street} {note}".lower(),
                )
            )
        for prog in programmes(null(row[3])):
            t.listings.append(ListingFact("us", prog, reference=ent))
        yield t
