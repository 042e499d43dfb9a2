"""UK OFSI ConList.xlsx (2022 format): the legacy CSV's columns plus
Name Non-Latin Script, Alias Quality, UK Sanctions List Date Designated and the
UK Sanctions List Ref inside Other Information. Read by ``uk_csv.group_targets``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.formats.uk_csv import group_targets, last_updated, uk_source
from sanctiongraph.loaders.sheets import iter_rows, sheet_names
from sanctiongraph.loaders.target import SourceInfo, Target


def _sheet(path: Path) -> str:
    names = sheet_names(path)
    return "Data" if "Data" in names else names[0]


def source(path: Path) -> SourceInfo:
    for _, _, row in iter_rows(path, _sheet(path)):
        return uk_source(path, "xlsx", last_updated(path, row))
    raise LoadError(path, None, "the workbook is empty")


def targets(path: Path) -> Iterator[Target]:
    it = iter_rows(path, _sheet(path))
    if next(it, None) is None:
        raise LoadError(path, None, "the workbook is empty")
    head = next(it, None)
    if head is None:
        raise LoadError(path, None, "no header row")
    header = [str(h).strip() if h is not None else "" for h in head[2]]
    body: Iterator[tuple[int, list[Any]]] = ((n, list(r)) for _, n, r in it)
    yield from group_targets(path, header, body)
