"""What every list format is read into before it becomes graph records.

A format reader only knows its file: it yields one :class:`Target` per listed
party with the names, identifiers, addresses and listings the record holds.
Turning targets into nodes and relationships, and deciding which existing
entity a target is, happens once for all formats (``ingest.build``,
``resolution.matching``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.limits import LimitExceeded, current, over
from sanctiongraph.settings import Limits

KINDS = ("organization", "person", "vessel", "aircraft")
# Identifiers that name one real-world party wherever they appear.
STRONG_IDS = ("imo", "swift_bic", "ofac_ent_num", "un_ref")

# Every identifier scheme a reader may put in ``Target.ids``, and what it is.
# The strong ones (above) and ``jp_notice`` become Entity properties of their
# own; all others reach ``Entity.id_numbers`` as "scheme:VALUE" (see
# :func:`id_number`). Values are normalised by :func:`normalise_id` so that
# the same number written two ways compares equal.
ID_SCHEMES: dict[str, str] = {
    "imo": "IMO ship or company number, 7 digits (OFAC remarks and idList, UN/EU/UK/MOF/FtM)",
    "swift_bic": "SWIFT/BIC code (OFAC, EU FSF, FtM, OpenSanctions targets)",
    "ofac_ent_num": "OFAC SDN entity number / FixedRef (OFAC CSV, XML, advanced)",
    "un_ref": "the UN's own permanent reference, e.g. KPe.001 (UN XML; EU FSF unitedNationId; "
    "MOF 国連参照番号)",
    "un_ref_cited": "a UN reference another list cites in its free text (UK 'Other Information' "
    "'UN Ref ...', EU and OFAC remarks): evidence, not the UN's own entry, and sometimes "
    "wrong (six UK 2018 groups cite another party's)",
    "jp_notice": "Japan MOF notice number (告示番号)",
    "passport": "passport or travel document number (OFAC 'Passport', UN/EU/UK/MOF/FtM)",
    "national_id": "national identity number: OFAC 'National ID No.', 'Cedula No.', 'D.N.I.', "
    "'C.U.R.P.', 'Identification Number'; UN 'National Identification Number'; EU 'id'; "
    "UK 'NI Number' / 'National Identification Number'; MOF ID番号/身分登録番号; FtM idNumber",
    "tax_id": "tax number: OFAC 'Tax ID No.', 'R.F.C.', 'V.A.T. Number', 'NIT #', 'RUC #'; "
    "FtM taxNumber, vatCode (Russian tax numbers are 'inn')",
    "registration": "company registration number: OFAC 'Registration Number', 'Registration ID', "
    "'Company Number', 'Commercial Registry Number', 'Business Registration …'; EU 'regnumber'; "
    "FtM registrationNumber (Russian state registration numbers are 'ogrn')",
    "inn": "Russian taxpayer number (ИНН): OFAC 'Tax ID No. … (Russia)'; FtM innCode",
    "ogrn": "Russian state registration number (ОГРН, 13 or 15 digits): OFAC 'Registration "
    "Number … (Russia)'; FtM ogrnCode",
    "kpp": "Russian tax registration reason code (КПП): FtM kppCode",
    "okpo": "Russian statistical code (ОКПО): OFAC 'Government Gazette Number'; FtM okpoCode",
    "lei": "Legal Entity Identifier: OFAC 'Legal Entity Number'; FtM leiCode",
    "uscc": "Chinese Unified Social Credit Code: OFAC 'Unified Social Credit Code (USCC)'",
    "mmsi": "a ship's Maritime Mobile Service Identity: OFAC 'MMSI'; FtM mmsi",
    "other": "an identifier whose kind the source does not say (OpenSanctions targets)",
}
# Kept as Entity properties of their own, not in id_numbers.
OWN_PROPERTY_IDS = frozenset((*STRONG_IDS, "jp_notice"))

_UN_REF_NEW = re.compile(r"^([A-Z]{2})\s*\.?\s*([EI1])(?:\s*\.\s*|\s+)(\d{1,3})$", re.I)
_UN_REF_OLD = re.compile(
    r"^([QT])\s*\.?\s*([IE])\s*\.\s*[A-Z]\s*\.\s*(\d{1,3})\s*\.\s*\d{2}$", re.I
)
# The UN's pre-2015 references: QI/QE (Al-Qaida, now QDi/QDe) and TI/TE (Taliban, now TAi/TAe).
_OLD_REGIMES = {"Q": "QD", "T": "TA"}


def un_reference(text: str | None) -> str | None:
    """A UN Security Council reference in the UN's own spelling, else None.

    Lists cite them in many spellings; all of one reference come out equal.
    The pre-2015 form (``QI.A.151.03``) becomes today's (``QDi.151``).

    >>> un_reference("KPe.23"), un_reference("KPE.023"), un_reference(" kpe . 023 ")
    ('KPe.023', 'KPe.023', 'KPe.023')
    >>> un_reference("QD1.410")  # a '1' typed for an 'i'
    'QDi.410'
    >>> un_reference("QI.A.151.03"), un_reference("Q.I.A.291.11"), un_reference("TE.H.10.12")
    ('QDi.151', 'QDi.291', 'TAe.010')
    >>> un_reference("IRe.021."), un_reference("E.29.II.2"), un_reference("DPR0060")
    ('IRe.021', None, None)
    """
    raw = " ".join((text or "").split()).rstrip(". ")
    m = _UN_REF_NEW.match(raw)
    if m:
        kind = "i" if m.group(2).upper() in ("I", "1") else "e"
        return f"{m.group(1).upper()}{kind}.{int(m.group(3)):03d}"
    m = _UN_REF_OLD.match(raw)
    if m:
        regime = _OLD_REGIMES[m.group(1).upper()]
        return f"{regime}{m.group(2).lower()}.{int(m.group(3)):03d}"
    return None


_UN_REF_CITED = re.compile(
    r"UN\.?\s*(?:Ref(?:erence)?\.?(?:\s*(?:No\.?|Number))?|REF)\s*\)?\s*[:.]?\s*(?:UN\s+Ref\.?\s*)?"
    r"((?:Q\s*\.\s*)?[A-Z]{1,2}\s*\.?\s*[A-Z1]?(?:\s*\.\s*|\s+)(?:[A-Z]\s*\.\s*)?\d{1,3}"
    r"(?:\s*\.\s*\d{2}\b)?)",
    re.I,
)
# "UN Ref.077": the number alone, the regime and kind left to the reader's context.
_UN_REF_NUMBER = re.compile(r"UN\s*Ref\.?\s*(\d{3})\b", re.I)
# Sanctions regimes as lists name them → the UN's two-letter reference prefix, to
# complete a reference cited by its number alone.
_UN_REGIMES = (
    ("korea", "KP"),
    ("al-qaida", "QD"),
    ("isil", "QD"),
    ("taliban", "TA"),
    ("afghanistan", "TA"),
    ("iraq", "IQ"),
    ("libya", "LY"),
    ("somalia", "SO"),
    ("congo", "CD"),
    ("central african", "CF"),
    ("south sudan", "SS"),
    ("sudan", "SD"),
    ("yemen", "YE"),
    ("mali", "ML"),
    ("iran", "IR"),
)


def un_regime(programme: str | None) -> str | None:
    """The UN reference prefix of a sanctions regime a list names, if it has one.

    >>> un_regime("North Korea (Democratic People's Republic of Korea)"), un_regime("Syria")
    ('KP', None)
    """
    low = (programme or "").lower()
    return next((prefix for word, prefix in _UN_REGIMES if word in low), None)


# A bare reference opening the text or a "UN listing." sentence is the entry's own
# ("KPe.058. Registered owner of …"); elsewhere a bare one names another party
# ("… the Nusrah Front (QDe.137) …") and is not taken.
_UN_REF_LEADING = re.compile(r"(?:^\s*|UN listing\.\s*)([A-Z]{2}[eiEI]\s?\.\s?\d{1,3})\b", re.I)


def cited_un_references(
    text: str | None, regime: str | None = None, kind: str | None = None
) -> list[str]:
    """UN references a free-text field cites as the entry's own, normalised: after
    a "UN Ref" label, or bare at the start of the text or of a "UN listing." sentence.

    >>> cited_un_references("Annex XIII. UN listing. UN Ref KPe.016. Email: x")
    ['KPe.016']
    >>> cited_un_references("(UK Sanctions List Ref):DPR0189 (UN Ref):KPe.018 The Second Academy")
    ['KPe.018']
    >>> cited_un_references("UN. REF.KPI.073. Pak Bong Nam; UN Reference Number: UN Ref KPe.64")
    ['KPi.073', 'KPe.064']
    >>> cited_un_references("UN REF: QI.A.151.03.  Mother's name")
    ['QDi.151']
    >>> cited_un_references("UN Ref E.29.II.2")  # the Iran committee's pre-2016 form
    []
    >>> cited_un_references("Annex XIII. UN listing. KPi.023. Has held")
    ['KPi.023']
    >>> cited_un_references("KPe.058. Registered owner of the DPRK tanker NAM SAN 8")
    ['KPe.058']
    >>> cited_un_references("Formerly part of the Nusrah Front (QDe.137).")
    []

    A reference cited by its number alone ("UN Ref.077") is completed from the
    regime (:func:`un_regime` of the listing's programme) and the kind of party:

    >>> cited_un_references("UN Listing. UN Ref.077. Alternate", regime="KP", kind="person")
    ['KPi.077']
    >>> cited_un_references("UN Ref.KPe 070. Registered owner")
    ['KPe.070']
    """
    out: list[str] = []
    found = [*_UN_REF_CITED.finditer(text or ""), *_UN_REF_LEADING.finditer(text or "")]
    for m in sorted(found, key=lambda m: m.start()):
        ref = un_reference(m.group(1))
        if ref and ref not in out:
            out.append(ref)
    if regime and kind and not out:
        suffix = "i" if kind == "person" else "e"
        for m in _UN_REF_NUMBER.finditer(text or ""):
            ref = f"{regime}{suffix}.{m.group(1)}"
            if ref not in out:
                out.append(ref)
    return out


_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_NO_VALUE = frozenset(("", "NA", "N/A", "NONE", "UNKNOWN", "不明", "-0-"))


def normalise_id(scheme: str, value: str | None) -> str | None:
    """An identifier as compared: upper case, without spaces or punctuation.

    >>> normalise_id("passport", " g-557 170 "), normalise_id("imo", "IMO 9187629")
    ('G557170', '9187629')
    >>> normalise_id("un_ref", "KPe.23"), normalise_id("national_id", "不明")
    ('KPe.023', None)
    """
    raw = " ".join((value or "").split())
    if raw.upper() in _NO_VALUE:
        return None
    if scheme in ("un_ref", "un_ref_cited"):
        return un_reference(raw) or raw
    if scheme == "ofac_ent_num" or scheme == "jp_notice":
        return raw
    norm = _NOT_ALNUM.sub("", raw).upper()
    if scheme == "imo":
        norm = norm.removeprefix("IMO")
    return norm or None


_DOC_NUMBER = re.compile(r"(?<![\w-])(?:[A-Z]{1,3}[- ]?)?\d[\d\-]*\d[A-Z]?(?![\w-])")


def document_numbers(text: str | None) -> list[str]:
    """The document numbers in a free-text passport or national id field, normalised.

    Dates ("issued on 9 June 1999", "03/07/1996") and years are not numbers;
    a number needs at least five digits.

    >>> document_numbers("G557170 (Tunisian). Issued on 9 June 1999. Expired on 12 May 2004")
    ['G557170']
    >>> document_numbers("(1) A-501801 (Indian) issued on 9 June 1991 (2) 44103-5251752-5")
    ['A501801', '4410352517525']
    >>> document_numbers("973406 (Yemeni national identification card, issued on 03/07/1996)")
    ['973406']
    >>> document_numbers("Uganda Passport."), document_numbers("不明")
    ([], [])
    """
    from sanctiongraph.loaders.dates import without_dates

    out: list[str] = []
    for m in _DOC_NUMBER.finditer(without_dates(text or "")):
        value = normalise_id("passport", m.group(0))
        if value and sum(c.isdigit() for c in value) >= 5 and value not in out:
            out.append(value)
    return out


def id_number(scheme: str, value: str) -> str:
    """How an identifier appears in ``Entity.id_numbers``: ``"scheme:VALUE"``."""
    return f"{scheme}:{value}"


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


_NUMBERED = re.compile(r"\(?\b(?:\d|[a-h])\)\s*")
_SEPARATORS = re.compile(r"\s*(?:;|/|\n|\band\b|、|，|・)\s*")


def nationality_codes(text: str | None) -> list[str]:
    """ISO 3166-1 alpha-2 codes of the countries a nationality field names.

    Lists write country names, demonyms, numbered lists and Japanese names;
    ``graph.countries`` knows the lists' spellings, rigour the demonyms.

    >>> nationality_codes("1) Saudi Arabia 2) Qatar"), nationality_codes("Korea, North")
    (['SA', 'QA'], ['KP'])
    >>> nationality_codes("Tunisian"), nationality_codes("アフガニスタン"), nationality_codes("-0-")
    (['TN'], ['AF'], [])
    >>> nationality_codes("United States of America. Also believed to hold Syrian nationality")
    ['US', 'SY']
    >>> nationality_codes("Bahrain (citizenship revoked in January 2015)")
    ['BH']
    """
    raw = " ".join((text or "").split())
    if not raw:
        return []
    whole = _country_code(raw)
    if whole:
        return [whole]
    out: list[str] = []
    for part in _SEPARATORS.split(_NUMBERED.sub(";", raw)):
        codes = [
            c
            for piece in ((part, *part.split(",")) if "," in part else (part,))
            if (c := _country_code(piece.strip(" .()")))
        ][:1] or _codes_in_words(part)
        out += [c for c in codes if c not in out]
    return out


_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_NOT_COUNTRY_WORDS = frozenset(
    (
        *("also", "as", "at", "be", "believed", "birth", "by", "citizen", "citizenship"),
        *("dual", "hold", "in", "national", "nationality", "of", "possibly", "revoked"),
        *("since", "the", "to", "withdrawn"),
    )
)


def _codes_in_words(text: str) -> list[str]:
    """Countries named inside a sentence ("Iranian (Iranian citizenship)", "Possibly
    Ethiopian", "Bahrain (citizenship revoked in January 2015)"): the longest runs of
    words that name one, ignoring the words around them."""
    words = [w for w in _WORD.findall(text) if w.lower() not in _NOT_COUNTRY_WORDS]
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            code = _country_code(" ".join(words[i : i + n])) if i + n <= len(words) else None
            if code:
                if code not in out:
                    out.append(code)
                i += n
                break
        else:
            i += 1
    return out


def _country_code(text: str) -> str | None:
    if not text or text.upper() in _NO_VALUE:
        return None
    from sanctiongraph.graph.countries import country_in_text, resolve_country

    found = resolve_country(text)
    if found:
        return found[0]
    from rigour.territories import lookup_territory

    territory = lookup_territory(text)
    code = (territory.ftm_country or "") if territory is not None else ""
    if len(code) == 2:
        return code.upper()
    if not text.isascii():
        # Japanese lists: a country name followed by more ("ハイチ共和国", "エジプトEgypt").
        return country_in_text(text)
    return None


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
    # When the file carries no date: how ``id`` ends, to be replaced by the date
    # the load finds for it (``--list-date``, or a date in the file's name).
    undated_tail: str | None = None

    def dated(self, date: str, label: str) -> SourceInfo:
        """This source with a list date from outside the file; its id says the date.

        >>> s = SourceInfo("us-ofac-sdn-csv-undated-1a2b", "n", "p", "t", "f",
        ...                undated_tail="undated-1a2b")
        >>> s.dated("2021-07-01", "2021-07").id
        'us-ofac-sdn-csv-2021-07'
        """
        new_id = self.id
        if self.undated_tail and self.id.endswith(self.undated_tail):
            new_id = self.id[: -len(self.undated_tail)] + label.lower()
        name = self.name.replace("(undated)", f"({label})")
        return replace(self, id=new_id, name=name, list_date=date, undated_tail=None)


@dataclass
class Address:
    text: str
    city: str | None = None
    country: str | None = None  # as the list spells it
    named_branch: bool = False  # the list itself calls it a branch or office
    ref: str | None = None  # the list's own address id, where it has one


# A listing whose source does not say who issued it (an OpenSanctions targets row
# without programme ids, an FtM entity without a Sanction naming its authority).
# It is no authority: the builder writes the Listing and its TARGETS but no
# Authority node and no ISSUED relationship, so authority counts
# (multi-jurisdiction, authority-totals, listed-on) never count it.
UNNAMED_AUTHORITY = "unnamed"


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


# An alias cell that may hold a list of names or a label: worth reading closely.
_MAY_LIST = re.compile(r"[(（:：]|k\.?a\b", re.I)


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
    # A person's posts as the list words them (the UN's DESIGNATION, OFAC's title, the
    # UK's Position): "Director of the National Aerospace Development Administration".
    positions: list[str] = field(default_factory=list)
    notes: str | None = None
    line: int | None = None  # where the record starts, for error messages
    # Sets beside the lists, so that adding is O(1): rows sharing one UK Group ID made
    # list membership quadratic (80,000 rows took a minute). The lists keep the order.
    _alias_set: set[str] = field(default_factory=set, init=False, repr=False, compare=False)
    _id_sets: dict[str, set[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def seat(self) -> tuple[str, str] | None:
        """(ISO code, name) of the country the graph records as the party's seat
        (``HEADQUARTERED_IN``): the list's own country where it resolves, else an
        organisation's first address's. The matcher compares the same country.
        """
        from sanctiongraph.graph.countries import resolve_country

        found = resolve_country(self.country) if self.country else None
        if found is None and self.addresses and self.kind != "person":
            first = self.addresses[0].country
            found = resolve_country(first) if first else None
        return found

    def add_id(self, scheme: str, value: str | None) -> None:
        """Add an identifier, normalised (:func:`normalise_id`); schemes are ID_SCHEMES."""
        if scheme not in ID_SCHEMES:
            raise ValueError(f"unknown identifier scheme {scheme!r}")
        norm = normalise_id(scheme, value)
        if not norm:
            return
        values = self.ids.setdefault(scheme, [])
        seen = self._id_sets.get(scheme)
        if seen is None or len(seen) != len(values):  # the list was changed directly
            seen = self._id_sets[scheme] = set(values)
        if norm not in seen:
            values.append(norm)
            seen.add(norm)

    def add_position(self, value: str | None) -> None:
        """Add a post as the list words it, its whitespace closed up (the UN wraps
        DESIGNATION values over lines)."""
        value = " ".join((value or "").split())
        if value and value not in self.positions:
            self.positions.append(value)

    def add_birth_date(self, value: str | None) -> None:
        """Add a date already in the partial ISO form of ``loaders.dates.birth_dates``."""
        if value and value not in self.birth_dates:
            self.birth_dates.append(value)

    def add_nationality(self, text: str | None) -> None:
        """Add the countries a nationality field names (see :func:`nationality_codes`)."""
        for code in nationality_codes(text):
            if code not in self.nationalities:
                self.nationalities.append(code)

    def id_numbers(self) -> list[str]:
        """The identifiers that go to ``Entity.id_numbers``, as "scheme:VALUE"."""
        return [
            id_number(scheme, v)
            for scheme, values in self.ids.items()
            if scheme not in OWN_PROPERTY_IDS
            for v in values
        ]

    def add_alias(self, value: str | None) -> None:
        """Add a name the party is also known by. A cell holding an alias list whole
        ("(a.k.a.: (a)Abu Ismail (b)Abou Ismail)") adds each of its names; a label
        before a name ("（旧称）", former name) is kept as a note; markers and
        placeholders ("(a)", 不明) are no names and are not added
        (see :mod:`sanctiongraph.graph.placeholders`)."""
        from sanctiongraph.graph.placeholders import (
            label_of,
            meaningless,
            split_aliases,
            split_joined,
            without_notes,
        )

        value = " ".join((value or "").split())
        if not value:
            return
        # Notes first (a language, "listed before", a birth): they sit between the
        # names of an alias list and would keep its markers from being read.
        former, value = without_notes(value)
        names = split_aliases(value) if _MAY_LIST.search(value) else [value]
        for name in (piece for whole in names for piece in split_joined(whole)):
            label, name = label_of(name)
            label = label or (former if len(names) == 1 else None)
            _, name = without_notes(name)
            if meaningless(name) is not None:
                continue
            said = f"{label}: {name}"
            if label in ("former name", "self-styled") and said not in (self.notes or ""):
                self.notes = "; ".join(filter(None, [self.notes, said]))
            self._add_alias(name)

    def _add_alias(self, value: str) -> None:
        if value == self.name:
            return
        seen = self._alias_set
        if len(seen) != len(self.aliases):  # the list was changed directly
            seen = self._alias_set = set(self.aliases)
        if value in seen:
            return
        limit = current().max_aliases
        if len(self.aliases) >= limit:
            raise LimitExceeded("aliases of one target", limit + 1, "max_aliases", limit,
                                where=self.where, more=True)  # fmt: skip
        self.aliases.append(value)
        seen.add(value)

    @property
    def where(self) -> str:
        return f"line {self.line} (record {self.record})" if self.line else f"record {self.record}"


def check_target(path: str | Path, t: Target, limits: Limits) -> None:
    """A target's names and fields against the limits, and free of NUL characters.

    (A NUL arrives escaped, as ``\\u0000`` in JSON, where the byte checks cannot see it.)
    """
    names = [("name", t.name), ("local name", t.name_local)]
    names += [("alias", a) for a in t.aliases]
    for what, value in names:
        if value and len(value) > limits.max_name_chars:
            raise over(path, t.where, f"characters of one {what}", len(value), "max_name_chars",
                       limits.max_name_chars)  # fmt: skip
    fields = [("notes", t.notes), ("country", t.country)]
    fields += [("address", a.text) for a in t.addresses]
    fields += [(f"{scheme} id", v) for scheme, values in t.ids.items() for v in values]
    for what, value in fields:
        if value and len(value) > limits.max_field_chars:
            raise over(path, t.where, f"characters of the {what}", len(value),
                       "max_field_chars", limits.max_field_chars)  # fmt: skip
    if len(t.aliases) > limits.max_aliases:
        raise over(path, t.where, "aliases of one target", len(t.aliases), "max_aliases",
                   limits.max_aliases)  # fmt: skip
    for what, value in names + fields:
        if value and "\x00" in value:
            raise LoadError(path, t.where, f"a NUL character in the {what}")


def checked_targets(path: str | Path, targets: Iterable[Target]) -> Iterator[Target]:
    """``targets`` as a reader yields them, each checked; limit errors name the file."""
    chosen = current()
    it = iter(targets)
    while True:
        try:
            t = next(it)
        except StopIteration:
            return
        except LimitExceeded as err:
            raise err.at(path) from None
        check_target(path, t, chosen)
        yield t
