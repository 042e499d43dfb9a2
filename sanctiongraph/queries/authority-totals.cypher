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
WITH a, collect(DISTINCT e) AS es
RETURN a.name AS authority, $as_of AS as_of, $programme AS programme,
       size([x IN es WHERE x.kind = 'organization']) AS organizations,
       size([x IN es WHERE x.kind = 'person']) AS persons,
       size([x IN es WHERE x.kind = 'vessel']) AS vessels,
       size([x IN es WHERE x.kind = 'aircraft']) AS aircraft,
       size(es) AS total
