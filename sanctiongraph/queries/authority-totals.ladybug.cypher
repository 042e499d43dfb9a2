// why: no list comprehension (list_filter with a lambda over a date bound by WITH: the records of the chosen edition are kept by UNWIND and CASE), no ORDER BY in WITH without LIMIT (list_sort), no WHERE after an OPTIONAL MATCH's WITH that keeps the authority's row (CASE), string_split and 1-based substring for the record id
MATCH (a:Authority {id: $authority})
OPTIONAL MATCH (a)-[:ISSUED]->(l:Listing)-[:TARGETS]->(e:Entity)
WITH a, l, e, $as_of AS d
WITH a, CASE WHEN ($programme IS NULL OR l.programme = $programme)
  AND ((l.present_from IS NULL
        AND (l.listed_on <= date($as_of) OR (l.listed_on IS NULL AND l.observed_on <= date($as_of)))
        AND (l.delisted_on IS NULL OR l.delisted_on > date($as_of)))
    OR (l.present_from IS NOT NULL
        AND size(list_filter(l.present_from, x -> x <= d)) > coalesce(size(list_filter(l.present_until, x -> x <= d)), 0)))
  AND NOT (l.status = 'delisted' AND l.delisted_on IS NULL) THEN true ELSE false END AS listed, l, e
WITH a, CASE WHEN listed THEN l.id END AS lid, CASE WHEN listed THEN e.id END AS eid,
     CASE WHEN listed THEN e.kind END AS kind,
     CASE WHEN listed THEN l.records ELSE CAST([] AS STRING[]) END AS recs
// Each record of the listing with the edition it comes from; '' stands for the entity
// itself, so a listing no edition shows still counts once.
UNWIND list_concat(coalesce(recs, CAST([] AS STRING[])), ['']) AS rec
WITH a, lid, eid, kind, rec, string_split(rec, '#')[1] AS src
OPTIONAL MATCH (s:Source) WHERE s.id = src AND s.edition_of IS NOT NULL AND s.list_date IS NOT NULL
WITH a, lid, eid, kind, s.edition_of AS list, s.list_date AS day,
     CASE WHEN s.id IS NULL THEN eid ELSE substring(rec, size(src) + 2, size(rec)) END AS rid
// Per listing and list: the records of the newest edition on or before the day that
// shows it, else of the first after (a listing begun between two editions).
WITH a, lid, eid, kind, list, collect({day: day, rid: rid}) AS seen,
     coalesce(max(CASE WHEN day <= date($as_of) THEN day END),
              min(CASE WHEN day > date($as_of) THEN day END)) AS chosen
UNWIND seen AS x
WITH a, eid, kind, list, CASE WHEN list IS NULL OR x.day = chosen THEN x.rid END AS rid
WITH a, eid, kind, list, count(DISTINCT rid) AS entries
// A party counts as many entries as the list naming it most often.
WITH a, eid, kind, max(entries) AS entries
WITH a,
     sum(CASE WHEN kind = 'organization' THEN entries ELSE 0 END) AS organizations,
     sum(CASE WHEN kind = 'person' THEN entries ELSE 0 END) AS persons,
     sum(CASE WHEN kind = 'vessel' THEN entries ELSE 0 END) AS vessels,
     sum(CASE WHEN kind = 'aircraft' THEN entries ELSE 0 END) AS aircraft,
     sum(entries) AS total
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
