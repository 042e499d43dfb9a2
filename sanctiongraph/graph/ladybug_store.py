"""The default store: an embedded LadybugDB graph database in one file on disk.

LadybugDB (PyPI ``ladybug``, MIT, the maintained successor of Kùzu) runs
Cypher in process, on disk, with typed columnar tables; a command opens the
file, answers and exits, with no server and without reading the whole graph.
Tables are derived from the schema (``graph/lbug_cypher.py``).

How a write stays all-or-nothing and safe beside other processes:

* one writer at a time: ``<store>.lock`` (``flock``), waited for with a message
  and a timeout (``SANCTIONGRAPH_LOCK_TIMEOUT``);
* the writer copies the database to a temporary file beside it, writes there in
  batches (new rows from Arrow tables at commit, existing rows merged in
  Python exactly as the other stores merge, then set with ``LOAD FROM``), and on
  success checkpoints, closes and renames the copy over the store;
* so a failed or killed load leaves the last committed store untouched (the
  next writer removes the orphaned copy), and readers, which open the store
  read-only, always see the last committed state, even during a load.

The copy (:func:`copy_file`) is a clone on a filesystem that shares blocks (XFS
with reflink, btrfs): its cost then grows with the file's extents, not its bytes
(0.65-1.25 s of system time for a million-entity store fragmented by its loads). On
ext4 it costs 0.3-3.2 s at a million entities (1.18 GB), the slow end when the file
is not in memory. It buys atomic loads of any size in bounded memory, and readers
that are never blocked. The engine's own transaction is not
crash-safe enough to replace it: with LadybugDB 0.22, a writer killed while its
commit checkpoints a transaction that held a ``COPY`` leaves a file every later
open dies on (SIGSEGV), and one killed while the commit writes the WAL leaves a
file no open accepts until the WAL is removed. ``benchmarks/engine_kill_probe.py``
shows both; re-run it when the engine changes.

>>> import tempfile, pathlib
>>> from sanctiongraph.graph.records import cite, node
>>> store = LadybugStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbug")
>>> with store.writer() as w:
...     w.add(node("Country", "country:DE", {"code": "DE", "name": "Germany"}, cite("doc")))
>>> store.stats()["nodes"]["Country"]
1
>>> store.read("MATCH (c:Country) RETURN c.name AS name, c.sources AS sources", {})
[{'name': 'Germany', 'sources': ['source:doc']}]
>>> store.close()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import errno
import functools
import glob
import os
import re
import shutil
import stat
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, LiteralString

from sanctiongraph.graph import lbug_cypher as q
from sanctiongraph.graph.lock import WriteLock
from sanctiongraph.graph.records import Node, Props, Rel, SchemaError, merge_props
from sanctiongraph.graph.schema import LOOKUP_LABELS, PROVENANCE, SCHEMA
from sanctiongraph.graph.store import Row, Store, StoreError, Writer
from sanctiongraph.settings import Limits

if TYPE_CHECKING:
    from concurrent.futures import Future

    import ladybug
    import networkx as nx
    import pyarrow

DEFAULT_BATCH = 50_000
# New nodes of a table are bulk-copied (COPY) only when a load brings at least this
# many; fewer are created from the same Arrow table with LOAD FROM … CREATE. A COPY
# into a node table sets up buffers for a whole node group of every column whatever
# the rows (20 MB for a one-row Authority, 85 MB for Entity, held until the load
# commits: 190 MB for the six node tables and the name table of a 2,000-target list),
# while CREATE costs per row. Measured on the shared data's rows: 20,191 entities took
# 0.9 s to create and 0.6 s to copy, the create using less memory; 100,955 took
# 3.9 s against 2.2 s, and more memory. So large loads keep the bulk path.
COPY_MIN_ROWS = 30_000
# Keys a query reads back at most (existing rows a batch merges into). One query of a
# whole batch's keys (up to 50,000 relationship ends) took the engine 10-25 MB, kept
# by the process after the query (all of ../shared/data in one command: 145 MB over
# the first batch of OFAC's SDN list).
READ_CHUNK = 5_000
# The writer's engine checkpoints when its log (WAL) passes this many bytes (at most a
# quarter of its buffer pool), not at the engine's default 16 MiB. A checkpoint
# rewrites the columns a write set in every node group it touched, and an edition's
# entities, listings and branches lie in node groups across the whole store: at a
# million entities OFAC SDN's edition (85 MB of log) was checkpointed after each of its
# large updates (the listings' update took 4.1 s, 0.7 s of it the update itself);
# checkpointed once, at commit, the load took 4-6 s less CPU. Loading every shared file
# in one command, the larger log cost 27 MB of peak memory (1,028 MB against 1,001).
CHECKPOINT_BYTES = 256 * 1024 * 1024
# Up to this many ids, a subgraph reads each by its key (an index seek, 0.3-0.6 ms at a
# million entities); beyond, one scan of each table (100+ ms at a million) costs less.
SEEK_MAX = 300
JSON_MAGIC = b'{"format":"sanctiongraph-graph/1"'
CONVERT_HINT = "sanctiongraph convert-store {path}"

_DATE_COLS: dict[str, frozenset[str]] = {
    **{n.label: frozenset(p.name for p in n.props if p.type == "date") for n in SCHEMA.nodes},
    **{r.type: frozenset(p.name for p in r.props if p.type == "date") for r in SCHEMA.rels},
}


def default_buffer_mb() -> int:
    """A quarter of the machine's memory, at most 4 GiB, at least 256 MiB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        total = 4096
    return max(256, min(4096, total // 4))


# glibc's M_MMAP_THRESHOLD: allocations of at least this many bytes get pages of their
# own, given back to the system when freed.
_M_MMAP_THRESHOLD = -3
_LARGE_ALLOCATION = 1024 * 1024


@functools.cache
def _return_large_buffers() -> bool:
    """Fix glibc's threshold for allocating a buffer in pages of its own at 1 MiB
    (once per process; elsewhere than glibc, nothing).

    By default glibc raises that threshold to the size of each such buffer freed, up
    to 32 MiB, so that after a load has freed the engine's and Arrow's large buffers
    the next ones are carved out of the heap, where what is freed stays mapped between
    live objects. Fixed, they come and go with their own pages: loading all of
    ../shared/data in one command peaked at 753 MB instead of 807 MB, no slower.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return False
    # Only glibc's mallopt knows the option (musl and others have no such symbol pair).
    if not (hasattr(libc, "gnu_get_libc_version") and hasattr(libc, "mallopt")):
        return False
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, _LARGE_ALLOCATION))


def _import_ladybug() -> Any:
    try:
        import ladybug
    except ImportError as err:  # pragma: no cover - a dependency; broken installs only
        raise StoreError(f"the embedded store needs the ladybug package ({err})") from None
    return ladybug


_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _refuse_special(path: Path) -> None:
    """A store path that is not a regular file is refused before anything opens it: a
    named pipe would make every command wait forever for a writer."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing: created on the first write
    if stat.S_ISREG(mode):
        return
    what = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
    raise StoreError(
        f"{path} is {what}, not a store file; "
        "choose a regular file (--store-path or SANCTIONGRAPH_STORE)"
    )


def is_json_store(path: Path) -> bool:
    """Whether ``path`` is a store file of sanctiongraph 0.1 (one JSON document)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(JSON_MAGIC)) == JSON_MAGIC
    except OSError:
        return False


def to_python(value: Any) -> Any:
    """Engine values as the other stores give them: ISO dates, plain numbers,
    nodes as ``{"id", "labels", …}`` and relationships as ``{"type", …}``."""
    if value is None or isinstance(value, str):  # most values: every read-back passes here
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [to_python(v) for v in value]
    if isinstance(value, dict):
        if "_SRC" in value and "_LABEL" in value:
            props = {k: to_python(v) for k, v in value.items() if not k.startswith("_")}
            return {"type": value["_LABEL"], **{k: v for k, v in props.items() if v is not None}}
        if "_ID" in value and "_LABEL" in value:
            props = {k: to_python(v) for k, v in value.items() if not k.startswith("_")}
            return {
                "id": props.get("id"),
                "labels": [value["_LABEL"]],
                **{k: v for k, v in props.items() if v is not None},
            }
        if "_nodes" in value and "_rels" in value:
            return {"nodes": to_python(value["_nodes"]), "relationships": to_python(value["_rels"])}
        return {k: to_python(v) for k, v in value.items()}
    return value


def _arrow_type(owner: str, column: str) -> pyarrow.DataType:
    import pyarrow as pa

    try:
        prop = SCHEMA.node(owner).prop(column)
    except KeyError:
        prop = next(p for p in SCHEMA.rel(owner).props if p.name == column)
    return {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "date": pa.date32(),
        "string[]": pa.list_(pa.string()),
    }[prop.type]


def _arrow(
    owner: str,
    columns: tuple[str, ...],
    rows: list[Props],
    ends: tuple[list[str], list[str]] | None = None,
) -> Any:
    """An Arrow table of ``rows`` with ``columns`` in table order (COPY maps by position).

    ``ends``, for a relationship table, are its leading ``from`` and ``to`` columns,
    given apart so that no row is copied to hold them; ``columns`` are then the
    properties. Arrow reads the row dicts itself, in one pass, as a struct array (keys
    that are not columns are ignored); dates, ISO strings in rows, are parsed by Arrow.
    """
    import pyarrow as pa

    dates = _DATE_COLS.get(owner, frozenset())
    fields = [pa.field(c, pa.string() if c in dates else _arrow_type(owner, c)) for c in columns]
    arrays = pa.array(rows, pa.struct(fields)).flatten() if columns else []
    arrays = [
        a.cast(pa.date32()) if c in dates else a for a, c in zip(arrays, columns, strict=True)
    ]
    names = list(columns)
    if ends is not None:
        arrays = [pa.array(ends[0], pa.string()), pa.array(ends[1], pa.string()), *arrays]
        names = ["from", "to", *names]
    return pa.Table.from_arrays(arrays, names=names)


class _Stage:
    """New rows of one table, kept in an Arrow file beside the copy until commit.

    Appending to a LadybugDB relationship table costs more the larger the table is
    (10,000 rows into a table of a million took 12 s where a million into an empty
    one took 26 s), so each table gets one COPY per load, at commit; Arrow files keep
    the rows out of memory until then.
    """

    def __init__(self, folder: Path, table: str) -> None:
        self.path = folder / f"{table}.arrow"
        self._sink: Any = None
        self._writer: Any = None
        self.rows = 0

    def add(self, batch: Any) -> None:
        import pyarrow as pa

        if self._writer is None:
            self._sink = pa.OSFile(str(self.path), "wb")
            self._writer = pa.ipc.new_file(self._sink, batch.schema)
        self._writer.write_table(batch)
        self.rows += batch.num_rows

    def read(self) -> Any:
        """Every staged row as one Arrow table (memory-mapped), or None."""
        import pyarrow as pa

        if self._writer is None:
            return None
        self._writer.close()
        self._sink.close()
        self._writer = None
        with pa.memory_map(str(self.path), "r") as source:
            return pa.ipc.open_file(source).read_all()


def _fold_duplicates(table: Any, keys: tuple[str, ...], merged: Any) -> Any:
    """Rows staged more than once under one key (a node or relationship written by
    several batches of a load) become one, merged as every store merges."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(keys) == 1:
        key = table[keys[0]]
    else:
        key = pc.binary_join_element_wise(table[keys[0]], table[keys[1]], "\x1f")
    counts = pa.table({"k": key}).group_by("k").aggregate([("k", "count")])
    repeated = counts.filter(pc.greater(counts["k_count"], 1))["k"]
    if len(repeated) == 0:
        return table
    mask = pc.is_in(key, value_set=repeated)
    folded: dict[Any, Props] = {}
    for row, k in zip(table.filter(mask).to_pylist(), key.filter(mask).to_pylist(), strict=True):
        props = {c: to_python(v) for c, v in row.items() if v is not None}
        folded[k] = props if k not in folded else merge_props(folded[k], props)
    rest = table.filter(pc.invert(mask))
    return pa.concat_tables([rest, merged(list(folded.values())).cast(rest.schema)])


# copy_file_range's refusals that mean "not here" (the kernel, this filesystem or this
# pair of files), not a failed copy: the copy then goes through user space.
_NO_KERNEL_COPY = frozenset(
    {errno.ENOSYS, errno.EXDEV, errno.EINVAL, errno.EBADF, errno.EOPNOTSUPP, errno.EPERM}
    | {errno.ETXTBSY}
)


def copy_file(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` (created or emptied), in the kernel where it can.

    ``os.copy_file_range`` copies within the kernel, and on a filesystem that clones
    (XFS with reflink, btrfs) it shares the file's blocks instead of copying them.
    Measured on XFS with the 1.18 GB store of a million entities: a file just copied
    in cloned in under a millisecond, the store after its loads (46,700 extents) in
    0.65-1.25 s of system time, where ``shutil.copyfile`` (``sendfile`` in Python
    3.11) took 0.16 s with the file in memory and 3.1 s without; no second 1.18 GB
    of disk either way. On ext4 both cost the same. A kernel or filesystem that
    refuses the call gets ``shutil.copyfile``; a real failure (a full disk) is
    raised.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a").write_bytes(b"store")
    >>> copy_file(folder / "a", folder / "b")
    >>> (folder / "b").read_bytes()
    b'store'
    """
    copy_range = getattr(os, "copy_file_range", None)
    if copy_range is not None:
        with open(src, "rb") as fin, open(dst, "wb") as fout:
            size, done = os.fstat(fin.fileno()).st_size, 0
            try:
                while done < size:
                    n = copy_range(fin.fileno(), fout.fileno(), size - done)
                    if n == 0:  # some filesystems report nothing to copy: copy in user space
                        break
                    done += n
            except OSError as err:
                if err.errno not in _NO_KERNEL_COPY:
                    raise
            if done == size:
                return
    shutil.copyfile(src, dst)


class _Session:
    """An open, writable copy of the store; renamed over it on commit."""

    def __init__(self, store: LadybugStore, empty: bool = False) -> None:
        self.store = store
        live = store.path
        self.tmp = live.with_name(f".{live.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        if live.exists() and not empty:
            try:
                copy_file(live, self.tmp)
                shutil.copymode(live, self.tmp)
            except BaseException:  # a full disk: no partial copy is left behind
                self.discard()
                raise
        lb = _import_ladybug()
        try:
            self.db = lb.Database(
                str(self.tmp),
                buffer_pool_size=store.write_buffer,
                checkpoint_threshold=min(CHECKPOINT_BYTES, store.write_buffer // 4),
            )
            self.conn = lb.Connection(self.db)
        except RuntimeError as err:
            self.discard()
            raise StoreError(f"{live}: cannot open the store for writing ({_first(err)})") from None
        store._migrate(self.conn)

    def run(self, text: LiteralString, params: Mapping[str, Any] | None = None) -> list[list[Any]]:
        return _all(_execute(self.conn, text, params))

    def commit(self) -> None:
        self.conn.execute("CHECKPOINT")
        self._close()
        with open(self.tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self.tmp, self.store.path)
        dir_fd = os.open(self.store.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        for extra in glob.glob(glob.escape(str(self.tmp)) + "*"):
            if not Path(extra).is_dir():
                Path(extra).unlink(missing_ok=True)

    def _close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        with contextlib.suppress(Exception):
            self.db.close()

    def discard(self) -> None:
        if hasattr(self, "db"):
            self._close()
        for extra in glob.glob(glob.escape(str(self.tmp)) + "*"):
            if not Path(extra).is_dir():
                Path(extra).unlink(missing_ok=True)


class LadybugWriter(Writer):
    """Writes a load into the session's copy; commit renames it over the store.

    Rows that exist already (in tables that held rows when the load began) are read
    back one key seek each, merged in Python exactly as the other stores merge, and
    set at once with ``LOAD FROM``. New rows are staged per table and written with one
    statement per table at commit (``COPY``, or ``LOAD FROM … CREATE`` for fewer than
    :data:`COPY_MIN_ROWS` nodes), after every duplicate among them is folded: so a load
    costs about what a bulk import costs, whatever its batch size.
    """

    def __init__(self, store: LadybugStore, batch_size: int, replace: bool = False) -> None:
        super().__init__(batch_size)
        _return_large_buffers()
        self.store = store
        store.lock.acquire()
        try:
            store._close_reader()
            store._remove_orphans()
            # replace: write into an empty database that takes the store's place on commit.
            self.session = _Session(store, empty=replace)
            if replace and store.path.exists():
                shutil.copymode(store.path, self.session.tmp)
            self.stage_dir = Path(str(self.session.tmp) + ".stage")
            self.stage_dir.mkdir()
        except BaseException:
            if hasattr(self, "session"):  # a full disk after the copy: remove it too
                self.session.discard()
            store.lock.release()
            raise
        # A table empty when the load began holds nothing a row of this load can merge
        # into: its rows skip the read-back (duplicates within the load fold at commit).
        self._had_rows = {
            **{n.label: self._count(q.count_nodes(n.label)) > 0 for n in SCHEMA.nodes},
            **{r.type: self._count(q.count_rels(r.type)) > 0 for r in SCHEMA.rels},
            q.NAME_TABLE: self._count(q.COUNT_NAMES) > 0,
        }
        self._stages: dict[str, _Stage] = {}
        self._done = False

    def _count(self, text: LiteralString) -> int:
        return int(self.session.run(text)[0][0])

    def _stage(self, table: str, batch: Any) -> None:
        if table not in self._stages:
            self._stages[table] = _Stage(self.stage_dir, table)
        self._stages[table].add(batch)

    def _read_back(self, text: LiteralString, name: str, keys: list[Any]) -> Iterator[list[Any]]:
        """The rows of ``text`` for ``keys`` (its parameter ``name``), :data:`READ_CHUNK`
        keys a query: the engine's memory for one query grows with its list of keys."""
        for i in range(0, len(keys), READ_CHUNK):
            yield from self.session.run(text, {name: keys[i : i + READ_CHUNK]})

    def _write(self, nodes: list[Node], rels: list[Rel]) -> None:
        try:
            self._write_nodes(nodes)
            self._write_names(nodes)
            self._write_rels(rels)
        except RuntimeError as err:
            raise StoreError(f"{self.store.path}: the write failed ({_first(err)})") from None

    def _write_nodes(self, nodes: list[Node]) -> None:
        # A table empty when the load began: rows are staged as they come, and one written
        # twice is folded at commit with every other repeat (a key per row less to keep).
        staged: dict[str, list[Props]] = defaultdict(list)
        by_label: dict[str, dict[str, Props]] = defaultdict(dict)
        for n in nodes:
            if not self._had_rows[n.label]:
                staged[n.label].append(n.props)
                continue
            seen = by_label[n.label].get(n.id)
            by_label[n.label][n.id] = n.props if seen is None else merge_props(seen, n.props)
        for label, by_id in by_label.items():
            cols = q.node_columns(label)
            old: dict[str, Props] = {}
            if self._had_rows[label]:
                for row in self._read_back(q.node_read(label), "ids", list(by_id)):
                    props = {c: to_python(v) for c, v in zip(cols, row, strict=True)}
                    old[row[0]] = {k: v for k, v in props.items() if v is not None}
            fresh = [p for i, p in by_id.items() if i not in old]
            merged = [(old[i], merge_props(old[i], p)) for i, p in by_id.items() if i in old]
            changed, sets = _changes(cols, merged)
            if fresh:
                self._stage(label, _arrow(label, cols, fresh))
            if changed:
                table = _arrow(label, ("id", *sets), [merged[k][1] for k in changed])
                self.session.run(q.node_update(label, sets), {"t": table})
        for label, rows in staged.items():
            self._stage(label, _arrow(label, q.node_columns(label), rows))

    def _write_names(self, nodes: list[Node]) -> None:
        wanted: dict[str, set[str]] = defaultdict(set)
        for n in nodes:
            if n.label in LOOKUP_LABELS:
                for name in n.props.get("match_names") or ():
                    wanted[name].add(n.id)
        if not wanted:
            return
        old: dict[str, list[str]] = {}
        if self._had_rows[q.NAME_TABLE]:
            found = self._read_back(q.NAME_READ, "names", list(wanted))
            old = {r[0]: list(r[1] or []) for r in found}
        fresh = [(k, sorted(v)) for k, v in wanted.items() if k not in old]
        changed = [
            (k, sorted(set(old[k]) | v))
            for k, v in wanted.items()
            if k in old and not v <= set(old[k])
        ]
        if fresh:
            self._stage(q.NAME_TABLE, _names_arrow(fresh))
        if changed:
            self.session.run(q.NAME_UPDATE, {"t": _names_arrow(changed)})

    def _write_rels(self, rels: list[Rel]) -> None:
        staged: dict[str, list[Rel]] = defaultdict(list)
        by_type: dict[str, dict[tuple[str, str], Props]] = defaultdict(dict)
        for r in rels:
            if not self._had_rows[r.type]:  # as for nodes: repeats fold at commit
                staged[r.type].append(r)
                continue
            pair = (r.start, r.end)
            seen = by_type[r.type].get(pair)
            by_type[r.type][pair] = r.props if seen is None else merge_props(seen, r.props)
        for type_, by_pair in by_type.items():
            cols = q.rel_columns(type_)
            old: dict[tuple[str, str], Props] = {}
            if self._had_rows[type_]:
                side = 0 if q.rel_read_by_start(type_) else 1
                seeks = sorted({pair[side] for pair in by_pair})
                for row in self._read_back(q.rel_read(type_), "ids", seeks):
                    if (row[0], row[1]) not in by_pair:  # another relationship of that node
                        continue
                    props = {c: to_python(v) for c, v in zip(cols, row[2:], strict=True)}
                    old[(row[0], row[1])] = {k: v for k, v in props.items() if v is not None}
            fresh = [(pair, p) for pair, p in by_pair.items() if pair not in old]
            pairs = [pair for pair in by_pair if pair in old]
            merged = [(old[pair], merge_props(old[pair], by_pair[pair])) for pair in pairs]
            changed, sets = _changes(cols, merged)
            if fresh:
                self._stage(type_, _rel_arrow(type_, cols, fresh))
            if changed:
                rows = [(pairs[k], merged[k][1]) for k in changed]
                table = _rel_arrow(type_, sets, rows).rename_columns(["s", "e", *sets])
                self.session.run(q.rel_update(type_, sets), {"t": table})
        for type_, group in staged.items():
            ends = ([r.start for r in group], [r.end for r in group])
            self._stage(type_, _arrow(type_, q.rel_columns(type_), [r.props for r in group], ends))

    def _copy_staged(self) -> None:
        """One COPY per table: nodes, then names, then relationships (their ends exist).

        The engine lets go of Python's lock while it copies, so each COPY runs on a second
        thread while this one reads and folds the next table's staged rows, which otherwise
        waited for it. COPYs still run one at a time and in order.
        """
        from concurrent.futures import ThreadPoolExecutor

        order = [n.label for n in SCHEMA.nodes] + [q.NAME_TABLE] + [r.type for r in SCHEMA.rels]
        running: tuple[str, Any, Future[list[list[Any]]]] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sanctiongraph-copy") as pool:
            for table in order:
                stage = self._stages.pop(table, None)
                rows = _folded(table, stage.read()) if stage is not None else None
                if running is not None:
                    self._copied(*running)
                    running = None
                if rows is not None:
                    running = (
                        table,
                        rows,
                        pool.submit(self.session.run, _copy(table, len(rows)), {"t": rows}),
                    )
            if running is not None:
                self._copied(*running)

    def _copied(self, table: str, rows: Any, done: Future[list[list[Any]]]) -> None:
        try:
            done.result()
        except RuntimeError as err:
            raise self._explain_copy(table, rows, err) from None

    def _explain_copy(self, table: str, rows: Any, err: RuntimeError) -> Exception:
        """A relationship whose end is in no table is the loader's error: name it."""
        m = re.search(r"Unable to find primary key value (.*?)\.?$", _first(err))
        if m and table in {r.type for r in SCHEMA.rels}:
            missing = m.group(1)
            for row in rows.to_pylist():
                if missing in (row["from"], row["to"]):
                    return SchemaError(f"{table} {row['from']} -> {row['to']}: no node {missing}")
        return StoreError(f"{self.store.path}: the write failed ({_first(err)})")

    def _commit(self) -> None:
        try:
            self._copy_staged()
            self.session.commit()
        except BaseException:
            self._rollback()
            raise
        finally:
            if not self._done:
                self._done = True
                shutil.rmtree(self.stage_dir, ignore_errors=True)
                self.store.lock.release()

    def _rollback(self) -> None:
        if self._done:
            return
        try:
            self._stages.clear()
            self.session.discard()
            shutil.rmtree(self.stage_dir, ignore_errors=True)
        finally:
            self._done = True
            self.store.lock.release()


def _folded(table: str, rows: Any) -> Any:
    """A table's staged rows with the rows staged more than once under one key folded."""
    if rows is None:
        return None
    if table == q.NAME_TABLE:
        return _fold_duplicates(rows, ("name",), _fold_names)
    if table in SCHEMA.labels:
        cols = q.node_columns(table)
        return _fold_duplicates(rows, ("id",), lambda rs: _arrow(table, cols, rs))
    return _fold_duplicates(rows, ("from", "to"), lambda rs: _rel_arrow_rows(table, rs))


def _copy(table: str, rows: int) -> LiteralString:
    """The statement that writes a table's new rows ``$t`` (see :data:`COPY_MIN_ROWS`).

    Relationships are always copied: their COPYs hold far less (20 MB for the six
    relationship tables of that list together)."""
    bulk = rows >= COPY_MIN_ROWS
    if table == q.NAME_TABLE:
        return q.NAME_COPY if bulk else q.NAME_CREATE
    if table in SCHEMA.labels:
        return q.node_copy(table) if bulk else q.node_create(table)
    return q.rel_copy(table)


def _changes(
    columns: tuple[str, ...], pairs: list[tuple[Props, Props]]
) -> tuple[list[int], tuple[str, ...]]:
    """The (old, new) rows of ``pairs`` that change a column (keys that are no column
    are not kept), by position, and the columns (but a node's key) they change, in
    table order: all an update needs to set (see ``lbug_cypher.node_update``).

    >>> old = {"id": "a", "name": "A", "sources": ["s1"]}
    >>> _changes(("id", "name", "sources"), [(old, old), (old, {**old, "sources": ["s2"]})])
    ([1], ('sources',))
    """
    rows: list[int] = []
    changed: set[str] = set()
    for k, (old, new) in enumerate(pairs):
        differ = [c for c in columns if old.get(c) != new.get(c)]
        if differ:
            rows.append(k)
            changed.update(differ)
    return rows, tuple(c for c in columns if c in changed and c != "id")


def _rel_arrow(type_: str, cols: tuple[str, ...], rows: list[tuple[tuple[str, str], Props]]) -> Any:
    """Relationships given as ((from, to), properties)."""
    ends = ([pair[0] for pair, _ in rows], [pair[1] for pair, _ in rows])
    return _arrow(type_, cols, [p for _, p in rows], ends)


def _rel_arrow_rows(type_: str, rows: list[Props]) -> Any:
    """Relationships given as rows with ``from`` and ``to`` among their properties."""
    ends = ([r["from"] for r in rows], [r["to"] for r in rows])
    return _arrow(type_, q.rel_columns(type_), rows, ends)


def _names_arrow(rows: list[tuple[str, list[str]]]) -> Any:
    """The name look-up table's rows: (normalised name, ids of the nodes with it)."""
    import pyarrow as pa

    return pa.table(
        {
            "name": pa.array([name for name, _ in rows], pa.string()),
            "ids": pa.array([ids for _, ids in rows], pa.list_(pa.string())),
        }
    )


def _fold_names(rows: list[Props]) -> Any:
    return _names_arrow([(r["name"], sorted(set(r.get("ids") or []))) for r in rows])


def _execute(
    conn: ladybug.Connection, text: str, params: Mapping[str, Any] | None = None
) -> ladybug.QueryResult:
    """One statement's result (the engine returns a list for several statements,
    which none of ours are; a user's text with several is refused)."""
    result = conn.execute(text, dict(params or {}))
    if isinstance(result, list):
        for r in result:
            r.close()
        raise StoreError("run one statement at a time")
    return result


# Where the engine looks for extensions (INSTALL, LOAD EXTENSION by name) and for files
# named by a relative path: a folder that cannot exist, so that if the allow-list in
# graph/containment.py ever let such a statement through, the engine would find nothing
# and download nothing (defence in depth; absolute paths are refused by the allow-list only).
_NOWHERE = "/proc/self/nonexistent-sanctiongraph"


def _contain(conn: ladybug.Connection) -> None:
    """Settings for a connection that runs a user's query (see _NOWHERE)."""
    conn.execute(f"CALL home_directory='{_NOWHERE}'")
    conn.execute(f"CALL file_search_path='{_NOWHERE}'")


def _all(result: ladybug.QueryResult) -> list[list[Any]]:
    """Every row as a list of values, in column order."""
    return [r if isinstance(r, list) else list(r.values()) for r in result.get_all()]


def _known_label(id_: str) -> bool:
    from sanctiongraph.graph.records import SchemaError, label_of

    try:
        label_of(id_)
    except SchemaError:
        return False
    return True


def _first(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


# Neo4j 5 constructs LadybugDB spells differently: (pattern, the rewrite to suggest).
DIALECT_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(all)?shortestPath\s*\(", re.I),
        "use a recursive pattern: MATCH p = (a)-[* SHORTEST 1..6]-(b)",
    ),
    (re.compile(r"\bduration\.", re.I), "subtract dates instead: date(b) - date(a) is days"),
    (
        re.compile(r"\.\s*(year|month|day)\b", re.I),
        "use date_part('year', d) instead of d.year",
    ),
    (re.compile(r"\blabels\s*\(", re.I), "use label(n), which returns one string"),
    (re.compile(r"\btype\s*\(", re.I), "use label(r) for a relationship's type"),
    (
        re.compile(r"\[\s*\w+\s+IN\s+[^\]]*\|", re.I),
        "list comprehensions are list_transform(list, x -> …) and list_filter(list, x -> …)",
    ),
    (re.compile(r"\bCALL\s*\(", re.I), "CALL (x) { … } subqueries: use WITH and OPTIONAL MATCH"),
)


def _advice(text: str) -> str:
    """How LadybugDB spells the Neo4j-only constructs ``text`` uses, if any."""
    hints = [hint for pattern, hint in DIALECT_HINTS if pattern.search(text)]
    return f" (LadybugDB Cypher differs from Neo4j's here: {'; '.join(hints)})" if hints else ""


class LadybugStore(Store):
    """The knowledge graph in a LadybugDB file (see the module docstring)."""

    backend = "embedded"
    dialect = "ladybug"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        limits: Limits | None = None,
        lock_timeout: float = 600.0,
        read_buffer_mb: int | None = None,
        write_buffer_mb: int | None = None,
        batch_size: int = DEFAULT_BATCH,
        isolate: bool = True,
    ) -> None:
        # Ad-hoc Cypher runs in a child process under the memory limit (graph/bounded.py);
        # that child opens the store with isolate=False.
        self.isolate = isolate
        # Writes replace the file by renaming: follow a symbolic link so the link
        # keeps pointing at the store rather than being replaced by a file.
        self.path = Path(os.path.realpath(Path(path).expanduser()))
        self.limits = limits or Limits()
        self.batch_size = batch_size
        # The engine's page cache. It is reserved, not used: a query touches the pages it
        # reads (a few for an anchored one), while a global aggregation at a million
        # entities needs more than 512 MB of it.
        self.read_buffer = (read_buffer_mb or default_buffer_mb()) * 1024 * 1024
        self.write_buffer = (write_buffer_mb or default_buffer_mb()) * 1024 * 1024
        self.lock = WriteLock(self.path, lock_timeout)
        self._db: ladybug.Database | None = None
        self._conn: ladybug.Connection | None = None
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; the embedded store is one file")
        _refuse_special(self.path)
        if is_json_store(self.path):
            raise StoreError(
                f"{self.path} is a store of an earlier sanctiongraph (one JSON file); convert it "
                f"once with: {CONVERT_HINT.format(path=self.path)}"
            )

    # -- opening -----------------------------------------------------------------

    def _reader(self) -> ladybug.Connection:
        if self._conn is not None:
            return self._conn
        if not self.path.exists():
            with self.writer(1):
                pass  # creates the tables; an empty store answers every query
        lb = _import_ladybug()
        try:
            db = lb.Database(str(self.path), read_only=True, buffer_pool_size=self.read_buffer)
            conn: ladybug.Connection = lb.Connection(db)
        except RuntimeError as err:
            raise StoreError(f"{self.path}: not a sanctiongraph store ({_first(err)})") from None
        meta = self._meta(conn)
        if meta.get("format") != q.FORMAT:
            conn.close()
            db.close()
            raise StoreError(
                f"{self.path}: not a sanctiongraph store of this version "
                f"(format {meta.get('format')!r}, expected {q.FORMAT!r})"
            )
        if meta.get("schema") != q.schema_fingerprint():
            # Written by a sanctiongraph with an older model: add what is missing.
            conn.close()
            db.close()
            with self.writer(1):
                pass
            return self._reader()
        self._db, self._conn = db, conn
        return conn

    def _meta(self, conn: ladybug.Connection) -> dict[str, str]:
        try:
            return {str(k): str(v) for k, v in _all(_execute(conn, q.META_READ))}
        except RuntimeError:
            return {}

    def _close_reader(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._db.close()
        self._db, self._conn = None, None

    def _remove_orphans(self) -> None:
        """Copies left by a writer that was killed: only the lock holder calls this."""
        pattern = glob.escape(str(self.path.with_name(f".{self.path.name}."))) + "*.tmp*"
        for orphan in glob.glob(pattern):
            if Path(orphan).is_dir():
                shutil.rmtree(orphan, ignore_errors=True)
            else:
                Path(orphan).unlink(missing_ok=True)

    def _migrate(self, conn: ladybug.Connection) -> None:
        """Create missing tables and columns, then stamp. The model only grows, but for
        the provenance of a relationship the schema came to cite by an end node."""
        existing = {str(r[0]) for r in _all(_execute(conn, q.TABLES))}
        if existing and q.META_TABLE not in existing:
            raise StoreError(f"{self.path}: a LadybugDB database, but not a sanctiongraph store")
        meta = self._meta(conn) if existing else {}
        if meta and meta.get("format") != q.FORMAT:
            raise StoreError(
                f"{self.path}: store format {meta.get('format')!r}; this sanctiongraph "
                f"writes {q.FORMAT!r}"
            )
        if meta.get("schema") == q.schema_fingerprint():
            return
        for statement in q.ddl():
            conn.execute(statement)
        for n in SCHEMA.nodes:
            have = {str(r[0]) for r in _all(_execute(conn, q.table_info(n.label)))}
            for p in n.props:
                if p.name not in have:
                    conn.execute(q.add_column(n.label, p))
        for r in SCHEMA.rels:
            have = {str(x[0]) for x in _all(_execute(conn, q.table_info(r.type)))}
            for p in r.props:
                if p.name not in have:
                    conn.execute(q.add_column(r.type, p))
            if r.cited_by is not None:  # cited by an end node now: its own copy goes
                for column in sorted(have & {p.name for p in PROVENANCE}):
                    conn.execute(q.drop_column(r.type, column))
        conn.execute(q.META_WRITE, {"key": "format", "value": q.FORMAT})
        conn.execute(q.META_WRITE, {"key": "schema", "value": q.schema_fingerprint()})

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the write lock across reads and a write (cross-list matching reads the
        entities it merges into: no other load may commit in between)."""
        with self.lock:
            self._close_reader()  # a reader opened before the lock may be stale
            yield

    def close(self) -> None:
        self._close_reader()

    # -- writing -----------------------------------------------------------------

    def writer(self, batch_size: int | None = None) -> LadybugWriter:
        self._close_reader()
        return LadybugWriter(self, batch_size or self.batch_size)

    def replacing_writer(self) -> LadybugWriter:
        """A writer whose load replaces the whole store on commit (and changes nothing if
        it fails): for re-deriving the graph from its sources (``sanctiongraph rebuild``)."""
        self._close_reader()
        return LadybugWriter(self, self.batch_size, replace=True)

    # -- reading -----------------------------------------------------------------

    def _read_all(self, text: LiteralString, params: Mapping[str, Any]) -> list[Row]:
        return self._bulk(text, params)

    def _bulk(self, text: LiteralString, params: Mapping[str, Any]) -> list[Row]:
        """Every row of one of our bookkeeping reads, taken as Arrow columns: a
        million rows in seconds where reading them one at a time takes a minute.
        Strings, numbers and lists of them come as they are; other values (dates)
        as the row-at-a-time reads give them."""
        import pyarrow as pa

        conn = self._reader()
        conn.set_query_timeout(0)
        try:
            result = _execute(conn, text, params)
        except RuntimeError as err:
            raise self._explain(err, text) from None
        try:
            table = result.get_as_arrow(READ_CHUNK * 20)
        except RuntimeError as err:
            raise self._explain(err, text) from None
        finally:
            result.close()
        plain = (pa.types.is_string, pa.types.is_large_string, pa.types.is_integer,
                 pa.types.is_floating, pa.types.is_boolean, pa.types.is_null)  # fmt: skip
        columns: dict[str, list[Any]] = {}
        for name, column in zip(table.column_names, table.columns, strict=True):
            kind = column.type.value_type if pa.types.is_list(column.type) else column.type
            values = column.to_pylist()
            if not any(test(kind) for test in plain):
                values = [to_python(v) for v in values]
            columns[name] = values
        names = list(columns)
        return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]

    def _rows(
        self,
        text: LiteralString,
        params: Mapping[str, Any],
        *,
        limited: bool = True,
        adhoc: bool = False,
    ) -> list[Row]:
        """Run read-only text; under the limits unless ``limited`` is off (our own
        bookkeeping reads, which are bounded by the graph, not by a user's pattern)."""
        conn = self._reader()
        if adhoc:
            _contain(conn)
        conn.set_query_timeout(int(self.limits.query_timeout * 1000) if limited else 0)
        try:
            result = _execute(conn, text, params)
        except RuntimeError as err:
            raise self._explain(err, text) from None
        return self._stream(result, text, self.limits.max_rows if limited else None)

    def _stream(self, result: ladybug.QueryResult, text: str, cap: int | None) -> list[Row]:
        """The result's rows, one at a time; past ``cap`` rows the query is stopped."""
        columns = result.get_column_names()
        rows: list[Row] = []
        try:
            while result.has_next():
                if cap is not None and len(rows) >= cap:
                    raise StoreError(
                        f"the query returned more than {cap:,} rows; add LIMIT, or raise "
                        "SANCTIONGRAPH_MAX_ROWS"
                    )
                values = result.get_next()
                rows.append({c: to_python(v) for c, v in zip(columns, values, strict=True)})
        except StoreError:
            raise
        except RuntimeError as err:
            raise self._explain(err, text) from None
        finally:
            result.close()
        return rows

    def _explain(self, err: RuntimeError, text: str) -> StoreError:
        message = _first(err)
        if "interrupt" in message.lower() or "timeout" in message.lower():
            return StoreError(
                f"the query ran longer than {self.limits.query_timeout:g} s and was stopped; "
                "narrow it, or raise the limit with --timeout or SANCTIONGRAPH_QUERY_TIMEOUT"
            )
        if "buffer pool is full" in message.lower():
            from sanctiongraph.graph.bounded import memory_message

            return StoreError(memory_message(self.limits.query_memory_mb))
        if "read-only" in message.lower():
            return StoreError("this query writes, and queries run read-only; add --write")
        return StoreError(f"LadybugDB refused the query: {message}{_advice(text)}")

    def read(self, text: LiteralString, params: Mapping[str, Any]) -> list[Row]:
        return self._rows(text, params)

    def cypher(self, text: str, params: Mapping[str, Any], write: bool = False) -> list[Row]:
        from sanctiongraph.graph.containment import Refused

        try:
            return super().cypher(text, params, write)
        except Refused as err:
            # A Neo4j-only construct (shortestPath, labels(), …) is refused by the
            # allow-list before the engine sees it: still name its rewrite here.
            raise Refused(f"{err}{_advice(text)}") from None

    def _cypher(self, text: str, params: Mapping[str, Any], write: bool) -> list[Row]:
        if self.isolate:
            # In a process of its own, under the memory limit (see graph/bounded.py).
            from sanctiongraph.graph import bounded

            spec = {"backend": "embedded", "path": str(self.path),
                    "lock_timeout": self.lock.timeout}  # fmt: skip
            return bounded.run(spec, text, params, write, self.limits)
        # Ad-hoc Cypher is the user's own query by design, checked against the allow-list
        # by Store.cypher; values still go as parameters.
        query: LiteralString = text
        if not write:
            return self._rows(query, params, adhoc=True)
        w = self.writer(1)
        with w:
            conn = w.session.conn
            _contain(conn)
            conn.set_query_timeout(int(self.limits.query_timeout * 1000))
            try:
                result = _execute(conn, query, params)
            except RuntimeError as err:
                raise self._explain(err, text) from None
            # Over the row limit the write fails as a read does, and is rolled back
            # with it, rather than kept with its rows silently trimmed.
            rows = self._stream(result, text, self.limits.max_rows)
        return rows

    def stats(self) -> dict[str, Any]:
        nodes = {n.label: self._count(q.count_nodes(n.label)) for n in SCHEMA.nodes}
        rels = {r.type: self._count(q.count_rels(r.type)) for r in SCHEMA.rels}
        nodes = {k: v for k, v in sorted(nodes.items()) if v}
        rels = {k: v for k, v in sorted(rels.items()) if v}
        return {
            "backend": self.backend,
            "location": str(self.path),
            "nodes": nodes,
            "relationships": rels,
            "total_nodes": sum(nodes.values()),
            "total_relationships": sum(rels.values()),
        }

    def _count(self, text: LiteralString) -> int:
        rows = self._rows(text, {}, limited=False)
        return int(next(iter(rows[0].values())))

    def _node_rows(self, label: str, text: LiteralString, params: Mapping[str, Any]) -> list[Props]:
        cols = q.node_columns(label)
        out = []
        for row in self._rows(text, params, limited=False):
            props = {c: v for c, v in zip(cols, row.values(), strict=True) if v is not None}
            out.append(props)
        return out

    def _rel_rows(
        self, type_: str, text: LiteralString, params: Mapping[str, Any]
    ) -> list[tuple[str, str, Props]]:
        cols = q.rel_columns(type_)
        out = []
        for row in self._rows(text, params, limited=False):
            values = list(row.values())
            props = {c: v for c, v in zip(cols, values[2:], strict=True) if v is not None}
            out.append((values[0], values[1], props))
        return out

    def to_networkx(self) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        for n in SCHEMA.nodes:
            for props in self._node_rows(n.label, q.all_nodes(n.label), {}):
                g.add_node(props["id"], label=n.label, **props)
        for r in SCHEMA.rels:
            for start, end, props in self._rel_rows(r.type, q.all_rels(r.type), {}):
                g.add_edge(start, end, key=r.type, type=r.type, **props)
        return g

    def subgraph(self, seeds: list[str], hops: int) -> nx.MultiDiGraph:
        """The nodes within ``hops`` steps of ``seeds`` and every relationship among them,
        read from the database, never the whole graph. A hub (see ``Store.HUBS``) that is
        not a seed is included but not walked through."""
        from sanctiongraph.graph.records import label_of

        ids = {s for s in seeds if _known_label(s)}
        frontier = set(ids)
        for _ in range(hops):
            frontier = {i for i in frontier if i in seeds or label_of(i) not in self.HUBS}
            found: set[str] = set()
            for r in SCHEMA.rels:
                for outgoing, label in ((True, r.start), (False, r.end)):
                    group = [i for i in frontier if label_of(i) == label]
                    if not group:
                        continue
                    if len(group) <= SEEK_MAX:
                        text = q.neighbour_ids_of(r.type, outgoing)
                        for i in group:
                            rows = self._rows(text, {"id": i}, limited=False)
                            found.update(str(next(iter(x.values()))) for x in rows)
                    else:
                        text = q.neighbour_ids(r.type, outgoing)
                        rows = self._rows(text, {"ids": group}, limited=False)
                        found.update(str(next(iter(x.values()))) for x in rows)
            frontier = found - ids
            ids |= found
        return self.induced(sorted(ids))

    def induced(self, ids: list[str]) -> nx.MultiDiGraph:
        """The given nodes and the relationships among them.

        Up to ``SEEK_MAX`` ids, each is read by its key (an index seek), and each
        relationship from the end that is not a hub (a hub's relationships may be
        counted in hundreds of thousands); beyond, a label's or type's table is read
        once for all of them."""
        import networkx as nx

        from sanctiongraph.graph.records import label_of

        g = nx.MultiDiGraph()
        by_label: dict[str, list[str]] = defaultdict(list)
        for i in ids:
            by_label[label_of(i)].append(i)
        seek = len(ids) <= SEEK_MAX
        for label, group in by_label.items():
            if seek:
                text = q.node_by_id(label)
                rows = [p for i in group for p in self._node_rows(label, text, {"id": i})]
            else:
                rows = self._node_rows(label, q.nodes_by_ids(label), {"ids": group})
            for props in rows:
                g.add_node(props["id"], label=label, **props)
        wanted = set(ids)
        for r in SCHEMA.rels:
            starts = by_label.get(r.start)
            ends = by_label.get(r.end)
            if not starts or not ends:
                continue
            if seek and not (r.start in self.HUBS and r.end in self.HUBS):
                outgoing = r.start not in self.HUBS and (
                    r.end in self.HUBS or len(starts) <= len(ends)
                )
                text = q.rels_of(r.type, outgoing)
                rels = [
                    row
                    for i in (starts if outgoing else ends)
                    for row in self._rel_rows(r.type, text, {"id": i})
                    if (row[1] if outgoing else row[0]) in wanted
                ]
            else:
                rels = self._rel_rows(r.type, q.rels_among(r.type), {"ids": ids})
            for start, end, props in rels:
                g.add_edge(start, end, key=r.type, type=r.type, **props)
        return g

    def lookup(self, label: str, text: str, normalised: str | None) -> list[Row]:
        hits = self._rows(q.lookup_key(label), {"text": text}, limited=False)
        if hits or not normalised:
            return hits
        if label not in LOOKUP_LABELS:
            return self._rows(q.lookup_scan(label), {"norm": normalised}, limited=False)
        found = self._rows(q.NAME_LOOKUP, {"norm": normalised}, limited=False)
        prefix = label.lower() + ":"
        ids = [i for i in (found[0]["x.ids"] if found else []) or [] if i.startswith(prefix)]
        if not ids:
            return []
        return self._rows(q.lookup_ids(label), {"ids": ids, "norm": normalised}, limited=False)

    def names(self, label: str) -> list[Row]:
        return self._rows(q.names(label), {}, limited=False)

    def sources_dated(self) -> list[Row]:
        # A row at a time: a store holds a Source a file, and the Arrow read would import
        # pyarrow (0.15 s of CPU, most of what `changes` spends outside its own work).
        from sanctiongraph.graph import cypher

        return self._rows(cypher.SOURCES_DATED, {}, limited=False)

    def listings_citing(self, sources: Sequence[str]) -> list[Row]:
        if not sources:  # the engine cannot type an empty list for list_has_any
            return []
        return self._read_all(q.LISTINGS_CITING, {"ids": list(sources)})

    def entities(self, props: tuple[str, ...]) -> Iterator[Row]:
        for row in self._bulk(q.entity_props(props), {}):
            values = list(row.values())
            yield {"id": values[0], **dict(zip(props, values[1:], strict=True))}

    def entities_by_id(self, ids: Collection[str], props: tuple[str, ...]) -> Iterator[Row]:
        if not ids:
            return
        # Key look-ups, a row at a time: few rows, and no Arrow to import for them.
        for row in self._rows(q.entity_props_by_ids(props), {"ids": sorted(ids)}, limited=False):
            values = list(row.values())
            yield {"id": values[0], **dict(zip(props, values[1:], strict=True))}

    def seats_of(self, ids: Collection[str]) -> Iterator[tuple[str, str]]:
        if ids:
            for row in self._rows(q.SEATS_OF, {"ids": sorted(ids)}, limited=False):
                if row.get("code"):
                    yield str(row["id"]), str(row["code"])

    def addresses_of(self, ids: Collection[str]) -> Iterator[tuple[str, str, str | None]]:
        if ids:
            for row in self._rows(q.ADDRESSES_OF, {"ids": sorted(ids)}, limited=False):
                if row.get("address"):
                    city = row.get("city")
                    yield str(row["id"]), str(row["address"]), str(city) if city else None

    def listings_mentioning_of(
        self, ids: Collection[str], programme: Sequence[str], reference: Sequence[str]
    ) -> Iterator[Row]:
        # Every listing of these few entities, the words tested here as the engine's
        # CONTAINS tests them (a missing value contains nothing).
        if not ids:
            return
        for row in self._rows(q.LISTINGS_OF, {"ids": sorted(ids)}, limited=False):
            if row.get("listing") is None:  # an entity with no listing (OPTIONAL MATCH)
                continue
            prog, ref = row.get("programme") or "", row.get("reference") or ""
            if any(w in prog for w in programme) or any(w in ref for w in reference):
                yield {k: row[k] for k in ("id", "programme", "reference")}

    def holders(self, records: Collection[str]) -> Iterator[tuple[str, list[str]]]:
        # A row at a time, keeping only the matches: filtering in the engine (list_has_any
        # against the records) took 1 s of CPU on all shared files where this takes 0.05,
        # and an Arrow read of every entity needs pyarrow imported (0.1 s, 40 MB).
        wanted = records if isinstance(records, set | frozenset) else set(records)
        if not wanted:
            return
        conn = self._reader()
        conn.set_query_timeout(0)
        text = q.entity_props(("records",))
        try:
            result = _execute(conn, text, {})
        except RuntimeError as err:
            raise self._explain(err, text) from None
        try:
            while result.has_next():
                eid, held = result.get_next()
                if held and not wanted.isdisjoint(held):
                    yield str(eid), [str(r) for r in held]
        except RuntimeError as err:
            raise self._explain(err, text) from None
        finally:
            result.close()
