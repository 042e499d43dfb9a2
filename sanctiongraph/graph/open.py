"""Open the store the settings (or the command line) ask for."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sanctiongraph.graph.store import Store, StoreError
from sanctiongraph.settings import Settings

BACKENDS = ("embedded", "memory", "neo4j")


def open_store(settings: Settings, backend: str | None = None, path: Path | None = None) -> Store:
    """``backend`` is ``embedded`` (LadybugDB on disk, the default), ``memory`` (networkx in
    this process, kept nowhere), ``neo4j`` or a Bolt URI (``bolt://host:7687``)."""
    backend = backend or settings.backend
    if "://" in backend:
        scheme = backend.split("://", 1)[0].lower()
        if scheme not in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
            raise StoreError(
                f"{scheme}:// is not a Neo4j address; Neo4j speaks Bolt: use bolt://host:7687 "
                "or neo4j://host:7687"
            )
        settings = replace(settings, neo4j_uri=backend)
        backend = "neo4j"
    if backend == "embedded":
        from sanctiongraph.graph.ladybug_store import DEFAULT_BATCH, LadybugStore

        return LadybugStore(
            path or settings.store_path,
            limits=settings.limits,
            lock_timeout=settings.lock_timeout,
            batch_size=settings.batch_size or DEFAULT_BATCH,
        )
    if backend == "memory":
        from sanctiongraph.graph.memory import MemoryStore

        return MemoryStore(limits=settings.limits)
    if backend == "neo4j":
        try:
            from sanctiongraph.graph.neo4j_store import Neo4jStore
        except ImportError as err:
            raise StoreError(
                "the Neo4j backend needs the neo4j driver: "
                f"pip install 'sanctiongraph[neo4j]' ({err})"
            ) from None
        store: Store = Neo4jStore.from_settings(settings)
        return store
    raise StoreError(f"unknown store backend {backend!r}; choose one of {', '.join(BACKENDS)}")
