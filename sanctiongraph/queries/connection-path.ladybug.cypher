// why: allShortestPaths is a recursive pattern (* ALL SHORTEST) whose node filter is a lambda
// inside it (checked during the search, as Neo4j checks none() over nodes(p)); no property
// access inside lambdas (properties(list, key) instead; every label has a name); lists do not
// sort, so they are joined with spaces (keys are slugs: a space sorts below their
// characters), as Neo4j orders lists.
MATCH (a:Entity {id: $entity_a}), (b:Entity {id: $entity_b})
MATCH p = (a)-[* ALL SHORTEST 1..8 (r, n | WHERE NOT ($hubs = false AND list_contains($avoid, label(n))))]-(b)
WHERE length(p) <= $max_hops
WITH length(p) AS hops, properties(nodes(p), 'name') AS names,
     list_transform(nodes(p), n -> label(n)) AS labels,
     list_transform(rels(p), r -> label(r)) AS relationships, properties(nodes(p), 'id') AS keys
WITH hops, names, labels, relationships, keys,
     list_to_string(' ', keys) AS by_keys, list_to_string(' ', relationships) AS by_rels
RETURN hops, names, labels, relationships, keys
ORDER BY by_keys, by_rels
