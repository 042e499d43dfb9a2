"""What loaders hand to writers: nodes and relationships checked against the schema.

A node's key is its ``id``; ids are unique across labels (they start with the
label's prefix, e.g. ``country:KP``). A relationship is identified by its type
and its two end ids, so writing it twice merges, as Cypher's MERGE does.

>>> n = node("Country", "country:KP", {"code": "KP", "name": "North Korea"}, cite("seed", "x"))
>>> n.props["match_names"]
['kp', 'north korea']
>>> n.props["sources"], n.props["records"]
(['source:seed'], ['source:seed#x'])
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sanctiongraph.graph.names import match_names
from sanctiongraph.graph.schema import LIST_TYPES, SCHEMA, NodeType, Prop

Props = dict[str, Any]


class SchemaError(ValueError):
    """A record does not fit the knowledge model."""


@dataclass(frozen=True)
class Node:
    label: str
    id: str
    props: Props


@dataclass(frozen=True)
class Rel:
    type: str
    start: str
    end: str
    props: Props


def source_key(source: str) -> str:
    """The Source node id for a source handle: ``"ofac"`` → ``"source:ofac"``."""
    if "#" in source:
        raise SchemaError(f"source ids may not contain '#': {source!r}")
    return source if source.startswith("source:") else f"source:{source}"


def cite(source: str, record: str | None = None) -> Props:
    """Provenance properties for one assertion by ``source`` (and one of its records).

    ``sources`` holds Source node ids, so a fact joins to the Source that asserts it.
    """
    sid = source_key(source)
    return {"sources": [sid], "records": [f"{sid}#{record}"] if record else []}


def key(prefix: str, *parts: object) -> str:
    """A deterministic id from readable parts.

    >>> key("entity", "Korea Computer Center")
    'entity:korea-computer-center'
    """
    from normality import slugify  # a heavy import, and only loaders make keys

    slugs = [slugify(str(p)) or str(p) for p in parts if p is not None and str(p) != ""]
    return ":".join([prefix, *slugs])


def _check_value(owner: str, prop: Prop, value: Any) -> Any:
    if value is None:
        return None
    # Most values are text for a text property: checked first, as every record of every
    # load passes here (a third of a synthetic million-entity load was spent in this module).
    if type(value) is str and prop.type == "string":
        return value.strip() or None
    if prop.type in LIST_TYPES:
        if type(value) is list and len(value) == 1 and type(value[0]) is str:
            one = value[0].strip()  # provenance: one source, one record, on every record
            return [one] if one else None
        if isinstance(value, str) or not isinstance(value, list | tuple | set):
            raise SchemaError(f"{owner}.{prop.name} must be a list of strings, got {value!r}")
        if any(isinstance(v, _CONTAINERS) for v in value):
            raise SchemaError(f"{owner}.{prop.name} must be a list of strings, got a nested "
                              f"{type(value).__name__}: {_short(value)}")  # fmt: skip
        stripped = (v if type(v) is str else str(v) for v in value if v is not None)
        items = sorted({t for t in (v.strip() for v in stripped) if t})
        return items or None
    if prop.type == "date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise SchemaError(f"{owner}.{prop.name} is not an ISO date: {value!r}") from None
    if prop.type == "int":
        return int(value)
    if prop.type == "float":
        return float(value)
    if isinstance(value, _CONTAINERS):  # never stored as its Python repr
        raise SchemaError(f"{owner}.{prop.name} must be text, got a {type(value).__name__}: "
                          f"{_short(value)}")  # fmt: skip
    text = str(value).strip()
    return text or None


_CONTAINERS = (list, tuple, set, frozenset, dict)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _clean(
    owner: str,
    allowed: Mapping[str, Prop],
    props: Mapping[str, Any],
    provenance: Mapping[str, Any] | None = None,
) -> Props:
    """``props`` and then ``provenance`` (which wins on a shared name) checked and stripped.

    The two are read one after the other rather than merged into a new dict first, and
    the two commonest values (a text for a text property; a list of one text, which is
    the provenance of every record) are checked here without a call: every record of
    every load passes through this loop.
    """
    kinds = _kinds(owner)
    out: Props = {}
    for part in (props, provenance):
        if not part:
            continue
        shadowed = provenance if part is props else None
        for name, value in part.items():
            kind = kinds.get(name)
            if kind is None:
                raise SchemaError(f"{owner} has no property {name!r}")
            if shadowed and name in shadowed:
                continue
            if value is None:
                continue
            if type(value) is str and kind == "string":
                text = value.strip()
                if text:
                    out[name] = text
                continue
            if type(value) is list and len(value) == 1 and kind in LIST_TYPES:
                one = value[0]
                if type(one) is str:
                    one = one.strip()
                    if one:
                        out[name] = [one]
                    continue
            checked = _check_value(owner, allowed[name], value)
            if checked is not None:
                out[name] = checked
    return out


def _derive_match_names(nt: NodeType, props: Props) -> None:
    values: list[object] = []
    for name in nt.name_props:
        v = props.get(name)
        if isinstance(v, list):
            values.extend(v)
        elif v is not None:
            values.append(v)
    names = match_names(values)
    if names:
        props["match_names"] = names


@cache
def _kinds(owner: str) -> dict[str, str]:
    """A label's or relationship type's property types by property name."""
    return {name: p.type for name, p in _allowed(owner).items()}


@cache
def _allowed(owner: str) -> dict[str, Prop]:
    """A label's or relationship type's properties by name (the schema never changes)."""
    if owner in _PREFIXES.values():
        return {p.name: p for p in SCHEMA.node(owner).props}
    return {p.name: p for p in SCHEMA.rel(owner).props}


def node(
    label: str,
    id_: str,
    props: Mapping[str, Any],
    provenance: Mapping[str, Any],
    *,
    entry: str | None = None,
    date: str | None = None,
    record: str | None = None,
) -> Node:
    """One record's node, its properties checked against the schema.

    A record of a label that keeps ``stated`` (an Entity) states its
    :data:`AMENDABLE_PROPS` (unless ``props`` holds its ``stated`` already): as the
    edition dated ``date`` of a list's ``entry`` (even when it states none of them: the
    edition then says the entry has none), or, given no entry, as an undated entry of
    its own, ``unlisted:<record>`` (a curated file's record, even one citing a list's
    record), which no list's edition supersedes. So :func:`merge_props` keeps every
    amendable value some record still asserts, in whatever order records are merged.
    ``record`` names the record that states them (by default the first record of
    ``provenance``).

    >>> old = node("Entity", "entity:x", {"aliases": ["A"]}, cite("un-2018", "1"),
    ...            entry="list:un#1", date="2018-01-01")
    >>> new = node("Entity", "entity:x", {"aliases": ["B"]}, cite("un-2022", "1"),
    ...            entry="list:un#1", date="2022-01-01")
    >>> curated = node("Entity", "entity:x", {"aliases": ["A"]}, cite("notes", "x"))
    >>> curated.props["stated"]
    ['["","unlisted:source:notes#x","source:notes#x",{"aliases":["A"]}]']
    >>> merge_props(merge_props(old.props, new.props), curated.props)["aliases"]
    ['A', 'B']
    >>> merge_props(merge_props(curated.props, old.props), new.props)["aliases"]
    ['A', 'B']
    """
    nt = SCHEMA.node(label)
    if not id_:
        raise SchemaError(f"{label} needs an id")
    if label_of(id_) != label:
        raise SchemaError(f"{label} id {id_!r} must start with {label.lower()!r}:")
    clean = _clean(label, _allowed(label), props, provenance)
    if not clean.get("sources"):
        raise SchemaError(f"{label} {id_} has no source: every fact needs one")
    clean["id"] = id_
    _derive_match_names(nt, clean)
    if "stated" not in clean and _keeps_stated(label):
        own = record or (clean.get("records") or clean["sources"])[0]
        if entry is not None:
            clean["stated"] = [statement(date, entry, own, clean)]
        elif any(p in clean for p in AMENDABLE_PROPS):
            # An entry no list's record can name: a curated record citing a list's record
            # (the seed cites MOF's) is not that record's undated, superseded edition.
            clean["stated"] = [statement(None, f"{UNLISTED}{own}", own, clean)]
    return Node(label, id_, clean)


# The entry of a record that is no list's edition (graph.records.node): its own.
UNLISTED = "unlisted:"


@cache
def _keeps_stated(label: str) -> bool:
    return "stated" in _kinds(label)


def rel(
    type_: str,
    start: str,
    end: str,
    provenance: Mapping[str, Any],
    props: Mapping[str, Any] | None = None,
) -> Rel:
    if not provenance.get("sources"):
        raise SchemaError(f"{type_} {start}->{end} has no source: every fact needs one")
    if SCHEMA.rel(type_).cited_by is not None:
        # Asserted by the records of the end node it is cited by, which the same record
        # yields with this provenance (graph.schema.cited_by): none of its own to keep.
        return Rel(type_, start, end, _clean(type_, _allowed(type_), props or {}))
    return Rel(type_, start, end, _clean(type_, _allowed(type_), props or {}, provenance))


# Properties whose first value stands: the rule and evidence that first joined a list's
# record to an entity (TARGETS), which a later edition's match must not write over.
FIRST_VALUE_PROPS = frozenset(["match_basis", "match_confidence"])

# An entity's values that an edition of a list asserts for one of its records, and that
# a newer edition of the same record supersedes (the publisher amended the entry: the
# UK's CHATAEV, Group ID 13300, born 1980-07-14 in 2018 and 1980-07-04 in 2022). The
# entity's name is not among them: it is the entity's key's name and stays.
AMENDABLE_PROPS = (
    "aliases",
    "birth_dates",
    "nationalities",
    "id_numbers",
    "imo",
    "swift_bic",
    "ofac_ent_num",
    "un_ref",
    "jp_notice",
)


def statement(date: str | None, entry: str, record: str, values: Mapping[str, Any]) -> str:
    """What one record of one edition asserts of the :data:`AMENDABLE_PROPS`, as one
    ``stated`` item: ``[date, entry, record, {prop: [values]}]`` in JSON.

    ``entry`` names the list's record across its editions (``list:<list>#<id>``), or is
    ``record`` itself where the list keeps no stable ids (each record its own entry).

    >>> statement("2022-05-04", "list:x#1", "source:x-2022-05-04#1", {"birth_dates": ["1980"]})
    '["2022-05-04","list:x#1","source:x-2022-05-04#1",{"birth_dates":["1980"]}]'
    """
    said = {p: sorted(values[p]) for p in AMENDABLE_PROPS if values.get(p)}
    return json.dumps([date or "", entry, record, said], ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)  # fmt: skip


def superseded(stated: list[str]) -> dict[str, set[str]]:
    """The values, by property, that only superseded editions assert: those of an entry's
    older editions (by publication date) that neither its newest edition nor any other
    record of the entity asserts. Editions of one date are all in force.

    >>> old = statement("2018-04-13", "list:x#1", "source:a#1", {"birth_dates": ["1980-07-14"]})
    >>> new = statement("2022-05-04", "list:x#1", "source:b#1", {"birth_dates": ["1980-07-04"]})
    >>> superseded([old, new])
    {'birth_dates': {'1980-07-14'}}
    """
    rows = [json.loads(s) for s in stated]
    newest: dict[str, str] = {}
    for date, entry, _, _ in rows:
        newest[entry] = max(newest.get(entry, date), date)
    current: dict[str, set[str]] = {}
    older: dict[str, set[str]] = {}
    for date, entry, _, said in rows:
        into = current if date == newest[entry] else older
        for prop, values in said.items():
            into.setdefault(prop, set()).update(values)
    out = {p: values - current.get(p, set()) for p, values in older.items()}
    return {p: values for p, values in out.items() if values}


def amended(stated: list[str]) -> list[dict[str, str]]:
    """Each value an older edition of an entry asserted that the entry's newest edition
    does not: the entry's history an entity's page shows beside its current values.

    >>> old = statement("2018-04-13", "list:x#1", "source:a#1", {"birth_dates": ["1980-07-14"]})
    >>> new = statement("2022-05-04", "list:x#1", "source:b#1", {"birth_dates": ["1980-07-04"]})
    >>> amended([old, new])
    [{'property': 'birth_dates', 'value': '1980-07-14', 'record': 'source:a#1', \
'amended_by': 'source:b#1'}]
    """
    rows = [json.loads(s) for s in stated]
    newest: dict[str, str] = {}
    for date, entry, _, _ in rows:
        newest[entry] = max(newest.get(entry, date), date)
    now: dict[str, dict[str, set[str]]] = {}
    by: dict[str, list[str]] = {}
    for date, entry, record, said in rows:
        if date == newest[entry]:
            by.setdefault(entry, []).append(record)
            for prop, values in said.items():
                now.setdefault(entry, {}).setdefault(prop, set()).update(values)
    out = []
    for date, entry, record, said in rows:
        if date == newest[entry]:
            continue
        for prop, values in sorted(said.items()):
            for v in values:
                if v not in now.get(entry, {}).get(prop, set()):
                    out.append({"property": prop, "value": v, "record": record,
                                "amended_by": ", ".join(sorted(by[entry]))})  # fmt: skip
    return out


def merge_props(old: Props, new: Props) -> Props:
    """Merge ``new`` into a copy of ``old``: lists are unioned, scalars are set, but
    those of :data:`FIRST_VALUE_PROPS` keep the value they first had, and the values of
    an entry's edition a newer edition superseded (``stated``) are taken out.

    Idempotent, and the result depends only on the union of what was merged, not on
    its order: merging the same props twice gives the same result, and an older
    edition merged after a newer one does not bring its values back.

    >>> merge_props({"aliases": ["a"], "name": "x"}, {"aliases": ["b", "a"], "name": "y"})
    {'aliases': ['a', 'b'], 'name': 'y'}
    >>> merge_props({"match_basis": "same name"}, {"match_basis": "identifier"})
    {'match_basis': 'same name'}
    """
    out = dict(old)
    for k, v in new.items():
        prev = out.get(k)
        if k in FIRST_VALUE_PROPS and prev is not None:
            continue
        if isinstance(v, list) and isinstance(prev, list):
            out[k] = sorted(set(prev) | set(v))
        else:
            out[k] = v
    stated = out.get("stated")
    if "stated" in new and isinstance(stated, list) and len(stated) > 1:
        for prop, gone in superseded(stated).items():
            held = out.get(prop)
            if isinstance(held, list):
                kept = [v for v in held if v not in gone]
                if kept:
                    out[prop] = kept
                else:
                    del out[prop]
    return out


def label_of(id_: str) -> str:
    """The label encoded in an id's prefix (``entity:…`` → ``Entity``)."""
    label = _PREFIXES.get(id_.split(":", 1)[0])
    if label is None:
        raise SchemaError(f"id {id_!r} does not start with a known label prefix")
    return label


_PREFIXES = {label.lower(): label for label in SCHEMA.labels}
