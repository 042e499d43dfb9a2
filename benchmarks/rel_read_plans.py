"""How the embedded engine plans a relationship read keyed by one end: side by side.

    python benchmarks/rel_read_plans.py STORE [--ids N] [--pool MB]

The writer reads back the relationships it merges into, and a load's index update
reads the listings of the entities it changed, by node keys (``$ids``). Two shapes of
the same read, each run in a fresh read-only process on the store ``STORE`` (an
embedded ``.lbug`` file; a store of a million entities shows the difference):

- ``one pattern``: ``UNWIND $ids AS i MATCH (a)-[r:T]->(b {id: i})``, the shape the
  writer used until 2026-12-07;
- ``seek, then OPTIONAL MATCH``: ``UNWIND $ids AS i MATCH (b {id: i}) OPTIONAL MATCH
  (a)-[r:T]->(b)``, what ``graph/lbug_cypher.rel_read`` and ``LISTINGS_OF``
  write now.

For each: wall seconds, rows, the process's peak memory (the engine's buffer pool is
part of it), and the plan's operators, or the error when the pool ran out. The keys
are the ``--ids`` listings (and their entities) of the store's most recent UN edition,
or the first listings when it holds none. Reads only; the store is opened read-only.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

SHAPES: dict[str, dict[str, str]] = {
    # ISSUED keeps no columns of its own since it is cited by its listing
    # (graph.schema.cited_by); the read still finds each listing's authority.
    "ISSUED by listing": {
        "one pattern": "UNWIND $ids AS i MATCH (a:Authority)-[r:ISSUED]->(b:Listing {id: i}) "
        "RETURN a.id, b.id",
        "seek, then OPTIONAL MATCH": "UNWIND $ids AS i MATCH (b:Listing {id: i}) "
        "OPTIONAL MATCH (a:Authority)-[r:ISSUED]->(b) RETURN a.id, b.id",
    },
    "TARGETS by listing": {
        "one pattern": "UNWIND $ids AS i MATCH (a:Listing {id: i})-[r:TARGETS]->(b:Entity) "
        "RETURN a.id, b.id, r.match_basis, r.sources, r.records",
        "seek, then OPTIONAL MATCH": "UNWIND $ids AS i MATCH (a:Listing {id: i}) "
        "OPTIONAL MATCH (a)-[r:TARGETS]->(b:Entity) "
        "RETURN a.id, b.id, r.match_basis, r.sources, r.records",
    },
    "TARGETS by entity": {
        "one pattern": "UNWIND $entities AS i MATCH (l:Listing)-[:TARGETS]->(e:Entity {id: i}) "
        "RETURN l.id, e.id, l.programme, l.reference",
        "seek, then OPTIONAL MATCH": "UNWIND $entities AS i MATCH (e:Entity {id: i}) "
        "OPTIONAL MATCH (l:Listing)-[:TARGETS]->(e) RETURN l.id, e.id, l.programme, l.reference",
    },
}


def _child(store: str, pool: int, query: str, ids: list[str], entities: list[str]) -> None:
    """One shape in this process: print its figures as one JSON line."""
    import resource
    import time

    import ladybug

    db = ladybug.Database(store, buffer_pool_size=pool * 1024 * 1024, read_only=True)
    conn = ladybug.Connection(db)
    params = {k: v for k, v in (("ids", ids), ("entities", entities)) if "$" + k in query}
    plan = str(_one(conn.execute("EXPLAIN " + query, params)).get_next()[0])
    found = re.findall(r"\b[A-Z][A-Z_]+\[\d+\]", plan)
    ops = " ".join(dict.fromkeys(re.sub(r"\[\d+\]", "", m) for m in found))
    start = time.perf_counter()
    rows, error = 0, None
    try:
        res = _one(conn.execute(query, params))
        while res.has_next():
            res.get_next()
            rows += 1
    except RuntimeError as err:
        error = str(err).splitlines()[0][:90]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = time.perf_counter() - start
    print(
        json.dumps({"seconds": seconds, "rows": rows, "error": error, "peak_mb": peak, "ops": ops})
    )


def _one(result: Any) -> Any:
    """The engine's result of one statement (it answers a list for several)."""
    return result[0] if isinstance(result, list) else result


def _keys(store: Path, n: int) -> tuple[list[str], list[str]]:
    import ladybug

    db = ladybug.Database(str(store), read_only=True)
    conn = ladybug.Connection(db)
    res = _one(
        conn.execute(
            "MATCH (s:Source) WHERE s.id STARTS WITH 'source:unsc' "
            "RETURN s.id ORDER BY s.id DESC LIMIT 1"
        )
    )
    latest = res.get_next()[0] if res.has_next() else None
    if latest:
        res = _one(
            conn.execute(
                "MATCH (l:Listing) WHERE $s IN l.sources RETURN l.id LIMIT $n",
                {"s": latest, "n": n},
            )
        )
    else:
        res = _one(conn.execute("MATCH (l:Listing) RETURN l.id LIMIT $n", {"n": n}))
    ids: list[str] = []
    while res.has_next():
        ids.append(res.get_next()[0])
    res = _one(
        conn.execute(
            "UNWIND $ids AS i MATCH (l:Listing {id: i}) "
            "OPTIONAL MATCH (l)-[:TARGETS]->(e:Entity) RETURN DISTINCT e.id",
            {"ids": ids},
        )
    )
    entities: list[str] = []
    while res.has_next():
        e = res.get_next()[0]
        if e is not None:
            entities.append(e)
    return ids, entities


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        store, pool, query, id_list, entity_list = sys.argv[2:7]
        _child(store, int(pool), query, json.loads(id_list), json.loads(entity_list))
        return
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--ids", type=int, default=1100)
    ap.add_argument("--pool", type=int, default=1024, help="buffer pool, MiB (default 1024)")
    args = ap.parse_args()
    ids, entities = _keys(args.store, args.ids)
    print(f"store: {args.store} ({args.store.stat().st_size / 1e9:.2f} GB on disk)")
    print(f"keys: {len(ids)} listings, {len(entities)} entities; buffer pool {args.pool} MiB")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}\n")
    print("| read | shape | wall s | rows | peak MB | plan / error |")
    print("|---|---|---|---|---|---|")
    for read, shapes in SHAPES.items():
        for shape, query in shapes.items():
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(args.store),
                    str(args.pool),
                    query,
                    json.dumps(ids),
                    json.dumps(entities),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            seconds = "—" if r["error"] else f"{r['seconds']:.2f}"
            note = r["error"] or re.sub(r"\s+", " ", r["ops"])
            print(f"| {read} | {shape} | {seconds} | {r['rows']} | {r['peak_mb']:.0f} | {note} |")


if __name__ == "__main__":
    main()
