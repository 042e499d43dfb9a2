"""Every merge made by the named rules, of any kind, for a reviewer to judge whole.

    python benchmarks/merge_rule_pool.py /work/shared/data --out /tmp/audit5/pool.jsonl \
        --rules name-within-country,address-name,two-names,close-name-dob,words-country

``merge_sample.py`` keeps a merge only when it is cross-authority (or, with its
options, across editions or within one list); a rule that makes tens of merges is
better judged whole, whatever kind each merge is. This loads the shared files the
way ``merge_sample.py`` does (one in-process store, the publication order) and writes
one JSON line per merge whose outcome is one of ``--rules``, and per merge that
rests on the publisher's record id on two editions (rule ``record-id``; a merge by
another rule that also names the same record is ``<rule>+listing``): both records'
names, aliases, birth dates, nationalities, identifiers, addresses and programmes, the
scorer's basis, and ``kind`` (``cross`` when the entity held no record of the
record's authority before). It prints the count per rule and kind, and the pairs left
for review: distinct pairs of final nodes some record had as a candidate (the queue a
load leaves, before any judgement). It judges nothing. ``--csv`` writes the merges as
a table for an auditor (both records' names, dates, nationalities, posts);
``--reverse`` loads the files in the opposite order; ``--nodes`` writes each record's
final node, to compare the partitions two orders leave.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from merge_sample import Recording, publication_order, same_entry  # noqa: E402

from sanctiongraph.graph.memory import MemoryStore  # noqa: E402
from sanctiongraph.ingest.load import load_file  # noqa: E402
from sanctiongraph.loaders.registry import detect  # noqa: E402
from sanctiongraph.loaders.target import Target  # noqa: E402

# The record-id rule's wording in a basis, alone or after another rule's evidence.
LISTING = re.compile(r"same record (\S+) on editions of the list")


def side(key: str, t: Target | None) -> dict[str, Any]:
    if t is None:
        return {"record": key}
    return {
        "record": key,
        "kind": t.kind,
        "name": t.name,
        "local": t.name_local or "",
        "aliases": t.aliases,
        "dob": t.birth_dates,
        "nat": t.nationalities,
        "posts": t.positions,
        "country": t.country or "",
        "ids": {s: sorted(v) for s, v in t.ids.items()},
        "addr": [a.text for a in t.addresses][:4],
        "prog": sorted({f"{f.authority}:{f.programme or ''}" for f in t.listings}),
    }


def left_for_review(m: Recording) -> set[frozenset[str]]:
    """Distinct pairs of final nodes between a record and a candidate it was shown."""
    out: set[frozenset[str]] = set()
    for d in m.decisions:
        here = m.by_record.get(d.key)
        for c in d.candidates:
            there = m.by_record.get(c.record) if c.record else c.entity
            if here and there and here != there:
                out.add(frozenset((here, there)))
    return out


def write_table(path: Path, rows: list[dict[str, Any]]) -> None:
    cols = ("record", "name", "aliases", "dob", "nat", "posts", "country")
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["rule", "kind", *(f"{s}_{c}" for s in "ab" for c in cols), "basis"])
        for r in rows:
            cells = [
                "; ".join(map(str, v)) if isinstance(v, list) else str(v)
                for s in ("A", "B")
                for v in (r[s].get(c, "") for c in cols)
            ]
            w.writerow([r["rule"], r["kind"], *cells, r["basis"]])


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path, nargs="?", default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/merge_rule_pool.jsonl"))
    ap.add_argument(
        "--rules",
        default="name-within-country,address-name,two-names,close-name-dob,words-country",
        help="merge outcomes to keep (comma-separated); record-id merges are always kept",
    )
    ap.add_argument("--csv", type=Path, help="also write the merges as a table here")
    ap.add_argument("--reverse", action="store_true", help="load the files in reverse order")
    ap.add_argument("--nodes", type=Path, help="also write each record's final node (JSON)")
    args = ap.parse_args(argv)
    wanted = set(args.rules.split(","))
    store, m = MemoryStore(), Recording()
    authorities: dict[str, set[str]] = {}
    rows: list[dict[str, Any]] = []
    order = publication_order(args.data_dir)
    for name in reversed(order) if args.reverse else order:
        path = args.data_dir / name
        _, made = load_file(store, detect(path), path, matcher=m)
        for d in made:
            mine = m.authorities.get(d.key, set())
            before = authorities.setdefault(d.entity, set())
            listing = LISTING.search(d.basis)
            if d.outcome in wanted or listing:
                rule = d.outcome
                if listing:
                    alone = d.basis.startswith("identifier: same record")
                    rule = "record-id" if alone else f"{d.outcome}+listing"
                # The record the rule compared: the other edition's record of the id.
                b = (same_entry(m, d.key, listing.group(1)) if listing else None) or d.joined
                cross = bool(mine and before and not mine & before)
                rows.append({"rule": rule, "kind": "cross" if cross else "same-authority",
                             "basis": d.basis, "a": d.key, "b": b, "entity": d.entity})  # fmt: skip
            before.update(mine)
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            r["A"], r["B"] = (
                side(r["a"], m.targets.get(r["a"])),
                side(r["b"], m.targets.get(r["b"])),
            )
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.csv:
        write_table(args.csv, rows)
    if args.nodes:
        # Which records share a node at the end: two load orders compared by partition.
        args.nodes.write_text(json.dumps(m.by_record, sort_keys=True), encoding="utf-8")
    counts = collections.Counter((r["rule"], r["kind"]) for r in rows)
    for (rule, kind), n in sorted(counts.items()):
        print(f"{rule}\t{kind}\t{n}")
    print(f"pairs left for review: {len(left_for_review(m))}")
    print(f"entities: {sum(1 for _ in store.entities(('kind',)))}")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
