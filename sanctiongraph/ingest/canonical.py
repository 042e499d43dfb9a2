"""The store as its lists loaded in publication order, whatever order they came in.

Matching is incremental: each record is placed against the entities already in
the store, so two orders of loading could leave different clusters and keys
(a party first named by one list or another; a record bridging two entities).
A store with a load log is therefore kept equal to *one* order, the canonical
one, defined on what the files say rather than on when someone loaded them:

1. curated files (an analyst's own frame: explicit keys lists merge into), in the
   order they were loaded;
2. published lists by their own list date, then Source id (undated lists first:
   see :func:`sanctiongraph.resolution.order.order_key` for why);
3. event catalogues (no entity is matched against them), in the order loaded.

A file that sorts after everything in the log (the usual case: the newest
edition of a list) is loaded incrementally. One that sorts before a list
already loaded (an older vintage, another list from an earlier date) makes the
load re-derive the store by replaying the log in that order with the new file
in its place (:func:`sanctiongraph.ingest.rebuild.rebuild`): slower, and
only then. So entity keys and clusters depend on the set of files loaded, not
on their order. Where a replay cannot be made (a logged file moved or changed,
entities from sources outside the log) the file is loaded incrementally and
the load says why its placement may differ from a store loaded in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sanctiongraph.graph.store import Store, StoreError
from sanctiongraph.ingest.joins import Due, join_judged, unjoined
from sanctiongraph.loaders.base import LoadSummary
from sanctiongraph.loaders.editions import list_for
from sanctiongraph.loaders.progress import READING_STORE, REPLAYING, LoadProgress
from sanctiongraph.loaders.target import Target
from sanctiongraph.resolution.changes import Entries, save_entries
from sanctiongraph.resolution.history import CandidatePair, LoadEntry, LoadLog, file_digest
from sanctiongraph.resolution.judgements import Judgements, now
from sanctiongraph.resolution.matching import Decision, Matcher, rename_decisions
from sanctiongraph.resolution.moved import MovedKeys, moved_beside
from sanctiongraph.resolution.order import LIST, out_of_order, rank
from sanctiongraph.resolution.provenance import Said, save_statements
from sanctiongraph.settings import Limits


def split_pairs(decisions: Iterable[Decision], matcher: Matcher | None) -> list[CandidatePair]:
    """Nodes one party may be split across, for review: a record matched several with
    no veto among them (``Decision.joins``). Each pair is the first record of each
    node, so that a reviewer's "same" joins the nodes when the store is re-derived.

    Not joined automatically: on all of ../shared/data such links mostly pair two
    entries one list keeps apart (a UK group listed twice), which is for a reviewer.
    """
    if matcher is None:
        return []
    out: dict[tuple[str, str], CandidatePair] = {}
    for d in decisions:
        for other in d.joins:
            if d.entity not in matcher.profiles or other not in matcher.profiles:
                continue
            a = min(matcher.profiles[other].records, default="")
            b = min(matcher.profiles[d.entity].records, default="")
            if a and b and a != b:
                # Said of the two records the pair is judged on, through the record
                # that met both their entities.
                why = (
                    f"one party split across two nodes? {d.key} matched the entity of {a} "
                    f"and that of {b} ({d.basis})"
                )
                c = CandidatePair(a, b, d.score, "split", why)
                out.setdefault(c.pair, c)
    return list(out.values())


@dataclass
class Logged:
    """What loading one file with the load log did."""

    summary: LoadSummary
    decisions: list[Decision]
    replayed: int = 0  # files re-read to put this one in its place (0: incremental)
    warnings: list[str] = field(default_factory=list)
    # The matcher that placed the records, indexing the store as it now is: the next
    # file of the same command (under the same lock) goes on with it.
    matcher: Matcher | None = None
    splits: list[CandidatePair] = field(default_factory=list)  # see split_pairs
    # The same edition from a file of the same content was in the store already: nothing
    # was read or written.
    unchanged: bool = False


def _said_joined(due: Due, conflicts: list[str], replayed: int = 0) -> list[str]:
    """The load's lines on the judged pairs it joined (and those a "different" refused);
    ``replayed``: the logged files the re-derivation read again (0: joined in place)."""
    pairs = ", ".join(f"{j.a} / {j.b}" for j in due.judgements[:3])
    more = f" and {len(due.judgements) - 3} more" if len(due.judgements) > 3 else ""
    how = f" (the store re-derived from its load log: {replayed} file(s) read)" if replayed else ""
    return [
        *dict.fromkeys([*due.conflicts, *conflicts]),
        f"joined the entities of {len(due.judgements)} pair(s) judged the same: {pairs}{more}{how}",
    ]


def entry_for(
    fmt: str, path: Path, list_date: str | None, seq: int, partial: bool = False
) -> LoadEntry:
    """The log entry a load of ``path`` will add (reads only the file's header)."""
    from sanctiongraph.loaders.registry import inputs, source_of

    src = source_of(fmt, path, list_date)
    source = f"source:{src.id}" if src is not None else f"curated:{path.resolve()}"
    date = (src.list_date or "") if src is not None else ""
    digest = file_digest(inputs(fmt, path))
    return LoadEntry(fmt, str(path.resolve()), source, now(), date, digest, seq, partial=partial)


def load_logged(
    store: Store,
    fmt: str,
    path: Path,
    log: LoadLog,
    judgements: Judgements,
    *,
    list_date: str | None = None,
    progress: LoadProgress | None = None,
    limits: Limits | None = None,
    entry: LoadEntry | None = None,
    matcher: Matcher | None = None,
    partial: bool = False,
) -> Logged:
    """Load one file into ``store`` so that the store stays in the canonical order.

    ``entry`` is the file's :func:`entry_for`, when the caller already read it;
    ``matcher`` the :attr:`Logged.matcher` of the file loaded just before, when no
    other writer can have written since (one command holding the store's lock):
    indexing every entity of the store again for each file costs more than
    matching the file.
    """
    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.ingest.rebuild import rebuild
    from sanctiongraph.loaders.registry import inputs

    # An edition's entries, gathered as the load reads them, are kept beside its copy
    # for ``changes`` (see resolution.changes.save_entries); other files gather nothing.
    gathered: Entries | None = None
    said = Said()  # and what each record says, for ``provenance`` (resolution.provenance)

    def tap(t: Target) -> None:
        if gathered is not None:
            gathered.add(t)
        said.add(t)

    def incremental() -> tuple[LoadSummary, list[Decision], Matcher]:
        m = matcher
        if m is None:
            if progress is not None:
                progress.phase(READING_STORE)
            # Candidates looked up in the index kept beside the store (resolution.key_index)
            # when it is the store's: a load costs what its file holds, not the store.
            m = Matcher.from_store(store, judgements, indexed=True)
            # A key merged away still answers with the entity it moved to: no new
            # entity takes it.
            away = MovedKeys(moved_beside(log.path)).away()
            m.reserved = {k for k in away if k not in m.profiles}
        summary, made = load_file(
            store,
            fmt,
            path,
            progress=progress,
            matcher=m,
            list_date=list_date,
            limits=limits,
            partial=partial,
            tap=tap if gathered is not None else None,
        )
        m.decisions.clear()  # returned in ``made``; a matcher going on keeps none of them
        return summary, made, m

    if isinstance(store, MemoryStore) and store.path is None:
        # Kept nowhere: nothing to log, and no later load to keep in order with.
        summary, made, m = incremental()
        due = unjoined(m, judgements, (d.key for d in made))
        if due.judgements:
            # No log to replay: the graph is in this process, joined in place.
            joined = join_judged(store, judgements)
            rename_decisions(made, joined.moved)
            return Logged(summary, made, warnings=_said_joined(due, joined.conflicts))
        return Logged(summary, made, warnings=due.conflicts,
                      matcher=m if rank(fmt) == LIST else None)  # fmt: skip
    with store.exclusive():  # the log and the store change together
        entries = log.entries()
        new = replace(entry or entry_for(fmt, path, list_date, 0, partial), seq=log.next_seq())
        known = next((e for e in entries if e.source == new.source), None)
        if (
            known is not None
            and known.digest
            and known.digest == new.digest
            and new.source.startswith("source:")
            and store.lookup("Source", new.source, None)
        ):
            # Loading it again would write the values the store holds (the graph's
            # merge is idempotent) and take as long as the first load. Only when the
            # store still holds the edition: a log outlives a database emptied by other
            # means (a Neo4j server's log sits beside the embedded store), and a curated
            # file names no one Source to look for (it is small: it loads again).
            return Logged(LoadSummary(str(path)), [], matcher=matcher, unchanged=True)
        if known is None and list_for(new.source) is not None:
            gathered = Entries()
        warnings: list[str] = []
        if known is None and out_of_order(entries, new):
            if progress is not None:
                progress.phase(REPLAYING)
            try:
                done = rebuild(store, log, judgements, adding=new)
            except StoreError as err:
                warnings.append(
                    f"{path}: sorts before lists already in the store but the store could not "
                    f"be re-derived in publication order ({err}); loaded after them, so its "
                    "records may be placed otherwise than in a store loaded in order"
                )
            else:
                mine = next(d for d in done if d.entry.source == new.source)
                log.add(log.keep(new, inputs(fmt, path)))
                last = next((r.matcher for r in reversed(done) if r.matcher), None)
                splits = split_pairs((d for r in done for d in r.decisions), last)
                return Logged(mine.summary, mine.decisions, len(done) - 1, [], mine.matcher, splits)
        summary, made, m = incremental()
        splits = split_pairs(made, m)
        if known is None:
            kept = log.keep(new, inputs(fmt, path))
            log.add(kept)
            if gathered is not None:
                save_entries(log, kept, gathered.done())
                save_statements(log, kept, said)
        elif known.digest and known.digest != new.digest:
            warnings.append(
                f"{path}: {new.source} was loaded before from a file with other content; "
                "its records were merged into what the store holds. To replace the list by "
                f"this file: sanctiongraph rebuild --without {new.source}, then load it"
            )
        # A reviewer's "same" on a record this file gave (a judgement made on an older
        # edition names the same list record) binds two entities whole: the matcher
        # placed the record by the evidence, so the join is made here, as a rebuild
        # makes it, rather than leaving the pair apart until the next one.
        due = unjoined(m, judgements, (d.key for d in made))
        warnings += due.conflicts
        if due.judgements:
            if progress is not None:
                progress.phase(REPLAYING)
            try:
                done = rebuild(store, log, judgements)
            except StoreError as err:
                warnings.append(
                    f"{path}: {len(due.judgements)} pair(s) judged the same stay apart until "
                    f"the store is re-derived, which failed: {err}"
                )
            else:
                mine = next(r for r in done if r.entry.source == new.source)
                last = next((r.matcher for r in reversed(done) if r.matcher), None)
                # This file's split pairs only: the other files' were logged when loaded.
                splits = split_pairs(mine.decisions, last)
                warnings += _said_joined(due, done.conflicts, len(done))
                # ``replayed`` counts files re-read for publication order; the join's
                # re-derivation is said by its own line.
                return Logged(summary, mine.decisions, 0, warnings,
                              last if rank(fmt) == LIST else None, splits)  # fmt: skip
        # A curated file or a catalogue writes without the matcher: the next file
        # reads the store afresh.
        return Logged(summary, made, 0, warnings, m if rank(fmt) == LIST else None, splits)
