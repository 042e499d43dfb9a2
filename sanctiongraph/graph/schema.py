"""The knowledge model, declared once.

Every store, loader and query takes its labels, relationship types, keys and
property types from :data:`SCHEMA`. Neo4j constraints and indexes, the
networkx attribute conventions and the manual's model page (docs/model.md) are derived
from it, so adding a property here is the whole change.

>>> SCHEMA.node("Entity").key
'id'
>>> sorted(p.name for p in SCHEMA.node("Country").props)[:3]
['code', 'id', 'match_names']
>>> SCHEMA.rel("TARGETS").start, SCHEMA.rel("TARGETS").end
('Listing', 'Entity')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Literal

PropType = Literal["string", "int", "float", "date", "string[]"]


@dataclass(frozen=True)
class Prop:
    name: str
    type: PropType = "string"
    doc: str = ""
    indexed: bool = False


@dataclass(frozen=True)
class NodeType:
    label: str
    doc: str
    props: tuple[Prop, ...]
    key: str = "id"
    # Properties that hold names a user may type; they feed `match_names`.
    name_props: tuple[str, ...] = ("name",)

    def prop(self, name: str) -> Prop:
        for p in self.props:
            if p.name == name:
                return p
        raise KeyError(f"{self.label} has no property {name!r}")


@dataclass(frozen=True)
class RelType:
    type: str
    start: str
    end: str
    doc: str
    props: tuple[Prop, ...] = ()
    # "start" or "end": the relationship is asserted by exactly the records that assert
    # that end node, so it keeps no `sources`/`records` of its own and is cited by that
    # node's (:func:`cited_by`). Declared for relationships into a hub (an authority's
    # listings, a country's offices): every edition of a list would otherwise set a
    # property on each of them, and the embedded engine finds a relationship to update
    # by walking its hub's list (2.7-4 ms each at 320,000 listings an authority).
    cited_by: str | None = None


@dataclass(frozen=True)
class Schema:
    nodes: tuple[NodeType, ...]
    rels: tuple[RelType, ...]
    _by_label: dict[str, NodeType] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_label.update({n.label: n for n in self.nodes})

    def node(self, label: str) -> NodeType:
        try:
            return self._by_label[label]
        except KeyError:
            raise KeyError(f"unknown node label {label!r}") from None

    def rel(self, type_: str) -> RelType:
        for r in self.rels:
            if r.type == type_:
                return r
        raise KeyError(f"unknown relationship type {type_!r}")

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(n.label for n in self.nodes)

    @property
    def rel_types(self) -> tuple[str, ...]:
        return tuple(r.type for r in self.rels)


# Carried by every node and every relationship but those cited by an end node
# (RelType.cited_by): which sources asserted it, and which record in each. `records`
# entries read "<source id>#<record>".
PROVENANCE: tuple[Prop, ...] = (
    Prop("sources", "string[]", "ids of the Source nodes that assert this fact", indexed=True),
    Prop("records", "string[]", "'<source id>#<record reference>' for each asserting record"),
)

# Derived by the writer from the node's name properties (lower case, accents
# and punctuation folded) so that lookups behave the same on every backend.
MATCH_NAMES = Prop(
    "match_names", "string[]", "normalised names and aliases, for look-up (full-text index)"
)


def _node(label: str, doc: str, *props: Prop, name_props: tuple[str, ...] = ("name",)) -> NodeType:
    base = (Prop("id", doc="stable, deterministic key"),)
    return NodeType(label, doc, base + props + (MATCH_NAMES, *PROVENANCE), name_props=name_props)


def _rel(
    type_: str, start: str, end: str, doc: str, *props: Prop, cited_by: str | None = None
) -> RelType:
    if cited_by is None:
        return RelType(type_, start, end, doc, props + PROVENANCE)
    if cited_by not in ("start", "end"):
        raise ValueError(f"{type_}: cited_by is 'start' or 'end', not {cited_by!r}")
    return RelType(type_, start, end, doc, props, cited_by=cited_by)


def cited_by(type_: str, start: str, end: str) -> str | None:
    """The node whose ``sources``/``records`` cite a relationship of ``type_`` from
    ``start`` to ``end``, or None when the relationship carries its own.

    >>> cited_by("ISSUED", "authority:ofac", "listing:ofac:x:sdgt")
    'listing:ofac:x:sdgt'
    >>> cited_by("TARGETS", "listing:ofac:x:sdgt", "entity:x") is None
    True
    """
    side = SCHEMA.rel(type_).cited_by
    return None if side is None else start if side == "start" else end


@cache
def rel_prop_names(type_: str) -> frozenset[str]:
    """The properties a relationship of ``type_`` keeps: the schema's, and no others (a
    store written before ISSUED and LOCATED_IN were cited by an end node holds more).

    >>> sorted(rel_prop_names("ISSUED"))
    []
    >>> {"sources", "records"} <= rel_prop_names("TARGETS")
    True
    """
    return frozenset(p.name for p in SCHEMA.rel(type_).props)


# Labels users name in query parameters (a name, not a key): each gets a full-text
# index on match_names in Neo4j. Listings, branches and claims, the bulk of a graph,
# are reached from these and are never looked up by name, so they pay no index upkeep.
LOOKUP_LABELS = ("Entity", "Country", "Authority", "Event", "Source", "Instrument")

SCHEMA = Schema(
    nodes=(
        _node(
            "Entity",
            "A sanctioned target: an organisation, person, vessel or aircraft.",
            Prop("kind", doc="organization | person | vessel | aircraft", indexed=True),
            Prop("name", doc="primary name as the first source gives it", indexed=True),
            Prop("name_local", doc="name in the listing state's script (Japanese, Korean)"),
            Prop("aliases", "string[]", "other names, a.k.a. and f.k.a."),
            Prop("sector", doc="bank | minerals | transport | worker_dispatch | ..."),
            Prop("sector_basis", doc="how the sector is known: stated by a source, or inferred"),
            Prop("imo", "string[]", "IMO ship or company numbers", indexed=True),
            Prop("swift_bic", "string[]", "SWIFT/BIC codes", indexed=True),
            Prop("ofac_ent_num", "string[]", "OFAC SDN entity numbers", indexed=True),
            Prop("un_ref", "string[]", "UN Security Council reference numbers", indexed=True),
            Prop("jp_notice", "string[]", "Japan MOF notice numbers (告示番号)"),
            Prop(
                "id_numbers",
                "string[]",
                "other identifiers as 'scheme:value' (passport, national id, tax or registration "
                "number), normalised",
                indexed=True,
            ),
            Prop(
                "birth_dates",
                "string[]",
                "dates of birth (persons) or incorporation as the sources give them: "
                "YYYY, YYYY-MM or YYYY-MM-DD",
            ),
            Prop(
                "nationalities",
                "string[]",
                "ISO 3166-1 alpha-2 codes: a person's nationality, a vessel's flag",
            ),
            Prop(
                "positions",
                "string[]",
                "a person's posts as the lists word them (UN designation, OFAC title, UK position)",
            ),
            Prop("notes", doc="free text from the sources"),
            Prop(
                "stated",
                "string[]",
                "what each record of each edition asserts of the values above (aliases, "
                "identifiers, birth dates, nationalities), one JSON item a record: "
                "[edition date, list record, record, {property: [values]}]; a newer edition "
                "of a list's record supersedes the older's values (graph.records.merge_props)",
            ),
            name_props=("name", "name_local", "aliases"),
        ),
        _node(
            "Branch",
            "One office or address of an entity; the head office is a Branch too.",
            Prop("name", doc="office name or address line"),
            Prop("role", doc="head_office | branch | address"),
            Prop("address"),
            Prop("city"),
            Prop("city_key", doc="normalised city, for matching places", indexed=True),
            Prop("country_code", doc="ISO 3166-1 alpha-2"),
        ),
        _node(
            "Country",
            "A country, keyed by its ISO 3166-1 alpha-2 code.",
            Prop("code", doc="ISO 3166-1 alpha-2", indexed=True),
            Prop("name", doc="short English name"),
            name_props=("name", "code"),
        ),
        _node(
            "Authority",
            "A sanctioning state or body.",
            Prop("name"),
            Prop("kind", doc="state | body"),
            Prop("short", doc="short handle users type: jp, us, kr, unsc, eu, gb"),
            name_props=("name", "short"),
        ),
        _node(
            "Listing",
            "One designation of one entity by one authority under one programme.",
            Prop("name", doc="caption: authority, programme and date"),
            Prop("programme", indexed=True),
            Prop("reference", doc="the authority's reference number for the entry"),
            Prop("listed_on", "date", "date of designation, where a source gives it", True),
            Prop("listed_on_basis", doc="where the date comes from when not from the list itself"),
            Prop("status", doc="listed | delisted"),
            Prop("delisted_on", "date"),
            Prop("observed_on", "date", "list date of the newest source that shows the listing"),
            Prop(
                "present_from",
                "string[]",
                "YYYY-MM-DD on which each interval of presence begins, read from the editions of "
                "its list: the first edition showing it, or the publisher's date of designation "
                "when that falls after the last edition without it",
            ),
            Prop(
                "present_until",
                "string[]",
                "YYYY-MM-DD on which each interval ends (exclusive): the date of the complete "
                "edition that no longer shows it, or the publisher's date of delisting; listed "
                "on a day when more starts than ends fall on or before it",
            ),
            Prop("last_seen_on", "date", "date of the newest edition of its list that shows it"),
            Prop(
                "contents",
                "string[]",
                "'<source id>#<digest>~<n>' for each entry of an edition of a list without "
                "stable record ids (Japan MOF, METI) that targets through it: the digest of "
                "what the entry says, n-th of that content in the edition; `edition-changes` "
                "pairs such entries by content, as `changes` does, never by row",
            ),
            Prop(
                "removed_by",
                "string[]",
                "ids of the complete editions that no longer showed its entry (by the "
                "publisher's record id; a listing whose entry moved to another programme ends "
                "without one)",
            ),
        ),
        _node(
            "Event",
            "A triggering event such as a missile launch or nuclear test.",
            Prop(
                "type",
                doc="icbm_launch | irbm_launch | mrbm_launch | srbm_launch | slbm_launch | "
                "hgv_launch | satellite_launch | unknown_launch | nuclear_test | meeting | ...",
                indexed=True,
            ),
            Prop("name"),
            Prop(
                "date",
                "date",
                "local date at the site (Pyongyang time for launches); lags are counted from it",
                indexed=True,
            ),
            Prop("date_utc", "date", "UTC date, where a source gives it (the missile catalogue)"),
            Prop("time_utc", doc="UTC time of day, HH:MM, where known"),
            Prop(
                "date_precision",
                doc="day | month (a month-only date is kept as the first of the month)",
            ),
            Prop("date_basis", doc="how the local date was found from the source's date"),
            Prop("missile", doc="missile key of the catalogue, e.g. hwasong-15; unknown if so"),
            Prop("missile_class", doc="ICBM | IRBM | MRBM | SRBM | SLBM | SLV | HGV | Unknown"),
            Prop("outcome", doc="success | failure | unknown"),
            Prop("apogee_km", "float"),
            Prop("distance_km", "float"),
            Prop("description"),
            Prop("landed", doc="where it came down, if it was a launch"),
            name_props=("name", "missile", "date"),
        ),
        _node(
            "Place",
            "A place an event happened at, such as a missile launch site.",
            Prop("name"),
            Prop("kind", doc="launch_site | ..."),
            Prop("lat", "float", "latitude, WGS 84 degrees"),
            Prop("lon", "float", "longitude, WGS 84 degrees"),
        ),
        _node(
            "Instrument",
            "A legal act that designates or condemns: a UN Security Council resolution, a "
            "sanctions committee's designation round, a presidential statement, a national notice.",
            Prop("kind", doc="resolution | committee_round | statement | national_notice"),
            Prop("name", doc="caption, e.g. UNSC resolution 2397 (2017)"),
            Prop("symbol", doc="the document symbol, e.g. S/RES/2397 (2017)", indexed=True),
            Prop("number", doc="the resolution number, e.g. 2397"),
            Prop("date", "date", "date of adoption or of the designation round", indexed=True),
            Prop("authority", doc="short handle of the authority that adopted it (unsc, jp, ...)"),
            Prop(
                "programme",
                doc="the programme whose listings it makes (for the UN file's UN_LIST_TYPE: DPRK)",
            ),
            Prop(
                "designates_on",
                "date",
                "the designation date of the listings it made (annex designations, a round)",
            ),
            Prop("directed_by", doc="key of the instrument that directed a committee round"),
            Prop(
                "condemns_launches",
                "string[]",
                "launches it names, as 'YYYY-MM-DD[ type]' (local date) or a range "
                "'YYYY-MM-DD/YYYY-MM-DD[ type]' (both days included): resolved against the "
                "graph's events into CONDEMNS whenever events or instruments are loaded",
            ),
            Prop("description"),
            name_props=("name", "symbol", "number"),
        ),
        _node(
            "Source",
            "A source file or publication that asserts facts in the graph.",
            Prop("name", doc="short caption"),
            Prop("publisher"),
            Prop("title"),
            Prop("list_date", "date", "the date the list or article carries"),
            Prop(
                "edition_of",
                doc="the list this file is an edition of (sanctiongraph/data/lists.yaml), "
                "e.g. un-sc-consolidated",
                indexed=True,
            ),
            Prop("list_authority", doc="short handle of the authority that publishes that list"),
            Prop(
                "edition",
                doc="complete | partial: a partial edition (load --partial, a truncated file) "
                "implies no removal",
            ),
            Prop("file", doc="file name, for published lists"),
            Prop("url"),
            Prop("licence"),
            name_props=("name", "title"),
        ),
        _node(
            "Claim",
            "A statement a source makes that the graph records as said, not as fact "
            "(for instance totals that sources count differently).",
            Prop("name", doc="short caption"),
            Prop("text", doc="what the source says, in our words"),
            Prop("quote", doc="the source's own words, short"),
            Prop("value"),
            name_props=("name",),
        ),
    ),
    rels=(
        _rel("HAS_BRANCH", "Entity", "Branch", "the entity has this office"),
        _rel("LOCATED_IN", "Branch", "Country", "the office is in this country", cited_by="start"),
        _rel("HEADQUARTERED_IN", "Entity", "Country", "the entity's head office country"),
        _rel(
            "ISSUED", "Authority", "Listing", "the authority made this designation", cited_by="end"
        ),
        _rel(
            "TARGETS",
            "Listing",
            "Entity",
            "the designation names this entity",
            Prop("match_confidence", "float", "1.0 when the source names the entity exactly"),
            Prop(
                "match_basis",
                doc="how the list's record was first joined to the entity (kept: a later "
                "edition's match is added to match_history, not written over it)",
            ),
            Prop(
                "match_history",
                "string[]",
                "each edition's match, '<list date> <source id>: <basis>', oldest first",
            ),
        ),
        _rel("REPRESENTS", "Authority", "Country", "a state authority acts for this country"),
        _rel(
            "RESPONDS_TO",
            "Listing",
            "Event",
            "the designation was made in answer to this event (a source says so, or the "
            "instrument that made it condemns the event)",
            Prop("basis", doc="who says so"),
            Prop("via", doc="the Instrument key, when the link runs through an instrument"),
        ),
        _rel(
            "TIMED_WITH",
            "Listing",
            "Event",
            "the designation was timed with this event (announced the same day), not made "
            "in answer to it",
            Prop("basis", doc="who says so"),
        ),
        _rel("LAUNCHED_FROM", "Event", "Place", "the launch site of a launch"),
        _rel("CONDEMNS", "Instrument", "Event", "the instrument names and condemns this event"),
        _rel(
            "MADE_UNDER",
            "Listing",
            "Instrument",
            "the designation was made by or under this instrument",
            Prop("basis", doc="how the link is known: the list names it, or the dates match"),
        ),
        _rel("CARRIED_OUT_BY", "Event", "Country", "the state that carried out the event"),
        _rel("ABOUT", "Claim", "Authority", "the claim is about this authority's measures"),
        _rel("LINKED_TO", "Entity", "Entity", "a source links the two entities", Prop("role")),
    ),
)

DATE_TYPES = frozenset({"date"})
LIST_TYPES = frozenset({"string[]"})
