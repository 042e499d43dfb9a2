// name: authority-totals
// purpose: How many entries (organisations, persons, vessels, aircraft) an authority's lists held on a date. A listing of a list whose editions are loaded counts when the editions put the day inside one of its intervals of presence (on an edition's date: exactly that edition's entries; between two: the older edition's, plus what the newer says was listed in between); any other listing counts when its date is on or before the day (or, with no date, when a list of that day or earlier shows it) and it was not delisted by then. An entry is the publisher's record (UN DATAID, OFAC ent_num, UK Group ID, EU logical id), read from the nearest edition showing the listing, so two records the graph merged into one entity still count twice; a party on two lists of one authority (OFAC SDN and non-SDN) counts once, as often as the list naming it most; a listing outside any edition counts its entity once. `editions` names the editions the answer rests on: per list, the newest on or before the day and the first after it.
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
// Each record of the listing with the edition it comes from; '' stands for the entity
// itself, so a listing no edition shows still counts once.
UNWIND coalesce(l.records, []) + [''] AS rec
WITH a, l, e, rec, split(rec, '#')[0] AS src
OPTIONAL MATCH (s:Source {id: src}) WHERE s.edition_of IS NOT NULL AND s.list_date IS NOT NULL
WITH a, l, e, s.edition_of AS list, s.list_date AS day,
     CASE WHEN s IS NULL THEN e.id ELSE substring(rec, size(src) + 1) END AS rid
// Per listing and list: the records of the newest edition on or before the day that
// shows it, else of the first after (a listing begun between two editions).
WITH a, l, e, list, collect([day, rid]) AS seen,
     coalesce(max(CASE WHEN day <= date($as_of) THEN day END),
              min(CASE WHEN day > date($as_of) THEN day END)) AS chosen
UNWIND [x IN seen WHERE list IS NULL OR x[0] = chosen | x[1]] AS rid
WITH a, e, list, count(DISTINCT rid) AS entries
// A party counts as many entries as the list naming it most often.
WITH a, e, max(entries) AS entries
WITH a,
     sum(CASE WHEN e.kind = 'organization' THEN entries ELSE 0 END) AS organizations,
     sum(CASE WHEN e.kind = 'person' THEN entries ELSE 0 END) AS persons,
     sum(CASE WHEN e.kind = 'vessel' THEN entries ELSE 0 END) AS vessels,
     sum(CASE WHEN e.kind = 'aircraft' THEN entries ELSE 0 END) AS aircraft,
     sum(entries) AS total
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
