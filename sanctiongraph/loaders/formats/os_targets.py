"""OpenSanctions ``targets.simple.csv``: one row per sanctioned target.

Columns id, schema, name, aliases, birth_date, countries, addresses,
identifiers, sanctions, phones, emails, program_ids, dataset, first_seen,
last_seen, last_change; list values are separated by ``;``. Programme ids
start with the issuing country's code (``UA-WS-MARE``), which names the
authority. CC BY-NC 4.0: read from where it is, never shipped here.

Evidence: birth_date (partial ISO dates), countries (a person's nationalities),
identifiers: the export drops each identifier's kind, so it is told from the
value (:func:`identifier_scheme`), else ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.formats.ftm import _KINDS
from sanctiongraph.loaders.tables import dict_rows
from sanctiongraph.loaders.target import (
    UNNAMED_AUTHORITY,
    Address,
    ListingFact,
    SourceInfo,
    Target,
)

REQUIRED = ("id", "schema", "name", "aliases", "countries", "identifiers", "program_ids", "dataset")
_IMO = re.compile(r"^IMO\s*(\d{7})$")
_BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")


def source(path: Path) -> SourceInfo:
    _, it = dict_rows(path, "utf-8-sig", REQUIRED)
    dataset, latest = None, ""
    for _, row in it:
        dataset = dataset or row.get("dataset")
        latest = max(latest, row.get("last_seen") or "")
    date = latest[:10] or None
    return SourceInfo(
        id=f"os-targets-{path.stem}".lower().replace(".", "-"),
        name=f"OpenSanctions targets: {dataset or path.name}",
        publisher="OpenSanctions",
        title=f"targets.simple.csv ({path.name})",
        file=path.name,
        list_date=date,
        url="https://www.opensanctions.org/",
        licence="CC BY-NC 4.0; not redistributed",
    )


def identifier_scheme(value: str, kind: str) -> str:
    """The scheme of an identifier the export gives without its kind.

    >>> identifier_scheme("IMO9187629", "vessel"), identifier_scheme("1027700132195", "org")
    ('imo', 'ogrn')
    >>> identifier_scheme("7707083893", "organization"), identifier_scheme("12345", "person")
    ('inn', 'other')
    """
    from rigour.ids import INN, LEI, OGRN

    if _IMO.match(value):
        return "imo"
    if _BIC.match(value) and kind == "organization":
        return "swift_bic"
    if OGRN.is_valid(value):
        return "ogrn"
    if INN.is_valid(value):
        return "inn"
    if LEI.is_valid(value):
        return "lei"
    return "other"


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def targets(path: Path) -> Iterator[Target]:
    _, it = dict_rows(path, "utf-8-sig", REQUIRED)
    for line, row in it:
        if not row.get("id"):
            raise LoadError(path, f"line {line}", "row without id")
        if row.get("schema") not in _KINDS:
            raise LoadError(path, f"line {line}", f"unknown schema {row.get('schema')!r} "
                            f"(expected one of {', '.join(sorted(_KINDS))})")  # fmt: skip
        t = Target(
            record=str(row["id"]),
            kind=_KINDS[str(row["schema"])],
            name=row.get("name") or "",
            line=line,
        )
        for alias in _list(row.get("aliases")):
            t.add_alias(alias)
        for ident in _list(row.get("identifiers")):
            t.add_id(identifier_scheme(ident, t.kind), ident)
        countries = _list(row.get("countries"))
        t.country = countries[0] if countries else None
        for date in _list(row.get("birth_date")):
            t.add_birth_date(date[:10])
        if t.kind == "person":
            for code in countries:
                t.add_nationality(code)
        for a in _list(row.get("addresses")):
            t.addresses.append(Address(text=a, country=a.rsplit(",", 1)[-1].strip()))
        for prog in _list(row.get("program_ids")):
            short = prog.split("-", 1)[0].lower()
            t.listings.append(ListingFact(short, prog, authority_name=None))
        if not t.listings:
            # A target of the dataset whose sanctioning authority the export does not name.
            t.listings.append(ListingFact(UNNAMED_AUTHORITY, row.get("dataset")))
        yield t
