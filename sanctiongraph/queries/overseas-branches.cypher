// name: overseas-branches
// purpose: An entity's branches and offices outside its home (head-office) country, with their countries.
// param: entity Entity -- the entity: name, alias or key
// columns: entity, branch, city, country_code, country
MATCH (e:Entity {id: $entity})-[:HEADQUARTERED_IN]->(home:Country)
WITH e, collect(home.id) AS homes
MATCH (e)-[:HAS_BRANCH]->(b:Branch)-[:LOCATED_IN]->(c:Country)
WHERE NOT c.id IN homes
RETURN e.name AS entity, b.name AS branch, b.city AS city, c.code AS country_code, c.name AS country
ORDER BY country, branch, b.id
