// why: LadybugDB subtracts dates to days and has no duration.inDays
MATCH (ev:Event {id: $event})<-[:RESPONDS_TO]-(l:Listing)<-[:ISSUED]-(a:Authority)
MATCH (l)-[:TARGETS]->(e:Entity)
WITH DISTINCT ev, a, l.listed_on AS listed_on, e
ORDER BY e.name, e.id SKIP 0
WITH ev, a, listed_on, collect(e.name) AS entities
RETURN a.name AS authority, listed_on,
       CASE WHEN listed_on IS NULL THEN null ELSE listed_on - ev.date END AS days_after,
       size(entities) AS targets, entities
ORDER BY listed_on, authority
