"""Write the graph in formats other tools open: GraphML and GEXF (Gephi,
yEd, Cytoscape) and the store's own JSON.

GraphML and GEXF have no list type, so list properties are written as JSON
strings; every other value keeps its type. Both are XML 1.0, which cannot hold
NUL, ESC and most other control characters even escaped: those are dropped
from every key and text (``output.xml_text``), so a name from a hostile file
cannot make the export unreadable.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import orjson

from sanctiongraph.graph.memory import write_graph
from sanctiongraph.output import xml_text

EXPORT_FORMATS = ("graphml", "gexf", "json")


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with list values turned into JSON strings, for formats without lists,
    and only characters XML can hold."""

    def text(value: object) -> object:
        return xml_text(value) if isinstance(value, str) else value

    def flat(attrs: dict[str, object]) -> dict[str, object]:
        return {
            xml_text(k): text(orjson.dumps(v).decode() if isinstance(v, list) else v)
            for k, v in attrs.items()
            if v is not None
        }

    out = nx.MultiDiGraph()
    out.add_nodes_from((text(n), flat(a)) for n, a in g.nodes(data=True))
    out.add_edges_from(
        (text(u), text(v), text(k), flat(a)) for u, v, k, a in g.edges(keys=True, data=True)
    )
    return out


def export_graph(g: nx.MultiDiGraph, fmt: str, path: Path) -> Path:
    if fmt == "json":
        write_graph(g, path)
    elif fmt == "graphml":
        nx.write_graphml(flat_graph(g), path)
    elif fmt == "gexf":
        nx.write_gexf(flat_graph(g), path)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {EXPORT_FORMATS}")
    return path
