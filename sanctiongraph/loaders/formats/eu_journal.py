"""OpenSanctions' CSV transcription of an EU regulation's listing annexes.

One row per listing (celex, recordId within its annex, programKey, annex,
measure, startDate as d.m.yyyy, schema, name, alias, imoNumber, swiftBic,
address, ...). The files are CC BY-NC 4.0: read them where they are; this
project never ships them.

Evidence: birthDate (d.m.yyyy, or a year), nationality (persons) and flag
(vessels), and the FollowTheMoney identifier columns (``ftm.FTM_IDENTIFIERS``);
a cell may hold several values separated by ``;``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.dates import birth_dates, parse_date
from sanctiongraph.loaders.formats.ftm import FTM_IDENTIFIERS
from sanctiongraph.loaders.tables import dict_rows
from sanctiongraph.loaders.target import Address, ListingFact, SourceInfo, Target, document_numbers

REQUIRED = ("celex", "recordId", "programKey", "annex", "startDate", "schema", "name")
_KINDS = {"Person": "person", "Vessel": "vessel", "Airplane": "aircraft"}
# FollowTheMoney schemata a listing row may have; the others are organisations.
_SCHEMATA = {*_KINDS, "LegalEntity", "Organization", "Company", "PublicBody"}


def source(path: Path) -> SourceInfo:
    _, it = dict_rows(path, "utf-8-sig", REQUIRED)
    first = next(it, None)
    celex = first[1].get("celex") if first else None
    return SourceInfo(
        id=f"os-eu-journal-{celex or path.stem}".lower(),
        name=f"EU Regulation annexes, CELEX {celex} (OpenSanctions CSV)",
        publisher="OpenSanctions (from the Official Journal of the EU)",
        title=f"Listing annexes of CELEX {celex} ({path.name})",
        file=path.name,
        url=f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}",
        licence="CC BY-NC 4.0 (OpenSanctions); not redistributed by sanctiongraph",
    )


def _split(value: str | None) -> list[str]:
    return [v.strip(' "') for v in (value or "").split(";") if v.strip(' "')]


def targets(path: Path) -> Iterator[Target]:
    _, it = dict_rows(path, "utf-8-sig", REQUIRED)
    for line, row in it:
        if row.get("schema") not in _SCHEMATA:
            raise LoadError(path, f"line {line}", f"unknown schema {row.get('schema')!r} "
                            f"(expected one of {', '.join(sorted(_SCHEMATA))})")  # fmt: skip
        annex, rid = row.get("annex") or "?", row.get("recordId")
        record = f"{annex}/{rid}" if rid else f"{annex}/line-{line}"
        t = Target(
            record=record,
            kind=_KINDS.get(row.get("schema") or "", "organization"),
            name=row.get("name") or "",
            line=line,
            notes=row.get("reason"),
        )
        for alias in _split(row.get("alias")) + _split(row.get("previousName")):
            t.add_alias(alias)
        t.add_id("imo", row.get("imoNumber"))
        t.add_id("swift_bic", row.get("swiftBic"))
        t.country = row.get("nationality") or row.get("country")
        for date in birth_dates(row.get("birthDate") or "", order="dmy"):
            t.add_birth_date(date)
        if t.kind == "person":
            t.add_nationality(row.get("nationality"))
        elif t.kind == "vessel":
            t.add_nationality(row.get("flag"))
        for column, scheme in FTM_IDENTIFIERS.items():
            for cell in _split(row.get(column)):
                # "D0004492 (Cambodian diplomatic passport, currently invalid)"
                for value in document_numbers(cell) or [cell.split(" (")[0]]:
                    t.add_id(scheme, value)
        for a in _split(row.get("address")):
            t.addresses.append(Address(text=a, country=a.rsplit(",", 1)[-1].strip(" .")))
        start = row.get("startDate")
        where = f"line {line}"
        t.listings.append(
            ListingFact(
                "eu",
                row.get("programKey"),
                reference=f"{row.get('celex')} annex {record}",
                listed_on=parse_date(start, path, where, order="dmy") if start else None,
            )
        )
        yield t
