"""Re-derive a store from its load log, with the judgements: splits, unloads, new editions.

A "different" judgement on two records already in one entity, a source
unloaded, or a list replaced by its newer edition all ask the same thing: the
graph as the remaining records say it. The published files are the record of
what each source record said, and the load log names them in order, so the
store is rebuilt by replaying the log into a fresh graph (judgements applied
by the matcher) and swapping it in only when every file loaded: a failure
leaves the store as it was.

The in-process store swaps its graph; the embedded (LadybugDB) store writes the new
graph into an empty database that replaces the file on commit. Neo4j has no such
swap yet (see README, "Merges you can trust").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.store import Store, StoreError
from sanctiongraph.loaders.matching import Decision, Matcher
from sanctiongraph.resolution.history import LoadLog
from sanctiongraph.resolution.judgements import Judgements


def rebuild(
    store: Store,
    log: LoadLog,
    judgements: Judgements,
    without: Iterable[str] = (),
    progress: Callable[[str], None] | None = None,
) -> list[Decision]:
    """Replay ``log`` (less the sources in ``without``) into ``store``; the decisions made."""
    from sanctiongraph.loaders.registry import load_file

    replacing = getattr(store, "replacing_writer", None)
    if not isinstance(store, MemoryStore) and replacing is None:
        raise StoreError(
            f"rebuilding needs the embedded or memory store; the {store.backend} store has no "
            "way yet to replace itself (load the files again into an empty database)"
        )
    drop = {s if s.startswith("source:") else f"source:{s}" for s in without}
    entries = log.entries()
    unknown = drop - {e.source for e in entries}
    if unknown:
        raise StoreError(f"not in the load log: {', '.join(sorted(unknown))}")
    keep = [e for e in entries if e.source not in drop]
    logged = {e.source for e in entries}
    cited = {s for row in store.entities(("sources",)) for s in row.get("sources") or ()}
    stray = sorted(cited - logged)
    if stray:
        # Sources loaded outside the log (the seed story, a store from an older
        # version) would be lost silently; refuse instead.
        raise StoreError(
            "the store holds entities from sources the load log does not name, so a rebuild "
            f"would lose them: {', '.join(stray[:5])}; rebuild into a new store instead"
        )
    fresh = MemoryStore()
    decisions: list[Decision] = []
    for e in keep:
        if progress:
            progress(e.path)
        matcher = Matcher.from_store(fresh, judgements)
        _, made = load_file(fresh, e.format, Path(e.path), matcher=matcher)
        decisions += made
    if isinstance(store, MemoryStore):
        store.graph = fresh.graph
        store._names = None  # the look-up index of the old graph
        if store.path is not None:
            store.save()
    else:
        from sanctiongraph.graph.records import Node, Rel

        g = fresh.graph
        assert replacing is not None  # checked above
        with replacing() as w:
            for n, a in g.nodes(data=True):
                w.add(Node(a["label"], n, {k: v for k, v in a.items() if k != "label"}))
            for u, v, k, a in g.edges(keys=True, data=True):
                w.add(Rel(k, u, v, {x: y for x, y in a.items() if x != "type"}))
    if drop:
        log.rewrite(keep)
    return decisions
