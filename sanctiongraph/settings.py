"""Settings, read in one place from the environment.

======================================  ==========================================
variable                                meaning
======================================  ==========================================
``SANCTIONGRAPH_STORE``                 file of the embedded store (a LadybugDB database)
``SANCTIONGRAPH_BACKEND``               ``embedded`` (default), ``memory`` or ``neo4j``
``SANCTIONGRAPH_LOCK_TIMEOUT``          seconds a writer waits for another (default 600)
``SANCTIONGRAPH_BATCH_SIZE``            rows per write batch (default: the store's own,
                                        50000 embedded, 5000 Neo4j)
``NEO4J_URI``                           Bolt URI (default ``bolt://localhost:7687``)
``NEO4J_USER`` / ``NEO4J_PASSWORD``     credentials (default ``neo4j`` / ``sanctiongraph``,
                                        the local default of docker-compose.yml)
``NEO4J_DATABASE``                      database name (default ``neo4j``)
``SANCTIONGRAPH_QUERY_TIMEOUT``         seconds a query may run (default 120)
``SANCTIONGRAPH_MAX_ROWS``              rows a query may return (default 100000)
======================================  ==========================================

The password is kept out of ``repr`` so that it never reaches a log or a
traceback.

>>> s = load_settings({"NEO4J_PASSWORD": "secret", "SANCTIONGRAPH_STORE": "/tmp/g.lbug"})
>>> "secret" in repr(s)
False
>>> str(s.store_path)
'/tmp/g.lbug'
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
    return Path(base) / "sanctiongraph" / "graph.lbug"


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
    batch_size: int | None = None
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = DEFAULT_NEO4J_USER
    neo4j_password: str | None = field(default=DEFAULT_NEO4J_PASSWORD, repr=False)
    neo4j_database: str = "neo4j"
    limits: Limits = field(default_factory=Limits)
    lock_timeout: float = 600.0


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    return Settings(
        store_path=Path(env.get("SANCTIONGRAPH_STORE") or default_store_path(env)).expanduser(),
        backend=env.get("SANCTIONGRAPH_BACKEND", "embedded"),
        batch_size=int(env["SANCTIONGRAPH_BATCH_SIZE"])
        if env.get("SANCTIONGRAPH_BATCH_SIZE")
        else None,
        neo4j_uri=env.get("NEO4J_URI", "bolt://localhost:7687"),
        neo4j_user=env.get("NEO4J_USER", DEFAULT_NEO4J_USER),
        neo4j_password=env.get("NEO4J_PASSWORD", DEFAULT_NEO4J_PASSWORD) or None,
        neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
        lock_timeout=float(env.get("SANCTIONGRAPH_LOCK_TIMEOUT", "600")),
        limits=Limits(
            query_timeout=float(env.get("SANCTIONGRAPH_QUERY_TIMEOUT", "120")),
            max_rows=int(env.get("SANCTIONGRAPH_MAX_ROWS", "100000")),
        ),
    )
