"""What a record — or an entity, all its records together — says about a party.

A :class:`Profile` holds the evidence in the form the scorer compares:

- name keys: organisation and vessel names with company-form words and list
  abbreviations removed (rigour's org-type table, "Co Ltd" = "Company
  Limited"); person names as their transliterated parts in sorted order, so
  that "CHANG-HO PAEK", "PAEK CHANG-HO" and "Пэк Чан Хо"'s romanisation meet
  whatever order or script a list writes them in;
- identifiers by scheme, normalised ("KPe.23" = "KPe.023"); a ship's IMO
  number and a company's IMO number are different schemes (``imo`` /
  ``imo_company``), so a ship citing its owner's number never meets the owner;
- birth dates and years, nationalities (or flags), countries of seat.

>>> name_key("KOREAN POLISH SHPG CO LTD") == name_key("Korean Polish Shipping Company Limited")
True
>>> name_key("Korea Namgang Trading Corporation") == name_key("Namgang Construction")
False
>>> sorted(person_keys("CHANG-HO PAEK") & person_keys("PAEK CHANG-HO"))
['chang ho paek', 'changho paek']
>>> norm_id("un_ref", "KPe.23"), norm_id("un_ref", "kpe 023")
('KPE023', 'KPE023')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

# Identifiers that name one real-world party wherever they appear: two different
# values of one of these on two records mean two parties (a veto). ``imo_company``
# is a company's IMO number (the "IMO company number" lists give owners).
STRONG_SCHEMES = ("imo", "imo_company", "swift_bic", "ofac_ent_num", "un_ref")
# A reference another list cites for a party ("UN Ref KPe.001" in a UK remark): it
# supports a merge when the names agree too, never alone, since lists cite wrongly.
CITED_SCHEMES = {"un_ref_cited": "un_ref"}
# Numbers an organisation has one of per scheme: two different ones are two parties
# (Russia's INN and OGRN and the global LEI are each issued once per legal entity).
ONE_PER_ORG = ("tax_id", "registration", "inn", "ogrn", "lei")
# Numbers of a listing, not of the party (Japan's notice numbers restart per sheet).
NOT_IDENTIFYING = frozenset(["jp_notice"])

# The Security Council resolutions that set up a committee's designation list, and
# the prefix of that list's references ("KPi.010"): a list naming the resolution
# as the basis of a programme lists the committee's designations (Japan's MOF
# sheet "北朝鮮(決議1718号等；個人)", "North Korea (resolution 1718 etc.; persons)").
UN_RESOLUTION_REGIMES = {
    "751": "SO",
    "1267": "QD",
    "1518": "IQ",
    "1533": "CD",
    "1591": "SD",
    "1718": "KP",
    "1970": "LY",
    "1988": "TA",
    "2127": "CF",
    "2140": "YE",
    "2206": "SS",
    "2374": "ML",
    "2653": "HT",
}
# EU regulations' annexes that list the UN's designations as the UN makes them
# (Regulation 2017/1509, Article 34(1): Annex XIII, "designated by the Sanctions
# Committee or the Security Council"); the EU's own designations are other annexes
# (XV, XVI, ...), where a same name is no evidence of the UN's party.
EU_UN_ANNEXES = {("32017R1509", "XIII"): "KP"}
_RESOLUTION = re.compile(r"(?:決議|[Rr]esolution\s*)(\d{3,4})")
_EU_ANNEX = re.compile(r"^(3\d{4}[A-Z]\d{4}) annex ([IVXL]+)\b")

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

_UN_REF = re.compile(r"^([A-Z]{2}[EI])\s*\.?\s*0*(\d+)$")


def norm_id(scheme: str, value: object) -> str:
    """The comparable form of an identifier: upper-case letters and digits only.

    UN references drop leading zeros' variants ("KPe.23" = "KPe.023");
    SWIFT/BIC codes compare on the first eight characters (a bank's branch
    codes add three).
    """
    text = "".join(ch for ch in str(value).upper() if ch.isalnum() or ch in ". ")
    if scheme in ("un_ref", "un_ref_cited"):
        m = _UN_REF.match(text.strip())
        if m:
            return f"{m.group(1)}{int(m.group(2)):03d}"
    text = "".join(ch for ch in text if ch.isalnum())
    if scheme in ("imo", "imo_company"):
        return "".join(ch for ch in text if ch.isdigit())  # "IMO 9522324" = "9522324"
    if scheme == "swift_bic":
        return text[:8]
    return text


@lru_cache(maxsize=131072)
def name_key(name: str) -> str | None:
    """The form two spellings of one organisation or vessel name share."""
    from rigour.names import remove_org_types
    from rigour.text import ascii_text

    from sanctiongraph.graph.names import normalize_name

    norm = normalize_name(name)
    if not norm:
        return None
    if not is_latin(name):
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


@lru_cache(maxsize=131072)
def person_parts(name: str) -> tuple[str, ...]:
    """A person's name parts, transliterated and cased for comparison, in list order."""
    from rigour.names import NameTypeTag, analyze_names

    from sanctiongraph.graph.names import visible

    parts: list[str] = []
    # The symbol and phonetic taggers cost milliseconds a name; the parts need neither.
    for n in analyze_names(
        NameTypeTag.PER, [visible(name)], symbols=False, phonetics=False, consolidate=False
    ):
        parts = [p.comparable for p in n.parts if p.comparable and p.comparable.isalnum()]
        break
    return tuple(parts)


@lru_cache(maxsize=131072)
def joined_keys(name: str) -> frozenset[str]:
    """The keys of :func:`person_keys` that glue two name parts into one word
    ("Chang Ho" = "Changho"). They are for meeting the same name written with or
    without a space, never for comparing letter by letter: glued, "Yuriy Nikolaevich
    TELIKANOV" and "… ANDRESOV" are "nikolaevichtelikanov" ~ "nikolaevichandresov",
    two long words that share their first half (an audit found six such pairs of
    different persons queued at 0.70-0.93).

    >>> sorted(joined_keys("Yuriy Nikolaevich Telikanov"))
    ['nikolaevichtelikanov yuriy', 'telikanov yuriynikolaevich']
    >>> joined_keys("Kim Jong") == frozenset()
    True
    """
    parts = person_parts(name)
    return person_keys(name) - {" ".join(sorted(parts))}


@lru_cache(maxsize=131072)
def person_keys(name: str) -> frozenset[str]:
    """Order-free keys of a person's name: its parts sorted; also with the given
    names written as one word ("Chang Ho" = "Changho"), as Korean names are."""
    parts = person_parts(name)
    if not parts:
        return frozenset()
    keys = {" ".join(sorted(parts))}
    if len(parts) >= 3:
        keys.add(" ".join(sorted([parts[0], "".join(parts[1:])])))
        keys.add(" ".join(sorted(["".join(parts[:-1]), parts[-1]])))
    return frozenset(keys)


_BRACKETED = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*")


def unbracket(name: str) -> tuple[str, list[str]]:
    """A name without its bracketed parts, and those parts: lists mix ASCII and
    full-width brackets ("Korea Mining Development Trading Corporation(KOMID）").

    >>> unbracket("Korea Mining Development Trading Corporation(KOMID）")
    ('Korea Mining Development Trading Corporation', ['KOMID'])
    """
    inside = [m.strip() for m in _BRACKETED.findall(name) if m.strip()]
    return " ".join(_BRACKETED.sub(" ", name).split()), inside


_SPELLING = re.compile(r"(\S+?)\s*[(（]([^()（）\s]+)[)）]")


def bracket_variants(name: str) -> list[str]:
    """A person's name with a word's other spellings, which lists write in brackets
    after it ("Aleksandr (Alexander) KURENKOV", "Aleksandr(Alexander/Oleksandr) KOFMAN"):
    the name with each spelling in the word's place. The spelling alone is no name
    of the person (on all shared files 97 review candidates rested on "alexander",
    "sergey" … alone).

    >>> bracket_variants("Aleksandr(Alexander/Oleksandr) KOFMAN")
    ['Alexander KOFMAN', 'Oleksandr KOFMAN']
    >>> bracket_variants("Ivan PETROV")
    []
    """
    from sanctiongraph.graph.placeholders import meaningless

    m = _SPELLING.search(name)
    if not m:
        return []
    head, tail = name[: m.start()], name[m.end() :]
    return [
        " ".join(f"{head}{spelling}{tail}".split())
        for spelling in m.group(2).split("/")
        if spelling and meaningless(spelling) is None
    ]


_OFFICE_WORDS = frozenset({"branch", "branches", "office", "offices", "in"})
# Words of a state's formal name a list may write without the article the territory
# data expects ("UNION OF COMOROS" for "Union of the Comoros"): tried without them.
_STATE_FORM_WORDS = frozenset({"the", "of", "union", "republic", "kingdom", "state"})


@lru_cache(maxsize=8192)
def place_of(part: str) -> str | None:
    """The country (alpha-2) a bracketed part of an organisation's name names, the
    office the list means; None when it names none (an acronym, another name).

    >>> place_of("Ethiopia branch"), place_of("BANGLADESH"), place_of("UNION OF COMOROS")
    ('ET', 'BD', 'KM')
    >>> place_of("KOMID") is None
    True
    """
    from rigour.territories import lookup_territory

    from sanctiongraph.graph.countries import resolve_country

    words = [w for w in part.replace("-", " ").split() if w.lower() not in _OFFICE_WORDS]
    if not words:
        return None
    found = resolve_country(" ".join(words))
    bare = [w for w in words if w.lower() not in _STATE_FORM_WORDS]
    if found is None and bare and bare != words:
        found = resolve_country(" ".join(bare))
    if found is not None:
        return found[0]
    # rigour knows cities that are territories of their own ("Dubai" → ae-du): the
    # country is what two offices' qualifiers are compared on.
    territory = lookup_territory(" ".join(words))
    return territory.code.split("-")[0].upper() if territory is not None else None


def branch_country(part: str) -> bool:
    """Whether a bracketed part of an organisation's name names a country (an office).

    >>> branch_country("Ethiopia branch"), branch_country("BANGLADESH"), branch_country("KOMID")
    (True, True, False)
    """
    return place_of(part) is not None


_DATED_SOURCE = re.compile(r"(?:-(?:csv|xlsx|xls|xml|json|txt))?-\d{4}(?:-?\d{2}){0,2}$")


@lru_cache(maxsize=4096)  # asked per record of every candidate compared; see list_for
def list_of_source(source_id: str) -> str:
    """The list a Source id is an edition of: the list lists.yaml declares for it
    (``loaders.editions.list_for``), so OFAC's advanced-format 2020 file and its XML
    2025 file are both ``us-ofac-consolidated``; for a source no list declares, the
    id with its publication date and file format removed.

    >>> list_of_source("gb-ofsi-conlist-csv-2018-04-13")
    'gb-ofsi-conlist'
    >>> list_of_source("gb-ofsi-conlist-xlsx-2022-05-04"), list_of_source("unsc-consolidated")
    ('gb-ofsi-conlist', 'unsc-consolidated')
    >>> list_of_source("us-ofac-cons-advanced-2020-03-17")
    'us-ofac-consolidated'
    >>> list_of_source("us-ofac-cons-xml-2025-03-28")
    'us-ofac-consolidated'
    >>> list_of_source("xx-someone-csv-2024-01-02")
    'xx-someone'
    """
    from sanctiongraph.loaders.editions import list_for

    declared = list_for(source_id)
    if declared is None:
        return _DATED_SOURCE.sub("", source_id)
    # A record's "source:<id>" keeps its prefix.
    return ("source:" if source_id.startswith("source:") else "") + declared.id


def same_listing(a: Profile, b: Profile) -> str | None:
    """A record id both profiles hold on editions of one list ("gb-ofsi-conlist#13096"):
    the publisher's own id for its entry, so one party whatever else changed."""
    common = _listings(a.records) & _listings(b.records)
    return min(common) if common else None


def same_stable_listing(a: Profile, b: Profile) -> str | None:
    """:func:`same_listing`, for a list whose record ids the publisher keeps stable
    across editions (``record_id`` in lists.yaml: UN DATAID, OFAC ent_num, UK Group ID,
    EU logical id); None for lists that renumber (Japan's MOF and METI).

    >>> a, b = Profile(kind="person"), Profile(kind="person")
    >>> a.records = {"source:gb-ofsi-conlist-csv-2018-04-13#10439"}
    >>> b.records = {"source:gb-ofsi-conlist-xlsx-2022-05-04#10439"}
    >>> same_stable_listing(a, b)
    'source:gb-ofsi-conlist#10439'
    >>> a.records = {"source:jp-mof-xls-2022-11-02#2/5"}
    >>> b.records = {"source:jp-mof-xlsx-2026-03-05#2/5"}
    >>> same_stable_listing(a, b) is None
    True
    """
    from sanctiongraph.loaders.editions import list_for

    def stable(records: Iterable[str]) -> set[str]:
        out = set()
        for record in records:
            source, sep, rid = record.partition("#")
            listed = list_for(source) if sep and rid else None
            if listed is not None and listed.stable_ids:
                out.add(f"{list_of_source(source)}#{rid}")
        return out

    common = stable(a.records) & stable(b.records)
    return min(common) if common else None


def _listings(records: Iterable[str]) -> set[str]:
    """ "<list>#<record id>" of "<source id>#<record id>" records."""
    out = set()
    for record in records:
        source, sep, rid = record.partition("#")
        if sep and rid:
            out.add(f"{list_of_source(source)}#{rid}")
    return out


def un_regime_of_listing(programme: str | None, reference: str | None) -> str | None:
    """The UN regime (reference prefix) whose designations a listing implements, as
    the listing itself says: a programme naming the resolution (Japan's MOF), an EU
    regulation's UN annex (the reference the EU readers give, "32017R1509 annex
    XIII.A/10"). None when the listing does not say (autonomous lists, OFAC).

    >>> un_regime_of_listing("北朝鮮(決議1718号等；個人)", None)
    'KP'
    >>> un_regime_of_listing("北朝鮮(協調；個人)", None)  # Japan's own measures
    >>> un_regime_of_listing("北朝鮮(決議1695号)", None)  # 1695 set up no list
    >>> un_regime_of_listing("EU-PRK", "32017R1509 annex XIII.A/10")
    'KP'
    >>> un_regime_of_listing("EU-PRK", "32017R1509 annex XVI.A/3") is None
    True
    """
    for m in _RESOLUTION.finditer(programme or ""):
        regime = UN_RESOLUTION_REGIMES.get(m.group(1))
        if regime:
            return regime
    annex = _EU_ANNEX.match(reference or "")
    return EU_UN_ANNEXES.get((annex.group(1), annex.group(2))) if annex else None


def un_regime_of_ref(ref: str) -> str | None:
    """The regime prefix of a normalised UN reference ("KPI010" → "KP")."""
    m = re.match(r"^([A-Z]{2})[EI]\d+$", ref)
    return m.group(1) if m else None


def is_latin(name: str) -> bool:
    return all(
        ch.isascii() or not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name
    )


def keys_of(kind: str, name: str) -> frozenset[str]:
    """The name keys of one name of a party of ``kind``."""
    if kind == "person":
        return frozenset(k for k in person_keys(name) if not _too_short(k))
    k = name_key(name)
    return frozenset([k]) if k and not generic_only(k) and not _too_short(k) else frozenset()


@lru_cache(maxsize=131072)
def _too_short(key: str) -> bool:
    """A key of one or two letters once company forms are gone ("S.A.S. E.U." → "e u"):
    a list marker's length, no name to match on."""
    from sanctiongraph.graph.placeholders import meaningless

    return not key.startswith("~") and meaningless(key) is not None


@lru_cache(maxsize=131072)
def generic_only(key: str) -> bool:
    """Whether an organisation key is one or two words that say only a kind of
    business ("trading company", "bank"): a name thousands of firms could give.
    Longer names of generic words ("foreign trade bank") name one party on a list.

    >>> generic_only("trading"), generic_only("off shore"), generic_only("foreign trade bank")
    (True, False, False)
    """
    return not key.startswith("~") and len(key.split()) <= 2 and not distinctive(key)[0]


@lru_cache(maxsize=131072)
def numbers_in(key: str) -> frozenset[str]:
    """The numbers a name holds ("81 armored repair plant" → {"81"})."""
    return frozenset(re.findall(r"\d+", key))


# Schemes whose numbers carry a check digit, and rigour's validator of each. A number
# that fails its check is kept on the entity as the list gives it, but never merges two
# records (it may still keep them apart: see Profile.unchecked).
CHECKED_SCHEMES = {"imo": "imo", "swift_bic": "bic", "lei": "lei", "inn": "inn", "ogrn": "ogrn"}


@lru_cache(maxsize=65536)
def valid_id(scheme: str, value: str) -> bool:
    """Whether a normalised identifier passes its scheme's check (rigour.ids); True
    for schemes without one.

    >>> valid_id("imo", "9522324"), valid_id("imo", "9522325"), valid_id("inn", "7707083893")
    (True, False, True)
    >>> valid_id("passport", "anything")
    True
    """
    name = CHECKED_SCHEMES.get(scheme)
    if name is None:
        return True
    from rigour.ids import get_identifier_format

    checker = get_identifier_format(name)
    return checker is None or bool(checker.is_valid(value))


def id_scheme(kind: str, scheme: str) -> str:
    """The comparison scheme of an identifier on a party of ``kind``."""
    if scheme == "imo" and kind and kind != "vessel":
        return "imo_company"
    return scheme


@dataclass
class Profile:
    """Comparable evidence about one party (a record, or an entity's records together)."""

    kind: str = ""
    # name key → True when some record gives it as the party's primary name
    keys: dict[str, bool] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    # Identifiers that fail their scheme's check digit (:func:`valid_id`): kept apart
    # from ``ids``, so they veto a merge when they differ but never make one.
    unchecked: dict[str, set[str]] = field(default_factory=dict)
    birth_dates: set[str] = field(default_factory=set)
    nationalities: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    records: set[str] = field(default_factory=set)
    # "<source>|<programme>" of the listings read in this process (a store does not
    # keep them on the entity): one list naming a party under two programmes.
    programmes: set[str] = field(default_factory=set)
    # UN regimes ("KP") whose designations some record of the party is listed under:
    # the UN's own entry, a UN reference another list cites, or a listing that says
    # it implements the UN's designations (see :func:`un_regime_of_listing`).
    un_regimes: set[str] = field(default_factory=set)
    # Countries an organisation's names are qualified by ("(KENYA)", "（UNION OF
    # COMOROS）", "(Ethiopia branch)"): which office of a network the list means.
    places: set[str] = field(default_factory=set)
    # Person keys that exist only as two name parts glued into one word
    # (:func:`joined_keys`): a same key, never a close one.
    joined: set[str] = field(default_factory=set)
    # An organisation's addresses that say more than a city (resolution.addresses).
    addresses: set[str] = field(default_factory=set)
    # A person's posts as :func:`~sanctiongraph.resolution.posts.post_keys` reads them.
    posts: set[str] = field(default_factory=set)

    @property
    def birth_years(self) -> set[int]:
        return {int(d[:4]) for d in self.birth_dates if d[:4].isdigit()}

    def add_names(self, names: Iterable[str | None], primary: bool) -> None:
        from sanctiongraph.graph.placeholders import label_of, meaningless

        for n in names:
            if not n or meaningless(n) is not None:
                continue  # "(a)", 不明, "N/A": a key every such record would share
            outside, bracketed = unbracket(n)
            # "(original script: القاعدة)" is a name with a label before it; MOF's
            # "(original script：不明)" says none is known.
            inside = [x for x in (label_of(p)[1] for p in bracketed) if meaningless(x) is None]
            places = {c for c in map(place_of, inside) if c} if self.kind != "person" else set()
            if not bracketed and not primary and self.kind not in ("", "person"):
                # An alias that is only a country: the loader took a trailing "(KENYA)"
                # off the name ("AL-HARAMAYN FOUNDATION (KENYA)"), the office it means.
                whole = place_of(n)
                places |= {whole} if whole else set()
            # "AL-HARAMAIN (BANGLADESH)", "Al-Haramain (Ethiopia branch)": a bracketed
            # country says which office the list means. It is kept in ``places``, not
            # in the key (one list writes it in brackets, another splits it off), so
            # that two offices sharing the name go to review (scorer.place_conflict).
            self.places |= places
            for name in [n, outside] if bracketed else [n]:
                for k in keys_of(self.kind, name):
                    self._key(k, primary, name)
            for alias in inside:
                if self.kind != "person" and place_of(alias):
                    continue  # an office's country is no name of the party
                if self.kind == "person" and len(alias.split()) == 1:
                    continue  # another spelling of one word, read by variants_of below
                for k in keys_of(self.kind, alias):
                    self._key(k, False, alias)
            if self.kind == "person":
                for variant in bracket_variants(n):
                    for k in keys_of(self.kind, variant):
                        self._key(k, False, variant)

    def _key(self, key: str, primary: bool, name: str) -> None:
        """Note ``key`` of ``name``: glued (:attr:`joined`) unless some name gives it
        with its parts apart."""
        glued = self.kind == "person" and key in joined_keys(name)
        if glued and key not in self.keys:
            self.joined.add(key)
        elif not glued:
            self.joined.discard(key)
        self.keys[key] = self.keys.get(key, False) or primary

    def add_posts(self, posts: Iterable[str]) -> None:
        from sanctiongraph.resolution.posts import post_keys

        self.posts.update(k for text in posts for k in post_keys(text))

    def add_addresses(self, addresses: Iterable[tuple[str | None, str | None]]) -> None:
        """Keep the (text, city) addresses that say more than their city."""
        from sanctiongraph.resolution.addresses import street_level

        for text, city in addresses:
            if text and street_level(text, city):
                self.addresses.add(text)

    def add_id(self, scheme: str, value: object) -> None:
        scheme = id_scheme(self.kind, scheme)
        v = norm_id(scheme, value)
        if v:
            # A number failing its check digit still tells two parties apart (a veto
            # is the safe side), but never merges them.
            held = self.ids if valid_id(scheme, v) else self.unchecked
            held.setdefault(scheme, set()).add(v)

    def absorb(self, other: Profile) -> None:
        """Add another record's evidence (the record joined this entity)."""
        self.kind = self.kind or other.kind
        apart = (self.keys.keys() - self.joined) | (other.keys.keys() - other.joined)
        self.joined = (self.joined | other.joined) - apart
        for k, p in other.keys.items():
            self.keys[k] = self.keys.get(k, False) or p
        for s, vs in other.ids.items():
            self.ids.setdefault(s, set()).update(vs)
        for s, vs in other.unchecked.items():
            self.unchecked.setdefault(s, set()).update(vs)
        self.birth_dates |= other.birth_dates
        self.nationalities |= other.nationalities
        self.countries |= other.countries
        self.sources |= other.sources
        self.records |= other.records
        self.programmes |= other.programmes
        self.un_regimes |= other.un_regimes
        self.places |= other.places
        self.addresses |= other.addresses
        self.posts |= other.posts

    @property
    def un_refs(self) -> set[str]:
        """The UN references the profile holds, its own and those cited for it."""
        out: set[str] = set()
        for scheme in ("un_ref", *CITED_SCHEMES):
            out |= self.ids.get(scheme, set())
        return out

    def note_un_regimes(self) -> None:
        """Add the regimes of the UN references (own or cited) the profile holds."""
        for ref in self.un_refs:
            regime = un_regime_of_ref(ref)
            if regime:
                self.un_regimes.add(regime)


def profile_of_target(t: object, source: str | None = None, record: str | None = None) -> Profile:
    """The evidence one loader :class:`~sanctiongraph.loaders.target.Target` gives."""
    from sanctiongraph.loaders.target import Target

    assert isinstance(t, Target)
    p = Profile(kind=t.kind)
    p.add_names([t.name, t.name_local], primary=True)
    p.add_names(t.aliases, primary=False)
    for scheme, values in t.ids.items():
        if scheme not in NOT_IDENTIFYING:
            for v in values:
                p.add_id(scheme, v)
    p.birth_dates = {d for d in t.birth_dates if d[:4].isdigit()}
    p.nationalities = {n.upper() for n in t.nationalities if n}
    p.add_posts(t.positions)
    # The country the store records for the party (HEADQUARTERED_IN), so a profile read
    # from a list and one read from the store compare alike.
    seat = t.seat()
    if seat is not None:
        p.countries.add(seat[0])
    if t.kind != "person":
        p.add_addresses((a.text, a.city) for a in t.addresses)
    p.note_un_regimes()
    for f in t.listings:
        regime = un_regime_of_listing(f.programme, f.reference)
        if regime:
            p.un_regimes.add(regime)
    if source:
        p.sources.add(source)
        p.programmes = {f"{source}|{f.programme or ''}" for f in t.listings}
        if record:
            p.records.add(f"{source}#{record}")
    return p


def profile_of_row(row: Mapping[str, object], strong: Iterable[str]) -> Profile:
    """The evidence an Entity node of a store holds (all its records together)."""

    def strings(name: str) -> list[str]:
        value = row.get(name)
        return [str(v) for v in value] if isinstance(value, list | tuple | set) else []

    p = Profile(kind=str(row.get("kind") or ""))
    p.add_names([str(row["name"])] if row.get("name") else [], primary=True)
    p.add_names([str(row["name_local"])] if row.get("name_local") else [], primary=True)
    p.add_names(strings("aliases"), primary=False)
    for scheme in strong:
        for v in strings(scheme):
            p.add_id(scheme, v)
    for item in strings("id_numbers"):
        scheme, sep, value = item.partition(":")
        if sep and scheme not in NOT_IDENTIFYING:
            p.add_id(scheme, value)
    p.birth_dates = {d for d in strings("birth_dates") if d[:4].isdigit()}
    p.nationalities = {n.upper() for n in strings("nationalities")}
    p.add_posts(strings("positions"))
    p.sources = set(strings("sources"))
    p.records = set(strings("records"))
    p.note_un_regimes()
    return p


# The words that tell one organisation from another live here, not in the scorer, because
# generic_only() above needs them and the scorer imports this module.
@lru_cache(maxsize=131072)
def distinctive(key: str) -> tuple[str, frozenset[str]]:
    """(folded distinctive words, generic words) of an organisation name key."""
    words = key.split()
    dist = " ".join(fold_word(w) for w in words if w not in GENERIC)
    generic = frozenset(w for w in words if w in GENERIC) - _WEAK
    return dist, generic


def fold_word(token: str) -> str:
    for x, y in _FOLD:
        token = token.replace(x, y)
    return token


# Korean romanisations disagree on aspirated and plain consonants (McCune-Reischauer
# "T'aewon", Revised "Daewon"); folding both to one letter lets them meet.
_FOLD = (("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"), ("r", "l"), ("eo", "o"), ("oo", "u"))

# Words that say what kind of business a name is, not which one. Close names
# compare the rest and ask these to agree (weak words aside), so "Korea Namgang
# Trading" never meets "Namgang Construction".
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
        "engineering",
        "plant",
    ]
)
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
