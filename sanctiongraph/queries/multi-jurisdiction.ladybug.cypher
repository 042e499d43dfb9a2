// why: no list comprehensions, and ordering every (entity, authority) pair before collect()
// took 60% of the query; each pair travels as 'authority|date' text ('' for no date: collect()
// drops nulls), split into the two columns and ordered by authority after, in Python.
// split: pairs -> authorities, listed_on
MATCH (a:Authority)-[:ISSUED]->(l:Listing {status: 'listed'})-[:TARGETS]->(e:Entity)
WITH e, a, min(l.listed_on) AS first_listed
WITH e, collect(a.name + '|' + CASE WHEN first_listed IS NULL THEN '' ELSE CAST(first_listed AS STRING) END) AS pairs
WHERE size(pairs) >= $min_authorities
RETURN e.name AS entity, e.id AS key, size(pairs) AS authority_count, pairs
ORDER BY authority_count DESC, entity, key
