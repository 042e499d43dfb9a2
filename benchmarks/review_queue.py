"""What a store built from ../shared/data leaves to a reviewer, and what it merged.

    SANCTIONGRAPH_STORE=/tmp/all.lbug python benchmarks/review_queue.py [--code DIR]

Build the store first (``sanctiongraph load auto`` on every file of
``sanctiongraph.ingest.evaluation.SHARED_DATA_FILES``, no resolver file given, so
the candidate log sits beside the store). Prints a Markdown table:

- candidate log lines, and the review queue's pairs of entities (``--limit 0``);
- ``matches`` (the first page, and every pair) as a user runs it: wall seconds and
  peak memory of the command;
- merges by the rule that made them (each TARGETS edge's ``match_basis``, the
  evidence type before its first colon), entities, and entities holding records
  of more than one source: the figures an auditor samples from.

``--code DIR`` runs the command from another checkout (the code before a change),
on the same store.
"""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _matches(code: Path, *args: str) -> tuple[float, float, int]:
    """(wall s, peak MB, lines of output) of one ``matches`` command."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    t = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "sanctiongraph", "matches", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=code,
    ) as proc:  # fmt: skip
        assert proc.stdout is not None
        out = sum(chunk.count(b"\n") for chunk in iter(lambda: proc.stdout.read(1 << 16), b""))
        # This command's own peak (RUSAGE_CHILDREN would carry the largest so far).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, "matches")
    return time.perf_counter() - t, usage.ru_maxrss / 1024, out


def merges(store: Path) -> tuple[collections.Counter[str], int, int]:
    """(TARGETS edges by the rule that joined them, entities, cross-source entities)."""
    sys.path.insert(0, str(ROOT))
    from sanctiongraph.graph.ladybug_store import LadybugStore

    with LadybugStore(store) as s:
        g = s.to_networkx()
    rules: collections.Counter[str] = collections.Counter()
    for _, _, k, a in g.edges(keys=True, data=True):
        if k == "TARGETS":
            basis = str(a.get("match_basis") or "")
            rules["new" if basis == "the source names the entity" else basis.split(":")[0]] += 1
    entities = [a for _, a in g.nodes(data=True) if a.get("label") == "Entity"]
    cross = sum(1 for a in entities if len(set(a.get("sources") or ())) > 1)
    return rules, len(entities), cross


def main(argv: list[str]) -> None:
    store = Path(os.environ["SANCTIONGRAPH_STORE"])
    code = Path(argv[argv.index("--code") + 1]) if "--code" in argv else ROOT
    log = store.with_name(store.stem + ".resolver.candidates.jsonl")
    lines = sum(1 for _ in log.open(encoding="utf-8")) if log.exists() else 0
    print(f"candidate log lines: {lines}\n")
    print("| command | wall s | peak MB | output lines |")
    print("|---|---|---|---|")
    for args in (("--format", "csv", "--limit", "100"), ("--format", "csv", "--limit", "0")):
        try:
            wall, peak, out = _matches(code, *args)
        except subprocess.CalledProcessError:  # the code before --limit existed
            wall, peak, out = _matches(code, "--format", "csv")
        print(f"| matches {' '.join(args)} | {wall:.1f} | {peak:.0f} | {out} |")
    rules, entities, cross = merges(store)
    print(f"\nentities: {entities}; holding records of several sources: {cross}\n")
    print("| rule (TARGETS match_basis) | edges |")
    print("|---|---|")
    for rule, n in sorted(rules.items(), key=lambda x: -x[1]):
        print(f"| {rule} | {n} |")


if __name__ == "__main__":
    main(sys.argv[1:])
