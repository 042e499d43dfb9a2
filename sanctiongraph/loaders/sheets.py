"""Rows of spreadsheets as the lists publish them: .xlsx (openpyxl, streaming)
and the older .xls (xlrd).

openpyxl parses the workbook's XML through defusedxml when it is installed
(a dependency of this package), so a hostile workbook cannot expand entities.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sanctiongraph.loaders.base import LoadError

Row = tuple[Any, ...]

# MOF workbooks define print areas openpyxl cannot place; that costs nothing here.
warnings.filterwarnings("ignore", message="Print area cannot be set", module="openpyxl")


def _is_xls(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _open_xlsx(path: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as err:
        raise LoadError(path, None, f"not an Excel workbook: {err}") from None
    except Exception as err:  # openpyxl raises bare XML errors from corrupt parts
        raise LoadError(path, None, f"not a readable Excel workbook: {err}") from None


def _open_xls(path: Path) -> Any:
    import xlrd

    try:
        return xlrd.open_workbook(str(path), on_demand=True)
    except Exception as err:  # xlrd signals every corruption with its own bare errors
        raise LoadError(path, None, f"not a readable .xls workbook: {err}") from None


def check_workbook(path: Path) -> None:
    if not path.exists():
        raise LoadError(path, None, "no such file")
    if path.stat().st_size == 0:
        raise LoadError(path, None, "the file is empty")
    if not _is_xls(path) and not zipfile.is_zipfile(path):
        raise LoadError(path, None, "not an Excel workbook (neither .xlsx nor .xls)")


def sheet_names(path: Path) -> list[str]:
    check_workbook(path)
    if _is_xls(path):
        return list(_open_xls(path).sheet_names())
    wb = _open_xlsx(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[str, int, Row]]:
    """``(sheet name, 1-based row number, values)`` for every row of every sheet
    (or of ``sheet``). Dates come as :class:`datetime.date`."""
    check_workbook(path)
    if _is_xls(path):
        yield from _xls_rows(path, sheet)
        return
    wb = _open_xlsx(path)
    try:
        for name in wb.sheetnames if sheet is None else [sheet]:
            if name not in wb.sheetnames:
                raise LoadError(path, None, f"no sheet {name!r}")
            try:
                for i, row in enumerate(wb[name].iter_rows(values_only=True), start=1):
                    yield name, i, tuple(row)
            except LoadError:
                raise
            except Exception as err:  # corrupt sheet XML surfaces mid-iteration
                raise LoadError(path, f"sheet {name!r}", f"unreadable sheet: {err}") from None
    finally:
        wb.close()


def _xls_rows(path: Path, sheet: str | None) -> Iterator[tuple[str, int, Row]]:
    import xlrd

    book = _open_xls(path)
    for name in book.sheet_names() if sheet is None else [sheet]:
        try:
            sh = book.sheet_by_name(name)
        except xlrd.XLRDError:
            raise LoadError(path, None, f"no sheet {name!r}") from None
        for r in range(sh.nrows):
            values = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(xlrd.xldate_as_datetime(cell.value, book.datemode).date())
                else:
                    values.append(cell.value)
            yield name, r + 1, tuple(values)


def cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None
