// name: instruments
// purpose: Resolutions, statements and designation rounds, one row per event each condemns by name (or one row with no event), with the date of the listings it made.
// param: authority string? -- short handle of the authority that adopted them (unsc, jp, ...)
// columns: instrument, key, kind, symbol, number, date, designates_on, authority, programme, directed_by, condemns_launches, event, event_key, event_date, sources, records
MATCH (i:Instrument)
WHERE $authority IS NULL OR i.authority = $authority
OPTIONAL MATCH (i)-[:CONDEMNS]->(ev:Event)
RETURN i.name AS instrument, i.id AS key, i.kind AS kind, i.symbol AS symbol, i.number AS number,
       i.date AS date, i.designates_on AS designates_on, i.authority AS authority,
       i.programme AS programme, i.directed_by AS directed_by,
       i.condemns_launches AS condemns_launches, ev.name AS event, ev.id AS event_key,
       ev.date AS event_date, i.sources AS sources, i.records AS records
ORDER BY date, key, event_date, event_key
