// name: response-atlas
// purpose: For each event (one, or those of a type in a range of local dates), each authority's listings that answer it (RESPONDS_TO, cited): how many, and the first designation date. Lags and per-authority medians: sanctiongraph atlas.
// param: event Event? -- one event: name, date or key
// param: type string? -- event type, e.g. icbm_launch, nuclear_test
// param: since date? -- first local date of the events, YYYY-MM-DD
// param: until date? -- last local date of the events, YYYY-MM-DD
// columns: event, key, type, event_date, authority, listings, first_listed
MATCH (a:Authority)-[:ISSUED]->(l:Listing)-[:RESPONDS_TO]->(ev:Event)
WHERE ($event IS NULL OR ev.id = $event)
  AND ($type IS NULL OR ev.type = $type)
  AND ($since IS NULL OR ev.date >= date($since))
  AND ($until IS NULL OR ev.date <= date($until))
RETURN ev.name AS event, ev.id AS key, ev.type AS type, ev.date AS event_date,
       a.name AS authority, count(DISTINCT l) AS listings, min(l.listed_on) AS first_listed
ORDER BY event_date, key, authority
