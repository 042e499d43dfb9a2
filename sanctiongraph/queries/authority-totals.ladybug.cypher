// why: a null parameter is typed BOOLEAN by LadybugDB unless cast
MATCH (a:Authority {id: $authority})
OPTIONAL MATCH (a)-[:ISSUED]->(l:Listing)-[:TARGETS]->(e:Entity)
WHERE (CAST($programme AS STRING) IS NULL OR l.programme = CAST($programme AS STRING))
  AND (l.listed_on <= date($as_of) OR (l.listed_on IS NULL AND l.observed_on <= date($as_of)))
  AND (l.delisted_on IS NULL OR l.delisted_on > date($as_of))
  AND NOT (l.status = 'delisted' AND l.delisted_on IS NULL)
WITH a,
     count(DISTINCT CASE WHEN e.kind = 'organization' THEN e.id END) AS organizations,
     count(DISTINCT CASE WHEN e.kind = 'person' THEN e.id END) AS persons,
     count(DISTINCT CASE WHEN e.kind = 'vessel' THEN e.id END) AS vessels,
     count(DISTINCT CASE WHEN e.kind = 'aircraft' THEN e.id END) AS aircraft,
     count(DISTINCT e.id) AS total
RETURN a.name AS authority, $as_of AS as_of, CAST($programme AS STRING) AS programme,
       organizations, persons, vessels, aircraft, total
