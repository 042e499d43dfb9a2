// name: authority-totals
// purpose: How many organisations, persons, vessels and aircraft an authority had listed on a date. A listing counts when its date is on or before the day (or, with no date, when a list of that day or earlier shows it) and it was not delisted by then.
// param: authority Authority -- the authority: name or short code (jp, us, kr, unsc, eu, gb)
// param: as_of date -- the day (YYYY-MM-DD, default today)
// param: programme string? -- count only this programme
// columns: authority, as_of, programme, organizations, persons, vessels, aircraft, total
MATCH (a:Authority {id: $authority})
OPTIONAL MATCH (a)-[:ISSUED]->(l:Listing)-[:TARGETS]->(e:Entity)
WHERE ($programme IS NULL OR l.programme = $programme)
  AND (l.listed_on <= date($as_of) OR (l.listed_on IS NULL AND l.observed_on <= date($as_of)))
  AND (l.delisted_on IS NULL OR l.delisted_on > date($as_of))
  AND NOT (l.status = 'delisted' AND l.delisted_on IS NULL)
WITH a,
     count(DISTINCT CASE WHEN e.kind = 'organization' THEN e.id END) AS organizations,
     count(DISTINCT CASE WHEN e.kind = 'person' THEN e.id END) AS persons,
     count(DISTINCT CASE WHEN e.kind = 'vessel' THEN e.id END) AS vessels,
     count(DISTINCT CASE WHEN e.kind = 'aircraft' THEN e.id END) AS aircraft,
     count(DISTINCT e.id) AS total
RETURN a.name AS authority, $as_of AS as_of, $programme AS programme,
       organizations, persons, vessels, aircraft, total
