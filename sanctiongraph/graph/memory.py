"""The in-process store: the knowledge graph in a networkx ``MultiDiGraph``.

For the Python API, tests, graph algorithms, drawings and exports (``--store
memory`` on the command line, which keeps nothing after the command). The
default store on disk is LadybugDB (``graph/ladybug_store.py``); this store's
file format (one JSON document) was the default of sanctiongraph 0.1 and is read
by ``sanctiongraph convert-store`` to move such a store into the database.

Nodes are keyed by id with their label in the ``label`` attribute; an edge's
key is its relationship type, so writing the same relationship twice merges
into one edge, as Cypher's MERGE does.

On disk the store is one JSON document (written with orjson). Every property
in the model is a string, number or list of strings, and dates are ISO
strings, so JSON round-trips every type without a custom codec; it is safe to
open (unlike pickle), and orjson reads and writes it at hundreds of MB/s. A
save writes a temporary file and renames it over the old one, so a crash
never leaves half a file.

>>> from sanctiongraph.graph.records import cite, node
>>> store = MemoryStore()
>>> with store.writer() as w:
...     w.add(node("Country", "country:DE", {"code": "DE", "name": "Germany"}, cite("doc")))
>>> store.stats()["nodes"]
{'Country': 1}
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from sanctiongraph.graph.records import Node, Rel, SchemaError, merge_props
from sanctiongraph.graph.store import Row, Store, StoreError, Writer
from sanctiongraph.settings import Limits

FORMAT = "sanctiongraph-graph/1"
DEFAULT_BATCH = 5000

_ABSENT = object()


class MemoryWriter(Writer):
    """Applies batches straight to the graph and keeps an undo log.

    The undo log holds the first-seen state of every node and edge this
    writer touched, so a rollback costs as much as the load did, not as much
    as the whole graph.
    """

    def __init__(self, store: MemoryStore, batch_size: int) -> None:
        super().__init__(batch_size)
        self.store = store
        self._undo_nodes: dict[str, Any] = {}
        self._undo_edges: dict[tuple[str, str, str], Any] = {}

    def _write(self, nodes: list[Node], rels: list[Rel]) -> None:
        g = self.store.graph
        if nodes:
            self.store._names = None
        for n in nodes:
            old = g.nodes[n.id] if n.id in g else None
            if old is not None and old.get("label") != n.label:
                raise SchemaError(f"{n.id} is a {old.get('label')}, not a {n.label}")
            if n.id not in self._undo_nodes:
                self._undo_nodes[n.id] = dict(old) if old is not None else _ABSENT
            if old is None:
                g.add_node(n.id, label=n.label, **n.props)
            else:
                merged = merge_props(old, n.props)
                # A value list a newer edition emptied is gone, as on the other stores.
                for gone in [k for k in old if k not in merged]:
                    del old[gone]
                old.update(merged)
        for r in rels:
            for end in (r.start, r.end):
                if end not in g:
                    raise SchemaError(f"{r.type} {r.start} -> {r.end}: no node {end}")
            ekey = (r.start, r.end, r.type)
            has = g.has_edge(r.start, r.end, r.type)
            if ekey not in self._undo_edges:
                self._undo_edges[ekey] = dict(g.edges[ekey]) if has else _ABSENT
            if has:
                attrs = g.edges[ekey]
                attrs.update(merge_props(attrs, r.props))
            else:
                g.add_edge(r.start, r.end, key=r.type, type=r.type, **r.props)

    def _commit(self) -> None:
        touched = bool(self._undo_nodes or self._undo_edges)
        self._undo_nodes.clear()
        self._undo_edges.clear()
        if touched and self.store.path is not None:
            self.store.save()

    def _rollback(self) -> None:
        g = self.store.graph
        self.store._names = None
        for (u, v, k), old in self._undo_edges.items():
            if old is _ABSENT:
                if g.has_edge(u, v, k):
                    g.remove_edge(u, v, k)
            else:
                attrs = g.edges[u, v, k]
                attrs.clear()
                attrs.update(old)
        for nid, old in self._undo_nodes.items():
            if old is _ABSENT:
                if nid in g:
                    g.remove_node(nid)
            else:
                attrs = g.nodes[nid]
                attrs.clear()
                attrs.update(old)
        self._undo_nodes.clear()
        self._undo_edges.clear()


class MemoryStore(Store):
    """The graph in this process; optionally kept in a JSON file.

    ``MemoryStore(path)`` opens the file if it exists; loads are saved to it
    when their writer commits. ``MemoryStore()`` lives in memory only.
    """

    backend = "memory"
    dialect = "networkx"

    def __init__(
        self, path: str | os.PathLike[str] | None = None, limits: Limits | None = None
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.limits = limits or Limits()
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._names: dict[tuple[str, str], list[str]] | None = None
        if self.path is not None and self.path.exists():
            self.graph = read_graph(self.path)

    def writer(self, batch_size: int | None = None) -> MemoryWriter:
        return MemoryWriter(self, batch_size or DEFAULT_BATCH)

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise StoreError("this store has no file; give a path to save to")
        write_graph(self.graph, target)
        return target

    def to_networkx(self) -> nx.MultiDiGraph:
        return self.graph

    def _cypher(self, text: str, params: Mapping[str, Any], write: bool) -> list[Row]:
        from sanctiongraph.graph.adhoc import run_cypher
        from sanctiongraph.graph.deadline import check_rows, deadline

        with deadline(self.limits.query_timeout):
            rows = run_cypher(self.graph, text, params, write)
        check_rows(len(rows), self.limits.max_rows)
        return rows

    def stats(self) -> dict[str, Any]:
        nodes: dict[str, int] = {}
        for _, label in self.graph.nodes(data="label"):
            nodes[label] = nodes.get(label, 0) + 1
        rels: dict[str, int] = {}
        for _, _, key in self.graph.edges(keys=True):
            rels[key] = rels.get(key, 0) + 1
        return {
            "backend": self.backend,
            "location": str(self.path) if self.path else "memory",
            "nodes": dict(sorted(nodes.items())),
            "relationships": dict(sorted(rels.items())),
            "total_nodes": self.graph.number_of_nodes(),
            "total_relationships": self.graph.number_of_edges(),
        }

    def lookup(self, label: str, text: str, normalised: str | None) -> list[Row]:
        g = self.graph
        if text in g and g.nodes[text].get("label") == label:
            return [{"id": text, "name": g.nodes[text].get("name")}]
        if not normalised:
            return []
        ids = self._name_index().get((label, normalised), [])
        return [{"id": n, "name": g.nodes[n].get("name")} for n in ids]

    def _name_index(self) -> dict[tuple[str, str], list[str]]:
        """(label, normalised name) → node ids; built on the first look-up after a write."""
        if self._names is None:
            index: dict[tuple[str, str], list[str]] = {}
            for n, a in self.graph.nodes(data=True):
                for name in a.get("match_names") or ():
                    index.setdefault((a["label"], name), []).append(n)
            self._names = index
        return self._names

    def names(self, label: str) -> list[Row]:
        return [
            {"id": n, "name": a.get("name"), "match_names": a.get("match_names") or []}
            for n, a in self.graph.nodes(data=True)
            if a.get("label") == label
        ]

    def entities(self, props: tuple[str, ...]) -> Iterator[Row]:
        for n, a in self.graph.nodes(data=True):
            if a.get("label") == "Entity":
                yield {"id": n, **{p: a.get(p) for p in props}}

    def entities_by_id(self, ids: Collection[str], props: tuple[str, ...]) -> Iterator[Row]:
        g = self.graph
        for n in ids:
            a = g.nodes[n] if n in g else None
            if a is not None and a.get("label") == "Entity":
                yield {"id": n, **{p: a.get(p) for p in props}}

    def entity_seats(self) -> Iterator[tuple[str, str]]:
        g = self.graph
        for eid, cid, rel in g.edges(keys=True):
            if rel == "HEADQUARTERED_IN" and g.nodes[cid].get("code"):
                yield str(eid), str(g.nodes[cid]["code"])

    def entity_addresses(self) -> Iterator[tuple[str, str, str | None]]:
        g = self.graph
        for eid, bid, rel in g.edges(keys=True):
            if rel == "HAS_BRANCH" and g.nodes[bid].get("address"):
                city = g.nodes[bid].get("city")
                yield str(eid), str(g.nodes[bid]["address"]), str(city) if city else None

    def sources_dated(self) -> list[Row]:
        return [
            {"id": n, "list_date": a.get("list_date"), "edition": a.get("edition")}
            for n, a in self.graph.nodes(data=True)
            if a.get("label") == "Source"
        ]

    def listings_citing(self, sources: Sequence[str]) -> list[Row]:
        wanted = set(sources)
        keys = ("sources", "present_from", "present_until", "last_seen_on", "removed_by", "records")
        return [
            {"id": n, **{k: a.get(k) for k in keys}}
            for n, a in self.graph.nodes(data=True)
            if a.get("label") == "Listing" and wanted.intersection(a.get("sources") or ())
        ]

    def listings_mentioning(
        self, programme: Sequence[str], reference: Sequence[str]
    ) -> Iterator[Row]:
        g = self.graph
        for lid, eid, rel in g.edges(keys=True):
            if rel != "TARGETS":
                continue
            a = g.nodes[lid]
            prog, ref = a.get("programme") or "", a.get("reference") or ""
            if any(w in prog for w in programme) or any(w in ref for w in reference):
                yield {"id": eid, "programme": a.get("programme"), "reference": a.get("reference")}


def write_graph(g: nx.MultiDiGraph, path: Path) -> None:
    doc = {
        "format": FORMAT,
        "nodes": [{"id": n, **a} for n, a in g.nodes(data=True)],
        "relationships": [{"start": u, "end": v, **a} for u, v, a in g.edges(data=True)],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(orjson.dumps(doc))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_graph(path: Path) -> nx.MultiDiGraph:
    try:
        doc = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as err:
        raise StoreError(f"{path}: not a sanctiongraph store file ({err})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise StoreError(f"{path}: not a sanctiongraph store file (format {FORMAT} expected)")
    g = nx.MultiDiGraph()
    for n in doc["nodes"]:
        g.add_node(n["id"], **n)
    for r in doc["relationships"]:
        attrs = dict(r)
        u, v = attrs.pop("start"), attrs.pop("end")
        g.add_edge(u, v, key=attrs["type"], **attrs)
    return g
