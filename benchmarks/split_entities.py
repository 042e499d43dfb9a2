"""How many UN DPRK entities are split across several Entity nodes, in two load orders.

    python benchmarks/split_entities.py ../shared/data [--reverse-only]

Loads every shared file (``ingest.evaluation.SHARED_DATA_FILES``) into one
in-process store, in the published order and then in the reverse order. For
each Entity carrying a UN DPRK reference (``KPe.…`` / ``KPi.…``) it counts the
other Entity nodes of the same kind sharing its normalised name with no
veto between them (no conflicting identifier or birth year): "twins", one
party split across nodes. Prints a Markdown table with time and
peak memory (max RSS of the process so far) per order, and the worst splits.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctiongraph.graph.memory import MemoryStore  # noqa: E402 - after the path
from sanctiongraph.graph.names import normalize_name  # noqa: E402
from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES  # noqa: E402
from sanctiongraph.ingest.load import load_file  # noqa: E402
from sanctiongraph.loaders.registry import detect  # noqa: E402
from sanctiongraph.loaders.target import STRONG_IDS  # noqa: E402
from sanctiongraph.resolution.evidence import Profile, profile_of_row  # noqa: E402
from sanctiongraph.resolution.judgements import Judgements  # noqa: E402
from sanctiongraph.resolution.matching import MATCH_PROPS  # noqa: E402
from sanctiongraph.resolution.scorer import vetoes  # noqa: E402


def _judged_apart(judged: Judgements, a: Profile, b: Profile) -> bool:
    return judged.between(a.records, b.records) == "different"


def splits(
    store: MemoryStore, judged: Judgements | None = None
) -> tuple[int, int, int, dict[str, int]]:
    """(UN DPRK entities, how many share name and kind with another node, how many
    have twins no veto tells apart, nodes per split party by name). Twins whose
    records a reviewer judged different (``judged``) are two parties, not a split."""
    by_name: dict[tuple[str, str], set[str]] = {}
    rows = list(store.entities(MATCH_PROPS))
    profiles = {str(r["id"]): profile_of_row(r, STRONG_IDS) for r in rows}
    for row in rows:
        for n in [row.get("name"), *(row.get("aliases") or [])]:
            k = normalize_name(n)
            if k:
                by_name.setdefault((str(row.get("kind")), k), set()).add(str(row["id"]))
    un = [r for r in rows if any(str(u).upper().startswith("KP") for u in r.get("un_ref") or [])]
    split: dict[str, int] = {}
    named = 0
    for row in un:
        twins: set[str] = set()
        k = normalize_name(row.get("name"))
        if k:
            twins |= by_name.get((str(row.get("kind")), k), set())
        twins.discard(str(row["id"]))
        named += bool(twins)
        me = profiles[str(row["id"])]
        twins = {t for t in twins if not vetoes(profiles[t], me)[0]}
        if judged is not None:
            twins = {t for t in twins if not _judged_apart(judged, profiles[t], me)}
        if twins:
            split[str(row.get("name"))] = len(twins) + 1
    return len(un), named, len(split), split


def run(data_dir: Path, files: list[str]) -> tuple[float, int, int, int, dict[str, int]]:
    store = MemoryStore()
    t = time.perf_counter()
    for name in files:
        path = data_dir / name
        load_file(store, detect(path), path)
    seconds = time.perf_counter() - t
    total, named, n_split, split = splits(store)
    return seconds, total, named, n_split, split


def main(argv: list[str]) -> None:
    data_dir = Path(argv[0] if argv else "../shared/data")
    orders = [("published", SHARED_DATA_FILES), ("reversed", SHARED_DATA_FILES[::-1])]
    if "--reverse-only" in argv:
        orders = orders[1:]
    print("| order | seconds | peak MB | UN DPRK entities | same name as another node | split "
          "(no veto between) | worst |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for label, files in orders:
        seconds, total, named, n_split, split = run(data_dir, files)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worst = ", ".join(f"{n} ({c})" for n, c in sorted(split.items(), key=lambda x: -x[1])[:5])
        print(f"| {label} | {seconds:.0f} | {rss:.0f} | {total} | {named} | {n_split} | {worst} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
