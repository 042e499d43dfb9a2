"""Entity keys a re-derivation merged away, and the key each moved to.

A reviewer's "same" joins two entities into one node: the node keeps one of the
two keys and the other disappears. A user may have bookmarked it (an explorer
address, a note), so every rebuild records, for each entity key that is gone
from the new graph, the key of the entity now holding most of its records. The
file sits beside the resolver file (``<resolver>.moved.jsonl``), JSON lines,
appended, one ``{"from", "to", "when", "records"}`` per move (``records``: those
the key held, so that it comes back to them only: :mod:`.keys`); the latest move
of a key wins, and a key that comes back (a "same" undone) answers for itself
again because a look-up is made only for keys the store no longer holds.

>>> import tempfile, pathlib
>>> m = MovedKeys(pathlib.Path(tempfile.mkdtemp()) / "r.moved.jsonl")
>>> m.record({"entity:b": "entity:a"}, {"entity:a": ["s#1"], "entity:b": ["s#2"]})
{'entity:b': 'entity:a'}
>>> MovedKeys(m.path).target("entity:b"), MovedKeys(m.path).target("entity:c")
('entity:a', None)
>>> MovedKeys(m.path).away()
{'entity:b': frozenset({'s#2'})}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from sanctiongraph.resolution.judgements import now

# A chain of moves longer than this is a loop (a → b, later b → a).
_MAX_HOPS = 50


class MovedKeys:
    """The moves of one store's entity keys (``path`` None: kept in memory only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._to: dict[str, str] = {}
        self._records: dict[str, frozenset[str]] = {}
        self._seen: tuple[int, int] | None = None

    def _read(self) -> None:
        """(Re)read the file when it changed: another process may have rebuilt."""
        if self.path is None:
            return
        try:
            st = self.path.stat()
        except OSError:
            self._to, self._records, self._seen = {}, {}, None
            return
        if (st.st_size, st.st_mtime_ns) == self._seen:
            return
        moves: dict[str, str] = {}
        records: dict[str, frozenset[str]] = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                doc = json.loads(line)
                moves[str(doc["from"])] = str(doc["to"])
                # Lines of older versions name no records: such a key is never given again.
                records[str(doc["from"])] = frozenset(str(r) for r in doc.get("records") or ())
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a torn last line of a crashed writer: the others still hold
        self._to, self._records = moves, records
        self._seen = (st.st_size, st.st_mtime_ns)

    def away(self) -> dict[str, frozenset[str]]:
        """Every key that ever moved, with the records it held when it last moved."""
        self._read()
        return {k: self._records.get(k, frozenset()) for k in self._to}

    def target(self, key: str, exists: Callable[[str], bool] | None = None) -> str | None:
        """The key ``key`` moved to, followed along later moves (to one ``exists``
        accepts, when given), or None when it never moved."""
        self._read()
        seen = {key}
        here = self._to.get(key)
        if here is None:
            return None
        for _ in range(_MAX_HOPS):
            if exists is not None and exists(here):
                return here
            nxt = self._to.get(here)
            if nxt is None or nxt in seen:
                break
            seen.add(here)
            here = nxt
        return here if exists is None or exists(here) else None

    def record(
        self, moves: Mapping[str, str], before: Mapping[str, Iterable[str]]
    ) -> dict[str, str]:
        """Note ``moves`` (old key → the key it moved to, as :func:`.keys.kept_keys`
        chose them), each with its records in ``before`` (entity key → records)."""
        out = dict(sorted(moves.items()))
        if out and self.path is not None:
            from sanctiongraph.paths import append_whole

            when = now()
            text = "".join(
                json.dumps({"from": k, "to": v, "when": when,
                            "records": sorted(before.get(k) or ())}, ensure_ascii=False) + "\n"
                for k, v in out.items()
            )  # fmt: skip
            append_whole(self.path, text)
        self._to.update(out)
        self._records.update({k: frozenset(before.get(k) or ()) for k in out})
        return out


def entity_records(rows: Iterable[Mapping[str, object]]) -> dict[str, list[str]]:
    """entity key → its records, from rows of ``Store.entities(("records",))``."""
    out: dict[str, list[str]] = {}
    for row in rows:
        recs = row.get("records")
        out[str(row["id"])] = [str(r) for r in recs] if isinstance(recs, list | tuple) else []
    return out


def moved_beside(log: Path) -> Path:
    """The moves file of the load log at ``log`` (``x.loads.jsonl`` → ``x.moved.jsonl``).

    >>> moved_beside(Path("/d/store.resolver.loads.jsonl")).name
    'store.resolver.moved.jsonl'
    """
    return log.with_name(log.name.removesuffix(".loads.jsonl") + ".moved.jsonl")
