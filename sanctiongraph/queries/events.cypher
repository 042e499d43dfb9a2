// name: events
// purpose: Events (launches, nuclear tests, meetings), optionally of one type and within a range of local dates, with the launch site and the sources.
// param: type string? -- event type, e.g. icbm_launch, nuclear_test
// param: since date? -- first local date, YYYY-MM-DD
// param: until date? -- last local date, YYYY-MM-DD
// columns: event, key, type, date, date_utc, time_utc, date_precision, missile, site, sources
MATCH (ev:Event)
WHERE ($type IS NULL OR ev.type = $type)
  AND ($since IS NULL OR ev.date >= date($since))
  AND ($until IS NULL OR ev.date <= date($until))
OPTIONAL MATCH (ev)-[:LAUNCHED_FROM]->(p:Place)
RETURN ev.name AS event, ev.id AS key, ev.type AS type, ev.date AS date,
       ev.date_utc AS date_utc, ev.time_utc AS time_utc, ev.date_precision AS date_precision,
       ev.missile AS missile, p.name AS site, ev.sources AS sources
ORDER BY date, time_utc, key
