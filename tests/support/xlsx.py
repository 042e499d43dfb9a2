"""A minimal ``.xlsx`` writer for generated inputs: the loader-scaling benchmark's
workbooks and the hostile corpus's (``tests.support.hostile``).

Cells are inline strings or numbers, one part per sheet, no styles: enough for
calamine, which reads the lists. Parts can also be given as byte chunks, written
as a stream, so that a corpus can hold a part that inflates to gigabytes
without ever holding it.

>>> import tempfile, pathlib
>>> from sanctiongraph.loaders.sheets import iter_rows
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
>>> _ = write_xlsx(path, {"Data": [["name", "n"], ["Kumgang Bank", 3]]})
>>> [row for _, _, row in iter_rows(path)]
[('name', 'n'), ('Kumgang Bank', 3.0)]
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sanctiongraph.output import xml_text

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = f"{_REL}/worksheet"


def column(n: int) -> str:
    """Column letters of a 1-based index: 1 → A, 28 → AB."""
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, dt.date):
        value = f"{value.year}.{value.month}.{value.day}"
    text = escape(xml_text(str(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def sheet_chunks(rows: Iterable[Sequence[Any]]) -> Iterable[bytes]:
    """A worksheet part, row by row."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{_NS}"><sheetData>'.encode()
    for i, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column(j)}{i}", v) for j, v in enumerate(row, start=1))
        yield f'<row r="{i}">{cells}</row>'.encode()
    yield b"</sheetData></worksheet>"


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Iterable[Sequence[Any]] | Iterable[bytes]],
    *,
    raw: Iterable[str] = (),
    parts: Mapping[str, Iterable[bytes]] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Write a workbook of ``sheets`` (name → rows, or → byte chunks of the part for
    the names in ``raw``), plus any other ``parts`` (name → byte chunks)."""
    names = list(sheets)
    book = "".join(
        f'<sheet name="{escape(n, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, n in enumerate(names, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_SHEET_TYPE}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    fixed = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://'
        'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
        f'+xml"/>{overrides}</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{_NS}" '
        f'xmlns:r="{_REL}"><sheets>{book}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships '
        f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
        "</Relationships>",
    }
    raw_names = set(raw)
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, text in fixed.items():
            z.writestr(name, text)
        for i, name in enumerate(names, start=1):
            content: Any = sheets[name]
            chunks: Iterable[bytes] = content if name in raw_names else sheet_chunks(content)
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as fh:
                for chunk in chunks:
                    fh.write(chunk)
        for name, chunks in (parts or {}).items():
            with z.open(name, "w", force_zip64=True) as fh:
                for chunk in chunks:
                    fh.write(chunk)
    return path
