// name: listing-gap
// purpose: Entities that authority A lists and authority B does not.
// param: authority_a Authority -- the authority that lists them: name or short code (jp, us, kr, unsc, eu, gb)
// param: authority_b Authority -- the authority that does not
// columns: entity, key, kind, programmes, first_listed
MATCH (:Authority {id: $authority_a})-[:ISSUED]->(l:Listing {status: 'listed'})-[:TARGETS]->(e:Entity)
WHERE NOT EXISTS {
  MATCH (:Authority {id: $authority_b})-[:ISSUED]->(:Listing {status: 'listed'})-[:TARGETS]->(e)
}
// SKIP 0: LadybugDB orders inside WITH only with SKIP or LIMIT; Neo4j ignores it.
WITH e, l
ORDER BY l.programme SKIP 0
WITH e, collect(DISTINCT l.programme) AS programmes, min(l.listed_on) AS first_listed
RETURN e.name AS entity, e.id AS key, e.kind AS kind, programmes, first_listed
ORDER BY entity, key
