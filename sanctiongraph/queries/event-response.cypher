// name: event-response
// purpose: Listings made in answer to an event, per authority and date, with the days from the event to the listing.
// param: event Event -- the event: name, date (YYYY-MM-DD) or key
// columns: authority, listed_on, days_after, targets, entities
MATCH (ev:Event {id: $event})<-[:RESPONDS_TO]-(l:Listing)<-[:ISSUED]-(a:Authority)
MATCH (l)-[:TARGETS]->(e:Entity)
WITH DISTINCT ev, a, l.listed_on AS listed_on, e
ORDER BY e.name, e.id SKIP 0
WITH ev, a, listed_on, collect(e.name) AS entities
RETURN a.name AS authority, listed_on,
       CASE WHEN listed_on IS NULL THEN null ELSE duration.inDays(ev.date, listed_on).days END AS days_after,
       size(entities) AS targets, entities
ORDER BY listed_on, authority
