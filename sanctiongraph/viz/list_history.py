"""One list over time: entries added (up) and removed (down) by each edition (PNG, SVG, HTML).

Entries are the publisher's record ids (see ``resolution.changes.history``).

A bar per edition date of the list, from ``resolution.changes.history``: what each
edition added against the edition before it, and what it removed (a complete edition
only). The first edition has nothing to compare with: a mark on the zero line names
its entries instead of a bar, which would dwarf every change after it.

matplotlib (the ``viz`` extra) is imported only when a picture is asked for; an HTML
page without it still holds the table, and says what the picture needs.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctiongraph.resolution.changes import HISTORY_COLUMNS, Entry, history
from sanctiongraph.viz import VIZ_INSTALL, MissingExtra
from sanctiongraph.viz.figure import figure, pyplot, save

if TYPE_CHECKING:
    from sanctiongraph.graph.store import Store

ADDED, REMOVED, FIRST = "#009E73", "#D55E00", "#555555"  # Okabe-Ito, as the other drawings


def write_list_history(
    store: Store,
    path: Path,
    list_name: str,
    entries: Callable[[str], Mapping[str, Entry]] | None = None,
) -> Path:
    """Draw the additions and removals of each edition of ``list_name`` to ``path``
    (``entries``: as ``history`` takes them, for a list without stable ids)."""
    suffix = path.suffix.lstrip(".").lower() or "png"
    try:
        pyplot()  # before reading: without the viz extra, say so at once
    except MissingExtra:
        if suffix != "html":
            raise
        # An HTML page still holds the table, and says what the picture needs.
        rows = history(store, list_name, entries)
        note = f"<p>The picture needs the viz extra (matplotlib): {html.escape(VIZ_INSTALL)}</p>"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_page(list_name, note, rows), encoding="utf-8")
        return path
    from matplotlib.ticker import MaxNLocator

    rows = history(store, list_name, entries)
    days: list[Any] = [dt.date.fromisoformat(r["date"]) for r in rows]
    added = [r["added"] or 0 for r in rows]
    removed = [-(r["removed"] or 0) for r in rows]
    # Bars a few days wide whatever the span, so that editions a week apart stay apart.
    span = (max(days) - min(days)).days if len(days) > 1 else 30
    width = max(1.0, span / 80)
    with figure((10, 4)) as (fig, ax):
        ax.bar(days[1:], added[1:], width=width, color=ADDED, label="added")
        ax.bar(days[1:], removed[1:], width=width, color=REMOVED, label="removed")
        if rows:
            first = rows[0]["entries"]
            ax.plot(days[:1], [0], marker="D", color=FIRST, linestyle="none", label="first edition")
            ax.annotate(
                f"first edition: {first:,} entries" if first is not None else "first edition",
                (days[0], 0), xytext=(4, 6), textcoords="offset points", fontsize=8, color=FIRST,
            )  # fmt: skip
        ax.axhline(0, color="#888888", lw=0.8)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 1.5 entries
        ax.set_ylabel("entries")
        ax.set_title(f"{list_name}: entries added and removed by each edition", fontsize=10)
        ax.legend(loc="upper left", frameon=False)
        ax.grid(axis="y", color="#EEEEEE")
        fig.autofmt_xdate()
        fig.tight_layout()
        return save(fig, path, lambda svg: _page(list_name, svg, rows), dpi=120)


def _page(list_name: str, picture: str, rows: list[dict[str, Any]]) -> str:
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
        f"</style></head><body>{picture}<table><tr>{head}</tr>{body}</table></body></html>\n"
    )
