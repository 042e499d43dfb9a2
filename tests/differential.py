"""Analyst-style Cypher, run as written on LadybugDB and on Neo4j 5, compared row for row.

Each case is ``(neo4j_text, ladybug_text, params)``: ``ladybug_text`` is None where the text
runs verbatim on both, else the rewrite the dialect table of docs/cypher.md gives. Rows are compared
as sorted JSON, so a query need not order; dates are compared as ISO text.
"""

from __future__ import annotations

from typing import Any

KCC = "entity:korea-computer-center"

CASES: list[tuple[str, str | None, dict[str, Any]]] = [
    # counting and grouping
    ("MATCH (e:Entity) RETURN count(*) AS n", None, {}),
    ("MATCH (e:Entity) RETURN e.kind AS kind, count(*) AS n", None, {}),
    ("MATCH (l:Listing) RETURN l.status AS status, count(l) AS n", None, {}),
    ("MATCH (a:Authority)-[:ISSUED]->(l:Listing) RETURN a.name AS a, count(l) AS n", None, {}),
    (
        "MATCH (a:Authority)-[:ISSUED]->(:Listing)-[:TARGETS]->(e:Entity) "
        "RETURN a.short AS a, count(DISTINCT e) AS n",
        None,
        {},
    ),
    ("MATCH (c:Country)<-[:LOCATED_IN]-(b:Branch) RETURN c.code AS c, count(b) AS n", None, {}),
    ("MATCH (s:Source) RETURN s.name AS name, s.list_date AS d", None, {}),
    # parameters, strings
    ("MATCH (e:Entity {id: $key}) RETURN e.name AS name, e.aliases AS aliases", None, {"key": KCC}),
    (
        "MATCH (e:Entity) WHERE e.name STARTS WITH $prefix RETURN e.name AS name",
        None,
        {"prefix": "Korea"},
    ),
    (
        "MATCH (e:Entity) WHERE e.name CONTAINS $word RETURN e.id AS id",
        None,
        {"word": "Bank"},
    ),
    (
        "MATCH (e:Entity) WHERE toLower(e.name) CONTAINS 'shipping' RETURN e.name AS name",
        "MATCH (e:Entity) WHERE lower(e.name) CONTAINS 'shipping' RETURN e.name AS name",
        {},
    ),
    (
        "MATCH (e:Entity) WHERE e.kind IN $kinds RETURN e.kind AS k, count(*) AS n",
        None,
        {"kinds": ["organization", "vessel"]},
    ),
    (
        "MATCH (e:Entity) WHERE $alias IN e.aliases RETURN e.id AS id",
        None,
        {"alias": "Choson Computer Center"},
    ),
    ("MATCH (e:Entity) RETURN e.name AS name, size(e.aliases) AS n", None, {}),
    ("MATCH (e:Entity) WHERE e.sector IS NULL RETURN count(e) AS n", None, {}),
    ("MATCH (e:Entity) RETURN coalesce(e.sector, 'unknown') AS s, count(*) AS n", None, {}),
    # dates
    (
        "MATCH (l:Listing) WHERE l.listed_on = date($day) RETURN count(l) AS n",
        None,
        {"day": "2017-12-15"},
    ),
    (
        "MATCH (l:Listing) WHERE l.listed_on >= date('2017-10-01') AND "
        "l.listed_on < date('2018-01-01') RETURN l.name AS name, l.listed_on AS d",
        None,
        {},
    ),
    ("MATCH (l:Listing) RETURN min(l.listed_on) AS first, max(l.listed_on) AS last", None, {}),
    (
        "MATCH (l:Listing) WHERE l.listed_on IS NOT NULL "
        "RETURN l.listed_on.year AS y, count(*) AS n",
        "MATCH (l:Listing) WHERE l.listed_on IS NOT NULL "
        "RETURN date_part('year', l.listed_on) AS y, count(*) AS n",
        {},
    ),
    (
        "MATCH (ev:Event)<-[:RESPONDS_TO]-(l:Listing) "
        "RETURN l.name AS l, duration.inDays(ev.date, l.listed_on).days AS days",
        "MATCH (ev:Event)<-[:RESPONDS_TO]-(l:Listing) "
        "RETURN l.name AS l, l.listed_on - ev.date AS days",
        {},
    ),
    # optional and negative patterns
    (
        "MATCH (e:Entity) OPTIONAL MATCH (e)-[:HAS_BRANCH]->(b:Branch) "
        "RETURN e.id AS id, count(b) AS branches",
        None,
        {},
    ),
    (
        "MATCH (e:Entity) WHERE NOT EXISTS { MATCH (e)-[:HAS_BRANCH]->(:Branch) } "
        "RETURN e.id AS id",
        None,
        {},
    ),
    (
        "MATCH (e:Entity) WHERE EXISTS { MATCH (e)<-[:TARGETS]-(:Listing)<-[:ISSUED]-"
        "(:Authority {short: 'kr'}) } RETURN e.name AS name",
        None,
        {},
    ),
    (
        "MATCH (e:Entity)<-[:TARGETS]-(l:Listing)<-[:ISSUED]-(a:Authority) "
        "WITH e, count(DISTINCT a) AS n WHERE n >= 3 RETURN e.name AS name, n",
        None,
        {},
    ),
    # WITH, collect, UNWIND
    (
        "MATCH (e:Entity)-[:HAS_BRANCH]->(:Branch)-[:LOCATED_IN]->(c:Country) "
        "WITH e, collect(DISTINCT c.code) AS cs RETURN e.id AS id, size(cs) AS n",
        None,
        {},
    ),
    (
        "UNWIND $codes AS code MATCH (c:Country {code: code}) RETURN c.name AS name",
        None,
        {"codes": ["DE", "CN", "KP"]},
    ),
    ("UNWIND [1, 2, 3] AS x RETURN x * 2 AS y", None, {}),
    (
        "MATCH (e:Entity {id: $key})-[:HAS_BRANCH]->(b:Branch) "
        "WITH b ORDER BY b.name LIMIT 3 RETURN b.name AS name",
        None,
        {"key": KCC},
    ),
    (
        "MATCH (a:Authority)-[:ISSUED]->(l:Listing) WITH a, min(l.listed_on) AS first "
        "RETURN a.name AS a, first",
        None,
        {},
    ),
    # CASE, arithmetic, DISTINCT, ORDER/SKIP/LIMIT
    (
        "MATCH (e:Entity) RETURN CASE WHEN e.kind = 'vessel' THEN 'ship' ELSE 'other' END AS k, "
        "count(*) AS n",
        None,
        {},
    ),
    ("MATCH (e:Entity) RETURN DISTINCT e.kind AS kind", None, {}),
    ("MATCH (e:Entity) RETURN e.name AS name ORDER BY name SKIP 2 LIMIT 5", None, {}),
    (
        "MATCH (t)-[r:TARGETS]->(e:Entity) RETURN e.id AS id, avg(r.match_confidence) AS c",
        None,
        {},
    ),
    # labels and types
    (
        "MATCH (n {id: $key}) RETURN labels(n) AS labels",
        "MATCH (n {id: $key}) RETURN [label(n)] AS labels",
        {"key": KCC},
    ),
    (
        "MATCH (:Entity {id: $key})-[r]->() RETURN type(r) AS t, count(*) AS n",
        "MATCH (:Entity {id: $key})-[r]->() RETURN label(r) AS t, count(*) AS n",
        {"key": KCC},
    ),
    # paths
    (
        "MATCH (a:Entity {id: $a})-[*1..2]-(b:Entity) RETURN DISTINCT b.id AS id",
        # Neo4j never uses a relationship twice in a pattern (trail); LadybugDB may (walk).
        "MATCH (a:Entity {id: $a})-[* TRAIL 1..2]-(b:Entity) RETURN DISTINCT b.id AS id",
        {"a": KCC},
    ),
    (
        "MATCH p = shortestPath((a:Entity {id: $a})-[*..6]-(b:Entity {id: $b})) "
        "RETURN length(p) AS hops",
        "MATCH p = (a:Entity {id: $a})-[* SHORTEST 1..6]-(b:Entity {id: $b}) "
        "RETURN length(p) AS hops",
        {"a": KCC, "b": "entity:kumgang-bank"},
    ),
    (
        "MATCH (ev:Event)-[:CARRIED_OUT_BY]->(c:Country) RETURN ev.name AS e, c.code AS c",
        None,
        {},
    ),
    # provenance
    (
        "MATCH (e:Entity {id: $key}) UNWIND e.sources AS s RETURN s ORDER BY s",
        None,
        {"key": KCC},
    ),
    (
        "MATCH (l:Listing)-[t:TARGETS]->(:Entity) WHERE $source IN t.sources RETURN count(*) AS n",
        None,
        {"source": "source:jp-mof-2026-03-05"},
    ),
    (
        "MATCH (c:Claim)-[:ABOUT]->(a:Authority) "
        "RETURN c.name AS claim, c.value AS v, a.short AS a",
        None,
        {},
    ),
]


def comparable(rows: list[dict[str, Any]]) -> list[str]:
    """Rows as sorted JSON; floats to 12 significant digits (sums differ in the last bit)."""
    import json

    def norm(v: Any) -> Any:
        if isinstance(v, float):
            return float(f"{v:.12g}")
        if isinstance(v, list):
            return [norm(x) for x in v]
        return v

    return sorted(json.dumps([norm(v) for v in r.values()], ensure_ascii=False) for r in rows)
