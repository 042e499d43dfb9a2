// why: no list comprehension (list_filter with a lambda over prefixes bound by WITH), a typed empty list for coalesce, 1-based substring
MATCH (n:Source {id: $newer})
WITH n, $older + '#' AS was_at, $newer + '#' AS shown_at
// The contents of each edition's entries (lists without stable record ids only); '' keeps
// the row when no listing has any.
OPTIONAL MATCH (x:Listing) WHERE x.contents IS NOT NULL
UNWIND list_concat(coalesce(x.contents, CAST([] AS STRING[])), ['']) AS c
WITH n, was_at, shown_at,
     collect(CASE WHEN starts_with(c, was_at) THEN substring(c, size(was_at) + 1, size(c)) END) AS olds,
     collect(CASE WHEN starts_with(c, shown_at) THEN substring(c, size(shown_at) + 1, size(c)) END) AS news
MATCH (l:Listing)-[:TARGETS]->(e:Entity)
WHERE $older IN l.sources OR $newer IN l.sources
WITH n, was_at, shown_at, olds, news, l, e,
     list_filter(coalesce(l.contents, CAST([] AS STRING[])),
                 y -> starts_with(y, was_at) OR starts_with(y, shown_at)) AS mine
// '' stands for the listing itself, for a list whose entries are matched by record id.
UNWIND CASE WHEN size(mine) = 0 THEN [''] ELSE mine END AS c
WITH l, e, list_contains(l.sources, $older) AS was, list_contains(l.sources, $newer) AS shown,
     n.edition = 'complete' AS complete, c, was_at, shown_at,
     CASE WHEN starts_with(c, shown_at) THEN NOT list_contains(olds, substring(c, size(shown_at) + 1, size(c)))
          WHEN starts_with(c, was_at) THEN NOT list_contains(news, substring(c, size(was_at) + 1, size(c))) END AS lacked
WITH l, e, CASE
       WHEN c = '' AND shown AND NOT was THEN 'added'
       WHEN c = '' AND was AND NOT shown AND complete THEN 'removed'
       WHEN c <> '' AND starts_with(c, shown_at) AND lacked THEN 'added'
       WHEN c <> '' AND starts_with(c, was_at) AND lacked AND complete THEN 'removed' END AS change
WHERE change IS NOT NULL
RETURN change, e.name AS entity,
       e.id AS key, e.kind AS kind, l.programme AS programme, l.reference AS reference
ORDER BY change, entity, key, programme
