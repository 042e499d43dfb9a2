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
``SANCTIONGRAPH_MAX_*``                 what one input file may cost (see :class:`Limits`)
``SANCTIONGRAPH_RESOLVER``              resolver file of match judgements (JSON lines; default
                                        beside the store: ``graph.resolver.jsonl``)
``SANCTIONGRAPH_ARCHIVE``               folder of the lists ``fetch`` downloads (default
                                        ``~/.local/share/sanctiongraph/archive``)
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
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The password docker-compose.yml gives a local server when NEO4J_PASSWORD is unset;
# only ever a local default (a test checks the two agree).
DEFAULT_NEO4J_USER = "neo4j"
DEFAULT_NEO4J_PASSWORD = "sanctiongraph"


def default_store_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sanctiongraph" / "graph.lbug"


def default_archive_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sanctiongraph" / "archive"


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
    # Megabytes of memory the process running one ad-hoc Cypher query may use (the
    # embedded store runs it in a process of its own, stopped past this; the engine's
    # page cache there is half of it). A query of any shape stays under 1 GB.
    query_memory_mb: int = 768
    # Megabytes one ad-hoc query's result may take (as sent from that process).
    max_result_mb: int = 64

    # What one input file may cost, checked while it is read. Each default is at least ten
    # times what the largest published file in ../shared/data needs (measured need beside
    # it; `python benchmarks/limit_needs.py DATA_DIR` measures them again). The setting of
    # each is SANCTIONGRAPH_ + its name in capitals (SANCTIONGRAPH_MAX_PART_BYTES, ...).
    #
    # Inflated bytes of one part (member) of a workbook's zip. Need: 10,207,015 (UK
    # ConList 2022, xl/worksheets/sheet1.xml).
    max_part_bytes: int = 128 * 1024 * 1024
    # Inflated / compressed size of one workbook part (of what has been inflated so far),
    # checked once a part has inflated past 1 MiB (below that the ratio harms nothing).
    # Need: 19.2 (xl/styles.xml of the MOF 2026 workbook; large parts are 5 to 12).
    # Deflate itself stops near 1,032.
    max_inflate_ratio: float = 200.0
    # Rows of one sheet. Need: 15,263 (UK ConList 2022).
    max_sheet_rows: int = 200_000
    # Cells of one sheet as the workbook reader holds them: the rectangle from A1 to the
    # last used row and column (a cell at XFD1048576 alone is 17 billion). Need: 549,468
    # (UK ConList 2022: 15,263 rows x 36 columns).
    max_sheet_cells: int = 10_000_000
    # Bytes of an .xls file (not a zip, so it is bounded as a whole). Need: 3,077,120
    # (MOF 2022 .xls).
    max_xls_bytes: int = 64 * 1024 * 1024
    # Bytes of one record: a CSV row (its lines together), a JSON line, an XML record
    # (characters of its text, attributes and tags). Need: 48,499 (the largest XML record,
    # EU FSF 2022).
    max_record_bytes: int = 1024 * 1024
    # Attributes of one XML element (counted as it starts, before they are read). Need: 18
    # (EU FSF 2022, <identification>).
    max_attributes: int = 1_000
    # Bytes of a file read whole (the OpenSanctions catalogue, a curated YAML file).
    # Need: 2,813,019 (OpenSanctions index.json 2024-06-13).
    max_document_bytes: int = 64 * 1024 * 1024
    # Characters of one name or alias. Need: 855 (MOF 2026, a name with its transliterations).
    max_name_chars: int = 10_000
    # Characters of one field (cell, CSV field, notes, address). Need: 6,289 (a field of
    # OpenSanctions targets.simple 2026-03-13; in a workbook, 4,277 in UK ConList 2022).
    max_field_chars: int = 65_536
    # Aliases of one target. Need: 143 (UK ConList 2022, group 12771).
    max_aliases: int = 2_000
    # Bytes of one download by `fetch`, stopped as it streams (a server that never ends
    # its answer must not fill the disk). Need: 3,930,779 (the shared EU FSF export, itself
    # truncated); today's whole lists are larger (OFAC's advanced XML most) but could not
    # be measured offline, hence a margin far above ten times.
    max_download_bytes: int = 1024 * 1024 * 1024

    @staticmethod
    def setting(name: str) -> str:
        """The environment variable of a limit.

        >>> Limits.setting("max_part_bytes")
        'SANCTIONGRAPH_MAX_PART_BYTES'
        """
        return "SANCTIONGRAPH_" + name.upper()


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
    resolver_path: Path | None = None  # None: beside the store (see resolver_for)
    archive_path: Path | None = None  # None: default_archive_path (see load_settings)


def resolver_for(
    settings: Settings, store_path: Path | None = None, backend: str | None = None
) -> Path:
    """The resolver file: the setting, else beside the store.

    An embedded store keeps ``<store>.resolver.jsonl`` beside its file; a Neo4j
    database, which has no file, one named after its address and database in
    the folder of the embedded store (set SANCTIONGRAPH_RESOLVER to share one between machines).

    >>> str(resolver_for(load_settings({"SANCTIONGRAPH_STORE": "/tmp/g.json"})))
    '/tmp/g.resolver.jsonl'
    >>> env = {"XDG_DATA_HOME": "/d", "NEO4J_URI": "bolt://db.example:7687"}
    >>> str(resolver_for(load_settings(env), backend="neo4j"))
    '/d/sanctiongraph/neo4j-db.example-7687-neo4j.resolver.jsonl'
    """
    if settings.resolver_path is not None:
        return settings.resolver_path
    backend = backend or settings.backend
    if backend == "neo4j" or "://" in backend:
        uri = backend if "://" in backend else settings.neo4j_uri
        where = re.sub(r"[^A-Za-z0-9.-]+", "-", uri.split("://", 1)[-1]).strip("-")
        name = f"neo4j-{where}-{settings.neo4j_database}.resolver.jsonl"
        return settings.store_path.parent / name
    store = store_path or settings.store_path
    return store.with_name(f"{store.stem}.resolver.jsonl")


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
            query_memory_mb=int(env.get("SANCTIONGRAPH_QUERY_MEMORY_MB", "768")),
            max_result_mb=int(env.get("SANCTIONGRAPH_MAX_RESULT_MB", "64")),
            **input_limits(env),
        ),
        resolver_path=(
            Path(env["SANCTIONGRAPH_RESOLVER"]).expanduser()
            if env.get("SANCTIONGRAPH_RESOLVER")
            else None
        ),
        archive_path=Path(
            env.get("SANCTIONGRAPH_ARCHIVE") or default_archive_path(env)
        ).expanduser(),
    )


# The limits on what one input file may cost (the query limits above are read by name).
INPUT_LIMITS = (
    "max_part_bytes", "max_inflate_ratio", "max_sheet_rows", "max_sheet_cells", "max_xls_bytes",
    "max_record_bytes", "max_document_bytes", "max_name_chars", "max_field_chars", "max_aliases",
    "max_attributes", "max_download_bytes",
)  # fmt: skip


def input_limits(env: Mapping[str, str]) -> dict[str, Any]:
    """The input limits set in ``env``, each as its default's type.

    >>> input_limits({"SANCTIONGRAPH_MAX_ALIASES": "50"})
    {'max_aliases': 50}
    """
    out: dict[str, Any] = {}
    for name in INPUT_LIMITS:
        value = env.get(Limits.setting(name))
        if value:
            kind = type(getattr(Limits, name))
            try:
                out[name] = kind(value)
            except ValueError:
                raise ValueError(f"{Limits.setting(name)}={value[:40]!r} is not a number") from None
    return out
