"""The store behind the explorer, reopened when it changes on disk, and its name index.

Requests are answered one at a time against the store (an embedded database's
connection is not shared between threads). Before each, the holder asks whether
the store changed: a store kept in a file is compared by the file's inode, size
and modification time (a load renames a new file over the store, so a load by
another process is seen on the next request, without a restart); an in-process
store by its numbers of nodes and relationships; a server by its counts, at most
every few seconds. A changed file is reopened through the factory; the name
index is rebuilt on the next search.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, LiteralString

from sanctiongraph.graph.store import Store
from sanctiongraph.web.index import Doc, NameIndex

StoreFactory = Callable[[], Store]
STATS_EVERY = 5.0  # seconds between change checks of a store on a server

_AUTHORITIES: LiteralString = (
    "MATCH (a:Authority)-[:ISSUED]->(:Listing)-[:TARGETS]->(e:Entity) "
    "RETURN DISTINCT e.id AS id, a.id AS other"
)
_OFFICES: LiteralString = (
    "MATCH (e:Entity)-[:HAS_BRANCH]->(:Branch)-[:LOCATED_IN]->(c:Country) "
    "RETURN DISTINCT e.id AS id, c.id AS other"
)
_SEATS: LiteralString = (
    "MATCH (e:Entity)-[:HEADQUARTERED_IN]->(c:Country) RETURN DISTINCT e.id AS id, c.id AS other"
)


def _version(store: Store) -> tuple[Any, ...]:
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        try:
            st = path.stat()
        except OSError:
            return ("missing", str(path))
        return ("file", st.st_ino, st.st_size, st.st_mtime_ns)
    if store.dialect == "networkx":
        g = store.to_networkx()
        return ("graph", id(g), g.number_of_nodes(), g.number_of_edges())
    s = store.stats()
    return ("stats", s.get("total_nodes"), s.get("total_relationships"))


def build_index(store: Store) -> NameIndex:
    """Every entity with its names, kind, listing authorities and countries."""
    authorities: dict[str, set[str]] = {}
    countries: dict[str, set[str]] = {}
    if store.dialect == "networkx":
        g = store.to_networkx()
        for u, v, k in g.edges(keys=True):
            if k == "TARGETS":
                for a, _, k2 in g.in_edges(u, keys=True):
                    if k2 == "ISSUED":
                        authorities.setdefault(v, set()).add(a)
            elif k == "HEADQUARTERED_IN":
                countries.setdefault(u, set()).add(v)
            elif k == "HAS_BRANCH":
                for _, c, k2 in g.out_edges(v, keys=True):
                    if k2 == "LOCATED_IN":
                        countries.setdefault(u, set()).add(c)
    else:
        # Bookkeeping reads bounded by the graph (a row per entity and authority or
        # country), run outside a user's row limit as the loaders' reads are.
        for text, into in ((_AUTHORITIES, authorities), (_OFFICES, countries), (_SEATS, countries)):
            for row in store._read_all(text, {}):
                # Interned: a few hundred hub ids repeated across a million rows.
                into.setdefault(str(row["id"]), set()).add(sys.intern(str(row["other"])))
    docs = []
    for row in store.entities(("kind", "name", "name_local", "aliases", "nationalities")):
        eid = str(row["id"])
        aliases = tuple(str(a) for a in [row.get("name_local"), *(row.get("aliases") or [])] if a)
        nat = {sys.intern(f"country:{c}") for c in row.get("nationalities") or []}
        docs.append(
            Doc(
                eid,
                str(row.get("name") or eid),
                row.get("kind"),
                aliases,
                tuple(sorted(authorities.get(eid, ()))),
                tuple(sorted(countries.get(eid, set()) | nat)),
            )
        )
    docs.sort(key=lambda d: d.id)
    return NameIndex(docs)


class StoreHolder:
    """The open store, its version and its name index, behind one lock."""

    def __init__(self, factory: StoreFactory) -> None:
        self.factory = factory
        self.lock = threading.RLock()
        self.store: Store = factory()
        self.version: tuple[Any, ...] = _version(self.store)
        self._checked = time.monotonic()
        self._index: NameIndex | None = None
        self._names: dict[str, str] | None = None

    def _refresh(self) -> None:
        stats_based = getattr(self.store, "path", None) is None and self.store.dialect != "networkx"
        now = time.monotonic()
        if stats_based and now - self._checked < STATS_EVERY:
            return
        self._checked = now
        version = _version(self.store)
        if version == self.version:
            return
        if isinstance(getattr(self.store, "path", None), Path):
            # Another process (or this one) wrote a new file: open that one.
            self.store.close()
            self.store = self.factory()
            version = _version(self.store)
        self.version = version
        self._index = None
        self._names = None

    @contextlib.contextmanager
    def use(self) -> Iterator[Store]:
        with self.lock:
            self._refresh()
            yield self.store

    def index(self) -> NameIndex:
        """The name index of the current store (call inside :meth:`use`)."""
        if self._index is None:
            self._index = build_index(self.store)
            # Millions of long-lived objects: kept out of the cycle collector's full
            # passes, which would otherwise walk all of them now and then (an old index
            # is still freed when dropped: it holds no cycles).
            gc.freeze()
        return self._index

    def hub_names(self) -> dict[str, str]:
        """id → name of the authorities and countries (for search results and filters)."""
        if self._names is None:
            self._names = {
                str(r["id"]): str(r.get("name") or r["id"])
                for label in ("Authority", "Country")
                for r in self.store.names(label)
            }
        return self._names

    def close(self) -> None:
        with self.lock:
            self.store.close()
