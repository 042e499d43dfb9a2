"""A random sample of cross-authority merges per evidence type, for an independent reviewer.

    python benchmarks/merge_sample.py ../shared/data --per-type 150 --seed 7 --out /tmp/sample

Loads the shared files (``ingest.evaluation.SHARED_DATA_FILES``) into one in-
process store in the order the command line loads them (the canonical
publication order, ``ingest.canonical``; ``--given-order`` keeps the
list's), keeping what each record said (its target). A merge is *cross-
authority* when the record joins an entity none of whose records so far came
from the record's authority (OFAC, UN, EU, UK, Japan, …). Per evidence type
(identifier, cited-identifier, other-identifier, name, close-name-dob, judged-
same) it draws up to N merges with a fixed seed and writes ``<out>.csv`` and
``<out>.md``: both sides' names, aliases, birth dates, nationalities,
identifiers and programmes, the scorer's evidence, and an empty ``verdict``
column (SAME / DIFFERENT / UNSURE) for the reviewer. Prints the count of
cross-authority merges per evidence type. With ``--same-list`` it also samples
merges of two entries of one list (a list naming one party under two
programmes), as "<evidence> (same list)"; with ``--editions`` merges of a record
into an entity already holding a record of its authority from another file (the
UK's 2018 CSV and 2022 workbook; OFAC's SDN and non-SDN files), as "<evidence>
(editions)", and the publisher's-record-id rule on its own as "same-stable-
listing (editions)", side B being the other edition's record of that id;
``--pool`` also writes every merge unsampled; ``--only`` keeps the named
evidence types.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctiongraph.graph.memory import MemoryStore  # noqa: E402 - after the path
from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES  # noqa: E402
from sanctiongraph.ingest.load import load_file  # noqa: E402
from sanctiongraph.loaders.registry import detect  # noqa: E402
from sanctiongraph.loaders.target import Target  # noqa: E402
from sanctiongraph.resolution.matching import Decision, Matcher  # noqa: E402


class Recording(Matcher):
    """A matcher that keeps each record's target and authorities."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: dict[str, Target] = {}
        self.authorities: dict[str, set[str]] = {}
        # "<list>#<record id>" -> its records on each edition, for the publisher-id rule.
        self.by_listing: dict[str, list[str]] = {}

    def match(self, source_id: str, t: Target) -> Decision:
        from sanctiongraph.resolution.evidence import list_of_source

        d = super().match(source_id, t)
        key = f"{source_id}#{t.record}"
        if key not in self.targets:
            self.by_listing.setdefault(f"{list_of_source(source_id)}#{t.record}", []).append(key)
        self.targets.setdefault(key, t)
        self.authorities.setdefault(key, set()).update(f.authority for f in t.listings)
        return d


def side(key: str, t: Target | None) -> dict[str, str]:
    if t is None:
        return {"record": key}
    ids = "; ".join(f"{s}:{v}" for s, vs in sorted(t.ids.items()) for v in vs)
    programmes = "; ".join(sorted({f"{f.authority}:{f.programme or ''}" for f in t.listings}))
    return {
        "record": key,
        "kind": t.kind,
        "name": t.name,
        "aliases": "; ".join(t.aliases[:6]),
        "birth_dates": "; ".join(t.birth_dates),
        "nationalities": "; ".join(t.nationalities),
        "country": t.country or "",
        "ids": ids,
        "programmes": programmes,
    }


def screens(store: MemoryStore, m: Recording) -> dict[str, int]:
    """Contradictions inside merged entities (each should be 0): vessels holding two
    IMO numbers from two records; persons of several records whose birth years lie
    more than a year apart and share no strong identifier."""
    out = {"vessels with two IMOs": 0, "persons with birth years > 1 apart": 0}
    for _, a in store.graph.nodes(data=True):
        if a.get("label") != "Entity" or len(a.get("records") or []) < 2:
            continue
        per_record = [m.targets[r] for r in a["records"] if r in m.targets]
        if a.get("kind") == "vessel":
            imos = [frozenset(t.ids.get("imo", [])) for t in per_record if t.ids.get("imo")]
            if any(not x & y for x in imos for y in imos):
                out["vessels with two IMOs"] += 1
        if a.get("kind") == "person":
            years = [{int(d[:4]) for d in t.birth_dates} for t in per_record if t.birth_dates]
            far = any(min(abs(p - q) for p in x for q in y) > 1 for x in years for y in years)
            if far and not (a.get("un_ref") or a.get("ofac_ent_num")):
                out["persons with birth years > 1 apart"] += 1
    return out


# The basis of the publisher's-record-id rule alone (scorer._compare), told apart from an
# identifier merge that also names the listing (a held merge let through by it).
STABLE_LISTING = re.compile(r"^identifier: same record (\S+) on editions of the list$")


def same_entry(m: Recording, key: str, listing: str) -> str | None:
    """The record of another edition that ``listing`` ("source:gb-ofsi-conlist#10439")
    names, first loaded first."""
    return next((k for k in m.by_listing.get(listing, []) if k != key), None)


def cross_authority_merges(
    data_dir: Path, files: list[str], same_list: bool = False, editions: bool = False
) -> tuple[list[dict[str, Any]], Recording, MemoryStore]:
    store = MemoryStore()
    m = Recording()
    # Which authorities each entity's records carry so far, to tell cross-authority merges.
    entity_authorities: dict[str, set[str]] = {}
    # Which sources each entity's records come from so far, to tell merges of two
    # entries of one list (MOF's persons under resolution 1718 and Japan's own measures).
    entity_sources: dict[str, set[str]] = {}
    rows: list[dict[str, Any]] = []
    for name in files:
        path = data_dir / name
        _, made = load_file(store, detect(path), path, matcher=m)
        for d in made:
            mine = m.authorities.get(d.key, set())
            before = entity_authorities.setdefault(d.entity, set())
            sources = entity_sources.setdefault(d.entity, set())
            merged = d.outcome not in ("new", "same-record")
            if merged and mine and before and not mine & before:
                rows.append({"evidence": d.outcome, "basis": d.basis, "a": d.key, "b": d.joined})
            elif merged and d.source in sources and same_list:
                rows.append({"evidence": f"{d.outcome} (same list)", "basis": d.basis,
                             "a": d.key, "b": d.joined})  # fmt: skip
            elif merged and mine & before and editions and d.source not in sources:
                stable = STABLE_LISTING.match(d.basis)
                rule = "same-stable-listing" if stable else d.outcome
                # The record the rule compared (the same publisher id on the other
                # edition), not whichever record of the entity the merge names.
                joined = same_entry(m, d.key, stable.group(1)) if stable else d.joined
                rows.append({"evidence": f"{rule} (editions)", "basis": d.basis,
                             "a": d.key, "b": joined or d.joined})  # fmt: skip
            before.update(mine)
            sources.add(d.source)
    return rows, m, store


def publication_order(data_dir: Path) -> list[str]:
    """The shared files in the order one ``sanctiongraph load`` command loads them."""
    from sanctiongraph.ingest.canonical import entry_for
    from sanctiongraph.resolution.order import canonical

    files = list(SHARED_DATA_FILES)
    entries = [entry_for(detect(data_dir / f), data_dir / f, None, i) for i, f in enumerate(files)]
    return [files[e.seq] for e in canonical(entries)]


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path, nargs="?", default=Path("../shared/data"))
    ap.add_argument("--per-type", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("/tmp/merge_sample"))
    ap.add_argument(
        "--same-list", action="store_true", help="also sample merges of two entries of one list"
    )
    ap.add_argument("--editions", action="store_true",
                    help="also sample merges across editions of one authority's lists")  # fmt: skip
    ap.add_argument("--given-order", action="store_true",
                    help="load in SHARED_DATA_FILES order, not the publication order")  # fmt: skip
    ap.add_argument("--pool", action="store_true",
                    help="also write every merge kept, unsampled, to <out>-pool.csv")  # fmt: skip
    ap.add_argument("--only", default="", help="sample only these evidence types (comma-separated)")
    args = ap.parse_args(argv)
    files = SHARED_DATA_FILES if args.given_order else publication_order(args.data_dir)
    rows, m, store = cross_authority_merges(args.data_dir, files, args.same_list, args.editions)
    if args.only:
        wanted = set(args.only.split(","))
        rows = [r for r in rows if r["evidence"] in wanted]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_type.setdefault(r["evidence"], []).append(r)
    rng = random.Random(args.seed)

    def as_row(evidence: str, r: dict[str, Any]) -> dict[str, str]:
        a, b = side(r["a"], m.targets.get(r["a"])), side(r["b"], m.targets.get(r["b"]))
        row = {"evidence": evidence, "basis": r["basis"], "verdict": ""}
        row.update({f"a_{k}": v for k, v in a.items()})
        row.update({f"b_{k}": v for k, v in b.items()})
        return row

    out_rows: list[dict[str, str]] = []
    print("| evidence | cross-authority merges | sampled |")
    print("|---|---|---|")
    for evidence, pool in sorted(by_type.items()):
        drawn = rng.sample(pool, min(args.per_type, len(pool)))
        print(f"| {evidence} | {len(pool)} | {len(drawn)} |")
        out_rows.extend(as_row(evidence, r) for r in drawn)
    fields = ["evidence", "verdict", "basis"] + [
        f"{s}_{k}"
        for s in ("a", "b")
        for k in ("record", "kind", "name", "aliases", "birth_dates", "nationalities",
                  "country", "ids", "programmes")
    ]  # fmt: skip
    csv_path = args.out.with_suffix(".csv")
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(out_rows)
    if args.pool:
        # The whole pool, for a census over every merge (birth dates) rather than a sample.
        pool_path = args.out.with_name(args.out.name + "-pool.csv")
        with pool_path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
            w.writeheader()
            w.writerows(as_row(e, r) for e, pool in sorted(by_type.items()) for r in pool)
    md = ["| # | evidence | A | B | basis | verdict |", "|---|---|---|---|---|---|"]
    for i, r in enumerate(out_rows, 1):

        def cell(s: str, r: dict[str, str] = r) -> str:
            fields = ("name", "aliases", "birth_dates", "nationalities", "ids", "programmes",
                      "record")  # fmt: skip
            parts = [r.get(f"{s}_{f}", "") for f in fields]
            return " · ".join(p for p in parts if p).replace("|", "/")

        md.append(f"| {i} | {r['evidence']} | {cell('a')} | {cell('b')} | "
                  f"{r['basis'].replace('|', '/')} | |")  # fmt: skip
    args.out.with_suffix(".md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print()
    for screen, n in screens(store, m).items():
        print(f"screen: {screen}: {n}")
    print(f"\nwritten: {csv_path}, {args.out.with_suffix('.md')}")


if __name__ == "__main__":
    main(sys.argv[1:])
