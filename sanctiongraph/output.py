"""Rows out: a rich table for people, JSON or CSV for programs.

JSON prints exactly one JSON document on stdout (an array of row objects, or
one object), so it can be piped into ``jq``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json", "csv")


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
        console.file.write(orjson.dumps(list(rows), option=orjson.OPT_INDENT_2).decode() + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        console.file.write(buf.getvalue())
    else:
        table = Table(title=title, show_lines=False, title_justify="left")
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            # Cell text is data, never markup: a name like "[bold]" must print as itself.
            table.add_row(*(_escape(_cell(r.get(c))) for c in columns))
        console.print(table)
        if not rows:
            console.print("[dim](no rows)[/dim]")


def render_object(obj: Mapping[str, Any], fmt: str, console: Console) -> None:
    if fmt == "json":
        console.file.write(orjson.dumps(dict(obj), option=orjson.OPT_INDENT_2).decode() + "\n")
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
