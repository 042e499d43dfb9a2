"""OFAC SDN legacy CSV set: ``sdn.csv`` and, beside it, ``add.csv``, ``alt.csv``
and ``sdn_comments.csv`` (each optional).

https://ofac.treasury.gov/specially-designated-nationals-list-data-formats-data-schemas:
Latin-1, no header, ``-0-`` for empty, a trailing 0x1A. Remarks hold aliases,
IMO numbers, SWIFT/BIC codes, nationality and "Linked To" relations; remarks
cut at 1,000 characters continue in sdn_comments.csv.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sanctiongraph.loaders.tables import null, rows
from sanctiongraph.loaders.target import Address, Link, ListingFact, SourceInfo, Target

ENCODING = "latin-1"
_KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_AKA = re.compile(r"\b([af])\.k\.a\.,?\s*'([^']+)'", re.IGNORECASE)
_IMO = re.compile(r"\bIMO\s*(\d{7})\b")
_SWIFT = re.compile(r"SWIFT/BIC\s+([A-Z0-9]{8,11})\b")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([^;.]+)", re.IGNORECASE)
_LINKED = re.compile(r"Linked To:\s*([^;]+)")


def _dir(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def _sdn(path: Path) -> Path:
    return path / "sdn.csv" if path.is_dir() else path


def source(path: Path) -> SourceInfo:
    folder = _dir(path)
    return SourceInfo(
        id=f"us-ofac-sdn-csv-{folder.name}".lower(),
        name=f"OFAC SDN list, legacy CSV ({folder.name})",
        publisher="US Treasury, OFAC",
        title="SDN list legacy CSV: "
        + ", ".join(
            p.name
            for p in (_sdn(path), *(folder / n for n in ("add.csv", "alt.csv", "sdn_comments.csv")))
            if p.exists()
        ),
        file=str(_sdn(path).name),
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
    for line, row in rows(_sdn(path), ENCODING, 12):
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
        for m in _AKA.finditer(remarks):
            t.add_alias(m.group(2))
        for alt in aliases.get(ent, []):
            t.add_alias(null(alt[3]))
        for m in _IMO.finditer(remarks):
            t.add_id("imo", m.group(1))
        for m in _SWIFT.finditer(remarks):
            t.add_id("swift_bic", m.group(1))
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
