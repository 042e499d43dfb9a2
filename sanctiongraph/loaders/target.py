"""What every list format is read into before it becomes graph records.

A format reader only knows its file: it yields one :class:`Target` per listed
party with the names, identifiers, addresses and listings the record holds.
Turning targets into nodes and relationships, and deciding which existing
entity a target is, happens once for all formats (``loaders.build``,
``loaders.matching``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("organization", "person", "vessel", "aircraft")
# Identifiers that name one real-world party wherever they appear.
STRONG_IDS = ("imo", "swift_bic", "ofac_ent_num", "un_ref")


_TRAILING = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_ALIAS_LEAD = re.compile(r"^(?:aliases?|a\.?k\.?a\.?|also known as|f\.?k\.?a\.?)\s*:?\s*", re.I)


def split_bracketed(name: str) -> tuple[str, list[str]]:
    """A name without its trailing brackets, and what they held as aliases.

    Lists put acronyms, other names and former names of ships in brackets.

    >>> split_bracketed("Korea General Corporation (Aliases: KOGEN, GENCO)")
    ('Korea General Corporation', ['KOGEN', 'GENCO'])
    >>> split_bracketed("Chong Bong (Greenlight) (Blue Nouvelle)")
    ('Chong Bong', ['Blue Nouvelle', 'Greenlight'])
    """
    aliases: list[str] = []
    while True:
        m = _TRAILING.match(name)
        if not m or not m.group(1):
            return name, aliases
        inner = m.group(2).strip()
        lead = _ALIAS_LEAD.match(inner)
        if lead:
            aliases += [a.strip() for a in re.split(r"[;,]", inner[lead.end() :]) if a.strip()]
        elif 0 < len(inner) <= 40:
            aliases.append(inner)
        else:
            return name, aliases
        name = m.group(1).strip()


@dataclass(frozen=True)
class Authority:
    short: str
    name: str
    kind: str  # state | body
    country: str | None = None


AUTHORITIES: dict[str, Authority] = {
    a.short: a
    for a in (
        Authority("us", "United States", "state", "US"),
        Authority("unsc", "UN Security Council", "body"),
        Authority("eu", "European Union", "body"),
        Authority("gb", "United Kingdom", "state", "GB"),
        Authority("jp", "Japan", "state", "JP"),
        Authority("kr", "South Korea", "state", "KR"),
    )
}


def authority_for(short: str, name: str | None = None) -> Authority:
    """A known authority, or one named by a file (FollowTheMoney exports name many)."""
    known = AUTHORITIES.get(short)
    if known is not None:
        return known
    from sanctiongraph.graph.countries import country_name

    country = short.upper() if len(short) == 2 and short.isalpha() else None
    if country and not name:
        try:
            name = country_name(country)
        except KeyError:
            country = None
    return Authority(short, name or short, "state" if country else "body", country)


@dataclass(frozen=True)
class SourceInfo:
    """The published file a load reads: becomes a Source node."""

    id: str
    name: str
    publisher: str
    title: str
    file: str
    list_date: str | None = None
    url: str | None = None
    licence: str | None = None


@dataclass
class Address:
    text: str
    city: str | None = None
    country: str | None = None  # as the list spells it
    named_branch: bool = False  # the list itself calls it a branch or office
    ref: str | None = None  # the list's own address id, where it has one


@dataclass
class ListingFact:
    authority: str  # a key of AUTHORITIES, or a short handle named by authority_name
    programme: str | None
    reference: str | None = None
    listed_on: str | None = None
    status: str = "listed"
    delisted_on: str | None = None
    authority_name: str | None = None  # for authorities outside AUTHORITIES


@dataclass
class Link:
    role: str
    other: str  # a name, or a record id of the same list prefixed with "#"


@dataclass
class Target:
    record: str  # the list's id for the entry, unique within the file
    kind: str
    name: str
    name_local: str | None = None
    aliases: list[str] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)
    country: str | None = None  # nationality or seat, as the list spells it
    # As the list gives them: "1973", "1973-05" or "1973-05-12" (see loaders.dates).
    birth_dates: list[str] = field(default_factory=list)
    # ISO 3166-1 alpha-2 codes of nationality (persons) or flag (vessels).
    nationalities: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    listings: list[ListingFact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    notes: str | None = None
    line: int | None = None  # where the record starts, for error messages
    # Sets beside the lists, so that adding is O(1): rows sharing one UK Group ID made
    # list membership quadratic (80,000 rows took a minute). The lists keep the order.
    _alias_set: set[str] = field(default_factory=set, init=False, repr=False, compare=False)
    _id_sets: dict[str, set[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def add_id(self, scheme: str, value: str | None) -> None:
        value = (value or "").strip()
        if not value:
            return
        values = self.ids.setdefault(scheme, [])
        seen = self._id_sets.get(scheme)
        if seen is None or len(seen) != len(values):  # the list was changed directly
            seen = self._id_sets[scheme] = set(values)
        if value not in seen:
            values.append(value)
            seen.add(value)

    def add_alias(self, value: str | None) -> None:
        value = " ".join((value or "").split())
        if not value or value == self.name:
            return
        seen = self._alias_set
        if len(seen) != len(self.aliases):  # the list was changed directly
            seen = self._alias_set = set(self.aliases)
        if value in seen:
            return
        from sanctiongraph.loaders.limits import LimitExceeded, current

        limit = current().max_aliases
        if len(self.aliases) >= limit:
            raise LimitExceeded("aliases of one target", limit + 1, "max_aliases", limit,
                                where=self.where, more=True)  # fmt: skip
        self.aliases.append(value)
        seen.add(value)

    @property
    def where(self) -> str:
        return f"line {self.line} (record {self.record})" if self.line else f"record {self.record}"
