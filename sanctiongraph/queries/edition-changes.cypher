// name: edition-changes
// purpose: Listings added and removed between two editions of one list, as the graph holds them: added when the newer edition shows a listing the older does not; removed when the older shows one a complete newer edition does not (a partial edition removes nothing). `sanctiongraph changes` adds the entries amended, with the fields that changed, from the two files.
// param: older Source -- the older edition (a Source: id as `query sources` prints it)
// param: newer Source -- the newer edition
// columns: change, entity, key, kind, programme, reference
MATCH (n:Source {id: $newer})
MATCH (l:Listing)-[:TARGETS]->(e:Entity)
WHERE $older IN l.sources OR $newer IN l.sources
WITH n, l, e, $older IN l.sources AS was, $newer IN l.sources AS shown
WHERE shown <> was AND (shown OR n.edition = 'complete')
RETURN CASE WHEN shown THEN 'added' ELSE 'removed' END AS change, e.name AS entity,
       e.id AS key, e.kind AS kind, l.programme AS programme, l.reference AS reference
ORDER BY change, entity, key, programme
