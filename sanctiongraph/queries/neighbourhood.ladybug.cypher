// why: no CALL (x) { … } subqueries, and start_node(r) of an undirected match is the
// node it was reached from: each direction is matched on its own, ring computed twice.
// sort: source, relationship, target
// (ORDER BY after UNION orders only its last part here, so rows are sorted after.)
MATCH (e:Entity {id: $entity})
OPTIONAL MATCH (e)-[]-(m1)
WHERE $depth >= 2
WITH e, collect(DISTINCT m1.id) AS ring1
OPTIONAL MATCH (e)-[]-()-[]-(m2)
WHERE $depth >= 3
WITH e, ring1, collect(DISTINCT m2.id) AS ring2
UNWIND list_concat(list_concat([e.id], ring1), ring2) AS i
WITH DISTINCT i
MATCH (s {id: i})-[r]->(t)
RETURN s.id AS source, label(s) AS source_label, coalesce(s.name, s.id) AS source_name,
       label(r) AS relationship,
       t.id AS target, label(t) AS target_label, coalesce(t.name, t.id) AS target_name
UNION
MATCH (e:Entity {id: $entity})
OPTIONAL MATCH (e)-[]-(m1)
WHERE $depth >= 2
WITH e, collect(DISTINCT m1.id) AS ring1
OPTIONAL MATCH (e)-[]-()-[]-(m2)
WHERE $depth >= 3
WITH e, ring1, collect(DISTINCT m2.id) AS ring2
UNWIND list_concat(list_concat([e.id], ring1), ring2) AS i
WITH DISTINCT i
MATCH (s)-[r]->(t {id: i})
RETURN s.id AS source, label(s) AS source_label, coalesce(s.name, s.id) AS source_name,
       label(r) AS relationship,
       t.id AS target, label(t) AS target_label, coalesce(t.name, t.id) AS target_name
