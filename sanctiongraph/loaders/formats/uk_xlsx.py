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
from sanctiongraph.loaders.sheets import iter_rows
from sanctiongraph.loaders.target import SourceInfo, Target


def _rows(path: Path) -> Iterator[tuple[str, int, tuple[Any, ...]]]:
    """The rows of the list's sheet ("Data", else the first), opening the workbook once."""
    wanted: str | None = None
    for sheet, n, row in iter_rows(path):
        if wanted is None:
            wanted = sheet
        if sheet == "Data" and wanted != "Data":
            wanted = "Data"
        if sheet == wanted:
            yield sheet, n, row


def source(path: Path) -> SourceInfo:
    for _, _, row in _rows(path):
        return uk_source(path, "xlsx", last_updated(path, row))
    raise LoadError(path, None, "the workbook is empty")


def targets(path: Path) -> Iterator[Target]:
    it = _rows(path)
    if next(it, None) is None:
        raise LoadError(path, None, "the workbook is empty")
    head = next(it, None)
    if head is None:
        raise LoadError(path, None, "no header row")
    header = [str(h).strip() if h is not None else "" for h in head[2]]
    body: Iterator[tuple[int, list[Any]]] = ((n, list(r)) for _, n, r in it)
    yield from group_targets(path, header, body)
