"""Rows out: a rich table for people, JSON or CSV for programs.

JSON prints exactly one JSON document on stdout (an array of row objects, or
one object), so it can be piped into ``jq``.

Names come from published files, and a file can hold anything, so each way out
has one rule, kept here and used everywhere:

* CSV (:func:`csv_cell`): a cell that a spreadsheet would run as a formula gets
  a leading ``'`` (the OWASP rule for CSV injection);
* CSV, JSON and ``warning:`` lines (:func:`visible_text`): C0 and C1 control
  characters and bidirectional overrides and isolates are shown escaped, as the
  text ``\x1b`` or ``\u202e``, so a name can neither act on a terminal nor hide
  what it holds (the store keeps the name as loaded; only what is printed changes);
* terminals (:func:`terminal_text`): control characters (ESC and the rest) are
  dropped from tables, so a name cannot recolour, move or clear the screen;
* XML exports (:func:`xml_text`): characters XML 1.0 cannot hold are dropped;
* error messages (:func:`clip`): long values are shortened.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

FORMATS = ("table", "json", "csv")
# The width a table is measured in when nothing (no terminal) bounds it.
_UNBOUNDED = 1_000_000

# Cells starting with these are formulas to Excel, LibreOffice and Google Sheets.
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
# C0 and C1 controls and DEL; newlines and tabs are kept where the caller allows them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates can make a name read as another one.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What CSV, JSON and warnings show escaped: the two sets above, with or without \t and \n.
_SHOWN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SHOWN_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 cannot hold at all (not even as a character reference).
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible_text(text: str, newlines: bool = True) -> str:
    r"""Text with its control characters and bidi overrides shown escaped, as ``\x1b``
    (C0, DEL and C1) or ``\u202e`` (bidi). Newlines and tabs are kept where
    ``newlines`` allows them (a CSV cell or a JSON string holds them safely).

    >>> print(visible_text("Kumgang\x1b[31m Bank\x07 \x9b \u202eknaB"))
    Kumgang\x1b[31m Bank\x07 \x9b \u202eknaB
    >>> print(visible_text("two\nlines", newlines=False))
    two\x0alines
    """
    pattern = _SHOWN if newlines else _SHOWN_ONE_LINE
    return pattern.sub(_shown, text)


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula, with its
    control characters shown escaped (:func:`visible_text`).

    Plain numbers, negative ones included, stay numbers.

    >>> [csv_cell(v) for v in ("=HYPERLINK(1)", "@SUM(1+1)", "-3.5", -3, "Kumgang Bank")]
    ["'=HYPERLINK(1)", "'@SUM(1+1)", '-3.5', -3, 'Kumgang Bank']
    """
    if not isinstance(value, str):
        return value
    value = visible_text(value)
    if value.startswith(_FORMULA_LEAD) and not _NUMBER.match(value):
        return "'" + value
    return value


def json_safe(value: Any) -> Any:
    r"""``value`` with every string in it (keys too) passed through :func:`visible_text`,
    for JSON output: the document stays valid JSON, and reads back as the escaped text.

    >>> json_safe({"name\x1b": ["a\u2066b", 3]})
    {'name\\x1b': ['a\\u2066b', 3]}
    """
    if isinstance(value, str):
        return visible_text(value)
    if isinstance(value, Mapping):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def terminal_text(text: str, newlines: bool = True) -> str:
    r"""Text without the control characters that would act on a terminal.

    >>> terminal_text("Kumgang\x1b[31m Bank\x07")
    'Kumgang[31m Bank'
    """
    text = _BIDI.sub("", _CONTROLS.sub("", text))
    return text.replace("\t", " ") if newlines else text.replace("\n", " ").replace("\t", " ")


def xml_text(text: str) -> str:
    r"""Text XML 1.0 can hold: other characters (NUL, ESC, ...) are dropped.

    >>> xml_text("a\x00b\x1bc\td")
    'abc\td'
    """
    return _NOT_XML.sub("", text)


def clip(text: str, limit: int = 300) -> str:
    """At most ``limit`` characters, saying how many were left out.

    >>> clip("x" * 1000, 20)
    'xxxxxxxxxx… (990 characters left out)'
    """
    if len(text) <= limit:
        return text
    keep = max(limit // 2, 1)
    return f"{text[:keep]}… ({len(text) - keep:,} characters left out)"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) if v is not None else "?" for v in value)
    return str(value)


def render_rows(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str,
    console: Console,
    title: str | None = None,
) -> None:
    if fmt == "json":
        text = orjson.dumps(json_safe(list(rows)), option=orjson.OPT_INDENT_2).decode()
        console.file.write(text + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(csv_row(columns))
        for r in rows:
            w.writerow(csv_row(_cell(r.get(c)) for c in columns))
        console.file.write(buf.getvalue())
    else:
        heads = [terminal_text(c) for c in columns]
        cells = [[terminal_text(_cell(r.get(c))) for c in columns] for r in rows]
        widths = [max(map(_text_width, column)) for column in zip(heads, *cells, strict=True)]
        if console.is_terminal or len(cells) < 2 or any("\n" in x for line in cells for x in line):
            print_table(console, _table(title, heads, cells), widths)
        else:
            _print_long_table(console, _table(title, heads, cells[:1]), cells[1:], widths)
        if not rows:
            console.print("[dim](no rows)[/dim]")


def _table(title: str | None, heads: list[str], cells: list[list[str]]) -> Table:
    table = Table(
        title=terminal_text(title) if title else None, show_lines=False, title_justify="left"
    )
    for c in heads:
        table.add_column(_escape(c), overflow="fold")
    for line in cells:
        # Cell text is data, never markup: a name like "[bold]" must print as itself
        # (a Text is never parsed as markup or emoji codes, which also spares the
        # parsing), and "\x1b[2J" must not clear the screen.
        table.add_row(*(Text(x) for x in line))
    return table


def _print_long_table(
    console: Console, table: Table, rest: list[list[str]], widths: Sequence[int]
) -> None:
    """``table`` (its first row) and the ``rest`` of its rows, all cells of one line, to a
    pipe or file, as :func:`print_table` prints them, at the cost of CSV: rich lays out
    the borders, the header and the first row; the other rows, one line each with no
    fold, are padded to the same widths here (rich laying out each of thousands of
    cells took seconds)."""
    buf = io.StringIO()
    print_table(Console(file=buf, color_system=None), table, widths)
    head = buf.getvalue().splitlines(keepends=True)
    bottom = head.pop()
    out = console.file
    out.writelines(head)
    box = table.box
    assert box is not None  # a Table's default box
    left, mid, right = f"{box.mid_left} ", f" {box.mid_vertical} ", f" {box.mid_right}"
    for line in rest:
        padded = (x + " " * (w - cell_len(x)) for x, w in zip(line, widths, strict=True))
        out.write(left + mid.join(padded) + right + "\n")
    out.write(bottom)


def _text_width(text: str) -> int:
    """The cells ``text``'s widest line takes on a terminal."""
    return max(cell_len(line) for line in text.split("\n"))


def print_table(console: Console, table: Table, widths: Sequence[int] | None = None) -> None:
    """``table`` on ``console``; to a pipe or a file, never folded.

    No screen width applies there: a table folded at 80 columns splits ids and names
    mid-token, which grep, cut and a reader's pager cannot join again. Each column gets its
    widest cell, so every row is one line; the title and caption, which a table folds to
    its own width, are lines of their own. (Console.print caps a width at the console's,
    hence a console of the table's width.)

    ``widths``, each column's widest cell as the caller counted it, spare rich measuring
    every cell twice (thousands of rows took seconds): given where no fold is needed.
    """
    if widths is not None:
        # Borders and padding: three cells a column and one more.
        fits = not console.is_terminal or sum(widths) + 3 * len(widths) + 1 <= console.width
        if fits:
            for column, cells in zip(table.columns, widths, strict=True):
                column.width, column.no_wrap = cells, True
    if console.is_terminal:
        console.print(table)
        return
    title, caption = table.title, table.caption
    table.title = table.caption = None
    width = Measurement.get(console, console.options.update(width=_UNBOUNDED), table)
    wide = Console(file=console.file, width=width.maximum, color_system=None)
    if title:
        console.file.write(terminal_text(str(title), newlines=False) + "\n")
    wide.print(table)
    if caption:
        console.file.write(terminal_text(str(caption), newlines=False) + "\n")


def render_object(obj: Mapping[str, Any], fmt: str, console: Console) -> None:
    if fmt == "json":
        text = orjson.dumps(json_safe(dict(obj)), option=orjson.OPT_INDENT_2).decode()
        console.file.write(text + "\n")
        return
    flat: list[dict[str, Any]] = []
    for k, v in obj.items():
        if isinstance(v, Mapping):
            flat.extend({"what": f"{k}.{kk}", "value": vv} for kk, vv in v.items())
        else:
            flat.append({"what": k, "value": v})
    render_rows(flat, ("what", "value"), fmt, console)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
