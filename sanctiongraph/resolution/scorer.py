"""Two profiles compared feature by feature: merge, candidate for review, or apart.

The features and vetoes follow nomenklatura's heuristic matchers (the ones
yente serves): identifiers decide when they agree and veto when they differ
(``identifier_match`` / ``orgid_disjoint``, the vessel IMO checks); birth
years more than one apart veto a person match (``dob_year_disjoint``); names
are compared after rigour's normalisation (company-form words, script,
person name-part order). What is ours is the *policy*, written for lists
rather than for screening: a merge changes the graph, so it needs evidence
beyond a name.

Merges automatically (``verdict == "merge"``), in order of strength:

- ``identifier``: a shared strong identifier (ship IMO, company IMO number,
  SWIFT/BIC, OFAC entity number, UN reference) and no veto;
- ``cited identifier``: a UN reference cited by another list, with names that
  agree (same or close); a cited reference alone is a candidate (lists cite
  wrongly: six UK 2018 groups cite another party's reference);
- ``other identifier``: a passport, national id, tax or registration number
  shared, with names that agree;
- ``same name``: organisations with the same normalised name (not a bare
  acronym); persons with the same name in any order *and* an agreeing birth
  date or nationality, never on a short alias alone ("abu hamza");
- ``names and country``: organisations of one country with several names in
  common (:func:`distinct_names`), one of them a name one list gives as the
  party's name; one shared alias alone stays a candidate;
- ``same name on a UN list``: persons with the same name in any order (not a
  one-word alias) whom both records list as designations of one UN committee
  (the UN's own entry, a cited UN reference, or a programme that says it
  implements the committee's list), with no nationality conflict;
- ``close name and birth date``: persons whose names are close (romanisation
  variants) with the same full birth date and no nationality conflict;
- ``same name and post``: persons with the same name (not a short one) whose posts
  name one body (:mod:`.posts`: the UN's designation, OFAC's title, the UK's
  position), with no nationality conflict and no differing UN references;
- ``same words and country``: organisations whose names (each list's own) are the
  same words in another order or apart from weak words ("Korean" / "Korea"), seated
  in one country.

Everything else that looks alike is a ``candidate`` (a close name, a same
name without corroboration, a same-named vessel without agreeing IMO); a
veto makes the pair ``apart`` whatever the names say.

>>> from sanctiongraph.resolution.evidence import Profile
>>> a = Profile(kind="vessel"); a.add_names(["NOLAN"], True); a.add_id("imo", "9123456")
>>> b = Profile(kind="vessel"); b.add_names(["NORA"], True); b.add_id("imo", "9234567")
>>> compare(a, b).verdict, compare(a, b).vetoes
('apart', ['different imo: 9123456 / 9234567'])
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

from rigour.text import jaro_winkler

from sanctiongraph.resolution.addresses import same_address
from sanctiongraph.resolution.evidence import (
    CITED_SCHEMES,
    ONE_PER_ORG,
    STRONG_SCHEMES,
    Profile,
    distinctive,
    fold_word,
    numbers_in,
    same_listing,
    same_stable_listing,
)
from sanctiongraph.resolution.posts import shared_post

# Close names (below the same key) worth a reviewer's look, and close enough to
# count as "names agree" when an identifier supports them.
CANDIDATE_SIMILARITY = 0.88
AGREEING_SIMILARITY = 0.80


@dataclass
class Comparison:
    verdict: str  # merge | candidate | apart
    score: float
    evidence: str  # the evidence type of a merge or candidate (see module doc)
    basis: list[str] = field(default_factory=list)  # what agreed
    vetoes: list[str] = field(default_factory=list)  # what disagreed beyond repair
    names: float = 0.0  # how alike the best pair of names is (1.0: the same key)

    @property
    def why(self) -> str:
        return "; ".join(self.basis + [f"veto: {v}" for v in self.vetoes])


def _jw(a: str, b: str) -> float:
    return float(jaro_winkler(a, b))


@lru_cache(maxsize=131072)
def name_blocks(key: str, kind: str) -> frozenset[str]:
    """Where close names meet: the first three letters of each distinctive word
    (organisations, vessels), each name part of four letters or more (persons).
    Two names sharing no block are never compared letter by letter."""
    if key.startswith("~"):
        return frozenset()
    if kind == "person":
        return frozenset(w for w in key.split() if len(w) >= 4)
    # The whole word too: a prefix shared by hundreds of names ("tan": tanker, Tanzania)
    # is too crowded to search, and "tangun" must still meet "tangun".
    words = [w for w in distinctive(key)[0].split() if len(w) >= 3]
    return frozenset(w[:3] for w in words) | frozenset(w for w in words if len(w) > 3)


@lru_cache(maxsize=524288)
def name_similarity(kind: str, a: str, b: str) -> float:
    """Similarity of two name keys, 0 when they hold different numbers ("81" / "163").

    Organisation keys compare their distinctive words (see :func:`distinctive`),
    and 0 when the words saying the kind of business differ.
    """
    if a.startswith("~") or b.startswith("~"):
        return 1.0 if a == b else 0.0
    if numbers_in(a) != numbers_in(b):
        return 0.0
    if kind == "person":
        return max(_jw(a, b), _one_part_more(a, b))
    da, ga = distinctive(a)
    db, gb = distinctive(b)
    if not da or not db or ga != gb:
        return 0.0
    in_order = _jw(da.replace(" ", ""), db.replace(" ", ""))
    # Word order is a list's house style, not the name: OFAC's "WORKERS' PARTY OF KOREA
    # CENTRAL MILITARY COMMISSION" is the UN's "CENTRAL MILITARY COMMISSION OF THE
    # WORKERS' PARTY OF KOREA". The words sorted compare as a token-sort ratio does.
    any_order = _jw("".join(sorted(da.split())), "".join(sorted(db.split())))
    return max(in_order, any_order)


def _same_part(x: str, y: str) -> float:
    """How alike two name parts are as one word spelled two ways: the same length, give
    or take a fifth, and close letter by letter ("aleksandr" / "alexander"); 0 for a
    word that only starts like the other ("abdul" / "abdullah")."""
    if x == y:
        return 1.0
    if min(len(x), len(y)) < 0.8 * max(len(x), len(y)):
        return 0.0
    s = _jw(x, y)
    return s if s >= CANDIDATE_SIMILARITY else 0.0


def _one_part_more(a: str, b: str) -> float:
    """Two person keys one of which is the other with one part more (a patronymic or a
    middle name one list leaves out: MOF's "Aleksandr LUKASHENKO", the UK's "Alexander
    Ryhorovich LUKASHENKO"), compared part by part: the least alike pair of parts, or 0.

    >>> round(_one_part_more("aleksandr lukashenko", "alexander lukashenko ryhorovich"), 2)
    0.9
    >>> _one_part_more("abdullah barakzai haji", "abdul barakzai haji sattar")
    0.0
    >>> _one_part_more("naing tun", "naing tun tun")
    0.0
    """
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) < 2 or len(long) != len(short) + 1:
        return 0.0
    left = list(long)
    worst = 1.0
    for x in short:
        best = max(left, key=lambda y: _same_part(x, y))
        s = _same_part(x, best)
        if not s:
            return 0.0
        left.remove(best)
        worst = min(worst, s)
    if left[0] in short:
        return 0.0  # a part said twice ("Tun Tun Naing") is another name than "Tun Naing"
    return worst


def same_words(a: str, b: str) -> bool:
    """Whether two organisation name keys are the same words in any order, the weak
    generic words ("korea", "korean", "general", "of") aside: the UN's "KOREAN TANGUN
    TRADING CORPORATION" and OFAC's "KOREA TANGUN TRADING CORPORATION"; the UN's
    "CENTRAL MILITARY COMMISSION OF THE WORKERS' PARTY OF KOREA" and OFAC's "WORKERS'
    PARTY OF KOREA CENTRAL MILITARY COMMISSION".

    >>> same_words("central military commission of the workers party of korea",
    ...            "workers party of korea central military commission")
    True
    >>> same_words("korean tangun trading", "korea tangun trading")
    True
    >>> same_words("central bank of russia", "central bank of iraq")
    False
    >>> same_words("namgang trading", "namgang construction")
    False
    """
    if a.startswith("~") or b.startswith("~"):
        return False
    da, ga = distinctive(a)
    db, gb = distinctive(b)
    return bool(da) and sorted(da.split()) == sorted(db.split()) and ga == gb


def best_names(a: Profile, b: Profile) -> tuple[str, float, str, str]:
    """('same' | 'close' | '', similarity, key of a, key of b) for two profiles' names."""
    shared = a.keys.keys() & b.keys.keys()
    if shared:
        # Prefer a key that is a primary name on both sides, then on one.
        k = max(shared, key=lambda s: (a.keys[s] + b.keys[s], len(s), s))
        return "same", 1.0, k, k
    best = (0.0, "", "")
    kind = a.kind or b.kind
    # b's names by block, so that each of a's names meets only those sharing a word.
    by_block: dict[str, list[str]] = {}
    # Glued keys ("nikolaevichtelikanov") meet only their own spelling (see
    # evidence.joined_keys): letter by letter, they match on their shared half.
    for kb in b.keys.keys() - b.joined:
        for block in name_blocks(kb, kind):
            by_block.setdefault(block, []).append(kb)
    for ka in a.keys.keys() - a.joined:
        met: set[str] = set()
        for block in name_blocks(ka, kind):
            met.update(by_block.get(block, ()))
        for kb in met:
            if abs(len(ka) - len(kb)) > max(len(ka), len(kb)) // 3 and not (
                kind == "person" and abs(ka.count(" ") - kb.count(" ")) == 1
            ):
                continue  # (a person's name with one part more is compared part by part)
            s = name_similarity(kind, ka, kb)
            if s > best[0]:
                best = (s, ka, kb)
    return ("close" if best[0] >= AGREEING_SIMILARITY else ""), *best


def _short(key: str, kind: str) -> bool:
    """A key too short to merge on: a one-word person name, a three-letter firm name
    ("NTC"). Four letters are a name when both lists give it as the name ("KOTI
    Corp"); organisations merge on names both sides give as the name only."""
    if kind == "person":
        return len(key.split()) < 2
    return " " not in key and len(key) <= 3


def _all_ids(p: Profile, scheme: str) -> AbstractSet[str]:
    """A profile's numbers of ``scheme``, those failing their check digit included (a
    new set only when there are both: this runs for every scheme of every comparison)."""
    checked, unchecked = p.ids.get(scheme), p.unchecked.get(scheme)
    if not unchecked:
        return checked or _NONE
    return checked | unchecked if checked else unchecked


_NONE: frozenset[str] = frozenset()


def vetoes(a: Profile, b: Profile) -> tuple[list[str], list[str]]:
    """(vetoes, strong identifiers that agree) of two profiles."""
    out: list[str] = []
    agree: list[str] = []
    if a.kind and b.kind and a.kind != b.kind:
        out.append(f"different kinds: {a.kind} / {b.kind}")
    for scheme in STRONG_SCHEMES:
        va, vb = _all_ids(a, scheme), _all_ids(b, scheme)
        if va and vb:
            # Only numbers that pass their check agree; any two that differ disagree.
            common = a.ids.get(scheme, set()) & b.ids.get(scheme, set())
            if common:
                agree.append(f"same {scheme} {min(common)}")
            elif not va & vb:
                out.append(f"different {scheme}: {min(va)} / {min(vb)}")
    if (a.kind or b.kind) == "organization":
        for scheme in ONE_PER_ORG:
            va, vb = _all_ids(a, scheme), _all_ids(b, scheme)
            if va and vb and not va & vb:
                out.append(f"different {scheme}: {min(va)} / {min(vb)}")
    ya, yb = a.birth_years, b.birth_years
    if ya and yb and min(abs(x - y) for x in ya for y in yb) > 1 and not agree:
        out.append(f"birth years apart: {min(ya)} / {min(yb)}")
    return out, agree


# Candidates that rest on names alone.
_NAME_CANDIDATES = frozenset(["same name", "close name"])
# The highest rank of a name candidate some fact speaks against (a qualifier against a
# seat, a name that is part of the other's): below every pair nothing speaks against
# (those start at 0.7).
_DOUBTFUL = 0.6


def _nationalities_differ(a: Profile, b: Profile) -> bool:
    return bool(a.nationalities and b.nationalities and not a.nationalities & b.nationalities)


def lone_word(key: str, kind: str, close: bool = False) -> bool:
    """Whether a name key says one word only: a one-word person name; an organisation
    name of one word of three letters or more ("al aqsa", "offshore"), a word many
    parties' aliases share. For a ``close`` name (alike, not the same), one
    *distinctive* word: "general electronic" ~ "naishixin electronics" share only
    "electronic", while the same "korea kumryong trading" is a firm's whole name.

    >>> lone_word("al aqsa", "organization"), lone_word("general electronic", "organization", True)
    (True, True)
    >>> lone_word("korea kumryong trading", "organization")
    False
    >>> lone_word("ahk fkp", "organization", True)
    False
    """
    if key.startswith("~"):
        return False
    if kind == "person":
        return " " not in key
    words = distinctive(key)[0].split() if close else key.split()
    return len([w for w in words if len(w) >= 3]) <= 1


def part_of(a: str, b: str, kind: str) -> bool:
    """Whether one organisation key's distinctive words are all among the other's, and
    the other has more: a unit, subsidiary or branch named after its parent
    ("islamic revolutionary guard corps missile command" of "… corps",
    "stroygazmontazh most" of "stroygazmontazh"), not the parent written another way.

    >>> part_of("stroygazmontazh most", "stroygazmontazh", "organization")
    True
    >>> part_of("ahk fkp", "fkp ahk", "organization")
    False
    """
    if kind == "person" or a.startswith("~") or b.startswith("~"):
        return False
    wa, wb = set(distinctive(a)[0].split()), set(distinctive(b)[0].split())
    return bool(wa and wb) and wa != wb and (wa < wb or wb < wa)


# Merges that rest on names (with what corroborates them), not on an identifier.
NAME_EVIDENCE = frozenset(
    [
        "same name",
        "names and country",
        "same name on a UN list",
        "same words and country",
        "name within name and country",
        "address and name",
        "two names",
        "same name and post",
    ]
)
# Merges on an identifier that is no registry's number (passports, national ids, a UN
# reference another list cites), with names that agree.
ID_EVIDENCE = frozenset(["other identifier", "cited identifier"])


def date_conflict(a: Profile, b: Profile) -> tuple[str, str] | None:
    """Two full birth dates, one on each side, when no full date of one side is one
    of the other's: (a's, b's). Years that agree do not settle it (GORELKIN: UK
    1982-01-22, OFAC 1982-12-22)."""
    full_a = {d for d in a.birth_dates if len(d) == 10}
    full_b = {d for d in b.birth_dates if len(d) == 10}
    if full_a and full_b and not full_a & full_b:
        if any(_transposed(x, y) for x in full_a for y in full_b):
            # 1949-09-12 and 1949-12-09: one list wrote month and day the other way round
            # (OFSI's RODNINA, a day-first column holding one month-first date). Neither
            # agreement nor conflict: the years decide, as for dates of lower precision.
            return None
        return min(full_a), min(full_b)
    return None


def _transposed(x: str, y: str) -> bool:
    """Two ISO dates of one year whose day and month are each other's.

    >>> _transposed("1949-09-12", "1949-12-09"), _transposed("1982-01-22", "1982-12-22")
    (True, False)
    """
    return x[:4] == y[:4] and x[5:7] == y[8:10] and x[8:10] == y[5:7] and x != y


def place_conflict(a: Profile, b: Profile) -> tuple[str, str] | None:
    """The countries two organisations' names are qualified by, when both are and
    none agrees: (a's, b's). "AL-HARAMAYN FOUNDATION (TANZANIA)" and "… (KENYA)"
    are two offices of a network, each a designation of its own. A qualifier on one
    side only is compared with the other side's seat: "SBERBANK (SWITZERLAND) AG" is
    not the Russian "PJSC SBERBANK" (an independent audit found that merge), while
    an office qualified by the country its namesake sits in may be the same party."""
    if a.places and b.places:
        if not a.places & b.places:
            return ", ".join(sorted(a.places)), ", ".join(sorted(b.places))
        return None
    for one, other, flip in ((a, b, False), (b, a, True)):
        if one.places and other.countries and not _within(one.places, other.countries):
            pair = (", ".join(sorted(one.places)), "seat " + ", ".join(sorted(other.countries)))
            return (pair[1], pair[0]) if flip else pair
    return None


def _within(places: set[str], countries: set[str]) -> bool:
    """Whether a name's qualifier agrees with a seat: the same country, or a territory
    of it (rigour's territories: "華信船務(香港)" qualified by Hong Kong, seated in
    China at a Chai Wan address, is one firm)."""
    from rigour.territories import get_territory

    for place in places:
        if place in countries:
            return True
        territory = get_territory(place.lower())
        parent = territory.parent if territory is not None else None
        if parent is not None and parent.code.upper() in countries:
            return True
    return False


def compare(a: Profile, b: Profile) -> Comparison:
    """Compare two profiles (``a`` the new record, ``b`` an entity).

    Full birth dates or birth years that disagree, names qualified by different
    countries, or organisations seated in different countries stop a merge on names
    (it goes to review with both shown), and full dates also one on a passport,
    national id or cited UN reference; a registry's identifier that
    agrees still merges, and so does the same record id on two editions of one list
    (the UK's Group ID 13096 in its 2018 and 2022 files: the publisher's own entry).
    """
    c = _compare(a, b)
    if c.verdict == "apart" or c.evidence == "identifier":
        return c
    held: list[str] = []
    conflict = date_conflict(a, b)
    if conflict is not None:
        held.append(f"birth dates differ: {conflict[0]} / {conflict[1]}")
    places = place_conflict(a, b)
    if places is not None:
        held.append(f"name qualifiers differ: {places[0]} / {places[1]}")
    elif (
        (a.kind or b.kind) == "organization"
        and a.countries
        and b.countries
        and not a.countries & b.countries
    ):
        # Two organisations of one name seated in different countries: two parties,
        # or offices of one network a list designates apart (the UN designates only
        # the Pakistan and Afghanistan offices of the Revival of Islamic Heritage
        # Society; OFAC's record is its Kuwaiti seat).
        seats = ", ".join(sorted(a.countries)), ", ".join(sorted(b.countries))
        held.append(f"seats differ: {seats[0]} / {seats[1]}")
    ya, yb = a.birth_years, b.birth_years
    if conflict is None and ya and yb and not ya & yb:
        # Birth years a year apart are no veto (lists round, or mistype, a year),
        # but names alone do not merge across them: the reviewer sees both.
        held.append(f"birth years differ: {min(ya)} / {min(yb)}")
    if not held:
        return c
    basis = [*c.basis, *held]
    on_names = c.evidence in NAME_EVIDENCE or c.evidence in _NAME_CANDIDATES
    if on_names and same_listing(a, b) is None:
        # Evidence against that outweighs a name: the reviewer's time goes to pairs
        # whose other facts agree, or say nothing (an audit of the queue found these
        # pairs never one party).
        if places is not None and a.places and b.places:
            # Both names say which country's office they are, and the countries
            # differ: two designations of a network ("AL-HARAMAIN (ETHIOPIA)" and
            # "AL-HARAMAIN (AFGHANISTAN)"), whatever else the names share.
            return Comparison("apart", min(c.score, 0.5), c.evidence, basis, names=c.names)
        if (a.kind or b.kind) == "person" and conflict is not None and _nationalities_differ(a, b):
            # Another full birth date and another nationality: a name (often a kunya
            # or a shared alias, "Abu Ubaida") is all the two have in common.
            return Comparison("apart", min(c.score, 0.5), c.evidence, basis, names=c.names)
        if places is not None:
            # One name qualified by a country the other's seat is not: shown, ranked
            # below the pairs nothing speaks against.
            score = min(c.score, _DOUBTFUL)
            return Comparison("candidate", score, c.evidence, basis, names=c.names)
    # A passport or a cited UN reference with agreeing names is evidence, not a
    # registry's number: two full birth dates that disagree hold it too (an audit
    # counted Essabar's 3 / 13 April 1977 wrong). Registry numbers still merge.
    holds = NAME_EVIDENCE | (ID_EVIDENCE if conflict is not None else frozenset())
    if c.verdict == "merge" and c.evidence in holds:
        listing = same_listing(a, b)
        if listing is not None:
            basis.append(f"same record {listing} on editions of the list")
            return Comparison(c.verdict, c.score, c.evidence, basis, c.vetoes, c.names)
        return Comparison("candidate", min(c.score, 0.7), c.evidence, basis, names=c.names)
    return Comparison(c.verdict, c.score, c.evidence, basis, c.vetoes, c.names)


def _compare(a: Profile, b: Profile) -> Comparison:

    entry = same_stable_listing(a, b)
    if entry is not None and not (a.kind and b.kind and a.kind != b.kind):
        # The publisher's own id of its entry, on two editions of a list whose ids are
        # stable (lists.yaml record_id): one party, whatever its names or dates became
        # (the UK's 2018 and 2022 files left 342 Group IDs on two nodes, names re-spelt,
        # birth dates corrected).
        said = f"same record {entry} on editions of the list"
        changed = date_conflict(a, b)
        if changed is None:
            return Comparison("merge", 0.99, "identifier", [said])
        # The publisher amended the birth date between editions (the UK's CHATAEV,
        # Group ID 13300: 1980-07-14 in 2018, 1980-07-04 in 2022; FILIPPOVA, 13207:
        # 20/01 then 20/11/1988, with a patronymic added, so no name key in common).
        # Its id says the entry is the one it amended; the newer edition's values
        # supersede the older's on the entity (graph.records.merge_props), so the
        # entity shows the amended date only. Both dates stay in the basis.
        also = [f"same name {k!r}" for k in sorted(a.keys.keys() & b.keys.keys())[:1]]
        also += [
            f"same {scheme} {min(a.ids[scheme] & b.ids[scheme])}"
            for scheme in sorted(set(a.ids) & set(b.ids))
            if a.ids[scheme] & b.ids[scheme]
        ][:1]
        amended = f"birth dates differ: {changed[0]} / {changed[1]} (amended by the publisher)"
        return Comparison("merge", 0.99, "identifier", [said, *also, amended])
    vetoed, strong = vetoes(a, b)
    if vetoed:
        return Comparison("apart", 0.0, "veto", strong, vetoed)
    how, sim, ka, kb = best_names(a, b)
    kind = a.kind or b.kind
    basis: list[str] = []
    if how == "same":
        basis.append(f"same name {ka!r}")
    elif how == "close" or sim >= CANDIDATE_SIMILARITY:
        basis.append(f"close names {ka!r} ~ {kb!r} ({sim:.3f})")
    names_agree = how == "same" or sim >= AGREEING_SIMILARITY
    if strong:
        return Comparison("merge", 0.99, "identifier", strong + basis, names=sim)
    cited: list[str] = []
    for scheme, target in CITED_SCHEMES.items():
        for x, y in ((a, b), (b, a)):
            common = x.ids.get(scheme, set()) & (
                y.ids.get(target, set()) | y.ids.get(scheme, set())
            )
            if common:
                cited.append(f"cited {target} {min(common)}")
    others: list[str] = []
    for scheme in set(a.ids) & set(b.ids):
        if scheme in STRONG_SCHEMES or scheme in CITED_SCHEMES:
            continue
        common = a.ids[scheme] & b.ids[scheme]
        if common:
            others.append(f"same {scheme} {min(common)}")
    if cited:
        if names_agree:
            return Comparison(
                "merge", 0.95, "cited identifier", sorted(set(cited)) + basis, names=sim
            )
        return Comparison(
            "candidate", 0.7, "cited identifier", sorted(set(cited)) + basis, names=sim
        )
    if others:
        if names_agree:
            return Comparison("merge", 0.95, "other identifier", others + basis, names=sim)
        return Comparison("candidate", 0.6, "other identifier", others + basis, names=sim)
    dates = a.birth_dates & b.birth_dates
    full_dates = {d for d in dates if len(d) == 10}
    years = a.birth_years & b.birth_years
    nat_agree = a.nationalities & b.nationalities
    nat_conflict = bool(a.nationalities and b.nationalities and not nat_agree)
    if full_dates:
        basis.append(f"same birth date {min(full_dates)}")
    elif years:
        basis.append(f"same birth year {min(years)}")
    if nat_agree:
        basis.append(f"same nationality {min(nat_agree)}")
    if nat_conflict:
        basis.append(f"nationalities differ: {min(a.nationalities)} / {min(b.nationalities)}")
    if how == "same":
        strong_key = not _short(ka, kind) and (a.keys[ka] or b.keys[ka])
        # An organisation merges on the name both sides give as its name: one list's
        # alias for a firm is often another firm (OFAC's KOMID a.k.a. "Korea
        # Kumryong Trading", a UN entry of its own).
        if kind == "organization" and strong_key and a.keys[ka] and b.keys[ka] and not nat_conflict:
            return Comparison("merge", 0.9, "same name", basis, names=sim)
        if kind == "person" and strong_key and not nat_conflict and (years or nat_agree):
            return Comparison("merge", 0.9, "same name", basis, names=sim)
        if kind == "organization" and strong_key and not nat_conflict:
            shared = a.keys.keys() & b.keys.keys()
            names = distinct_names(shared, kind)
            place = a.countries & b.countries
            # A name and its acronym ("Sahand Aluminum Parts Industrial Company (SAPICO)")
            # are one name: they count as two only when each side gives one of the names
            # in common as its own name (the EU's "GBAE" a.k.a. "General Bureau of
            # Atomic Energy", the UN's GENERAL BUREAU OF ATOMIC ENERGY (GBAE)), not when
            # one side holds them as aliases of another party (OFAC's SHIG a.k.a. SAPICO).
            if len(names) < 2 and any(a.keys[k] for k in shared) and any(b.keys[k] for k in shared):
                names = distinct_names(shared, kind, fold_acronyms=False)
            if len(names) >= 2 and place:
                # One list's name for the party is an alias on the other, and more names
                # than one agree, in one country: the EU's "Ryonha Machine Tool" a.k.a.
                # "Korea Ryonha Machinery Joint Venture Corporation", "Huichon Ryonha
                # Machinery General Plant" is the UN's KPe.016. One shared alias is not
                # enough (OFAC's KOMID a.k.a. "Korea Kumryong Trading", a UN entry of its own).
                basis.append(f"{len(names)} names in common ({', '.join(sorted(names)[:3])})")
                basis.append(f"same country {min(place)}")
                return Comparison("merge", 0.87, "names and country", basis, names=sim)
        regimes = a.un_regimes & b.un_regimes
        refs_a, refs_b = a.un_refs, b.un_refs
        # References on both sides that differ say which designation each record is:
        # then the same name is two designations (or a wrong citation), not evidence.
        told_apart = bool(refs_a and refs_b and not refs_a & refs_b)
        if kind == "person" and strong_key and not nat_conflict and regimes and not told_apart:
            # Both records list the person as a designation of one UN committee (the
            # UN's entry, a UN reference cited, a programme implementing the UN's
            # list): the committee's list names the person once, so the same full
            # name there is the same designation. Lists that copy the UN's entries
            # often leave out its birth date (MOF's "YO'N CHO'NG NAM").
            basis.append(f"both listed as UN {min(regimes)} designations")
            return Comparison("merge", 0.88, "same name on a UN list", basis, names=sim)
        if kind == "person" and strong_key and not nat_conflict and not told_apart:
            post = shared_post(a.posts, b.posts, _common_word)
            if post is not None:
                # The same name, and posts naming one body: one official, where the
                # birth date or nationality only one list gives cannot say so (UN
                # KPi.028 YU CHOL U, "Director of the National Aerospace Development
                # Administration", a nationality; OFAC's "YU, Chol U", "Director,
                # National Aerospace Development Administration", a birth date).
                basis.append(f"same post: {post!r}")
                return Comparison("merge", 0.87, "same name and post", basis, names=sim)
        if kind == "person" and not nat_conflict and not told_apart and (years or nat_agree):
            two = _two_names(a.keys.keys() & b.keys.keys())
            if two is not None:
                # Two names of the person both lists give, neither a spelling of the
                # other, and a birth year or nationality: what the same-name rule asks
                # of one name a list gives as its own (OFAC's "AHMAD, Tariq Anwar
                # al-Sayyid" a.k.a. "FARAG, Hamdi Ahmad", "FATIH, Amr al-Fathi" and the
                # UK's entry of the same aliases, both born 1963-03-15). Without the
                # year or nationality it stays a candidate: no letter test tells a second
                # name from the first spelled otherwise ("Abdollah Solat Sana" / "Sovlat
                # Thana"), since Korean syllables are as close as Arabic spellings
                # ("kyongsu" / "myong" 0.79, "sovlat" / "solatsana" 0.84).
                basis.append(f"two names in common: {two[0]!r}, {two[1]!r}")
                return Comparison("merge", 0.86, "two names", basis, names=sim)
        if kind == "person" and not _short(ka, kind) and full_dates and not nat_conflict:
            # A full name both lists give only as an alias, and the same full birth date:
            # no weaker than the close-name rule below, which this branch would otherwise
            # never reach (UK 2022's "Apti ALAUDINOV" a.k.a. "Apty ALAUDINOV", OFAC's
            # "ALAUDINOV, Apti Kharonovich" a.k.a. "ALAUDINOV, Apty", both 1973-10-05).
            return Comparison("merge", 0.85, "close name and birth date", basis, names=sim)
        if kind == "organization" and not nat_conflict:
            # A shared alias is no merge, but the names each list gives as its own may
            # still be one name written two ways (the UN's "KOREAN NATIONAL INSURANCE
            # COMPANY" a.k.a. "Korea Foreign Insurance Company", OFAC's "KOREA NATIONAL
            # INSURANCE CORPORATION" with the same a.k.a.), or the two at one street address.
            # (At one address, the own names must still agree: OFAC's SHIG gives the
            # UN's SAPICO as an a.k.a., and a group and its firm may share an office.)
            own = _own_names_agree(a, b, basis, sim, ka) or _address_and_name(a, b, basis, 0.0)
            if own is not None:
                return own
        if lone_word(ka, kind) and not (a.keys[ka] and b.keys[ka]) and not (years or nat_agree):
            # One word that is not both sides' own name, with nothing else agreeing:
            # "Sergei (Sergey) NEVEROV" and "Sergei (Sergey) Burlakov" share "sergey",
            # "MBADA DIAMONDS (PRIVATE) LIMITED" and "Mecatech (Private) Limited" "private".
            return Comparison("apart", 0.5, "", basis, names=sim)
        return Comparison("candidate", 0.75, "same name", basis, names=sim)
    if kind == "organization" and not nat_conflict:
        own = _own_names_agree(a, b, basis, sim, None)
        if own is not None:
            return own
    if kind == "organization" and not nat_conflict:
        at = _address_and_name(a, b, basis, sim)
        if at is not None:
            return at
    if kind == "person" and sim >= CANDIDATE_SIMILARITY and full_dates and not nat_conflict:
        return Comparison("merge", 0.85, "close name and birth date", basis, names=sim)
    if (
        sim >= CANDIDATE_SIMILARITY
        and parts_align(ka, kb, kind)
        and not (kind == "person" and (nat_conflict or date_conflict(a, b)))
    ):
        # A close name is worth a reviewer's time only when every word of the shorter
        # name has a close word in the other (one name's letters spread over two others'
        # words, "central bank of russia" ~ "… of iraq", are not), and, for persons,
        # when nothing else they say disagrees.
        lone = lone_word(ka, kind, True) or lone_word(kb, kind, True)
        if kind != "person" and lone and not (a.keys[ka] and b.keys[kb]):
            # One word alike in two aliases ("the base" ~ "baseej", "offshore" ~
            # "off shore"): many parties' aliases share a word.
            return Comparison("apart", round(0.5 * sim, 3), "", basis, names=sim)
        score = round(0.8 * sim, 3)
        if part_of(ka, kb, kind):
            basis.append("one name is the other's and more")
            score = min(score, _DOUBTFUL)
        return Comparison("candidate", score, "close name", basis, names=sim)
    return Comparison("apart", round(0.5 * sim, 3), "", basis, names=sim)


def _common_word(word: str) -> bool:
    """A word of a post that says a kind of business or a country, not which body."""
    from sanctiongraph.resolution.evidence import GENERIC, place_of

    return word in GENERIC or place_of(word) is not None


def _two_names(shared: Iterable[str]) -> tuple[str, str] | None:
    """Two person name keys in Latin letters, of two parts or more, that are not one name
    written twice: no word of one equal to, within, close to (Jaro-Winkler) or sounding
    like (metaphone, "nawfal" / "nofal-al", "mohamed" / "muhammad") a word of the other,
    and not the same letters split otherwise. A name in another script is the same name
    transliterated, never a second one.

    >>> _two_names(["kyong ra su", "kyongsu ra", "chang ho myong"])
    ('chang ho myong', 'kyongsu ra')
    >>> _two_names(["alhusayn nawfal", "hussain nofalal"]) is None
    True
    >>> _two_names(["khaddor mohamed", "khudour muhammad"]) is None
    True
    """
    from sanctiongraph.resolution.evidence import is_latin

    keys = sorted(
        k for k in shared if not k.startswith("~") and len(k.split()) >= 2 and is_latin(k)
    )
    for i, x in enumerate(keys):
        for y in keys[i + 1 :]:
            if sorted(x.replace(" ", "")) == sorted(y.replace(" ", "")):
                continue  # one name's parts written apart and joined ("chun hwan" / "chunhwan")
            if not any(_one_word(u, v) for u in x.split() for v in y.split()):
                return x, y
    return None


@lru_cache(maxsize=131072)
def _one_word(u: str, v: str) -> bool:
    """Whether two name parts may be one word spelled or joined two ways."""
    from rigour.text import metaphone

    if u == v or u in v or v in u or _jw(u, v) >= _WORD_SIMILARITY:
        return True
    mu, mv = metaphone(u), metaphone(v)
    if mu == mv:
        return True
    return len(mu) >= 2 and len(mv) >= 2 and (mu in mv or mv in mu)


def _own_names_agree(
    a: Profile, b: Profile, basis: list[str], sim: float, shared: str | None
) -> Comparison | None:
    """A merge of two organisations of one seat whose own names are one name: the same
    words in another order or apart from weak words ("Korean" / "Korea"); or, when the
    two share a full name (``shared``, one side's own), the one's own name is the
    other's with words added. Without an agreeing seat, None (a candidate)."""
    place = a.countries & b.countries
    if not place:
        return None
    pair = _same_words_primary(a, b)
    if pair is not None and not _short(pair[0], "organization"):
        basis.append(f"same words {pair[0]!r} / {pair[1]!r}")
        basis.append(f"same country {min(place)}")
        return Comparison("merge", 0.86, "same words and country", basis, names=sim)
    if shared is not None and (a.keys[shared] or b.keys[shared]):
        # The entity a store holds keeps one name as its own, the others as aliases: a
        # record that joined it (OFAC's FOREIGN TRADE BANK OF THE DPRK, once the UN's
        # FTB) leaves its name for the next list (METI's, of that name) as an alias.
        within = _name_within_name(a, b) or _name_and_country(a, b) or _close_own_names(a, b)
        if within is not None:
            basis.append(f"own names {within[0]!r} / {within[1]!r} agree")
            basis.append(f"same country {min(place)}")
            return Comparison("merge", 0.85, "name within name and country", basis, names=sim)
    return None


def _close_own_names(a: Profile, b: Profile) -> tuple[str, str] | None:
    """Two own names, one each side gives, close with every word aligned, each of two
    distinctive words or more ("behnam sahriyari trading" / "behnam shahriyari trading";
    not "zenit" / "zenith": one word names many firms)."""
    for ka in sorted(k for k, primary in a.keys.items() if primary):
        for kb in sorted(k for k, primary in b.keys.items() if primary):
            if (
                len(distinctive(ka)[0].split()) >= 2
                and len(distinctive(kb)[0].split()) >= 2
                and name_similarity("organization", ka, kb) >= CANDIDATE_SIMILARITY
                and parts_align(ka, kb, "organization")
            ):
                return ka, kb
    return None


def _address_and_name(a: Profile, b: Profile, basis: list[str], sim: float) -> Comparison | None:
    """Two organisations at one street address: a merge when their own names are one name
    (:func:`_same_name_spelt`: the same words spelt apart, or one the other with its
    country's name added: the UN's "FOREIGN TRADE BANK (FTB)" and OFAC's "FOREIGN TRADE
    BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", both at "FTB Building,
    Jungsong-dong, Central District, Pyongyang"); a candidate when the names are only
    close (``sim``): a subsidiary shares its parent's office and most of its name
    ("Sberbank of Russia" / "Sberbank Capital", 19 Vavilova St., Moscow), and two
    translations of one name differ in a word ("Instrument-Making" / "-Building" Plant)."""
    if not (a.addresses and b.addresses):
        return None
    named = _same_name_spelt(a, b)
    if named is None and sim < CANDIDATE_SIMILARITY:
        return None
    where = same_address(a.addresses, b.addresses)
    if where is None:
        return None
    said = f"same address {where[0]!r} / {where[1]!r} ({where[2]:.2f})"
    if named is None:
        return Comparison("candidate", round(0.8 * sim, 3), "address and name", [*basis, said])
    basis.append(f"own names {named[0]!r} / {named[1]!r} agree")
    basis.append(said)
    return Comparison("merge", 0.85, "address and name", basis, names=sim)


def _same_name_spelt(a: Profile, b: Profile) -> tuple[str, str] | None:
    """Two own names, one each side gives, that are one name: each distinctive word of
    either has a close word in the other (single letters aside), or is a word of the
    name of a country both are seated in ("sberbank" / "sberbank of russia"); or one
    name is the other with its country's name added (:func:`_name_and_country`)."""
    found = _name_and_country(a, b)
    if found is not None:
        return found
    # As distinctive() gives the words: folded ("russia" → "lussia").
    country = {fold_word(w) for c in a.countries & b.countries for w in _country_words(c)}
    for ka in sorted(k for k, primary in a.keys.items() if primary):
        for kb in sorted(k for k, primary in b.keys.items() if primary):
            if ka.startswith("~") or kb.startswith("~") or _short(ka, "organization"):
                continue
            if _short(kb, "organization") or distinctive(ka)[1] != distinctive(kb)[1]:
                continue  # "VEB" / "VEB Engineering": a kind of business added is another firm
            wa = [w for w in distinctive(ka)[0].split() if len(w) > 1]
            wb = [w for w in distinctive(kb)[0].split() if len(w) > 1]
            if wa and wb and _covered(wa, wb, country) and _covered(wb, wa, country):
                return ka, kb
    return None


def _covered(words: list[str], other: list[str], spare: set[str]) -> bool:
    return all(
        w in spare or any(w == o or _jw(w, o) >= _WORD_SIMILARITY for o in other) for w in words
    )


def _name_within_name(a: Profile, b: Profile) -> tuple[str, str] | None:
    """Two own names, one each side gives, the shorter's words all in the longer, the
    shorter a name of its own (distinctive words, not an acronym): the UN's "LEADER
    (HONG KONG) INTERNATIONAL" and OFAC's "LEADER (HONG KONG) INTERNATIONAL TRADING
    LIMITED"; the UN's "PROPAGANDA AND AGITATION DEPARTMENT (PAD)" and OFAC's "KOREAN
    WORKERS PARTY, PROPAGANDA AND AGITATION DEPARTMENT".

    >>> a, b = Profile(kind="organization"), Profile(kind="organization")
    >>> a.add_names(["PROPAGANDA AND AGITATION DEPARTMENT (PAD)"], True)
    >>> b.add_names(["KOREAN WORKERS PARTY, PROPAGANDA AND AGITATION DEPARTMENT"], True)
    >>> _name_within_name(a, b)[1]
    'korean workers party propaganda and agitation department'
    """
    for ka in sorted(k for k, primary in a.keys.items() if primary):
        for kb in sorted(k for k, primary in b.keys.items() if primary):
            if ka.startswith("~") or kb.startswith("~") or ka == kb:
                continue
            short, long = sorted((ka, kb), key=lambda k: (len(k.split()), k))
            # Two distinctive words at least: "progress", "almaz", "iskra" alone name
            # many Russian firms, each within some other's longer name.
            if len(distinctive(short)[0].split()) < 2:
                continue
            if set(short.split()) < set(long.split()):
                return short, long
    return None


_JOINING_WORDS = frozenset(["of", "the", "and"])


def _name_and_country(a: Profile, b: Profile) -> tuple[str, str] | None:
    """Two own names, one each side gives, the longer the shorter with only the name of
    a country the two are seated in added ("foreign trade bank" / "foreign trade bank
    of democratic peoples republic of korea"); the shorter of two words or more."""
    words = set(_JOINING_WORDS)
    for code in a.countries & b.countries:
        words |= _country_words(code)
    for ka in sorted(k for k, primary in a.keys.items() if primary):
        for kb in sorted(k for k, primary in b.keys.items() if primary):
            if ka.startswith("~") or kb.startswith("~") or ka == kb:
                continue
            short, long = sorted((ka, kb), key=lambda k: (len(k.split()), k))
            ws, wl = set(short.split()), set(long.split())
            added = wl - ws
            if len(ws) >= 2 and ws < wl and added <= words and added - _JOINING_WORDS:
                return short, long
    return None


@lru_cache(maxsize=512)
def _country_words(code: str) -> frozenset[str]:
    """The words of a country's names in rigour's territory data, as name keys hold them."""
    from rigour.territories import get_territory

    from sanctiongraph.resolution.evidence import name_key

    t = get_territory(code.lower())
    if t is None:
        return frozenset()
    out: set[str] = set()
    for name in (t.name, t.full_name):
        out |= set((name_key(name) or "").split()) if name else set()
    return frozenset(out)


def _same_words_primary(a: Profile, b: Profile) -> tuple[str, str] | None:
    """Two names, one each side gives as the party's name, of the same words."""
    for ka in (k for k, primary in a.keys.items() if primary):
        for kb in (k for k, primary in b.keys.items() if primary):
            if same_words(ka, kb):
                return ka, kb
    return None


# How close two words must be to count as one word written two ways.
_WORD_SIMILARITY = 0.85


@lru_cache(maxsize=524288)
def parts_align(a: str, b: str, kind: str) -> bool:
    """Whether each word of the shorter name key has a close word in the other, in any
    order (persons: the name parts; organisations: the distinctive words), so that a
    close name is the same words spelled apart, not other words sharing letters.

    >>> parts_align("choe kwang su", "choi kwang su", "person")
    True
    >>> parts_align("ivanovich nikolay vasiliev", "ivanovich nikolai osadchy", "person")
    False
    >>> parts_align("central bank of russia", "central bank of iraq", "organization")
    False
    >>> parts_align("kspz", "gspc", "organization")
    False
    """
    if a.startswith("~") or b.startswith("~"):
        return a == b
    if kind == "person":
        wa, wb = a.split(), b.split()
    else:
        wa, wb = distinctive(a)[0].split(), distinctive(b)[0].split()
    wa, wb = [w for w in wa if len(w) > 1], [w for w in wb if len(w) > 1]
    short, long = sorted((wa, wb), key=len)
    if not short:
        return False
    if len(wa) == len(wb) == 1 and len(short[0]) <= 5 and len(long[0]) <= 5:
        return False  # two short words, acronyms most often ("kspz" / "gspc"): not close
    return all(any(x == y or _jw(x, y) >= _WORD_SIMILARITY for y in long) for x in short)


def distinct_names(keys: Iterable[str], kind: str, fold_acronyms: bool = True) -> list[str]:
    """The names among ``keys`` that say something apart from one another: long enough
    to merge on, not made of generic words alone ("korea trading bank"), not a shorter
    form of another ("general department of atomic energy" holds "atomic energy" of
    "general bureau of atomic energy": one name, written twice), and (unless
    ``fold_acronyms`` is off) not an acronym of another ("gbae").

    >>> distinct_names(["general bureau of atomic energy", "general department of atomic energy",
    ...                 "gbae", "korea trading bank", "ntc"], "organization")
    ['general bureau of atomic energy']
    >>> distinct_names(["general bureau of atomic energy", "gbae"], "organization", False)
    ['gbae', 'general bureau of atomic energy']
    """
    keys = list(keys)
    words: dict[str, frozenset[str]] = {}
    for k in keys:
        if fold_acronyms and any(_abbreviates(k, other) for other in keys):
            continue
        if _short(k, kind):
            continue
        w = frozenset(distinctive(k)[0].split())
        if w:
            words[k] = w
    out = []
    seen: set[frozenset[str]] = set()
    for k in sorted(words, key=lambda x: (-len(words[x]), x)):
        w = words[k]
        if w in seen or any(w < other for other in seen):
            continue
        seen.add(w)
        out.append(k)
    return sorted(out)


_NOT_INITIALLED = frozenset(["of", "and", "for", "the"])


def _abbreviates(short: str, key: str) -> bool:
    """Whether the one-word key ``short`` is an acronym of ``key``: its initials, or
    its initials with a company-form word the key no longer holds ("sapico" of
    "sahand aluminum parts industrial" [company]).

    >>> _abbreviates("gbae", "general bureau of atomic energy"), _abbreviates("gbae", "gbae")
    (True, False)
    """
    if " " in short or " " not in key or len(short) < 3:
        return False
    initials = "".join(w[0] for w in key.split() if w not in _NOT_INITIALLED)
    return len(initials) >= 3 and (short.startswith(initials) or initials.startswith(short))
