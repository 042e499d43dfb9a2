"""Entity profiles kept from one load to the next, by what the entity's row says.

A load matches its records against every entity of the store, so it needs each
entity's :class:`~sanctiongraph.resolution.evidence.Profile`: name keys (rigour's
name analysis and transliteration), normalised identifiers, and the name blocks
where close names meet. Computing them was most of what a new edition cost in a
full store (on the 19,861 entities of every shared file, 6 s of CPU for a 1,093-entry
UN edition that takes 4 s to load into an empty store), and it was computed again by
every load for entities no load had changed.

A profile is a pure function of the entity's row (:data:`MATCH_PROPS`) and of the
code that reads it, so it is kept under a digest of the row's values, in a SQLite
file beside the store (``<store>.profiles.sqlite``): an entity a load changed has
another row, hence another digest, and is read afresh; nothing is ever stale, and
no load must update the file for the next one to be right. The file names the
code it was computed with (a digest of this package's files and the versions of the
name libraries); when the code changes it starts empty. It is only a cache: a
missing, locked or damaged file costs the time to compute the profiles again,
never a different match (``tests/test_profile_cache.py`` checks the matcher reads
the same profiles either way).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

from sanctiongraph.resolution.evidence import Profile

# When the file holds this many times the entries a store's rows used, the unused
# ones (rows of entities a later load changed) are dropped: the file stays about the
# size of one store's entities.
_PRUNE_SLACK = 2.0


@cache
def code_digest() -> str:
    """A digest of the code a profile depends on: every file of this package (the
    readers of names and identifiers live in several of its modules, and a bundled
    table may change a key) and the versions of the name libraries under it."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc", ".pyo"):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    for dist in ("rigour", "normality"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=none".encode())
    h.update(f"{sys.version_info[:2]} {unicodedata.unidata_version}".encode())
    return h.hexdigest()


def row_digest(row: Mapping[str, Any], props: Iterable[str]) -> bytes:
    """A digest of what ``row`` says in ``props`` (not its id: the profile does not
    depend on it, and an entity keyed otherwise after a rebuild keeps its entry)."""
    values = {p: row.get(p) for p in props}
    return hashlib.blake2b(
        orjson.dumps(values, option=orjson.OPT_SORT_KEYS, default=str), digest_size=16
    ).digest()


def encode(p: Profile, blocks: Mapping[str, Iterable[str]]) -> bytes:
    """``p`` and the name blocks of its keys as JSON (sets as sorted lists)."""
    out: dict[str, Any] = {}
    for f in fields(p):
        value = getattr(p, f.name)
        if isinstance(value, set):
            value = sorted(value)
        elif isinstance(value, dict):
            value = {k: sorted(v) if isinstance(v, set) else v for k, v in value.items()}
        out[f.name] = value
    out["__blocks__"] = {k: sorted(v) for k, v in blocks.items()}
    return orjson.dumps(out)


def decode(data: bytes) -> tuple[Profile, dict[str, list[str]]]:
    """The profile and the name blocks :func:`encode` wrote."""
    raw = orjson.loads(data)
    blocks: dict[str, list[str]] = raw.pop("__blocks__")
    p = Profile()
    for f in fields(p):
        kept = raw[f.name]
        current = getattr(p, f.name)
        if isinstance(current, set):
            kept = set(kept)
        elif isinstance(current, dict):
            kept = {k: set(v) if isinstance(v, list) else v for k, v in kept.items()}
        setattr(p, f.name, kept)
    return p, blocks


class ProfileCache:
    """Profiles of entity rows, kept in the SQLite file at ``path``.

    Reading (:meth:`profiles`, as a load starts) never writes the file: a load that
    then fails leaves every file beside the store as it was. Only :meth:`fill`, once a
    load has committed, writes; it keeps what reading computed, so nothing is
    computed twice.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[bytes, bytes]:
        """The kept profiles by digest; none where the file is missing, unreadable or
        written by other code."""
        if not self.path.is_file():
            return {}
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
            try:
                found = db.execute("SELECT v FROM meta WHERE k = 'code'").fetchone()
                if found is None or found[0] != code_digest():
                    return {}
                return dict(db.execute("SELECT digest, data FROM profiles"))
            finally:
                db.close()
        except sqlite3.Error:
            return {}  # computed afresh: nothing else changes

    def _open(self, retry: bool = True) -> sqlite3.Connection | None:
        """The file for writing, emptied when other code wrote it."""
        try:
            db = sqlite3.connect(self.path, timeout=5)
            db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS profiles (digest BLOB PRIMARY KEY, data BLOB)")
            found = db.execute("SELECT v FROM meta WHERE k = 'code'").fetchone()
            if found is None or found[0] != code_digest():
                with db:
                    db.execute("DELETE FROM profiles")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (code_digest(),))
            return db
        except sqlite3.OperationalError:
            return None  # locked or unwritable: computed afresh, nothing else changes
        except sqlite3.DatabaseError:
            if not retry:
                return None
            # Not a database (damaged, or another file in its place): only a cache, so
            # it is started again rather than left to cost every later load.
            self.path.unlink(missing_ok=True)
            return self._open(retry=False)

    def profiles(
        self,
        rows: Iterable[Mapping[str, Any]],
        props: Iterable[str],
        compute: Callable[[Mapping[str, Any]], tuple[Profile, Mapping[str, Iterable[str]]]],
    ) -> Iterator[tuple[Mapping[str, Any], Profile, Mapping[str, Iterable[str]]]]:
        """Each row with its profile and blocks: kept ones where this file holds the
        row's digest, else ``compute(row)``'s (remembered for :meth:`fill`)."""
        props = tuple(props)
        known = self._read()
        pending = _PENDING.setdefault(self.path, {})
        for row in rows:
            digest = row_digest(row, props)
            data = known.get(digest)
            if data is not None:
                profile, blocks = decode(data)
                yield row, profile, blocks
                continue
            profile, made = compute(row)
            pending[digest] = encode(profile, made)
            yield row, profile, made

    def fill(
        self,
        rows: Iterable[Mapping[str, Any]],
        props: Iterable[str],
        compute: Callable[[Mapping[str, Any]], tuple[Profile, Mapping[str, Iterable[str]]]],
    ) -> int:
        """Keep the profiles of the ``rows`` this file does not hold yet (how many
        were computed): after a load, those of the entities it changed, so that the
        next load reads them instead of computing them."""
        props = tuple(props)
        pending = _PENDING.pop(self.path, {})
        db = self._open()
        if db is None:
            return 0
        try:
            known = {d for (d,) in db.execute("SELECT digest FROM profiles")}
            new: list[tuple[bytes, bytes]] = []
            current: set[bytes] = set()
            computed = 0
            for row in rows:
                digest = row_digest(row, props)
                current.add(digest)
                if digest in known:
                    continue
                data = pending.get(digest)
                if data is None:
                    data = encode(*compute(row))
                    computed += 1
                new.append((digest, data))
            with db:
                db.executemany("INSERT OR REPLACE INTO profiles VALUES (?, ?)", new)
                if len(known) + len(new) > _PRUNE_SLACK * max(len(current), 1):
                    # Mostly rows of entities since changed: keep this store's only.
                    stale = [(d,) for d in known if d not in current]
                    db.executemany("DELETE FROM profiles WHERE digest = ?", stale)
            return computed
        except sqlite3.Error:
            return 0  # computed by the next load instead
        finally:
            db.close()

    def some(self, digests: Iterable[bytes]) -> dict[bytes, bytes]:
        """The kept profiles of ``digests`` (those this file holds), read by key."""
        wanted = list(dict.fromkeys(digests))
        if not wanted or not self.path.is_file():
            return {}
        found: dict[bytes, bytes] = {}
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
            try:
                code = db.execute("SELECT v FROM meta WHERE k = 'code'").fetchone()
                if code is None or code[0] != code_digest():
                    return {}
                for i in range(0, len(wanted), 500):
                    chunk = wanted[i : i + 500]
                    marks = ",".join("?" * len(chunk))
                    found.update(
                        db.execute(
                            f"SELECT digest, data FROM profiles WHERE digest IN ({marks})", chunk
                        )
                    )
            finally:
                db.close()
        except sqlite3.Error:
            return {}
        return found

    def keep(self, made: Iterable[tuple[bytes, bytes]]) -> None:
        """Keep profiles computed elsewhere (digest, profile as :func:`encode` gives it): those
        of the entities a load changed, without reading the rows of the others."""
        db = self._open()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO profiles VALUES (?, ?)", made)
        except sqlite3.Error:
            pass  # computed by a later read instead
        finally:
            db.close()


# Profiles a read computed, by file and digest, until a fill of that file keeps them.
_PENDING: dict[Path, dict[bytes, bytes]] = {}
