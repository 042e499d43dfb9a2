// name: connection-path
// purpose: The shortest specific connections between two entities, in either direction, the most specific first (every path of the shortest length; countries, authorities, events, places and sources are not walked through unless hubs=true).
// param: entity_a Entity -- one entity: name, alias or key
// param: entity_b Entity -- the other entity
// param: max_hops int -- the longest path to look for, 1 to 8 (default 6)
// param: hubs bool? -- walk through hubs (countries, authorities, events, places, sources): true or false (default false)
// columns: hops, link, names, labels, relationships, keys
// $avoid is bound from Store.CONNECTION_HUBS. A none() over the path's nodes is checked
// during the shortest-path search, so the answer is the shortest among the paths that avoid
// hubs, not the shortest paths filtered afterwards. link (the path's least specific step)
// and the order by it are added to the rows by sanctiongraph/queries/links.py, on every store.
MATCH (a:Entity {id: $entity_a}), (b:Entity {id: $entity_b})
MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE length(p) <= $max_hops AND none(n IN nodes(p) WHERE $hubs = false AND labels(n)[0] IN $avoid)
WITH p, [n IN nodes(p) | n.id] AS keys, [r IN relationships(p) | type(r)] AS relationships
RETURN length(p) AS hops, [n IN nodes(p) | coalesce(n.name, n.id)] AS names,
       [n IN nodes(p) | labels(n)[0]] AS labels, relationships, keys
ORDER BY keys, relationships
