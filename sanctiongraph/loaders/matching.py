"""One target, one node: decide which existing entity a listed party is.

Evidence, strongest first:

1. the same record of the same source (a file loaded again);
2. a shared strong identifier: IMO number, SWIFT/BIC, OFAC entity number,
   UN reference number;
3. the same name key: names and aliases normalised by ``rigour`` (the
   OpenSanctions name library: case, script, punctuation, company-type words
   such as "Co Ltd" / "Company Limited"), plus the abbreviations lists use
   ("Shpg", "JV");
4. a close name (Jaro-Winkler on the distinctive words after folding Korean
   romanisation variants such as "T'aewon" / "Daewon", with the words saying
   the kind of business agreeing), organisations and vessels only.

Two entries of one source are never merged by name: a list does not list a
party twice. A merge needs one candidate; several candidates with the same
evidence stay apart and are reported as ``ambiguous``, close names below the
merge threshold as ``possible``.

>>> name_key("KOREAN POLISH SHPG CO LTD") == name_key("Korean Polish Shipping Company Limited")
True
>>> name_key("Korea Namgang Trading Corporation") == name_key("Namgang Construction")
False
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sanctiongraph.loaders.target import STRONG_IDS, Target

# Abbreviations the lists use that rigour's org-type table does not expand.
_ABBREVIATIONS = {
    "shpg": "shipping",
    "intl": "international",
    "mgmt": "management",
    "gen": "general",
    "trdg": "trading",
    "jsc": "",
    "co": "",
    "corp": "",
    "corporation": "",
    "company": "",
    "ltd": "",
    "limited": "",
    "inc": "",
    "llc": "",
    "jv": "",
    "the": "",
}
# Words that say what kind of business a name is, not which one. Close-name
# matching compares the rest and asks these to agree (the same set, weak words aside),
# so "Korea Namgang Trading" never meets "Namgang Construction".
GENERIC = frozenset(
    [
        "korea",
        "korean",
        "dprk",
        "north",
        "democratic",
        "peoples",
        "republic",
        "of",
        "and",
        "for",
        "the",
        "shipping",
        "trading",
        "trade",
        "general",
        "bank",
        "banking",
        "company",
        "international",
        "industrial",
        "industry",
        "industries",
        "maritime",
        "group",
        "commercial",
        "development",
        "joint",
        "venture",
        "import",
        "export",
        "equipment",
        "technology",
        "foreign",
        "agency",
        "center",
        "centre",
        "ocean",
        "credit",
        "union",
        "management",
        "construction",
        "mining",
        "investment",
        "national",
        "association",
        "bureau",
        "department",
        "office",
        "corporation",
        "enterprise",
        "enterprises",
        "factory",
    ]
)
# Korean romanisations disagree on aspirated and plain consonants (McCune-Reischauer
# "T'aewon", Revised "Daewon"); folding both to one letter lets them meet.
_FOLD = (("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"), ("r", "l"), ("eo", "o"), ("oo", "u"))

# Generic words lists add or drop freely ("Korea Rungrado (General) Trading").
_WEAK = frozenset(
    [
        "korea",
        "korean",
        "dprk",
        "general",
        "international",
        "joint",
        "venture",
        "the",
        "of",
        "and",
        "for",
    ]
)

MERGE_SIMILARITY = 0.93
REPORT_SIMILARITY = 0.88


def _fold(token: str) -> str:
    for a, b in _FOLD:
        token = token.replace(a, b)
    return token


@lru_cache(maxsize=65536)
def _split(key: str) -> tuple[str, frozenset[str]]:
    """(folded distinctive words, generic words) of a name key."""
    words = key.split()
    distinctive = " ".join(_fold(w) for w in words if w not in GENERIC)
    generic = frozenset(w for w in words if w in GENERIC) - _WEAK
    return distinctive, generic


@lru_cache(maxsize=65536)
def name_key(name: str) -> str | None:
    """The form two spellings of one name share; ``None`` for an empty name."""
    from rigour.names import remove_org_types
    from rigour.text import ascii_text

    from sanctiongraph.graph.names import normalize_name

    norm = normalize_name(name)
    if not norm:
        return None
    if not _latin(name):
        # Katakana and Hangul are compared as written (after normalisation), never
        # fuzzily: their romanisations are too loose to tell firms apart.
        return "~" + norm
    stripped = remove_org_types(norm) or norm
    tokens = []
    for token in ascii_text(stripped).replace("-", " ").replace("'", "").split():
        token = _ABBREVIATIONS.get(token, token)
        if token:
            tokens.append(token)
    return " ".join(tokens) or norm


def _latin(name: str) -> bool:
    return all(
        ch.isascii() or not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name
    )


def _similarity(a: str, b: str) -> float:
    """Similarity of two name keys; 0 when their kinds of business disagree."""
    from rigour.text import jaro_winkler

    da, ga = _split(a)
    db, gb = _split(b)
    if not da or not db or ga != gb:
        return 0.0
    return float(jaro_winkler(da.replace(" ", ""), db.replace(" ", "")))


@dataclass
class Decision:
    """How one target was placed, for the matches report."""

    source: str
    record: str
    name: str
    entity: str
    outcome: str  # same-record | identifier | name | close-name | new
    score: float
    basis: str
    candidates: list[str] = field(default_factory=list)
    note: str | None = None  # ambiguous or possible merges left apart

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


@dataclass
class _Known:
    kind: str
    sources: set[str]
    keys: set[str]


class Matcher:
    """An index of the entities in a store (and those a load adds)."""

    def __init__(self, entities: Iterable[Mapping[str, Any]] = ()) -> None:
        self.known: dict[str, _Known] = {}
        self.by_record: dict[str, str] = {}
        self.by_id: dict[tuple[str, str], set[str]] = {}
        self.by_key: dict[str, set[str]] = {}
        # block → source → entities: close names are looked for among other sources'
        # entities only, so a file's own entities (never merged by name) cost nothing and
        # a load stays linear in the file (one pool of all entities was quadratic).
        self.by_block: dict[str, dict[str, set[str]]] = {}
        # entity → (name, name_local) as the source that made it gave them
        self.primary: dict[str, tuple[str | None, str | None]] = {}
        self.decisions: list[Decision] = []
        for row in entities:
            names = [row.get("name"), row.get("name_local"), *(row.get("aliases") or [])]
            ids = {s: row.get(s) or [] for s in STRONG_IDS}
            self.primary[str(row["id"])] = (row.get("name"), row.get("name_local"))
            self.add(
                str(row["id"]),
                str(row.get("kind") or ""),
                names,
                ids,
                row.get("sources") or [],
                row.get("records") or [],
            )

    def add(
        self,
        eid: str,
        kind: str,
        names: Iterable[str | None],
        ids: Mapping[str, Iterable[str]],
        sources: Iterable[str],
        records: Iterable[str],
    ) -> None:
        known = self.known.setdefault(eid, _Known(kind, set(), set()))
        known.sources.update(sources)
        for r in records:
            self.by_record[r] = eid
        for scheme, values in ids.items():
            for v in values:
                self.by_id.setdefault((scheme, _norm_id(v)), set()).add(eid)
        for n in names:
            k = name_key(n) if n else None
            if k and k not in known.keys:
                known.keys.add(k)
                self.by_key.setdefault(k, set()).add(eid)
                for block in _blocks(k):
                    per_source = self.by_block.setdefault(block, {})
                    for source in known.sources or {""}:
                        per_source.setdefault(source, set()).add(eid)

    def taken(self, eid: str) -> bool:
        return eid in self.known

    def match(self, source_id: str, t: Target) -> Decision:
        """The entity ``t`` is, or ``outcome="new"`` with an empty entity."""
        record = f"{source_id}#{t.record}"
        d = Decision(source_id, t.record, t.name, "", "new", 1.0, "no earlier entity matches")
        if record in self.by_record:
            d.entity, d.outcome, d.basis = self.by_record[record], "same-record", "same record"
            return d
        hits: dict[str, list[str]] = {}
        for scheme in STRONG_IDS:
            for v in t.ids.get(scheme, []):
                for eid in self.by_id.get((scheme, _norm_id(v)), ()):
                    if not self._compatible(eid, t.kind):
                        continue
                    if source_id in self.known[eid].sources:
                        # Two entries of one list sharing a number (a ship and its
                        # owner's IMO company number) are still two entries.
                        d.note = f"shares {scheme} {v} with {eid} in the same list"
                        continue
                    hits.setdefault(eid, []).append(f"{scheme} {v}")
        if len(hits) == 1:
            ((eid, why),) = hits.items()
            d.entity, d.outcome, d.basis = eid, "identifier", "same " + ", ".join(why)
            return d
        keys = {k for k in (name_key(n) for n in [t.name, t.name_local, *t.aliases]) if k}
        if len(hits) > 1:
            # One number on several parties (a ship owner's IMO company number given
            # for its ships too): the name decides, or nothing is merged.
            by_name = [e for e in hits if keys & self.known[e].keys]
            if len(by_name) == 1:
                eid = by_name[0]
                d.entity, d.outcome = eid, "identifier"
                d.basis = "same " + ", ".join(hits[eid]) + " and the same name"
                return d
            d.note = "ambiguous identifiers: " + ", ".join(sorted(hits))
            d.candidates = sorted(hits)
            return d
        # A bare acronym ("NTC", "KOEC") names too many things to merge on.
        keys = {k for k in keys if " " in k or len(k) > 4}
        named = {
            eid
            for k in keys
            for eid in self.by_key.get(k, ())
            if self._compatible(eid, t.kind) and source_id not in self.known[eid].sources
        }
        if len(named) == 1:
            eid = next(iter(named))
            shared = sorted(keys & self.known[eid].keys)[0]
            d.entity, d.outcome = eid, "name"
            d.score = 0.9 if t.kind != "person" else 0.8
            d.basis = f"same normalised name {shared!r}"
            return d
        if len(named) > 1:
            d.note = "ambiguous names: " + ", ".join(sorted(named))
            d.candidates = sorted(named)
            return d
        if t.kind in ("organization", "vessel"):
            self._close(source_id, t, keys, d)
        return d

    def _close(self, source_id: str, t: Target, keys: set[str], d: Decision) -> None:
        scored: dict[str, tuple[float, str, str]] = {}
        for k in keys:
            pool: set[str] = set()
            for block in _blocks(k):
                for source, entities in self.by_block.get(block, {}).items():
                    if source != source_id:
                        pool |= entities
            for eid in pool:
                known = self.known[eid]
                if not self._compatible(eid, t.kind) or source_id in known.sources:
                    continue
                for other in known.keys:
                    if k.startswith("~") or other.startswith("~"):
                        continue
                    if _split(k)[1] != _split(other)[1]:
                        continue  # different kinds of business: never close
                    s = _similarity(k, other)
                    if s > scored.get(eid, (0.0, "", ""))[0]:
                        scored[eid] = (s, k, other)
        good = sorted(
            (e for e, v in scored.items() if v[0] >= MERGE_SIMILARITY), key=lambda e: -scored[e][0]
        )
        near = sorted(e for e, v in scored.items() if REPORT_SIMILARITY <= v[0] < MERGE_SIMILARITY)
        if len(good) == 1:
            s, mine, theirs = scored[good[0]]
            d.entity, d.outcome, d.score = good[0], "close-name", round(0.85 * s, 3)
            d.basis = f"close names {mine!r} ~ {theirs!r} (Jaro-Winkler {s:.3f})"
        elif len(good) > 1:
            d.note = "ambiguous close names: " + ", ".join(good)
            d.candidates = good
        elif near:
            d.note = "possible: " + ", ".join(f"{e} ({scored[e][0]:.3f})" for e in near[:5])
            d.candidates = near[:5]

    def _compatible(self, eid: str, kind: str) -> bool:
        theirs = self.known[eid].kind
        return not theirs or not kind or theirs == kind


def _blocks(key: str) -> set[str]:
    """Where close names meet: the first three letters of each distinctive word."""
    if key.startswith("~"):
        return set()
    return {w[:3] for w in _split(key)[0].split()}


def _norm_id(value: str) -> str:
    return "".join(ch for ch in str(value).upper() if ch.isalnum())
