// name: instrument-listings
// purpose: The listings made by or under an instrument (a resolution, a committee round), with the basis of each link: the second step of event → instrument → listings.
// param: instrument Instrument -- the instrument: symbol (S/RES/2397 (2017)), number (2397), name or key
// columns: authority, listed_on, entity, key, programme, reference, basis
MATCH (i:Instrument {id: $instrument})<-[m:MADE_UNDER]-(l:Listing)-[:TARGETS]->(e:Entity)
MATCH (a:Authority)-[:ISSUED]->(l)
RETURN a.name AS authority, l.listed_on AS listed_on, e.name AS entity, e.id AS key,
       l.programme AS programme, l.reference AS reference, m.basis AS basis
ORDER BY listed_on, authority, entity, key
