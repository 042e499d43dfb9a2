"""Which key each entity of a re-derived graph takes, so that keys outlive rebuilds.

A rebuild (a judgement applied, a source unloaded, an older edition put in its
place) re-derives every entity from its records, and a fresh derivation names
each entity after the record that made it first. Users keep entity keys
(explorer addresses, notes, exports), so the re-derived graph takes the keys
the store already gave, matched by records:

- every key of the old graph goes to the new entity holding most of its records
  (ties: the one the fresh derivation itself named so, then the one holding its
  smallest record), so a plain rebuild keeps every key and a split keeps the old
  key on its larger part;
- when several old keys go to one entity (a reviewer's "same"), it keeps one: a
  key naming the party (``entity:korea-computer-center``) before one naming a
  record (``entity:gb-ofsi-…:10439``), as the kind a user reads and shares; then
  the key whose old entity brought most of the records; then the smallest. The
  others move to it (:mod:`.moved`);
- a key that moved away earlier comes back to an entity holding the records it
  had (a "same" undone), but never to another party: a new entity takes its own
  fresh key only when no old key and no moved key is in the way, else one named
  after its smallest record.

>>> before = {"entity:a": ["s#1", "s#2"], "entity:b": ["s#3"]}
>>> kept_keys(before, {"entity:x": ["s#1", "s#2"], "entity:b": ["s#3"]}).rename
{'entity:x': 'entity:a'}
>>> same = kept_keys(before, {"entity:a": ["s#1", "s#2", "s#3"]})
>>> same.rename, same.moves
({}, {'entity:b': 'entity:a'})
>>> split = kept_keys(before, {"entity:a": ["s#2"], "entity:q": ["s#1"], "entity:b": ["s#3"]})
>>> split.rename, split.moves
({}, {})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from sanctiongraph.graph.records import key


@dataclass
class Rekeying:
    """The keys a re-derived graph changes, and the old keys merged away."""

    rename: dict[str, str] = field(default_factory=dict)  # fresh key → key it takes
    moves: dict[str, str] = field(default_factory=dict)  # old key → key it moved to


def names_a_record(eid: str) -> bool:
    """Is ``eid`` a key made from a source and record (a name was taken), not a name?

    >>> names_a_record("entity:gb-ofsi-conlist-csv-2018-04-13:10439")
    True
    >>> names_a_record("entity:mohammad-reza-naqdi")
    False
    """
    return ":" in eid.split(":", 1)[-1]


def kept_keys(
    before: Mapping[str, Sequence[str]],
    after: Mapping[str, Sequence[str]],
    moved: Mapping[str, Collection[str]] | None = None,
) -> Rekeying:
    """How the entities ``after`` (fresh key → records) take the keys of ``before``
    (old key → records). ``moved``: keys merged away earlier, each with the records it
    had then (empty when not known: such a key is never given again)."""
    moved = moved or {}
    # A record may be in several entities (a curated file cites one page for each party
    # it names).
    where: dict[str, list[str]] = {}
    for fk, recs in after.items():
        for r in recs:
            where.setdefault(r, []).append(fk)
    claims: dict[str, list[str]] = {}
    # Current keys first; a moved key only where no current key claims the entity.
    claimants: list[tuple[str, Collection[str], bool]] = [(k, v, True) for k, v in before.items()]
    claimants += [(k, v, False) for k, v in moved.items() if k not in before and v]
    current: dict[str, bool] = {}
    for old, held, now in claimants:
        home = _home(old, held, where)
        if home is not None:
            claims.setdefault(home, []).append(old)
            current[old] = now
    out = Rekeying()
    taken: set[str] = set(before)
    for fresh in sorted(after):
        cl = claims.get(fresh)
        if not cl:
            continue
        mine = set(after[fresh])

        def rank(k: str, mine: set[str] = mine, fresh: str = fresh) -> tuple[object, ...]:
            shared = len(mine.intersection(before.get(k) or moved.get(k) or ()))
            return (not current[k], names_a_record(k), -shared, k != fresh, k)

        keep = min(cl, key=rank)
        taken.add(keep)
        if keep != fresh:
            out.rename[fresh] = keep
        out.moves.update({k: keep for k in cl if k != keep and current[k]})
    for fresh in sorted(after):
        if fresh in claims:
            continue
        blocked = fresh in taken or (
            fresh in moved and not set(moved[fresh]).intersection(after[fresh])
        )
        if not blocked:
            taken.add(fresh)
            continue
        # Clear of every key in use, moved, or fresh (one later in this loop keeps its own).
        new = _record_key(min(after[fresh], default=fresh), taken | set(moved) | set(after))
        taken.add(new)
        out.rename[fresh] = new
    return out


def _home(old: str, recs: Collection[str], where: Mapping[str, Sequence[str]]) -> str | None:
    """The new entity holding most of ``recs``; ties: the one keyed ``old`` by the
    fresh derivation, then the one holding the smallest of ``recs``."""
    votes = Counter(fk for r in recs for fk in where.get(r, ()))
    if not votes:
        return None  # every record unloaded: the key goes with them
    best = max(votes.values())
    tied = [fk for fk, n in votes.items() if n == best]
    if old in tied:
        return old
    first = {fk: min(r for r in recs if fk in where.get(r, ())) for fk in tied}
    return min(tied, key=lambda fk: (first[fk], fk))


def _record_key(record: str, taken: Collection[str]) -> str:
    """A key named after ``record`` (``source:x#7`` → ``entity:x:7``), the form a load
    gives when the name's key is taken, made unique against ``taken``.

    >>> _record_key("source:gb-ofsi#10439", {"entity:gb-ofsi:10439"})
    'entity:gb-ofsi:10439:2'
    """
    source, _, rec = record.partition("#")
    base = key("entity", source.removeprefix("source:"), rec)
    new, n = base, 1
    while new in taken:
        n += 1
        new = f"{base}:{n}"
    return new
