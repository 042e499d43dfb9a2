// name: neighbourhood
// purpose: The subgraph around an entity: every relationship on a path of at most `depth` steps from it.
// param: entity Entity -- the entity: name, alias or key
// param: depth int -- how many steps, 1 to 3 (default 1)
// columns: source, source_label, source_name, relationship, target, target_label, target_name
MATCH p = (e:Entity {id: $entity})-[*0..2]-(n)
WHERE length(p) < $depth
WITH DISTINCT n
MATCH (n)-[r]-()
WITH DISTINCT r
WITH startNode(r) AS s, r, endNode(r) AS t
RETURN s.id AS source, labels(s)[0] AS source_label, coalesce(s.name, s.id) AS source_name,
       type(r) AS relationship,
       t.id AS target, labels(t)[0] AS target_label, coalesce(t.name, t.id) AS target_name
ORDER BY source, relationship, target
