"""A self-contained, offline HTML page of a subgraph, drawn with vis-network.

vis-network's script and style sheet come from the pyvis package (the ``viz``
extra), which ships them; they are inlined, so the page needs no network and
no files beside it. The graph travels as JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&``
escaped, and every name reaches the page through ``textContent`` or the
canvas, never as HTML: a name such as ``<img src=x onerror=…>`` shows as text.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from sanctiongraph.viz import needs_viz
from sanctiongraph.viz.layout import clustered_positions, country_of, is_major, settled
from sanctiongraph.viz.style import REL_COLOURS, legend, node_style

_HIDDEN_PROPS = {"match_names", "stated"}  # bookkeeping: each record's values as JSON


def _asset(name: str) -> str:
    try:
        lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    except ModuleNotFoundError:
        raise needs_viz("HTML drawings", "pyvis") from None
    return (lib / name).read_text(encoding="utf-8")


def caption(attrs: dict[str, Any], node_id: str, width: int = 48) -> str:
    """A node's caption: its name (an entity's with its sector), cut to ``width``."""
    text = str(attrs.get("name") or node_id)
    if attrs.get("label") == "Listing":
        # "Japan: <programme> (date)" is long; the picture needs who and when.
        text = f"{text.split(':', 1)[0]} {attrs.get('listed_on') or '(date unknown)'}"
    if attrs.get("label") == "Entity" and attrs.get("sector"):
        text = f"{text} · {attrs['sector']}"
    return text if len(text) <= width else text[: width - 1] + "…"


def graph_data(g: nx.MultiDiGraph, title: str) -> dict[str, Any]:
    """What the page draws: nodes with style and properties, edges, filter choices."""
    nodes = []
    for n, a in sorted(g.nodes(data=True)):
        st = node_style(a)
        nodes.append(
            {
                "id": n,
                "label": caption(a, n),
                "group": st.group,
                "color": st.colour,
                "shape": st.shape,
                "size": st.size,
                "kind": a.get("label"),
                # Captioned when the page opens (else on hover and when zoomed in).
                "major": is_major(a.get("label")),
                "cluster": country_of(g, n),
                "props": {k: v for k, v in sorted(a.items()) if k not in _HIDDEN_PROPS},
            }
        )
    edges = [
        {"id": f"{u}|{k}|{v}", "from": u, "to": v, "label": k, "color": REL_COLOURS.get(k, "#888")}
        for u, v, k in sorted(g.edges(keys=True))
    ]
    authorities = sorted(
        (n, a.get("name") or n) for n, a in g.nodes(data=True) if a.get("label") == "Authority"
    )
    countries = sorted(
        (n, a.get("name") or n) for n, a in g.nodes(data=True) if a.get("label") == "Country"
    )
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "authorities": authorities,
        "countries": countries,
        "legend": [{"group": s.group, "color": s.colour} for s in legend()],
    }


def _json_for_script(data: object) -> str:
    # JSON inside <script> must not be able to close the element or open a comment.
    text = orjson.dumps(data).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(g: nx.MultiDiGraph, title: str) -> dict[str, Any]:
    """graph_data with each node's place, its country's nodes around it (the page draws
    them there; ``settled`` says the places are final, so no physics run scatters the
    groups again, else they are where the page's physics starts)."""
    data = graph_data(g, title)
    data["settled"] = settled(g)
    pos = clustered_positions(g)
    for item in data["nodes"]:
        item["x"], item["y"] = pos[item["id"]]
    return data


def render_html(g: nx.MultiDiGraph, title: str) -> str:
    template = resources.files("sanctiongraph.viz").joinpath("page.html").read_text("utf-8")
    return (
        template.replace("/*VIS_CSS*/", _asset("vis-network.css"))
        .replace("/*VIS_JS*/", _asset("vis-network.min.js"))
        .replace("/*GRAPH_JSON*/", _json_for_script(page_data(g, title)))
        .replace("<!--TITLE-->", _escape(title))
    )


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def write_html(g: nx.MultiDiGraph, path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(g, title), encoding="utf-8")
    return path
