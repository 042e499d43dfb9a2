// why: no list comprehension (list_filter with a lambda over a date bound by WITH), no ORDER BY in WITH without LIMIT (list_sort), no WHERE after an OPTIONAL MATCH's WITH that keeps the authority's row (CASE)
MATCH (a:Authority {id: $authority})
OPTIONAL MATCH (a)-[:ISSUED]->(l:Listing)-[:TARGETS]->(e:Entity)
WITH a, l, e, $as_of AS d
WITH a, CASE WHEN ($programme IS NULL OR l.programme = $programme)
  AND ((l.present_from IS NULL
        AND (l.listed_on <= date($as_of) OR (l.listed_on IS NULL AND l.observed_on <= date($as_of)))
        AND (l.delisted_on IS NULL OR l.delisted_on > date($as_of)))
    OR (l.present_from IS NOT NULL
        AND size(list_filter(l.present_from, x -> x <= d)) > coalesce(size(list_filter(l.present_until, x -> x <= d)), 0)))
  AND NOT (l.status = 'delisted' AND l.delisted_on IS NULL) THEN e.id END AS id, e.kind AS kind
WITH a,
     count(DISTINCT CASE WHEN kind = 'organization' THEN id END) AS organizations,
     count(DISTINCT CASE WHEN kind = 'person' THEN id END) AS persons,
     count(DISTINCT CASE WHEN kind = 'vessel' THEN id END) AS vessels,
     count(DISTINCT CASE WHEN kind = 'aircraft' THEN id END) AS aircraft,
     count(DISTINCT id) AS total
OPTIONAL MATCH (b:Source {list_authority: a.short}) WHERE b.list_date <= date($as_of)
WITH a, organizations, persons, vessels, aircraft, total, b.edition_of AS list, max(b.list_date) AS newest
OPTIONAL MATCH (b2:Source {edition_of: list, list_date: newest})
WITH a, organizations, persons, vessels, aircraft, total, list_sort(collect(DISTINCT b2.id)) AS before
OPTIONAL MATCH (n:Source {list_authority: a.short}) WHERE n.list_date > date($as_of)
WITH a, organizations, persons, vessels, aircraft, total, before, n.edition_of AS list, min(n.list_date) AS next
OPTIONAL MATCH (n2:Source {edition_of: list, list_date: next})
WITH a, organizations, persons, vessels, aircraft, total, before, list_sort(collect(DISTINCT n2.id)) AS after
RETURN a.name AS authority, $as_of AS as_of, $programme AS programme,
       organizations, persons, vessels, aircraft, total, list_concat(before, after) AS editions
