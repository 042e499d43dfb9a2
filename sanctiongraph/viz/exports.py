"""Exports for other tools: Cytoscape JSON and the Neo4j Browser style file."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import orjson

from sanctiongraph.viz.style import grass, node_style


def cytoscape_json(g: nx.MultiDiGraph) -> dict[str, object]:
    """Cytoscape.js / Cytoscape desktop JSON, with each node's colour and legend group."""
    elements: dict[str, list[dict[str, object]]] = {"nodes": [], "edges": []}
    for n, a in g.nodes(data=True):
        st = node_style(a)
        data = {k: v for k, v in a.items() if k != "match_names"}
        data.update(id=n, group=st.group, colour=st.colour)
        elements["nodes"].append({"data": data})
    for u, v, k, a in g.edges(keys=True, data=True):
        elements["edges"].append({"data": {**a, "id": f"{u}|{k}|{v}", "source": u, "target": v}})
    return {"format_version": "1.0", "generated_by": "sanctiongraph", "elements": elements}


def write_cytoscape(g: nx.MultiDiGraph, path: Path) -> Path:
    path.write_bytes(orjson.dumps(cytoscape_json(g), option=orjson.OPT_INDENT_2))
    return path


def write_grass(path: Path) -> Path:
    path.write_text(grass(), encoding="utf-8")
    return path
