// name: source-totals
// purpose: What one loaded file lists: per authority, how many entries (organisations, persons, vessels and aircraft) its records target, and how many of them it marks delisted; optionally only programmes starting with a prefix. An entry is the file's own record (UN DATAID, OFAC ent_num, UK Group ID, EU logical id, MOF notice), counted as `authority-totals` counts an edition on its date: two records the graph merged into one entity count twice. Checks a load against the publisher's own counts.
// param: source Source -- the source: key (source:…) or name
// param: programme string? -- count only programmes starting with this text (e.g. DPRK)
// columns: authority, programme, organizations, persons, vessels, aircraft, total, delisted
MATCH (a:Authority)-[:ISSUED]->(l:Listing)-[t:TARGETS]->(e:Entity)
WHERE $source IN t.sources AND ($programme IS NULL OR l.programme STARTS WITH $programme)
// The file's records behind the edge; a fact cited without a record counts its entity.
WITH a, l, e, [r IN coalesce(t.records, []) WHERE r STARTS WITH $source + '#'] AS mine
UNWIND CASE WHEN size(mine) = 0 THEN [e.id] ELSE mine END AS rid
WITH a,
     count(DISTINCT CASE WHEN e.kind = 'organization' THEN rid END) AS organizations,
     count(DISTINCT CASE WHEN e.kind = 'person' THEN rid END) AS persons,
     count(DISTINCT CASE WHEN e.kind = 'vessel' THEN rid END) AS vessels,
     count(DISTINCT CASE WHEN e.kind = 'aircraft' THEN rid END) AS aircraft,
     count(DISTINCT rid) AS total,
     count(DISTINCT CASE WHEN l.status = 'delisted' THEN rid END) AS delisted
RETURN a.name AS authority, $programme AS programme,
       organizations, persons, vessels, aircraft, total, delisted
ORDER BY authority
