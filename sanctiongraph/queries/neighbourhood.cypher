// name: neighbourhood
// purpose: The subgraph around an entity: every relationship on a path of at most `depth` steps from it.
// param: entity Entity -- the entity: name, alias or key
// param: depth int -- how many steps, 1 to 3 (default 1)
// columns: source, source_label, source_name, relationship, target, target_label, target_name
// A relationship is on such a path when one of its ends is at most depth - 1 steps
// away. The rings are expanded only when the depth asks for them: a variable-length
// pattern filtered afterwards would walk through hubs (a country, an authority) even
// at depth 1, and cost grows with the graph.
MATCH (e:Entity {id: $entity})
CALL (e) {
  WITH e WHERE $depth >= 2
  MATCH (e)--(m)
  RETURN collect(DISTINCT m) AS ring1
}
CALL (ring1) {
  WITH ring1 WHERE $depth >= 3
  UNWIND ring1 AS m
  MATCH (m)--(x)
  RETURN collect(DISTINCT x) AS ring2
}
UNWIND [e] + ring1 + ring2 AS n
WITH DISTINCT n
MATCH (n)-[r]-()
WITH DISTINCT r
WITH startNode(r) AS s, r, endNode(r) AS t
RETURN s.id AS source, labels(s)[0] AS source_label, coalesce(s.name, s.id) AS source_name,
       type(r) AS relationship,
       t.id AS target, labels(t)[0] AS target_label, coalesce(t.name, t.id) AS target_name
ORDER BY source, relationship, target
