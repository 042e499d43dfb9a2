"""A corpus of hostile and broken inputs, generated (nothing large is committed).

Each :class:`Case` writes one file and says how a load of it must end: the
exact error (file, line or part, and the limit with its setting), under limits
lowered for the case where the default would need a huge file. The cases:
workbook bombs (a shared string or a sheet of blanks that inflates to hundreds
of MB, a forged zip directory, more rows than the limit, a cell at XFD1048576,
an oversized .xls), huge lines, records, names and alias lists, nesting 100,000
deep, NUL bytes at sampled lines (first, middle, last), DOCTYPEs hidden behind
latin-1, UTF-16 and 70 KB of comment, and a FIFO; cells far away written with
single quotes, spaced or without a reference, 100,000 XML attributes, curated
files and FtM values of the wrong shape (:func:`loader_cases`). Wrong-format files and
formula and escape-code names are built from the committed fixtures by the
tests themselves.

    python -m tests.support.hostile write DIR           # write the corpus
    python -m tests.support.hostile load CASE PATH      # one load, as the tests run it

``load`` runs a case in a process of its own, into an in-process store holding
the seed story, and prints one JSON line: the error, whether the store is
unchanged, and the peak memory of that process (VmHWM, its own since ``exec``).
"""

from __future__ import annotations

import codecs
import json
import os
import random
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctiongraph.settings import Limits, input_limits, load_settings
from tests.support.xlsx import write_xlsx

MB = 1 << 20

_UN_RECORD = (
    "<INDIVIDUAL><DATAID>{id}</DATAID><FIRST_NAME>{name}</FIRST_NAME>"
    "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.{id}</REFERENCE_NUMBER>"
    "<LISTED_ON>2016-11-30</LISTED_ON></INDIVIDUAL>\n"
)
UK_HEADER = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,"
    "Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,"
    "Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,"
    "Listed On,Last Updated,Group ID"
)


def uk_row(name: str, group: int, alias: str = "Prime Alias") -> str:
    """One row of a UK legacy CSV (29 columns)."""
    return (
        f'"{name}",,,,,,,,,,,,,,,,,,,,,,,Entity,{alias},Democratic People\'s Republic of Korea,'
        f"01/01/2017,01/01/2017,{group}"
    )


def uk_csv(rows: list[str]) -> bytes:
    return ("\r\n".join(["Last Updated,13/04/2018", UK_HEADER, *rows]) + "\r\n").encode("cp1252")


def un_xml(names: list[str], head: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    body = "".join(_UN_RECORD.format(id=1000 + i, name=n) for i, n in enumerate(names))
    root = '<CONSOLIDATED_LIST dateGenerated="2018-10-29T00:00:00">'
    return f"{head}{root}\n<INDIVIDUALS>\n{body}</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n"


def ftm_line(eid: str, name: str, aliases: list[str] | None = None) -> bytes:
    props = {"name": [name], "alias": aliases or [], "topics": ["sanction"]}
    return json.dumps({"id": eid, "schema": "Organization", "properties": props}).encode() + b"\n"


@dataclass
class Case:
    """One hostile file: how to write it, how to load it, and the error a load must end with.

    ``expect`` is the whole message after ``"{path}: "``; ``limits`` lower settings
    (``SANCTIONGRAPH_MAX_*`` names) for this case, so that its file stays small.
    """

    name: str
    fmt: str
    filename: str
    write: Callable[[Path], None]
    expect: str
    limits: dict[str, str] = field(default_factory=dict)
    # Peak memory a load of it may reach (MB, the process's whole VmHWM) where measured.
    peak_mb: int | None = None


def _chunks(piece: bytes, total: int) -> Iterator[bytes]:
    block = piece * max(1, MB // len(piece))
    written = 0
    while written < total:
        yield block
        written += len(block)


def _shared_strings(total: int, piece: bytes = b"A") -> dict[str, Iterator[bytes]]:
    head = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main" count="1" uniqueCount="1"><si><t>'
    )
    tail = b"</t></si></sst>"
    return {"xl/sharedStrings.xml": iter([head, *_chunks(piece, total), tail])}


def sheet_part(rows: Iterator[bytes]) -> Iterator[bytes]:
    yield b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    yield from rows
    yield b"</sheetData></worksheet>"


def _workbook_bomb(path: Path) -> None:
    # One shared string of 100 MB in a zip of 100 KB (the zip directory says so honestly,
    # and 100 MB is under the part limit: the ratio stops it after 1 MB).
    write_xlsx(path, {"Data": [["Last Updated", "2022-05-04"]]}, parts=_shared_strings(100 * MB))


def _directory_bomb(path: Path) -> None:
    # The 1.2 GB shared string, as a zip directory states it: refused unread.
    write_xlsx(path, {"Data": [["x"]]}, parts=_shared_strings(130 * MB))


def _big_shared_string(path: Path) -> None:
    write_xlsx(path, {"Data": [["x"]]}, parts=_shared_strings(3 * MB, _text(64 * 1024)))


def _blank_sheet(path: Path) -> None:
    # A sheet of 100 MB of blank cells: "empty" to a reader that survives it.
    cells = b"".join(b'<c r="A1"/>' for _ in range(1000))
    rows = sheet_part(iter([b'<row r="1">', *_chunks(cells, 100 * MB), b"</row>"]))
    write_xlsx(path, {"Data": rows}, raw=["Data"])


def _raw_sheet(path: Path, rows: Iterable[bytes]) -> None:
    """A workbook of one sheet whose rows are written as given, unchecked by the writer."""
    write_xlsx(path, {"Data": sheet_part(iter(rows))}, raw=["Data"])


def _many_rows(path: Path) -> None:
    _raw_sheet(path, (f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>'.encode()
                      for i in range(1, 5001)))  # fmt: skip


def _far_row(row: bytes) -> Callable[[Path], None]:
    """A sheet of one ordinary cell at A1, then ``row``, far below or to the right."""

    def write(path: Path) -> None:
        _raw_sheet(path, [b'<row r="1"><c r="A1"><v>1</v></c></row>', row])

    return write


_far_cell = _far_row(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def _text(size: int) -> bytes:
    """Text that compresses as real text does (about 2:1)."""
    rnd = random.Random(7)
    return bytes(rnd.choice(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ ") for _ in range(size))


def _forged(size: int, piece: bytes) -> Callable[[Path], None]:
    """A part whose zip directory claims 1 KB but whose data inflates to ``size``."""

    def write(path: Path) -> None:
        write_xlsx(path, {"Data": [["x"]]}, parts=_shared_strings(size, piece))
        _claim(path, "xl/sharedStrings.xml", 1024)

    return write


def _claim(path: Path, part: str, size: int) -> None:
    data = bytearray(path.read_bytes())
    name = part.encode()
    # Central directory entry: signature, then uncompressed size at offset 24 (or zip64 extra).
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    if data[at + 24 : at + 28] == b"\xff\xff\xff\xff":
        extra = data.find(b"\x01\x00", at + 46 + len(name))
        data[extra + 4 : extra + 12] = size.to_bytes(8, "little")
    else:
        data[at + 24 : at + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def _big_xls(path: Path) -> None:
    with path.open("wb") as fh:
        fh.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        fh.write(b"\x00" * (2 * MB))


def _long_ftm_line(path: Path) -> None:
    with path.open("wb") as fh:
        fh.write(b'{"id": "x", "schema": "Person", "properties": {"name": ["')
        for chunk in _chunks(b"A", 3 * MB):
            fh.write(chunk)
        fh.write(b'"]}}\n')


def _long_csv_line(path: Path) -> None:
    path.write_bytes(uk_csv([uk_row("A" * (3 * MB), 1)]))


def _long_csv_record(path: Path) -> None:
    # One quoted field over 1,500 short lines: no line is long, the record is.
    name = "\r\n".join("B" * 40 for _ in range(1_500))
    path.write_bytes(uk_csv([uk_row("KOREA", 1), uk_row(name, 2)]))


def _huge_xml_record(path: Path) -> None:
    path.write_text(un_xml(["A", "B" * (3 * MB), "C"]), encoding="utf-8")


def _long_name(path: Path) -> None:
    path.write_bytes(ftm_line("a", "Korea Ok") + ftm_line("b", "N" * 20_000))


def _many_aliases(path: Path) -> None:
    # Distinct names (a numbered "Alias 12" is a label, no name, and is not kept).
    path.write_bytes(ftm_line("a", "Korea", [f"Korea Trading Company {i}" for i in range(3_000)]))


def _one_group(path: Path) -> None:
    rows = [uk_row(f"KOREA NAME {i}", 77, "AKA" if i else "Prime Alias") for i in range(500)]
    path.write_bytes(uk_csv(rows))


def _deep_yaml(path: Path) -> None:
    path.write_text("format: sanctiongraph-curated/1\nsources: " + "[" * 100_000 + "]" * 100_000)


def _deep_xml(path: Path) -> None:
    path.write_text(un_xml(["A"]).replace("<FIRST_NAME>", "<a>" * 100_000 + "<FIRST_NAME>", 1))


def _deep_json(path: Path) -> None:
    path.write_bytes(b'{"id": "x", "schema": "Person", "properties": ' + b"[" * 100_000 + b"\n")


def _nul_at(line: int) -> Callable[[Path], None]:
    """A UK CSV of 600 rows with one NUL in line ``line`` (0: the last line)."""

    def write(path: Path) -> None:
        rows = [uk_row(f"KOREA TRADING {i}", i) for i in range(1, 599)]
        data = uk_csv(rows).split(b"\r\n")
        k = (line or len(data) - 1) - 1  # the last element is the empty tail
        data[k] = data[k][:3] + b"\x00" + data[k][3:]
        path.write_bytes(b"\r\n".join(data))

    return write


def _nul_in_xml(path: Path) -> None:
    text = un_xml([f"NAME {i}" for i in range(300)])
    lines = text.split("\n")
    lines[150] = lines[150].replace("NAME", "NA\x00ME", 1)
    path.write_bytes("\n".join(lines).encode())


def _escaped_nul(path: Path) -> None:
    path.write_bytes(ftm_line("a", "Korea Ok") + ftm_line("b", "E\x00U-PRK"))


def _latin1_doctype(path: Path) -> None:
    head = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- liste modifiée -->\n'
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    )
    path.write_bytes(un_xml(["&e;"], head).encode("latin-1"))


def _buried_doctype(path: Path) -> None:
    head = '<?xml version="1.0"?>\n<!--' + "x\n" * 35_000 + '-->\n<!DOCTYPE x [<!ENTITY e "e">]>\n'
    path.write_text(un_xml(["&e;"], head), encoding="utf-8")


def _utf16_doctype(path: Path) -> None:
    head = '<?xml version="1.0" encoding="UTF-16"?>\n<!-- <!DOCTYPE decoy> -->\n<!DOCTYPE x SYSTEM "http://example.org/x.dtd">\n'
    path.write_bytes(codecs.BOM_UTF16_LE + un_xml(["A"], head).encode("utf-16-le"))


def _fifo(path: Path) -> None:
    os.mkfifo(path)


_DTD = "DOCTYPE and ENTITY declarations are refused (never expanded or fetched)"


# -- loader cases: quoting, attributes, shapes (issue: parts 5 and 6) ----------------------


# Single quotes: a grep for r="..." missed it, and calamine asked for 512 GiB and aborted.
_quoted_far_cell = _far_row(b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>")
# r = "..." spaced, 40 million rows down: calamine held 1.28 GB before the sheet check.
_spaced_far_row = _far_row(b'<row r = "40000000" ><c r = "A40000000" ><v>1</v></c></row>')
# No cell reference at all: the cell takes its row's place, as calamine gives it.
_unreferenced_far_row = _far_row(b'<row r="40000000"><c><v>1</v></c></row>')


def _many_attributes(path: Path) -> None:
    # 100,000 attributes in 3.2 MB, 25,000 to a record: each record under the record limit.
    attrs = " ".join(f'a{j:05d}="{"x" * 23}"' for j in range(25_000))
    text = un_xml(["A", "B", "C", "D"]).replace("<INDIVIDUAL>", f"<INDIVIDUAL {attrs}>")
    path.write_text(text, encoding="utf-8")


def _root_attributes(path: Path) -> None:
    # 100,000 attributes on the root, 3.2 MB: no record is large, the root's tag is.
    attrs = " ".join(f'a{j:05d}="{"x" * 23}"' for j in range(100_000))
    text = un_xml(["A", "B"]).replace("<CONSOLIDATED_LIST ", f"<CONSOLIDATED_LIST {attrs} ")
    path.write_text(text, encoding="utf-8")


_CURATED = """format: sanctiongraph-curated/1
sources:
  - {{id: notes, name: My notes, publisher: me}}
entities:
  - id: acme
    kind: {kind}
    name: Acme Trading
    cite: ["notes#p1"]
    branches:
      - {branch}
"""


def _curated(kind: str, branch: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(_CURATED.format(kind=kind, branch=branch), encoding="utf-8")

    return write


def _nested_ftm(path: Path) -> None:
    nested = {"name": ["nested", ["deeper"]], "topics": ["sanction"]}
    line = json.dumps({"id": "b", "schema": "Organization", "properties": nested})
    path.write_bytes(ftm_line("a", "Korea Ok") + line.encode() + b"\n")


def loader_cases() -> list[Case]:
    """Cell references however quoted, attributes by the hundred thousand, curated
    files and FtM values of the wrong shape."""
    far = "part xl/worksheets/sheet1.xml: cells of one sheet (up to row {rows}, column {cols}): "
    cells = ", over the limit of 10,000,000 (SANCTIONGRAPH_MAX_SHEET_CELLS)"
    ftm = "FollowTheMoney values are lists of strings"
    return [
        Case("a cell at XFD1048576 in single quotes", "uk-xlsx", "ConList.xlsx", _quoted_far_cell,
             far.format(rows="1,048,576", cols="16,384") + "17,179,869,184" + cells, peak_mb=200),
        Case("a cell 40,000,000 rows down, r = spaced", "uk-xlsx", "ConList.xlsx",
             _spaced_far_row, far.format(rows="40,000,000", cols="1") + "40,000,000" + cells,
             peak_mb=200),
        Case("a row 40,000,000 down, its cell unreferenced", "jp-meti", "meti.xlsx",
             _unreferenced_far_row,
             far.format(rows="40,000,000", cols="1") + "40,000,000" + cells, peak_mb=200),
        Case("100,000 XML attributes in 3.2 MB", "un-xml", "un.xml", _many_attributes,
             "line 4: attributes of <INDIVIDUAL>: 25,000, over the limit of 1,000 "
             "(SANCTIONGRAPH_MAX_ATTRIBUTES)", peak_mb=200),
        Case("100,000 XML attributes on the root", "un-xml", "un.xml", _root_attributes,
             "line 2: attributes of <CONSOLIDATED_LIST>: 100,001, over the limit of 1,000 "
             "(SANCTIONGRAPH_MAX_ATTRIBUTES)", peak_mb=200),
        Case("curated branch given as a string", "curated", "list.yaml",
             _curated("organization", "Acme Berlin"),
             "entities[0].branches[0]: must be a mapping, got a string"),
        Case("curated kind given as a list", "curated", "list.yaml",
             _curated("[organization]", "{country: Germany, cite: ['notes#p2']}"),
             "entities[0]: kind must be organization, person, vessel or aircraft, got a list"),
        Case("FtM value a nested list", "ftm", "e.ftm.json", _nested_ftm,
             f"line 2: property 'name' holds a list, not a string ({ftm})"),
    ]  # fmt: skip


def cases() -> list[Case]:
    """The corpus. Messages are exact; ``{n}`` stands for nothing variable."""
    return [
        Case("shared-strings bomb (100 MB in 100 KB)", "uk-xlsx", "ConList.xlsx", _workbook_bomb,
             "part xl/sharedStrings.xml: inflate ratio: more than 200, over the limit of 200 "
             "(SANCTIONGRAPH_MAX_INFLATE_RATIO)", peak_mb=200),
        Case("shared string of 130 MB, as the zip says", "jp-mof", "mof.xlsx", _directory_bomb,
             "part xl/sharedStrings.xml: inflated bytes (zip directory): 136,315,020, over the "
             "limit of 134,217,728 (SANCTIONGRAPH_MAX_PART_BYTES)", peak_mb=200),
        Case("shared string past a lowered part limit", "jp-mof", "mof.xlsx", _big_shared_string,
             "part xl/sharedStrings.xml: inflated bytes (zip directory): 3,145,868, over the limit "
             "of 2,097,152 (SANCTIONGRAPH_MAX_PART_BYTES)",
             {"SANCTIONGRAPH_MAX_PART_BYTES": str(2 * MB)}),
        Case("zip directory says 1 KB, text inflates to 3 MB", "uk-xlsx", "ConList.xlsx",
             _forged(3 * MB, _text(64 * 1024)),
             "part xl/sharedStrings.xml: inflated bytes: more than 2,097,152, over the limit of "
             "2,097,152 (SANCTIONGRAPH_MAX_PART_BYTES)",
             {"SANCTIONGRAPH_MAX_PART_BYTES": str(2 * MB)}),
        Case("zip directory says 1 KB, a bomb inflates", "uk-xlsx", "ConList.xlsx",
             _forged(50 * MB, b"0123456789"),
             "part xl/sharedStrings.xml: inflate ratio: more than 200, over the limit of 200 "
             "(SANCTIONGRAPH_MAX_INFLATE_RATIO)", peak_mb=200),
        Case("zip directory says 1 KB, part inflates to 1 MB", "uk-xlsx", "ConList.xlsx",
             _forged(1024, _text(1024)),
             "part xl/sharedStrings.xml: inflates to 1,048,716 bytes, the zip directory says "
             "1,024; refused as a forged workbook"),
        Case("sheet of 100 MB of blanks", "jp-meti", "meti.xlsx", _blank_sheet,
             "part xl/worksheets/sheet1.xml: inflate ratio: more than 200, over the limit of 200 "
             "(SANCTIONGRAPH_MAX_INFLATE_RATIO)", peak_mb=200),
        Case("more rows than the limit", "uk-xlsx", "ConList.xlsx", _many_rows,
             "part xl/worksheets/sheet1.xml: rows of one sheet: more than 1,000, over the limit "
             "of 1,000 (SANCTIONGRAPH_MAX_SHEET_ROWS)", {"SANCTIONGRAPH_MAX_SHEET_ROWS": "1000"}),
        Case("a cell at XFD1048576", "uk-xlsx", "ConList.xlsx", _far_cell,
             "part xl/worksheets/sheet1.xml: cells of one sheet (up to row 1,048,576, column "
             "16,384): 17,179,869,184, over the limit of 10,000,000 "
             "(SANCTIONGRAPH_MAX_SHEET_CELLS)", peak_mb=200),
        Case(".xls past the size limit", "jp-mof", "mof.xls", _big_xls,
             ".xls file bytes: 2,097,160, over the limit of 1,048,576 "
             "(SANCTIONGRAPH_MAX_XLS_BYTES)", {"SANCTIONGRAPH_MAX_XLS_BYTES": str(MB)}),
        Case("FtM line of 3 MB", "ftm", "e.ftm.json", _long_ftm_line,
             "line 1: bytes of one line: more than 1,048,576, over the limit of 1,048,576 "
             "(SANCTIONGRAPH_MAX_RECORD_BYTES)", peak_mb=200),
        Case("CSV line of 3 MB", "uk-csv", "uk.csv", _long_csv_line,
             "line 3: bytes of one record: more than 1,048,576, over the limit of 1,048,576 "
             "(SANCTIONGRAPH_MAX_RECORD_BYTES)"),
        Case("CSV record over 1,500 lines", "uk-csv", "uk.csv", _long_csv_record,
             "line 1194: bytes of one record: more than 50,000, over the limit of 50,000 "
             "(SANCTIONGRAPH_MAX_RECORD_BYTES)", {"SANCTIONGRAPH_MAX_RECORD_BYTES": "50000"}),
        Case("XML record of 3 MB", "un-xml", "un.xml", _huge_xml_record,
             "line 5: characters of one record: more than 1,048,576, over the limit of 1,048,576 "
             "(SANCTIONGRAPH_MAX_RECORD_BYTES)", peak_mb=200),
        Case("name of 20,000 characters", "ftm", "e.ftm.json", _long_name,
             "line 2 (record b): characters of one name: 20,000, over the limit of 10,000 "
             "(SANCTIONGRAPH_MAX_NAME_CHARS)"),
        Case("3,000 aliases", "ftm", "e.ftm.json", _many_aliases,
             "line 1 (record a): aliases of one target: more than 2,000, over the limit of 2,000 "
             "(SANCTIONGRAPH_MAX_ALIASES)"),
        Case("500 rows of one UK group", "uk-csv", "uk.csv", _one_group,
             "line 3 (record 77): aliases of one target: more than 100, over the limit of 100 "
             "(SANCTIONGRAPH_MAX_ALIASES)", {"SANCTIONGRAPH_MAX_ALIASES": "100"}),
        Case("YAML nested 100,000 deep", "curated", "deep.yaml", _deep_yaml,
             "line 2: nested too deeply to be a curated list"),
        Case("XML nested 100,000 deep", "un-xml", "un.xml", _deep_xml,
             "line 4: not well-formed XML: Excessive depth in document: 256, use XML_PARSE_HUGE "
             "option, line 4, column 795"),
        Case("JSON nested 100,000 deep", "ftm", "e.ftm.json", _deep_json,
             "line 1: not JSON: depth limit exceeded: line 1 column 1071 (char 1070)"),
        Case("NUL in the first line", "uk-csv", "uk.csv", _nul_at(1),
             "line 1: not cp1252 text (binary content: a NUL byte)"),
        Case("NUL in line 301", "uk-csv", "uk.csv", _nul_at(301),
             "line 301: not cp1252 text (binary content: a NUL byte)"),
        Case("NUL in the last line", "uk-csv", "uk.csv", _nul_at(0),
             "line 600: not cp1252 text (binary content: a NUL byte)"),
        Case("NUL in XML line 151", "un-xml", "un.xml", _nul_in_xml,
             "line 151: not well-formed XML: Invalid character: Char 0x0 out of allowed range, "
             "line 151, column 43"),
        Case("escaped NUL in a JSON name", "ftm", "e.ftm.json", _escaped_nul,
             "line 2 (record b): a NUL character in the name"),
        Case("DOCTYPE after a latin-1 comment", "un-xml", "un.xml", _latin1_doctype,
             f"line 3: {_DTD}"),
        Case("DOCTYPE after 70 KB of comment", "un-xml", "un.xml", _buried_doctype,
             f"line 35003: {_DTD}"),
        Case("UTF-16 external DTD after a decoy", "un-xml", "un.xml", _utf16_doctype,
             f"line 3: {_DTD}"),
        Case("a FIFO", "uk-csv", "uk.csv", _fifo,
             "not a regular file (a FIFO); lists are read from files"),
        *loader_cases(),
    ]  # fmt: skip


def case(name: str) -> Case:
    found = [c for c in cases() if c.name == name]
    if not found:
        raise KeyError(name)
    return found[0]


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def case_limits(c: Case) -> Limits:
    """The limits of the settings, lowered as the case says."""
    from dataclasses import replace

    return replace(load_settings().limits, **input_limits(c.limits))


def load_once(
    fmt: str, path: Path, limits: Limits | None = None, seed: bool = True
) -> dict[str, Any]:
    """Load ``path`` into a store (holding the seed story); say how it ended."""
    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.curated import load_seed
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.loaders.base import LoadError

    store = MemoryStore()
    if seed:
        load_seed(store)
    before = graph_state(store.to_networkx())
    try:
        load_file(store, fmt, path, batch_size=7, limits=limits)
        error = None
    except LoadError as err:
        error = str(err)
    return {"error": error, "unchanged": graph_state(store.to_networkx()) == before,
            "peak_mb": peak_mb()}  # fmt: skip


def graph_state(g: Any) -> tuple[Any, Any]:
    """Every node and relationship with every property, comparable."""
    return (
        sorted((n, sorted(a.items())) for n, a in g.nodes(data=True)),
        sorted((u, v, k, sorted(a.items())) for u, v, k, a in g.edges(keys=True, data=True)),
    )


# -- Cypher that reaches outside the graph or grows without bound (issue 16) -------------

_OUTSIDE_ERROR = (
    "{word} is not allowed in ad-hoc Cypher: it reaches outside the graph (files, network, "
    "extensions, settings or schema)"
)


@dataclass(frozen=True)
class CypherCase:
    """One hostile ad-hoc query and the exact error it must end with, on the stores of
    ``backends``. ``{passwd}`` in the text is a file the query must not read, ``{out}`` a
    path it must not write. ``memory_mb`` lowers SANCTIONGRAPH_QUERY_MEMORY_MB for it."""

    name: str
    text: str
    expect: str
    backends: tuple[str, ...] = ("embedded", "neo4j", "memory")
    memory_mb: int | None = None


def _outside(word: str) -> str:
    return _OUTSIDE_ERROR.format(word=word)


def cypher_cases() -> list[CypherCase]:
    """What an attacker's test ran on 13788ae, each of which then printed a file, wrote one,
    loaded native code, reached the network or took gigabytes."""
    from sanctiongraph.graph.bounded import memory_message

    embedded = ("embedded",)
    return [
        CypherCase("read a file", "LOAD FROM '{passwd}' (file_format='csv', header=false, "
                   "delim=':') RETURN *", _outside("LOAD"), embedded),
        CypherCase("write a file", "COPY (RETURN 'x' AS x) TO '{out}' (header=false)",
                   _outside("COPY"), embedded),
        CypherCase("export the database", "EXPORT DATABASE '{out}'", _outside("EXPORT"), embedded),
        CypherCase("load native code", "LOAD EXTENSION '{out}'", _outside("LOAD"), embedded),
        CypherCase("install from the network", "INSTALL httpfs", _outside("INSTALL"), embedded),
        CypherCase("attach a database", "ATTACH '{out}' AS o (dbtype lbug)", _outside("ATTACH"),
                   embedded),
        CypherCase("read a file by a table function", "CALL read_csv_serial('{passwd}') RETURN *",
                   "CALL read_csv_serial is not allowed in ad-hoc Cypher: only the read-only "
                   "procedures listed in sanctiongraph/graph/functions.py may be called", embedded),
        CypherCase("LOAD CSV", "LOAD CSV FROM 'file://{passwd}' AS row RETURN row",
                   _outside("LOAD"), ("neo4j", "memory")),
        CypherCase("a plugin's file procedure", "CALL apoc.export.csv.all('{out}', {{}})",
                   "CALL apoc.export.csv.all is not allowed in ad-hoc Cypher: only the "
                   "read-only procedures listed in sanctiongraph/graph/functions.py may be "
                   "called", ("neo4j",)),
        CypherCase("the server's configuration", "CALL dbms.listConfig()",
                   "CALL dbms.listConfig is not allowed in ad-hoc Cypher: only the read-only "
                   "procedures listed in sanctiongraph/graph/functions.py may be called",
                   ("neo4j",)),
        CypherCase("a 30-million-item list", "RETURN range(1, 30000000) AS r",
                   memory_message(400), ("embedded", "neo4j"), memory_mb=400),
        CypherCase("a 1.5 GB string", "RETURN size(repeat('x', 1500000000)) AS n",
                   memory_message(400), embedded, memory_mb=400),
    ]  # fmt: skip


def main(argv: list[str]) -> None:
    if argv[:1] == ["write"] and len(argv) == 2:
        folder = Path(argv[1])
        folder.mkdir(parents=True, exist_ok=True)
        for i, c in enumerate(cases()):
            path = folder / f"{i:02d}-{c.filename}"
            if not path.exists():
                c.write(path)
            print(f"{path}\t{c.fmt}\t{c.name}")
    elif argv[:1] == ["load"] and len(argv) == 3:
        c = case(argv[1])
        # Without the seed: the child measures what the file costs, the tests check the store.
        print(json.dumps(load_once(c.fmt, Path(argv[2]), case_limits(c), seed=False)))
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
