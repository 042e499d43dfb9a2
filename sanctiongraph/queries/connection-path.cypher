// name: connection-path
// purpose: The shortest connections between two entities over any relationship, in either direction (every path of the shortest length).
// param: entity_a Entity -- one entity: name, alias or key
// param: entity_b Entity -- the other entity
// param: max_hops int -- the longest path to look for, 1 to 8 (default 6)
// columns: hops, names, labels, relationships, keys
MATCH (a:Entity {id: $entity_a}), (b:Entity {id: $entity_b})
MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE length(p) <= $max_hops
WITH p, [n IN nodes(p) | n.id] AS keys, [r IN relationships(p) | type(r)] AS relationships
RETURN length(p) AS hops, [n IN nodes(p) | coalesce(n.name, n.id)] AS names,
       [n IN nodes(p) | labels(n)[0]] AS labels, relationships, keys
ORDER BY keys, relationships
