"""The Python API: one entry point for notebooks and scripts, :func:`open`.

``sanctiongraph.open(where)`` opens a store as the command line does and returns a
:class:`Graph`: named queries, contained Cypher, loading files (the same formats,
auto-detection, judgements and resolution as ``sanctiongraph load``), subgraphs as
networkx graphs, and rows that turn into pandas DataFrames where pandas is installed
(``pip install 'sanctiongraph[pandas]'``).

``where`` is a path (the embedded LadybugDB store in that file), ``"memory"`` (a
networkx graph in this process, kept nowhere), a ``bolt://`` or ``neo4j://`` address
(Neo4j 5; user, password and database from ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE``), or nothing (the store the settings name, as ``sanctiongraph``
without ``--store``).

>>> import sanctiongraph
>>> with sanctiongraph.open("memory") as g:
...     loaded = g.load_demo()
...     rows = g.query("overseas-branches", entity="Korea Computer Center")
>>> [r["country"] for r in rows]
['China', 'Germany', 'India', 'Syria', 'United Arab Emirates']
>>> rows.columns
('entity', 'branch', 'city', 'country_code', 'country')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctiongraph.graph.open import open_store
from sanctiongraph.graph.resolve import resolve
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.canonical import entry_for, load_logged
from sanctiongraph.ingest.curated import DATA_FILES, data_path
from sanctiongraph.loaders.registry import detect
from sanctiongraph.paths import beside, check_output, refuse_special, store_files
from sanctiongraph.queries import QUERIES, get_query, run_query
from sanctiongraph.resolution.history import CandidateLog, CandidatePair, LoadLog
from sanctiongraph.resolution.judgements import Judgements
from sanctiongraph.resolution.matching import Decision
from sanctiongraph.settings import Settings, load_settings, resolver_for
from sanctiongraph.viz import MissingExtra

if TYPE_CHECKING:
    import networkx as nx
    import pandas

__all__ = ["Graph", "Loaded", "Rows", "open"]


class Rows(list[dict[str, Any]]):
    """Rows of a query, each a dict of its columns; a list with the columns' order.

    >>> rows = Rows([{"a": 1, "b": "x"}], ("a", "b"))
    >>> rows, rows.columns
    ([{'a': 1, 'b': 'x'}], ('a', 'b'))
    """

    def __init__(self, rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
        super().__init__(rows)
        self.columns = tuple(columns)

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a DataFrame with the query's columns (needs pandas:
        ``pip install 'sanctiongraph[pandas]'``); list values stay lists."""
        try:
            import pandas
        except ImportError:
            raise MissingExtra(
                "Rows.to_pandas() needs pandas: pip install 'sanctiongraph[pandas]'"
            ) from None
        return pandas.DataFrame(list(self), columns=list(self.columns))


@dataclass
class Loaded:
    """What loading one file did, as ``sanctiongraph load`` prints it."""

    file: str
    format: str
    records: int
    merged: int  # records that joined an entity already in the graph
    left_apart: int  # records kept apart from a look-alike, with the reason
    nodes: int
    relationships: int
    warnings: list[str] = field(default_factory=list)
    replayed: int = 0  # files re-read to keep the store in publication order
    decisions: list[Decision] = field(default_factory=list, repr=False)


class Graph:
    """A store opened by :func:`open`: what a notebook asks of the knowledge graph.

    The store itself stays reachable as :attr:`store` (ad-hoc reads, exports).
    """

    def __init__(self, store: Store, resolver: Path | None, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._resolver = resolver

    # -- reading -------------------------------------------------------------------------

    @property
    def queries(self) -> dict[str, str]:
        """The named queries, each with what it answers.

        >>> with open("memory") as g:
        ...     g.queries["overseas-branches"][:40]
        "An entity's branches and offices outside"
        """
        return {name: q.purpose for name, q in sorted(QUERIES.items())}

    def query(self, name: str, /, **params: Any) -> Rows:
        """Run the named query ``name``; parameters as a user types them (names, aliases
        or keys; dates as ``YYYY-MM-DD``), as ``sanctiongraph query NAME -p k=v``.

        >>> with open("memory") as g:
        ...     _ = g.load_demo()
        ...     rows = g.query("listed-on", date="2017-12-15", authority="jp")
        >>> len(rows), rows[0]["kind"]
        (19, 'organization')
        """
        return Rows(run_query(self.store, name, params), get_query(name).columns)

    def cypher(self, text: str, /, *, write: bool = False, **params: Any) -> Rows:
        """Run ad-hoc Cypher ``text`` with ``$parameters`` from ``params``, contained as on
        the command line (the allow-list, the time and row limits), read-only unless
        ``write``. The memory store runs grand-cypher's subset, without ``$parameters``;
        the embedded store and Neo4j take them (``g.cypher("... $name ...", name="KCC")``).

        >>> with open("memory") as g:
        ...     _ = g.load_demo()
        ...     rows = g.cypher("MATCH (a:Authority) RETURN a.short AS short")
        >>> sorted(r["short"] for r in rows)[:4]
        ['eu', 'gb', 'jp', 'kr']
        """
        rows = self.store.cypher(text, params, write=write)
        return Rows(rows, list(rows[0]) if rows else [])

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph as a networkx ``MultiDiGraph`` (node keys as ids, ``label`` and
        the properties as attributes; relationships keyed by their type).

        >>> with open("memory") as g:
        ...     _ = g.load_demo()
        ...     whole = g.to_networkx()
        >>> whole.nodes["entity:korea-computer-center"]["label"]
        'Entity'
        """
        return self.store.to_networkx()

    def subgraph(self, *nodes: str, hops: int = 1, label: str = "Entity") -> nx.MultiDiGraph:
        """The nodes within ``hops`` relationships of ``nodes`` and the relationships among
        them, as a networkx ``MultiDiGraph``. ``nodes`` are keys or names of ``label``
        nodes; hubs (countries, authorities, sources) are shown, not walked through.

        >>> with open("memory") as g:
        ...     _ = g.load_demo()
        ...     kcc = g.subgraph("Korea Computer Center", hops=2)
        >>> sorted(kcc.nodes[n]["name"] for n in kcc if kcc.nodes[n]["label"] == "Country")
        ['China', 'Germany', 'India', 'North Korea', 'Syria', 'United Arab Emirates']
        """
        seeds = [resolve(self.store, label, n) for n in nodes]
        return self.store.subgraph(seeds, hops)

    def stats(self) -> dict[str, Any]:
        """Counts of nodes and relationships by label and type, and where the store is."""
        return self.store.stats()

    # -- loading -------------------------------------------------------------------------

    def load(
        self,
        path: str | os.PathLike[str],
        format: str = "auto",
        *,
        list_date: str | None = None,
        partial: bool = False,
    ) -> Loaded:
        """Load one file (or an OFAC CSV folder) as ``sanctiongraph load FORMAT FILE``
        does: all or nothing, its targets matched against the graph with the resolver's
        judgements, in publication order, look-alikes logged as candidates for review.
        ``format`` is one of ``sanctiongraph formats`` or ``auto`` (told from the
        content); ``list_date`` dates a file that carries no date of its own.

        >>> with open("memory") as g:
        ...     done = g.load(data_path("seed_2017.yaml"))
        >>> done.format, done.records > 0
        ('curated', True)
        """
        path = Path(path)
        fmt = detect(path) if format == "auto" else format
        judgements, log, candidates = self._resolver_files()
        entry = entry_for(fmt, path, list_date, 0, partial)
        logged = load_logged(self.store, fmt, path, log, judgements, list_date=list_date,
                             entry=entry, partial=partial)  # fmt: skip
        from sanctiongraph.resolution.matching import keep_profiles

        # So that the next load reads them (resolution.key_index, profile_cache).
        keep_profiles(self.store, logged.matcher)
        if candidates is not None:
            candidates.add(
                CandidatePair(d.key, c.record, c.score, c.evidence, c.why)
                for d in logged.decisions
                for c in d.candidates
                if c.record and c.record != d.key
            )
            if logged.splits:
                candidates.add(logged.splits)
        made, summary = logged.decisions, logged.summary
        return Loaded(
            file=str(path),
            format=fmt,
            records=summary.records,
            merged=sum(1 for d in made if d.outcome not in ("new", "same-record")),
            left_apart=sum(1 for d in made if d.note),
            nodes=sum(summary.nodes.values()),
            relationships=sum(summary.relationships.values()),
            warnings=[*summary.warnings, *logged.warnings],
            replayed=logged.replayed,
            decisions=made,
        )

    def load_demo(self) -> list[Loaded]:
        """Load what ``sanctiongraph demo`` loads, the curated files shipped with the
        package: the cited story of 15 December 2017 and the UN Security Council's DPRK
        resolutions of 2016-2017."""
        return [self.load(data_path(name), "curated") for name in DATA_FILES]

    def _resolver_files(self) -> tuple[Judgements, LoadLog, CandidateLog | None]:
        """The judgements, load log and candidate log the command line would use; a
        memory graph with no resolver named keeps none (it is kept nowhere itself)."""
        path = self._resolver
        if path is None:
            # load_logged() neither reads nor writes the log of a store kept nowhere.
            return Judgements(None), LoadLog(Path(os.devnull)), None
        # As the command line: never the store's own files, never a FIFO.
        kept = store_files(self.settings.store_path)
        logs, candidates = LoadLog(beside(path, "loads")), CandidateLog(beside(path, "candidates"))
        for file, what in ((path, "resolver file"), (logs.path, "load log"),
                           (candidates.path, "candidate log")):  # fmt: skip
            refuse_special(file, what)
            check_output(file, kept)
        return Judgements(path), logs, candidates

    # -- the store's life ----------------------------------------------------------------

    def close(self) -> None:
        """Release the store (its lock, its connections)."""
        self.store.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<sanctiongraph.Graph {self.store.backend}>"


def open(
    where: str | os.PathLike[str] | None = None,
    *,
    resolver: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Graph:
    """Open a store: a path (embedded), ``"memory"``, a ``bolt://``/``neo4j://`` address,
    or ``None`` for the one the settings name. ``resolver`` is the file of match
    judgements (default: as the command line, ``<store>.resolver.jsonl`` beside an
    embedded store, ``SANCTIONGRAPH_RESOLVER`` where set; a memory graph keeps none
    unless one is named). ``env`` stands for the environment the settings are read
    from (default ``os.environ``).

    >>> import tempfile
    >>> where = Path(tempfile.mkdtemp()) / "graph.lbug"
    >>> with open(where) as g:
    ...     _ = g.load_demo()
    >>> with open(where) as g:  # kept on disk
    ...     len(g.query("listed-on", date="2017-12-15", authority="jp"))
    19
    """
    settings = load_settings(env)
    path: Path | None = None
    if where is None:
        backend = settings.backend
    elif isinstance(where, str) and (where == "memory" or "://" in where):
        backend = where
    else:
        backend, path = "embedded", Path(where).expanduser()
        settings = _with_store(settings, path)
    if resolver is not None:
        chosen: Path | None = Path(resolver).expanduser()
    elif backend == "memory" and settings.resolver_path is None:
        chosen = None
    else:
        chosen = resolver_for(settings, path, backend)
    return Graph(open_store(settings, backend, path), chosen, settings)


def _with_store(settings: Settings, path: Path) -> Settings:
    from dataclasses import replace

    return replace(settings, store_path=path)
