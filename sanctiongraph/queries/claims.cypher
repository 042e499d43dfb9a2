// name: claims
// purpose: What the sources claim about an authority's measures (totals, timing), each claim with its value and the records that make it; claims may disagree.
// param: authority Authority -- the authority: name or short code (jp, us, kr, unsc, eu, gb)
// columns: claim, value, text, records
MATCH (c:Claim)-[:ABOUT]->(:Authority {id: $authority})
RETURN c.name AS claim, c.value AS value, c.text AS text, c.records AS records
ORDER BY claim, c.id
