"""Every Cypher statement the Neo4j store sends, in one place, built from the schema.

Labels, relationship types and property names come from :data:`SCHEMA`, never
from users; every value travels as a parameter. The statements are plain
strings so they can be unit-tested without a server.

>>> print(node_upsert("Country"))
UNWIND $rows AS row
MERGE (n:Country {id: row.id})
SET n = row.props
>>> constraint_statements()[0]
'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE'
"""

from __future__ import annotations

from typing import LiteralString

from sanctiongraph.graph.schema import LOOKUP_LABELS, SCHEMA

# The statements are assembled from schema names only, which are literals in
# schema.py; _lit marks that for readers and for type checkers that track
# LiteralString (mypy treats it as str).


def _lit(text: str) -> LiteralString:
    return text


def constraint_statements() -> list[LiteralString]:
    """Uniqueness on every label's key, then a range index per indexed property."""
    out: list[LiteralString] = []
    for n in SCHEMA.nodes:
        out.append(
            _lit(
                f"CREATE CONSTRAINT {n.label.lower()}_{n.key} IF NOT EXISTS "
                f"FOR (n:{n.label}) REQUIRE n.{n.key} IS UNIQUE"
            )
        )
    for n in SCHEMA.nodes:
        for p in n.props:
            if p.indexed and p.name != n.key:
                out.append(
                    _lit(
                        f"CREATE INDEX {n.label.lower()}_{p.name} IF NOT EXISTS "
                        f"FOR (n:{n.label}) ON (n.{p.name})"
                    )
                )
    # Look-up by name: a full-text (Lucene) index takes lists of strings, which a
    # range or text index does not; lookup_name() confirms each hit exactly.
    for label in LOOKUP_LABELS:
        out.append(
            _lit(
                f"CREATE FULLTEXT INDEX {label.lower()}_names_fulltext IF NOT EXISTS "
                f"FOR (n:{label}) ON EACH [n.match_names] "
                "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}"
            )
        )
    return out


AWAIT_INDEXES: LiteralString = "CALL db.awaitIndexes(300)"


def node_upsert(label: str) -> LiteralString:
    SCHEMA.node(label)
    return _lit(f"UNWIND $rows AS row\nMERGE (n:{label} {{id: row.id}})\nSET n = row.props")


def node_read(label: str) -> LiteralString:
    """Current properties of the nodes of a batch, to merge lists as the embedded store does."""
    SCHEMA.node(label)
    return _lit(f"MATCH (n:{label}) WHERE n.id IN $ids RETURN n.id AS id, properties(n) AS props")


def rel_upsert(type_: str) -> LiteralString:
    r = SCHEMA.rel(type_)
    return _lit(
        "UNWIND $rows AS row\n"
        f"MATCH (a:{r.start} {{id: row.start}})\n"
        f"MATCH (b:{r.end} {{id: row.end}})\n"
        f"MERGE (a)-[r:{r.type}]->(b)\n"
        "SET r = row.props\n"
        "RETURN count(r) AS written"
    )


def _rel_pattern(type_: str, start: str, end: str) -> str:
    """``(a:Start {id: <start>})-[r:TYPE]->(b:End {id: <end>})``, labels from the schema."""
    r = SCHEMA.rel(type_)
    return f"(a:{r.start} {{id: {start}}})-[r:{r.type}]->(b:{r.end} {{id: {end}}})"


def rel_read(type_: str) -> LiteralString:
    return _lit(
        f"UNWIND $pairs AS pair\nMATCH {_rel_pattern(type_, 'pair[0]', 'pair[1]')}\n"
        "RETURN a.id AS start, b.id AS end, properties(r) AS props"
    )


def node_delete(label: str) -> LiteralString:
    SCHEMA.node(label)
    return _lit(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n")


def node_clear(label: str) -> LiteralString:
    """Every node of ``label`` and its relationships (a store replaced by a rebuild)."""
    SCHEMA.node(label)
    return _lit(f"MATCH (n:{label}) DETACH DELETE n")


def node_restore(label: str) -> LiteralString:
    SCHEMA.node(label)
    return _lit(f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n = row.props")


def rel_delete(type_: str) -> LiteralString:
    return _lit(
        f"UNWIND $pairs AS pair\nMATCH {_rel_pattern(type_, 'pair[0]', 'pair[1]')}\nDELETE r"
    )


def rel_restore(type_: str) -> LiteralString:
    return _lit(
        f"UNWIND $rows AS row\nMATCH {_rel_pattern(type_, 'row.start', 'row.end')}\n"
        "SET r = row.props"
    )


STATS_NODES: LiteralString = (
    "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label"
)
STATS_RELS: LiteralString = (
    "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
)


def lookup_key(label: str) -> LiteralString:
    """The node of a label with that key: an index seek on the uniqueness constraint."""
    SCHEMA.node(label)
    return _lit(f"MATCH (n:{label} {{id: $text}}) RETURN n.id AS id, n.name AS name")


def lookup_name(label: str) -> LiteralString:
    """Nodes of a label with one normalised name (see ``names.normalize_name``), through
    the label's full-text index; ``$phrase`` is the name as a quoted Lucene phrase."""
    SCHEMA.node(label)
    if label not in LOOKUP_LABELS:
        return lookup_name_scan(label)
    return _lit(
        f"CALL db.index.fulltext.queryNodes('{label.lower()}_names_fulltext', $phrase) "
        "YIELD node AS n WHERE $norm IN n.match_names RETURN n.id AS id, n.name AS name"
    )


def lookup_name_scan(label: str) -> LiteralString:
    """The same by reading every node of the label: when the index finds nothing."""
    SCHEMA.node(label)
    return _lit(f"MATCH (n:{label}) WHERE $norm IN n.match_names RETURN n.id AS id, n.name AS name")


def names(label: str) -> LiteralString:
    SCHEMA.node(label)
    return _lit(
        f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, n.match_names AS match_names"
    )


COUNT_ALL: LiteralString = "MATCH (n) RETURN count(n) AS count"
# Relationships first, then nodes, each in bounded batches: a DETACH DELETE of a hub
# (an authority with 300,000 listings) would not fit the server's transaction memory.
DELETE_RELS_BATCH: LiteralString = (
    "MATCH ()-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted"
)
DELETE_NODES_BATCH: LiteralString = (
    "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
)


def entity_props(props: tuple[str, ...]) -> LiteralString:
    """Only the named properties of every entity (a whole property map carries its
    sources and records: several times the bytes)."""
    for p in props:
        SCHEMA.node("Entity").prop(p)
    return _lit(
        "MATCH (n:Entity) RETURN n.id AS id, {"
        + ", ".join(f"{p}: n.{p}" for p in props)
        + "} AS props"
    )


def entity_props_by_ids(props: tuple[str, ...]) -> LiteralString:
    """The named properties of the entities keyed ``$ids`` (index look-ups)."""
    for p in props:
        SCHEMA.node("Entity").prop(p)
    return _lit(
        "UNWIND $ids AS i MATCH (n:Entity {id: i}) RETURN n.id AS id, {"
        + ", ".join(f"{p}: n.{p}" for p in props)
        + "} AS props"
    )


ALL_NODES: LiteralString = "MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS props"
ALL_RELS: LiteralString = (
    "MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"
)

# Reads for cross-list matching (``Store.entity_seats`` / ``Store.listings_mentioning``):
# plain Cypher both the embedded engine and Neo4j run; the words travel as parameters.
ENTITY_SEATS: LiteralString = (
    "MATCH (e:Entity)-[:HEADQUARTERED_IN]->(c:Country) RETURN e.id AS id, c.code AS code"
)
ENTITY_ADDRESSES: LiteralString = (
    "MATCH (e:Entity)-[:HAS_BRANCH]->(b:Branch) WHERE b.address IS NOT NULL "
    "RETURN e.id AS id, b.address AS address, b.city AS city"
)
# One statement per field: an empty list parameter has no type the embedded engine
# can bind, so a field with no words is not asked at all.
LISTINGS_BY_PROGRAMME: LiteralString = (
    "MATCH (l:Listing)-[:TARGETS]->(e:Entity) "
    "WHERE any(w IN $words WHERE l.programme CONTAINS w) "
    "RETURN l.id AS listing, e.id AS id, l.programme AS programme, l.reference AS reference"
)
LISTINGS_BY_REFERENCE: LiteralString = (
    "MATCH (l:Listing)-[:TARGETS]->(e:Entity) "
    "WHERE any(w IN $words WHERE l.reference CONTAINS w) "
    "RETURN l.id AS listing, e.id AS id, l.programme AS programme, l.reference AS reference"
)


# Every source with its date (editions are told by their ids: loaders.editions), and
# the listings some of them assert.
SOURCES_DATED: LiteralString = (
    "MATCH (s:Source) RETURN s.id AS id, s.list_date AS list_date, s.edition AS edition"
)
LISTINGS_CITING: LiteralString = (
    "MATCH (l:Listing) UNWIND l.sources AS s WITH l, s WHERE s IN $ids "
    "RETURN DISTINCT l.id AS id, l.sources AS sources, l.present_from AS present_from, "
    "l.present_until AS present_until, l.last_seen_on AS last_seen_on, "
    "l.removed_by AS removed_by, l.records AS records"
)
