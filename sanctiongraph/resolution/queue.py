"""The review queue: one row per pair of entities loads left apart, best first.

The candidate log holds one line per (loaded record, record of a look-alike
entity) each time a load met one: a pair of entities shows up once per record
of either side and once per edition (on all of ../shared/data, 63,283 node
pairs were 99,357 lines). A reviewer judges parties, not lines, so the queue:

- maps each logged record to the entity that holds it now (merges since the
  line was written included; a record no longer in the store drops out);
- gathers every line between the same two entities into one :class:`QueuePair`,
  with each distinct piece of evidence once;
- ranks pairs by how likely a reviewer says *same*: the strongest line's score,
  raised a little for each further, different kind of evidence
  (:func:`pair_score`);
- leaves out a pair any of whose records a reviewer has judged (same,
  different or unsure): judged parties never come back, whatever record of
  them a later edition adds.

The log is read twice, a line at a time: once for the records it names, once
to gather the pairs. The store is read for ``id`` and ``records`` of each entity
(kept only for the entities holding a logged record), then for ``kind`` and
``name`` of the entities in pairs, by key. So memory grows with the queue (its
records and pairs), not with the store or the log's lines; on all shared files
the first page of `sanctiongraph matches` costs a fifth of what reading every
entity's name and kind did (docs/resolution.md, "The review queue").
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctiongraph.graph.store import Store
from sanctiongraph.resolution.judgements import Judgements

# What the queue reads of each entity.
QUEUE_PROPS = ("kind", "name", "records")
# How much each further kind of evidence raises a pair's score (capped below 1).
_MORE_EVIDENCE = 0.03
_CAP = 0.99


@dataclass
class QueuePair:
    """Two entities a reviewer may judge the same party."""

    a: str  # entity keys, a < b
    b: str
    score: float
    evidence: str  # the strongest line's evidence type
    reasons: list[str] = field(default_factory=list)  # distinct, strongest first
    record_a: str = ""  # the records of the strongest line, for a judgement
    record_b: str = ""
    lines: int = 0
    kinds: set[str] = field(default_factory=set)  # evidence types seen

    def as_row(self, info: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
        a, b = info.get(self.a, {}), info.get(self.b, {})
        return {
            "entity": self.a,
            "name": a.get("name"),
            "other_entity": self.b,
            "other_name": b.get("name"),
            "kind": a.get("kind") or b.get("kind"),
            "score": round(self.score, 3),
            "evidence": self.evidence,
            "why": " | ".join(self.reasons[:3]),
            "lines": self.lines,
            # The records of the strongest line, as `resolver judge` takes them.
            "record": self.record_a,
            "other": self.record_b,
        }


COLUMNS = (
    "entity", "name", "other_entity", "other_name", "kind", "score", "evidence", "why", "lines",
)  # fmt: skip


def pair_score(best: float, kinds: int) -> float:
    """The queue's rank of a pair: its best line's score, and ``_MORE_EVIDENCE`` for
    each further kind of evidence (a close name *and* a cited reference says more than
    either). A pair seen many times for one reason is not raised: editions repeat.

    >>> pair_score(0.75, 1), pair_score(0.75, 3), pair_score(0.98, 4)
    (0.75, 0.81, 0.99)
    """
    return round(min(_CAP, best + _MORE_EVIDENCE * max(0, kinds - 1)), 3)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield dict(json.loads(line))
                except ValueError as err:
                    raise ValueError(f"{path}: line {n}: {err}") from None


def entity_info(store: Store) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """(record → entity key, entity key → id, kind, name, records) of ``store``."""
    where: dict[str, str] = {}
    info: dict[str, dict[str, Any]] = {}
    for row in store.entities(QUEUE_PROPS):
        eid = str(row["id"])
        records = [str(r) for r in row.get("records") or ()]
        info[eid] = {"kind": row.get("kind"), "name": row.get("name"), "records": records}
        for r in records:
            where[r] = eid
    return where, info


def logged_records(log: Path) -> set[str]:
    """Every record the candidate log at ``log`` names."""
    out: set[str] = set()
    for row in _lines(log):
        out.add(str(row["a"]))
        out.add(str(row["b"]))
    return out


def holders(
    store: Store, records: Collection[str]
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """:func:`entity_info` of the entities holding one of ``records`` only (each with all
    its records; kind and name are read later, for the entities in pairs)."""
    where: dict[str, str] = {}
    info: dict[str, dict[str, Any]] = {}
    for eid, held in store.holders(records):
        info[eid] = {"records": held}
        for r in held:
            if r in records:
                where[r] = eid
    return where, info


def gather(
    log: Path, where: Mapping[str, str], judgements: Judgements | None = None
) -> dict[tuple[str, str], QueuePair]:
    """Every pending pair of entities the candidate log at ``log`` names."""
    pairs: dict[tuple[str, str], QueuePair] = {}
    judged: set[tuple[str, str]] = set()
    for row in _lines(log):
        ra, rb = str(row["a"]), str(row["b"])
        ea, eb = where.get(ra), where.get(rb)
        if ea is None or eb is None or ea == eb:
            continue  # a record unloaded since, or a pair merged since
        key = (ea, eb) if ea < eb else (eb, ea)
        if key in judged:
            continue
        if judgements is not None and judgements.verdict(ra, rb) is not None:
            judged.add(key)
            pairs.pop(key, None)
            continue
        score, evidence, why = float(row["score"]), str(row["evidence"]), str(row["why"])
        p = pairs.get(key)
        if p is None:
            p = pairs[key] = QueuePair(key[0], key[1], score, evidence)
        if score > p.score or not p.record_a:
            p.score, p.evidence = score, evidence
            p.record_a, p.record_b = (ra, rb) if key[0] == ea else (rb, ra)
            if why in p.reasons:
                p.reasons.remove(why)
            p.reasons.insert(0, why)
        elif why not in p.reasons and len(p.reasons) < 8:
            p.reasons.append(why)
        p.lines += 1
        p.kinds.add(evidence)
    return pairs


def queue(
    log: Path,
    store: Store,
    judgements: Judgements | None = None,
    *,
    min_score: float = 0.0,
    kind: str | None = None,
    authority: str | None = None,
    known: tuple[dict[str, str], dict[str, dict[str, Any]]] | None = None,
) -> tuple[list[QueuePair], dict[str, dict[str, Any]]]:
    """The pending pairs of the candidate log at ``log``, best first, filtered:
    ``kind`` of either entity, ``authority`` a source of either side comes from
    (the first word of a Source id: ``uk``, ``ofac``, ``jp``…). ``known``: the
    store's :func:`entity_info`, when the caller keeps it (the explorer, between
    changes of the store)."""
    where, info = known if known is not None else holders(store, logged_records(log))
    pairs = list(gather(log, where, judgements).values())
    if judgements is not None:
        # A judgement on any other records of the two entities counts too (a later
        # edition's record of a judged party brings no pair back).
        pairs = [
            p
            for p in pairs
            if judgements.between(info[p.a]["records"], info[p.b]["records"]) is None
        ]
    for p in pairs:
        p.score = pair_score(p.score, len(p.kinds))
    if min_score:
        pairs = [p for p in pairs if p.score >= min_score]
    # Kind and name, for the entities still in pairs only, by key.
    unread = {e for p in pairs for e in (p.a, p.b) if "kind" not in info[e]}
    for row in store.entities_by_id(unread, ("kind", "name")):
        info[str(row["id"])].update(kind=row.get("kind"), name=row.get("name"))
    out = [
        p
        for p in pairs
        if p.score >= min_score
        and (kind is None or kind in (info[p.a].get("kind"), info[p.b].get("kind")))
        and (authority is None or _from(authority, info[p.a], info[p.b]))
    ]
    out.sort(key=lambda p: (-p.score, -p.lines, p.a, p.b))
    return out, info


# Names users give authorities beside the short names Source ids start with (the
# authorities' own names are read from loaders.target.AUTHORITIES, by `_said`).
_SAID = {"uk": "gb", "un": "unsc", "opensanctions": "os", "open-sanctions": "os"}


def _said(authority: str) -> str:
    """The short name Source ids use for what a user typed: ``uk`` or ``United Kingdom``
    is ``gb``, ``OpenSanctions`` is ``os``; a short name is itself.

    >>> _said("United Kingdom"), _said("OpenSanctions"), _said("ofac")
    ('gb', 'os', 'ofac')
    """
    from sanctiongraph.loaders.target import AUTHORITIES

    wanted = " ".join(authority.lower().split())
    named = {a.name.lower(): a.short for a in AUTHORITIES.values()}
    return _SAID.get(wanted) or named.get(wanted) or wanted


def unknown_authority(authority: str, sources: Iterable[str]) -> str | None:
    """Why ``authority`` names no source of the store (None: it names one), with the
    short names its ``sources`` (Source ids) have.

    >>> unknown_authority("uk", ["source:gb-ofsi-conlist-csv-2018-04-13"]) is None
    True
    >>> unknown_authority("xx", ["source:jp-mof-xlsx-2026-03-05"])[:42]
    "no record of this store comes from 'xx'; -"
    """
    codes = authorities_of(sources)
    if _said(authority) in codes:
        return None
    return (
        f"no record of this store comes from {authority!r}; --authority takes the first or "
        f"second word of a Source id: {', '.join(sorted(codes)) or 'none loaded'} (also uk, "
        "un, opensanctions and the authorities' names)"
    )


def authorities_of(records: Iterable[str]) -> set[str]:
    """The authorities whose lists gave ``records``: the Source id's first word (the
    authority's short name) and its second (the list: ``ofac``, ``ofsi``, ``mof``).

    >>> sorted(authorities_of(["source:gb-ofsi-csv-2018#1", "source:jp-mof-xlsx-2026#2/5"]))
    ['gb', 'jp', 'mof', 'ofsi']
    """
    out = set()
    for r in records:
        words = r.split("#", 1)[0].removeprefix("source:").lower().split("-")
        out.update(words[:2])
    return out


def _from(authority: str, *sides: Mapping[str, Any]) -> bool:
    wanted = _said(authority)
    return any(wanted in authorities_of(side.get("records") or ()) for side in sides)
