"""A timeline of events by type and each authority's answering listings (PNG, SVG or HTML).

One lane per event type (launch classes, nuclear tests), one lane per authority; each
answered event is joined to the first listing of each authority that answers it (a
marker sized by how many listings), so an escalation such as 2016-2017 and each
authority's reaction can be seen at a glance. Only cited links are drawn (those of the
``response-atlas``); the data comes from named queries, so every store draws the same.

matplotlib (the ``viz`` extra) is imported only when a picture is asked for.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctiongraph.queries import run_query
from sanctiongraph.queries.atlas import response_atlas
from sanctiongraph.viz.figure import figure, pyplot, save

if TYPE_CHECKING:
    from sanctiongraph.graph.store import Store

# Lanes from the top: the most threatening first; types not named here follow.
TYPE_ORDER = (
    "nuclear_test", "icbm_launch", "irbm_launch", "slbm_launch", "mrbm_launch",
    "hgv_launch", "satellite_launch", "srbm_launch", "cruise_missile_launch", "unknown_launch",
)  # fmt: skip
TYPE_COLOURS = {
    "nuclear_test": "#D55E00", "icbm_launch": "#CC79A7", "irbm_launch": "#E69F00",
    "slbm_launch": "#0072B2", "mrbm_launch": "#009E73", "hgv_launch": "#56B4E9",
    "satellite_launch": "#F0E442", "srbm_launch": "#999999", "unknown_launch": "#BBBBBB",
}  # fmt: skip


def timeline_data(store: Store, params: Mapping[str, Any]) -> dict[str, Any]:
    """Events (in the range) and the cited answers to them, as plain rows."""
    events = run_query(store, "events", {k: params.get(k) for k in ("type", "since", "until")})
    events = [e for e in events if e["type"] != "meeting" and e["date"]]
    atlas = response_atlas(store, {k: params.get(k) for k in ("type", "since", "until")})
    return {"events": events, "answers": atlas.rows, "medians": atlas.medians}


def write_timeline(store: Store, path: Path, params: Mapping[str, Any] | None = None) -> Path:
    """Draw the timeline of ``params`` (type, since, until) to ``path``.

    The suffix picks the format: .png, .svg, or .html (a self-contained page with the
    picture inline and the rows it draws, for the same offline use as the HTML drawings).
    """
    pyplot("Timelines (PNG, SVG and HTML)")  # before reading: without the viz extra, say so
    data = timeline_data(store, params or {})
    present = {e["type"] for e in data["events"]}
    types = [t for t in TYPE_ORDER if t in present] + sorted(present - set(TYPE_ORDER))
    authorities = sorted({r["authority"] for r in data["answers"]})
    lanes = {t: i for i, t in enumerate(types)}
    lanes.update({a: len(types) + 1 + i for i, a in enumerate(authorities)})

    def day(text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    with figure((14, 1.2 + 0.45 * len(lanes))) as (fig, ax):
        where = {e["key"]: (day(e["date"]), lanes[e["type"]]) for e in data["events"]}
        for r in data["answers"]:
            if r["key"] in where and r["first_listed"]:
                x0, y0 = where[r["key"]]
                span: list[Any] = [x0, day(r["first_listed"])]
                ax.plot(span, [y0, lanes[r["authority"]]],
                        color="#888888", lw=0.6, alpha=0.5, zorder=1)  # fmt: skip
        for t in types:
            xs: list[Any] = [day(e["date"]) for e in data["events"] if e["type"] == t]
            ax.scatter(xs, [lanes[t]] * len(xs), s=28, marker="|" if t.endswith("launch") else "*",
                       color=TYPE_COLOURS.get(t, "#444444"), zorder=2, label=t)  # fmt: skip
        for a in authorities:
            rows = [r for r in data["answers"] if r["authority"] == a and r["first_listed"]]
            firsts: list[Any] = [day(r["first_listed"]) for r in rows]
            ax.scatter(firsts, [lanes[a]] * len(rows),
                       s=[12 + 3 * r["listings"] for r in rows], color="#000000", alpha=0.7,
                       zorder=3)  # fmt: skip
        ax.set_yticks(list(lanes.values()), [k.replace("_", " ") for k in lanes])
        ax.invert_yaxis()
        ax.axhline(len(types), color="#CCCCCC", lw=0.8)
        ax.grid(axis="x", color="#EEEEEE")
        shown = ", ".join(f"{k}={v}" for k, v in (params or {}).items() if v)
        ax.set_title(
            "Events by type, and the first listing of each authority answering each (cited links)"
            + (f" — {shown}" if shown else ""),
            fontsize=10,
        )
        fig.tight_layout()
        return save(fig, path, lambda svg: _page(svg, data), dpi=120)


def _page(svg: str, data: Mapping[str, Any]) -> str:
    """A self-contained page: the picture inline, then the atlas rows it draws (no scripts)."""
    columns = ("event", "event_date", "authority", "listings", "first_listed", "lag_days")
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(r.get(c) or ''))}</td>" for c in columns) + "</tr>"
        for r in data["answers"]
    )
    medians = "; ".join(
        f"{html.escape(str(m['authority']))}: {m['median_lag_days']} days over {m['events']} "
        + ("event" if m["events"] == 1 else "events")
        for m in data["medians"]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>sanctiongraph timeline</title><style>body{font-family:sans-serif;margin:1em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>"
        f"</head><body>{svg}<p>Median lag per authority (cited links, from local dates): "
        f"{medians or 'none'}</p><table><tr>{head}</tr>{body}</table></body></html>\n"
    )
