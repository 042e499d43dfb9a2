// name: source-totals
// purpose: What one loaded file lists: per authority, how many organisations, persons, vessels and aircraft its records target, and how many of them it marks delisted; optionally only programmes starting with a prefix. Checks a load against the publisher's own counts.
// param: source Source -- the source: key (source:…) or name
// param: programme string? -- count only programmes starting with this text (e.g. DPRK)
// columns: authority, programme, organizations, persons, vessels, aircraft, total, delisted
MATCH (a:Authority)-[:ISSUED]->(l:Listing)-[t:TARGETS]->(e:Entity)
WHERE $source IN t.sources AND ($programme IS NULL OR l.programme STARTS WITH $programme)
WITH a,
     count(DISTINCT CASE WHEN e.kind = 'organization' THEN e.id END) AS organizations,
     count(DISTINCT CASE WHEN e.kind = 'person' THEN e.id END) AS persons,
     count(DISTINCT CASE WHEN e.kind = 'vessel' THEN e.id END) AS vessels,
     count(DISTINCT CASE WHEN e.kind = 'aircraft' THEN e.id END) AS aircraft,
     count(DISTINCT e.id) AS total,
     count(DISTINCT CASE WHEN l.status = 'delisted' THEN e.id END) AS delisted
RETURN a.name AS authority, $programme AS programme,
       organizations, persons, vessels, aircraft, total, delisted
ORDER BY authority
