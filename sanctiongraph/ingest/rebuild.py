"""Re-derive a store from its load log, with the judgements: splits, unloads, new editions.

A "different" judgement on two records already in one entity, a "same" one on
records in two, a source unloaded, a list replaced by its newer edition, or an
older list loaded after newer ones all ask the same thing: the graph as the
remaining records say it, in the canonical order (:mod:`sanctiongraph.ingest.canonical`). The
published files are the record of what each source record said: the load log
names them with a digest of their content and keeps a copy of each as it was
loaded, so the store is rebuilt by replaying the log into a fresh graph
(judgements applied by the matcher) and swapping it in only when every file
loaded: a failure leaves the store as it was. Where no copy was kept (logs of
older versions), a file that moved or changed since it was loaded is refused
by name: its records can no longer be read as they were.

Entities a "same" judgement binds are joined whole once the replay has formed
its clusters (:mod:`sanctiongraph.ingest.joins`). Entities then keep the keys the
store gave them (:mod:`sanctiongraph.resolution.keys`: matched by their records; a
"same" keeps the party-named key, a split keeps the key on its larger part), and so
do their listings and offices, whose keys are made from the entity's. A key the new
graph no longer holds (two entities judged the same are one node, under one of
their keys) is noted with the key its records moved to
(:mod:`sanctiongraph.resolution.moved`), so that addresses and notes naming it
still find the party.

Every store swaps the same way: the in-process store swaps its graph, the
embedded (LadybugDB) store writes the new graph into an empty database that
replaces the file on commit, and Neo4j replaces every node in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.records import key
from sanctiongraph.graph.store import Store, StoreError
from sanctiongraph.ingest.joins import join_judged
from sanctiongraph.loaders.base import LoadSummary
from sanctiongraph.resolution.history import LoadEntry, LoadLog, file_digest
from sanctiongraph.resolution.judgements import Judgements
from sanctiongraph.resolution.keys import kept_keys
from sanctiongraph.resolution.matching import Decision, Matcher, rename_decisions
from sanctiongraph.resolution.moved import MovedKeys, entity_records, moved_beside
from sanctiongraph.resolution.order import LIST, canonical, rank


@dataclass
class Replayed:
    """One logged file as the rebuild loaded it again."""

    entry: LoadEntry
    summary: LoadSummary
    decisions: list[Decision]
    matcher: Matcher | None  # indexes the rebuilt graph up to this file (lists only)


class Rebuilt(list[Replayed]):
    """The files a rebuild replayed, in order, and the joins it refused: a "same"
    whose entities hold records judged different (:func:`.joins.refused`'s lines,
    for the command line, a load and the explorer's Apply to show)."""

    def __init__(self, replayed: Iterable[Replayed] = (), conflicts: Iterable[str] = ()) -> None:
        super().__init__(replayed)
        self.conflicts = list(conflicts)


def _check_files(entries: Iterable[LoadEntry]) -> None:
    from sanctiongraph.loaders.registry import inputs

    for e in entries:
        path = e.replay_path()
        if e.kept and path == Path(e.kept):
            continue  # the copy this load kept, under its digest's name
        if not path.exists():
            raise StoreError(
                f"{e.path} ({e.source}) is no longer there; put it back, or rebuild "
                f"--without {e.source}"
            )
        if e.digest and file_digest(inputs(e.format, path)) != e.digest:
            raise StoreError(
                f"{e.path} ({e.source}) changed since it was loaded, so its records can no "
                f"longer be read as they were; restore it, or rebuild --without {e.source} "
                "and load the new file"
            )


def logged_sources(entry: LoadEntry) -> set[str]:
    """The Source ids a logged file writes: a list its own; a curated file its own key
    and every source it declares (the demo's story cites OFAC, MOF, newspapers...)."""
    out = {entry.source}
    if entry.format == "curated":
        from sanctiongraph.graph.records import source_key
        from sanctiongraph.ingest.curated import read_curated

        path = entry.replay_path()
        if path.is_file():
            doc = read_curated(path)
            out |= {source_key(str(s.get("id"))) for s in doc.get("sources") or ()}
    return out


def rebuild(
    store: Store,
    log: LoadLog,
    judgements: Judgements,
    without: Iterable[str] = (),
    progress: Callable[[str], None] | None = None,  # one line per file, and per refused join
    adding: LoadEntry | None = None,
) -> Rebuilt:
    """Replay ``log`` (less the sources in ``without``, plus ``adding``) into ``store``
    in the canonical order; each file's summary and decisions, in that order.

    The log is not changed here except that unloaded sources leave it; the
    caller logs ``adding`` once the store holds it.
    """
    from sanctiongraph.ingest.load import load_file

    drop = {s if ":" in s else f"source:{s}" for s in without}
    entries = log.entries()
    unknown = drop - {e.source for e in entries}
    if unknown:
        raise StoreError(f"not in the load log: {', '.join(sorted(unknown))}")
    keep = [e for e in entries if e.source not in drop]
    logged = {s for e in entries for s in logged_sources(e)}
    rows = list(store.entities(("sources", "records")))
    cited = {s for row in rows for s in row.get("sources") or ()}
    stray = sorted(cited - logged)
    if stray:
        # Sources loaded outside the log (the demo's story, a store from an older
        # version) would be lost silently; refuse instead.
        raise StoreError(
            "the store holds entities from sources the load log does not name, so a rebuild "
            f"would lose them: {', '.join(stray[:5])}; rebuild into a new store instead"
        )
    order = canonical([*keep, *([adding] if adding else [])])
    _check_files(e for e in order if e is not adding)
    fresh = MemoryStore()
    done = Rebuilt()
    # One matcher goes through the lists, as through the files of one load command;
    # what a curated file or a catalogue wrote (not through it) it reads afresh.
    matcher: Matcher | None = None
    for e in order:
        if progress and e is not adding:
            progress(f"reloading {e.replay_said()}")
        matcher = matcher or Matcher.from_store(fresh, judgements)
        summary, made = load_file(
            fresh,
            e.format,
            e.replay_path(),
            matcher=matcher,
            list_date=e.list_date or None,
            partial=e.partial,
        )
        if rank(e.format) != LIST:
            matcher = None
        done.append(Replayed(e, summary, made, matcher))
    # A reviewer's "same" binds two entities whole: joined once the clusters are formed.
    joined = join_judged(fresh, judgements)
    done.conflicts = joined.conflicts
    if joined.moved:
        # The replay's matcher indexes the nodes joined away: one of the joined graph
        # goes on (to the next file of the command, and for the split pairs).
        joined_matcher = Matcher.from_store(fresh, judgements)
        for r in done:
            r.matcher = joined_matcher if r.matcher is not None else None
        rename_decisions((d for r in done for d in r.decisions), joined.moved)
    before = entity_records(rows)
    moved = MovedKeys(moved_beside(log.path))
    away = moved.away()
    plan = kept_keys(before, entity_records(fresh.entities(("records",))), away)
    rekey(fresh, plan.rename)
    matchers = {id(r.matcher): r.matcher for r in done if r.matcher is not None}
    for m in matchers.values():
        m.rename(plan.rename)
        m.reserved = (set(away) | set(plan.moves)) - set(m.profiles)
    rename_decisions((d for r in done for d in r.decisions), plan.rename)
    replace(store, fresh)
    # Keys the new graph no longer holds answer with the key their records moved to.
    moved.record(plan.moves, before)
    if drop:
        log.rewrite(keep)
        log.forget([e for e in entries if e.source in drop], keep)
    return done


def rekey(fresh: MemoryStore, rename: dict[str, str]) -> None:
    """Give ``fresh``'s entities the keys in ``rename`` (fresh key → kept key), and
    their listings and offices the keys a load makes from the kept one
    (``listing:<authority>:<entity>:…``, ``branch:<entity>:…``, :mod:`.build`)."""
    if not rename:
        return
    import networkx as nx

    g = fresh.graph
    mapping = dict(rename)
    # Where the entity's part sits in the keys made from it.
    at = {"Listing": 2, "Branch": 1}
    for old, new in rename.items():
        was, now = _part(old), _part(new)
        for other in {*g.successors(old), *g.predecessors(old)}:
            pos = at.get(str(g.nodes[other].get("label")))
            parts = str(other).split(":")
            if pos is None or len(parts) <= pos or parts[pos] != was:
                continue
            parts[pos] = now
            mapping[str(other)] = ":".join(parts)
    # A made key already held by a node that keeps it (two entity keys slugified alike)
    # stays as it is: relabelling onto it would fold two nodes into one.
    kept = set(g) - set(mapping)
    mapping = {a: b for a, b in mapping.items() if a in rename or b not in kept}
    # Every change at once: one entity may take a key another gives up.
    fresh.graph = nx.relabel_nodes(g, mapping, copy=True)
    for new in mapping.values():
        attrs = fresh.graph.nodes[new]
        if "id" in attrs:  # the in-process store keeps each node's key as a property too
            attrs["id"] = new
    fresh._names = None


def _part(eid: str) -> str:
    """An entity key as it reads inside the keys made from it (slugified).

    >>> _part("entity:gb-ofsi-conlist-csv-2018-04-13:10439")
    'gb-ofsi-conlist-csv-2018-04-13-10439'
    """
    return key("x", eid.split(":", 1)[1]).split(":", 1)[1]


def replace(store: Store, fresh: MemoryStore) -> None:
    """Make ``store`` hold exactly ``fresh``'s graph, all or nothing."""
    from sanctiongraph.graph.records import Node, Rel

    if isinstance(store, MemoryStore):
        store.graph = fresh.graph
        store._names = None  # the look-up index of the old graph
        if store.path is not None:
            store.save()
        return
    g = fresh.graph
    with store.replacing_writer() as w:
        for n, a in g.nodes(data=True):
            w.add(Node(a["label"], n, {k: v for k, v in a.items() if k != "label"}))
        for u, v, k, a in g.edges(keys=True, data=True):
            w.add(Rel(k, u, v, {x: y for x, y in a.items() if x != "type"}))
