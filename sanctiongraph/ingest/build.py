"""Targets → nodes and relationships, the same way for every list format.

Each target becomes (or merges into) one Entity; its addresses become
Branch nodes (head office, branch or plain address), its listings Listing
nodes issued by an Authority, and every node and relationship cites the
source record it comes from.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

from sanctiongraph.graph.countries import resolve_country
from sanctiongraph.graph.names import normalize_name
from sanctiongraph.graph.records import Node, Rel, cite, key, node, rel
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.editions import EditionUpdate, list_for
from sanctiongraph.loaders.target import (
    KINDS,
    STRONG_IDS,
    UNNAMED_AUTHORITY,
    Address,
    ListingFact,
    SourceInfo,
    Target,
    authority_for,
    split_bracketed,
)
from sanctiongraph.resolution.changes import content_digest
from sanctiongraph.resolution.judgements import list_record
from sanctiongraph.resolution.matching import Matcher

ID_PROPS = (*STRONG_IDS, "jp_notice")


class Builder:
    """Turns one file's targets into records, matching them against ``matcher``."""

    def __init__(
        self,
        path: str,
        source: SourceInfo,
        matcher: Matcher,
        repeats: bool = False,
        partial: bool = False,
    ) -> None:
        self.path = path
        self.partial = partial
        # Set by the loader when the file is an edition of a declared list: the
        # listings' intervals of presence this edition adds (loaders.editions).
        self.editions: EditionUpdate | None = None
        # Some lists (EU FSF) repeat an entry once per regulation; elsewhere a
        # repeated record id means a broken file.
        self.repeats = repeats
        self.source = source
        self.sid = f"source:{source.id}"
        self.matcher = matcher
        self.records = 0
        self.warnings: list[str] = []
        self._seen: set[str] = set()
        self._emitted: set[str] = set()
        self._by_name: dict[str, str] = {}
        self._by_record: dict[str, str] = {}
        self._links: list[tuple[str, str, str, str]] = []
        # Countries this file names, with the records naming them after the first:
        # written once more at the end, so that a country's growing list of records is
        # merged once, not once per target (that was quadratic in the targets).
        self._countries: dict[str, tuple[Node, set[str]]] = {}
        # Entries of this edition by content, for a list without stable record ids:
        # how many said each content so far (the n-th of identical entries is its own).
        lst = list_for(self.sid)
        self._by_content: Counter[str] | None = (
            Counter() if lst is not None and not lst.stable_ids else None
        )

    def build(
        self, targets: Iterable[Target], extra: Iterable[Node | Rel] = ()
    ) -> Iterator[Node | Rel]:
        s = self.source
        lst = list_for(self.sid)
        yield node(
            "Source",
            self.sid,
            {
                "edition_of": lst.id if lst else None,
                "list_authority": lst.authority if lst else None,
                "edition": ("partial" if self.partial else "complete") if lst else None,
                "name": s.name,
                "publisher": s.publisher,
                "title": s.title,
                "list_date": s.list_date,
                "file": s.file,
                "url": s.url,
                "licence": s.licence,
            },
            cite(s.id),
        )
        yield from extra
        for t in targets:
            yield from self.target(t)
        for first, records in self._countries.values():
            if records:
                yield node("Country", first.id, first.props, {"sources": [self.sid],
                           "records": sorted(records)})  # fmt: skip
        yield from self._resolve_links()
        if self.editions is not None:
            yield from self.editions.updates()

    def fail(self, t: Target, message: str) -> LoadError:
        return LoadError(self.path, t.where, message)

    def target(self, t: Target) -> Iterator[Node | Rel]:
        if t.record in self._seen and not self.repeats:
            raise self.fail(t, "duplicate record id in the file")
        self._seen.add(t.record)
        content = None
        if self._by_content is not None:
            # Read before the name is tidied below: as `changes` reads the entry.
            digest = content_digest(t)
            self._by_content[digest] += 1
            content = f"{self.sid}#{digest}~{self._by_content[digest]}"
        if t.kind not in KINDS:
            raise self.fail(t, f"unknown kind {t.kind!r}")
        name, bracketed = split_bracketed(" ".join((t.name or "").split()))
        if not name:
            raise self.fail(t, "the record has no name")
        t.name = name
        for alias in bracketed:
            t.add_alias(alias)
        prov = cite(self.source.id, t.record)
        decision = self.matcher.match(self.sid, t)
        merged = bool(decision.entity)
        eid = decision.entity or self._new_id(t)
        if not merged:
            self.matcher.primary[eid] = (name, t.name_local)
        decision.entity = eid
        self.matcher.decisions.append(decision)
        self.records += 1
        props: dict[str, object] = {scheme: t.ids.get(scheme) for scheme in ID_PROPS}
        # The evidence a resolver weighs: lists, merged with what other sources say.
        props["birth_dates"] = t.birth_dates or None
        props["nationalities"] = t.nationalities or None
        props["positions"] = t.positions or None
        props["id_numbers"] = t.id_numbers() or None
        aliases = list(t.aliases)
        if merged:
            # The first source's name stays the name; later spellings become aliases.
            # (Scalars are written once, so loading a file again changes nothing.)
            own = self.matcher.primary.get(eid, (None, None))
            aliases += [n for n in (name, t.name_local) if n and n not in own]
        else:
            props.update(kind=t.kind, name=name, name_local=t.name_local, notes=t.notes)
        props["aliases"] = aliases
        # What this record of this edition says (``stated``), so that the list's next
        # edition of the same record replaces it rather than adds to it
        # (graph.records.merge_props).
        record = f"{self.sid}#{t.record}"
        entity = node("Entity", eid, props, prov, entry=list_record(record),
                      date=self.source.list_date, record=record)  # fmt: skip
        said = entity.props["stated"][0]
        yield entity
        names = [name, t.name_local, *t.aliases]
        self.matcher.add(eid, self.matcher.profile_of(self.sid, t))
        self.matcher.supersede(eid, said, created=not merged)
        for n in names:
            if n:
                self._by_name.setdefault(normalize_name(n) or n, eid)
        self._by_record[t.record] = eid
        for link in t.links:
            self._links.append((eid, link.role, link.other, t.record))
        yield from self._places(t, eid, prov)
        # The evidence of a merge is written when the merge is made; loading the
        # same record again adds nothing to it.
        basis = "the source names the entity" if not merged else decision.basis
        evidence = (
            {}
            if decision.outcome == "same-record"
            else {
                "match_confidence": decision.score,
                "match_basis": basis,
                # Each edition's match, dated so the list reads oldest first; the first
                # basis stays match_basis (graph.records.FIRST_VALUE_PROPS).
                "match_history": [f"{self.source.list_date or '????'} {self.sid}: {basis}"],
            }
        )
        yield from self._listings(t, eid, prov, evidence, content)

    def _new_id(self, t: Target) -> str:
        eid = key("entity", t.name)
        if self.matcher.taken(eid) or eid == "entity:":
            eid = key("entity", self.source.id, t.record)
        return eid

    def _country(self, text: str | None, prov: dict[str, list[str]]) -> Iterator[Node]:
        found = resolve_country(text) if text else None
        if found is not None:
            code, cname = found
            yield node("Country", f"country:{code}", {"code": code, "name": cname}, prov)

    def _emit_country(self, country: Node) -> Iterator[Node]:
        """A country node the first time this file names it; later, its records are kept
        for the one write at the end of the file."""
        seen = self._countries.get(country.id)
        if seen is None:
            self._countries[country.id] = (country, set())
            yield country
        else:
            seen[1].update(country.props.get("records") or [])

    def _places(self, t: Target, eid: str, prov: dict[str, list[str]]) -> Iterator[Node | Rel]:
        seat = t.seat()
        home = None
        if seat is not None:
            home = node("Country", f"country:{seat[0]}", {"code": seat[0], "name": seat[1]}, prov)
        if home is not None and t.kind != "person":
            yield from self._emit_country(home)
            yield rel("HEADQUARTERED_IN", eid, home.id, prov)
        slug = eid.split(":", 1)[1]
        head_taken = False
        for a in t.addresses:
            country = next(iter(self._country(a.country, prov)), None)
            if t.kind == "person":
                role = "address"
            elif a.named_branch or (country and home and country.id != home.id):
                role = "branch"
            elif not head_taken:
                role, head_taken = "head_office", True
            else:
                role = "branch"
            code = country.props["code"] if country else None
            bid = branch_key(slug, a, code, role)
            where = _caption_place(a, country.props.get("name") if country else None)
            caption = f"{t.name} — {where}" if where else t.name
            yield node(
                "Branch",
                bid,
                {
                    "name": caption,
                    "role": role,
                    "address": a.text,
                    "city": a.city,
                    "city_key": normalize_name(a.city),
                    "country_code": country.props["code"] if country else None,
                },
                prov,
            )
            yield rel("HAS_BRANCH", eid, bid, prov)
            if country is not None:
                yield from self._emit_country(country)
                yield rel("LOCATED_IN", bid, country.id, prov)

    def _listings(
        self,
        t: Target,
        eid: str,
        prov: dict[str, list[str]],
        evidence: dict[str, object],
        content: str | None = None,
    ) -> Iterator[Node | Rel]:
        slug = eid.split(":", 1)[1]
        for f in t.listings:
            if f.authority == UNNAMED_AUTHORITY:
                yield from self._unissued_listing(f, eid, slug, prov, evidence)
                continue
            auth = authority_for(f.authority, f.authority_name)
            aid = f"authority:{auth.short}"
            if aid not in self._emitted:
                self._emitted.add(aid)
                aprov = cite(self.source.id)
                yield node(
                    "Authority",
                    aid,
                    {"name": auth.name, "kind": auth.kind, "short": auth.short},
                    aprov,
                )
                country = next(iter(self._country(auth.country, aprov)), None)
                if country is not None:
                    yield from self._emit_country(country)
                    yield rel("REPRESENTS", aid, country.id, aprov)
            lid = key("listing", auth.short, slug, f.programme)
            when = f.listed_on or "date unknown"
            caption = f"{auth.name}: {f.programme or 'listing'} ({when})"
            props = self._listing_props(f, caption)
            if content is not None:
                props["contents"] = [content]
            yield node("Listing", lid, props, prov)
            if self.editions is not None:
                self.editions.saw(lid, f.listed_on, f.delisted_on, t.record)
            yield rel("ISSUED", aid, lid, prov)
            yield rel("TARGETS", lid, eid, prov, evidence)

    def _listing_props(self, f: ListingFact, caption: str) -> dict[str, object]:
        """A listing's properties as its fact and this file's date give them."""
        return {
            "name": caption,
            "programme": f.programme,
            "reference": f.reference,
            "listed_on": f.listed_on,
            "status": f.status,
            "delisted_on": f.delisted_on,
            "observed_on": self.source.list_date,
        }

    def _unissued_listing(
        self,
        f: ListingFact,
        eid: str,
        slug: str,
        prov: dict[str, list[str]],
        evidence: dict[str, object],
    ) -> Iterator[Node | Rel]:
        """A listing whose source names no authority: no Authority, no ISSUED."""
        lid = key("listing", UNNAMED_AUTHORITY, slug, f.programme)
        caption = f"Authority not named by the source: {f.programme or 'listing'}"
        yield node("Listing", lid, self._listing_props(f, caption), prov)
        yield rel("TARGETS", lid, eid, prov, evidence)

    def _resolve_links(self) -> Iterator[Rel]:
        for eid, role, other, record in self._links:
            if other.startswith("#"):
                target = self._by_record.get(other[1:])
            else:
                target = self._by_name.get(normalize_name(other) or other)
            if target and target != eid:
                yield rel("LINKED_TO", eid, target, cite(self.source.id, record), {"role": role})


def _latin(text: str) -> bool:
    return all(
        ch.isascii() or not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text
    )


def _caption_place(a: Address, country_name: str | None) -> str | None:
    """Where an office is, in the graph's language (English): the address as a list
    writes it when in Latin script, else its city (if Latin) and the country's English
    name; the text as given stays in ``address``. MOF's "ドイツ" is "Germany".

    >>> _caption_place(Address("ドイツ", country="DE"), "Germany")
    'Germany'
    >>> _caption_place(Address("Shenyang, China", city="Shenyang"), "China")
    'Shenyang, China'
    """
    if not a.text or _latin(a.text):
        return a.text or None
    parts = [a.city] if a.city and _latin(a.city) else []
    parts += [country_name] if country_name else []
    return ", ".join(parts) or a.text


def branch_key(slug: str, a: Address, code: str | None, role: str = "branch") -> str:
    """One office, one Branch, whichever list names it: the key of an entity's office
    is its country and city where a list gives the city, its normalised address
    where a list gives more than the country, else the country alone (Korea
    Computer Center's offices are "China", "中国", "Germany" in three lists). The
    head office is one per entity and country, however the lists write it (OFAC's
    "Pyongyang, Korea, North", MOF's "北朝鮮平壌特別市", METI's "North Korea").

    >>> branch_key("kcc", Address("中国", country="CN"), "CN")
    'branch:kcc:cn'
    >>> branch_key("kcc", Address("Shenyang, China", city="Shenyang"), "CN")
    'branch:kcc:cn:shenyang'
    >>> branch_key("kcc", Address("Pyongyang, Korea, North", city="Pyongyang"), "KP", "head_office")
    'branch:kcc:kp'
    """
    from rigour.territories import lookup_territory

    place = code or "xx"
    if role == "head_office":
        return key("branch", slug, place)
    if a.city and normalize_name(a.city):
        return key("branch", slug, place, normalize_name(a.city))
    # rigour knows country names in many languages ("ドイツ", "Korea, North").
    found = lookup_territory(a.text) if a.text else None
    if not a.text or (found is not None and found.code.upper() == place.upper()):
        return key("branch", slug, place)
    return key("branch", slug, place, normalize_name(a.text) or a.text)
