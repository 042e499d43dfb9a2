// why: no list comprehensions; collect() drops nulls, so dates travel as text ('' for none);
// list_transform over collected lists mixes up groups (LadybugDB 0.22), so '' is read as null after.
// empty-is-null: listed_on
MATCH (a:Authority)-[:ISSUED]->(l:Listing {status: 'listed'})-[:TARGETS]->(e:Entity)
WITH e, a, min(l.listed_on) AS first_listed
ORDER BY a.name SKIP 0
WITH e, collect(a.name) AS authorities,
     collect(CASE WHEN first_listed IS NULL THEN '' ELSE CAST(first_listed AS STRING) END) AS dates
WHERE size(authorities) >= $min_authorities
RETURN e.name AS entity, e.id AS key, size(authorities) AS authority_count, authorities,
       dates AS listed_on
ORDER BY authority_count DESC, entity, key
