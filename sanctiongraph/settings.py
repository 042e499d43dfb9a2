"""Settings, read in one place from the environment.

======================================  ==========================================
variable                                meaning
======================================  ==========================================
``SANCTIONGRAPH_STORE``                 file of the embedded store
``SANCTIONGRAPH_BACKEND``               ``embedded`` (default) or ``neo4j``
``SANCTIONGRAPH_BATCH_SIZE``            rows per write batch (default 5000)
``NEO4J_URI``                           Bolt URI (default ``bolt://localhost:7687``)
``NEO4J_USER`` / ``NEO4J_PASSWORD``     credentials (default ``neo4j`` / ``sanctiongraph``,
                                        the local default of docker-compose.yml)
``NEO4J_DATABASE``                      database name (default ``neo4j``)
``SANCTIONGRAPH_QUERY_TIMEOUT``         seconds a query may run (default 120)
``SANCTIONGRAPH_MAX_ROWS``              rows a query may return (default 100000)
``SANCTIONGRAPH_RESOLVER``              resolver file of match judgements (JSON lines; default
                                        beside the store: ``graph.resolver.jsonl``)
======================================  ==========================================

The password is kept out of ``repr`` so that it never reaches a log or a
traceback.

>>> s = load_settings({"NEO4J_PASSWORD": "secret", "SANCTIONGRAPH_STORE": "/tmp/g.json"})
>>> "secret" in repr(s)
False
>>> str(s.store_path)
'/tmp/g.json'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# The password docker-compose.yml gives a local server when NEO4J_PASSWORD is unset;
# only ever a local default (a test checks the two agree).
DEFAULT_NEO4J_USER = "neo4j"
DEFAULT_NEO4J_PASSWORD = "sanctiongraph"


def default_store_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sanctiongraph" / "graph.json"


@dataclass(frozen=True)
class Limits:
    """What one command may cost. Interactive defaults; benchmarks and exports raise them.

    Every limit has a setting, and the error that enforces it names the setting.
    """

    # Seconds one query (named or ad-hoc) may run before the store stops it.
    query_timeout: float = 120.0
    # Rows one query may return before it is stopped (an unbounded pattern on a large
    # store can produce more rows than memory holds).
    max_rows: int = 100_000


@dataclass(frozen=True)
class Settings:
    store_path: Path
    backend: str = "embedded"
    batch_size: int = 5000
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = DEFAULT_NEO4J_USER
    neo4j_password: str | None = field(default=DEFAULT_NEO4J_PASSWORD, repr=False)
    neo4j_database: str = "neo4j"
    limits: Limits = field(default_factory=Limits)
    resolver_path: Path | None = None  # None: beside the store (see resolver_for)


def resolver_for(settings: Settings, store_path: Path | None = None) -> Path:
    """The resolver file: the setting, else ``<store>.resolver.jsonl`` beside the store.

    >>> str(resolver_for(load_settings({"SANCTIONGRAPH_STORE": "/tmp/g.json"})))
    '/tmp/g.resolver.jsonl'
    """
    if settings.resolver_path is not None:
        return settings.resolver_path
    store = store_path or settings.store_path
    return store.with_name(f"{store.stem}.resolver.jsonl")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    return Settings(
        store_path=Path(env.get("SANCTIONGRAPH_STORE") or default_store_path(env)).expanduser(),
        backend=env.get("SANCTIONGRAPH_BACKEND", "embedded"),
        batch_size=int(env.get("SANCTIONGRAPH_BATCH_SIZE", "5000")),
        neo4j_uri=env.get("NEO4J_URI", "bolt://localhost:7687"),
        neo4j_user=env.get("NEO4J_USER", DEFAULT_NEO4J_USER),
        neo4j_password=env.get("NEO4J_PASSWORD", DEFAULT_NEO4J_PASSWORD) or None,
        neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
        limits=Limits(
            query_timeout=float(env.get("SANCTIONGRAPH_QUERY_TIMEOUT", "120")),
            max_rows=int(env.get("SANCTIONGRAPH_MAX_ROWS", "100000")),
        ),
        resolver_path=(
            Path(env["SANCTIONGRAPH_RESOLVER"]).expanduser()
            if env.get("SANCTIONGRAPH_RESOLVER")
            else None
        ),
    )
