"""Rows of spreadsheets as the lists publish them: .xlsx and the older .xls.

Read with python-calamine (Rust's calamine): about twenty times faster than
openpyxl on the UK and Japanese lists, one reader for both formats, and its
XML parser (quick-xml) does not process DTDs, so a hostile workbook cannot
expand or fetch entities. A sheet is read whole (they are a few MB at most);
rows are handed on one at a time.

calamine inflates a part whole and holds a sheet as the full rectangle from
A1 to its last cell, so a 1 MB zip can ask for gigabytes. Before calamine
opens an ``.xlsx``, every part of its zip is inflated here as a stream (never
held) and measured against the input limits (``loaders.limits``): inflated
bytes, inflate ratio, and, for the XML parts, rows and the cell rectangle.
An ``.xls`` is not a zip: its file size is bounded, and its sheets' size is
checked once calamine has read them, before they become Python values.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.parsers import expat

from sanctiongraph.loaders import limits as input_limits
from sanctiongraph.loaders.base import LoadError, check_input
from sanctiongraph.settings import Limits

Row = tuple[Any, ...]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
# The ratio is checked once a part has inflated this far: below it, the ratio harms nothing.
RATIO_FLOOR = 1 << 20
# Cell references as calamine reads them: column letters, then the row number.
_REF = re.compile(r"\s*([A-Za-z]{1,16})([0-9]{1,20})\s*$")
_FAR = 1 << 62  # a reference too long to be a cell's: beyond every limit
# What a cell holds when calamine keeps a value for it.
_CONTENT = frozenset(["v", "f", "is"])


def _ref(text: str) -> tuple[int, int] | None:
    """``(row, column)`` of a reference like ``XFD1048576`` (1-based), else None."""
    m = _REF.match(text)
    if m is None:
        return None
    letters, digits = m.group(1).upper(), m.group(2)
    if len(letters) > 8 or len(digits) > 15:
        return _FAR, _FAR
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return int(digits), n


@dataclass
class PartCount:
    """Rows and the cell rectangle of one XML part: the rectangle from A1 to the last
    row and column holding a cell, which is what calamine allocates.

    The part is parsed (expat, as a stream), not searched: a reference is read from
    the ``r`` attribute however it is quoted or spaced (``r = 'XFD1048576'``), and a
    cell or row without one takes the place after the one before, as calamine gives
    it. A cell without content (``<c r="XFD1048576" s="1"/>``, a style) is one calamine
    keeps no value for, so it is not counted; nor is a row without such cells. Names
    are compared without their namespace prefix, as calamine compares them.
    """

    rows: int = 0
    cells: int = 0
    last_row: int = 0
    last_column: int = 0

    def __post_init__(self) -> None:
        self._row = 0  # the row being read
        self._column = 0  # the column of the last cell read in it
        self._counted_row = -1  # the last row counted
        self._pending: tuple[int, int] | None = None  # a cell whose content is not yet seen
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.buffer_text = True
        self._parser = parser

    def _doctype(self, *_: object) -> None:
        raise ValueError("a DOCTYPE or ENTITY declaration (never in a workbook)")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            ref = _ref(attrs["r"]) if "r" in attrs else None
            if ref is None:
                ref = (self._row, self._column + 1)
            self._row, self._column = ref
            self._pending = ref
        elif local == "row":
            self._pending = None
            r = attrs.get("r", "").strip()
            if r.isascii() and r.isdigit():
                self._row = int(r) if len(r) <= 15 else _FAR
            else:
                self._row += 1
            self._column = 0
        elif self._pending is not None:
            row, column = self._pending
            self._pending = None
            if local in _CONTENT:  # a value, formula or inline string: a cell calamine keeps
                self.cells += 1
                if row != self._counted_row:
                    self._counted_row = row
                    self.rows += 1
                self.last_row = max(self.last_row, row)
                self.last_column = max(self.last_column, column)

    def feed(self, data: bytes, final: bool = False) -> None:
        self._parser.Parse(data, final)

    @property
    def rectangle(self) -> int:
        """Cells calamine would hold (at least as many as the part has)."""
        return max(max(self.last_row, self.rows) * self.last_column, self.cells)


def _inflate(fh: BinaryIO, path: Path, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Inflate one part as a stream, measuring it; nothing of it is kept."""
    part = f"part {info.filename}"
    if info.flag_bits & 0x1:
        raise LoadError(path, part, "encrypted; workbooks of the lists are not")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise LoadError(path, part, f"compression method {info.compress_type} is not a workbook's")
    fh.seek(info.header_offset)
    head = fh.read(30)
    if len(head) < 30 or head[:4] != _ZIP:
        raise LoadError(path, part, "not a readable Excel workbook: bad zip local header")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    count = PartCount() if info.filename.lower().endswith(".xml") else None
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type else None
    left, size, pending = info.compress_size, 0, b""
    while True:
        if inflater is not None and pending:
            out = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
        elif left > 0:
            raw = fh.read(min(_CHUNK, left))
            if not raw:
                raise LoadError(path, part, "not a readable Excel workbook: the zip is truncated")
            left -= len(raw)
            if inflater is None:
                out = raw
            else:
                pending = raw
                continue
        else:
            break
        size += len(out)
        if size > limits.max_part_bytes:
            raise input_limits.over(
                path,
                part,
                "inflated bytes",
                size,
                "max_part_bytes",
                limits.max_part_bytes,
                more=True,
            )
        # Against the compressed bytes inflated so far: a bomb is caught at its first MB.
        consumed = info.compress_size - left - len(pending)
        ratio = size / max(consumed, 1)
        if size > RATIO_FLOOR and ratio > limits.max_inflate_ratio:
            raise input_limits.over(
                path,
                part,
                "inflate ratio",
                ratio,
                "max_inflate_ratio",
                limits.max_inflate_ratio,
                more=True,
            )
        if count is not None:
            count.feed(out)
            if count.rows > limits.max_sheet_rows:
                raise input_limits.over(
                    path,
                    part,
                    "rows of one sheet",
                    count.rows,
                    "max_sheet_rows",
                    limits.max_sheet_rows,
                    more=True,
                )
            if count.rectangle > limits.max_sheet_cells:
                raise input_limits.over(
                    path,
                    part,
                    f"cells of one sheet (up to row {count.last_row:,}, column "
                    f"{count.last_column:,})",
                    count.rectangle,
                    "max_sheet_cells",
                    limits.max_sheet_cells,
                )
    if inflater is not None and not inflater.eof:
        raise LoadError(path, part, "not a readable Excel workbook: a part's data is cut short")
    if size != info.file_size:
        raise LoadError(
            path,
            part,
            f"inflates to {size:,} bytes, the zip directory says "
            f"{info.file_size:,}; refused as a forged workbook",
        )
    if count is not None:
        count.feed(b"", final=True)


# Workbooks already measured under given limits: readers open a workbook more than once.
_CHECKED: dict[tuple[str, int, int, int, Limits], None] = {}


def check_workbook(path: Path, limits: Limits | None = None) -> None:
    """Measure a workbook against the input limits before calamine reads it."""
    limits = limits or input_limits.current()
    st = path.stat()
    key = (str(path.resolve()), st.st_ino, st.st_size, st.st_mtime_ns, limits)
    if key in _CHECKED:
        return
    with path.open("rb") as fh:
        head = fh.read(8)
        if head == _OLE:
            if st.st_size > limits.max_xls_bytes:
                raise input_limits.over(
                    path, None, ".xls file bytes", st.st_size, "max_xls_bytes", limits.max_xls_bytes
                )
        else:
            try:
                infos = zipfile.ZipFile(fh).infolist()
            except (zipfile.BadZipFile, ValueError, OSError) as err:
                raise LoadError(path, None, f"not a readable Excel workbook: {err}") from None
            for info in infos:
                declared = f"part {info.filename}"
                if info.file_size > limits.max_part_bytes:
                    raise input_limits.over(
                        path,
                        declared,
                        "inflated bytes (zip directory)",
                        info.file_size,
                        "max_part_bytes",
                        limits.max_part_bytes,
                    )
                try:
                    _inflate(fh, path, info, limits)
                except LoadError:
                    raise
                except (OSError, zlib.error, struct.error, ValueError, expat.ExpatError) as err:
                    raise LoadError(
                        path, declared, f"not a readable Excel workbook: {err}"
                    ) from None
    if len(_CHECKED) > 64:
        _CHECKED.clear()
    _CHECKED[key] = None


def _open(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    check_input(path)
    if path.stat().st_size == 0:
        raise LoadError(path, None, "the file is empty")
    with path.open("rb") as fh:
        head = fh.read(8)
    if not (head.startswith(_ZIP) or head == _OLE):
        raise LoadError(path, None, "not an Excel workbook (neither .xlsx nor .xls)")
    check_workbook(path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as err:  # calamine reports every corruption as its own error types
        raise LoadError(path, None, f"not a readable Excel workbook: {err}") from None


def sheet_names(path: Path) -> list[str]:
    return list(_open(path).sheet_names)


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[str, int, Row]]:
    """``(sheet name, 1-based row number, values)`` for every row of every sheet
    (or of ``sheet``). Empty cells are ``""``; dates come as :class:`datetime.date`."""
    limits = input_limits.current()
    book = _open(path)
    names = list(book.sheet_names)
    for name in names if sheet is None else [sheet]:
        if name not in names:
            raise LoadError(path, None, f"no sheet {name!r}")
        where = f"sheet {name!r}"
        try:
            data = book.get_sheet_by_name(name)
            first = (data.start or (0, 0))[0] + 1
            height, width = data.height, data.width
        except Exception as err:  # a corrupt sheet part
            raise LoadError(path, where, f"unreadable sheet: {err}") from None
        # For an .xls the first measure (for an .xlsx, the second): before the rows
        # become Python values, which cost ten times calamine's cells.
        if height > limits.max_sheet_rows:
            raise input_limits.over(
                path, where, "rows of one sheet", height, "max_sheet_rows", limits.max_sheet_rows
            )
        if height * width > limits.max_sheet_cells:
            raise input_limits.over(
                path,
                where,
                f"cells of one sheet ({height:,} x {width:,})",
                height * width,
                "max_sheet_cells",
                limits.max_sheet_cells,
            )
        for i, row in enumerate(data.iter_rows(), start=first):
            for value in row:
                if isinstance(value, str) and len(value) > limits.max_field_chars:
                    raise input_limits.over(
                        path,
                        f"{where} row {i}",
                        "characters of one cell",
                        len(value),
                        "max_field_chars",
                        limits.max_field_chars,
                    )
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
