"""The curated format: lists no authority publishes machine-readably, and events.

A curated file is YAML (``format: sanctiongraph-curated/1``) with the sections
``sources``, ``authorities``, ``events``, ``instruments``, ``entities``,
``listings`` and ``claims``. Every item carries ``cite``: a list of ``"<source id>#<record>"``
strings naming the source (declared under ``sources``) and the place in it.
The manual's "Curated lists" section (docs/resolution.md) documents each field; the seed story,
``sanctiongraph/data/seed_2017.yaml``, is the worked example.

>>> from sanctiongraph.graph.memory import MemoryStore
>>> store = MemoryStore()
>>> summary = load_seed(store)
>>> summary.nodes["Entity"]
36
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sanctiongraph.graph.countries import country_name, resolve_country
from sanctiongraph.graph.names import normalize_name
from sanctiongraph.graph.records import Node, Rel, SchemaError, key, node, rel, source_key
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.build import branch_key
from sanctiongraph.loaders.base import LoadError, LoadSummary, load_into
from sanctiongraph.loaders.limits import read_document
from sanctiongraph.loaders.target import Address
from sanctiongraph.queries import run_query

FORMAT = "sanctiongraph-curated/1"
SEED = "seed_2017.yaml"
# YAML aliases can multiply a small file into a huge document ("billion laughs").
MAX_EXPANDED_NODES = 1_000_000
SECTIONS = (
    "sources", "authorities", "events", "instruments", "entities", "listings", "claims",
)  # fmt: skip
DATA_FILES = (SEED, "unsc_dprk.yaml")
_LAUNCH = re.compile(r"^(\d{4}-\d{2}-\d{2})(?: ([a-z_]+))?$")
# A resolution may condemn "a series of launches since D": every launch from one
# local date to another, both included (an ISO 8601 interval), optionally of one type.
_CONDEMNS_KEYS = {"event", "launch", "launches"}
_LAUNCHES = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})(?: ([a-z_]+))?$")


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many nodes the document has once every alias is expanded."""
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a cycle counts once; SafeLoader would refuse it anyway
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


def _safe_yaml(raw: str) -> Any:
    """SafeLoader (never builds Python objects) that also refuses alias bombs."""
    loader = yaml.SafeLoader(raw)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        size = _expanded_size(root, {})
        if size > MAX_EXPANDED_NODES:
            raise yaml.YAMLError(
                f"its aliases expand to {size:,} values (limit {MAX_EXPANDED_NODES:,}); "
                "refused as a possible alias bomb"
            )
        return loader.construct_document(root)
    finally:
        loader.dispose()


# Nesting deeper than this is no curated list (the seed nests 4 deep); PyYAML would
# recurse into it (and hit Python's recursion limit near 1,000).
MAX_NESTING = 200
_BRACKETS = re.compile(r"[\[\]{}]")


def _deepest(raw: str) -> tuple[int, int]:
    """How deep the flow nesting (``[`` and ``{``) goes, and where it is deepest; else
    where the indentation is deepest."""
    depth = best = at = 0
    for m in _BRACKETS.finditer(raw):
        if m.group() in "[{":
            depth += 1
            if depth > best:
                best, at = depth, m.start()
        else:
            depth -= 1
    if best:
        return best, at
    lines = raw.splitlines(keepends=True) or [""]
    widest = max(range(len(lines)), key=lambda n: len(lines[n]) - len(lines[n].lstrip()))
    return 0, sum(len(x) for x in lines[:widest])


def read_curated(path: str | Path, text: str | None = None) -> dict[str, Any]:
    path = Path(path)
    try:
        raw = text if text is not None else read_document(path).decode("utf-8")
    except UnicodeDecodeError as err:
        raise LoadError(path, f"byte {err.start}", "not UTF-8 text") from None
    depth, at = _deepest(raw)
    try:
        if depth > MAX_NESTING:
            raise RecursionError
        doc = _safe_yaml(raw)
    except RecursionError:
        # PyYAML composes nested collections recursively; a document nested thousands
        # deep is no curated list.
        line = raw.count("\n", 0, at) + 1
        raise LoadError(path, f"line {line}", "nested too deeply to be a curated list") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise LoadError(path, where, f"not valid YAML: {err.problem}") from None
    except yaml.YAMLError as err:
        raise LoadError(path, None, f"not valid YAML: {err}") from None
    if not isinstance(doc, dict):
        raise LoadError(path, None, "empty, or not a curated list (a YAML mapping is expected)")
    if doc.get("format") != FORMAT:
        raise LoadError(path, "format", f"expected format: {FORMAT}, got {doc.get('format')!r}")
    for section in SECTIONS:
        value = doc.get(section) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise LoadError(path, section, "must be a list of mappings")
        doc[section] = value
    return doc


def same_event(
    existing: Sequence[Mapping[str, Any]], key: str, props: Mapping[str, Any]
) -> str | None:
    """The key of a launch already in the graph that is this curated launch, if exactly one.

    Same type and same local date, and, when several launches of that type share the
    day, the one whose missile the curated name holds; never the event itself.

    >>> rows = [{"key": "event:launch:x", "type": "icbm_launch", "date": "2017-11-29",
    ...          "missile": "hwasong-15"}]
    >>> same_event(rows, "event:seed", {"type": "icbm_launch", "date": "2017-11-29"})
    'event:launch:x'
    >>> same_event(rows, "event:seed", {"type": "nuclear_test", "date": "2017-11-29"}) is None
    True
    """
    kind, day = str(props.get("type") or ""), props.get("date")
    if not kind.endswith("_launch") or not day:
        return None
    if any(r["key"] == key for r in existing):
        return None
    found = [r for r in existing if r.get("type") == kind and r.get("date") == str(day)]
    if len(found) > 1:
        name = normalize_name(str(props.get("name") or "")) or ""
        found = [
            r for r in found if r.get("missile") and (normalize_name(r["missile"]) or "-") in name
        ]
    return str(found[0]["key"]) if len(found) == 1 else None


class _Builder:
    """Turns one curated document into records, checking references as it goes."""

    def __init__(
        self, path: Path, doc: Mapping[str, Any], existing: Sequence[Mapping[str, Any]] = ()
    ) -> None:
        self.path = path
        self.doc = doc
        self.existing = existing  # rows of the `events` query: the graph's events
        self.sources = {str(s.get("id")) for s in doc["sources"]}
        self.countries: set[str] = set()
        self.authorities: dict[str, str] = {}
        # "event:<id in the file>" → the key written: an event the graph already holds
        # (the missile catalogue's) when it is the same launch (loaders.events_match).
        self.events: dict[str, str] = {}
        self.instruments: dict[str, str] = {}
        self.entities: dict[str, str] = {}
        self.records = 0

    def fail(self, where: str, message: str) -> LoadError:
        return LoadError(self.path, where, message)

    def mappings(self, where: str, item: Mapping[str, Any], field: str) -> list[Mapping[str, Any]]:
        """``item[field]``: a list of mappings (or nothing), else one line naming the record."""
        value = item.get(field) or []
        if not isinstance(value, list):
            raise self.fail(f"{where}.{field}", f"must be a list of mappings, got {_shape(value)}")
        for j, v in enumerate(value):
            if not isinstance(v, dict):
                raise self.fail(f"{where}.{field}[{j}]", f"must be a mapping, got {_shape(v)}")
        return value

    def kind(self, where: str, item: Mapping[str, Any], kinds: Sequence[str], what: str) -> str:
        """``item["kind"]``, one of ``kinds``."""
        kind = item.get("kind")
        if not isinstance(kind, str) or kind not in kinds:
            raise self.fail(where, f"{what} must be {', '.join(kinds[:-1])} or {kinds[-1]}, "
                            f"got {_shown(kind)}")  # fmt: skip
        return kind

    def guarded(self, where: str, records: Iterator[Node | Rel]) -> Iterator[Node | Rel]:
        """A record's nodes and relationships; a field of a shape the checks did not
        foresee (a list where a name goes) fails as one line naming the record, never
        as a Python traceback."""
        try:
            yield from records
        except (AttributeError, TypeError, KeyError, ValueError) as err:
            if isinstance(err, LoadError):
                raise
            detail = " ".join(str(err).split())[:200]
            raise self.fail(where, f"a field of the wrong shape ({detail})") from None

    def cite(
        self, where: str, item: Mapping[str, Any], field: str = "cite"
    ) -> dict[str, list[str]]:
        cites = item.get(field)
        if not cites or not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
            raise self.fail(where, f"needs {field!r}: a list of '<source id>#<record>'")
        sources, records = [], []
        for c in cites:
            source, _, record = str(c).partition("#")
            if source not in self.sources:
                raise self.fail(where, f"cites unknown source {source!r}")
            sources.append(source_key(source))
            if record:
                records.append(f"{source_key(source)}#{record}")
        return {"sources": sources, "records": records}

    def country(self, where: str, text: Any, prov: dict[str, list[str]]) -> Iterator[Node]:
        found = resolve_country(str(text))
        if found is None:
            raise self.fail(where, f"unknown country {text!r}")
        code = found[0]
        self.countries.add(code)
        yield node("Country", f"country:{code}", {"code": code, "name": country_name(code)}, prov)

    def build(self) -> Iterator[Node | Rel]:
        for i, s in enumerate(self.doc["sources"]):
            where = f"sources[{i}]"
            sid = s.get("id")
            if not sid or "#" in str(sid):
                raise self.fail(where, "needs an id without '#'")
            props = {k: v for k, v in s.items() if k != "id"}
            self.records += 1
            sid = source_key(str(sid))
            yield self._node(where, "Source", sid, props, {"sources": [sid]})
        for i, a in enumerate(self.doc["authorities"]):
            yield from self.guarded(f"authorities[{i}]", self._authority(f"authorities[{i}]", a))
        for i, ev in enumerate(self.doc["events"]):
            yield from self.guarded(f"events[{i}]", self._event(f"events[{i}]", ev))
        self.instruments = {
            str(it.get("id")): f"instrument:{it.get('id')}" for it in self.doc["instruments"]
        }
        for i, it in enumerate(self.doc["instruments"]):
            where = f"instruments[{i}]"
            yield from self.guarded(where, self._instrument(where, it))
        for i, e in enumerate(self.doc["entities"]):
            yield from self.guarded(f"entities[{i}]", self._entity(f"entities[{i}]", e))
        for i, listing in enumerate(self.doc["listings"]):
            yield from self.guarded(f"listings[{i}]", self._listing(f"listings[{i}]", listing))
        for i, c in enumerate(self.doc["claims"]):
            yield from self.guarded(f"claims[{i}]", self._claim(f"claims[{i}]", c))

    def _node(
        self, where: str, label: str, id_: str, props: Mapping[str, Any], prov: Mapping[str, Any]
    ) -> Node:
        try:
            return node(label, id_, props, prov)
        except SchemaError as err:
            raise self.fail(where, str(err)) from None

    def _rel(
        self,
        where: str,
        type_: str,
        start: str,
        end: str,
        prov: Mapping[str, Any],
        props: Mapping[str, Any] | None = None,
    ) -> Rel:
        try:
            return rel(type_, start, end, prov, props)
        except SchemaError as err:
            raise self.fail(where, str(err)) from None

    def _id(self, where: str, item: Mapping[str, Any]) -> str:
        value = item.get("id")
        if not value or not isinstance(value, str | int):
            raise self.fail(where, "needs an 'id'")
        return str(value)

    def _authority(self, where: str, a: Mapping[str, Any]) -> Iterator[Node | Rel]:
        short = self._id(where, a)
        aid = f"authority:{short}"
        prov = self.cite(where, a)
        self.records += 1
        yield self._node(
            where,
            "Authority",
            aid,
            {"name": a.get("name"), "kind": a.get("kind"), "short": short},
            prov,
        )
        self.authorities[short] = aid
        if a.get("country"):
            country = next(iter(self.country(where, a["country"], prov)))
            yield country
            yield self._rel(where, "REPRESENTS", aid, country.id, prov)

    def _event(self, where: str, ev: Mapping[str, Any]) -> Iterator[Node | Rel]:
        local = f"event:{self._id(where, ev)}"
        prov = self.cite(where, ev)
        props = {k: ev.get(k) for k in self._EVENT_FIELDS}
        eid = same_event(self.existing, local, props) or local
        self.records += 1
        yield self._node(where, "Event", eid, props, prov)
        self.events[local] = eid
        if ev.get("carried_out_by"):
            country = next(iter(self.country(where, ev["carried_out_by"], prov)))
            yield country
            yield self._rel(where, "CARRIED_OUT_BY", eid, country.id, prov)

    _EVENT_FIELDS = (
        "type", "name", "date", "date_utc", "time_utc", "date_precision", "date_basis",
        "missile", "missile_class", "description", "landed",
    )  # fmt: skip
    _INSTRUMENT_FIELDS = (
        "kind", "name", "symbol", "number", "date", "authority", "programme", "designates_on",
        "description",
    )  # fmt: skip

    def _instrument(self, where: str, it: Mapping[str, Any]) -> Iterator[Node | Rel]:
        iid = f"instrument:{self._id(where, it)}"
        prov = self.cite(where, it)
        kinds = ("resolution", "committee_round", "statement", "national_notice")
        if not isinstance(it.get("kind"), str) or it.get("kind") not in kinds:
            raise self.fail(where, f"unknown instrument kind {_shown(it.get('kind'))}")
        props: dict[str, Any] = {k: it.get(k) for k in self._INSTRUMENT_FIELDS}
        if it.get("directed_by"):
            props["directed_by"] = self.instruments.get(str(it["directed_by"]))
            if props["directed_by"] is None:
                raise self.fail(where, f"directed_by names no instrument {it['directed_by']!r}")
        launches: list[str] = []
        events: list[str] = []
        for j, c in enumerate(it.get("condemns") or []):
            cwhere = f"{where}.condemns[{j}]"
            if not isinstance(c, dict) or len(c) != 1 or not _CONDEMNS_KEYS & set(c):
                raise self.fail(
                    cwhere,
                    "give one of event: <event id>, launch: YYYY-MM-DD [type] or "
                    "launches: YYYY-MM-DD/YYYY-MM-DD [type]",
                )
            if "launches" in c:
                m = _LAUNCHES.match(str(c["launches"]))
                if not m:
                    raise self.fail(
                        cwhere, f"launches {c['launches']!r} is not 'YYYY-MM-DD/YYYY-MM-DD [type]'"
                    )
                if m.group(2) < m.group(1):
                    raise self.fail(cwhere, f"launches {c['launches']!r} ends before it starts")
                launches.append(str(c["launches"]))
            elif "event" in c:
                evid = self.events.get(f"event:{c['event']}")
                if evid is None:
                    raise self.fail(cwhere, f"unknown event {c['event']!r}")
                events.append(evid)
            elif not _LAUNCH.match(str(c["launch"])):
                raise self.fail(cwhere, f"launch {c['launch']!r} is not 'YYYY-MM-DD [type]'")
            else:
                launches.append(str(c["launch"]))
        props["condemns_launches"] = launches
        self.records += 1
        yield self._node(where, "Instrument", iid, props, prov)
        for evid in events:
            yield self._rel(where, "CONDEMNS", iid, evid, prov)

    _ENTITY_FIELDS = (
        "kind", "name", "name_local", "aliases", "sector", "sector_basis", "imo", "swift_bic",
        "ofac_ent_num", "un_ref", "jp_notice", "notes",
    )  # fmt: skip

    def _entity(self, where: str, e: Mapping[str, Any]) -> Iterator[Node | Rel]:
        local = self._id(where, e)
        eid = key("entity", local) if not local.startswith("entity:") else local
        prov = self.cite(where, e)
        self.kind(where, e, ("organization", "person", "vessel", "aircraft"), "kind")
        props = {k: e.get(k) for k in self._ENTITY_FIELDS}
        self.records += 1
        yield self._node(where, "Entity", eid, props, prov)
        self.entities[local] = eid
        if e.get("headquartered_in"):
            hq_prov = (
                self.cite(where, e, "headquarters_cite") if e.get("headquarters_cite") else prov
            )
            country = next(iter(self.country(where, e["headquartered_in"], hq_prov)))
            yield country
            yield self._rel(where, "HEADQUARTERED_IN", eid, country.id, hq_prov)
        for j, b in enumerate(self.mappings(where, e, "branches")):
            bwhere = f"{where}.branches[{j}]"
            bprov = self.cite(bwhere, b)
            country = next(iter(self.country(bwhere, b.get("country"), bprov)))
            # One office, one Branch: the key the list loaders give the same office
            # (country and city, else the address, else the country alone), so a list
            # loaded onto a curated story adds its records to the story's offices.
            office = Address(str(b.get("address") or ""), city=b.get("city"))
            role = str(b.get("role") or "branch")
            bid = branch_key(eid.split(":", 1)[1], office, str(country.props["code"]), role)
            props = {
                "name": b.get("name"),
                "role": role,
                "address": b.get("address"),
                "city": b.get("city"),
                "city_key": normalize_name(b.get("city")),
                "country_code": country.props["code"],
            }
            yield self._node(bwhere, "Branch", bid, props, bprov)
            yield country
            yield self._rel(bwhere, "HAS_BRANCH", eid, bid, bprov)
            yield self._rel(bwhere, "LOCATED_IN", bid, country.id, bprov)

    def _listing(self, where: str, item: Mapping[str, Any]) -> Iterator[Node | Rel]:
        prov = self.cite(where, item)
        aid = self.authorities.get(str(item.get("authority")))
        if aid is None:
            raise self.fail(where, f"unknown authority {item.get('authority')!r}")
        eid = self.entities.get(str(item.get("entity")))
        if eid is None:
            raise self.fail(where, f"unknown entity {item.get('entity')!r}")
        status = item.get("status") or "listed"
        if status not in {"listed", "delisted"}:
            raise self.fail(where, f"status must be listed or delisted, got {status!r}")
        programme = item.get("programme")
        lid = key("listing", aid.split(":", 1)[1], eid.split(":", 1)[1], programme)
        authority_name = next(
            (
                a.get("name")
                for a in self.doc["authorities"]
                if str(a.get("id")) == item["authority"]
            ),
            item["authority"],
        )
        when = item.get("listed_on") or "date unknown"
        caption = f"{authority_name}: {programme or 'listing'} ({when})"
        props = {
            "name": caption,
            "programme": programme,
            "reference": item.get("reference"),
            "listed_on": item.get("listed_on"),
            "listed_on_basis": item.get("listed_on_basis"),
            "status": status,
            "delisted_on": item.get("delisted_on"),
            "observed_on": item.get("observed_on"),
        }
        self.records += 1
        yield self._node(where, "Listing", lid, props, prov)
        yield self._rel(where, "ISSUED", aid, lid, prov)
        match = {
            "match_confidence": item.get("match_confidence", 1.0),
            "match_basis": item.get("match_basis") or "the source names the entity",
        }
        yield self._rel(where, "TARGETS", lid, eid, prov, match)
        for field, type_ in (("responds_to", "RESPONDS_TO"), ("timed_with", "TIMED_WITH")):
            for j, r in enumerate(self.mappings(where, item, field)):
                rwhere = f"{where}.{field}[{j}]"
                evid = self.events.get(f"event:{r.get('event')}")
                if evid is None:
                    raise self.fail(rwhere, f"unknown event {r.get('event')!r}")
                basis = {"basis": r.get("basis")}
                yield self._rel(rwhere, type_, lid, evid, self.cite(rwhere, r), basis)

    def _claim(self, where: str, c: Mapping[str, Any]) -> Iterator[Node | Rel]:
        cid = f"claim:{self._id(where, c)}"
        prov = self.cite(where, c)
        props = {k: c.get(k) for k in ("name", "text", "quote", "value")}
        self.records += 1
        yield self._node(where, "Claim", cid, props, prov)
        if c.get("about"):
            aid = self.authorities.get(str(c["about"]))
            if aid is None:
                raise self.fail(where, f"unknown authority {c['about']!r}")
            yield self._rel(where, "ABOUT", cid, aid, prov)


def _shape(value: Any) -> str:
    """What a YAML value is, for an error: ``a list``, ``a string``."""
    kinds = {list: "a list", dict: "a mapping", str: "a string", bool: "true or false",
             int: "a number", float: "a number", type(None): "nothing"}  # fmt: skip
    return kinds.get(type(value), f"a {type(value).__name__}")


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else _shape(value)


def curated_records(
    path: str | Path, text: str | None = None, existing: Sequence[Mapping[str, Any]] = ()
) -> tuple[list[Node | Rel], int]:
    """Every record of a curated file, checked before anything is written.

    ``existing`` (rows of the ``events`` query) lets a launch the graph already holds
    from the missile catalogue stay one node (:func:`same_event`).
    """
    path = Path(path)
    builder = _Builder(path, read_curated(path, text), existing)
    items = list(builder.build())
    return items, builder.records


def load_curated(store: Store, path: str | Path, text: str | None = None) -> LoadSummary:
    from sanctiongraph.ingest.links import link_events

    items, records = curated_records(path, text, run_query(store, "events", {}))
    summary = load_into(store, path, items)
    summary.records = records
    link_events(store)
    return summary


def seed_path() -> Path:
    return Path(str(resources.files("sanctiongraph.data").joinpath(SEED)))


def data_path(name: str) -> Path:
    """A curated file shipped with the package (one of :data:`DATA_FILES`)."""
    return Path(str(resources.files("sanctiongraph.data").joinpath(name)))


def load_seed(store: Store) -> LoadSummary:
    """Load the curated, cited story of 15 December 2017 into ``store``."""
    return load_curated(store, seed_path())
