"""Editions of the UN list made from the real 2018 file: entries removed, added, amended.

Made from /work/shared/data's UN list (a copy in a temporary folder, never in the
repository), so each test knows exactly what changed between its editions.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

UN_2018 = "un/consolidated_2018-10-29.xml"


def _entries(root: etree._Element) -> list[etree._Element]:
    return [*root.find("INDIVIDUALS"), *root.find("ENTITIES")]


def amendable(path: Path) -> tuple[str, str, str]:
    """The first individual with one exact birth date and a named first alias:
    (DATAID, its birth date, its first alias)."""
    root = etree.parse(str(path)).getroot()
    for e in root.find("INDIVIDUALS"):
        born = e.findall("INDIVIDUAL_DATE_OF_BIRTH")
        alias = e.find("INDIVIDUAL_ALIAS")
        named = alias.findtext("ALIAS_NAME") if alias is not None else None
        if len(born) == 1 and born[0].findtext("DATE") and named and named.strip():
            return e.findtext("DATAID") or "", born[0].findtext("DATE") or "", named.strip()
    raise LookupError("no individual with one exact birth date and an alias")


def dataids(path: Path) -> list[str]:
    root = etree.parse(str(path)).getroot()
    return [e.findtext("DATAID") or "" for e in _entries(root)]


def edition(
    data_dir: Path,
    out: Path,
    date: str,
    *,
    remove: tuple[str, ...] = (),
    add: dict[str, tuple[str, str]] | None = None,
    rename: dict[str, str] | None = None,
    keep_only: int | None = None,
    birth_date: dict[str, str] | None = None,
    alias: dict[str, str] | None = None,
) -> Path:
    """A UN edition dated ``date``: DATAIDs ``remove`` taken out, ``add`` new entities
    (DATAID → (name, LISTED_ON)) copied from the first entity, ``rename`` DATAID → new
    first name, ``birth_date`` DATAID → the new date of its first birth date, ``alias``
    DATAID → the new name of its first alias (the publisher amending an entry);
    ``keep_only`` keeps the first n entries (a partial file)."""
    tree = etree.parse(str(data_dir / UN_2018))
    root = tree.getroot()
    root.set("dateGenerated", f"{date}T10:00:00.000-04:00")
    entries = _entries(root)
    for e in entries:
        if e.findtext("DATAID") in remove:
            e.getparent().remove(e)
    for e in entries:
        new = (rename or {}).get(e.findtext("DATAID") or "")
        if new:
            e.find("FIRST_NAME").text = new
        born = (birth_date or {}).get(e.findtext("DATAID") or "")
        if born:
            e.find("INDIVIDUAL_DATE_OF_BIRTH").find("DATE").text = born
        also = (alias or {}).get(e.findtext("DATAID") or "")
        if also:
            e.find("INDIVIDUAL_ALIAS").find("ALIAS_NAME").text = also
    ents = root.find("ENTITIES")
    for i, (dataid, (name, listed_on)) in enumerate((add or {}).items()):
        e = copy.deepcopy(ents[0])
        e.find("DATAID").text = dataid
        e.find("FIRST_NAME").text = name
        e.find("REFERENCE_NUMBER").text = f"XXe.{900 + i}"
        e.find("LISTED_ON").text = listed_on
        ents.append(e)
    if keep_only is not None:
        for e in _entries(root)[keep_only:]:
            e.getparent().remove(e)
    out.parent.mkdir(parents=True, exist_ok=True)
    tree.write(str(out), xml_declaration=True, encoding="utf-8")
    return out
