// why: a null parameter is typed BOOLEAN by LadybugDB unless cast
MATCH (a:Authority)-[:ISSUED]->(l:Listing)-[t:TARGETS]->(e:Entity)
WHERE $source IN t.sources AND (CAST($programme AS STRING) IS NULL OR l.programme STARTS WITH CAST($programme AS STRING))
WITH a,
     count(DISTINCT CASE WHEN e.kind = 'organization' THEN e.id END) AS organizations,
     count(DISTINCT CASE WHEN e.kind = 'person' THEN e.id END) AS persons,
     count(DISTINCT CASE WHEN e.kind = 'vessel' THEN e.id END) AS vessels,
     count(DISTINCT CASE WHEN e.kind = 'aircraft' THEN e.id END) AS aircraft,
     count(DISTINCT e.id) AS total,
     count(DISTINCT CASE WHEN l.status = 'delisted' THEN e.id END) AS delisted
RETURN a.name AS authority, CAST($programme AS STRING) AS programme,
       organizations, persons, vessels, aircraft, total, delisted
ORDER BY authority
