// name: source-totals
// purpose: What one loaded file lists: per authority, how many organisations, persons, vessels and aircraft its records target, and how many of them it marks delisted; optionally only programmes starting with a prefix. Checks a load against the publisher's own counts.
// param: source Source -- the source: key (source:…) or name
// param: programme string? -- count only programmes starting with this text (e.g. DPRK)
// columns: authority, programme, organizations, persons, vessels, aircraft, total, delisted
MATCH (a:Authority)-[:ISSUED]->(l:Listing)-[t:TARGETS]->(e:Entity)
WHERE $source IN t.sources AND ($programme IS NULL OR l.programme STARTS WITH $programme)
WITH a, collect(DISTINCT e) AS es,
     collect(DISTINCT CASE WHEN l.status = 'delisted' THEN e END) AS gone
RETURN a.name AS authority, $programme AS programme,
       size([x IN es WHERE x.kind = 'organization']) AS organizations,
       size([x IN es WHERE x.kind = 'person']) AS persons,
       size([x IN es WHERE x.kind = 'vessel']) AS vessels,
       size([x IN es WHERE x.kind = 'aircraft']) AS aircraft,
       size(es) AS total, size(gone) AS delisted
ORDER BY authority
