"""The Neo4j 5 store, through the official ``neo4j`` driver.

Writes go as ``UNWIND $rows`` batches that MERGE on the constrained ``id`` of
each label. Before a batch is written its nodes and relationships are read
back (one query per label or type, not per record), merged in Python with
:func:`~sanctiongraph.graph.records.merge_props` exactly as the embedded store
merges, and written whole; so both stores hold the same values.

A load is all-or-nothing in one of two ways:

* ``atomic`` (the default, up to ``atomic_limit`` records): the whole load runs
  in one managed write transaction, replayed by the driver on transient errors.
  If the load fails, or the server dies before the commit, Neo4j keeps nothing.
* ``batched`` (larger loads switch to it by themselves): each batch commits on
  its own and the writer keeps an undo log of what each batch found before it
  wrote; a failure undoes every committed batch. A server that dies in the
  middle of such a load cannot be undone from here; load the same file again,
  which completes it, as loads are idempotent. For large initial loads the bulk
  path (``sanctiongraph bulk-export`` and ``neo4j-admin``) is faster anyway.

Reads (named queries, and ad-hoc Cypher unless writing is asked for) run in
read transactions with READ routing, so the server refuses any write in them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from functools import partial
from typing import Any, LiteralString

import neo4j
import networkx as nx
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from sanctiongraph.graph import cypher
from sanctiongraph.graph.records import Node, Props, Rel, SchemaError, merge_props
from sanctiongraph.graph.schema import DATE_TYPES, SCHEMA, rel_prop_names
from sanctiongraph.graph.store import Row, Store, StoreError, Writer
from sanctiongraph.settings import Limits, Settings

DEFAULT_BATCH = 5000
# Records one transaction may carry before a load goes on batch by batch. Neo4j caps a
# transaction's memory (70% of the heap by default); 50,000 records fit a 1 GB heap.
ATOMIC_LIMIT = 50_000

_DATE_PROPS: dict[str, frozenset[str]] = {
    **{n.label: frozenset(p.name for p in n.props if p.type in DATE_TYPES) for n in SCHEMA.nodes},
    **{r.type: frozenset(p.name for p in r.props if p.type in DATE_TYPES) for r in SCHEMA.rels},
}


def to_python(value: Any) -> Any:
    """Neo4j values as the embedded store holds them (dates as ISO strings)."""
    if isinstance(value, neo4j.time.Date | dt.date):
        return value.isoformat()
    if isinstance(value, neo4j.time.DateTime | neo4j.time.Time | neo4j.time.Duration):
        return value.iso_format()
    if isinstance(value, list | tuple):
        return [to_python(v) for v in value]
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Node):
        return {"id": value.get("id"), "labels": sorted(value.labels), **to_python(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **to_python(dict(value))}
    return value


def _to_neo4j(owner: str, props: Props) -> Props:
    dates = _DATE_PROPS.get(owner, frozenset())
    return {k: dt.date.fromisoformat(v) if k in dates else v for k, v in props.items()}


def _fold_nodes(nodes: list[Node]) -> dict[str, dict[str, Props]]:
    """Nodes of a batch by label and id, duplicates merged."""
    out: dict[str, dict[str, Props]] = defaultdict(dict)
    for n in nodes:
        seen = out[n.label].get(n.id)
        out[n.label][n.id] = n.props if seen is None else merge_props(seen, n.props)
    return out


def _fold_rels(rels: list[Rel]) -> dict[str, dict[tuple[str, str], Props]]:
    out: dict[str, dict[tuple[str, str], Props]] = defaultdict(dict)
    for r in rels:
        pair = (r.start, r.end)
        seen = out[r.type].get(pair)
        out[r.type][pair] = r.props if seen is None else merge_props(seen, r.props)
    return out


class _Undo:
    """What a batch found before it wrote: enough to put it back."""

    def __init__(self) -> None:
        self.new_nodes: dict[str, list[str]] = defaultdict(list)
        self.old_nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.new_rels: dict[str, list[list[str]]] = defaultdict(list)
        self.old_rels: dict[str, list[dict[str, Any]]] = defaultdict(list)


def _write_batch(tx: ManagedTransaction, nodes: list[Node], rels: list[Rel], undo: _Undo) -> None:
    for label, by_id in _fold_nodes(nodes).items():
        ids = list(by_id)
        existing = {
            r["id"]: to_python(r["props"]) for r in tx.run(cypher.node_read(label), ids=ids)
        }
        rows = []
        for id_, props in by_id.items():
            old = existing.get(id_)
            if old is None:
                undo.new_nodes[label].append(id_)
                merged = props
            else:
                undo.old_nodes[label].append({"id": id_, "props": _to_neo4j(label, old)})
                merged = merge_props(old, props)
            rows.append({"id": id_, "props": _to_neo4j(label, merged)})
        tx.run(cypher.node_upsert(label), rows=rows).consume()
    for type_, by_pair in _fold_rels(rels).items():
        pairs = [list(p) for p in by_pair]
        existing_rels = {
            (r["start"], r["end"]): to_python(r["props"])
            for r in tx.run(cypher.rel_read(type_), pairs=pairs)
        }
        rows = []
        for (start, end), props in by_pair.items():
            old = existing_rels.get((start, end))
            if old is None:
                undo.new_rels[type_].append([start, end])
                merged = props
            else:
                undo.old_rels[type_].append(
                    {"start": start, "end": end, "props": _to_neo4j(type_, old)}
                )
                # The schema's properties only: a relationship written before ISSUED and
                # LOCATED_IN were cited by their listing and branch (RelType.cited_by) still
                # holds its own provenance, which `SET r = row.props` then clears.
                own = rel_prop_names(type_)
                merged = merge_props({k: v for k, v in old.items() if k in own}, props)
            rows.append({"start": start, "end": end, "props": _to_neo4j(type_, merged)})
        written = tx.run(cypher.rel_upsert(type_), rows=rows).single(strict=True)["written"]
        if written != len(rows):
            missing = _missing_ends(tx, type_, list(by_pair))
            raise SchemaError(f"{type_}: no node {missing}")


def _missing_ends(tx: ManagedTransaction, type_: str, pairs: list[tuple[str, str]]) -> str:
    r = SCHEMA.rel(type_)
    ends = {(r.start, s) for s, _ in pairs} | {(r.end, e) for _, e in pairs}
    for label, id_ in sorted(ends):
        found = tx.run(cypher.node_read(label), ids=[id_]).single()
        if found is None:
            return id_
    return "(unknown)"


def _undo(tx: ManagedTransaction, undo: _Undo) -> None:
    for type_, pairs in undo.new_rels.items():
        tx.run(cypher.rel_delete(type_), pairs=pairs).consume()
    for type_, rows in undo.old_rels.items():
        tx.run(cypher.rel_restore(type_), rows=rows).consume()
    for label, ids in undo.new_nodes.items():
        tx.run(cypher.node_delete(label), ids=ids).consume()
    for label, rows in undo.old_nodes.items():
        tx.run(cypher.node_restore(label), rows=rows).consume()


class Neo4jWriter(Writer):
    def __init__(
        self, store: Neo4jStore, batch_size: int, atomic: bool, replace: bool = False
    ) -> None:
        super().__init__(batch_size)
        self.store = store
        self.atomic = atomic
        # Replacing the graph: every batch is held for one transaction that first
        # deletes every node, so readers see the old graph or the new, never a mix,
        # and a failure (or the server's transaction memory cap) changes nothing.
        self.replace = replace
        self._pending: list[tuple[list[Node], list[Rel]]] = []
        self._pending_records = 0
        self._committed: list[_Undo] = []

    def _write(self, nodes: list[Node], rels: list[Rel]) -> None:
        if self.atomic or self.replace:
            self._pending.append((nodes, rels))
            self._pending_records += len(nodes) + len(rels)
            if self.replace or self._pending_records <= self.store.atomic_limit:
                return
            # Too large for one transaction (the server caps transaction memory):
            # go on batch by batch, with the undo log.
            self.atomic = False
            pending, self._pending = self._pending, []
            for batch_nodes, batch_rels in pending:
                self._write(batch_nodes, batch_rels)
            return

        def work(tx: ManagedTransaction) -> _Undo:
            undo = _Undo()  # a retried batch starts its undo record afresh
            _write_batch(tx, nodes, rels, undo)
            return undo

        self._committed.append(self.store._execute_write(work))

    def _commit(self) -> None:
        if self.replace or (self.atomic and self._pending):
            batches = self._pending
            replace = self.replace

            def work(tx: ManagedTransaction) -> None:
                undo = _Undo()
                if replace:
                    for n in SCHEMA.nodes:
                        tx.run(cypher.node_clear(n.label)).consume()
                for nodes, rels in batches:
                    _write_batch(tx, nodes, rels, undo)

            self.store._execute_write(work)
        self._pending = []
        self._committed = []

    def _rollback(self) -> None:
        self._pending = []
        # Undo the committed batches newest first, each in its own transaction.
        while self._committed:
            self.store._execute_write(partial(_undo, undo=self._committed.pop()))


class Neo4jStore(Store):
    """The knowledge graph in a Neo4j 5 database."""

    backend = "neo4j"
    dialect = "neo4j"

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str] | None,
        database: str = "neo4j",
        *,
        batch_size: int = DEFAULT_BATCH,
        atomic: bool = True,
        atomic_limit: int = ATOMIC_LIMIT,
        limits: Limits | None = None,
        isolate: bool = True,
    ) -> None:
        self.limits = limits or Limits()
        # Ad-hoc Cypher runs in a child process under the memory limit (graph/bounded.py),
        # which opens the store again with isolate=False; it needs the credentials for that.
        self.isolate = isolate
        self._auth = auth
        self.uri = uri
        self.user = auth[0] if auth else None
        self.database = database
        self.batch_size = batch_size
        self.atomic = atomic
        self.atomic_limit = atomic_limit
        try:
            self.driver = GraphDatabase.driver(
                uri, auth=auth, notifications_min_severity="OFF", connection_timeout=10.0
            )
            self.driver.verify_connectivity()
        except Exception as err:
            raise self._explain(err) from None
        self._schema_ready = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        return cls(
            settings.neo4j_uri,
            auth,
            settings.neo4j_database,
            batch_size=settings.batch_size or DEFAULT_BATCH,
            limits=settings.limits,
        )

    def _explain(self, err: BaseException) -> StoreError:
        """A message for people: the URI and what went wrong, never the password."""
        if isinstance(err, AuthError):
            return StoreError(
                f"Neo4j at {self.uri} refused the credentials of user {self.user!r}; "
                "check NEO4J_USER and NEO4J_PASSWORD"
            )
        if isinstance(err, ServiceUnavailable | OSError):
            return StoreError(
                f"cannot reach Neo4j at {self.uri}: is the server running? (NEO4J_URI)"
            )
        if isinstance(err, ValueError):
            return StoreError(f"bad Neo4j URI {self.uri!r}: {err}")
        if isinstance(err, Neo4jError):
            return StoreError(f"Neo4j at {self.uri}: {err.message or err}")
        return StoreError(f"Neo4j at {self.uri}: {type(err).__name__}: {err}")

    def close(self) -> None:
        self.driver.close()

    # -- writing -----------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create the constraints and indexes the schema declares (idempotent)."""
        if self._schema_ready:
            return
        for statement in cypher.constraint_statements():
            self._run(statement, {}, write=True)
        # Indexes created on a database that already holds data fill in the background.
        self._run(cypher.AWAIT_INDEXES, {}, write=True)
        self._schema_ready = True

    def writer(self, batch_size: int | None = None, atomic: bool | None = None) -> Neo4jWriter:
        self.ensure_schema()
        return Neo4jWriter(
            self, batch_size or self.batch_size, self.atomic if atomic is None else atomic
        )

    def replacing_writer(self) -> Neo4jWriter:
        """A writer whose commit replaces every node of the database, in one transaction
        (``sanctiongraph rebuild``); it changes nothing if it fails."""
        self.ensure_schema()
        return Neo4jWriter(self, self.batch_size, atomic=True, replace=True)

    def _execute_write(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)
        except (SchemaError, StoreError):
            raise
        except (ServiceUnavailable, AuthError, OSError) as err:
            raise self._explain(err) from err

    # -- reading -----------------------------------------------------------------

    def _read_all(self, text: LiteralString, params: Mapping[str, Any]) -> list[Row]:
        return self._run(text, params)

    def _run(
        self, query: LiteralString, params: Mapping[str, Any], write: bool = False
    ) -> list[Row]:
        try:
            records, _, _ = self.driver.execute_query(
                query,
                dict(params),
                database_=self.database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
            )
        except ClientError as err:
            if err.code == "Neo.ClientError.Statement.AccessMode":
                raise StoreError(
                    "this query writes, and queries run read-only; add --write to allow it"
                ) from None
            raise StoreError(f"Neo4j refused the query: {err.message}") from None
        except (ServiceUnavailable, AuthError, OSError) as err:
            raise self._explain(err) from None
        return [{k: to_python(v) for k, v in dict(r).items()} for r in records]

    def read(self, text: LiteralString, params: Mapping[str, Any]) -> list[Row]:
        """Trusted read-only text (a named query's) under the query limits."""
        return self._limited(text, params, write=False)

    def _cypher(self, text: str, params: Mapping[str, Any], write: bool) -> list[Row]:
        """Run checked ad-hoc Cypher; read-only unless ``write`` is set; time- and row-limited."""
        if self.isolate:
            from sanctiongraph.graph import bounded

            spec = {"backend": "neo4j", "uri": self.uri, "auth": self._auth,
                    "database": self.database}  # fmt: skip
            return bounded.run(spec, text, params, write, self.limits)
        # Ad-hoc Cypher is the user's own query by design; its values still go as parameters.
        query: LiteralString = text
        return self._limited(query, params, write=write)

    def _limited(self, text: LiteralString, params: Mapping[str, Any], write: bool) -> list[Row]:
        """Run text in a managed transaction that the server stops after the time limit,
        reading at most ``max_rows`` records (the rest are never pulled from the server)."""
        limits = self.limits
        cap = limits.max_rows

        @neo4j.unit_of_work(timeout=limits.query_timeout)
        def work(tx: ManagedTransaction) -> list[Row]:
            rows: list[Row] = []
            for record in tx.run(text, dict(params)):
                if len(rows) >= cap:
                    raise StoreError(
                        f"the query returned more than {cap:,} rows; add LIMIT, or raise "
                        "SANCTIONGRAPH_MAX_ROWS"
                    )
                rows.append({k: to_python(v) for k, v in dict(record).items()})
            return rows

        try:
            with self.driver.session(database=self.database) as session:
                if write:
                    result: list[Row] = session.execute_write(work)
                else:
                    result = session.execute_read(work)
                return result
        except ClientError as err:
            if err.code == "Neo.ClientError.Statement.AccessMode":
                raise StoreError(
                    "this query writes, and queries run read-only; add --write to allow it"
                ) from None
            if "Timeout" in (err.code or "") or "terminated" in (err.message or "").lower():
                raise StoreError(
                    f"the query ran longer than {limits.query_timeout:g} s and was stopped; "
                    "narrow it, or raise the limit with --timeout or SANCTIONGRAPH_QUERY_TIMEOUT"
                ) from None
            raise StoreError(f"Neo4j refused the query: {err.message}") from None
        except (ServiceUnavailable, AuthError, OSError) as err:
            raise self._explain(err) from None

    def stats(self) -> dict[str, Any]:
        nodes = {r["label"]: r["count"] for r in self._run(cypher.STATS_NODES, {})}
        rels = {r["type"]: r["count"] for r in self._run(cypher.STATS_RELS, {})}
        return {
            "backend": self.backend,
            "location": f"{self.uri} (database {self.database})",
            "nodes": nodes,
            "relationships": rels,
            "total_nodes": sum(nodes.values()),
            "total_relationships": sum(rels.values()),
        }

    def to_networkx(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for r in self._run(cypher.ALL_NODES, {}):
            g.add_node(r["props"]["id"], label=r["label"], **r["props"])
        for r in self._run(cypher.ALL_RELS, {}):
            g.add_edge(r["start"], r["end"], key=r["type"], type=r["type"], **r["props"])
        return g

    def lookup(self, label: str, text: str, normalised: str | None) -> list[Row]:
        # A key is tried first on its own: an OR with the list test would make
        # the planner scan the label instead of seeking the constraint's index.
        hits = self._run(cypher.lookup_key(label), {"text": text})
        if hits or not normalised:
            return hits
        # Normalised names hold letters, digits and spaces only; quoting makes them
        # one Lucene phrase, and backslashes and quotes are escaped all the same.
        phrase = '"' + normalised.replace("\\", "\\\\").replace('"', '\\"') + '"'
        hits = self._run(cypher.lookup_name(label), {"norm": normalised, "phrase": phrase})
        if hits:
            return hits
        # An analyser can split a name differently from normalize_name: be sure.
        return self._run(cypher.lookup_name_scan(label), {"norm": normalised})

    def entities(self, props: tuple[str, ...]) -> Iterator[Row]:
        for row in self._run(cypher.entity_props(props), {}):
            yield {"id": row["id"], **{p: row["props"].get(p) for p in props}}

    def entities_by_id(self, ids: Collection[str], props: tuple[str, ...]) -> Iterator[Row]:
        if not ids:
            return
        for row in self._run(cypher.entity_props_by_ids(props), {"ids": sorted(ids)}):
            yield {"id": row["id"], **{p: row["props"].get(p) for p in props}}

    def names(self, label: str) -> list[Row]:
        return self._run(cypher.names(label), {})

    def count_nodes(self) -> int:
        return int(self._run(cypher.COUNT_ALL, {})[0]["count"])

    def clear(self) -> None:
        """Delete every node and relationship of this database, in batches."""
        for statement in (cypher.DELETE_RELS_BATCH, cypher.DELETE_NODES_BATCH):
            while self._run(statement, {"limit": 10_000}, write=True)[0]["deleted"]:
                pass
