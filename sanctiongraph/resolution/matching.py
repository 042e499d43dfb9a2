"""One target, one node: decide which existing entity a listed party is.

Candidates are found through shared identifiers, shared name keys and close
names (blocks of distinctive words); each is scored by
:func:`sanctiongraph.resolution.scorer.compare` with its vetoes, and human
judgements from the resolver file override the score (``different`` keeps a
record out of an entity holding a record judged different; ``same`` places a
record no evidence places elsewhere, and the entities it binds are joined whole
after a replay: :mod:`sanctiongraph.ingest.joins`). Only a ``merge`` verdict
merges; pairs that look alike without enough evidence are reported as
candidates for review (``sanctiongraph matches`` / ``review``).

A list may name one party twice (Japan's MOF lists KOMID under two
programmes): entries of one source merge like any others, on an identifier or
the same primary name. When several entities qualify (one party already
split across nodes), the target joins the strongest, then the one with most
records, then the smallest key, so no order of loading leaves it apart from all.

>>> from sanctiongraph.loaders.target import Target
>>> m = Matcher()
>>> d = m.match("source:a", Target("1", "organization", "Korea Ryonbong General Corporation"))
>>> d.outcome
'new'
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from sanctiongraph.graph.records import superseded
from sanctiongraph.graph.store import Store
from sanctiongraph.loaders.target import STRONG_IDS, Target
from sanctiongraph.paths import profiles_beside
from sanctiongraph.resolution import key_index as ki
from sanctiongraph.resolution.addresses import fingerprint
from sanctiongraph.resolution.evidence import (
    CITED_SCHEMES,
    Profile,
    name_key,
    profile_of_row,
    profile_of_target,
    un_regime_of_listing,
)
from sanctiongraph.resolution.judgements import Judgements, list_record
from sanctiongraph.resolution.key_index import Base, KeyIndex, keys_beside, store_stamp
from sanctiongraph.resolution.profile_cache import ProfileCache, decode, encode, row_digest
from sanctiongraph.resolution.scorer import Comparison, compare, name_blocks, vetoes

__all__ = [
    "MATCH_PROPS",
    "Candidate",
    "Decision",
    "Matcher",
    "keep_profiles",
    "name_key",
    "release_caches",
    "rename_decisions",
]

# What the matcher reads of each Entity of a store.
MATCH_PROPS = (
    "kind",
    "name",
    "name_local",
    "aliases",
    "sources",
    "records",
    *STRONG_IDS,
    "id_numbers",
    "birth_dates",
    "nationalities",
    "positions",
)

# Blocks (name words) shared by more entities than this are too common to
# look for close names in ("mohammad", "trading" in every list).
_MAX_BLOCK = 150
# Entities compared for a close name, per name of the target.
_MAX_CLOSE = 20
# Outcome of a merge by evidence type (the scorer's names).
_OUTCOMES = {
    "identifier": "identifier",
    "cited identifier": "cited-identifier",
    "other identifier": "other-identifier",
    "same name": "name",
    "same name on a UN list": "un-list-name",
    "names and country": "names-country",
    "close name and birth date": "close-name-dob",
    "same words and country": "words-country",
    "name within name and country": "name-within-country",
    "address and name": "address-name",
    "two names": "two-names",
    "same name and post": "name-post",
}
# Evidence that names one party only when a single entity qualifies: two UN
# designations of one name (told apart by their birth years or references) leave
# the record for a reviewer; so do names shared with two parties a veto tells
# apart (OFAC gives the UN's SAPICO, IRe.061, as an a.k.a. of SHIG, IRe.067).
_UNIQUE_EVIDENCE = frozenset(
    [
        "same name on a UN list",
        "names and country",
        "same words and country",
        "name within name and country",
        "address and name",
        "two names",
        "same name and post",
    ]
)
# The score of a pair sharing a stable record id that the scorer holds apart: near the
# top of the queue, since the publisher itself says the two entries are one.
_HELD_LISTING = 0.95


K = TypeVar("K", bound=Hashable)


class _Index(Generic[K]):
    """The entities under each key (an identifier, a name key, a name block).

    Most keys belong to one entity (of the 99,532 name keys of the 20,191 entities
    loaded from ../shared/data, 93,990), so a key holds that entity's id itself and
    a set only once a second entity shares it: a set a key took 36 MB of the 119 MB
    a matcher of that store held, and grows with the store.

    Over a kept index (:mod:`.key_index`), the keys held here are only those the
    current load added; the store's own are looked up there, once per key.
    """

    __slots__ = ("_base", "_found", "_keys", "_kind")

    def __init__(self, base: Base | None = None, kind: str = "") -> None:
        self._keys: dict[K, str | set[str]] = {}
        self._base = base
        self._kind = kind
        self._found: dict[tuple[K, int | None], list[str]] = {}

    def add(self, key: K, eid: str) -> None:
        held = self._keys.get(key)
        if held is None:
            self._keys[key] = eid
        elif isinstance(held, str):
            if held != eid:
                self._keys[key] = {held, eid}
        else:
            held.add(eid)

    def _kept(self, key: K, cap: int | None) -> list[str]:
        assert self._base is not None
        found = self._found.get((key, cap))
        if found is None:
            skey = ki.dumps_key(key)  # type: ignore[arg-type]
            found = self._found[(key, cap)] = self._base.eids(self._kind, skey, cap)
        return found

    def get(self, key: K) -> Collection[str]:
        """The entities under ``key`` (not to be changed by the caller)."""
        held = self._keys.get(key)
        mine: Collection[str] = () if held is None else (held,) if isinstance(held, str) else held
        if self._base is None:
            return mine
        kept = self._kept(key, None)
        if not kept:
            return mine
        return set(kept).union(mine) if mine else kept

    def capped(self, key: K, cap: int) -> Collection[str] | None:
        """The entities under ``key``, or None when there are more than ``cap``."""
        if self._base is None:
            found = self.get(key)
        else:
            held = self._keys.get(key)
            kept = self._kept(key, cap)
            if held is None:
                found = kept
            else:
                found = set(kept)
                found.update((held,) if isinstance(held, str) else held)
        return None if len(found) > cap else found

    def __len__(self) -> int:
        return len(self._keys)

    def rename(self, mapping: Mapping[str, str]) -> None:
        """Entities renamed (``old → new``, all at once), under every key."""
        if self._base is not None:
            raise RuntimeError("a matcher over a kept index cannot rename entities")
        for k, held in self._keys.items():
            if isinstance(held, str):
                self._keys[k] = mapping.get(held, held)
            else:
                self._keys[k] = {mapping.get(e, e) for e in held}

    def rows(self, kind: str) -> Iterator[tuple[str, str, str]]:
        """(kind, key, entity) of every key held here (for :mod:`.key_index`)."""
        for k, held in self._keys.items():
            skey = ki.dumps_key(k)  # type: ignore[arg-type]
            for eid in (held,) if isinstance(held, str) else held:
                yield kind, skey, eid


V = TypeVar("V")


class _Backed(dict[str, V]):
    """A dict of entities that, over a kept index, fetches an entity the first time it
    is asked for (``in``, ``[]``, ``get``): only those a load's keys reach are read.
    Iterating it gives only those fetched or added."""

    def __init__(self, fetch: Callable[[str], V | None]) -> None:
        super().__init__()
        self._fetch = fetch
        self._absent: set[str] = set()

    def _load(self, key: str) -> bool:
        if dict.__contains__(self, key):
            return True
        if key in self._absent:
            return False
        value = self._fetch(key)
        if value is None:
            self._absent.add(key)
            return False
        dict.__setitem__(self, key, value)
        return True

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._load(key)

    def __missing__(self, key: str) -> V:
        if self._load(key):
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        return dict.__getitem__(self, key) if self._load(key) else default

    def __setitem__(self, key: str, value: V) -> None:
        self._absent.discard(key)
        dict.__setitem__(self, key, value)


@dataclass
class Candidate:
    """An entity a target may be, for review: never merged without a judgement."""

    entity: str
    score: float
    evidence: str
    why: str
    record: str = ""  # a source record of the entity, for judgements

    def as_text(self) -> str:
        return f"{self.entity} ({self.score:.2f}, {self.why})"


@dataclass
class Decision:
    """How one target was placed, for the matches report and the review loop."""

    source: str
    record: str
    name: str
    entity: str
    outcome: str  # same-record | identifier | cited-identifier | ... | judged-same | new
    score: float
    basis: str
    candidates: list[Candidate] = field(default_factory=list)
    note: str | None = None  # candidates or further matches left apart
    joined: str = ""  # a record of the entity a merge joined (for samples and review)
    # Other entities the record is, by merge-grade evidence, with no veto between
    # any two of the nodes it matched: one party already split across nodes, for a join.
    joins: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The record as judgements name it: ``<source id>#<record>``."""
        return f"{self.source}#{self.record}"

    def as_row(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "record": self.record,
            "name": self.name,
            "entity": self.entity,
            "outcome": self.outcome,
            "score": round(self.score, 3),
            "basis": self.basis,
            "left_apart": self.note or "",
        }


class Matcher:
    """An index of the entities in a store (and those a load adds)."""

    def __init__(
        self,
        entities: Iterable[Mapping[str, Any]] = (),
        judgements: Judgements | None = None,
        base: Base | None = None,
    ) -> None:
        self.judgements = judgements or Judgements()
        self.profiles: dict[str, Profile] = {}
        self.by_record: dict[str, str] = {}
        # The same, by the list's record (``list:<list>#<id>``, one key for every edition
        # of a list whose publisher keeps its ids): a judgement names one edition's
        # record, and a new edition's record must meet each entity holding an earlier
        # edition's, whatever its names (the UK's Group 12483 "INDUSTRIAL BANK", whose
        # name gives no key, sat on two nodes, neither merged nor queued).
        self.by_list_record: _Index[str] = _Index(base, ki.LIST_RECORD)
        self.by_id: _Index[tuple[str, str]] = _Index(base, ki.ID)
        self.by_key: _Index[str] = _Index(base, ki.NAME_KEY)
        self.by_block: _Index[str] = _Index(base, ki.BLOCK)
        # Street addresses by rigour's fingerprint: a party whose names share no
        # distinctive word ("FOREIGN TRADE BANK") still meets its namesake's office.
        self.by_address: _Index[str] = _Index(base, ki.ADDRESS)
        # entity → (name, name_local) as the source that made it gave them
        self.primary: dict[str, tuple[str | None, str | None]] = {}
        if base is not None:
            # Over a kept index: the entities a load's keys reach, fetched as asked for.
            self.profiles = _Backed(lambda e: _first(base.entity(e)))
            self.primary = _Backed(lambda e: _second(base.entity(e)))
            self.by_record = _Backed(lambda r: min(base.eids(ki.RECORD, r), default=None))
        self._base = base
        self.decisions: list[Decision] = []
        self._last_profile: tuple[Target, str, Profile] | None = None
        # Keys a new entity may not take: those merged away, which still answer with
        # the entity they moved to (resolution.moved).
        self.reserved: set[str] = set()
        # The kept index this matcher started from and the store's stamp then, the
        # entities added to since, and the store's stamp after this matcher's last
        # load committed: what :func:`keep_profiles` needs to bring the index up to date.
        self.kept: tuple[KeyIndex, str] | None = None
        self.touched: set[str] | None = None
        self.committed: str | None = None
        # What each record of the entities made in this process said (the Entity's
        # ``stated`` items), so that their profiles drop what a newer edition of an entry
        # superseded, as the store does: a record loaded later in the same command is
        # compared with the entity the next command would read.
        self.stated: dict[str, list[str]] = {}
        for row in entities:
            eid = str(row["id"])
            self.primary[eid] = (row.get("name"), row.get("name_local"))
            self.add(eid, profile_of_row(row, STRONG_IDS))

    @classmethod
    def from_store(
        cls, store: Store, judgements: Judgements | None = None, *, indexed: bool = False
    ) -> Matcher:
        """A matcher over every entity of ``store``, honouring ``judgements``.

        A store kept in a file keeps its entities' profiles beside it
        (:mod:`.profile_cache`): an entity no load changed since is not read again.
        ``indexed``: look candidates up in the index kept beside the store
        (:mod:`.key_index`) when it is the store's as it is now, reading nothing else
        of the store; otherwise read the store whole and write that index afresh
        (for a load, whose :func:`keep_profiles` then brings it up to date).
        """
        where = getattr(store, "path", None)
        if indexed and isinstance(where, Path) and where.exists():
            index = KeyIndex(keys_beside(where))
            stamp = store_stamp(where)
            base = index.base(stamp)
            if base is not None:
                m = cls((), judgements, base)
            else:
                m = cls._read(store, judgements)
                entities = (
                    (eid, *m.primary.get(eid, (None, None)), p) for eid, p in m.profiles.items()
                )
                if not index.write_all(stamp, entities, m.index_rows()):
                    return m
            m.kept, m.touched = (index, stamp), set()
            return m
        return cls._read(store, judgements)

    @classmethod
    def _read(
        cls,
        store: Store,
        judgements: Judgements | None = None,
        rows: Iterable[Mapping[str, Any]] | None = None,
        ids: Collection[str] | None = None,
    ) -> Matcher:
        """A matcher over every entity of ``store`` read whole, or over ``rows`` (the
        entities keyed ``ids``) and what the store says of those alone."""
        where = getattr(store, "path", None)
        if rows is None:
            rows = store.entities(MATCH_PROPS)
        if isinstance(where, Path) and ids is not None:
            # A load's changed entities: their profiles computed, and kept for a later
            # read of the whole store (resolution.profile_cache).
            # Those whose row the load left as it was (a record loaded again) are read.
            m = cls((), judgements)
            cache = ProfileCache(profiles_beside(where))
            digested = [(row_digest(row, MATCH_PROPS), row) for row in rows]
            known = cache.some(d for d, _ in digested)
            made: list[tuple[bytes, bytes]] = []
            for digest, row in digested:
                eid = str(row["id"])
                data = known.get(digest)
                computed_blocks: Mapping[str, Iterable[str]]
                if data is None:
                    computed, computed_blocks = _profile_of_row(row)
                    made.append((digest, encode(computed, computed_blocks)))
                else:
                    computed, computed_blocks = decode(data)
                m.primary[eid] = (row.get("name"), row.get("name_local"))
                m.add(eid, computed, computed_blocks)
            cache.keep(made)
        elif isinstance(where, Path):
            m = cls((), judgements)
            cache = ProfileCache(profiles_beside(where))
            for row, profile, blocks in cache.profiles(rows, MATCH_PROPS, _profile_of_row):
                eid = str(row["id"])
                m.primary[eid] = (row.get("name"), row.get("name_local"))
                m.add(eid, profile, blocks)
        else:
            m = cls(rows, judgements)
        if ids is None:
            regimes = listing_regimes(store)
            seats = store.entity_seats()
            addresses = store.entity_addresses()
        else:
            regimes = listing_regimes(store, ids)
            seats = store.seats_of(ids)
            addresses = store.addresses_of(ids)
        for eid, regime in regimes:
            if eid in m.profiles:
                m.profiles[eid].un_regimes.add(regime)
        for eid, code in seats:
            if eid in m.profiles:
                m.profiles[eid].countries.add(code)
        offices: dict[str, list[tuple[str | None, str | None]]] = {}
        for eid, address, city in addresses:
            if eid in m.profiles and m.profiles[eid].kind != "person":
                offices.setdefault(eid, []).append((address, city))
        for eid, found in offices.items():
            street = Profile(kind=m.profiles[eid].kind)
            street.add_addresses(found)
            m.add(eid, street)
        return m

    def index_rows(self) -> Iterator[tuple[str, str, str]]:
        """(kind, key, entity) of every key this matcher holds (for :mod:`.key_index`)."""
        yield from ((ki.RECORD, r, eid) for r, eid in self.by_record.items())
        yield from self.by_list_record.rows(ki.LIST_RECORD)
        yield from self.by_id.rows(ki.ID)
        yield from self.by_key.rows(ki.NAME_KEY)
        yield from self.by_block.rows(ki.BLOCK)
        yield from self.by_address.rows(ki.ADDRESS)

    def profile_of(self, source_id: str, t: Target) -> Profile:
        """``t``'s profile, as :meth:`match` made it when ``t`` is the record it matched
        last (a load adds each record right after matching it: the profile was computed
        twice, 0.5 s of an OFAC SDN edition), else made afresh. Matching reads a
        profile and never changes it."""
        last = self._last_profile
        if last is not None and last[0] is t and last[1] == source_id:
            return last[2]
        return profile_of_target(t, source_id, t.record)

    def committed_to(self, store: Store) -> None:
        """Note the store's stamp once a load through this matcher has committed."""
        where = getattr(store, "path", None)
        if self.kept is not None and isinstance(where, Path):
            self.committed = store_stamp(where)

    def add(self, eid: str, p: Profile, blocks: Mapping[str, Iterable[str]] | None = None) -> None:
        """Index ``p``'s evidence under entity ``eid`` (a new entity or a merge);
        ``blocks``: the name blocks of ``p``'s keys, when known (a kept profile's)."""
        if self.touched is not None:
            self.touched.add(eid)
        known = self.profiles.get(eid)
        if known is None:
            known = self.profiles[eid] = Profile(kind=p.kind)
        new_keys = [k for k in p.keys if k not in known.keys]
        known.absorb(p)
        for r in p.records:
            self.by_record[r] = eid
            self.by_list_record.add(list_record(r), eid)
        for scheme, values in p.ids.items():
            for v in values:
                self.by_id.add((scheme, v), eid)
        for address in p.addresses:
            key = fingerprint(address)
            if key:
                self.by_address.add(key, eid)
        for k in new_keys:
            self.by_key.add(k, eid)
            # Kept blocks were computed with the profile's own kind, as here for a new
            # entity; a merge into a known one computes them with the entity's.
            given = blocks.get(k) if blocks is not None and known.kind == p.kind else None
            for block in name_blocks(k, known.kind) if given is None else given:
                self.by_block.add(block, eid)

    def supersede(self, eid: str, item: str, created: bool) -> None:
        """Note a record's ``stated`` item on entity ``eid`` (``created``: the record made
        it) and take out of its profile the birth dates and nationalities that only a
        superseded edition of an entry gives (graph.records.merge_props). An entity read
        from a store is left as read: its records' items are not in memory, and the next
        command reads its current values."""
        if created:
            self.stated[eid] = [item]
            return
        said = self.stated.get(eid)
        if said is None:
            return
        said.append(item)
        gone = superseded(said)
        p = self.profiles.get(eid)
        if p is not None and gone:
            p.birth_dates -= gone.get("birth_dates", set())
            p.nationalities -= {n.upper() for n in gone.get("nationalities", ())}

    def _same_listing(self, record: str) -> set[str]:
        """The entities holding ``record``'s entry on another edition of its list, when
        the list's ids are stable (lists.yaml ``record_id``); none for other lists."""
        listed = list_record(record)
        if listed == record:
            return set()
        return {e for e in self.by_list_record.get(listed) if e in self.profiles}

    def taken(self, eid: str) -> bool:
        return eid in self.profiles or eid in self.reserved

    def rename(self, mapping: Mapping[str, str]) -> None:
        """Entities renamed (``old → new``, all at once: a rebuild's keys kept,
        :mod:`.keys`), so that a load going on with this matcher writes the new keys."""
        if not mapping:
            return
        if self._base is not None:
            raise RuntimeError("a matcher over a kept index cannot rename entities")
        f = mapping.get
        self.profiles = {f(e, e): p for e, p in self.profiles.items()}
        self.primary = {f(e, e): p for e, p in self.primary.items()}
        self.by_record = {r: f(e, e) for r, e in self.by_record.items()}
        self.stated = {f(e, e): said for e, said in self.stated.items()}
        for index in (self.by_id, self.by_key, self.by_block, self.by_list_record, self.by_address):
            index.rename(mapping)

    def _pool(self, p: Profile) -> set[str]:
        pool: set[str] = set()
        for scheme, values in p.ids.items():
            for v in values:
                pool.update(self.by_id.get((scheme, v)))
                if scheme in CITED_SCHEMES:
                    pool.update(self.by_id.get((CITED_SCHEMES[scheme], v)))
                for cited, target in CITED_SCHEMES.items():
                    if scheme == target:
                        pool.update(self.by_id.get((cited, v)))
        for address in p.addresses:
            # A registered agent's address holds hundreds.
            members = self.by_address.capped(fingerprint(address) or "", _MAX_BLOCK)
            if members is not None:
                pool.update(members)
        for k in p.keys:
            pool.update(self.by_key.get(k))
            blocks = name_blocks(k, p.kind)
            # A person's close name shares two name parts ("kim" alone meets thousands).
            need = 2 if p.kind == "person" and len(blocks) > 1 else 1
            shared: dict[str, int] = {}
            for block in blocks:
                members = self.by_block.capped(block, _MAX_BLOCK)
                if members is not None:
                    for eid in members:
                        shared[eid] = shared.get(eid, 0) + 1
            # The entities sharing most words with the name, a bounded few: fuzzy
            # comparison costs names × names per entity.
            near = sorted((-n, e) for e, n in shared.items() if n >= need)[:_MAX_CLOSE]
            pool.update(e for _, e in near)
        return pool

    def match(self, source_id: str, t: Target) -> Decision:
        """The entity ``t`` is, or ``outcome="new"`` with an empty entity."""
        record = f"{source_id}#{t.record}"
        d = Decision(source_id, t.record, t.name, "", "new", 1.0, "no earlier entity matches")
        if record in self.by_record:
            d.entity, d.outcome, d.basis = self.by_record[record], "same-record", "same record"
            return d
        p = profile_of_target(t, source_id, t.record)
        self._last_profile = (t, source_id, p)
        merges: list[tuple[Comparison, str]] = []
        candidates: list[Candidate] = []
        judged_apart: list[str] = []
        judged_same: list[str] = []
        # A reviewer's "same" reaches entities no name or identifier would find.
        judged = {
            eid
            for r in self.judgements.same_as(record)
            for eid in self.by_list_record.get(r)
            if eid in self.profiles
        }
        listed = self._same_listing(record)
        for eid in sorted(self._pool(p) | judged | listed):
            known = self.profiles[eid]
            verdict = self.judgements.between([record], known.records)
            if verdict == "different":
                judged_apart.append(eid)
                continue
            c = compare(p, known)
            if (
                c.verdict == "merge"
                and source_id in known.sources
                and c.evidence != "identifier"
                and not _another_programme(p, known, source_id)
            ):
                # One list names one party twice only under two programmes (MOF's KOMID;
                # its persons under resolution 1718 and again under Japan's own
                # measures, with the same passport); same-named entries of one
                # programme are distinct parties (the Al-Haramain branches of each
                # country).
                c = Comparison(
                    "candidate", c.score, c.evidence, [*c.basis, "same list"], names=c.names
                )
            if verdict == "same" and c.verdict != "merge":
                # A reviewer's "same" binds two entities whole, joined after the replay
                # (ingest.joins); it places the record here only when no evidence places
                # it elsewhere, so it never takes a record out of the cluster the
                # evidence forms (that moved records instead of joining entities).
                judged_same.append(eid)
                continue
            if c.verdict == "merge":
                merges.append((c, eid))
            elif eid in listed:
                # The publisher's own id for the entry on another edition, held apart by
                # the scorer (kinds that differ: the UK's 2018 CSV gives its ships as
                # entities, the 2022 workbook as ships): a reviewer decides, never silence.
                # The pair a reviewer judges is the entry's two editions, the records the
                # reason names.
                listing = list_record(record)
                why = f"same record {listing} on editions of the list; {c.why}"
                other = min(r for r in known.records if list_record(r) == listing)
                candidates.append(
                    Candidate(eid, max(c.score, _HELD_LISTING), "same record", why.rstrip("; "),
                              other)
                )  # fmt: skip
            elif c.verdict == "candidate":
                candidates.append(
                    Candidate(eid, c.score, c.evidence, c.why, min(known.records, default=""))
                )
        unique = [m for m in merges if m[0].evidence in _UNIQUE_EVIDENCE]
        if len(unique) > 1 and any(
            vetoes(self.profiles[x[1]], self.profiles[y[1]])[0]
            for i, x in enumerate(unique)
            for y in unique[i + 1 :]
        ):
            # The name fits two parties the evidence tells apart: which one is the
            # record's is for a reviewer. (Entities with no veto between them are one
            # party split, and the record joins the strongest as below.)
            for c, eid in unique:
                merges.remove((c, eid))
                candidates.append(
                    Candidate(eid, c.score, c.evidence, c.why + "; ambiguous",
                              min(self.profiles[eid].records, default=""))
                )  # fmt: skip
        if not merges and judged_same:
            same = Comparison("merge", 1.0, "judged same", ["judged the same by a reviewer"])
            merges = [(same, eid) for eid in judged_same]
        if merges:
            # A number given for several parties (an owner's IMO company number on
            # two firms) is settled by the names; then by the larger cluster.
            merges.sort(
                key=lambda m: (-m[0].score, -m[0].names, -len(self.profiles[m[1]].records), m[1])
            )
            best, eid = merges[0]
            d.entity, d.score, d.basis = eid, best.score, f"{best.evidence}: {best.why}"
            d.joined = min(self.profiles[eid].records, default="")
            d.outcome = _OUTCOMES.get(best.evidence, "judged-same")
            others = [
                Candidate(e, c.score, c.evidence, c.why, min(self.profiles[e].records, default=""))
                for c, e in merges[1:]
            ]
            if others:
                d.note = "also matches: " + ", ".join(o.as_text() for o in others[:5])
            # A node is named for a join only when no veto stands between it and any
            # node the record matched: two designations the record cannot tell apart
            # are no evidence about either.
            matched = [e for _, e in merges]
            d.joins = [
                e
                for e in matched[1:]
                if not any(vetoes(self.profiles[o], self.profiles[e])[0] for o in matched if o != e)
            ]
            d.candidates = others + candidates
            return d
        candidates.sort(key=lambda c: (-c.score, c.entity))
        d.candidates = candidates[:5]
        notes = []
        if candidates:
            notes.append("candidates: " + ", ".join(c.as_text() for c in d.candidates))
        if judged_apart:
            notes.append("judged different from: " + ", ".join(judged_apart))
        d.note = "; ".join(notes) or None
        return d


def rename_decisions(decisions: Iterable[Decision], mapping: Mapping[str, str]) -> None:
    """The entities ``decisions`` name, renamed (each decision once, all at once)."""
    if not mapping:
        return
    for d in decisions:
        d.entity = mapping.get(d.entity, d.entity)
        d.joins = [mapping.get(e, e) for e in d.joins]
        for c in d.candidates:
            c.entity = mapping.get(c.entity, c.entity)


def keep_profiles(store: Store, matcher: Matcher | None = None) -> int:
    """Keep beside ``store`` what the next load's :meth:`Matcher.from_store` needs.

    When ``matcher`` (the last load's) started from the index kept beside the store
    and no one wrote the store since that load's commit, the index is brought up to
    date with the entities the load changed, read back from the store: nothing else is
    read. Otherwise the store is read whole, as the next load would have to read it,
    and the index written afresh; and the profiles of the entities the kept ones do
    not cover (those the last load changed) are kept. How many profiles were computed.
    """
    where = getattr(store, "path", None)
    if not isinstance(where, Path):
        return 0
    if matcher is not None and _update_index(store, where, matcher):
        return 0
    with store.exclusive():
        # Read whole (as the next load would have to), and the index written for the
        # store as it is now: the next load reads only what its keys reach.
        Matcher.from_store(store, indexed=True)
        cache = ProfileCache(profiles_beside(where))
        return cache.fill(store.entities(MATCH_PROPS), MATCH_PROPS, _profile_of_row)


def _update_index(store: Store, where: Path, m: Matcher) -> bool:
    if m.kept is None or m.touched is None:
        return False
    index, before = m.kept
    with store.exclusive():
        now = store_stamp(where)
        if now != (m.committed or before):
            return False  # written since by another command: the next load reads it whole
        changed = set(m.touched)
        rows = list(store.entities_by_id(changed, MATCH_PROPS))
        fresh = Matcher._read(store, None, rows, changed)
        entities = [
            (eid, *fresh.primary.get(eid, (None, None)), p) for eid, p in fresh.profiles.items()
        ]
        if not index.update(before, now, changed, entities, fresh.index_rows()):
            return False
    # The matcher goes on from here (the next file of one command): its index is the
    # store's as it is now.
    m.kept, m.committed = (index, now), None
    return True


def _first(found: tuple[Profile, tuple[str | None, str | None]] | None) -> Profile | None:
    return None if found is None else found[0]


def _second(
    found: tuple[Profile, tuple[str | None, str | None]] | None,
) -> tuple[str | None, str | None] | None:
    return None if found is None else found[1]


def _profile_of_row(row: Mapping[str, Any]) -> tuple[Profile, dict[str, frozenset[str]]]:
    """An entity row's profile and its keys' name blocks, as :meth:`Matcher.add` makes them."""
    p = profile_of_row(row, STRONG_IDS)
    return p, {k: name_blocks(k, p.kind) for k in p.keys}


def release_caches() -> None:
    """Empty the memo caches of name keys and name comparisons (evidence, scorer).

    They pay off within a file, whose targets and candidates repeat names; kept from
    file to file they grew with every name a command had seen (on all of
    ../shared/data about 100 MB by the last file, at the moment its rows are
    copied into the store), while the names of the next file are mostly others.
    Every cached function of the two modules is emptied, whichever they define.
    """
    from sanctiongraph.resolution import evidence, scorer

    for module in (evidence, scorer):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == module.__name__:
                clear()


# Words a listing's programme or reference holds when it may say it implements a UN
# committee's list (resolution.evidence.un_regime_of_listing decides): a MOF sheet
# naming its resolution, an EU regulation's annex.
_UN_PROGRAMME_WORDS = ("決議", "esolution")
_UN_REFERENCE_WORDS = (" annex ",)


def listing_regimes(store: Store, ids: Collection[str] | None = None) -> Iterator[tuple[str, str]]:
    """(entity, UN regime) for each listing of ``store`` (of the entities keyed ``ids``,
    when given) that says it implements the UN committee's list of that regime, so
    that the evidence holds whichever list was loaded first (an Entity node keeps no
    programme of its own)."""
    rows = (
        store.listings_mentioning(_UN_PROGRAMME_WORDS, _UN_REFERENCE_WORDS)
        if ids is None
        else store.listings_mentioning_of(ids, _UN_PROGRAMME_WORDS, _UN_REFERENCE_WORDS)
    )
    for row in rows:
        regime = un_regime_of_listing(row.get("programme"), row.get("reference"))
        if regime:
            yield str(row["id"]), regime


def _another_programme(p: Profile, known: Profile, source: str) -> bool:
    """Does ``p`` list the party under programmes of ``source`` the entity's earlier
    entries of that source do not (and were those entries read in this process)?"""
    mine = {x for x in p.programmes if x.startswith(source + "|")}
    theirs = {x for x in known.programmes if x.startswith(source + "|")}
    return bool(mine and theirs and not mine & theirs)
