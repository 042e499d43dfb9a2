// why: no list comprehension (list_filter with a lambda over a prefix bound by WITH), a typed empty list for coalesce
MATCH (a:Authority)-[:ISSUED]->(l:Listing)-[t:TARGETS]->(e:Entity)
WHERE list_contains(t.sources, $source) AND ($programme IS NULL OR starts_with(l.programme, $programme))
WITH a, l, e, t, $source + '#' AS cited
// The file's records behind the edge; a fact cited without a record counts its entity.
WITH a, l, e, list_filter(coalesce(t.records, CAST([] AS STRING[])), r -> starts_with(r, cited)) AS mine
UNWIND CASE WHEN size(mine) = 0 THEN [e.id] ELSE mine END AS rid
WITH a,
     count(DISTINCT CASE WHEN e.kind = 'organization' THEN rid END) AS organizations,
     count(DISTINCT CASE WHEN e.kind = 'person' THEN rid END) AS persons,
     count(DISTINCT CASE WHEN e.kind = 'vessel' THEN rid END) AS vessels,
     count(DISTINCT CASE WHEN e.kind = 'aircraft' THEN rid END) AS aircraft,
     count(DISTINCT rid) AS total,
     count(DISTINCT CASE WHEN l.status = 'delisted' THEN rid END) AS delisted
RETURN a.name AS authority, $programme AS programme,
       organizations, persons, vessels, aircraft, total, delisted
ORDER BY authority
