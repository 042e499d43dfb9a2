"""Which part of the graph a drawing shows.

A named query's subgraph is every node its rows or its parameters name, each
entity among them with its story (offices and their countries, head-office
country, listings with their authorities and the events they answer), and
every relationship among those nodes.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from sanctiongraph.graph.schema import SCHEMA
from sanctiongraph.graph.store import Store
from sanctiongraph.queries import get_query, run_query

DEFAULT_LIMIT = 2000
_PREFIXES = frozenset(label.lower() for label in SCHEMA.labels)


class TooLarge(ValueError):
    """The subgraph is larger than the limit; the user should filter or ask for a sample."""


def _ids_in(value: Any, g: nx.MultiDiGraph) -> Iterable[str]:
    if isinstance(value, str):
        if value in g:
            yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _ids_in(v, g)


def _story(g: nx.MultiDiGraph, n: str) -> set[str]:
    """The node and what tells its story around it."""
    out = {n}
    label = g.nodes[n].get("label")
    if label == "Entity":
        for _, m, k in g.out_edges(n, keys=True):
            out.add(m)
            if k == "HAS_BRANCH":
                out.update(c for _, c in g.out_edges(m))
        for lst, _, k in g.in_edges(n, keys=True):
            if k == "TARGETS":
                out.add(lst)
                out.update(a for a, _ in g.in_edges(lst))
                out.update(ev for _, ev, k2 in g.out_edges(lst, keys=True) if k2 == "RESPONDS_TO")
    elif label == "Event":
        for lst, _, k in g.in_edges(n, keys=True):
            if k == "RESPONDS_TO":
                out.add(lst)
                out.update(a for a, _ in g.in_edges(lst))
                out.update(e for _, e in g.out_edges(lst))
            elif k == "CONDEMNS":  # the resolutions that name it
                out.add(lst)
        out.update(c for _, c in g.out_edges(n))
    elif label == "Listing":
        out.update(a for a, _ in g.in_edges(n))
        out.update(m for _, m in g.out_edges(n))
    return out


def subgraph_of(
    g: nx.MultiDiGraph,
    seeds: Iterable[str],
    limit: int = DEFAULT_LIMIT,
    sample: int | None = None,
) -> nx.MultiDiGraph:
    """The stories of ``seeds`` as one graph, within ``limit`` nodes.

    Over the limit it raises :class:`TooLarge`, unless ``sample`` asks for that
    many seeds drawn at random (always the same draw for the same graph).
    """
    seeds = sorted(set(seeds))
    if sample is not None and len(seeds) > sample:
        seeds = sorted(random.Random(0).sample(seeds, sample))
    nodes: set[str] = set()
    for s in seeds:
        nodes |= _story(g, s)
        # Entities reached from an event or listing get their own story too.
        for m in list(nodes):
            if g.nodes[m].get("label") == "Entity" and m != s and g.nodes[s]["label"] != "Entity":
                nodes |= _story(g, m)
    if len(nodes) > limit:
        raise TooLarge(
            f"the picture would have {len(nodes):,} nodes, more than the limit of {limit:,}; "
            "narrow the query (other parameters, a smaller depth), raise --limit, "
            "or draw a random part with --sample N"
        )
    return g.subgraph(nodes).copy()


def query_subgraph(
    store: Store,
    name: str,
    params: Mapping[str, Any],
    limit: int = DEFAULT_LIMIT,
    sample: int | None = None,
) -> tuple[nx.MultiDiGraph, list[dict[str, Any]]]:
    """The subgraph a named query's answer is about, and the answer's rows."""
    query = get_query(name)
    bound = query.bind(store, params)
    rows = run_query(store, name, params)
    candidates = set(_keys_in(list(bound.values())))
    for row in rows:
        candidates.update(_keys_in(list(row.values())))
    # Only the part of the graph the stories can reach is read: an event's story reaches
    # its listings' entities' offices' countries, four steps away.
    g = store.subgraph(sorted(candidates), hops=4)
    seeds = set(_ids_in(sorted(candidates), g))
    return subgraph_of(g, seeds, limit, sample), rows


def _keys_in(value: Any) -> Iterable[str]:
    """Strings that look like node keys (``label:…``), in rows and parameters."""
    if isinstance(value, str):
        if ":" in value and value.split(":", 1)[0] in _PREFIXES:
            yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _keys_in(v)
