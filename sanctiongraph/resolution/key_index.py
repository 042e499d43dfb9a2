"""The matcher's indexes kept beside the store, so that a load reads only the
entities its own records reach.

:meth:`~sanctiongraph.resolution.matching.Matcher.from_store` used to read every
entity of the store and index them all in memory before matching one record: a
new edition of a 1,000-entry list cost in proportion to the store, not to the
edition. This file (``<store>.keys.sqlite``) holds what that reading produced:

* ``ent``: each entity's profile as the matcher completes it (its row, the UN
  regimes its listings imply, its seat's country, its offices' addresses) and its
  primary names;
* ``keys``: (kind, key, entity) for every index of the matcher: records, list
  records, identifiers, name keys, name blocks, address fingerprints.

A load looks its targets' keys up here and fetches only the entities they name.

The file is right only for the store it was made from, so it carries a **stamp** of
the store's files (device, inode, size, modification and change times of the
database and of its write-ahead log): the embedded store renames a new copy over
its file at each commit, and any writer changes the times. The matcher trusts the
file only when the stamp is the store's as it starts; otherwise (a store written by
another command, a rebuild, a crash between commit and update, another process's
load) it reads the whole store as before and writes the file afresh. After a load
commits, the entities it changed (and only those) are read back from the store
and their rows replaced, in one SQLite transaction that also moves the stamp; it
happens only when the stamp still names the store the load started from and the
store has not been written since the load's own last commit. So the file is never
trusted for a state it did not see, and like the kept profiles it is only ever a
cache: missing, damaged, locked or foreign, it costs one full read of the store.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from sanctiongraph.resolution.addresses import fingerprint
from sanctiongraph.resolution.evidence import Profile
from sanctiongraph.resolution.judgements import list_record
from sanctiongraph.resolution.profile_cache import code_digest, decode, encode
from sanctiongraph.resolution.scorer import name_blocks

__all__ = ["Base", "KeyIndex", "keys_beside", "rows_of", "store_stamp"]

# Kinds of keys, one letter each (the matcher's indexes).
RECORD, LIST_RECORD, ID, NAME_KEY, BLOCK, ADDRESS = "r", "l", "i", "k", "b", "a"
# An identifier's scheme and value in one key column (neither holds this character:
# outputs and keys carry no control characters).
_SEP = "\x1f"
# The most of the file read through a memory map (SQLite caps it at its own limit, 2 GB
# by default); pages are mapped only as they are read.
_MAP_BYTES = 1 << 32


def keys_beside(store: Path) -> Path:
    """``graph.lbug`` → ``graph.lbug.keys.sqlite``, beside the file a link leads to."""
    real = Path(os.path.realpath(Path(store).expanduser()))
    return real.with_name(real.name + ".keys.sqlite")


def store_stamp(store: Path) -> str:
    """What changes whenever the store's files are written (see the module's text)."""
    real = Path(os.path.realpath(Path(store).expanduser()))
    parts = []
    for p in (real, real.with_name(real.name + ".wal")):
        try:
            st = p.stat()
        except OSError:
            parts.append("-")
            continue
        parts.append(f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}")
    return "|".join(parts)


def id_key(scheme: str, value: str) -> str:
    return f"{scheme}{_SEP}{value}"


Rows = Iterable[tuple[str, str, str]]  # (kind, key, entity)
Entities = Iterable[tuple[str, str | None, str | None, Profile]]  # (entity, name, local, profile)


class Base:
    """The kept indexes, read: what a load's matcher looks its keys up in."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._entities: dict[str, tuple[Profile, tuple[str | None, str | None]] | None] = {}

    def eids(self, kind: str, key: str, cap: int | None = None) -> list[str]:
        """The entities under ``key``; at most ``cap + 1`` of them when ``cap`` is given
        (enough to tell a block too common to search)."""
        if cap is None:
            rows = self._db.execute(
                "SELECT eid FROM keys WHERE kind = ? AND key = ?", (kind, key)
            ).fetchall()
        else:
            rows = self._db.execute(
                "SELECT eid FROM keys WHERE kind = ? AND key = ? LIMIT ?", (kind, key, cap + 1)
            ).fetchall()
        return [e for (e,) in rows]

    def entity(self, eid: str) -> tuple[Profile, tuple[str | None, str | None]] | None:
        """The entity's profile and primary names, or None when the store has no such entity."""
        if eid in self._entities:
            return self._entities[eid]
        found = self._db.execute(
            "SELECT name, name_local, profile FROM ent WHERE eid = ?", (eid,)
        ).fetchone()
        got = None if found is None else (decode(found[2])[0], (found[0], found[1]))
        self._entities[eid] = got
        return got

    def close(self) -> None:
        self._db.close()


class KeyIndex:
    """The file at ``path``: read by a load as it starts, written after it commits."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def base(self, stamp: str) -> Base | None:
        """The kept indexes when they were made from the store as ``stamp`` names it
        and by this code; None otherwise (then the store is read whole)."""
        if not self.path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        except sqlite3.Error:
            return None
        try:
            meta = dict(db.execute("SELECT k, v FROM meta"))
            if meta.get("code") == code_digest() and meta.get("stamp") == stamp:
                _read_mapped(db)
                return Base(db)
        except sqlite3.Error:
            pass
        db.close()
        return None

    def write_all(self, stamp: str, entities: Entities, rows: Rows) -> bool:
        """Every entity and key of a store read whole, as the store ``stamp`` names;
        written to a new file renamed over this one, so a reader never sees half.
        False when it could not be written (the next load reads the store whole)."""
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.unlink(missing_ok=True)
            db = sqlite3.connect(tmp)
            try:
                _schema(db)
                # One transaction, no journal of a file nobody reads yet: a crash
                # leaves a temporary file, never this one half written.
                db.execute("PRAGMA journal_mode = OFF")
                db.execute("PRAGMA synchronous = OFF")
                with db:
                    db.executemany(
                        "INSERT OR REPLACE INTO ent VALUES (?, ?, ?, ?)",
                        ((e, n, loc, encode(p, {})) for e, n, loc, p in entities),
                    )
                    db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?, ?)", rows)
                    db.executemany(
                        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                        [("code", code_digest()), ("stamp", stamp)],
                    )
            finally:
                db.close()
            os.replace(tmp, self.path)
            return True
        except (OSError, sqlite3.Error):
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            self.forget()
            return False

    def update(
        self,
        before: str,
        after: str,
        gone: Iterable[str],
        entities: Entities,
        rows: Rows,
    ) -> bool:
        """Replace the rows of the entities ``gone`` by ``entities`` and ``rows`` (those
        entities read back from the store), and move the stamp from ``before`` to
        ``after``; nothing when the file is not the store as ``before`` names it. The
        rows replaced are those :func:`rows_of` gives for each entity's kept profile.

        Only the keys that changed are written: a new edition re-asserts most of what
        the last one said, and deleting and inserting every key of its 9,000 entities
        again took 3.4 s of an OFAC SDN edition's 42 s at a million entities."""
        new_rows: dict[str, set[tuple[str, str, str]]] = {}
        for row in rows:
            new_rows.setdefault(row[2], set()).add(row)
        try:
            db = sqlite3.connect(self.path, timeout=5)
        except sqlite3.Error:
            return False
        try:
            _read_mapped(db)
            with db:
                meta = dict(db.execute("SELECT k, v FROM meta"))
                if meta.get("code") != code_digest() or meta.get("stamp") != before:
                    return False
                dropped: list[tuple[str, str, str]] = []
                for eid in sorted(set(gone)):
                    found = db.execute("SELECT profile FROM ent WHERE eid = ?", (eid,)).fetchone()
                    if found is None:
                        continue
                    old = set(rows_of(eid, decode(found[0])[0]))
                    dropped.extend(old - new_rows.get(eid, set()))
                    # What it still holds need not be written again, but for its record
                    # rows: a record two entities hold has one row in a file written
                    # whole (the matcher keeps one entity a record), so the kept profile
                    # may give one the file lacks (a few rows an entity, written as before).
                    new_rows[eid] = {
                        r for r in new_rows.get(eid, ()) if r[0] == RECORD or r not in old
                    }
                    db.execute("DELETE FROM ent WHERE eid = ?", (eid,))
                db.executemany("DELETE FROM keys WHERE kind = ? AND key = ? AND eid = ?", dropped)
                db.executemany(
                    "INSERT OR REPLACE INTO ent VALUES (?, ?, ?, ?)",
                    ((e, n, loc, encode(p, {})) for e, n, loc, p in entities),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO keys VALUES (?, ?, ?)",
                    (row for held in new_rows.values() for row in held),
                )
                db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (after,))
            return True
        except sqlite3.Error:
            self.forget()
            return False
        finally:
            db.close()

    def forget(self) -> None:
        """No longer trusted for any store (a write that failed half way)."""
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def _read_mapped(db: sqlite3.Connection) -> None:
    """Pages read through a memory map and kept in a larger cache: a load looks up some
    100,000 keys one at a time in a file of 1.2 GB at a million entities, and SQLite's
    defaults (no map, a 2 MB cache) read each page through a system call."""
    db.execute(f"PRAGMA mmap_size = {_MAP_BYTES}")
    db.execute("PRAGMA cache_size = -65536")  # KiB


def _schema(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS ent (eid TEXT PRIMARY KEY, name TEXT, name_local TEXT, "
        "profile BLOB) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS keys (kind TEXT, key TEXT, eid TEXT, "
        "PRIMARY KEY (kind, key, eid)) WITHOUT ROWID"
    )


def dumps_key(key: str | tuple[str, str]) -> str:
    """An index key as the ``keys`` table holds it (identifiers are (scheme, value))."""
    return key if isinstance(key, str) else id_key(*key)


def rows_of(eid: str, p: Profile) -> Iterator[tuple[str, str, str]]:
    """(kind, key, entity) of every key the matcher's indexes hold for an entity whose
    profile is ``p``, as the matcher indexes it (``Matcher.add``, ``Matcher.from_store``)."""
    for r in p.records:
        yield RECORD, r, eid
        yield LIST_RECORD, list_record(r), eid
    for scheme, values in p.ids.items():
        for v in values:
            yield ID, id_key(scheme, v), eid
    for address in p.addresses:
        key = fingerprint(address)
        if key:
            yield ADDRESS, key, eid
    for k in p.keys:
        yield NAME_KEY, k, eid
        for block in name_blocks(k, p.kind):
            yield BLOCK, block, eid
