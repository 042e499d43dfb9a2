"""Write the graph in formats other tools open: GraphML and GEXF (Gephi,
yEd, Cytoscape) and the store's own JSON.

GraphML and GEXF have no list type, so list properties are written as JSON
strings; every other value keeps its type.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import orjson

from sanctiongraph.graph.memory import write_graph

EXPORT_FORMATS = ("graphml", "gexf", "json")


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with list values turned into JSON strings, for formats without lists."""

    def flat(attrs: dict[str, object]) -> dict[str, object]:
        return {
            k: orjson.dumps(v).decode() if isinstance(v, list) else v
            for k, v in attrs.items()
            if v is not None
        }

    out = nx.MultiDiGraph()
    out.add_nodes_from((n, flat(a)) for n, a in g.nodes(data=True))
    out.add_edges_from((u, v, k, flat(a)) for u, v, k, a in g.edges(keys=True, data=True))
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
