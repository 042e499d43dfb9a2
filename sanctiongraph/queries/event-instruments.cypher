// name: event-instruments
// purpose: The instruments that condemn an event by name, each with how many listings were made by or under it: the first step of event → instrument → listings.
// param: event Event -- the event: name, date (YYYY-MM-DD) or key
// columns: instrument, key, kind, symbol, date, listings
MATCH (ev:Event {id: $event})<-[:CONDEMNS]-(i:Instrument)
OPTIONAL MATCH (i)<-[:MADE_UNDER]-(l:Listing)
RETURN i.name AS instrument, i.id AS key, i.kind AS kind, i.symbol AS symbol, i.date AS date,
       count(DISTINCT l) AS listings
ORDER BY date, key
