"""The scorer, its vetoes and the matcher's policy, on records cut from the shared files.

Each target below is written from a real record (file and id in the comment);
the pairs are the false merges issue 10 names, and the true pairs they must
not break.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.loaders.target import Target
from sanctiongraph.resolution.evidence import person_keys, profile_of_target
from sanctiongraph.resolution.judgements import Judgements
from sanctiongraph.resolution.matching import Matcher
from sanctiongraph.resolution.scorer import compare


def target(
    record: str,
    kind: str,
    name: str,
    aliases: tuple[str, ...] = (),
    ids: dict[str, list[str]] | None = None,
    born: tuple[str, ...] = (),
    nat: tuple[str, ...] = (),
) -> Target:
    t = Target(record, kind, name, aliases=list(aliases), ids=dict(ids or {}))
    t.birth_dates, t.nationalities = list(born), list(nat)
    return t


def verdict(a: Target, b: Target) -> str:
    return compare(profile_of_target(a), profile_of_target(b)).verdict


# UN 2018 consolidated list, QDe.004; the Ukraine war list, ua-ws-entity-15562.
AL_QAIDA = target(
    "QDe.004", "organization", "AL-QAIDA", ("The Base", "AL QA'IDA"), {"un_ref": ["QDe.004"]}
)
PASEKA = target(
    "ua-ws-entity-15562",
    "organization",
    "LIMITED LIABILITY COMPANY PASEKA",
    ("PASEKA LLC",),
    {"registration": ["1237700620739"], "tax_id": ["9710120524"]},
)


def test_a_close_name_alone_never_merges() -> None:
    assert verdict(PASEKA, AL_QAIDA) in ("candidate", "apart")
    # The Ukraine war list, NK-DjtUZB4TJeWo5ZPgcoiR3b; OFAC SDN 2021-07 (T.M.G. ENGINEERING).
    uec = target(
        "NK-DjtUZB4TJeWo5ZPgcoiR3b",
        "organization",
        "LIMITED LIABILITY COMPANY UEC ENGINEERING",
        ("LLC ODK ENGINEERING",),
    )
    tmg = target("tmg", "organization", "T.M.G. ENGINEERING")
    assert verdict(uec, tmg) != "merge"
    # NK-JhGhDmD6p3YmrXM64yk8Mv ("JSC AMIGE", IMO company number 5184183) and the
    # UN/OFAC Ammunition and Metallurgy Industries Group ("AMIG").
    amige = target(
        "NK-JhGhDmD6p3YmrXM64yk8Mv",
        "organization",
        "Arctic Marine Amige",
        ("JSC AMIGE",),
        {"imo": ["5184183"]},
    )
    amig = target("amig", "organization", "AMMUNITION AND METALLURGY INDUSTRIES GROUP", ("AMIG",))
    assert verdict(amige, amig) != "merge"
    # OFAC SDN 2021-07 #27466 PEGASUS 88 LIMITED; Pegasus General Trading FZE (UAE).
    p88 = target("27466", "organization", "PEGASUS 88 LIMITED", ids={"ofac_ent_num": ["27466"]})
    pgt = target("pgt", "organization", "Pegasus General Trading FZE")
    assert verdict(p88, pgt) != "merge"


def test_numbers_in_names_keep_plants_apart() -> None:
    # NK-eZRfRQxc8RbHB3TW3ULTUt and NK-bMGMhwQjtGh34RBMiw4qaM of the Ukraine war list.
    p81 = target(
        "NK-eZRfRQxc8RbHB3TW3ULTUt",
        "organization",
        "81 BTRZ JSC",
        ("JOINT-STOCK COMPANY 81 ARMORED REPAIR PLANT",),
        {"registration": ["1092302000922"], "tax_id": ["2302060955"]},
    )
    p163 = target(
        "NK-bMGMhwQjtGh34RBMiw4qaM",
        "organization",
        'JOINT-STOCK COMPANY "163 ARMORED VEHICLE REPAIR PLANT"',
        ("JSC 163 BTRZ",),
        {"registration": ["1092340000356"], "tax_id": ["2340020470"]},
    )
    c = compare(profile_of_target(p81), profile_of_target(p163))
    assert c.verdict == "apart" and any("tax_id" in v for v in c.vetoes)
    # Without their ids, the names alone are not even close.
    p81.ids, p163.ids = {}, {}
    assert verdict(p81, p163) == "apart"


def test_different_tax_ids_veto_organisations() -> None:
    signal = target("signal", "organization", 'JSC "SIGNAL"', ids={"tax_id": ["3328101887"]})
    signaltek = target("signaltek", "organization", "JSC SIGNALTEK", ids={"tax_id": ["7714339020"]})
    c = compare(profile_of_target(signal), profile_of_target(signaltek))
    assert c.verdict == "apart" and c.vetoes == ["different tax_id: 3328101887 / 7714339020"]


def test_different_inn_or_ogrn_veto_organisations_even_in_one_list() -> None:
    # (Numbers that pass their check digits: one failing it is no evidence.)
    # The independent review found one list's two companies of one word (a road-roller
    # maker and a drone design bureau) merged on the name: their INN and OGRN differ.
    a = target("a", "organization", 'JOINT-STOCK COMPANY "KOLESO"',
               ids={"inn": ["7610000004"], "ogrn": ["1167600000006"]})  # fmt: skip
    b = target("b", "organization", "KB KOLESO LLC",
               ids={"inn": ["9731000002"], "ogrn": ["1247700000008"]})  # fmt: skip
    c = compare(profile_of_target(a), profile_of_target(b))
    assert c.verdict == "apart" and c.vetoes[0].startswith("different inn")
    lei = target("c", "organization", "KOLESO", ids={"lei": ["5493001KJTIIGC8Y1R12"]})
    other = target("d", "organization", "KOLESO", ids={"lei": ["529900T8BM49AURSDO55"]})
    assert compare(profile_of_target(lei), profile_of_target(other)).verdict == "apart"


def test_two_ship_imo_numbers_veto_even_the_same_name() -> None:
    # NK-Ru9QsC9s5g7bcsVD5eA9gH NORA (IMO 9259408); NK-N4A7VAcxSgaq2LAzRet9b9 SIERRA (IMO 9522324).
    nora = target(
        "NK-Ru9QsC9s5g7bcsVD5eA9gH",
        "vessel",
        "NORA",
        ("Cerus", "Kota Gunawan"),
        {"imo": ["9259408"]},
    )
    nolan = target("nolan", "vessel", "NOLAN", ids={"imo": ["9179842"]})
    sierra = target("NK-N4A7VAcxSgaq2LAzRet9b9", "vessel", "SIERRA", ids={"imo": ["9522324"]})
    other_sierra = target("sierra2", "vessel", "SIERRA", ids={"imo": ["9301417"]})
    assert verdict(nora, nolan) == "apart"
    c = compare(profile_of_target(sierra), profile_of_target(other_sierra))
    assert c.verdict == "apart" and c.vetoes == ["different imo: 9522324 / 9301417"]
    # The same IMO number merges whatever the names.
    renamed = target("renamed", "vessel", "Suvorovsky Prospect", ids={"imo": ["IMO 9522324"]})
    assert verdict(sierra, renamed) == "merge"


def test_a_ship_citing_its_owners_imo_company_number_is_not_the_owner() -> None:
    ship = target("ship", "vessel", "ZUZAGBONG-5", ids={"imo": ["1991835"]})
    owner = target(
        "owner", "organization", "KOREA ZUZAGBONG MARITIME CO LTD", ids={"imo": ["1991835"]}
    )
    c = compare(profile_of_target(ship), profile_of_target(owner))
    assert c.verdict == "apart" and c.vetoes[0].startswith("different kinds")
    assert profile_of_target(owner).ids == {"imo_company": {"1991835"}}


def test_birth_years_far_apart_are_two_people() -> None:
    # OFAC SDN 2021-07 #16688 IVANOV, Sergei (DOB 31 Jan 1953); another Sergey Ivanov b. 1973.
    sergei = target("16688", "person", "IVANOV, Sergei", born=("1953-01-31",), nat=("RU",))
    sergey = target("other", "person", "Sergei IVANOV", born=("1973",), nat=("RU",))
    c = compare(profile_of_target(sergei), profile_of_target(sergey))
    assert c.verdict == "apart" and c.vetoes == ["birth years apart: 1953 / 1973"]
    # A year's difference is no veto (lists round or mistype a year), but names alone do
    # not merge across it: the pair goes to review with both years (an independent audit
    # counted such merges wrong: Seka Baluku, UN 1977 / OFAC 1975, 1976).
    near = target("near", "person", "Sergei IVANOV", born=("1954",), nat=("RU",))
    assert verdict(sergei, near) == "candidate"
    held = compare(profile_of_target(sergei), profile_of_target(near))
    assert "birth years differ: 1953 / 1954" in held.basis
    same_year = target("same", "person", "Sergei IVANOV", born=("1953",), nat=("RU",))
    assert verdict(sergei, same_year) == "merge"
    # ... and a strong identifier outweighs a wrong year.
    sergei.ids, sergey.ids = {"ofac_ent_num": ["16688"]}, {"ofac_ent_num": ["16688"]}
    assert verdict(sergei, sergey) == "merge"


def test_a_shared_nickname_alias_is_not_a_person() -> None:
    a = target("a", "person", "MUSTAFA KAMEL MUSTAFA", ("ABU HAMZA",), born=("1958-04-15",))
    b = target("b", "person", "RABIE ALI", ("ABU HAMZA",))
    assert verdict(a, b) != "merge"
    b.birth_dates = ["1958"]
    assert verdict(a, b) != "merge", "a two-word alias shared is no name agreement"


def test_person_names_in_any_order_and_script() -> None:
    assert "chang ho paek" in person_keys("CHANG-HO PAEK") & person_keys("PAEK CHANG-HO")
    assert person_keys("PAEK Chang Ho") & person_keys("Paek Changho")
    # UN 2018 KPi.067 and UK 2018 group 13572 (its "Other Information" cites the UN ref).
    un = target(
        "KPi.067",
        "person",
        "CHANG-HO PAEK",
        ids={"un_ref": ["KPi.067"]},
        born=("1964-06-18",),
        nat=("KP",),
    )
    uk = target(
        "13572", "person", "PAEK CHANG-HO", ids={"un_ref_cited": ["KPi.67"]}, born=("1964-06-18",)
    )
    c = compare(profile_of_target(uk), profile_of_target(un))
    assert c.verdict == "merge" and c.evidence == "cited identifier"


def test_a_person_merges_on_a_same_name_only_with_corroboration() -> None:
    a = target("a", "person", "RI CHUN HWAN")
    b = target("b", "person", "RI Chun Hwan")
    assert verdict(a, b) == "candidate"
    a.birth_dates, b.birth_dates = ["1957-08-21"], ["1957"]
    assert verdict(a, b) == "merge"
    a.nationalities, b.nationalities = ["KP"], ["KR"]
    assert verdict(a, b) == "candidate", "nationalities that differ block a name merge"


def test_a_cited_reference_with_another_name_is_only_a_candidate() -> None:
    # Six UK 2018 groups cite KPe.023 for banks and firms that are not Tanchon.
    tanchon = target(
        "KPe.023", "organization", "TANCHON COMMERCIAL BANK", ids={"un_ref": ["KPe.023"]}
    )
    wrong = target(
        "13480", "organization", "KOREA KWANGSON BANKING CORP", ids={"un_ref_cited": ["KPe.23"]}
    )
    c = compare(profile_of_target(wrong), profile_of_target(tanchon))
    assert c.verdict == "candidate" and c.evidence == "cited identifier"


def test_one_list_naming_a_party_twice_is_one_entity_with_two_listings() -> None:
    from sanctiongraph.loaders.target import ListingFact

    # MOF 2026, sheets 13 and 14: KOMID under resolution 1695 and resolution 1718.
    name = "Korea Mining Development Trading Corporation(KOMID）"
    first = target("13/7(*1)", "organization", name)
    second = target("14/*1", "organization", name)
    first.listings = [ListingFact("jp", "北朝鮮(決議1695号)")]
    second.listings = [ListingFact("jp", "北朝鮮(決議1718号等；団体)")]
    m = Matcher()
    assert m.match("source:jp-mof", first).outcome == "new"
    m.add("entity:komid", profile_of_target(first, "source:jp-mof", first.record))
    d = m.match("source:jp-mof", second)
    assert d.entity == "entity:komid" and d.outcome == "name"
    # Same-named entries of one programme are distinct parties (UK 2018 lists an
    # AL-HARAMAIN branch per country, groups 8424, 8429, 8430, 8431).
    branch, other = (target(r, "organization", "AL-HARAMAIN") for r in ("8424", "8429"))
    branch.listings = other.listings = [ListingFact("gb", "Al-Qaida")]
    m.add("entity:al-haramain", profile_of_target(branch, "source:gb", "8424"))
    assert m.match("source:gb", other).outcome == "new"


def test_several_qualifying_entities_do_not_leave_a_target_apart_from_all() -> None:
    m = Matcher()
    for eid, rec in (("entity:komid-b", "2"), ("entity:komid-a", "1")):
        t = target(rec, "organization", "KOMID Korea Mining Development Trading Corp")
        m.add(eid, profile_of_target(t, f"source:{rec}", rec))
    d = m.match(
        "source:later", target("x", "organization", "KOMID Korea Mining Development Trading Corp")
    )
    assert d.entity == "entity:komid-a" and "also matches" in (d.note or "")


def test_judgements_override_the_scorer(tmp_path: Path) -> None:
    judged = Judgements(tmp_path / "resolver.jsonl")
    a = target("1", "organization", "Korea Kwangson Banking Corp")
    b = target("2", "organization", "Korea Kwangson Banking Corporation")
    m = Matcher(judgements=judged)
    m.add("entity:kkbc", profile_of_target(a, "source:a", "1"))
    assert m.match("source:b", b).entity == "entity:kkbc"
    judged.judge("source:a#1", "source:b#2", "different", who="test")
    m = Matcher(judgements=Judgements(tmp_path / "resolver.jsonl"))
    m.add("entity:kkbc", profile_of_target(a, "source:a", "1"))
    d = m.match("source:b", b)
    assert d.outcome == "new" and "judged different" in (d.note or "")
    # A "same" judgement merges what the scorer only offers as a candidate.
    c = target("3", "organization", "Kwangson Bank")
    judged.judge("source:a#1", "source:c#3", "same", who="test")
    m.judgements = judged
    assert m.match("source:c", c).outcome == "judged-same"


def test_judgement_files_undo_export_and_merge(tmp_path: Path) -> None:
    one, two = Judgements(tmp_path / "one.jsonl"), Judgements(tmp_path / "two.jsonl")
    one.judge("source:a#1", "source:b#2", "same", who="ana")
    two.judge("source:a#1", "source:c#3", "different", who="bo")
    assert one.merge_from(two) == 1 and one.verdict("source:c#3", "source:a#1") == "different"
    one.undo("source:a#1", "source:b#2", who="ana")
    assert Judgements(tmp_path / "one.jsonl").pairs("same") == set()
    assert one.export(tmp_path / "out.jsonl") == 1
    with pytest.raises(ValueError, match="one of same, different, unsure"):
        one.judge("source:a#1", "source:d#4", "maybe")


def test_one_office_one_branch_across_lists() -> None:
    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.queries import run_query

    lists = Path(__file__).parent / "fixtures" / "lists"
    store = MemoryStore()
    load_file(store, "ofac-csv", next(lists.glob("*/sdn.csv")))
    load_file(store, "jp-mof", lists / "jp_mof_20260305.xlsx")
    kcc = next(n for n, a in store.graph.nodes(data=True) if a.get("ofac_ent_num") == ["22323"])
    rows = run_query(store, "overseas-branches", {"entity": kcc})
    countries = [r["country"] for r in rows]
    assert sorted(countries) == ["China", "Germany", "India", "Syria", "United Arab Emirates"]
    china = next(b for b in store.graph.successors(kcc) if b.endswith(":cn"))
    cited = store.graph.nodes[china]["sources"]
    assert "source:jp-mof-xlsx-2026-03-05" in cited and any("ofac" in s for s in cited)


def test_a_notice_number_identifies_a_listing_not_a_party() -> None:
    a = target("15/5", "person", "Han Yu-ro", ids={"jp_notice": ["5"]})
    b = target("2/5", "person", "ABDEL RAHMAN JUMA BARKALLA", ids={"jp_notice": ["5"]})
    assert verdict(a, b) == "apart"


def test_a_short_firm_name_both_lists_give_as_the_name_merges() -> None:
    # UN 2018 6908681 and the EU journal XIII.B/67: KOTI CORP (KPe.067).
    un = target("6908681", "organization", "KOTI CORP", ids={"un_ref": ["KPe.067"]})
    eu = target("XIII.B/67", "organization", "KOTI CORP")
    assert verdict(eu, un) == "merge"
    # ... but never on an acronym one list gives as an alias.
    alias = target("x", "organization", "Korea Tangun Trading", ("KOTI",))
    assert verdict(alias, un) != "merge"


def test_offices_of_one_network_in_two_countries_stay_apart() -> None:
    """A reviewer's one DIFFERENT among 150 sampled name merges: UK OFSI 2018 group 8431
    (the Bangladesh branch, QE.A.112.04) and EU FSF 2022 entity 2099 (the Ethiopia branch)."""
    bangladesh = target("8431", "organization", "AL-HARAMAIN (BANGLADESH)")
    ethiopia = target("2099", "organization", "Al-Haramain (Ethiopia branch)")
    assert verdict(bangladesh, ethiopia) != "merge"
    # The same office in two lists still merges on its name.
    again = target("x", "organization", "Al-Haramain (Bangladesh)")
    assert verdict(bangladesh, again) == "merge"


def test_one_list_naming_a_person_twice_merges_on_its_passport() -> None:
    from sanctiongraph.loaders.target import ListingFact

    # MOF 2026, sheet 15 "#35" (resolution 1718) and sheet 17 "5(#35)" (Japan's own
    # measures): KIM CHOL SAM, one person, the same passport under both programmes.
    un_sheet = target(
        "15/#35", "person", "KIM CHOL SAM", ids={"passport": ["645120378"]},
        born=("1971-03-11",), nat=("KP",),
    )  # fmt: skip
    own_sheet = target(
        "17/5(#35)", "person", "KIM CHOL SAM", ("Jin Tiesan (金铁三)",),
        ids={"passport": ["645120378"]}, born=("1971-03-11",), nat=("KP",),
    )  # fmt: skip
    un_sheet.listings = [ListingFact("jp", "北朝鮮(決議1718号等；個人)")]
    own_sheet.listings = [ListingFact("jp", "北朝鮮(協調；個人)")]
    m = Matcher()
    m.add("entity:kim-chol-sam", profile_of_target(un_sheet, "source:jp-mof", un_sheet.record))
    d = m.match("source:jp-mof", own_sheet)
    assert d.entity == "entity:kim-chol-sam" and d.outcome == "other-identifier"
    # Under one programme of one list, a shared passport stays for a reviewer.
    twin = target("15/#99", "person", "KIM CHOL SAM", ids={"passport": ["645120378"]})
    twin.listings = un_sheet.listings
    assert m.match("source:jp-mof", twin).outcome == "new"


def _un_entry(record: str, name: str, ref: str, born: tuple[str, ...] = ()) -> Target:
    from sanctiongraph.loaders.target import ListingFact

    t = target(record, "person", name, ids={"un_ref": [ref]}, born=born, nat=("KP",))
    t.listings = [ListingFact("unsc", "DPRK", reference=ref)]
    return t


def test_a_uns_person_copied_without_birth_date_merges_on_the_un_programme() -> None:
    from sanctiongraph.loaders.target import ListingFact

    # UN 2018 690746, KPi.010; MOF 2026 sheet 15 notice 10 and the EU's Regulation
    # 2017/1509 Annex XIII (the UN's designations) entry 10 give the name alone.
    un = _un_entry("690746", "YO'N CHO'NG NAM", "KPi.010")
    mof = target("15/10", "person", "YO’N CHO’NG NAM")
    mof.listings = [ListingFact("jp", "北朝鮮(決議1718号等；個人)")]
    eu = target("XIII.A/10", "person", "Yo'n Cho'ng Nam")
    eu.listings = [ListingFact("eu", "EU-PRK", reference="32017R1509 annex XIII.A/10")]
    for other in (mof, eu):
        c = compare(profile_of_target(other), profile_of_target(un))
        assert c.verdict == "merge" and c.evidence == "same name on a UN list", c.why
    # Japan's own measures (sheet 17) and the EU's own annex (XVI) say nothing of
    # the UN: the EU's XVI.A/3 KIM Chol Nam is not the UN's KPi.044 KIM CHOL NAM
    # (born 1970, Korea Kumsan Trading), and stays a candidate.
    own = target("XVI.A/3", "person", "KIM Chol Nam")
    own.listings = [ListingFact("eu", "EU-PRK", reference="32017R1509 annex XVI.A/3")]
    kpi044 = _un_entry("6908584", "KIM CHOL NAM", "KPi.044", born=("1970-02-19",))
    assert verdict(own, kpi044) == "candidate"
    jp_own = target("17/3", "person", "YO'N CHO'NG NAM")
    jp_own.listings = [ListingFact("jp", "北朝鮮(協調；個人)")]
    assert verdict(jp_own, un) == "candidate"
    # A nationality that differs, or a UN list of another regime, is no support.
    mof.nationalities = ["CN"]
    assert verdict(mof, un) == "candidate"
    iran = _un_entry("x", "YO'N CHO'NG NAM", "IRi.010")
    iran.nationalities = []
    assert verdict(eu, iran) == "candidate"
    # A record citing another designation of the regime is not this one, whatever
    # the name (UK groups cite references; a name may be two designations').
    cites_other = target("12868", "person", "Cho'ng Nam YO'N", ids={"un_ref_cited": ["KPi.011"]})
    assert verdict(cites_other, un) == "candidate"
    cites_same = target("12868", "person", "Cho'ng Nam YO'N", ids={"un_ref_cited": ["KPi.010"]})
    assert verdict(cites_same, un) == "merge"


def test_a_name_two_un_designations_share_is_left_for_a_reviewer() -> None:
    from sanctiongraph.loaders.target import ListingFact

    # Two UN entries of one name, told apart by their birth years (a veto between
    # them): a copy giving the name alone cannot say which it is.
    m = Matcher()
    for eid, ref, born in (("entity:a", "KPi.901", "1960"), ("entity:b", "KPi.902", "1975")):
        t = _un_entry(ref, "PAK IL SONG", ref, born=(born,))
        m.add(eid, profile_of_target(t, "source:un", ref))
    copy = target("15/901", "person", "PAK IL SONG")
    copy.listings = [ListingFact("jp", "北朝鮮(決議1718号等；個人)")]
    d = m.match("source:jp-mof", copy)
    assert d.outcome == "new" and {c.entity for c in d.candidates} == {"entity:a", "entity:b"}


def test_a_record_matching_two_nodes_of_one_party_names_them_for_a_join() -> None:
    # OFAC 19488 "YU, Chol U" (born 1959-08-08) and UN 6908515 YU CHOL U (KPi.028, no
    # birth date) stay two nodes when OFAC loads first; the EU's Annex XIII entry
    # 28 (born 1959-08-08, DPRK) is both.
    from sanctiongraph.loaders.target import ListingFact

    m = Matcher()
    ofac = target("19488", "person", "YU, Chol U", born=("1959-08-08",))
    m.add("entity:yu-chol-u", profile_of_target(ofac, "source:ofac", "19488"))
    m.add("entity:un", profile_of_target(_un_entry("6908515", "YU CHOL U", "KPi.028"), "source:un"))
    eu = target("XIII.A/28", "person", "Yu Chol U", born=("1959-08-08",), nat=("KP",))
    eu.listings = [ListingFact("eu", "EU-PRK", reference="32017R1509 annex XIII.A/28")]
    d = m.match("source:eu", eu)
    assert d.entity and d.joins and {d.entity, *d.joins} == {"entity:yu-chol-u", "entity:un"}
    # A node the record matches but which a veto keeps from the chosen one is no join.
    m.add("entity:other", profile_of_target(_un_entry("x", "YU CHOL U", "KPi.999"), "source:un"))
    d = m.match("source:eu", eu)
    assert "entity:other" not in d.joins


def test_a_split_party_goes_to_review_and_a_same_judgement_joins_it() -> None:
    """The pair a bridging record leaves (canonical.split_pairs) names the first record of
    each node; a reviewer's "same" on it joins the nodes when the records are placed
    again, as a rebuild does."""
    from sanctiongraph.ingest.canonical import split_pairs
    from sanctiongraph.loaders.target import ListingFact
    from sanctiongraph.resolution.judgements import Judgements

    ofac = target("19488", "person", "YU, Chol U", born=("1959-08-08",))
    un = _un_entry("6908515", "YU CHOL U", "KPi.028")
    eu = target("XIII.A/28", "person", "Yu Chol U", born=("1959-08-08",), nat=("KP",))
    eu.listings = [ListingFact("eu", "EU-PRK", reference="32017R1509 annex XIII.A/28")]
    sequence = [("source:ofac", ofac), ("source:un", un), ("source:zeu", eu)]

    def place(j: Judgements) -> tuple[Matcher, dict[str, str]]:
        m, where = Matcher(judgements=j), {}
        for n, (source, t) in enumerate(sequence):
            d = m.match(source, t)
            eid = d.entity or f"entity:{n}"
            m.add(eid, profile_of_target(t, source, t.record))
            m.decisions.append(d)
            where[f"{source}#{t.record}"] = eid
        return m, where

    j = Judgements()
    m, where = place(j)
    assert where["source:ofac#19488"] != where["source:un#6908515"]  # split
    (pair,) = split_pairs(m.decisions, m)
    assert set(pair.pair) == {"source:ofac#19488", "source:un#6908515"}
    assert pair.evidence == "split" and "source:zeu#XIII.A/28" in pair.why
    j.judge(pair.a, pair.b, "same", who="ana")
    m, where = place(j)
    assert len(set(where.values())) == 1  # one party, one node
    assert split_pairs(m.decisions, m) == []


@pytest.mark.parametrize("backend", ["memory", "embedded"])
@pytest.mark.parametrize("un_first", [True, False])
def test_the_un_programme_of_a_stored_listing_counts_in_any_load_order(
    backend: str, un_first: bool, request: pytest.FixtureRequest
) -> None:
    """A store keeps no programme on its entities; the matcher reads the listings, so
    MOF's copy of KPi.010 and the UN's entry meet whichever was loaded first."""
    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.build import Builder
    from sanctiongraph.loaders.base import load_into
    from sanctiongraph.loaders.target import ListingFact, SourceInfo

    store = MemoryStore() if backend == "memory" else request.getfixturevalue("ladybug_store")
    un = _un_entry("690746", "YO'N CHO'NG NAM", "KPi.010")
    mof = target("15/10", "person", "YO’N CHO’NG NAM")
    mof.listings = [ListingFact("jp", "北朝鮮(決議1718号等；個人)", reference="10")]
    files = [("un-2018", un), ("jp-mof-2026", mof)]
    for sid, t in files if un_first else files[::-1]:
        source = SourceInfo(sid, sid, "test", sid, f"{sid}.txt")
        builder = Builder(f"{sid}.txt", source, Matcher.from_store(store))
        load_into(store, f"{sid}.txt", builder.build([t]))
    people = [r for r in store.entities(("kind", "records")) if r.get("kind") == "person"]
    assert len(people) == 1 and len(people[0]["records"]) == 2, people


def _org(
    record: str, name: str, aliases: tuple[str, ...], country: str | None, **ids: list[str]
) -> Target:
    t = target(record, "organization", name, aliases, dict(ids))
    t.country = country
    return t


# UN 2018 690758 (KPe.007) and the EU's FSF 2022-03-18 entity 5482, whose first name
# is the acronym: the EU gives no name as primary, so its first alias leads.
UN_GBAE = _org(
    "690758",
    "GENERAL BUREAU OF ATOMIC ENERGY (GBAE)",
    ("General Department of Atomic Energy (GDAE)",),
    "Democratic People's Republic of Korea",
    un_ref=["KPe.007"],
)
EU_GBAE = _org(
    "5482",
    "GBAE",
    ("General Department of Atomic Energy", "General Bureau of Atomic Energy", "GDAE"),
    "KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF",
)


def test_an_organisation_merges_on_several_names_in_one_country() -> None:
    c = compare(profile_of_target(EU_GBAE), profile_of_target(UN_GBAE))
    assert (c.verdict, c.evidence) == ("merge", "names and country"), c.why
    assert "same country KP" in c.why
    # The same names in another country, or with no country on one side, are a candidate.
    elsewhere = _org("5482", EU_GBAE.name, tuple(EU_GBAE.aliases), "Iran")
    assert verdict(elsewhere, UN_GBAE) == "candidate"
    unplaced = _org("5482", EU_GBAE.name, tuple(EU_GBAE.aliases), None)
    assert verdict(unplaced, UN_GBAE) == "candidate"


def test_one_shared_alias_in_one_country_stays_a_candidate() -> None:
    # OFAC SDN 2021-07 #9345 KOMID a.k.a. "KOREA KUMRYONG TRADING COMPANY"; the UN's entry
    # of that name is a party of its own (UN 2018 690765, KPe.014, "used as an alias by" KOMID).
    komid = _org(
        "9345",
        "KOREA MINING DEVELOPMENT TRADING CORPORATION",
        ("CHANGGWANG SINYONG CORPORATION", "KOREA KUMRYONG TRADING COMPANY"),
        "Korea, North",
        ofac_ent_num=["9345"],
    )
    kumryong = _org("690765", "KOREA KUMRYONG TRADING CORPORATION", (), "DPRK", un_ref=["KPe.014"])
    assert verdict(komid, kumryong) == "candidate"
    # Two spellings of one name ("... Department of Atomic Energy" holds the words of
    # "... Bureau of Atomic Energy" but one) and an all-generic name count once.
    from sanctiongraph.resolution.scorer import distinct_names

    assert distinct_names(
        ["general bureau of atomic energy", "general department of atomic energy"], "organization"
    ) == ["general bureau of atomic energy"]
    assert distinct_names(["korea trading bank", "ftb"], "organization") == []


def test_a_stored_entitys_seat_counts_as_its_country(any_store: Any) -> None:
    """The matcher reads a stored entity's country (HEADQUARTERED_IN), so the EU's
    GBAE joins the UN's whether it loads in the same command or later."""
    from sanctiongraph.ingest.build import Builder
    from sanctiongraph.loaders.base import load_into
    from sanctiongraph.loaders.target import SourceInfo

    store = any_store
    for sid, t in [("un-2018", UN_GBAE), ("eu-2022", EU_GBAE)]:
        source = SourceInfo(sid, sid, "test", sid, f"{sid}.txt")
        builder = Builder(f"{sid}.txt", source, Matcher.from_store(store))
        load_into(store, f"{sid}.txt", builder.build([t]))
    orgs = [r for r in store.entities(("kind", "records")) if r.get("kind") == "organization"]
    assert len(orgs) == 1 and len(orgs[0]["records"]) == 2, orgs


# UN 2018 110343 (IRe.061) and 110337 (IRe.067); OFAC SDN 2021-07 #9349, whose SHIG
# entry gives SAPICO's names as a.k.a.s ("Cover name for SHIG", the UK's record says).
UN_SAPICO = _org(
    "110343", "SAHAND ALUMINUM PARTS INDUSTRIAL COMPANY (SAPICO)", (), "Iran", un_ref=["IRe.061"]
)
UN_SHIG = _org("110337", "SHAHID HEMMAT INDUSTRIAL GROUP (SHIG)", (), "Iran", un_ref=["IRe.067"])
OFAC_SHIG = _org(
    "9349",
    "SHAHID HEMMAT INDUSTRIAL GROUP",
    ("SAHAND ALUMINUM PARTS INDUSTRIAL COMPANY", "SHIG", "SAPICO", "ARMACO"),
    "Iran",
    ofac_ent_num=["9349"],
)


def test_names_two_parties_share_are_left_for_a_reviewer() -> None:
    """OFAC gives the UN's SAPICO (IRe.061) as an a.k.a. of SHIG (IRe.067): the EU's
    SAPICO record shares its names with both, and the references tell them apart."""
    m = Matcher()
    for source, t in [("source:un", UN_SAPICO), ("source:un", UN_SHIG), ("source:ofac", OFAC_SHIG)]:
        d = m.match(source, t)
        m.add(d.entity or f"entity:{t.record}", profile_of_target(t, source, t.record))
    assert m.by_record["source:ofac#9349"] == m.by_record["source:un#110337"]
    # The EU's SAPICO shares a name and its acronym with both; only with the UN's SAPICO
    # are they each side's own name, so it joins that one.
    eu = _org("5675", "SAPICO", ("Sahand Aluminum Parts Industrial Company",), "IRAN")
    d = m.match("source:eu", eu)
    assert (d.outcome, d.entity) == ("names-country", "entity:110343"), d.basis
    # Were both to qualify, the record would wait for a reviewer rather than join the
    # larger: a second UN entry of the same names under another reference.
    m2 = Matcher()
    for source, t in [("source:un", UN_SAPICO), ("source:un", UN_SHIG), ("source:ofac", OFAC_SHIG)]:
        m2.add(m.by_record[f"{source}#{t.record}"], profile_of_target(t, source, t.record))
    twin = _org("110999", UN_SAPICO.name, (), "Iran", un_ref=["IRe.099"])
    m2.add("entity:110999", profile_of_target(twin, "source:un", "110999"))
    d = m2.match("source:eu", eu)
    assert d.outcome == "new", d.basis
    assert {c.entity for c in d.candidates} >= {"entity:110343", "entity:110999"}


def test_a_name_and_its_acronym_held_as_another_partys_aliases_are_not_two_names() -> None:
    """OFAC loaded first: its SHIG entry a.k.a. "SAHAND ALUMINUM PARTS INDUSTRIAL
    COMPANY" and "SAPICO" does not take the UN's SAPICO (IRe.061), one name and its
    acronym; the EU's GBAE, whose own name is the UN's acronym, still joins the UN's."""
    m = Matcher()
    d = m.match("source:ofac", OFAC_SHIG)
    m.add("entity:shig", profile_of_target(OFAC_SHIG, "source:ofac", "9349"))
    d = m.match("source:un", UN_SAPICO)
    assert d.outcome == "new", d.basis
    assert [c.evidence for c in d.candidates] == ["same name"]
    assert verdict(EU_GBAE, UN_GBAE) == "merge"


# UN 2018 6908627 (KPe.051) and OFAC 2021 19489: the same words in another order.
UN_CMC = _org(
    "6908627",
    "CENTRAL MILITARY COMMISSION OF THE WORKERS’ PARTY OF KOREA (CMC)",
    (),
    "Democratic People's Republic of Korea",
    un_ref=["KPe.051"],
)
US_CMC = _org("19489", "WORKERS' PARTY OF KOREA CENTRAL MILITARY COMMISSION", (), "Korea, North")


def test_the_same_words_in_another_order_and_one_seat_merge() -> None:
    c = compare(profile_of_target(US_CMC), profile_of_target(UN_CMC))
    assert (c.verdict, c.evidence) == ("merge", "same words and country"), c.why
    # Korean / Korea: a weak word apart (UN 690759 KPe.008, OFAC 11599).
    un = _org(
        "690759", "KOREAN TANGUN TRADING CORPORATION", (), "Democratic People's Republic of Korea"
    )
    us = _org(
        "11599",
        "KOREA TANGUN TRADING CORPORATION",
        ("RYUNGSENG TRADING CORPORATION",),
        "Korea, North",
    )
    assert (
        compare(profile_of_target(us), profile_of_target(un)).evidence == "same words and country"
    )
    # Elsewhere, or unplaced, the reordered name is a candidate for a reviewer, never apart.
    for country in ("Iran", None):
        moved = _org("19489", US_CMC.name, (), country)
        assert verdict(moved, UN_CMC) == "candidate", country
    # Other words are other parties: "Namgang Trading" is not "Namgang Construction".
    a = _org("1", "KOREA NAMGANG TRADING CORPORATION", (), "Korea, North")
    b = _org("2", "NAMGANG CONSTRUCTION", (), "Korea, North")
    assert verdict(a, b) != "merge"


def test_a_territory_qualifier_agrees_with_its_country_seat() -> None:
    """The UN's HUAXIN SHIPPING HONGKONG LTD a.k.a. 華信船務(香港)有限公司 (KPe.059) and
    OFAC's entry at the same Chai Wan address, seated in China: Hong Kong is in China."""
    un = _org("6908693", "HUAXIN SHIPPING HONGKONG LTD", ("華信船務(香港)有限公司",), "China")
    us = _org("23777", "HUAXIN SHIPPING HONGKONG LTD", (), "China")
    assert verdict(us, un) == "merge"
    # A qualifier naming another country still holds the pair for review.
    elsewhere = _org("23777", "HUAXIN SHIPPING HONGKONG LTD", (), "Singapore")
    assert verdict(elsewhere, un) == "candidate"


def test_two_names_in_common_merge_with_a_birth_year_or_nationality() -> None:
    """OFAC 2021 6908 "AHMAD, Tariq Anwar al-Sayyid" a.k.a. "FATHI, Amr Al-Fatih", "FARAG,
    Hamdi Ahmad" and the UK 2018 group 7011 of the same aliases: two names of one person
    that are not one name spelled twice, and a birth year, merge."""
    us = target(
        "6908",
        "person",
        "AHMAD, Tariq Anwar al-Sayyid",
        ("FATHI, Amr Al-Fatih", "FARAG, Hamdi Ahmad"),
        born=("1963-03-15",),
    )
    uk = target(
        "7011",
        "person",
        "Tarek Anwar El Sayed AHMAD",
        ("Hamdi Ahmad FARAG", "Amr Al-Fatih FATHI"),
        born=("1963",),
        nat=("EG",),
    )
    c = compare(profile_of_target(uk), profile_of_target(us))
    assert (c.verdict, c.evidence) == ("merge", "two names"), c.why
    # One name, spelled and split two ways on both lists, is not two names.
    a = target("1", "person", "Abdollah SOLAT SANA", ("Sovlat THANA",), born=("1960",))
    b = target("2", "person", "SOLAT SANA, Abdollah", ("THANA, Sovlat",), born=("1960",))
    assert compare(profile_of_target(a), profile_of_target(b)).evidence != "two names"


def test_a_name_and_an_alias_in_common_without_a_date_stay_a_candidate() -> None:
    """UN 2018 KPi.008 and OFAC 15656 share the name and the alias Chang Myong Ho, but OFAC
    gives no birth date or nationality. Two names in common merge only with a birth year
    or nationality: without one, no letter-level test tells a second name from the first
    spelled otherwise (EU 2022 "Abdollah Solat Sana" a.k.a. "Sovlat Thana" against the
    UK's entry), Korean syllables being as close as Arabic spellings. The pair waits for
    a reviewer."""
    un = target(
        "6907441", "person", "RA KY'ONG-SU", ("Ra Kyung-Su", "Chang Myong Ho"), born=("1954-06-04",)
    )
    us = target("15656", "person", "RA, Kyong-Su", ("CHANG, MYO'NG-HO", "CHANG, MYONG HO"))
    assert verdict(us, un) == "candidate"


def _posted(t: Target, *posts: str) -> Target:
    for post in posts:
        t.add_position(post)
    return t


def test_the_same_name_and_a_post_naming_one_body_merge() -> None:
    """UN 2018 KPi.028 and OFAC 2021 19488: the same name, a nationality on one side and a
    birth date on the other (neither agrees nor conflicts), and posts naming one body."""
    un = _posted(
        target("6908515", "person", "YU CHOL U", nat=("KP",)),
        "Director of the National Aerospace Development Administration",
    )
    us = _posted(
        target("19488", "person", "YU, Chol U", born=("1959-08-08",)),
        "Director, National Aerospace Development Administration",
    )
    c = compare(profile_of_target(us), profile_of_target(un))
    assert (c.verdict, c.evidence) == ("merge", "same name and post"), c.why
    assert "national aerospace development administration" in c.why
    # KPi.008 RA KY'ONG-SU: "Tanchon Commercial Bank (TCB) official" / OFAC's title
    # "Tanchon Commercial Bank Representative to Beijing, China".
    ra_un = _posted(
        target("690744", "person", "RA KY'ONG-SU", ("Chang Myong Ho",), born=("1954-06-04",)),
        "Tanchon Commercial Bank (TCB) official",
    )
    ra_us = _posted(
        target("15656", "person", "RA, Kyong-Su", ("CHANG, MYONG HO",)),
        "Tanchon Commercial Bank Representative to Beijing, China",
    )
    c = compare(profile_of_target(ra_us), profile_of_target(ra_un))
    assert (c.verdict, c.evidence) == ("merge", "same name and post"), c.why


def test_a_post_does_not_outweigh_what_disagrees() -> None:
    """Full birth dates that disagree hold a name merge for review whatever the posts say
    (issue 18 item 7; KPi.020 KANG RYONG 1969-08-21 / OFAC 1968-08-21); a nationality
    conflict, or UN references that tell two designations apart, stop it too."""
    post = "Director of the National Aerospace Development Administration"
    a = _posted(target("1", "person", "YU CHOL U", born=("1959-08-08",)), post)
    b = _posted(target("2", "person", "YU, Chol U", born=("1958-08-08",)), post)
    assert verdict(a, b) == "candidate"
    a = _posted(target("1", "person", "YU CHOL U", nat=("KP",)), post)
    b = _posted(target("2", "person", "YU, Chol U", nat=("CN",)), post)
    assert compare(profile_of_target(a), profile_of_target(b)).evidence != "same name and post"
    a = _posted(target("1", "person", "YU CHOL U", ids={"un_ref": ["KPi.028"]}), post)
    b = _posted(target("2", "person", "YU, Chol U", ids={"un_ref_cited": ["KPi.029"]}), post)
    assert compare(profile_of_target(a), profile_of_target(b)).verdict != "merge"


def test_posts_that_share_only_a_rank_or_a_kind_of_body_are_no_evidence() -> None:
    """Posts sharing "Deputy Minister" of two ministries, "Commercial Bank" of two
    banks, "in Syria": words of rank, of a business's kind and countries name no body;
    a membership is no post."""
    for x, y in [
        ("Deputy Minister of Defence", "Deputy Minister of Finance"),
        ("Official of Daedong Credit Bank", "Official of Tanchon Commercial Bank"),
        ("KOMID official in Syria", "Representative in Syria"),
        ("Member of the Board of Directors", "Member of the Board of Directors"),
        # A body has many members: membership is no post in it.
        ("Member of the Islamic Revolutionary Guard Corps", "IRGC; member of the IRGC"),
        ("Member of the Islamic Revolutionary Guard Corps", "Islamic Revolutionary Guard Corps"),
    ]:
        a = _posted(target("1", "person", "KIM CHOL NAM"), x)
        b = _posted(target("2", "person", "KIM, Chol Nam"), y)
        c = compare(profile_of_target(a), profile_of_target(b))
        assert c.verdict == "candidate", (x, y, c.why)


def _at(t: Target, text: str, city: str) -> Target:
    from sanctiongraph.loaders.target import Address

    t.addresses = [Address(text, city=city)]
    return t


def test_a_name_within_the_others_own_name_merges_only_with_a_shared_name() -> None:
    """UN 2018 6908629 (KPe.053) and OFAC 2021 19528: the UN's name is an OFAC a.k.a. and
    the rest of OFAC's own name; UN 690768 (KPe.017) and OFAC 15616 the other way round."""
    un_pad = _org("6908629", "PROPAGANDA AND AGITATION DEPARTMENT (PAD)", (), "DPRK")
    us_pad = _org(
        "19528",
        "KOREAN WORKERS PARTY, PROPAGANDA AND AGITATION DEPARTMENT",
        ("PROPAGANDA AND AGITATION DEPARTMENT, WORKERS PARTY OF KOREA",),
        "Korea, North",
    )
    assert verdict(un_pad, us_pad) == "candidate"  # the names alone: no shared name
    us_pad.aliases.append("PROPAGANDA AND AGITATION DEPARTMENT")
    c = compare(profile_of_target(us_pad), profile_of_target(un_pad))
    assert (c.verdict, c.evidence) == ("merge", "name within name and country"), c.why
    un_leader = _org(
        "690768",
        "LEADER (HONG KONG) INTERNATIONAL",
        (
            "Leader International Trading Limited",
            "Leader (Hong Kong) International Trading Limited",
        ),
        "Hong Kong Special Administrative Region",
    )
    us_leader = _org(
        "15616",
        "LEADER (HONG KONG) INTERNATIONAL TRADING LIMITED",
        ("LEADER INTERNATIONAL TRADING LIMITED",),
        "Hong Kong",
    )
    assert verdict(us_leader, un_leader) == "merge"
    # In another country, a candidate.
    us_leader.country = "Singapore"
    assert verdict(us_leader, un_leader) == "candidate"
    # One word is no name of its own: many Russian firms are "Zenit".
    zenit = _org("1", "ZENIT", ("JSC ZENITH",), "Russia")
    zenith = _org("2", "JSC ZENITH", ("ZENIT OPTICAL PLANT",), "Russia")
    assert verdict(zenit, zenith) != "merge"


def test_one_street_address_and_one_name_less_its_country_merge() -> None:
    """UN 2018 6908622 (KPe.047) and OFAC 2021 15603, both at the FTB Building."""
    un = _at(
        _org("6908622", "FOREIGN TRADE BANK (FTB)", (), None),
        "FTB Building, Jungsong-dong, Central District, Pyongyang, "
        "Democratic People's Republic of Korea",
        "Pyongyang",
    )
    un.addresses[0].country = "Democratic People's Republic of Korea"
    us = _at(
        _org(
            "15603",
            "FOREIGN TRADE BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA",
            ("KOREA TRADE BANK",),
            None,
        ),
        "FTB Building, Jungsong-dong, Central District, Pyongyang, Korea, North",
        "Pyongyang",
    )
    us.addresses[0].country = "Korea, North"
    c = compare(profile_of_target(us), profile_of_target(un))
    assert (c.verdict, c.evidence) == ("merge", "address and name"), c.why
    # The same names at a district's address, no street: not evidence.
    for t in (un, us):
        t.addresses[0].text = "Central District, Pyongyang, Korea, North"
    assert verdict(us, un) == "apart"
    # The same street address and a name with other words added: a subsidiary may share
    # its parent's building.
    for t in (un, us):
        t.addresses[0].text = "FTB Building, Jungsong-dong, Central District, Pyongyang"
    us.name = "FOREIGN TRADE BANK INVESTMENT COMPANY"
    assert verdict(us, un) != "merge"
    # UK 2022 15076 and OFAC's Sberbank Capital, both at 19 Vavilova St.: close names at
    # one address are a candidate, never a merge.
    uk = _at(
        _org("15076", "SBERBANK OF RUSSIA", (), "Russia"),
        "19 Vavilova St., Moscow, 117997, Russia",
        "Moscow",
    )
    sc = _at(
        _org("1", "SBERBANK CAPITAL", (), "Russia"),
        "d.19 ul. Vavilova, Moscow, 117997, Russia",
        "Moscow",
    )
    c = compare(profile_of_target(uk), profile_of_target(sc))
    assert (c.verdict, c.evidence) == ("candidate", "address and name"), c.why
    # A kind of business added is another firm at the parent's office (UK 2022 14198).
    eng = _at(
        _org("14198", "VEB ENGINEERING", (), "Russia"),
        "9 Akademika Sakharova Prospekt, Moscow, 107996",
        "Moscow",
    )
    veb = _at(
        _org("30/3", "VEB.RF", ("Vnesheconombank",), "Russia"),
        "9 Akademika Sakharova Prospekt, Moscow, 107996",
        "Moscow",
    )
    assert verdict(eng, veb) != "merge"
    # The bank's own name less its country's name is one name.
    mof = _at(
        _org("30/8", "Sberbank", (), "Russia"), "19 ul. Vavilova, Moscow, 117312, Russia", "Moscow"
    )
    uk.addresses[0].text = "19 Vavilova St., Moscow, 117312, Russia"
    assert verdict(mof, uk) == "merge"
