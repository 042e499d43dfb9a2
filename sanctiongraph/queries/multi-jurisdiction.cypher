// name: multi-jurisdiction
// purpose: Entities currently listed by at least N authorities, with each authority and its first listing date (null where the source gives none).
// param: min_authorities int -- the least number of authorities (default 2)
// columns: entity, key, authority_count, authorities, listed_on
MATCH (a:Authority)-[:ISSUED]->(l:Listing {status: 'listed'})-[:TARGETS]->(e:Entity)
WITH e, a, min(l.listed_on) AS first_listed
ORDER BY a.name SKIP 0
WITH e, collect([a.name, first_listed]) AS pairs
WHERE size(pairs) >= $min_authorities
RETURN e.name AS entity, e.id AS key, size(pairs) AS authority_count,
       [p IN pairs | p[0]] AS authorities, [p IN pairs | p[1]] AS listed_on
ORDER BY authority_count DESC, entity, key
