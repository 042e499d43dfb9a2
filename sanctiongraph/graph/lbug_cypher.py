"""Every statement the LadybugDB store sends, in one place, built from the schema.

LadybugDB (the maintained successor of Kùzu) is a typed, columnar graph
database: each label is a node table and each relationship type a rel table
with declared columns, so the tables and every read and write statement are
derived from :data:`~sanctiongraph.graph.schema.SCHEMA` here. Labels, types and
property names come from the schema, never from users; values travel as
parameters.

>>> for part in node_table("Country").split(", "):
...     print(part)
CREATE NODE TABLE IF NOT EXISTS Country(id STRING PRIMARY KEY
code STRING
name STRING
match_names STRING[]
sources STRING[]
records STRING[])
>>> rel_table("HAS_BRANCH").split(", ")[0]
'CREATE REL TABLE IF NOT EXISTS HAS_BRANCH(FROM Entity TO Branch'
>>> rel_table("LOCATED_IN")  # cited by its branch: no properties of its own
'CREATE REL TABLE IF NOT EXISTS LOCATED_IN(FROM Branch TO Country)'
>>> node_columns("Authority")
('id', 'name', 'kind', 'short', 'match_names', 'sources', 'records')
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import LiteralString

from sanctiongraph.graph.schema import LOOKUP_LABELS, SCHEMA, Prop

# Bumped when the layout changes in a way an existing database cannot follow by
# adding tables and columns (see LadybugStore._migrate).
FORMAT = "sanctiongraph-ladybug/1"
# Our own bookkeeping tables; schema labels never start with an underscore.
META_TABLE = "_Meta"
NAME_TABLE = "_Name"

_TYPES = {
    "string": "STRING",
    "int": "INT64",
    "float": "DOUBLE",
    "date": "DATE",
    "string[]": "STRING[]",
}


def _lit(text: str) -> LiteralString:
    # Assembled from schema names only (literals in schema.py); see graph/cypher.py.
    return text


def column_type(prop: Prop) -> str:
    return _TYPES[prop.type]


@cache
def node_columns(label: str) -> tuple[str, ...]:
    """The columns of a label's table, key first, in table order."""
    nt = SCHEMA.node(label)
    return (nt.key, *(p.name for p in nt.props if p.name != nt.key))


@cache
def rel_columns(type_: str) -> tuple[str, ...]:
    return tuple(p.name for p in SCHEMA.rel(type_).props)


def node_table(label: str) -> LiteralString:
    nt = SCHEMA.node(label)
    cols = [f"{nt.key} STRING PRIMARY KEY"]
    cols += [f"{p.name} {column_type(p)}" for p in nt.props if p.name != nt.key]
    return _lit(f"CREATE NODE TABLE IF NOT EXISTS {label}({', '.join(cols)})")


def rel_table(type_: str) -> LiteralString:
    r = SCHEMA.rel(type_)
    cols = [f"FROM {r.start} TO {r.end}", *(f"{p.name} {column_type(p)}" for p in r.props)]
    return _lit(f"CREATE REL TABLE IF NOT EXISTS {type_}({', '.join(cols)})")


META_DDL: LiteralString = (
    f"CREATE NODE TABLE IF NOT EXISTS {META_TABLE}(key STRING PRIMARY KEY, value STRING)"
)
# Look-up by name: LadybugDB indexes primary keys only, and match_names is a list,
# so a table of (normalised name → node ids) answers a name with one key seek.
NAME_DDL: LiteralString = (
    f"CREATE NODE TABLE IF NOT EXISTS {NAME_TABLE}(name STRING PRIMARY KEY, ids STRING[])"
)


def ddl() -> list[LiteralString]:
    """Every table the schema declares, then ours; idempotent."""
    out = [node_table(n.label) for n in SCHEMA.nodes]
    out += [rel_table(r.type) for r in SCHEMA.rels]
    return [*out, META_DDL, NAME_DDL]


def schema_fingerprint() -> str:
    """Changes whenever the tables would: stored in the database, compared on open."""
    text = "\n".join([FORMAT, *ddl()])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def add_column(table: str, prop: Prop) -> LiteralString:
    return _lit(f"ALTER TABLE {table} ADD {prop.name} {column_type(prop)}")


def drop_column(table: str, column: str) -> LiteralString:
    """For a relationship the schema now cites by an end node (``RelType.cited_by``):
    the provenance columns it no longer keeps."""
    rt = SCHEMA.rel(table)
    if column in {p.name for p in rt.props} or not column.isidentifier():
        raise ValueError(f"{table}.{column} is not a column the schema dropped")
    return _lit(f"ALTER TABLE {table} DROP {column}")


TABLES: LiteralString = "CALL show_tables() RETURN name, type"


def table_info(table: str) -> LiteralString:
    # table names come from the schema or from show_tables(), both ours
    return _lit(f"CALL table_info('{table}') RETURN name")


META_READ: LiteralString = f"MATCH (m:{META_TABLE}) RETURN m.key, m.value"
META_WRITE: LiteralString = f"MERGE (m:{META_TABLE} {{key: $key}}) SET m.value = $value"


def count_nodes(label: str) -> LiteralString:
    SCHEMA.node(label)
    return _lit(f"MATCH (n:{label}) RETURN count(*)")


def count_rels(type_: str) -> LiteralString:
    r = SCHEMA.rel(type_)
    return _lit(f"MATCH (:{r.start})-[r:{type_}]->(:{r.end}) RETURN count(*)")


def node_read(label: str) -> LiteralString:
    """Current columns of the nodes of a batch (one key seek each)."""
    cols = ", ".join(f"n.{c}" for c in node_columns(label))
    return _lit(f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN {cols}")


def node_update(label: str, columns: tuple[str, ...] | None = None) -> LiteralString:
    """Set ``columns`` (default: every column) of existing nodes from an Arrow table
    ``$t`` of ``id`` and those columns (one row a node).

    A writer sets only the columns some row changes: the engine's checkpoint rewrites
    each column set, in every node group a row of it lies in (the 1,091 entities of a UN
    edition at a million entities: 0.52 s to checkpoint all 20 columns, 0.06 s for the
    two provenance columns).
    """
    every = node_columns(label)
    unknown = set(columns or ()) - set(every)
    if unknown:
        raise ValueError(f"{label} has no columns {sorted(unknown)}")
    chosen = [c for c in every if c != "id" and (columns is None or c in columns)]
    if not chosen:
        raise ValueError(f"{label}: no columns to set")
    sets = ", ".join(f"n.{c} = {c}" for c in chosen)
    return _lit(f"LOAD FROM $t MATCH (n:{label} {{id: id}}) SET {sets}")


def node_copy(label: str) -> LiteralString:
    """New nodes from an Arrow table ``$t`` whose columns are :func:`node_columns`."""
    SCHEMA.node(label)
    return _lit(f"COPY {label} FROM $t")


def node_create(label: str) -> LiteralString:
    """New nodes from an Arrow table ``$t`` as :func:`node_copy`, created row by row
    (no bulk-load buffers: see ``ladybug_store.COPY_MIN_ROWS``)."""
    props = ", ".join(f"{c}: {c}" for c in node_columns(label))
    return _lit(f"LOAD FROM $t CREATE (n:{label} {{{props}}})")


# Labels whose nodes hold a relationship to a great many others (an authority issues
# every listing of its lists, a country holds every branch in it): a relationship is
# read back from its other end.
_HUBS = frozenset({"Authority", "Country"})


def rel_read_by_start(type_: str) -> bool:
    """Does :func:`rel_read` seek ``type_`` by its start node (else by its end)?"""
    r = SCHEMA.rel(type_)
    return r.start not in _HUBS or r.end in _HUBS


def rel_read(type_: str) -> LiteralString:
    """Every ``type_`` relationship of the nodes keyed in ``$ids``: of their start nodes,
    or of their end nodes when the start is a hub (:func:`rel_read_by_start`); the
    caller keeps the pairs it asked for (a node without one gives a row of nulls).

    The shape is the engine's plan, measured. Keyed on both ends (``UNWIND $pairs ...
    {id: p.s}) ... {id: p.e})``) cost 0.5-0.65 ms a pair at 200,000 entities, found or
    not. Keyed on one end in one pattern (``MATCH (a)-[r]->(b {id: i})``), the planner
    hash-joins the keys with a scan of the *whole* relationship table: at 1,000,000
    entities 1.3 s and 1 GB of the buffer pool for the 1,091 ISSUED of one UN edition,
    and a load ran out of pool. The key seek first and the relationship in an
    ``OPTIONAL MATCH`` make it mask the scan to the nodes found: 0.02 s, no pool
    (``benchmarks/rel_read_plans.py``)."""
    cols = "".join(f", r.{c}" for c in rel_columns(type_))
    return _lit(f"UNWIND $ids AS i {_seek(type_, 'i')} RETURN a.id, b.id{cols}")


def rel_update(type_: str, columns: tuple[str, ...] | None = None) -> LiteralString:
    """Set ``columns`` (default: every property) of existing relationships from an
    Arrow table ``$t`` of (``s``, ``e``, those columns…), seeking each by one end as
    :func:`rel_read` does (the pattern keyed on both ends scans the whole table: 3.8 s
    against 2.9 s for 1,091 ISSUED at 1,000,000 entities, the process growing by 0.7 GB
    against 0.1). Only the columns given are set, as in :func:`node_update`."""
    every = rel_columns(type_)
    unknown = set(columns or ()) - set(every)
    if unknown:
        raise ValueError(f"{type_} has no columns {sorted(unknown)}")
    sets = ", ".join(f"r.{c} = {c}" for c in every if columns is None or c in columns)
    if not sets:
        raise ValueError(f"{type_} has no properties to set")
    key, other = ("s", "e") if rel_read_by_start(type_) else ("e", "s")
    return _lit(f"LOAD FROM $t {_seek(type_, key, other)} SET {sets}")


def _seek(type_: str, key: str, other: str | None = None) -> str:
    """The node keyed by ``key`` -- the start node, or the end node when the start is a
    hub (:func:`rel_read_by_start`) -- then its ``type_`` relationships ``r``, kept to
    those whose other end is keyed by ``other`` when one is given. ``a`` is the start
    node, ``b`` the end."""
    r = SCHEMA.rel(type_)
    if rel_read_by_start(type_):
        seek, rest = f"(a:{r.start} {{id: {key}}})", f"(a)-[r:{type_}]->(b:{r.end})"
        where = "" if other is None else f" WHERE b.id = {other}"
    else:
        seek, rest = f"(b:{r.end} {{id: {key}}})", f"(a:{r.start})-[r:{type_}]->(b)"
        where = "" if other is None else f" WHERE a.id = {other}"
    return f"MATCH {seek} OPTIONAL MATCH {rest}{where}"


# cypher.ENTITY_SEATS, ENTITY_ADDRESSES and the listings of entities, for the entities
# keyed $ids only (what the matcher's kept index reads back after a load): the key
# seek, then the relationship in an OPTIONAL MATCH (an entity without one gives a row
# of nulls, which the caller drops). One pattern holding both (``MATCH
# (l)-[:TARGETS]->(e {id: i})``) made the embedded engine hash-join the keys with a
# scan of the whole relationship table: 1.3 s and 0.7 GB at 1,000,000 entities for one
# UN edition's entities (see rel_read).
SEATS_OF: LiteralString = (
    "UNWIND $ids AS i MATCH (e:Entity {id: i}) "
    "OPTIONAL MATCH (e)-[:HEADQUARTERED_IN]->(c:Country) "
    "RETURN e.id AS id, c.code AS code"
)
ADDRESSES_OF: LiteralString = (
    "UNWIND $ids AS i MATCH (e:Entity {id: i}) "
    "OPTIONAL MATCH (e)-[:HAS_BRANCH]->(b:Branch) WHERE b.address IS NOT NULL "
    "RETURN e.id AS id, b.address AS address, b.city AS city"
)
LISTINGS_OF: LiteralString = (
    "UNWIND $ids AS i MATCH (e:Entity {id: i}) "
    "OPTIONAL MATCH (l:Listing)-[:TARGETS]->(e) "
    "RETURN l.id AS listing, e.id AS id, l.programme AS programme, l.reference AS reference"
)

# graph/cypher.py's LISTINGS_CITING, with the engine's list_has_any in place of an
# UNWIND of every listing's sources and a DISTINCT: the scan stays (nothing indexes a
# list column), at half the cost (0.30 s of CPU against 0.53-0.82 s for the 1,091
# listings of one UN edition among a million entities, docs/performance.md).
LISTINGS_CITING: LiteralString = (
    "MATCH (l:Listing) WHERE list_has_any(l.sources, $ids) "
    "RETURN l.id AS id, l.sources AS sources, l.present_from AS present_from, "
    "l.present_until AS present_until, l.last_seen_on AS last_seen_on, "
    "l.removed_by AS removed_by, l.records AS records"
)


def rel_copy(type_: str) -> LiteralString:
    SCHEMA.rel(type_)
    return _lit(f"COPY {type_} FROM $t")


def ids_exist(label: str) -> LiteralString:
    SCHEMA.node(label)
    return _lit(f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN n.id")


COUNT_NAMES: LiteralString = f"MATCH (x:{NAME_TABLE}) RETURN count(*)"
NAME_READ: LiteralString = (
    f"UNWIND $names AS k MATCH (x:{NAME_TABLE} {{name: k}}) RETURN x.name, x.ids"
)
NAME_UPDATE: LiteralString = f"LOAD FROM $t MATCH (x:{NAME_TABLE} {{name: name}}) SET x.ids = ids"
NAME_COPY: LiteralString = f"COPY {NAME_TABLE} FROM $t"
NAME_CREATE: LiteralString = f"LOAD FROM $t CREATE (x:{NAME_TABLE} {{name: name, ids: ids}})"
NAME_LOOKUP: LiteralString = f"MATCH (x:{NAME_TABLE} {{name: $norm}}) RETURN x.ids"


def lookup_key(label: str) -> LiteralString:
    SCHEMA.node(label)
    return _lit(f"MATCH (n:{label} {{id: $text}}) RETURN n.id AS id, n.name AS name")


def lookup_ids(label: str) -> LiteralString:
    """Confirm name-table hits: the nodes still exist and still carry the name."""
    SCHEMA.node(label)
    return _lit(
        f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) "
        "WHERE list_contains(n.match_names, $norm) RETURN n.id AS id, n.name AS name"
    )


def lookup_scan(label: str) -> LiteralString:
    """A label's nodes by one normalised name, reading them all (labels not in LOOKUP_LABELS)."""
    SCHEMA.node(label)
    return _lit(
        f"MATCH (n:{label}) WHERE list_contains(n.match_names, $norm) "
        "RETURN n.id AS id, n.name AS name"
    )


def names(label: str) -> LiteralString:
    SCHEMA.node(label)
    return _lit(
        f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, n.match_names AS match_names"
    )


def all_nodes(label: str) -> LiteralString:
    cols = ", ".join(f"n.{c}" for c in node_columns(label))
    return _lit(f"MATCH (n:{label}) RETURN {cols}")


def all_rels(type_: str) -> LiteralString:
    r = SCHEMA.rel(type_)
    cols = "".join(f", r.{c}" for c in rel_columns(type_))
    return _lit(f"MATCH (a:{r.start})-[r:{type_}]->(b:{r.end}) RETURN a.id, b.id{cols}")


def entity_props(props: tuple[str, ...]) -> LiteralString:
    for p in props:
        SCHEMA.node("Entity").prop(p)
    cols = "".join(f", n.{p}" for p in props)
    return _lit(f"MATCH (n:Entity) RETURN n.id{cols}")


def entity_props_by_ids(props: tuple[str, ...]) -> LiteralString:
    """The named properties of the entities keyed ``$ids`` (primary-key look-ups)."""
    for p in props:
        SCHEMA.node("Entity").prop(p)
    cols = "".join(f", n.{p}" for p in props)
    return _lit(f"UNWIND $ids AS i MATCH (n:Entity {{id: i}}) RETURN n.id{cols}")


def nodes_by_ids(label: str) -> LiteralString:
    cols = ", ".join(f"n.{c}" for c in node_columns(label))
    return _lit(f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN {cols}")


def neighbour_ids(type_: str, outgoing: bool) -> LiteralString:
    """Ends of a relationship type around a set of nodes, for subgraphs."""
    r = SCHEMA.rel(type_)
    if outgoing:
        return _lit(
            f"UNWIND $ids AS i MATCH (a:{r.start} {{id: i}})-[:{type_}]->(b:{r.end}) "
            "RETURN DISTINCT b.id"
        )
    return _lit(
        f"UNWIND $ids AS i MATCH (a:{r.start})-[:{type_}]->(b:{r.end} {{id: i}}) "
        "RETURN DISTINCT a.id"
    )


# The same reads for one id given as ``{id: $id}``: LadybugDB seeks its primary-key index
# for that form, but scans the table for ids bound by UNWIND or tested with IN (at a
# million entities, 0.3-0.6 ms against 100+ ms); subgraphs of a few hundred nodes use these.
# The node given by key is written last in the pattern: `(a:Entity {id: $id})-[:LINKED_TO]->
# (b:Entity)` took 47 ms at a million entities (the planner scans b), the same pattern
# written from b 0.4 ms.


def node_by_id(label: str) -> LiteralString:
    cols = ", ".join(f"n.{c}" for c in node_columns(label))
    return _lit(f"MATCH (n:{label} {{id: $id}}) RETURN {cols}")


def neighbour_ids_of(type_: str, outgoing: bool) -> LiteralString:
    r = SCHEMA.rel(type_)
    if outgoing:
        return _lit(f"MATCH (b:{r.end})<-[:{type_}]-(a:{r.start} {{id: $id}}) RETURN DISTINCT b.id")
    return _lit(f"MATCH (a:{r.start})-[:{type_}]->(b:{r.end} {{id: $id}}) RETURN DISTINCT a.id")


def rels_of(type_: str, outgoing: bool) -> LiteralString:
    """A node's relationships of a type, with their properties (start id, end id, props)."""
    r = SCHEMA.rel(type_)
    cols = "".join(f", r.{c}" for c in rel_columns(type_))
    if outgoing:
        return _lit(
            f"MATCH (b:{r.end})<-[r:{type_}]-(a:{r.start} {{id: $id}}) RETURN a.id, b.id{cols}"
        )
    return _lit(f"MATCH (a:{r.start})-[r:{type_}]->(b:{r.end} {{id: $id}}) RETURN a.id, b.id{cols}")


def rels_among(type_: str) -> LiteralString:
    r = SCHEMA.rel(type_)
    cols = "".join(f", r.{c}" for c in rel_columns(type_))
    return _lit(
        f"UNWIND $ids AS i MATCH (a:{r.start} {{id: i}})-[r:{type_}]->(b:{r.end}) "
        f"WHERE list_contains($ids, b.id) RETURN a.id, b.id{cols}"
    )


def lookup_labels() -> tuple[str, ...]:
    return LOOKUP_LABELS
