// name: branch-network
// purpose: Entities with a branch or office in a country, and where each is headquartered.
// param: country Country -- the country: name or ISO code
// columns: entity, key, kind, branches, headquarters
MATCH (c:Country {id: $country})<-[:LOCATED_IN]-(b:Branch)<-[:HAS_BRANCH]-(e:Entity)
// SKIP 0: LadybugDB orders inside WITH only with SKIP or LIMIT; Neo4j ignores it.
WITH e, b
ORDER BY b.name, b.id SKIP 0
WITH e, collect(b.name) AS branches
OPTIONAL MATCH (e)-[:HEADQUARTERED_IN]->(hq:Country)
WITH e, branches, hq
ORDER BY hq.name SKIP 0
WITH e, branches, collect(hq.name) AS headquarters
RETURN e.name AS entity, e.id AS key, e.kind AS kind, branches, headquarters
ORDER BY entity, key
