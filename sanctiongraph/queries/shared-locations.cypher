// name: shared-locations
// purpose: Other listed entities with an office in the same city or country as one of this entity's offices.
// param: entity Entity -- the entity: name, alias or key
// columns: entity, key, shared_cities, shared_countries
MATCH (e:Entity {id: $entity})-[:HAS_BRANCH]->(b:Branch)-[:LOCATED_IN]->(c:Country)
      <-[:LOCATED_IN]-(ob:Branch)<-[:HAS_BRANCH]-(o:Entity)
WHERE o.id <> e.id AND EXISTS { MATCH (o)<-[:TARGETS]-(:Listing) }
WITH o, c, CASE WHEN b.city_key IS NOT NULL AND b.city_key = ob.city_key THEN b.city END AS city
// SKIP 0: LadybugDB orders inside WITH only with SKIP or LIMIT; Neo4j ignores it.
ORDER BY c.name, city SKIP 0
WITH o, collect(DISTINCT c.name) AS countries, collect(DISTINCT city) AS cities
RETURN o.name AS entity, o.id AS key, cities AS shared_cities, countries AS shared_countries
ORDER BY size(cities) DESC, size(countries) DESC, entity, key
