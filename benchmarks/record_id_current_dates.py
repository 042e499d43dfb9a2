"""Record-id merges whose entity still shows birth dates that conflict (issue 18, item 7).

    python benchmarks/record_id_current_dates.py /work/shared/data [--out rows.jsonl]

Loads the shared files as ``merge_rule_pool.py`` does (one in-process store, the
publication order) and keeps every merge that rests on the publisher's record id on two
editions of a list. A merge is counted in ``records disagree`` when the two editions'
records give birth dates that cannot both hold (``merge_census_dates.conflict``: years
disjoint, or full dates disjoint within a shared year), and in ``entity shows both``
when, after every file is loaded, the entity's own ``birth_dates`` still hold a date of
the older edition's record that conflicts with the newer edition's: what an auditor
reading the entity sees as two current dates. Such a merge is told apart by who still
asserts the older date (``also_by``, read from the entity's ``stated``): only another
record in force (another list, or a list without stable ids whose editions are all in
force), or the superseded edition itself (``shows_superseded``). It judges nothing.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from merge_census_dates import conflict  # noqa: E402
from merge_sample import Recording, publication_order, same_entry  # noqa: E402

from sanctiongraph.graph.memory import MemoryStore  # noqa: E402
from sanctiongraph.ingest.load import load_file  # noqa: E402
from sanctiongraph.loaders.registry import detect  # noqa: E402

LISTING = re.compile(r"same record (\S+) on editions of the list")


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path, nargs="?", default=Path("../shared/data"))
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    store, m = MemoryStore(), Recording()
    merges: list[dict[str, Any]] = []
    for name in publication_order(args.data_dir):
        path = args.data_dir / name
        _, made = load_file(store, detect(path), path, matcher=m)
        for d in made:
            found = LISTING.search(d.basis)
            if d.outcome == "new" or not found:
                continue
            older = same_entry(m, d.key, found.group(1)) or d.joined
            new_t, old_t = m.targets.get(d.key), m.targets.get(older)
            merges.append({"newer": d.key, "older": older, "basis": d.basis,
                           "new_dates": list(new_t.birth_dates) if new_t else [],
                           "old_dates": list(old_t.birth_dates) if old_t else []})  # fmt: skip
    disagree = shown = 0
    why: collections.Counter[str] = collections.Counter()
    rows = []
    for r in merges:
        if not conflict(";".join(r["old_dates"]), ";".join(r["new_dates"])):
            continue
        disagree += 1
        holders = [k for k, _ in store.holders({r["newer"]})]
        current: list[str] = []
        stated: list[list[Any]] = []
        for row in store.entities_by_id(holders, ("birth_dates", "stated")):
            current += [str(x) for x in row.get("birth_dates") or ()]
            stated += [json.loads(str(x)) for x in row.get("stated") or ()]
        old_now = [x for x in r["old_dates"] if x in current]
        r["entity"], r["entity_dates"] = holders, sorted(current)
        r["shows_both"] = bool(old_now and conflict(";".join(old_now), ";".join(r["new_dates"])))
        # Which records of the entity, other than the older edition's, give the older date.
        r["also_by"] = sorted(
            rec
            for _, _, rec, said in stated
            if rec not in (r["older"],) and set(said.get("birth_dates", ())) & set(old_now)
        )
        shown += r["shows_both"]
        if r["shows_both"]:
            why[("another record says it" if r["also_by"] else "superseded edition")] += 1
        rows.append(r)
    print(f"record-id merges: {len(merges)}")
    print(f"records disagree on the birth date: {disagree}")
    print(f"entity shows both (conflicting current birth dates): {shown}")
    for reason, n in sorted(why.items()):
        print(f"  of them, the older date kept because {reason}: {n}")
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
