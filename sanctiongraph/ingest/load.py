"""The one way a file is loaded: read it with its format's reader, match each target,
write all or nothing, then link what files meet on (listings, instruments, events).

>>> from sanctiongraph.graph.memory import MemoryStore
>>> from sanctiongraph.ingest.curated import seed_path
>>> summary, _ = load_file(MemoryStore(), "auto", seed_path())
>>> summary.nodes["Event"] > 0
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sanctiongraph.graph.records import Node, Rel
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.build import Builder
from sanctiongraph.ingest.links import link_events
from sanctiongraph.loaders import limits as input_limits
from sanctiongraph.loaders.base import LoadError, LoadSummary, check_input, load_into
from sanctiongraph.loaders.editions import EditionUpdate, partial_by_name
from sanctiongraph.loaders.progress import (
    LINKING,
    MATCHING,
    READING_STORE,
    LoadProgress,
    reported,
)
from sanctiongraph.loaders.registry import FORMATS, Reader, dated_source, detect
from sanctiongraph.loaders.target import Target, checked_targets
from sanctiongraph.queries import run_query
from sanctiongraph.resolution.matching import Decision, Matcher, release_caches
from sanctiongraph.settings import Limits


def read_file(
    fmt: str,
    path: Path,
    matcher: Matcher,
    store: Store | None = None,
    list_date: str | None = None,
    partial: bool = False,
    tap: Callable[[Target], None] | None = None,
) -> tuple[Builder, Iterator[Node | Rel]]:
    """The builder for a file and the records it yields, lazily.

    A reader whose records depend on what the graph already holds (the events
    catalogue reconciles with existing events) names the named query it reads in
    ``CONTEXT_QUERY``; its ``context(path, rows)`` turns that query's rows into the
    keyword arguments of its ``records``. The load runs the query, so that a reader
    never reads the store itself. Run it under :func:`sanctiongraph.loaders.limits.using`:
    the readers check the limits of the load as they read, and every target is checked
    before it is built.
    """
    reader: Reader = FORMATS[fmt].reader()
    repeats = bool(getattr(reader, "REPEATED_RECORDS", False))
    source, warning = dated_source(reader.source(path), path, list_date)
    if getattr(reader, "RECORD_LABEL", None):
        # A catalogue of events (the missile tests) lists no one: each event carries
        # its own date, and no as-of query reads the file's.
        warning = None
    partial = partial or partial_by_name(path)
    builder = Builder(str(path), source, matcher, repeats, partial)
    if store is not None:
        builder.editions = EditionUpdate.read(
            store, builder.sid, builder.source.list_date, complete=not partial
        )
    builder.warnings += [warning] if warning else []
    extra = getattr(reader, "records", None)
    query = getattr(reader, "CONTEXT_QUERY", None)
    context = getattr(reader, "context", None)
    kwargs: dict[str, Any] = {}
    if query and context is not None and store is not None:
        kwargs = context(path, run_query(store, str(query), {}))
    more = extra(path, builder.source.id, **kwargs) if extra is not None else iter(())
    targets = checked_targets(path, reader.targets(path))
    if tap is not None:
        targets = _tapped(targets, tap)
    return builder, builder.build(targets, more)


def _checked_format(fmt: str, path: Path) -> str:
    """The format a load reads ``path`` as (``auto``: told from the content), once the
    format is known and the file is one a reader may open; else :class:`LoadError`."""
    if fmt == "auto":
        fmt = detect(path)
    if fmt not in FORMATS:
        raise LoadError(path, None, f"unknown format {fmt!r}")
    check_input(path)
    return fmt


def _tapped(targets: Iterator[Target], tap: Callable[[Target], None]) -> Iterator[Target]:
    for t in targets:
        tap(t)
        yield t


def load_file(
    store: Store,
    fmt: str,
    path: Path,
    *,
    progress: LoadProgress | None = None,
    matcher: Matcher | None = None,
    batch_size: int | None = None,
    list_date: str | None = None,
    limits: Limits | None = None,
    partial: bool = False,
    tap: Callable[[Target], None] | None = None,
) -> tuple[LoadSummary, list[Decision]]:
    """Load one file all-or-nothing, matching its targets against the store.

    ``list_date`` dates a file that carries no date of its own (see
    :func:`dated_source`); warnings end up in the summary. ``limits`` bound what the
    file may cost (default: the settings'). ``fmt`` ``auto`` tells the format from the
    content (:func:`detect`), as ``sanctiongraph load auto`` does.
    """
    fmt = _checked_format(fmt, path)
    with input_limits.using(limits):
        if fmt == "curated":
            from sanctiongraph.ingest.curated import load_curated

            return load_curated(store, path), []  # it links events itself
        # Matching reads the entities it merges into: no other writer may commit between
        # that read and this load's commit, or they would be matched against stale data.
        with store.exclusive():
            if matcher is None:
                if progress is not None:
                    progress.phase(READING_STORE)
                matcher = Matcher.from_store(store)
            before = len(matcher.decisions)
            if progress is not None:
                progress.phase(MATCHING)
            builder, items = read_file(fmt, path, matcher, store, list_date, partial, tap)
            # Once the last target is matched, the name caches are released before the
            # store copies the file's rows in (the load's largest moment).
            items = _then(items, release_caches)
            if progress is not None:
                items = reported(items, lambda: builder.records, progress)
            summary = load_into(store, path, items, batch_size=batch_size)
            # A reader of something other than targets (events) names its records' label.
            label = getattr(FORMATS[fmt].reader(), "RECORD_LABEL", None)
            summary.records = builder.records or (summary.nodes.get(label, 0) if label else 0)
            summary.warnings += builder.warnings
            # Listings, instruments and events from different files meet here (ingest.links).
            if progress is not None:
                progress.phase(LINKING)
            link_events(store)
            matcher.committed_to(store)  # the store the kept index may be brought to
        return summary, matcher.decisions[before:]


def _then(items: Iterator[Node | Rel], done: Callable[[], None]) -> Iterator[Node | Rel]:
    """``items``, then ``done()`` once they are exhausted."""
    yield from items
    done()


def dry_run(
    store: Store,
    fmt: str,
    path: Path,
    list_date: str | None = None,
    limits: Limits | None = None,
    matcher: Matcher | None = None,
) -> list[Decision]:
    """How a file's targets would match the store, without writing anything."""
    fmt = _checked_format(fmt, path)
    with input_limits.using(limits):
        matcher = matcher or Matcher.from_store(store)
        _, items = read_file(fmt, path, matcher, store, list_date)
        for _ in items:
            pass
        return matcher.decisions
