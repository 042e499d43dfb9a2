"""Where the offline page puts its nodes, and which it names at first.

A drawing of a hundred and more nodes is unreadable when every node carries its
caption and the layout is left to chance: the page opens with the captions of the
nodes that carry the story (entities and the hubs: countries, authorities, events,
instruments) and places each node near its country, so the picture reads as one
group of offices, entities and listings per country. Listings and offices show
their captions on hover and once the reader zooms in.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx

from sanctiongraph.graph.store import Store

# Labels whose captions show when the page opens: the hubs a drawing shows but does not
# walk through, and the entities whose story it is.
MAJOR = Store.HUBS | {"Entity"}


# Kamada-Kawai leaves fewer captions on top of each other (the seed story: 32 overlapping
# pairs, 44 with a spring layout) but costs 3 s at 144 nodes and 17 s at 195; above this
# size the spring layout (3 s at 478 nodes).
KAMADA_KAWAI_MAX = 160
# Above this the page gets the starting places only (each country's nodes around one point)
# and settles them itself, as a layout here would take a minute (63 s at 2,357 nodes).
SPRING_MAX = 600


def settled(g: nx.MultiDiGraph) -> bool:
    """Whether :func:`clustered_positions` lays the graph out (else the page settles it)."""
    return int(g.number_of_nodes()) <= SPRING_MAX


def is_major(label: object) -> bool:
    return label in MAJOR


def country_of(g: nx.MultiDiGraph, n: str) -> str | None:
    """The country node a node belongs with: a country itself, an office's country, an
    entity's seat (else an office's country), a listing's entity's, an event's state."""
    label = g.nodes[n].get("label")
    if label == "Country":
        return n
    if label == "Branch":
        return _first(g, n, "LOCATED_IN")
    if label == "Entity":
        return _first(g, n, "HEADQUARTERED_IN") or next(
            (c for b in _targets(g, n, "HAS_BRANCH") if (c := _first(g, b, "LOCATED_IN"))), None
        )
    if label == "Listing":
        return next((c for e in _targets(g, n, "TARGETS") if (c := country_of(g, e))), None)
    if label == "Event":
        return _first(g, n, "CARRIED_OUT_BY")
    return None


def _targets(g: nx.MultiDiGraph, n: str, type_: str) -> list[str]:
    return sorted(m for _, m, k in g.out_edges(n, keys=True) if k == type_)


def _first(g: nx.MultiDiGraph, n: str, type_: str) -> str | None:
    found = [m for m in _targets(g, n, type_) if g.nodes[m].get("label") == "Country"]
    return found[0] if found else None


def clustered_positions(
    g: nx.MultiDiGraph, spacing: float = 70.0
) -> dict[str, tuple[float, float]]:
    """Pixel positions with each country's nodes gathered around it (the same for the
    same graph): a layout of the graph in which each node is also tied to its country,
    started from one place per country on a circle (Kamada-Kawai, which spaces nodes
    evenly, up to KAMADA_KAWAI_MAX nodes; a spring layout up to SPRING_MAX; above, the
    starting places, for the page's own physics to settle: see :func:`settled`)."""
    if g.number_of_nodes() == 0:
        return {}
    home = {n: country_of(g, n) for n in g}
    sizes = Counter(c for c in home.values() if c is not None)
    countries = sorted(sizes, key=lambda c: (-sizes[c], c))
    rnd = random.Random(7)
    anchors = {
        c: (math.cos(2 * math.pi * i / len(countries)), math.sin(2 * math.pi * i / len(countries)))
        for i, c in enumerate(countries)
    }
    start: dict[str, tuple[float, float]] = {}
    for n in sorted(g):
        ax, ay = anchors.get(home[n] or "", (0.0, 0.0))
        start[n] = (ax + rnd.uniform(-0.15, 0.15), ay + rnd.uniform(-0.15, 0.15))
    h = nx.Graph()
    h.add_nodes_from(sorted(g))
    h.add_edges_from(g.edges())
    # Entities, offices and events are tied to their country, so each country's nodes
    # gather; a listing follows its entity (tied too, one country's listings crowd its
    # centre and cover its captions).
    h.add_edges_from(
        (n, c) for n, c in sorted(home.items())
        if c and c != n and g.nodes[n].get("label") != "Listing"
    )  # fmt: skip
    n = g.number_of_nodes()
    pos: Mapping[str, Any] = start
    if n <= KAMADA_KAWAI_MAX:
        # Kamada-Kawai spaces nodes evenly by their distance in the graph (as the PNG does).
        pos = nx.kamada_kawai_layout(h, pos=start, weight=None)
    elif n <= SPRING_MAX:
        pos = nx.spring_layout(h, pos=start, seed=7, iterations=80, k=2.5 / math.sqrt(n))
    extent = spacing * math.sqrt(n)
    return {
        k: (round(float(x) * extent, 1), round(float(y) * extent, 1)) for k, (x, y) in pos.items()
    }
