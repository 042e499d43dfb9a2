// name: shared-locations
// purpose: Other listed entities with an office at the same address, in the same city or in the same country as one of this entity's offices, the rarest shared place first.
// param: entity Entity -- the entity: name, alias or key
// columns: entity, key, place, level, shared_by, places
// A place is as telling as it is rare: shared_by counts the listed entities with an office
// there (this one included), so a street address two share comes before a city nine hundred
// share. level says what is shared (address, city, country: named from 3, 2, 1 by
// sanctiongraph/queries/links.py); place is the rarest one, places
// every one, rarest first. An address is shared when the same text names an office in the
// same city and says more than the city (a street, a district, a building).
MATCH (e:Entity {id: $entity})-[:HAS_BRANCH]->(b:Branch)-[:LOCATED_IN]->(c:Country)
      <-[:LOCATED_IN]-(ob:Branch)<-[:HAS_BRANCH]-(o:Entity)
WHERE o.id <> e.id AND EXISTS { MATCH (o)<-[:TARGETS]-(:Listing) }
WITH o, b, c, b.city_key IS NOT NULL AND b.city_key = ob.city_key AS same_city,
     toLower(b.address) = toLower(ob.address)
       AND NOT toLower(b.address) STARTS WITH toLower(b.city) AS same_text
UNWIND [1, 2, 3] AS level
WITH o, b, c, level, same_city, same_text
WHERE level = 1 OR (level = 2 AND same_city) OR (level = 3 AND same_city AND same_text)
WITH o, level, c.id AS country, CASE WHEN level > 1 THEN b.city_key END AS city,
     CASE WHEN level > 2 THEN toLower(b.address) END AS address,
     CASE level WHEN 1 THEN c.name WHEN 2 THEN b.city ELSE b.address END AS place
WITH level, country, city, address, place, collect(DISTINCT o) AS others
UNWIND others AS o
WITH o, level, place, size(others) + 1 AS shared_by
// SKIP 0: LadybugDB orders inside WITH only with SKIP or LIMIT; Neo4j ignores it.
ORDER BY shared_by, level DESC, place SKIP 0
WITH o, collect(place) AS places, collect(level) AS levels, collect(shared_by) AS counts
RETURN o.name AS entity, o.id AS key, places[0] AS place, levels[0] AS level,
       counts[0] AS shared_by, places
ORDER BY shared_by, level DESC, entity, key
