"""Build sanctiongraph/data/seed_2017.yaml from the real files and the cited news facts.

    python scripts/build_seed.py ../shared/data > sanctiongraph/data/seed_2017.yaml

What the published lists say (names, notice numbers, OFAC numbers, IMO and
SWIFT codes, addresses) is read from the files themselves; what only news
reports say (sectors, South Korea's list, the launch, the totals) is written
below with its source. tests/test_seed.py checks the committed file against a
fresh build when the data directory is available.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

import openpyxl
import yaml

# The Source ids and record ids the loaders give the same files (jp-mof, ofac-csv), so
# the seed and a load of the file cite one Source and one record per entry.
MOF = "jp-mof-xlsx-2026-03-05"
OFAC = "us-ofac-sdn-csv-2021-07"
EU_J = "eu-journal-32017r1509"
UK18 = "gb-ofsi-conlist-csv-2018-04-13"
UK22 = "gb-ofsi-conlist-xlsx-2022-05-04"
JT = "japantimes-2017-12-15"
NIKKEI = "nikkei-2017-12-15"
ADIBY = "adiby-2017-12"
TRT = "trtworld-afp-2017-12-15"
SCMP = "scmp-2017-12-15"
MT = "mt-2017-12-10"
SEJONG = "sejongeconomy-2017-12-11"
KNNEWS = "knnews-2017-12-11"
YOUTH = "youthdaily-2017-12"
KBS = "kbs-2016-12-03"
EDAILY = "edaily-2022-12"
TPT = "tptmusk-2022"

SOURCES: list[dict[str, Any]] = [
    dict(
        id=MOF,
        name="Japan MOF asset-freeze list (2026-03-05)",
        publisher="Ministry of Finance, Japan",
        title="資産凍結等の措置の対象となる者 (shisantouketsu20260305.xlsx), provisional edition",
        list_date="2026-03-05",
        file="jp/mof_shisantouketsu20260305.xlsx",
        url="https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/economic_sanctions/list.html",
        licence="Japanese government publication",
    ),
    dict(
        id=OFAC,
        name="OFAC SDN list, legacy CSV (2021-07)",
        publisher="US Treasury, OFAC",
        title="SDN list legacy CSV: sdn.csv, add.csv, alt.csv, sdn_comments.csv",
        list_date="2021-07-07",
        file="ofac/sdn_csv_2021-07/",
        url="https://www.treasury.gov/ofac/downloads/sdn.csv",
        licence="US government work",
    ),
    dict(
        id=EU_J,
        name="EU Regulation 2017/1509 annexes (OpenSanctions transcription)",
        publisher="OpenSanctions (from the Official Journal of the EU)",
        title="Council Regulation (EU) 2017/1509 listing annexes, 32017R1509.csv",
        list_date="2026-08-14",
        file="eu/opensanctions_eu_journal_32017R1509_DPRK.csv",
        url="https://eur-lex.europa.eu/eli/reg/2017/1509",
        licence="CC BY-NC 4.0 (facts cited, file not copied)",
    ),
    dict(
        id=UK18,
        name="UK OFSI consolidated list (2018-04-13)",
        publisher="HM Treasury, OFSI",
        title="Consolidated List of Financial Sanctions Targets, legacy CSV",
        list_date="2018-04-13",
        file="uk/sanctionsconlist_2018-04-13.csv",
        licence="Open Government Licence",
    ),
    dict(
        id=UK22,
        name="UK OFSI consolidated list (2022-05-04)",
        publisher="HM Treasury, OFSI",
        title="ConList.xlsx",
        list_date="2022-05-04",
        file="uk/ConList_2022-05-04.xlsx",
        licence="Open Government Licence",
    ),
    dict(
        id=JT,
        name="Japan Times, 15 Dec 2017",
        publisher="The Japan Times",
        title="Tokyo freezes assets of 19 North Korean institutions",
        list_date="2017-12-15",
        url="https://www.japantimes.co.jp/news/2017/12/15/national/politics-diplomacy/tokyo-freezes-assets-19-north-korean-institutions/",
    ),
    dict(
        id=NIKKEI,
        name="Nikkei, 15 Dec 2017",
        publisher="Nikkei",
        title="Report on the Cabinet's asset freeze of 19 North Korean organisations",
        list_date="2017-12-15",
        url="https://www.nikkei.com/article/DGXMZO2467610015122017EAF000/",
    ),
    dict(
        id=ADIBY,
        name="news.adiby.com, Dec 2017",
        publisher="news.adiby.com",
        title="Report on Japan's freeze of 19 North Korean groups",
    ),
    dict(
        id=TRT,
        name="TRT World / Moneycontrol (AFP, PTI), Dec 2017",
        publisher="TRT World; Moneycontrol",
        title="Wire reports (AFP, PTI) on Japan's new North Korea sanctions",
    ),
    dict(
        id=SCMP,
        name="South China Morning Post, Dec 2017",
        publisher="SCMP",
        title="Report on Japan's expanded North Korea sanctions",
    ),
    dict(
        id=MT,
        name="머니투데이 (mt.co.kr), 10 Dec 2017",
        publisher="Money Today (mt.co.kr)",
        title="Report on MOFA's announcement of South Korea's unilateral DPRK designations",
        list_date="2017-12-10",
    ),
    dict(
        id=YOUTH,
        name="youthdaily.co.kr, Dec 2017",
        publisher="youthdaily.co.kr",
        title="Report on South Korea's unilateral DPRK designations of December 2017",
    ),
    dict(
        id=SEJONG,
        name="sejongeconomy.kr, 11 Dec 2017",
        publisher="sejongeconomy.kr",
        title="Report on South Korea's unilateral DPRK designations taking effect",
        list_date="2017-12-11",
    ),
    dict(
        id=KNNEWS,
        name="knnews.co.kr, 11 Dec 2017",
        publisher="knnews.co.kr",
        title="Report on South Korea's designations, naming the Hwasong-15 launch",
        list_date="2017-12-11",
    ),
    dict(
        id=KBS,
        name="KBS, 3 Dec 2016",
        publisher="KBS",
        title="Report on OFAC's North Korea designations of 2 Dec 2016",
        list_date="2016-12-03",
        url="http://news.kbs.co.kr/news/view.do?ncd=3387987",
    ),
    dict(
        id=EDAILY,
        name="edaily.co.kr, Dec 2022",
        publisher="edaily.co.kr",
        title="Report on South Korea's DPRK designations of December 2022",
    ),
    dict(
        id=TPT,
        name="tptmusk.net, 2022",
        publisher="tptmusk.net",
        title="Page noting South Korea's designation of Kumgang Group Bank in December 2016",
    ),
]

COUNTRIES = {
    "Korea, North": "KP",
    "Germany": "DE",
    "China": "CN",
    "Syria": "SY",
    "India": "IN",
    "United Arab Emirates": "AE",
    "Russia": "RU",
}

# The news gives the split 3 banks / 2 minerals / 10 transport / 4 worker dispatch, not the
# names under each. Banks and transport firms show it in the lists themselves; the rest is ours.
SECTOR_STATED = {
    "bank": "SWIFT/BIC code or 'Bank' in the listed name (OFAC sdn.csv, MOF); the news counts 3 banks",
    "transport": "IMO company number (OFAC remarks, MOF 船舶登録証明) or a shipping agency; "
    "the news counts 10 transport firms",
}
SECTOR_BY_NAME = {
    "Kumgang Bank": "bank",
    "North East Asia Bank": "bank",
    "Rason International Commercial Bank": "bank",
    "Korea Ocean Shipping Agency": "transport",
    "Korea General Corporation for External Construction": "worker_dispatch",
    "Korea Rungrado General Trading Corporation": "worker_dispatch",
    "Namgang Construction": "worker_dispatch",
    "Korea Computer Center": "worker_dispatch",
    "Daewon Industries": "minerals",
    "Korea Oil Exploration Corporation": "minerals",
}
SECTOR_INFERRED = {
    "Korea General Corporation for External Construction": "inferred by sanctiongraph: OFAC 'Construction of other civil engineering projects' with an "
    "address in Russia; the news counts 4 firms that send workers abroad",
    "Korea Rungrado General Trading Corporation": "inferred by sanctiongraph: KBS (2016-12-03) names 북한능라도무역회사 among labour-dispatch "
    "designations; the news counts 4 firms that send workers abroad",
    "Namgang Construction": "KBS (2016-12-03) names 남강건설 among labour-dispatch designations; the news counts 4",
    "Korea Computer Center": "inferred by sanctiongraph: offices in five countries abroad; fourth of the 4 worker-dispatch "
    "firms once the other 15 are placed; no source states it for this firm",
    "Daewon Industries": "inferred by sanctiongraph: one of the 2 mineral traders the news counts, by elimination; "
    "no source states it for this firm",
    "Korea Oil Exploration Corporation": "inferred by sanctiongraph: one of the 2 mineral traders the news counts, by elimination; "
    "no source states it for this firm",
}
# KBS (secondary) names these among OFAC's 2016-12-02 designations.
US_DATE_KBS = {
    "Kumgang Bank",
    "North East Asia Bank",
    "Rason International Commercial Bank",
    "Namgang Construction",
}

# South Korea, effective 2017-12-11: the 20 entities the news names. The English renderings
# are sanctiongraph's romanisations, except where the entity is one of Japan's 19.
ROK_ENTITIES: list[tuple[str, str, str | None, float | None, str | None]] = [
    # (Korean name, romanisation, matched Japan entity, confidence, basis)
    (
        "라선국제상업은행",
        "Rason International Commercial Bank",
        "Rason International Commercial Bank",
        0.95,
        "translation: 라선 = Rason, 국제상업은행 = International Commercial Bank",
    ),
    ("농업개발은행", "Agricultural Development Bank", None, None, None),
    ("제일신용은행", "First Credit Bank", None, None, None),
    ("하나은행", "Hana Bank (North Korea)", None, None, None),
    ("국제산업개발은행", "International Industrial Development Bank", None, None, None),
    ("진명합영은행", "Jinmyong Joint Bank", None, None, None),
    ("진성합영은행", "Jinsong Joint Bank", None, None, None),
    ("고려상업은행", "Koryo Commercial Bank", None, None, None),
    ("류경상업은행", "Ryugyong Commercial Bank", None, None, None),
    (
        "조선컴퓨터센터",
        "Korea Computer Center",
        "Korea Computer Center",
        0.95,
        "translation: 조선 = Korea/Choson, 컴퓨터센터 = Computer Center; MOF lists the alias "
        "Choson Computer Center",
    ),
    ("조선아연공업총회사", "Korea Zinc Industrial Group", None, None, None),
    (
        "대원산업회사",
        "Daewon Industrial Company",
        "Daewon Industries",
        0.8,
        "transliteration: 대원 = Daewon, 산업회사 = industrial company; MOF alias Daewon Industry Company",
    ),
    ("송이무역회사", "Songi Trading Company", None, None, None),
    ("려명해운경영유한책임회사", "Ryomyong Shipping Management Company", None, None, None),
    ("조선금별무역", "Korea Kumbyol Trading", None, None, None),
    ("능라도룡악무역회사", "Rungrado Ryongak Trading Company", None, None, None),
    ("조선남남협조회사", "Korea Namnam Cooperation Company", None, None, None),
    ("조선능라도선박회사", "Korea Rungrado Shipping Company", None, None, None),
    ("대봉선박회사", "Taebong Shipping Company", None, None, None),
    ("조선유성선박회사", "Korea Yusong Shipping Company", None, None, None),
]
ROK_CITE = [
    f"{MT}#list of 20 entities",
    f"{YOUTH}#list of 20 entities",
    f"{SEJONG}#list of 20 entities",
]
EVENT = "2017-11-29-hwasong-15"
MEETING = "2017-12-15-unsc-meeting"

# The Japan Times, 15 Dec 2017, on whom Japan's totals cover, as it says it (SOURCES.md).
JT_NATIONALITY_QUOTE = (
    "Of the total organizations and individuals subject to Japan's asset-freezing, 88 "
    "organizations and 101 individuals are North Korean. The rest include seven Chinese "
    "organizations and five Chinese individuals, a Singaporean organization and a Singaporean "
    "individual and two Namibian organizations."
)
# (nationality, organisations, individuals), as the article gives them.
JT_NATIONALITY = (("North Korean", 88, 101), ("Chinese", 7, 5), ("Singaporean", 1, 1),
                  ("Namibian", 2, 0))  # fmt: skip
JT_TOTALS = (103, 108)


def nationality_claim() -> dict[str, Any]:
    """The article's breakdown kept as said, with how far it falls short of its own totals."""
    orgs = sum(o for _, o, _ in JT_NATIONALITY)
    people = sum(i for _, _, i in JT_NATIONALITY)
    parts = "; ".join(f"{n} {o}/{i}" for n, o, i in JT_NATIONALITY)
    gap = f"{JT_TOTALS[0] - orgs} organisations and {JT_TOTALS[1] - people} individual(s)"
    return dict(
        id="jp-totals-nationality-japantimes",
        about="jp",
        name="Who Japan's totals cover, by nationality (Japan Times)",
        text=f"By nationality (organisations/individuals): {parts}. These sum to {orgs} "
        f"organisations and {people} individuals, not the {JT_TOTALS[0]} and {JT_TOTALS[1]} the "
        f"same article gives as totals: {gap} are not accounted for. Kept as said.",
        quote=JT_NATIONALITY_QUOTE,
        value=f"{parts} (sums {orgs}/{people}; totals {JT_TOTALS[0]}/{JT_TOTALS[1]})",
        cite=[f"{JT}#nationality breakdown"],
    )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_mof(data: Path) -> list[dict[str, Any]]:
    wb = openpyxl.load_workbook(data / "jp/mof_shisantouketsu20260305.xlsx", read_only=True)
    sheet = "16.北朝鮮(協調；団体)"
    out = []
    for i, row in enumerate(wb[sheet].iter_rows(values_only=True), start=1):
        if row[0] and "2017.12.15" in str(row[0]):
            _date, notice, ja, en, aka, place, other = (
                str(c).strip() if c else None for c in row[:7]
            )
            out.append(
                dict(
                    row=i,
                    sheet=sheet,
                    notice=notice,
                    ja=ja,
                    en=en,
                    aka=aka,
                    place=place,
                    other=other,
                )
            )
    return out


def read_ofac(data: Path) -> tuple[list[list[str]], dict[str, list[list[str]]]]:
    def rows(name: str) -> list[list[str]]:
        text = (data / "ofac/sdn_csv_2021-07" / name).read_bytes().decode("latin-1").rstrip("\x1a")
        return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text)) if r]

    adds: dict[str, list[list[str]]] = {}
    for r in rows("add.csv"):
        adds.setdefault(r[0], []).append(r)
    return rows("sdn.csv"), adds


def norm(s: str) -> str:
    s = s.upper().replace("SHPG", "SHIPPING").replace(".", "")
    s = re.sub(r"\bCO\b", "COMPANY", s)
    s = re.sub(r"\bLTD\b", "LIMITED", s)
    s = re.sub(r"\bJV\b", "JOINT VENTURE", s)
    return re.sub(r"\s+", " ", s).strip()


def null(v: str) -> str | None:
    return None if v in ("-0-", "") else v


def build(data: Path) -> dict[str, Any]:
    mof = read_mof(data)
    sdn, adds = read_ofac(data)
    by_norm = {norm(r[1]): r for r in sdn if "DPRK3" in r[3]}
    entities, listings = [], []
    jp_common = dict(
        authority="jp",
        programme="北朝鮮(協調；団体)",
        listed_on="2017-12-15",
        status="listed",
        observed_on="2026-03-05",
        timed_with=[
            dict(
                event=MEETING,
                basis="Tokyo timed the announcement with the UN Security Council meeting in New "
                "York the same day (Japan Times); the freeze answers the launch, not the meeting",
                cite=[f"{JT}#UN Security Council meeting"],
            )
        ],
        responds_to=[
            dict(
                event=EVENT,
                basis="Chief Cabinet Secretary Suga tied the freeze to "
                "the launch (Japan Times); SCMP: 'in response to that launch'",
                cite=[f"{JT}#Suga statement", f"{SCMP}#in response to that launch"],
            )
        ],
    )
    for m in mof:
        en = m["en"]
        o = by_norm[norm(en)]
        ent_num, remarks = o[0], o[11]
        eid = slug(en)
        mof_rec = f"{MOF}#{m['sheet'].split('.', 1)[0]}/{m['notice']}"
        ofac_rec = f"{OFAC}#{ent_num}"
        aliases = set()
        if m["aka"]:
            for line in m["aka"].split("\n"):
                aliases.update(a.strip() for a in re.split(r"[；;]", line) if a.strip())
        aliases.update(re.findall(r"a\.k\.a\. '([^']+)'", remarks))
        aliases.add(o[1])
        imo = re.findall(r"IMO (\d{7})", remarks)
        swift = re.findall(r"SWIFT/BIC (\w+)", remarks)
        sector = SECTOR_BY_NAME.get(en, "transport" if imo else None)
        basis = SECTOR_INFERRED.get(en) or SECTOR_STATED.get(sector or "")
        branches = []
        home = None
        for a in adds.get(ent_num, []):
            add_num, address, city, country = a[1], null(a[2]), null(a[3]), null(a[4])
            code = COUNTRIES[country or ""]
            full = ", ".join(p for p in (address, city, country) if p)
            city = city.split(",")[0].strip() if city else None
            is_first = not branches
            role = "head_office" if is_first and not (address and "Branch" in address) else "branch"
            if is_first:
                home = code
            place = ", ".join(p for p in (address, city) if p) or country
            branches.append(
                dict(
                    id=f"{eid}-{add_num}",
                    name=f"{en} — {place}",
                    role=role,
                    address=full,
                    city=city,
                    country=code,
                    cite=[f"{OFAC}#add.csv add_num {add_num}"],
                )
            )
        entities.append(
            dict(
                id=eid,
                kind="organization",
                name=en,
                name_local=m["ja"],
                aliases=sorted(aliases),
                sector=sector,
                sector_basis=basis,
                imo=imo,
                swift_bic=swift,
                ofac_ent_num=[ent_num],
                jp_notice=[m["notice"]],
                notes=f"MOF 所在地: {m['place']}" if m["place"] else None,
                headquartered_in=home,
                headquarters_cite=[branches[0]["cite"][0]] if branches else [],
                branches=branches,
                cite=[mof_rec, ofac_rec],
            )
        )
        listings.append(
            dict(
                jp_common,
                entity=eid,
                reference=m["notice"],
                cite=[mof_rec, f"{JT}#19 institutions"],
            )
        )
        us = dict(
            authority="us",
            entity=eid,
            programme="DPRK3",
            reference=ent_num,
            status="listed",
            observed_on="2021-07-07",
            cite=[ofac_rec],
        )
        if en in US_DATE_KBS:
            us.update(
                listed_on="2016-12-02",
                listed_on_basis="KBS 2016-12-03 (secondary; not confirmed "
                "against an OFAC primary page)",
                cite=[ofac_rec, f"{KBS}#2016-12-02 designations"],
            )
        listings.append(us)

    # EU and UK, as the files show them (see SOURCES.md, "UN, EU and UK status").
    listings += [
        dict(
            authority="eu",
            entity="korea-rungrado-general-trading-corporation",
            programme="EU 2017/1509 annex XVI.B",
            reference="2",
            listed_on="2017-10-16",
            status="listed",
            observed_on="2026-08-14",
            cite=[f"{EU_J}#recordId 2"],
        ),
        dict(
            authority="eu",
            entity="korea-general-corporation-for-external-construction",
            programme="EU 2017/1509 annex XVI.B",
            reference="6",
            listed_on="2022-04-21",
            status="listed",
            observed_on="2026-08-14",
            cite=[f"{EU_J}#recordId 6"],
        ),
        dict(
            authority="gb",
            entity="korea-rungrado-general-trading-corporation",
            programme="Democratic People's Republic of Korea",
            reference="DPR0060",
            listed_on="2017-10-16",
            status="listed",
            observed_on="2022-05-04",
            cite=[
                f"{UK18}#Group ID 13551",
                f"{UK22}#Group ID 13551 (UK Sanctions List Ref DPR0060)",
            ],
        ),
    ]
    names = {e["name"]: e["id"] for e in entities}
    kr_common = dict(
        authority="kr",
        programme="대북 독자제재 (ROK unilateral, 2017-12)",
        listed_on="2017-12-11",
        status="listed",
        observed_on="2017-12-11",
        responds_to=[
            dict(
                event=EVENT,
                basis="Korean reports of the designations name the "
                "Hwasong-15 launch as the occasion",
                cite=[f"{KNNEWS}#화성-15형", f"{SEJONG}#화성-15형"],
            )
        ],
    )
    for ko, roman, jp_name, conf, basis in ROK_ENTITIES:
        if jp_name:
            eid = names[jp_name]
            for e in entities:
                if e["id"] == eid:
                    e["aliases"] = sorted(set(e["aliases"]) | {ko})
            listings.append(
                dict(kr_common, entity=eid, match_confidence=conf, match_basis=basis, cite=ROK_CITE)
            )
        else:
            eid = "kr-" + slug(roman)
            entities.append(
                dict(
                    id=eid,
                    kind="organization",
                    name=ko,
                    name_local=ko,
                    aliases=[roman],
                    sector="bank" if ko.endswith("은행") else None,
                    sector_basis="name: 은행 = bank" if ko.endswith("은행") else None,
                    notes="Listed by South Korea as a North Korean organisation. The English rendering is "
                    "sanctiongraph's romanisation, not a source spelling.",
                    cite=ROK_CITE,
                )
            )
            listings.append(
                dict(
                    kr_common,
                    entity=eid,
                    match_confidence=1.0,
                    match_basis="the news names this organisation",
                    cite=ROK_CITE,
                )
            )

    return {
        "format": "sanctiongraph-curated/1",
        "title": "Japan's asset freeze of 19 North Korean organisations, 15 December 2017",
        "sources": SOURCES,
        "authorities": [
            dict(id="jp", name="Japan", kind="state", country="JP", cite=[f"{MOF}#一覧"]),
            dict(
                id="us", name="United States", kind="state", country="US", cite=[f"{OFAC}#sdn.csv"]
            ),
            dict(
                id="kr",
                name="South Korea",
                kind="state",
                country="KR",
                cite=[f"{MT}#MOFA announcement"],
            ),
            dict(
                id="unsc",
                name="UN Security Council",
                kind="body",
                cite=[f"{JT}#UN Security Council meeting"],
            ),
            dict(id="eu", name="European Union", kind="body", cite=[f"{EU_J}#celex 32017R1509"]),
            dict(
                id="gb", name="United Kingdom", kind="state", country="GB", cite=[f"{UK18}#header"]
            ),
        ],
        "events": [
            dict(
                id=EVENT,
                type="icbm_launch",
                name="Hwasong-15 ICBM launch",
                date="2017-11-29",
                description="North Korea launched what appeared to be an intercontinental ballistic missile "
                "(named 화성-15형, Hwasong-15, by Korean reports).",
                landed="Japan's exclusive economic zone",
                carried_out_by="KP",
                cite=[
                    f"{JT}#ICBM that fell within Japan's EEZ",
                    f"{KNNEWS}#화성-15형",
                    f"{SEJONG}#화성-15형",
                ],
            ),
            dict(
                id=MEETING,
                type="meeting",
                name="UN Security Council meeting in New York, 15 Dec 2017",
                date="2017-12-15",
                date_precision="day",
                description="The Security Council meeting held in New York on the day Japan "
                "announced its freeze; Tokyo timed the announcement with it.",
                cite=[f"{JT}#UN Security Council meeting"],
            ),
        ],
        "entities": entities,
        "listings": listings,
        "claims": [
            dict(
                id="jp-totals-japantimes",
                about="jp",
                name="Japan's totals after 15 Dec 2017 (Japan Times)",
                text="The 19 bring the totals under Japan's asset freeze to 103 organisations and 108 individuals.",
                value="103 organisations, 108 individuals",
                cite=[f"{JT}#totals"],
            ),
            nationality_claim(),
            dict(
                id="us-totals-japantimes",
                about="us",
                name="US asset freezes so far (Japan Times, citing Japan's Foreign Ministry)",
                text="The United States had so far frozen the assets of about 150 organisations "
                "and 150 individuals, according to Japan's Foreign Ministry.",
                quote="The U.S., for its part, has so far frozen the assets of about 150 "
                "organizations and 150 individuals, according to the Foreign Ministry.",
                value="about 150 organisations, about 150 individuals",
                cite=[f"{JT}#US totals"],
            ),
            dict(
                id="jp-totals-nikkei",
                about="jp",
                name="Japan's own freeze totals (Nikkei)",
                text="Japan's own (unilateral) asset-freeze targets number 103 organisations and 108 individuals.",
                quote="日本独自の資産凍結の対象は103団体・108個人",
                value="103 organisations, 108 individuals",
                cite=[f"{NIKKEI}#totals"],
            ),
            dict(
                id="jp-totals-adiby",
                about="jp",
                name="Japan's totals, own and UN (adiby)",
                text="103 and 108 count targets under Japan's own sanctions or UN Security Council resolutions; "
                "of those, 56 groups and 62 individuals are unilateral.",
                value="103/108 in all; 56/62 unilateral",
                cite=[f"{ADIBY}#totals"],
            ),
            dict(
                id="jp-totals-afp",
                about="jp",
                name="Japan's totals (AFP/PTI)",
                text="103 entities and 108 individuals in total, including seven Chinese entities, five Chinese "
                "individuals, one Singaporean entity and two Namibian entities.",
                value="103 entities, 108 individuals",
                cite=[f"{TRT}#totals"],
            ),
            dict(
                id="jp-19-sectors",
                about="jp",
                name="Sectors of the 19",
                text="Of the 19, three are banks, two trade minerals including coal, ten run transport "
                "businesses and four send workers overseas.",
                value="3 bank / 2 minerals / 10 transport / 4 worker dispatch",
                cite=[f"{JT}#sectors", f"{NIKKEI}#sectors"],
            ),
            dict(
                id="jp-19-us-first",
                about="us",
                name="All 19 already listed by the US",
                text="All 19 had already been singled out by the United States in sanctions unveiled after "
                "January 2016.",
                cite=[f"{JT}#already singled out", f"{NIKKEI}#米政府が指定"],
            ),
            dict(
                id="kr-2017-12-11-totals",
                about="kr",
                name="South Korea's list of 11 Dec 2017",
                text="South Korea designated 20 entities and 12 individuals, effective 2017-12-11; the 12 "
                "individuals are not named in the sources used here.",
                value="20 entities, 12 individuals",
                cite=[f"{MT}#20 entities 12 individuals", f"{YOUTH}#totals"],
            ),
            dict(
                id="kr-rounds",
                about="kr",
                name="South Korea's designation rounds",
                text="South Korea's unilateral DPRK designations came in six rounds: 2015-06, 2016-03, 2016-12, "
                "2017-11, 2017-12 and 2022-10.",
                cite=[f"{EDAILY}#rounds"],
            ),
            dict(
                id="kr-kumgang-group-bank",
                about="kr",
                name="Kumgang Group Bank, Dec 2016 (not matched)",
                text="South Korea designated Kumgang Group Bank in December 2016; whether it is Kumgang Bank "
                "is not established, so no listing is linked.",
                cite=[f"{TPT}#금강그룹은행"],
            ),
            dict(
                id="us-2016-12-02",
                about="us",
                name="OFAC designations of 2 Dec 2016 (KBS)",
                text="On 2016-12-02 OFAC listed 16 entities and 7 individuals, among them Kumgang Bank, Koryo "
                "Bank, Rason International Commercial Bank, North East Asia Bank, and labour-dispatch firms "
                "including Namgang Construction.",
                value="16 entities, 7 individuals",
                cite=[f"{KBS}#2016-12-02 designations"],
            ),
        ],
    }


def main() -> None:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    doc = build(data)
    header = (
        "# Generated by scripts/build_seed.py from the files in ../shared/data and the cited news\n"
        "# facts in that script. Format: see docs/resolution.md, 'Curated lists'. Do not edit by hand.\n"
    )
    sys.stdout.write(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100))


if __name__ == "__main__":
    main()
