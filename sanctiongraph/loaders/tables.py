"""Delimited text as the lists publish it: legacy encodings, null markers, EOF bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from sanctiongraph.loaders.base import LoadError

# Fields can hold long remarks; the csv default (128 KiB) is kept as a guard.
csv.field_size_limit(1 << 20)


def open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    """Open a text file in the encoding its publisher uses, refusing what is not text."""
    try:
        raw = path.open("rb")
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror}") from None
    head = raw.read(4096)
    raw.seek(0)
    if not head.strip(b"\x1a\r\n\t "):
        raw.close()
        raise LoadError(path, None, "the file is empty")
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raw.close()
        raise LoadError(path, "line 1", f"not a {encoding} text file (binary content)")
    return io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")


def rows(path: Path, encoding: str, width: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` per CSV row; ``width`` is checked where the format fixes it.

    A trailing Ctrl-Z (0x1A, which OFAC appends) and blank rows are skipped.
    """
    with open_text(path, encoding) as fh:
        reader = csv.reader(fh)
        try:
            for row in reader:
                if not row or (len(row) == 1 and row[0].strip("\x1a \r\n") == ""):
                    continue
                if width is not None and len(row) != width:
                    raise LoadError(path, f"line {reader.line_num}",
                                    f"{len(row)} columns, the format has {width}")  # fmt: skip
                yield reader.line_num, row
        except UnicodeDecodeError as err:
            raise LoadError(path, f"line {reader.line_num + 1}",
                            f"not {encoding} text: {err.reason}") from None  # fmt: skip
        except csv.Error as err:
            raise LoadError(path, f"line {reader.line_num}", f"bad CSV: {err}") from None


def null(value: str | None, marker: str = "-0-") -> str | None:
    """A field's value, or None for empty and the list's null marker."""
    if value is None:
        return None
    text = " ".join(value.split())
    return None if not text or text == marker else text
