"""Entities a reviewer judged the same, joined whole after a replay.

A judgement names two source records, but a reviewer judges the two *entities*
shown: a "same" says the party of one record's entity is the party of the
other's. The matcher places records one at a time and never joins two entities
it formed, so a "same" is applied here, once a replay has formed its clusters:
the entities holding the two records (by the list's record, whatever edition
named it) become one node, with every record, listing and relationship of both.
What the evidence joined stays joined: no record is taken out of its cluster
except by a "different" judgement, which the matcher applies as it places
records.

Joins are transitive (a same b, b same c: one node), and stop at a "different":
two groups with a record judged different from a record of the other stay
apart, and the join is reported as a conflict for a reviewer to settle.

The node kept is the group's entity with most records, then the smallest key
(the matcher's rule for a record several entities want), so a joined node keeps
the key of its largest part; the others' keys are noted as moved by the rebuild.

A load that adds records (a list's newest edition) asks :func:`unjoined` which
"same" judgements on its records the store now holds apart, so that it can join
them at once rather than at the next ``rebuild`` (:mod:`.canonical`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.records import merge_props
from sanctiongraph.resolution.judgements import Judgement, Judgements, list_record
from sanctiongraph.resolution.matching import Matcher


@dataclass
class Joined:
    """What :func:`join_judged` did."""

    moved: dict[str, str] = field(default_factory=dict)  # key joined away → key kept
    conflicts: list[str] = field(default_factory=list)  # joins a "different" refused


def _entities(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    """The entities holding each list record (an edition's record and its list's record)."""
    out: dict[str, set[str]] = {}
    for n, a in g.nodes(data=True):
        if a.get("label") == "Entity":
            for r in a.get("records") or ():
                out.setdefault(list_record(str(r)), set()).add(n)
    return out


def join_judged(store: MemoryStore, judgements: Judgements) -> Joined:
    """Join in ``store`` the entities the standing "same" judgements bind."""
    g = store.graph
    holding = _entities(g)
    parent: dict[str, str] = {}
    members: dict[str, set[str]] = {}

    def find(e: str) -> str:
        while parent.get(e, e) != e:
            e = parent[e]
        return e

    def records(root: str) -> list[str]:
        return [str(r) for e in members.get(root, {root}) for r in g.nodes[e].get("records") or ()]

    done = Joined()
    for j in judgements.current():
        if j.verdict != "same":
            continue
        sides = [holding.get(list_record(j.a), set()), holding.get(list_record(j.b), set())]
        if not sides[0] or not sides[1]:
            continue  # a record not in the store (its source unloaded)
        for a in sorted(sides[0]):
            for b in sorted(sides[1]):
                ra, rb = find(a), find(b)
                if ra == rb:
                    continue
                if judgements.between(records(ra), records(rb)) == "different":
                    done.conflicts.append(refused(j, a, b))
                    continue
                parent[rb] = ra
                members[ra] = members.get(ra, {ra}) | members.pop(rb, {rb})
    for group in members.values():
        kept = min(group, key=lambda e: (-len(g.nodes[e].get("records") or ()), e))
        for gone in sorted(group - {kept}):
            _join(g, kept, gone)
            done.moved[gone] = kept
    if done.moved:
        store._names = None  # the look-up index of the nodes before
    return done


def refused(j: Judgement, a: str, b: str) -> str:
    """The line saying why the "same" ``j`` leaves entities ``a`` and ``b`` apart."""
    return (
        f"{j.a} and {j.b} were judged the same, but records of their "
        f"entities ({a}, {b}) were judged different: left apart"
    )


@dataclass
class Due:
    """What :func:`unjoined` found: "same" judgements a load's records leave apart."""

    judgements: list[Judgement] = field(default_factory=list)  # to join
    conflicts: list[str] = field(default_factory=list)  # a "different" refuses them


def unjoined(matcher: Matcher, judgements: Judgements, loaded: Iterable[str]) -> Due:
    """The standing "same" judgements on a record of ``loaded`` (an edition's record
    counts as its list's record, so a judgement made on an older edition concerns the
    newest) whose two sides ``matcher`` — the one that placed ``loaded``, indexing the
    store as it now is — holds in different entities."""
    mine = {list_record(r) for r in loaded}
    due = Due()
    if not mine:
        return due

    def holding(record: str) -> set[str]:
        return {e for e in matcher.by_list_record.get(list_record(record)) if e in matcher.profiles}

    for j in judgements.current():
        if j.verdict != "same" or not mine & {list_record(j.a), list_record(j.b)}:
            continue
        sides = holding(j.a), holding(j.b)
        apart = [(a, b) for a in sorted(sides[0]) for b in sorted(sides[1]) if a != b]
        if not apart:
            continue  # one side not in the store, or both in one entity already
        profiles = matcher.profiles
        if any(
            judgements.between(profiles[a].records, profiles[b].records) != "different"
            for a, b in apart
        ):
            due.judgements.append(j)
        else:
            due.conflicts.append(refused(j, *apart[0]))
    return due


def _join(g: nx.MultiDiGraph, kept: str, gone: str) -> None:
    """Fold node ``gone`` into ``kept``: its properties (lists unioned, ``kept``'s
    scalars and first match evidence standing, ``gone``'s names as aliases) and
    every relationship, re-pointed."""
    a, b = g.nodes[kept], g.nodes[gone]
    names = [n for n in (b.get("name"), b.get("name_local")) if n]
    merged = merge_props(b, a)
    merged["aliases"] = sorted(
        set(merged.get("aliases") or ()) | {n for n in names if n not in (a.get("name"),
                                                                          a.get("name_local"))}
    )  # fmt: skip
    a.clear()
    a.update(merged)
    moves: Iterable[tuple[str, str, str, dict[str, object]]] = [
        *((u, kept, k, d) for u, _, k, d in g.in_edges(gone, keys=True, data=True)),
        *((kept, v, k, d) for _, v, k, d in g.out_edges(gone, keys=True, data=True)),
    ]
    for u, v, k, d in list(moves):
        if u == v or gone in (u, v):
            continue  # a relationship between the two parts (or of ``gone`` to itself)
        if g.has_edge(u, v, k):
            held = g.edges[u, v, k]
            held.update(merge_props(held, d))
        else:
            g.add_edge(u, v, key=k, **d)
    g.remove_node(gone)
