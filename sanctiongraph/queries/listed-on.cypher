// name: listed-on
// purpose: What an authority listed on one day: each entity with its kind, sector, programme and reference, and the source records that say so.
// param: authority Authority -- the authority: name or short code (jp, us, kr, unsc, eu, gb)
// param: date date -- the day of designation, YYYY-MM-DD
// columns: entity, key, kind, sector, programme, reference, sources, records
MATCH (:Authority {id: $authority})-[:ISSUED]->(l:Listing)-[:TARGETS]->(e:Entity)
WHERE l.listed_on = date($date)
RETURN e.name AS entity, e.id AS key, e.kind AS kind, e.sector AS sector,
       l.programme AS programme, l.reference AS reference, l.sources AS sources,
       l.records AS records
ORDER BY sector, entity, key, programme
