"""Ad-hoc Cypher on the in-process (memory) store, through grand-cypher.

grand-cypher reads a useful subset of Cypher over networkx: ``MATCH`` with
labels, relationship types and property maps, ``WHERE`` comparisons and
boolean logic, ``RETURN`` of nodes, relationships and properties, ``DISTINCT``,
``ORDER BY``, ``SKIP``, ``LIMIT`` and the aggregates written in upper case
(``COUNT(x)``, ``SUM``, ``MIN``, ``MAX``, ``AVG``). It has no parameters and
no writing clauses; for those, and for full Cypher, use Neo4j.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

from sanctiongraph.graph.store import Row, StoreError

_WRITE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD\s+CSV|CALL)\b", re.IGNORECASE
)
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
SUGGEST = "run it on the embedded store or Neo4j for full Cypher (see docs/cypher.md)"


def _labelled(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy in grand-cypher's convention: labels and types in ``__labels__``."""
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, {**a, "__labels__": {a["label"]}}) for n, a in g.nodes(data=True))
    out.add_edges_from(
        (u, v, k, {**a, "__labels__": {k}}) for u, v, k, a in g.edges(keys=True, data=True)
    )
    return out


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k != "__labels__"}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, set):
        return sorted(_clean(v) for v in value)
    return value


def run_cypher(g: nx.MultiDiGraph, text: str, params: Mapping[str, Any], write: bool) -> list[Row]:
    if write or _WRITE.search(_STRINGS.sub("''", text)):
        raise StoreError(
            "the memory store answers read-only Cypher; load data with `sanctiongraph load`, "
            f"or {SUGGEST}"
        )
    if params:
        raise StoreError(f"grand-cypher, which runs Cypher on the embedded store, takes no "
                         f"$parameters; {SUGGEST}")  # fmt: skip
    from grandcypher import GrandCypher

    try:
        columns = GrandCypher(_labelled(g)).run(text)
    except Exception as err:  # grand-cypher raises lark and bare errors alike
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise StoreError(
            f"the memory store's Cypher subset (grand-cypher) cannot run this query "
            f"({first}); {SUGGEST}"
        ) from None
    names = [str(c) for c in columns]
    values = list(columns.values())
    height = max((len(v) for v in values), default=0)
    return [
        {n: _clean(col[i]) if i < len(col) else None for n, col in zip(names, values, strict=True)}
        for i in range(height)
    ]
