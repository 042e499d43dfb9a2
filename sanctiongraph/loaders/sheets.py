"""Rows of spreadsheets as the lists publish them: .xlsx and the older .xls.

Read with python-calamine (Rust's calamine): about twenty times faster than
openpyxl on the UK and Japanese lists, one reader for both formats, and its
XML parser (quick-xml) does not process DTDs, so a hostile workbook cannot
expand or fetch entities. A sheet is read whole (they are a few MB at most);
rows are handed on one at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sanctiongraph.loaders.base import LoadError

Row = tuple[Any, ...]


def _open(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    if not path.exists():
        raise LoadError(path, None, "no such file")
    if path.stat().st_size == 0:
        raise LoadError(path, None, "the file is empty")
    with path.open("rb") as fh:
        head = fh.read(8)
    if not (head.startswith(b"PK\x03\x04") or head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise LoadError(path, None, "not an Excel workbook (neither .xlsx nor .xls)")
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as err:  # calamine reports every corruption as its own error types
        raise LoadError(path, None, f"not a readable Excel workbook: {err}") from None


def sheet_names(path: Path) -> list[str]:
    return list(_open(path).sheet_names)


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[str, int, Row]]:
    """``(sheet name, 1-based row number, values)`` for every row of every sheet
    (or of ``sheet``). Empty cells are ``""``; dates come as :class:`datetime.date`."""
    book = _open(path)
    names = list(book.sheet_names)
    for name in names if sheet is None else [sheet]:
        if name not in names:
            raise LoadError(path, None, f"no sheet {name!r}")
        try:
            data = book.get_sheet_by_name(name)
            first = (data.start or (0, 0))[0] + 1
            rows = list(data.iter_rows())
        except Exception as err:  # a corrupt sheet part
            raise LoadError(path, f"sheet {name!r}", f"unreadable sheet: {err}") from None
        for i, row in enumerate(rows, start=first):
            yield name, i, tuple(row)


def cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None
