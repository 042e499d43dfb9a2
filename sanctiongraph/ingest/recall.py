"""Recall on the UK 2018 × UN 2018 DPRK pairs: UK groups whose remarks cite a UN reference.

The truth comes from the UK file itself, read here apart from its loader: each
DPRK group ("Korea" in the regime) whose "Other Information" cites a UN
reference (``UN Ref KPe.001``, ``KPi.67`` …) is paired with the UN entry of
that reference. Both files are loaded into one in-process store (UN first, as
the lists' own order would); a pair is found when the UK group's entity is the
UN entry's entity. Six 2018 groups cite a wrong reference (another bank's or
firm's); pairs whose names share no word are counted apart as ``suspect``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.resolution.matching import Decision

UN_FILE = "un/consolidated_2018-10-29.xml"
UK_FILE = "uk/sanctionsconlist_2018-04-13.csv"
_REF = re.compile(r"\bKP([EI])\s*\.?\s*0*(\d{1,3})\b", re.I)


@dataclass
class Recall:
    pairs: int = 0
    found: int = 0
    suspect: int = 0  # cited references whose names share no word with the UN entry
    missed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        wanted = self.pairs - self.suspect
        return self.found / wanted if wanted else 1.0


def cited_pairs(uk_csv: Path) -> dict[str, tuple[str, set[str]]]:
    """UK group id → (cited UN reference, the group's name words)."""
    out: dict[str, tuple[str, set[str]]] = {}
    with uk_csv.open(encoding="cp1252", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        header = next(rows)
        col = {name: i for i, name in enumerate(header)}
        for row in rows:
            if len(row) < len(header) or "korea" not in row[col["Regime"]].lower():
                continue
            m = _REF.search(row[col["Other Information"]])
            if not m:
                continue
            ref = f"KP{m.group(1).lower()}.{int(m.group(2)):03d}"
            words = {
                w.lower()
                for i in range(6)
                for w in re.findall(r"[A-Za-z]{3,}", row[col[f"Name {i + 1}"]])
            }
            group = row[col["Group ID"]]
            old = out.get(group)
            out[group] = (ref, words | (old[1] if old else set()))
    return out


def measure(data_dir: Path) -> Recall:
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.loaders.registry import detect

    store = MemoryStore()
    decisions = {}
    for name in (UN_FILE, UK_FILE):
        path = data_dir / name
        _, made = load_file(store, detect(path), path)
        decisions[name] = {d.record: d.entity for d in made}
    g = store.graph
    by_ref: dict[str, str] = {}
    for n, a in g.nodes(data=True):
        if a.get("label") == "Entity":
            for ref in a.get("un_ref") or ():
                m = _REF.search(str(ref))
                if m:
                    by_ref[f"KP{m.group(1).lower()}.{int(m.group(2)):03d}"] = n
    result = Recall()
    for group, (ref, words) in sorted(cited_pairs(data_dir / UK_FILE).items()):
        un = by_ref.get(ref)
        if un is None:
            continue  # a reference the 2018 UN file does not hold (delisted, mistyped)
        result.pairs += 1
        uk = decisions[UK_FILE].get(group)
        if uk == un:
            result.found += 1
            continue
        un_words = {
            w.lower()
            for v in [g.nodes[un].get("name"), *(g.nodes[un].get("aliases") or [])]
            for w in re.findall(r"[A-Za-z]{3,}", str(v or ""))
        }
        if not words & un_words:
            result.suspect += 1
        else:
            result.missed.append((group, ref, str(g.nodes[un].get("name"))))
    return result


# UN DPRK × OFAC: the pairs are a labelled file (tests/fixtures/un_dprk_ofac_pairs.yaml),
# read from both files apart from the loaders: OFAC's SDN list cites no UN reference.
OFAC_FILE = "ofac/sdn_csv_2021-07"


@dataclass
class PairRecall:
    """How many labelled pairs share a node, and the others with what joins them."""

    pairs: int = 0
    found: int = 0
    # (UN reference, its entity, OFAC's entity, a candidate between them: "why" or "")
    missed: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.pairs if self.pairs else 1.0

    @property
    def unqueued(self) -> list[str]:
        """References whose pair is neither merged nor a candidate: lost to a reviewer."""
        return [m[0] for m in self.missed if not m[3]]


def measure_un_ofac(data_dir: Path, labels: Path, reverse: bool = False) -> PairRecall:
    """Load the UN 2018 and OFAC 2021 files into one in-process store (OFAC first when
    ``reverse``) and count the labelled pairs whose records one entity holds; for the
    others, the candidate a load logged between the two entities, if any."""
    import yaml

    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.loaders.registry import detect

    files = [UN_FILE, OFAC_FILE]
    store = MemoryStore()
    candidates: dict[frozenset[str], str] = {}
    made: list[Decision] = []
    for name in files[::-1] if reverse else files:
        path = data_dir / name
        _, decisions = load_file(store, detect(path), path)
        made.extend(decisions)
    holder = {
        (str(r).split("#", 1)[0], str(r).split("#", 1)[1]): str(e["id"])
        for e in store.entities(("records",))
        for r in e.get("records") or ()
    }

    for d in made:
        for c in d.candidates:
            candidates.setdefault(frozenset({d.key, c.record}), c.why)
    by_source = {"unsc": "", "ofac": ""}
    for source, _ in holder:
        if "unsc" in source:
            by_source["unsc"] = source
        elif "ofac" in source:
            by_source["ofac"] = source
    records_of: dict[str, set[str]] = {}
    for (source, rec), eid in holder.items():
        records_of.setdefault(eid, set()).add(f"{source}#{rec}")
    result = PairRecall()
    doc = yaml.safe_load(labels.read_text(encoding="utf-8"))
    for pair in doc["pairs"]:
        un = holder.get((by_source["unsc"], str(pair["un_record"])))
        us = holder.get((by_source["ofac"], str(pair["ofac"])))
        if un is None or us is None:
            continue  # a record the loaders no longer read: not this measure's subject
        result.pairs += 1
        if un == us:
            result.found += 1
            continue
        why = next(
            (
                w
                for a in records_of[un]
                for b in records_of[us]
                if (w := candidates.get(frozenset({a, b}))) is not None
            ),
            "",
        )
        result.missed.append((str(pair["un"]), un, us, why))
    return result
