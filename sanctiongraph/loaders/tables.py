"""Delimited text as the lists publish it: legacy encodings, null markers, EOF bytes."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sanctiongraph.loaders.base import LoadError

# Fields can hold long remarks; the csv default (128 KiB) is kept as a guard.
csv.field_size_limit(1 << 20)


def _check_text(path: Path, encoding: str) -> None:
    try:
        with path.open("rb") as raw:
            head = raw.read(4096)
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror}") from None
    if not head.strip(b"\x1a\r\n\t "):
        raise LoadError(path, None, "the file is empty")
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raise LoadError(path, "line 1", f"not a {encoding} text file (binary content)")


def _decoded(path: Path, encoding: str, where: list[int]) -> Iterator[str]:
    """Lines decoded one by one, so that a bad byte is reported on its own line."""
    with path.open("rb") as raw:
        for n, line in enumerate(raw, start=1):
            where[0] = n
            if n == 1 and encoding == "utf-8-sig":
                line = line.removeprefix(b"\xef\xbb\xbf")
            try:
                yield line.decode("utf-8" if encoding == "utf-8-sig" else encoding)
            except UnicodeDecodeError as err:
                raise LoadError(path, f"line {n}", f"not {encoding} text: {err.reason}") from None


def rows(path: Path, encoding: str, width: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` per CSV row; ``width`` is checked where the format fixes it.

    A trailing Ctrl-Z (0x1A, which OFAC appends) and blank rows are skipped.
    """
    _check_text(path, encoding)
    where = [0]
    reader = csv.reader(_decoded(path, encoding, where))
    try:
        for row in reader:
            if not row or (len(row) == 1 and row[0].strip("\x1a \r\n") == ""):
                continue
            if width is not None and len(row) != width:
                raise LoadError(
                    path, f"line {reader.line_num}", f"{len(row)} columns, the format has {width}"
                )
            yield reader.line_num, row
    except csv.Error as err:
        raise LoadError(path, f"line {where[0]}", f"bad CSV: {err}") from None


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
