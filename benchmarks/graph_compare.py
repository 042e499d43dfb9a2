"""Do two embedded stores hold the same matching result?

    python benchmarks/graph_compare.py A.lbug B.lbug

Prints, for each store, the Entity count, the TARGETS count and the merges by kind
of evidence (the part of each TARGETS ``match_basis`` before its colon), then how
many clusters (the set of source records of an entity) the two share and up to ten
that differ. Used to check that a change to the load path leaves the graph alone.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctiongraph.graph.ladybug_store import LadybugStore  # noqa: E402


def summary(path: Path) -> tuple[Counter[str], set[frozenset[str]]]:
    g = LadybugStore(path).to_networkx()
    counts: Counter[str] = Counter()
    clusters = set()
    for _, a in g.nodes(data=True):
        if a.get("label") == "Entity":
            counts["entities"] += 1
            clusters.add(frozenset(a.get("records") or ()))
    for _, _, k, a in g.edges(keys=True, data=True):
        if k == "TARGETS":
            counts["TARGETS"] += 1
            basis = str(a.get("match_basis") or "")
            counts["merge: " + basis.split(":", 1)[0]] += 1
    return counts, clusters


def main() -> None:
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    (ca, sa), (cb, sb) = summary(a), summary(b)
    print(f"| | {a} | {b} |\n|---|---|---|")
    for key in sorted(set(ca) | set(cb)):
        print(f"| {key} | {ca[key]} | {cb[key]} |")
    print(f"\nclusters: {len(sa & sb)} shared, {len(sa - sb)} only in A, {len(sb - sa)} only in B")
    for c in sorted(sorted(x) for x in sa ^ sb)[:10]:
        print(" ", "A" if frozenset(c) in sa else "B", c[:4], "..." if len(c) > 4 else "")


if __name__ == "__main__":
    main()
