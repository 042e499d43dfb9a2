"""Delimited text as the lists publish it: legacy encodings, null markers, EOF bytes."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.limits import current, over


def _check_text(path: Path, encoding: str) -> None:
    try:
        with path.open("rb") as raw:
            head = raw.read(4096)
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror}") from None
    if not head.strip(b"\x1a\r\n\t "):
        raise LoadError(path, None, "the file is empty")
    if head.startswith(b"PK\x03\x04"):
        raise LoadError(path, "line 1", f"not a {encoding} text file (binary content: a zip)")


@dataclass
class _Record:
    """Bytes of the CSV record being read (a quoted field can span lines)."""

    line: int = 0
    bytes: int = 0


def _decoded(path: Path, encoding: str, rec: _Record, limit: int) -> Iterator[str]:
    """Lines decoded one by one, so that a bad byte or a NUL is reported on its own line.

    A line is read at most ``limit`` + 1 bytes at a time: a file of one endless line
    is refused without being held.
    """
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    with path.open("rb") as raw:
        n = 0
        while line := raw.readline(limit + 1):
            n += 1
            rec.line = n
            rec.bytes += len(line)
            if rec.bytes > limit:
                raise over(path, f"line {n}", "bytes of one record", rec.bytes,
                           "max_record_bytes", limit, more=True)  # fmt: skip
            if n == 1 and encoding == "utf-8-sig":
                line = line.removeprefix(b"\xef\xbb\xbf")
            if b"\x00" in line:
                # UTF-16 (every other byte NUL) or binary data, or one stray NUL.
                raise LoadError(
                    path, f"line {n}", f"not {encoding} text (binary content: a NUL byte)"
                )
            try:
                yield line.decode(codec)
            except UnicodeDecodeError as err:
                raise LoadError(path, f"line {n}", f"not {encoding} text: {err.reason}") from None


def rows(path: Path, encoding: str, width: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` per CSV row; ``width`` is checked where the format fixes it.

    A trailing Ctrl-Z (0x1A, which OFAC appends) and blank rows are skipped. Records,
    lines and fields are bounded by the input limits (``loaders.limits``).
    """
    _check_text(path, encoding)
    limits = current()
    rec = _Record()
    # The csv module's limit is process-wide; every reader sets it from its load's limits.
    csv.field_size_limit(limits.max_field_chars)
    reader = csv.reader(_decoded(path, encoding, rec, limits.max_record_bytes))
    try:
        for row in reader:
            rec.bytes = 0
            if not row or (len(row) == 1 and row[0].strip("\x1a \r\n") == ""):
                continue
            if width is not None and len(row) != width:
                raise LoadError(
                    path, f"line {reader.line_num}", f"{len(row)} columns, the format has {width}"
                )
            yield reader.line_num, row
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            raise over(path, f"line {rec.line}", "characters of one field",
                       limits.max_field_chars, "max_field_chars", limits.max_field_chars,
                       more=True) from None  # fmt: skip
        raise LoadError(path, f"line {rec.line}", f"bad CSV: {err}") from None


def dict_rows(
    path: Path, encoding: str, required: tuple[str, ...]
) -> tuple[list[str], Iterator[tuple[int, dict[str, str | None]]]]:
    """A CSV with a header line: the header, and each row as a dict (empty → None).

    The header must name every ``required`` column; a row of another width is an error.
    """
    it = rows(path, encoding)
    first = next(it, None)
    if first is None:
        raise LoadError(path, None, "the file is empty")
    header = [h.strip() for h in first[1]]
    missing = [c for c in required if c not in header]
    if missing:
        raise LoadError(path, "line 1", "missing required columns: " + ", ".join(missing))

    def body() -> Iterator[tuple[int, dict[str, str | None]]]:
        for line, raw in it:
            if len(raw) != len(header):
                raise LoadError(
                    path, f"line {line}", f"{len(raw)} columns, the header has {len(header)}"
                )
            yield line, {h: null(v, "") for h, v in zip(header, raw, strict=True)}

    return header, body()


def null(value: str | None, marker: str = "-0-") -> str | None:
    """A field's value, or None for empty and the list's null marker."""
    if value is None:
        return None
    text = " ".join(value.split())
    return None if not text or text == marker else text
