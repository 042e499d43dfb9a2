"""One list over time: entries added (up) and removed (down) by each edition (PNG, SVG, HTML).

Entries are the publisher's record ids (see ``resolution.changes.history``).

A bar per edition date of the list, from ``resolution.changes.history``: what each
edition added against the edition before it, and what it removed (a complete edition
only). The first edition has nothing to compare with, so it draws no bar; its entries
are in the table of the HTML page.

matplotlib (the ``viz`` extra) is imported only when a picture is asked for.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctiongraph.resolution.changes import HISTORY_COLUMNS, history
from sanctiongraph.viz.figure import figure, pyplot, save

if TYPE_CHECKING:
    from sanctiongraph.graph.store import Store

ADDED, REMOVED = "#009E73", "#D55E00"  # Okabe-Ito, as the other drawings


def write_list_history(store: Store, path: Path, list_name: str) -> Path:
    """Draw the additions and removals of each edition of ``list_name`` to ``path``."""
    pyplot()  # before reading: without the viz extra, say so at once
    rows = history(store, list_name)
    days: list[Any] = [dt.date.fromisoformat(r["date"]) for r in rows]
    added = [r["added"] or 0 for r in rows]
    removed = [-(r["removed"] or 0) for r in rows]
    # Bars a few days wide whatever the span, so that editions a week apart stay apart.
    span = (max(days) - min(days)).days if len(days) > 1 else 30
    width = max(1.0, span / 80)
    with figure((10, 4)) as (fig, ax):
        ax.bar(days, added, width=width, color=ADDED, label="added")
        ax.bar(days, removed, width=width, color=REMOVED, label="removed")
        ax.axhline(0, color="#888888", lw=0.8)
        ax.set_ylabel("entries")
        ax.set_title(f"{list_name}: entries added and removed by each edition", fontsize=10)
        ax.legend(loc="upper left", frameon=False)
        ax.grid(axis="y", color="#EEEEEE")
        fig.autofmt_xdate()
        fig.tight_layout()
        return save(fig, path, lambda svg: _page(list_name, svg, rows), dpi=120)


def _page(list_name: str, svg: str, rows: list[dict[str, Any]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in HISTORY_COLUMNS)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape('' if r[c] is None else str(r[c]))}</td>" for c in HISTORY_COLUMNS
        )
        + "</tr>"
        for r in rows
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(list_name)} over time</title><style>body{{font-family:sans-serif;"
        "margin:1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}"
        f"</style></head><body>{svg}<table><tr>{head}</tr>{body}</table></body></html>\n"
    )
