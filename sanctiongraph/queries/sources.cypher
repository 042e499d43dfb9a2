// name: sources
// purpose: Every source in the graph: what it is, who published it, its date, its file or address.
// columns: key, name, publisher, list_date, file, url
MATCH (s:Source)
RETURN s.id AS key, s.name AS name, s.publisher AS publisher, s.list_date AS list_date,
       s.file AS file, s.url AS url
ORDER BY key
