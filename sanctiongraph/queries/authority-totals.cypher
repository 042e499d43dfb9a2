// name: authority-totals
// purpose: How many organisations, persons, vessels and aircraft an authority had listed on a date. A listing of a list whose editions are loaded counts when the editions put the day inside one of its intervals of presence (on an edition's date: exactly that edition's entries; between two: the older edition's, plus what the newer says was listed in between); any other listing counts when its date is on or before the day (or, with no date, when a list of that day or earlier shows it) and it was not delisted by then. `editions` names the editions the answer rests on: per list, the newest on or before the day and the first after it.
// param: authority Authority -- the authority: name or short code (jp, us, kr, unsc, eu, gb)
// param: as_of date -- the day (YYYY-MM-DD, default today)
// param: programme string? -- count only this programme
// columns: authority, as_of, programme, organizations, persons, vessels, aircraft, total, editions
MATCH (a:Authority {id: $authority})
OPTIONAL MATCH (a)-[:ISSUED]->(l:Listing)-[:TARGETS]->(e:Entity)
WHERE ($programme IS NULL OR l.programme = $programme)
  AND ((l.present_from IS NULL
        AND (l.listed_on <= date($as_of) OR (l.listed_on IS NULL AND l.observed_on <= date($as_of)))
        AND (l.delisted_on IS NULL OR l.delisted_on > date($as_of)))
    OR (l.present_from IS NOT NULL
        AND size([s IN l.present_from WHERE s <= $as_of]) > size([x IN coalesce(l.present_until, []) WHERE x <= $as_of])))
  AND NOT (l.status = 'delisted' AND l.delisted_on IS NULL)
WITH a,
     count(DISTINCT CASE WHEN e.kind = 'organization' THEN e.id END) AS organizations,
     count(DISTINCT CASE WHEN e.kind = 'person' THEN e.id END) AS persons,
     count(DISTINCT CASE WHEN e.kind = 'vessel' THEN e.id END) AS vessels,
     count(DISTINCT CASE WHEN e.kind = 'aircraft' THEN e.id END) AS aircraft,
     count(DISTINCT e.id) AS total
OPTIONAL MATCH (b:Source {list_authority: a.short}) WHERE b.list_date <= date($as_of)
WITH a, organizations, persons, vessels, aircraft, total, b.edition_of AS list, max(b.list_date) AS newest
OPTIONAL MATCH (b2:Source {edition_of: list, list_date: newest})
WITH a, organizations, persons, vessels, aircraft, total, b2 ORDER BY b2.id
WITH a, organizations, persons, vessels, aircraft, total, collect(DISTINCT b2.id) AS before
OPTIONAL MATCH (n:Source {list_authority: a.short}) WHERE n.list_date > date($as_of)
WITH a, organizations, persons, vessels, aircraft, total, before, n.edition_of AS list, min(n.list_date) AS next
OPTIONAL MATCH (n2:Source {edition_of: list, list_date: next})
WITH a, organizations, persons, vessels, aircraft, total, before, n2 ORDER BY n2.id
WITH a, organizations, persons, vessels, aircraft, total, before, collect(DISTINCT n2.id) AS after
RETURN a.name AS authority, $as_of AS as_of, $programme AS programme,
       organizations, persons, vessels, aircraft, total, before + after AS editions
