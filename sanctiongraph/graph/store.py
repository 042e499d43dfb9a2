"""What every backend offers: a Store to read, a Writer to load in batches.

The split follows nomenklatura's stores: the Store owns the data, a Writer
is a context manager that buffers records and flushes them in batches, and
a load either completes or leaves the store as it was.
"""

from __future__ import annotations

import abc
import contextlib
import gc
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, LiteralString

from sanctiongraph.graph.errors import StoreError as StoreError  # where every caller finds it
from sanctiongraph.graph.records import Node, Rel

if TYPE_CHECKING:
    import networkx as nx

Row = dict[str, Any]


class Writer(abc.ABC):
    """Buffers nodes and relationships and writes them ``batch_size`` at a time.

    Leaving the ``with`` block normally commits; leaving it by an exception
    undoes every batch this writer flushed, then re-raises.
    """

    # Python's cycle collector during a load: it runs after every 700 new container
    # objects, and every hundredth run walks every object alive, which during a load is
    # a batch of records besides all the imported modules; a load makes a dict and lists
    # for every record, so that cost a fifth of a load's time (5 of 25 s at 100,000
    # synthetic entities). Records hold no cycles, so for the load the collector runs
    # after 50,000 new objects instead and still collects the load's short-lived cycles;
    # the thresholds are restored when the writer closes.
    GC_THRESHOLD = (50_000, 10, 100)

    def __init__(self, batch_size: int) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.batch_size = batch_size
        self._gc_before: tuple[int, int, int] | None = None
        self._nodes: list[Node] = []
        self._rels: list[Rel] = []
        self.nodes_written = 0
        self.rels_written = 0

    def add(self, item: Node | Rel) -> None:
        if isinstance(item, Node):
            self._nodes.append(item)
        else:
            self._rels.append(item)
        if len(self._nodes) + len(self._rels) >= self.batch_size:
            self.flush()

    def add_all(self, items: Iterable[Node | Rel]) -> None:
        for item in items:
            self.add(item)

    def flush(self) -> None:
        if not self._nodes and not self._rels:
            return
        nodes, rels = self._nodes, self._rels
        self._nodes, self._rels = [], []
        # Nodes first, so relationships in the same batch find their ends.
        self._write(nodes, rels)
        self.nodes_written += len(nodes)
        self.rels_written += len(rels)

    @abc.abstractmethod
    def _write(self, nodes: list[Node], rels: list[Rel]) -> None: ...

    @abc.abstractmethod
    def _commit(self) -> None: ...

    @abc.abstractmethod
    def _rollback(self) -> None: ...

    def __enter__(self) -> Writer:
        before = gc.get_threshold()
        if before[0]:  # 0: collection switched off by the program; leave it so
            self._gc_before = before
            gc.set_threshold(*(max(a, b) for a, b in zip(self.GC_THRESHOLD, before, strict=True)))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                try:
                    self.flush()
                    self._commit()
                except BaseException:
                    self._rollback()
                    raise
            else:
                self._nodes, self._rels = [], []
                self._rollback()
        finally:
            if self._gc_before is not None:
                gc.set_threshold(*self._gc_before)
                self._gc_before = None


class Store(abc.ABC):
    """A knowledge graph that named queries run against.

    ``dialect`` tells ``sanctiongraph.queries`` which text of a named query to run
    here: ``neo4j`` and ``ladybug`` run Cypher through :meth:`read`, ``networkx`` runs
    the in-process twins over :meth:`to_networkx`. A store knows no named query: run
    one with :func:`sanctiongraph.queries.run_query` or :meth:`sanctiongraph.api.Graph.query`.
    """

    backend: str = "abstract"
    dialect: str = "abstract"

    @abc.abstractmethod
    def writer(self, batch_size: int | None = None) -> Writer: ...

    def replacing_writer(self) -> Writer:
        """A writer whose commit replaces the whole graph, all or nothing (rebuilds)."""
        raise StoreError(f"the {self.backend} store cannot replace its graph")

    def read(self, text: LiteralString, params: Mapping[str, Any]) -> list[Row]:
        """Run trusted, read-only query text (a named query's) under the query limits."""
        raise StoreError(f"the {self.backend} store does not run Cypher text")

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Keep other writers out while a load reads what it will merge into and writes.

        A no-op where the store serialises writers itself or lives in one process.
        """
        yield

    def cypher(self, text: str, params: Mapping[str, Any], write: bool = False) -> list[Row]:
        """Run a user's ad-hoc Cypher, read-only unless ``write`` is set, under the query
        limits. The text is checked first against the allow-list of
        :mod:`sanctiongraph.graph.containment` (nothing that reaches files, network,
        extensions or settings, with or without ``write``), on every store."""
        from sanctiongraph.graph.containment import check

        # The engine runs the checked tokens, never the text as written (see canonical()).
        return self._cypher(check(text, self.dialect, write), params, write)

    @abc.abstractmethod
    def _cypher(self, text: str, params: Mapping[str, Any], write: bool) -> list[Row]:
        """Run ad-hoc text that :meth:`cypher` has checked."""

    @abc.abstractmethod
    def stats(self) -> dict[str, Any]: ...

    @abc.abstractmethod
    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph in the embedded store's layout (for exports and drawings)."""

    # Nodes many others link to: a drawing shows them but does not walk through them,
    # or the neighbourhood of one entity would be every entity of its country.
    HUBS = frozenset({"Country", "Authority", "Source", "Event", "Instrument", "Place"})
    # Nodes a *connection* between two entities does not run through unless asked: every
    # entity of a country, every target of an authority, every listing answering a launch
    # meets there, so a path through one tells nothing (KCC → North Korea → Green Pine is
    # true of every pair of North Korean entities). An Instrument stays walkable: the
    # listings made under it are one designation batch (a resolution's annex, a committee
    # round), a specific link. The named query connection-path and the explorer's path
    # both take their rule from here.
    CONNECTION_HUBS = HUBS - {"Instrument"}

    def subgraph(self, seeds: list[str], hops: int) -> nx.MultiDiGraph:
        """The nodes within ``hops`` steps of ``seeds`` (hubs not walked through unless
        seeds) and the relationships among them. Stores on disk override this to read
        only that part; this default cuts it from :meth:`to_networkx`."""
        g = self.to_networkx()
        keep = {s for s in seeds if s in g}
        frontier = set(keep)
        for _ in range(hops):
            walk = {n for n in frontier if n in seeds or g.nodes[n].get("label") not in self.HUBS}
            found = {m for n in walk for m in (*g.successors(n), *g.predecessors(n))}
            frontier = found - keep
            keep |= found
        return g.subgraph(keep).copy()

    @abc.abstractmethod
    def lookup(self, label: str, text: str, normalised: str | None) -> list[Row]:
        """Nodes of ``label`` whose id is ``text`` or one of whose match_names is
        ``normalised``; each row has ``id`` and ``name``."""

    @abc.abstractmethod
    def names(self, label: str) -> list[Row]:
        """Every node of ``label`` with ``id``, ``name`` and ``match_names``, for suggestions."""

    @abc.abstractmethod
    def entities(self, props: tuple[str, ...]) -> Iterator[Row]:
        """Every Entity node's ``id`` and the wanted properties (for cross-list matching)."""

    def entities_by_id(self, ids: Collection[str], props: tuple[str, ...]) -> Iterator[Row]:
        """``id`` and the wanted properties of the entities keyed ``ids`` (those the store
        holds). This default reads every entity; stores with a key index override it."""
        wanted = set(ids)
        if wanted:
            yield from (row for row in self.entities(props) if row["id"] in wanted)

    def holders(self, records: Collection[str]) -> Iterator[tuple[str, list[str]]]:
        """(key, records) of every entity holding one of ``records``, read as a stream:
        only those entities are kept (the review queue's look-up of its records)."""
        wanted = records if isinstance(records, set | frozenset) else set(records)
        for row in self.entities(("records",)):
            held = row.get("records") or ()
            if held and not wanted.isdisjoint(held):
                yield str(row["id"]), [str(r) for r in held]

    def _read_all(self, text: LiteralString, params: Mapping[str, Any]) -> list[Row]:
        """Run trusted text of ours outside the query limits: bookkeeping reads that are
        bounded by the graph (one row an entity), not by a user's pattern, and must not
        fail a load because the store is large. Stores that run Cypher override it."""
        return self.read(text, params)

    def entity_seats(self) -> Iterator[tuple[str, str]]:
        """(entity id, country code) of each entity's seat (``HEADQUARTERED_IN``)."""
        from sanctiongraph.graph import cypher

        for row in self._read_all(cypher.ENTITY_SEATS, {}):
            if row.get("code"):
                yield str(row["id"]), str(row["code"])

    def entity_addresses(self) -> Iterator[tuple[str, str, str | None]]:
        """(entity id, address, city) of each office or address an entity has (``HAS_BRANCH``)."""
        from sanctiongraph.graph import cypher

        for row in self._read_all(cypher.ENTITY_ADDRESSES, {}):
            if row.get("address"):
                city = row.get("city")
                yield str(row["id"]), str(row["address"]), str(city) if city else None

    def sources_dated(self) -> list[Row]:
        """``id``, ``list_date`` and ``edition`` of every Source (few: one a file). Which
        are editions of which list is told by their ids, so that a store written before
        Sources said so (no ``edition_of``) has its editions too."""
        from sanctiongraph.graph import cypher

        return self._read_all(cypher.SOURCES_DATED, {})

    def listings_citing(self, sources: Sequence[str]) -> list[Row]:
        """``id``, ``sources``, ``records``, ``present_from``, ``present_until``,
        ``last_seen_on`` and ``removed_by`` of every Listing that one of ``sources`` asserts."""
        from sanctiongraph.graph import cypher

        return self._read_all(cypher.LISTINGS_CITING, {"ids": list(sources)})

    def listings_mentioning(
        self, programme: Sequence[str], reference: Sequence[str]
    ) -> Iterator[Row]:
        """``id`` (of the listed entity), ``programme`` and ``reference`` of every listing
        whose programme contains one of the words ``programme`` or whose reference one
        of ``reference`` (a store keeps no programme on its entities)."""
        from sanctiongraph.graph import cypher

        seen: set[tuple[object, object]] = set()
        for text, words in (
            (cypher.LISTINGS_BY_PROGRAMME, programme),
            (cypher.LISTINGS_BY_REFERENCE, reference),
        ):
            if not words:
                continue
            for row in self._read_all(text, {"words": list(words)}):
                if (row["listing"], row["id"]) not in seen:
                    seen.add((row["listing"], row["id"]))
                    yield {k: row[k] for k in ("id", "programme", "reference")}

    def seats_of(self, ids: Collection[str]) -> Iterator[tuple[str, str]]:
        """:meth:`entity_seats` of the entities keyed ``ids``. This default reads every
        seat; stores with a key index override it."""
        wanted = set(ids)
        yield from ((e, c) for e, c in self.entity_seats() if e in wanted)

    def addresses_of(self, ids: Collection[str]) -> Iterator[tuple[str, str, str | None]]:
        """:meth:`entity_addresses` of the entities keyed ``ids`` (as :meth:`seats_of`)."""
        wanted = set(ids)
        yield from (a for a in self.entity_addresses() if a[0] in wanted)

    def listings_mentioning_of(
        self, ids: Collection[str], programme: Sequence[str], reference: Sequence[str]
    ) -> Iterator[Row]:
        """:meth:`listings_mentioning` of the entities keyed ``ids`` (as :meth:`seats_of`)."""
        wanted = set(ids)
        yield from (r for r in self.listings_mentioning(programme, reference) if r["id"] in wanted)

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections; a no-op for in-process stores."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
