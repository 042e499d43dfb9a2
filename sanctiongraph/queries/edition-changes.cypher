// name: edition-changes
// purpose: Listings added and removed between two editions of one list, as the graph holds them: added when the newer edition shows a listing the older does not; removed when the older shows one a complete newer edition does not (a partial edition removes nothing). A list without stable record ids (Japan MOF, METI: its rows are renumbered) is compared as `sanctiongraph changes` compares it, by each entry's content (`Listing.contents`), never by row: an entry whose exact content the other edition lacks is added or removed, so an amended entry is one removed and one added. `sanctiongraph changes` adds the entries amended, with the fields that changed, from the two files.
// param: older Source -- the older edition (a Source: id as `query sources` prints it)
// param: newer Source -- the newer edition
// columns: change, entity, key, kind, programme, reference
MATCH (n:Source {id: $newer})
// The contents of each edition's entries (lists without stable record ids only); '' keeps
// the row when no listing has any.
OPTIONAL MATCH (x:Listing) WHERE x.contents IS NOT NULL
UNWIND coalesce(x.contents, []) + [''] AS c
WITH n, collect(CASE WHEN c STARTS WITH $older + '#' THEN substring(c, size($older) + 1) END) AS olds,
     collect(CASE WHEN c STARTS WITH $newer + '#' THEN substring(c, size($newer) + 1) END) AS news
MATCH (l:Listing)-[:TARGETS]->(e:Entity)
WHERE $older IN l.sources OR $newer IN l.sources
WITH n, olds, news, l, e,
     [c IN coalesce(l.contents, []) WHERE c STARTS WITH $older + '#' OR c STARTS WITH $newer + '#'] AS mine
// '' stands for the listing itself, for a list whose entries are matched by record id.
UNWIND CASE WHEN size(mine) = 0 THEN [''] ELSE mine END AS c
WITH l, e, $older IN l.sources AS was, $newer IN l.sources AS shown, n.edition = 'complete' AS complete,
     c, CASE WHEN c STARTS WITH $newer + '#' THEN NOT substring(c, size($newer) + 1) IN olds
             WHEN c STARTS WITH $older + '#' THEN NOT substring(c, size($older) + 1) IN news END AS lacked
WITH l, e, CASE
       WHEN c = '' AND shown AND NOT was THEN 'added'
       WHEN c = '' AND was AND NOT shown AND complete THEN 'removed'
       WHEN c STARTS WITH $newer + '#' AND lacked THEN 'added'
       WHEN c STARTS WITH $older + '#' AND lacked AND complete THEN 'removed' END AS change
WHERE change IS NOT NULL
RETURN change, e.name AS entity,
       e.id AS key, e.kind AS kind, l.programme AS programme, l.reference AS reference
ORDER BY change, entity, key, programme
