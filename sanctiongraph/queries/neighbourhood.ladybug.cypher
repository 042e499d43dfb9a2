// why: no CALL (x) { … } subqueries, ids bound by UNWIND are not index seeks, and
// start_node(r) of an undirected match is the node it was reached from: so one directed
// match per ring and direction, each anchored on the entity's key; the rings a depth
// does not ask for are left out of the text (a guard inside it still cost 80 ms to plan).
// sort: source, relationship, target
// (ORDER BY after UNION orders only its last part here, so rows are sorted after.)
MATCH (s:Entity {id: $entity})-[r]->(t)
RETURN s.id AS source, label(s) AS source_label, coalesce(s.name, s.id) AS source_name,
       label(r) AS relationship,
       t.id AS target, label(t) AS target_label, coalesce(t.name, t.id) AS target_name
UNION
MATCH (s)-[r]->(t:Entity {id: $entity})
RETURN s.id AS source, label(s) AS source_label, coalesce(s.name, s.id) AS source_name,
       label(r) AS relationship,
       t.id AS target, label(t) AS target_label, coalesce(t.name, t.id) AS target_name
UNION
// only: depth >= 2
MATCH (e:Entity {id: $entity})-[]-(s)-[r]->(t)
RETURN s.id AS source, label(s) AS source_label, coalesce(s.name, s.id) AS source_name,
       label(r) AS relationship,
       t.id AS target, label(t) AS target_label, coalesce(t.name, t.id) AS target_name
UNION
// only: depth >= 2
MATCH (e:Entity {id: $entity})-[]-(t)<-[r]-(s)
RETURN s.id AS source, label(s) AS source_label, coalesce(s.name, s.id) AS source_name,
       label(r) AS relationship,
       t.id AS target, label(t) AS target_label, coalesce(t.name, t.id) AS target_name
UNION
// only: depth >= 3
MATCH (e:Entity {id: $entity})-[]-()-[]-(s)-[r]->(t)
RETURN s.id AS source, label(s) AS source_label, coalesce(s.name, s.id) AS source_name,
       label(r) AS relationship,
       t.id AS target, label(t) AS target_label, coalesce(t.name, t.id) AS target_name
UNION
// only: depth >= 3
MATCH (e:Entity {id: $entity})-[]-()-[]-(t)<-[r]-(s)
RETURN s.id AS source, label(s) AS source_label, coalesce(s.name, s.id) AS source_name,
       label(r) AS relationship,
       t.id AS target, label(t) AS target_label, coalesce(t.name, t.id) AS target_name
