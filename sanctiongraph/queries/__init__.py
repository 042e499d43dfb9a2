"""Named queries: Cypher text in ``*.cypher`` files, one in-process twin each.

``NAME.cypher`` is Neo4j 5 Cypher and runs verbatim on every Cypher store whose
dialect allows it; where LadybugDB's does not, ``NAME.ladybug.cypher`` stands
beside it, its first line saying why (``// why: …``). The networkx store runs
the twin in ``queries/embedded.py``. This module picks the text for a store's
``dialect`` and runs it through the store, so stores know no named query.

Each ``.cypher`` file starts with a header that this module parses::

    // name: overseas-branches
    // purpose: ...
    // param: entity Entity -- the entity: name, alias or key
    // columns: entity, branch, city, country_code, country

A parameter's type is a node label (the user's text is resolved to that
node's key before the query runs), or ``int``, ``bool``, ``date`` or ``string``; a
trailing ``?`` makes it optional. Values reach Cypher only as parameters.

>>> q = QUERIES["overseas-branches"]
>>> q.params[0].name, q.params[0].type
('entity', 'Entity')
>>> q.columns[:2]
('entity', 'branch')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING, Any, LiteralString

from sanctiongraph.graph.resolve import resolve
from sanctiongraph.graph.schema import SCHEMA

if TYPE_CHECKING:
    from sanctiongraph.graph.store import Row, Store


class QueryError(ValueError):
    """A named query was called wrongly (unknown name, bad or missing parameter)."""


# Defaults and bounds the .cypher text relies on (its path-length literals).
_DEFAULTS: dict[tuple[str, str], Any] = {
    ("multi-jurisdiction", "min_authorities"): 2,
    ("connection-path", "max_hops"): 6,
    ("connection-path", "hubs"): False,
    ("neighbourhood", "depth"): 1,
    ("authority-totals", "as_of"): "today",
}
_BOUNDS: dict[tuple[str, str], tuple[int, int]] = {
    ("multi-jurisdiction", "min_authorities"): (1, 1000),
    ("connection-path", "max_hops"): (1, 8),
    ("neighbourhood", "depth"): (1, 3),
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    purpose: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    cypher: str
    # dialect → text, for dialects whose Cypher cannot run ``cypher`` verbatim.
    variants: Mapping[str, str] = field(default_factory=dict)

    def _typed_nulls(self, text: str, params: Mapping[str, Any]) -> str:
        """LadybugDB types a parameter from its value and a null as BOOLEAN, so
        ``$p IS NULL OR x = $p`` fails for a null string; the header knows the type,
        so a null parameter is written ``CAST($p AS STRING)`` (a value, still a parameter)."""
        for p in self.params:
            if params.get(p.name) is None:
                cast = _LADYBUG_TYPES.get(p.type, "STRING")
                text = re.sub(rf"\${p.name}\b", f"CAST(${p.name} AS {cast})", text)
        return text

    def after(self, dialect: str, rows: list[Row]) -> list[Row]:
        """What a variant's header asks to be done to its rows in Python.

        ``// empty-is-null: col`` reads '' in list column ``col`` as null (a dialect
        whose collect() drops nulls carries them as ''); ``// sort: a, b`` sorts by
        those columns as Cypher's ORDER BY does (a dialect that cannot order a UNION);
        ``// split: pairs -> a, b`` turns a list of 'name|value' texts into the lists
        ``a`` (ordered by name) and ``b`` ('' read as null).
        """
        text = self.variants.get(dialect)
        if text is None:
            return rows
        for line in text.splitlines():
            m = _STEP.match(line.strip())
            if not m:
                continue
            cols = [c.strip() for c in m.group(2).split(",") if c.strip()]
            if m.group(1) == "empty-is-null":
                for row in rows:
                    for c in cols:
                        row[c] = [None if v == "" else v for v in row[c] or []]
            elif m.group(1) == "split":
                source, _, targets = m.group(2).partition("->")
                first, second = (c.strip() for c in targets.split(","))
                for row in rows:
                    pairs = sorted(
                        (p.rpartition("|")[::2] for p in row.pop(source.strip()) or []),
                        key=lambda pair: pair[0],
                    )
                    row[first] = [name for name, _ in pairs]
                    row[second] = [value or None for _, value in pairs]
            elif m.group(1) == "sort":
                rows.sort(key=lambda r: tuple((r[c] is None, r[c] or "") for c in cols))
        return rows

    def text_for(self, dialect: str, params: Mapping[str, Any] | None = None) -> str:
        """The text a store of ``dialect`` runs: its variant, else the Neo4j text.

        A variant made of ``UNION`` parts may start a part with ``// only: NAME >= N``:
        the part is left out unless the bound parameter NAME is at least N, so a
        depth that is not asked for is neither planned nor walked.
        """
        text = self.variants.get(dialect, self.cypher)
        if params is None:
            return text
        if dialect == "ladybug":
            text = self._typed_nulls(text, params)
        if "// only:" not in text:
            return text
        kept = []
        for part in re.split(r"(?m)^UNION\n", text):
            m = _ONLY.search(part)
            if m is None or int(params[m.group(1)]) >= int(m.group(2)):
                kept.append(part)
        return "UNION\n".join(kept)

    def bind(self, store: Store, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Check, convert and resolve user-given parameters into query parameters."""
        known = {p.name for p in self.params}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise QueryError(
                f"{self.name} takes no parameter {', '.join(unknown)}; "
                f"it takes: {', '.join(sorted(known)) or 'none'}"
            )
        out: dict[str, Any] = {}
        for p in self.params:
            value = raw.get(p.name)
            if value is None or value == "":
                value = _DEFAULTS.get((self.name, p.name))
                if value == "today":
                    value = dt.date.today().isoformat()
                if value is None:
                    if p.optional:
                        out[p.name] = None
                        continue
                    raise QueryError(f"{self.name} needs --param {p.name}=… ({p.doc})")
            out[p.name] = self._convert(store, p, value)
        if "hubs" in out:
            # The labels a path may not run through unless hubs are allowed: one rule, the
            # store's, for every dialect and for the explorer.
            from sanctiongraph.graph.store import Store

            out["avoid"] = sorted(Store.CONNECTION_HUBS)
        return out

    def _convert(self, store: Store, p: Param, value: Any) -> Any:
        if p.type == "int":
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise QueryError(f"{p.name} must be a whole number, got {value!r}") from None
            low, high = _BOUNDS.get((self.name, p.name), (-(2**63), 2**63 - 1))
            if not low <= number <= high:
                raise QueryError(f"{p.name} must be between {low} and {high}, got {number}")
            return number
        if p.type == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE | _FALSE:
                return text in _TRUE
            raise QueryError(f"{p.name} must be true or false, got {value!r}")
        if p.type == "date":
            try:
                return dt.date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise QueryError(f"{p.name} must be a date YYYY-MM-DD, got {value!r}") from None
        if p.type == "string":
            return str(value)
        return resolve(store, p.type, str(value))


_HEADER = re.compile(r"^//\s*(\w+):\s*(.*)$")
# Dates are bound as ISO text (queries call date($p)), labels as keys: both STRING.
_LADYBUG_TYPES = {"int": "INT64", "bool": "BOOLEAN"}
_TRUE, _FALSE = frozenset({"true", "yes", "1", "on"}), frozenset({"false", "no", "0", "off"})
_ONLY = re.compile(r"(?m)^//\s*only:\s*(\w+)\s*>=\s*(\d+)\s*$")
_STEP = re.compile(r"^//\s*(empty-is-null|sort|split):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)(\?)?\s*(?:--\s*(.*))?$")


def parse_query(text: str) -> NamedQuery:
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            break
        fields.setdefault(m.group(1), []).append(m.group(2).strip())
    try:
        name = fields["name"][0]
        purpose = fields["purpose"][0]
        columns = tuple(c.strip() for c in fields["columns"][0].split(","))
    except KeyError as missing:
        raise ValueError(f"query header lacks {missing}") from None
    params = []
    for spec in fields.get("param", []):
        m = _PARAM.match(spec)
        if not m:
            raise ValueError(f"{name}: bad param line {spec!r}")
        ptype = m.group(2)
        if ptype not in {"int", "bool", "date", "string"} and ptype not in SCHEMA.labels:
            raise ValueError(f"{name}: unknown param type {ptype!r}")
        params.append(Param(m.group(1), ptype, bool(m.group(3)), m.group(4) or ""))
    return NamedQuery(name, purpose, tuple(params), columns, text)


DIALECTS = ("ladybug",)
_WHY = re.compile(r"^//\s*why:\s*\S")


def _load_all() -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    variants: dict[str, dict[str, str]] = {}
    for item in sorted(resources.files(__package__).iterdir(), key=lambda t: t.name):
        if not item.name.endswith(".cypher"):
            continue
        stem = item.name.removesuffix(".cypher")
        base, _, dialect = stem.rpartition(".")
        if base:
            text = item.read_text(encoding="utf-8")
            if dialect not in DIALECTS:
                raise ValueError(f"{item.name}: unknown dialect {dialect!r}")
            if not _WHY.match(text.splitlines()[0] if text else ""):
                raise ValueError(f"{item.name} must start with a '// why: …' line")
            variants.setdefault(base, {})[dialect] = text
            continue
        q = parse_query(item.read_text(encoding="utf-8"))
        if q.name != stem:
            raise ValueError(f"{item.name} declares name {q.name!r}")
        out[q.name] = q
    for name, texts in variants.items():
        if name not in out:
            raise ValueError(f"dialect variants of {name!r}, which has no {name}.cypher")
        out[name] = replace(out[name], variants=texts)
    return out


QUERIES: dict[str, NamedQuery] = _load_all()


def get_query(name: str) -> NamedQuery:
    try:
        return QUERIES[name]
    except KeyError:
        raise QueryError(
            f"no named query {name!r}; the named queries are: {', '.join(sorted(QUERIES))}"
        ) from None


def run_query(store: Store, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
    """Run a named query on any store; parameters are given as users type them.

    Returns rows as dicts with the query's columns, in the query's order.
    """
    query = get_query(name)
    bound = query.bind(store, params or {})
    if name == "connection-path" and bound["entity_a"] == bound["entity_b"]:
        raise QueryError("connection-path needs two different entities")
    return run_bound(store, name, bound)


def run_bound(store: Store, name: str, bound: Mapping[str, Any]) -> list[Row]:
    """Run a named query whose parameters are already keys and typed values.

    The text (or in-process twin) is the one for the store's dialect.
    """
    query = get_query(name)
    if store.dialect == "networkx":
        from sanctiongraph.graph.deadline import check_rows, deadline
        from sanctiongraph.queries.embedded import RUNNERS

        limits = getattr(store, "limits", None)
        with deadline(limits.query_timeout if limits else 0):
            rows = RUNNERS[name](store.to_networkx(), bound)
        if limits is not None:
            check_rows(len(rows), limits.max_rows)
    else:
        # The text comes from the package's .cypher files, never from users.
        text: LiteralString = query.text_for(store.dialect, bound)
        rows = query.after(store.dialect, store.read(text, bound))
    from sanctiongraph.queries.links import AFTER

    if name in AFTER:
        rows = AFTER[name](rows)
    return [{c: row.get(c) for c in query.columns} for row in rows]
