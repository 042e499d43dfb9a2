"""The review desk behind ``serve --review``: the queue, one pair, judgements, apply.

The same files as the ``review`` command: the candidate log the loads wrote, the
resolver file the judgements go to (one line a judgement, at once: who and when),
the load log a re-derivation replays. A judgement changes the resolver file only;
the graph follows when the reviewer asks (:meth:`ReviewDesk.apply`: one rebuild
for every judgement the store does not follow yet), as ``review --no-rebuild``
then ``rebuild`` would.

The queue reads the store as ``sanctiongraph matches`` does
(:func:`sanctiongraph.resolution.queue.holders`): the entities holding a record
the candidate log names, streamed, and kind and name of those in pairs by key, so
memory grows with the queue, not the store. What it read is kept until the store
or the log changes (the holder's version, the log's size and time); the resolver
file is read again for each request, since ``sanctiongraph review`` in a terminal
may write it too, and the entities of judged records the queue did not read are
looked up by their records when a judgement first names them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctiongraph.graph.store import Store
from sanctiongraph.paths import beside
from sanctiongraph.resolution.history import CandidateLog, LoadLog
from sanctiongraph.resolution.judgements import Judgements, contradicting
from sanctiongraph.resolution.queue import QueuePair, holders, logged_records, queue

# What the side-by-side shows of an entity's own properties (the schema's Entity).
_NAMES = ("name", "name_local", "aliases")
_PERSON = ("birth_dates", "nationalities", "positions")
_IDENTIFIERS = ("imo", "swift_bic", "ofac_ent_num", "un_ref", "jp_notice", "id_numbers")
_OTHER = ("sector", "notes")


class ReviewError(Exception):
    """A review request that cannot be answered: (HTTP status, message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class ReviewDesk:
    """The review state of one explorer: its files, its reviewer and a cache of the queue."""

    resolver: Path
    who: str | None = None
    _known: tuple[Any, tuple[dict[str, str], dict[str, dict[str, Any]]]] | None = field(
        default=None, repr=False
    )
    # Judged records the queue did not read → the entity holding each (None: none does),
    # for the store and log ``_known`` was read from.
    _judged: dict[str, str | None] = field(default_factory=dict, repr=False)

    @property
    def candidates(self) -> CandidateLog:
        return CandidateLog(beside(self.resolver, "candidates"))

    @property
    def log(self) -> LoadLog:
        return LoadLog(beside(self.resolver, "loads"))

    def judgements(self) -> Judgements:
        return Judgements(self.resolver)

    def known(self, store: Store, version: Any) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
        """(record → entity, entity → records, and kind and name once the queue read
        them) of the entities holding a record the candidate log names, read again when
        the store or the log changed."""
        log = self.candidates.path
        try:
            st = log.stat()
            stamp: tuple[Any, ...] = (version, st.st_size, st.st_mtime_ns)
        except OSError:
            stamp = (version, None)
        if self._known is None or self._known[0] != stamp:
            self._known = (stamp, holders(store, logged_records(log)))
            self._judged = {}
        return self._known[1]

    def _where(self, store: Store, version: Any, records: set[str]) -> dict[str, str]:
        """Record → entity for ``records``: the queue's, and the others looked up once."""
        where, _ = self.known(store, version)
        unread = {r for r in records if r not in where and r not in self._judged}
        if unread:
            self._judged.update(dict.fromkeys(unread))
            for eid, held in store.holders(unread):
                self._judged.update({r: eid for r in held if r in unread})
        found = {r: where.get(r) or self._judged.get(r) for r in records}
        return {r: e for r, e in found.items() if e is not None}

    def pending(
        self,
        store: Store,
        version: Any,
        judgements: Judgements,
        *,
        min_score: float = 0.0,
        kind: str | None = None,
        authority: str | None = None,
    ) -> tuple[list[QueuePair], dict[str, dict[str, Any]]]:
        return queue(
            self.candidates.path,
            store,
            judgements,
            min_score=min_score,
            kind=kind,
            authority=authority,
            known=self.known(store, version),
        )

    def find(self, store: Store, version: Any, a: str, b: str) -> tuple[QueuePair, Judgements]:
        """The pending pair of entities ``a`` and ``b`` (either order)."""
        judgements = self.judgements()
        pairs, _ = self.pending(store, version, judgements)
        wanted = (a, b) if a <= b else (b, a)
        for p in pairs:
            if (p.a, p.b) == wanted:
                return p, judgements
        raise ReviewError(
            404,
            f"{a} / {b} is no pending candidate pair (judged already, merged since, or never "
            "a candidate); see /api/review/queue",
        )

    def to_apply(self, store: Store, version: Any, judgements: Judgements) -> int:
        """How many standing judgements the graph does not follow yet."""
        judged = {r for j in judgements.current() for r in (j.a, j.b)}
        return len(contradicting(judgements, self._where(store, version, judged)))

    def apply(self, store: Store, version: Any) -> dict[str, Any]:
        """Re-derive the store once with every judgement (a no-op when it follows them)."""
        from sanctiongraph.graph.store import StoreError
        from sanctiongraph.ingest.rebuild import rebuild

        judgements = self.judgements()
        n = self.to_apply(store, version, judgements)
        if n == 0:
            return {"applied": 0, "records": 0, "refused": []}
        with store.exclusive():
            try:
                done = rebuild(store, self.log, judgements)
            except StoreError as err:
                raise ReviewError(409, f"the graph could not be re-derived: {err}") from None
        self._known, self._judged = None, {}
        # A "same" whose entities hold records judged different is left apart: the
        # reviewer sees why (the judgement stays to apply until one of them is undone),
        # and it is not counted as applied.
        judged = {r for j in judgements.current() for r in (j.a, j.b)}
        where = {r: eid for eid, held in store.holders(judged) for r in held if r in judged}
        left = len(contradicting(judgements, where))
        return {"applied": n - left, "records": sum(len(r.decisions) for r in done),
                "refused": done.conflicts}  # fmt: skip


def warm() -> None:
    """Build the name tables the scorer reads (rigour's, seconds on first use), so
    the reviewer's first pair does not wait for them: run in a thread at start."""
    from sanctiongraph.loaders.target import STRONG_IDS
    from sanctiongraph.resolution.evidence import profile_of_row

    # A bracketed part that names no country is looked up in rigour's table of
    # territory names, the slow one to build (14 s on a busy 2-core machine: it
    # transliterates some 20,000 names).
    row = {"id": "entity:warm-up", "kind": "organization", "name": "Warm-up Co Ltd (WUC)"}
    profile_of_row(row, STRONG_IDS)


def side(g: Any, eid: str, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One entity of a pair as the reviewer needs it: names, personal facts, identifiers,
    addresses, listings (programme, date, reference), records and their sources."""
    from sanctiongraph.web.views import entity_view

    a = g.nodes[eid]
    view = entity_view(g, eid)

    def given(keys: tuple[str, ...]) -> dict[str, Any]:
        return {k: a.get(k) for k in keys if a.get(k) not in (None, "", [])}

    records = [
        {"record": r, "source": r.partition("#")[0], **sources.get(r.partition("#")[0], {})}
        for r in sorted(str(x) for x in a.get("records") or ())
    ]
    return {
        "id": eid,
        "kind": a.get("kind"),
        "names": {k: a.get(k) for k in _NAMES},
        "person": given(_PERSON),
        "identifiers": given(_IDENTIFIERS),
        "other": given(_OTHER),
        "offices": view["offices"],
        "seat": view["seat"],
        "listings": view["listings"],
        "records": records,
    }


def evidence(g: Any, pair: QueuePair) -> dict[str, Any]:
    """What the scorer says for and against the two entities as the store holds them,
    beside what the loads logged (``logged``: the reasons each time they met)."""
    from sanctiongraph.loaders.target import STRONG_IDS
    from sanctiongraph.resolution.evidence import profile_of_row
    from sanctiongraph.resolution.scorer import compare, date_conflict, place_conflict, vetoes

    pa = profile_of_row({"id": pair.a, **g.nodes[pair.a]}, STRONG_IDS)
    pb = profile_of_row({"id": pair.b, **g.nodes[pair.b]}, STRONG_IDS)
    c = compare(pa, pb)
    against, agree = vetoes(pa, pb)
    against = [*against, *(v for v in c.vetoes if v not in against)]
    dates = date_conflict(pa, pb)
    if dates:
        against.append(f"birth dates differ: {dates[0]} / {dates[1]}")
    places = place_conflict(pa, pb)
    if places:
        against.append(f"name qualifiers differ: {places[0]} / {places[1]}")
    held = ("birth dates differ", "name qualifiers differ")
    support = [b for b in c.basis if not b.startswith(held)]
    support += [x for x in agree if x not in support]
    return {
        "score": pair.score,
        "evidence": pair.evidence,
        "lines": pair.lines,
        "logged": pair.reasons,
        "scorer": {"verdict": c.verdict, "score": round(c.score, 3), "evidence": c.evidence},
        "for": support,
        "against": against,
    }
