// name: designations
// purpose: Listings by authority, designation date and programme text, with their keys and sources (what instruments are matched against).
// param: authority Authority? -- the authority: name or short code (jp, us, kr, unsc, eu, gb)
// param: date date? -- the day of designation, YYYY-MM-DD
// param: programme string? -- text the programme contains, e.g. 決議
// columns: listing, key, authority, programme, listed_on, sources, records
MATCH (a:Authority)-[:ISSUED]->(l:Listing)
WHERE ($authority IS NULL OR a.id = $authority)
  AND ($date IS NULL OR l.listed_on = date($date))
  AND ($programme IS NULL OR l.programme CONTAINS $programme)
RETURN l.name AS listing, l.id AS key, a.short AS authority, l.programme AS programme,
       l.listed_on AS listed_on, l.sources AS sources, l.records AS records
ORDER BY listed_on, key
