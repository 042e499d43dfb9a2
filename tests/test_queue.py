"""The review queue and what feeds it: names that mean something, one row per pair,
MOF's mixed sheet read row by row, merge history per listing, full-date conflicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.placeholders import label_of, meaningless, split_aliases
from sanctiongraph.graph.records import node
from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES
from sanctiongraph.loaders.dates import birth_dates
from sanctiongraph.loaders.target import Target
from sanctiongraph.resolution.evidence import Profile, profile_of_target
from sanctiongraph.resolution.judgements import Judgements
from sanctiongraph.resolution.queue import queue
from sanctiongraph.resolution.scorer import compare

# -- 1. Names that mean something ------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["(a)", "b", "(aa)", "(ii)", "12.", "3", "不明", "自称", "旧称", "N/A", "Unknown",
             "a.k.a.", "none", "—"],
)  # fmt: skip
def test_markers_numbering_and_placeholders_are_no_names(name: str) -> None:
    assert meaningless(name) is not None
    p = Profile(kind="person")
    p.add_names([name], primary=True)
    q = Profile(kind="organization")
    q.add_names([name], primary=True)
    assert not p.keys and not q.keys


@pytest.mark.parametrize("name", ["FTB", "KKBC", "Korea Kwangson Banking Corp", "偵察総局", "王伟"])
def test_real_names_and_acronyms_stay_names(name: str) -> None:
    assert meaningless(name) is None


def test_an_alias_list_in_one_cell_becomes_its_names() -> None:
    t = Target("1", "person", "ABU HAMZA")
    t.add_alias("(a.k.a.:(a)Mustafa Kamel Mustafa (b)Adam Ramsey Eaman (c) Abu Hamza Al-Masri)")
    t.add_alias("不明")
    t.add_alias("（旧称）Ryonggaksan General Trading Corporation")
    assert t.aliases == [
        "Mustafa Kamel Mustafa",
        "Adam Ramsey Eaman",
        "Abu Hamza Al-Masri",
        "Ryonggaksan General Trading Corporation",
    ]
    # The label carried meaning: kept as a note.
    assert t.notes == "former name: Ryonggaksan General Trading Corporation"
    assert split_aliases("Korea Kwangson Banking Corp (KKBC)") == [
        "Korea Kwangson Banking Corp (KKBC)"
    ]
    assert label_of("Korea (North)") == (None, "Korea (North)")


def test_notes_inside_an_alias_are_not_part_of_the_name() -> None:
    """What MOF writes in its alias cells besides names: the language a name is given
    in, that it is the name listed before, where and when the person was born, a
    numbered label. On all shared files 10 review candidates rested on one alone."""
    t = Target("2/716", "person", "AKHMED RAJAPOVICH CHATAEV")
    t.add_alias(
        "（a）アフマッド・シシャニ（【ロシア語】）（b）デイヴィッド・メイヤー（【ロシア語】）"
    )
    t.add_alias("アレフラー・アレフ(以前掲載の氏名)")
    t.add_alias("（別名2）アリ・タフィール・アブドラ")
    t.add_alias("ファビオ・フスコ、１９６８年５月２５日にイタリアのナポリにて出生")
    t.add_alias("【アラビア語】")
    t.add_alias("(a)カラド・ベルカサム")
    assert t.aliases == [
        "アフマッド・シシャニ",
        "デイヴィッド・メイヤー",
        "アレフラー・アレフ",
        "アリ・タフィール・アブドラ",
        "ファビオ・フスコ",
        "カラド・ベルカサム",
    ]
    assert "former name: アレフラー・アレフ" in (t.notes or "")
    for label in ("以前掲載の氏名", "別名2", "【ロシア語】", "(以前掲載の氏名)"):
        assert meaningless(label) is not None, label


def test_names_joined_by_aka_in_one_cell_are_each_a_name() -> None:
    t = Target("28/258", "organization", "TransMorFlot LLC")
    t.add_alias("TransMorFlot, a.k.a. TransMorFlot shipping company, a.k.a. Transseaport")
    assert t.aliases == ["TransMorFlot", "TransMorFlot shipping company", "Transseaport"]
    # A Latin comma alone also writes "Surname, Given": not split.
    u = Target("2/280", "person", "ABDUL MAJEED")
    u.add_alias("Majeed, Abdul")
    assert u.aliases == ["Majeed, Abdul"]


def test_a_bracketed_spelling_of_a_given_name_is_no_key_of_its_own() -> None:
    """ "Aleksandr (Alexander) KURENKOV": the person is also "Alexander KURENKOV", never
    just "Alexander" (97 review candidates paired two Duma deputies on a given name)."""
    p = Profile(kind="person")
    p.add_names(["Aleksandr(Alexander/Oleksandr) KOFMAN"], primary=True)
    assert "alexander" not in p.keys and "oleksandr" not in p.keys
    q = Profile(kind="person")
    q.add_names(["Alexander KOFMAN"], primary=True)
    assert set(q.keys) <= set(p.keys)
    # An organisation's bracket is an acronym, a name of its own.
    o = Profile(kind="organization")
    o.add_names(["Korea Mining Development Trading Corporation (KOMID)"], primary=True)
    assert "komid" in o.keys


def test_generic_words_alone_are_no_organisation_key() -> None:
    p = Profile(kind="organization")
    p.add_names(["Trading Company", "Bank", "Foreign Trade Bank"], primary=True)
    assert set(p.keys) == {"foreign trade bank"}


def test_no_list_gives_a_marker_or_placeholder_as_a_name_or_key(data_dir: Path) -> None:
    """Every shared list, read as the loaders read it: no alias and no match key of a
    record is a list marker, numbering or a placeholder."""
    from sanctiongraph.loaders.registry import FORMATS, detect

    seen: dict[str, int] = {}
    for name in SHARED_DATA_FILES:
        path = data_dir / name
        reader = FORMATS[detect(path)].reader()
        for t in reader.targets(path):
            seen[name] = seen.get(name, 0) + 1
            bad = [a for a in t.aliases if meaningless(a) is not None]
            assert not bad, (name, t.record, bad)
            keys = profile_of_target(t).keys
            assert not [k for k in keys if meaningless(k.lstrip("~")) is not None], (name, t.record)
    # Every list of parties was read (the OpenSanctions index is a catalogue of datasets).
    assert len(seen) == len(SHARED_DATA_FILES) - 1, sorted(set(SHARED_DATA_FILES) - set(seen))


# -- 2. One row per pair ---------------------------------------------------------------


def _store(store: Any = None) -> Any:
    store = MemoryStore() if store is None else store
    uk = ["source:gb-ofsi-csv-2018#1", "source:gb-ofsi-xlsx-2022#1"]
    rows = [
        ("entity:a", "person", "KIM CHOL", uk),
        ("entity:b", "person", "KIM CHOL NAM", ["source:us-ofac-sdn-2021#9"]),
        ("entity:c", "organization", "RYONBONG", ["source:unsc-consolidated-2018#KPe.1"]),
        ("entity:d", "organization", "RYONBONG GENERAL", ["source:jp-mof-xlsx-2026#16/3"]),
    ]
    with store.writer() as w:
        for eid, kind, name, records in rows:
            prov = {"sources": sorted({r.split("#")[0] for r in records}), "records": records}
            w.add(node("Entity", eid, {"kind": kind, "name": name}, prov))
    return store


def _log(tmp_path: Path, rows: list[tuple[str, str, float, str, str]]) -> Path:
    path = tmp_path / "r.candidates.jsonl"
    path.write_text(
        "".join(
            json.dumps({"a": a, "b": b, "score": s, "evidence": e, "why": w}) + "\n"
            for a, b, s, e, w in rows
        ),
        encoding="utf-8",
    )
    return path


def test_one_row_per_pair_of_entities_with_the_evidence_gathered(tmp_path: Path) -> None:
    log = _log(
        tmp_path,
        [
            ("source:gb-ofsi-csv-2018#1", "source:us-ofac-sdn-2021#9", 0.7, "close name", "x"),
            ("source:us-ofac-sdn-2021#9", "source:gb-ofsi-xlsx-2022#1", 0.75, "same name", "y"),
            ("source:gb-ofsi-csv-2018#1", "source:us-ofac-sdn-2021#9", 0.7, "close name", "x"),
            ("source:jp-mof-xlsx-2026#16/3", "source:unsc-consolidated-2018#KPe.1", 0.7,
             "close name", "z"),
            ("source:gone#1", "source:us-ofac-sdn-2021#9", 0.9, "same name", "unloaded"),
        ],
    )  # fmt: skip
    pairs, _ = queue(log, _store())
    assert [(p.a, p.b, p.lines) for p in pairs] == [
        ("entity:a", "entity:b", 3),  # 0.75 and a second kind of evidence: 0.78
        ("entity:c", "entity:d", 1),
    ]
    first = pairs[0]
    assert first.score == 0.78 and first.evidence == "same name"
    assert first.reasons == ["y", "x"]
    assert (first.record_a, first.record_b) == (
        "source:gb-ofsi-xlsx-2022#1",
        "source:us-ofac-sdn-2021#9",
    )
    assert [p.a for p in queue(log, _store(), kind="organization")[0]] == ["entity:c"]
    assert [p.a for p in queue(log, _store(), authority="uk")[0]] == ["entity:a"]
    assert [p.a for p in queue(log, _store(), authority="mof")[0]] == ["entity:c"]
    assert [p.a for p in queue(log, _store(), min_score=0.75)[0]] == ["entity:a"]


def test_every_store_gives_the_queue_the_same_rows(any_store: Any, tmp_path: Path) -> None:
    """The queue reads only the entities holding a logged record (``Store.holders``), then
    kind and name of those in pairs by key (``Store.entities_by_id``); each store
    answers both as the in-process one does."""
    log = _log(
        tmp_path,
        [
            ("source:gb-ofsi-csv-2018#1", "source:us-ofac-sdn-2021#9", 0.7, "close name", "x"),
            ("source:jp-mof-xlsx-2026#16/3", "source:unsc-consolidated-2018#KPe.1", 0.7,
             "close name", "z"),
        ],
    )  # fmt: skip
    store = _store(any_store)
    assert sorted(store.holders({"source:gb-ofsi-xlsx-2022#1", "source:nowhere#1"})) == [
        ("entity:a", ["source:gb-ofsi-csv-2018#1", "source:gb-ofsi-xlsx-2022#1"])
    ]
    assert list(store.holders(set())) == []
    found = sorted(store.entities_by_id(["entity:c", "entity:zz"], ("kind", "name")),
                   key=lambda r: str(r["id"]))  # fmt: skip
    assert found == [{"id": "entity:c", "kind": "organization", "name": "RYONBONG"}]

    def rows(s: Any) -> list[dict[str, Any]]:
        pairs, info = queue(log, s)
        return [p.as_row(info) for p in pairs]

    assert rows(store) == rows(_store()) and len(rows(store)) == 2
    assert rows(store)[0]["name"] in ("KIM CHOL", "RYONBONG")


def test_a_judged_pair_never_returns_whichever_records_a_line_names(tmp_path: Path) -> None:
    log = _log(
        tmp_path,
        [("source:gb-ofsi-csv-2018#1", "source:us-ofac-sdn-2021#9", 0.7, "close name", "x")],
    )
    judged = Judgements(tmp_path / "r.jsonl")
    # The reviewer judged the 2022 edition's record: the 2018 record's line stays judged.
    judged.judge("source:gb-ofsi-xlsx-2022#1", "source:us-ofac-sdn-2021#9", "different")
    assert queue(log, _store(), judged)[0] == []
    judged.undo("source:gb-ofsi-xlsx-2022#1", "source:us-ofac-sdn-2021#9")
    assert len(queue(log, _store(), judged)[0]) == 1


# -- 3. MOF's second sheet -------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["jp/mof_shisantouketsu20260305.xlsx", "jp/mof_sanctions_lexcovery_2022-11-02.xls"]
)
def test_mof_taliban_sheet_reads_each_rows_kind(data_dir: Path, name: str) -> None:
    """Sheet 2 (タリバーン関係者等) lists persons and groups under persons' columns: groups
    are told by their empty personal columns or a UN entity reference, not by name."""
    from sanctiongraph.loaders.formats import jp_mof

    kinds = {t.record: t for t in jp_mof.targets(data_dir / name) if t.record.startswith("2/")}
    orgs = {r for r, t in kinds.items() if t.kind == "organization"}
    assert len(kinds) >= 480 and len(orgs) == 93
    by_name = {t.name: t.kind for t in kinds.values()}
    assert by_name["ABU SAYYAF GROUP"] == "organization"
    assert by_name["RABITA TRUST"] == "organization"
    assert by_name["MOHAMMAD HASSAN AKHUND"] == "person"
    # Every row whose UN reference says which it is agrees with the row's kind.
    for t in kinds.values():
        letters = {ref[2].lower() for ref in t.ids.get("un_ref", [])}
        if len(letters) == 1:
            assert t.kind == ("organization" if letters == {"e"} else "person"), t.record


def test_mof_rows_of_unknowns_or_dates_alone_stay_persons(data_dir: Path) -> None:
    """A person whose details MOF gives only as a date of birth (the Israeli settlers of
    sheet 43) or only as 不明 (Yemen's ABDULMALIK AL-HOUTHI) is a person; the groups of
    sheet 4 (テロリスト等), personal columns blank, are organisations."""
    from sanctiongraph.loaders.formats import jp_mof

    kinds = {
        t.record: t.kind for t in jp_mof.targets(data_dir / "jp/mof_shisantouketsu20260305.xlsx")
    }
    assert kinds["43/1"] == kinds["39/4"] == "person"
    assert kinds["4/26"] == kinds["4/31"] == "organization"  # Hamas, Al-Shabaab


def test_abu_sayyaf_group_is_one_node_across_lists(data_dir: Path) -> None:
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.loaders.registry import detect

    files = [
        "uk/sanctionsconlist_2018-04-13.csv",
        "un/consolidated_2018-10-29.xml",
        "ofac/sdn_csv_2021-07/sdn.csv",
        "eu/eu_fsf_export_2022-03-18_TRUNCATED_first1044.xml",
        "jp/mof_shisantouketsu20260305.xlsx",
    ]
    store = MemoryStore()
    for name in files:
        load_file(store, detect(data_dir / name), data_dir / name)
    holding = [
        e
        for e in store.entities(("name", "records", "kind"))
        if "sayyaf" in str(e.get("name")).lower()
        and not str(e.get("name")).lower().startswith(("khadafy", "isnilon"))
    ]
    groups = [e for e in holding if e.get("kind") == "organization"]
    assert len(groups) == 1, [(e["id"], e["name"]) for e in groups]
    sources = {r.split("#", 1)[0] for r in groups[0]["records"]}
    for prefix in ("source:gb-", "source:unsc-", "source:us-ofac", "source:eu-", "source:jp-mof"):
        assert any(s.startswith(prefix) for s in sources), (prefix, sources)


# -- 4. Merge history per listing ------------------------------------------------------


def test_a_listing_keeps_the_rule_that_first_joined_it_and_each_later_match(
    tmp_path: Path,
) -> None:
    from sanctiongraph.ingest.load import load_file

    fixtures = Path(__file__).parent / "fixtures" / "lists"
    store = MemoryStore()
    load_file(store, "ofac-csv", fixtures / "sdn_csv_2021-07" / "sdn.csv")
    load_file(store, "jp-mof", fixtures / "jp_mof_20260305.xlsx")
    g = store.to_networkx()
    joined = [
        a
        for _, _, k, a in g.edges(keys=True, data=True)
        if k == "TARGETS" and a.get("match_basis") != "the source names the entity"
    ]
    assert joined
    for a in joined:
        assert a["match_history"] and str(a["match_basis"]) in a["match_history"][0]


# -- 6. Full birth dates that disagree -------------------------------------------------


def _person(name: str, dob: str, nat: str = "RU", un_ref: str | None = None) -> Profile:
    t = Target("1", "person", name)
    t.add_birth_date(dob)
    t.add_nationality(nat)
    if un_ref:
        t.add_id("un_ref", un_ref)
    return profile_of_target(t)


def test_full_dates_that_disagree_send_a_name_merge_to_review() -> None:
    a = _person("Anton Vadimovich GORELKIN", "1982-01-22")
    b = _person("GORELKIN, Anton Vadimovich", "1982-12-22")
    c = compare(a, b)
    assert c.verdict == "candidate"
    assert "birth dates differ: 1982-01-22 / 1982-12-22" in c.why
    same_day = compare(a, _person("GORELKIN Anton Vadimovich", "1982-01-22"))
    assert same_day.verdict == "merge"
    # A strong identifier that agrees still merges.
    x = _person("Anton Vadimovich GORELKIN", "1982-01-22", un_ref="KPi.001")
    y = _person("GORELKIN, Anton Vadimovich", "1982-12-22", un_ref="KPi.001")
    assert compare(x, y).verdict == "merge"
    # A passport is no registry: with full dates apart the pair goes to review (an
    # audit counted ESSABAR, 3 / 13 April 1977, on one passport, a wrong merge).
    p, q = _person("Zakarya ESSABAR", "1977-04-03"), _person("ESSABAR, Zakarya", "1977-04-13")
    p.ids["passport"] = {"M271392"}
    q.ids["passport"] = {"M271392"}
    held = compare(p, q)
    assert held.verdict == "candidate" and held.evidence == "other identifier"
    q.birth_dates = {"1977-04-03"}
    assert compare(p, q).verdict == "merge"


def test_day_and_month_transposed_are_neither_agreement_nor_conflict() -> None:
    # OFSI 2022 gives RODNINA 09/12/1949 in a day-first column; she was born on 12 September.
    a = _person("Irina Konstantinovna RODNINA", "1949-12-09")
    b = _person("RODNINA, Irina Konstantinovna", "1949-09-12")
    c = compare(a, b)
    assert "birth dates differ" not in c.why and "same birth date" not in c.why
    assert "same birth year 1949" in c.why
    assert c.verdict == compare(a, _person("RODNINA Irina Konstantinovna", "1949")).verdict


def test_a_range_of_dates_is_a_range() -> None:
    assert birth_dates("DOB 01 Jan 1954 to 31 Dec 1955", order="dmy") == ["1954", "1955"]
    assert birth_dates("DOB 01 Jan 1954; alt. DOB 31 Dec 1955") == ["1954-01-01", "1955-12-31"]
    # MOF writes ranges in Japanese: "from 1 Jan 1961 to 31 Dec 1963", "between 1958 and 1963".
    assert birth_dates("1961年1月1日から 1963年12月31日の間") == ["1961", "1962", "1963"]
    assert birth_dates("1958年から1963年の間") == [str(y) for y in range(1958, 1964)]
    # UN's BETWEEN 1955 AND 1958 and OFAC's "1955 to 1958": every year, none a full date.
    assert birth_dates("1955 to 1958") == birth_dates("between 1955 and 1958")


# -- 7. Identifiers checked ------------------------------------------------------------


def test_an_identifier_failing_its_check_digit_is_kept_but_merges_nothing() -> None:
    t = Target("1", "vessel", "SIERRA")
    t.add_id("imo", "9522325")  # one digit off 9522324
    assert t.ids["imo"] == ["9522325"]  # kept as the list gives it
    ship = profile_of_target(t)
    assert "imo" not in ship.ids and ship.unchecked == {"imo": {"9522325"}}
    same = Target("2", "vessel", "SIERRA II")
    same.add_id("imo", "9522325")
    # The same failing number on both sides is no merge evidence...
    assert compare(ship, profile_of_target(same)).verdict != "merge"
    # ...but a number that differs still keeps two ships apart.
    other = Target("3", "vessel", "SIERRA")
    other.add_id("imo", "9522324")
    assert compare(ship, profile_of_target(other)).vetoes == ["different imo: 9522325 / 9522324"]


def test_one_shared_word_or_two_close_acronyms_are_not_worth_a_review() -> None:
    def person(record: str, name: str) -> Profile:
        return profile_of_target(Target(record, "person", name))

    def org(record: str, name: str) -> Profile:
        return profile_of_target(Target(record, "organization", name))

    # A bracketed spelling of a given name is no name of its own to share.
    assert (
        compare(
            person("1", "Sergei (Sergey) NEVEROV"), person("2", "Sergei (Sergey) Burlakov")
        ).verdict
        == "apart"
    )
    assert (
        compare(
            org("1", "MBADA DIAMONDS (PRIVATE) LIMITED"), org("2", "Mecatech (Private) Limited")
        ).verdict
        == "apart"
    )
    assert compare(org("1", "KSPZ"), org("2", "GSPC")).verdict == "apart"
    # The same full name stays a candidate.
    assert (
        compare(person("1", "Anatolii NESTERENKO"), person("2", "NESTERENKO Anatolii")).verdict
        == "candidate"
    )


# -- 8. Offices of one network, editions of one list -----------------------------------


def _org(record: str, name: str) -> Profile:
    """An organisation as the loader reads it: a trailing "(…)" taken off the name
    into an alias (ingest.build), a full-width one left in the name."""
    from sanctiongraph.loaders.target import split_bracketed

    name, bracketed = split_bracketed(name)
    t = Target(record, "organization", name)
    for alias in bracketed:
        t.add_alias(alias)
    return profile_of_target(t)


def test_names_qualified_by_two_countries_are_two_offices_not_a_candidate() -> None:
    # Made-up: one charity's offices, each a designation of its own. Both names say
    # which country's office they are: no merge, and no reviewer's time either (an
    # audit of the queue judged five such pairs, 0.70-0.76, none one party).
    north = _org("1", "NORTHWIND RELIEF SOCIETY (ARGENTINA)")
    south = _org("2", "NORTHWIND RELIEF SOCIETY (CHILE)")
    c = compare(north, south)
    assert c.verdict == "apart" and c.evidence == "same name"
    assert "name qualifiers differ: AR / CL" in c.why
    # A close name of another office too.
    assert compare(_org("7", "NORTHWIND RELEIF SOCIETY (CHILE)"), north).verdict == "apart"
    # Full-width brackets and a state's formal name without its article.
    formal = _org("3", "NORTHWIND RELIEF SOCIETY（REPUBLIC OF CHILE）")
    assert formal.places == {"CL"}
    assert compare(north, formal).verdict == "apart"
    assert compare(formal, north).verdict == "apart"
    # The same office on two lists merges; so does a name only one side qualifies.
    assert compare(south, formal).verdict == "merge"
    assert compare(north, _org("4", "Northwind Relief Society")).verdict == "merge"
    # A qualifier on one side only is compared with the other side's seat (made-up, the
    # pattern an audit found: "SBERBANK (SWITZERLAND) AG" joined to the Russian bank).
    seated = _org("6", "Northwind Relief Society")
    seated.countries.add("BR")
    held = compare(north, seated)
    assert held.verdict == "candidate"
    assert "name qualifiers differ: AR / seat BR" in held.why
    # Ranked below the pairs nothing speaks against (those start at 0.7).
    assert held.score <= 0.6
    seated.countries.add("AR")
    assert compare(north, seated).verdict == "merge"
    # An acronym in brackets is another name, no place.
    assert _org("5", "NORTHWIND RELIEF SOCIETY (NRS)").places == set()


def test_organisations_of_one_name_seated_apart_go_to_review_not_merge() -> None:
    """The pattern an independent audit found twice: OFAC's worldwide record of a
    charity (its Kuwaiti seat) joined to the UN's, which designates only its Pakistan
    and Afghanistan offices. Made-up names; the seats as the lists give them."""
    worldwide = _org("1", "Northwind Heritage Society")
    worldwide.countries.add("KW")
    offices = _org("2", "NORTHWIND HERITAGE SOCIETY")
    offices.countries |= {"PK", "AF"}
    held = compare(worldwide, offices)
    assert held.verdict == "candidate" and held.evidence == "same name"
    assert "seats differ: KW / AF, PK" in held.why
    # One seat in common, or no seat on one side: names decide as before.
    offices.countries.add("KW")
    assert compare(worldwide, offices).verdict == "merge"
    assert compare(worldwide, _org("3", "Northwind Heritage Society")).verdict == "merge"


def test_the_publishers_record_id_joins_two_editions_whatever_the_names_became() -> None:
    """UK Group IDs are stable across editions (lists.yaml record_id): the 2018 CSV and
    2022 workbook left 342 of them on two nodes, names re-spelt and dates corrected.
    Japan's MOF renumbers its rows: the same sheet/notice there is no evidence."""
    old = Target("10439", "person", "NAQDI, Mohammad Reza")
    old.add_birth_date("1952")
    new = Target("10439", "person", "Mohammad-Reza NAGHDI")
    new.add_birth_date("1961")
    a, b = profile_of_target(old), profile_of_target(new)
    a.records = {"source:gb-ofsi-conlist-csv-2018-04-13#10439"}
    b.records = {"source:gb-ofsi-conlist-xlsx-2022-05-04#10439"}
    c = compare(b, a)
    assert c.verdict == "merge" and c.evidence == "identifier"
    assert c.basis == ["same record source:gb-ofsi-conlist#10439 on editions of the list"]
    a.records = {"source:jp-mof-xls-2022-11-02#2/5"}
    b.records = {"source:jp-mof-xlsx-2026-03-05#2/5"}
    assert compare(b, a).verdict != "merge"


def test_the_same_record_id_on_two_editions_of_a_list_is_not_held_by_dates() -> None:
    def uk(source: str, record: str, dob: str) -> Profile:
        t = Target(record, "person", "Oleg Vladimirovich BEREZA")
        t.add_birth_date(dob)
        return profile_of_target(t, source, record)

    old = uk("source:gb-ofsi-conlist-csv-2018-04-13", "13096", "1977-03-01")
    new = uk("source:gb-ofsi-conlist-xlsx-2022-05-04", "13096", "1977-02-28")
    c = compare(new, old)
    assert c.verdict == "merge"
    assert "same record source:gb-ofsi-conlist#13096 on editions of the list" in c.why
    # Another record id of the list, or another list, is two entries: review.
    assert compare(
        uk("source:gb-ofsi-conlist-xlsx-2022-05-04", "9", "1977-02-28"), old
    ).verdict == ("candidate")
    assert compare(uk("source:eu-fsf-2022-03-18", "13096", "1977-02-28"), old).verdict == (
        "candidate"
    )


def test_al_haramayn_offices_stay_apart_and_uk_editions_join(data_dir: Path) -> None:
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.loaders.registry import detect

    files = [
        "un/consolidated_2018-10-29.xml",
        "uk/sanctionsconlist_2018-04-13.csv",
        "uk/ConList_2022-05-04.xlsx",
        "jp/mof_sanctions_lexcovery_2022-11-02.xls",
        "jp/mof_shisantouketsu20260305.xlsx",
    ]
    store = MemoryStore()
    for name in files:
        load_file(store, detect(data_dir / name), data_dir / name)
    holder = {str(r): str(e["id"]) for e in store.entities(("records",)) for r in e["records"]}

    def holders(source: str, record: str) -> set[str]:
        """The entities holding ``record`` of every edition of list ``source``."""
        out = {e for r, e in holder.items() if r.startswith(source) and r.endswith(f"#{record}")}
        assert out, (source, record)
        return out

    un = "source:unsc-consolidated-"
    # UN QDe.105 "(KENYA)" 113338, QDe.106 "(TANZANIA)" 113339, QDe.103 "(INDONESIA)"
    # 113336, QDe.116 "(UNION OF THE COMOROS)" 113234; MOF's sheet 2 (both editions):
    # 418 "(TANZANIA)", 451 "（UNION OF COMOROS）".
    tanzania, comoros = holders("source:jp-mof-", "2/418"), holders("source:jp-mof-", "2/451")
    assert not tanzania & holders(un, "113338")
    assert not comoros & holders(un, "113336")
    assert tanzania == holders(un, "113339")
    assert comoros == holders(un, "113234")
    # The UK's Group ID 13096 (BEREZA) in its 2018 CSV and 2022 workbook, whose birth
    # dates differ by a day: one entity.
    assert len(holders("source:gb-ofsi-conlist-", "13096")) == 1


# -- 9. What speaks against a pair keeps it out of a reviewer's way --------------------
# Made-up parties in the patterns an independent audit of the queue judged not worth a
# person's time (Audit 4, docs/resolution.md).


def _someone(record: str, name: str, *, aliases: tuple[str, ...] = (), born: str = "",
            nationality: str = "") -> Profile:  # fmt: skip
    t = Target(record, "person", name)
    for alias in aliases:
        t.add_alias(alias)
    t.add_birth_date(born or None)
    t.add_nationality(nationality or None)
    return profile_of_target(t)


def test_glued_name_parts_meet_their_own_spelling_never_a_close_one() -> None:
    # Two persons sharing a given name and a patronymic: glued, "ilyichzaborovsky" and
    # "ilyichzakharenko" share their first half and looked close (0.93 in the audit).
    a = _someone("1", "Pyotr Ilyich ZABOROVSKY")
    b = _someone("2", "Pyotr Ilyich ZAKHARENKO")
    assert a.joined and compare(a, b).verdict == "apart"
    # The glued key still meets the name written as one word (Korean given names).
    c = compare(_someone("3", "KIM Chang Ho"), _someone("4", "Kim Changho"))
    assert c.verdict == "candidate" and c.evidence == "same name"
    # A name with one part more (a patronymic one list leaves out) is compared part by
    # part, each part the same word spelled two ways: what the glued keys did for it.
    one = compare(_someone("7", "Pyotr ZABOROVSKY", born="1961-03-04"),
                  _someone("8", "Pyotr Ilyich ZABOROVSKII", born="1961-03-04"))  # fmt: skip
    assert one.verdict == "merge" and one.evidence == "close name and birth date"
    # A part that only begins like another is another name ("Abdul" / "Abdullah").
    from sanctiongraph.resolution.scorer import _one_part_more

    assert _one_part_more("abdullah haji talibzai", "abdul haji rahim talibzai") == 0.0
    # A key one name glues and another gives apart is an ordinary key.
    d = _someone("5", "Kim Changho")
    d.absorb(_someone("6", "Kim Chang Ho"))
    assert "changho kim" in d.keys and "changho kim" not in d.joined


def test_one_word_alias_shared_by_two_organisations_is_no_candidate() -> None:
    # "AL-NOOR" given as an alias of two unrelated firms; "the harbour" ~ "harbor".
    a = _org("1", "Northwind Relief Society")
    a.add_names(["AL-NOOR", "THE HARBOUR"], primary=False)
    b = _org("2", "Southgate Charitable Trust")
    b.add_names(["Al Noor"], primary=False)
    assert compare(a, b).verdict == "apart"
    c = _org("3", "Eastbank Holding")
    c.add_names(["HARBOR"], primary=False)
    assert compare(a, c).verdict == "apart"
    # A one-word name both lists give as the party's own name stays for a reviewer.
    one, other = _org("4", "Zarnax"), _org("5", "Zarnaks")
    assert compare(one, other).verdict == "candidate"


def test_a_unit_named_after_its_parent_ranks_below_clean_candidates() -> None:
    parent = _org("1", "Northwind Heavy Machinery")
    unit = _org("2", "Northwind Heavy Machinery Repairs")
    c = compare(unit, parent)
    assert c.verdict == "candidate" and c.score <= 0.6
    assert "one name is the other's and more" in c.why


def test_a_shared_alias_across_other_nationality_and_birth_date_is_no_candidate() -> None:
    # Two persons known by one kunya, different countries and full birth dates.
    a = _someone("1", "Harun TALIB", aliases=("Abu Harith",), born="1973-05-01",
                nationality="Yemen")  # fmt: skip
    b = _someone("2", "Samir WIDODO", aliases=("Abu Harith",), born="1974-08-19",
                nationality="Indonesia")  # fmt: skip
    c = compare(a, b)
    assert c.verdict == "apart"
    assert "birth dates differ: 1973-05-01 / 1974-08-19" in c.why
    # One of the two in conflict (a list's nationality wrong or missing): still a pair.
    b2 = _someone("3", "Samir WIDODO", aliases=("Abu Harith",), born="1974-08-19")
    a2 = _someone("4", "Harun TALIB", aliases=("Abu Harith",), born="1973-05-01",
                 nationality="Yemen")  # fmt: skip
    assert compare(a2, b2).verdict == "candidate"


def test_the_publishers_record_id_across_a_changed_birth_date_merges() -> None:
    """The UK amended some birth dates between its 2018 and 2022 editions (CHATAEV,
    Group ID 13300; FILIPPOVA, 13207, with a patronymic added); made-up names and dates
    in that pattern. The publisher's id says one entry: it merges, both dates named."""
    old = Target("99001", "person", "Ruslan DERKACHEV")
    old.add_birth_date("1980-07-14")
    new = Target("99001", "person", "Ruslan DERKACHEV")
    new.add_birth_date("1980-07-04")
    a = profile_of_target(old, "gb-ofsi-conlist-csv-2018-04-13", "99001")
    b = profile_of_target(new, "gb-ofsi-conlist-xlsx-2022-05-04", "99001")
    merged = compare(b, a)
    assert merged.verdict == "merge" and merged.evidence == "identifier"
    assert "birth dates differ: 1980-07-04 / 1980-07-14 (amended by the publisher)" in merged.why
    assert "same name" in merged.why
    # Nothing but the id agrees: the id is the publisher's own entry, and still merges.
    renamed = Target("99001", "person", "Timur BASAYEV")
    renamed.add_birth_date("1980-07-04")
    c = compare(profile_of_target(renamed, "gb-ofsi-conlist-xlsx-2022-05-04", "99001"), a)
    assert c.verdict == "merge" and c.evidence == "identifier"
    assert "same name" not in c.why and "amended by the publisher" in c.why
    # Kinds that differ still hold the id apart (the UK's ships, typed entities in 2018).
    ship = Target("99001", "vessel", "Ruslan DERKACHEV")
    held = compare(profile_of_target(ship, "gb-ofsi-conlist-xlsx-2022-05-04", "99001"), a)
    assert held.verdict != "merge"
    # Dates that agree: the id alone merges, as before.
    renamed.birth_dates = ["1980-07-14"]
    again = compare(profile_of_target(renamed, "gb-ofsi-conlist-xlsx-2022-05-04", "99001"), a)
    assert again.verdict == "merge"


def test_the_record_id_rule_reads_the_list_lists_yaml_declares() -> None:
    """OFAC's advanced-format and XML files are editions of one declared list
    (``us-ofac-consolidated``), numbered alike (uid = FixedRef: 366 ids common to the
    shared 2020 and 2025 files, all one party each)."""
    from sanctiongraph.resolution.evidence import list_of_source, same_stable_listing

    a, b = Profile(kind="organization"), Profile(kind="organization")
    a.records = {"source:us-ofac-cons-advanced-2020-03-17#90001"}
    b.records = {"source:us-ofac-cons-xml-2025-03-28#90001"}
    assert same_stable_listing(a, b) == "source:us-ofac-consolidated#90001"
    # An undeclared source keeps the old reading: date and format off the id.
    assert list_of_source("zz-registry-csv-2024-01-02") == "zz-registry"
