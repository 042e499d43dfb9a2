"""Every named query on the seed story; expected rows written from SOURCES.md, not from output."""

from __future__ import annotations

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.resolve import NotFound
from sanctiongraph.queries import QUERIES, QueryError, parse_query, run_query

KCC = "entity:korea-computer-center"
RUNGRADO = "entity:korea-rungrado-general-trading-corporation"
KOGEN = "entity:korea-general-corporation-for-external-construction"


def test_every_query_file_has_a_header_and_only_parameters() -> None:
    assert set(QUERIES) == {
        "overseas-branches", "branch-network", "multi-jurisdiction", "listing-gap",
        "event-response", "shared-locations", "connection-path", "neighbourhood",
        "authority-totals", "listed-on", "sources", "claims", "source-totals", "events",
        "instruments", "designations", "response-atlas", "instrument-listings",
        "event-instruments", "edition-changes",
    }  # fmt: skip
    for q in QUERIES.values():
        assert q.purpose and q.columns
        for p in q.params:
            assert f"${p.name}" in q.cypher, (q.name, p.name)
        # Values reach Cypher only as parameters: no quoted literal but the status flags
        # and the record id's own syntax ("<source>#<id>": '#', and '' for "no record").
        body = "\n".join(ln for ln in q.cypher.splitlines() if not ln.startswith("//"))
        for quoted in ("'listed'", "'delisted'", "'organization'", "'person'", "'vessel'",
                       "'aircraft'", "'added'", "'removed'", "'complete'", "'#'",
                       "''"):  # fmt: skip
            body = body.replace(quoted, "")
        assert "'" not in body and '"' not in body, q.name
        for col in q.columns:
            assert f"AS {col}" in q.cypher or f" {col}\n" in q.cypher or f"{col}," in q.cypher


def test_header_parser_rejects_unknown_param_types() -> None:
    with pytest.raises(ValueError, match="unknown param type"):
        parse_query("// name: x\n// purpose: y\n// param: a Planet -- no\n// columns: a\nRETURN 1")


def test_overseas_branches_of_korea_computer_center(seeded: MemoryStore) -> None:
    rows = run_query(seeded, "overseas-branches", {"entity": "Korea Computer Center"})
    assert [(r["country_code"], r["country"]) for r in rows] == [
        ("CN", "China"), ("DE", "Germany"), ("IN", "India"), ("SY", "Syria"),
        ("AE", "United Arab Emirates"),
    ]  # fmt: skip
    # Korea Ocean Shipping Agency's eight offices are all in North Korea.
    assert run_query(seeded, "overseas-branches", {"entity": "Korea Ocean Shipping Agency"}) == []


def test_entity_lookup_by_alias_any_case_and_accents(seeded: MemoryStore) -> None:
    for text in ("CHOSON COMPUTER CENTER", "chung sun computer center", "조선컴퓨터센터",
                 "Kóréa Computer Center", KCC):  # fmt: skip
        rows = run_query(seeded, "overseas-branches", {"entity": text})
        assert len(rows) == 5, text


def test_unknown_name_suggests_the_closest(seeded: MemoryStore) -> None:
    with pytest.raises(NotFound, match="Did you mean: Korea Computer Center"):
        run_query(seeded, "overseas-branches", {"entity": "Korea Computr Centre"})


def test_suggestions_are_close_names_only(seeded: MemoryStore) -> None:
    """A word of the name or a typo of it is suggested; a name sharing a few letters is
    not (before, "Ocean" was offered Korea General Corporation for External Construction)."""
    with pytest.raises(NotFound) as ocean:
        run_query(seeded, "overseas-branches", {"entity": "Ocean"})
    said = str(ocean.value).split("Did you mean: ", 1)[1].rstrip("?").split(", ")
    assert sorted(said) == ["Korea Ocean Shipping Agency", "Ocean Bunkering Joint Venture Company"]
    for unrelated in ("Zorro Ventures", "entity:no-such-thing"):
        with pytest.raises(NotFound) as none:
            run_query(seeded, "overseas-branches", {"entity": unrelated})
        assert "Did you mean" not in str(none.value)
    # A key mistyped: its readable part is compared with the names.
    with pytest.raises(NotFound, match=r"Did you mean: Korea Computer Center\?$"):
        run_query(seeded, "overseas-branches", {"entity": "entity:korea-computr-center"})


def test_branch_network_in_russia(seeded: MemoryStore) -> None:
    rows = run_query(seeded, "branch-network", {"country": "Russia"})
    assert [(r["entity"], r["headquarters"]) for r in rows] == [
        ("Korea General Corporation for External Construction", ["North Korea"]),
        ("Korea Rungrado General Trading Corporation", ["North Korea"]),
    ]
    assert run_query(seeded, "branch-network", {"country": "DE"})[0]["entity"] == (
        "Korea Computer Center"
    )


def test_multi_jurisdiction_three_or_more(seeded: MemoryStore) -> None:
    rows = run_query(seeded, "multi-jurisdiction", {"min_authorities": 3})
    got = {r["entity"]: dict(zip(r["authorities"], r["listed_on"], strict=True)) for r in rows}
    assert got == {
        "Korea Rungrado General Trading Corporation": {
            "European Union": "2017-10-16", "Japan": "2017-12-15",
            "United Kingdom": "2017-10-16", "United States": None,
        },
        "Korea Computer Center": {"Japan": "2017-12-15", "South Korea": "2017-12-11",
                                  "United States": None},
        "Rason International Commercial Bank": {"Japan": "2017-12-15",
                                                "South Korea": "2017-12-11",
                                                "United States": "2016-12-02"},
        "Daewon Industries": {"Japan": "2017-12-15", "South Korea": "2017-12-11",
                              "United States": None},
        "Korea General Corporation for External Construction": {
            "European Union": "2022-04-21", "Japan": "2017-12-15", "United States": None,
        },
    }  # fmt: skip
    assert rows[0]["entity"] == "Korea Rungrado General Trading Corporation"
    assert [r["authority_count"] for r in rows] == [4, 3, 3, 3, 3]


def test_listing_gap_japan_not_un(seeded: MemoryStore) -> None:
    # None of the 19 is on the UN list (SOURCES.md), so all 19 are a gap.
    rows = run_query(seeded, "listing-gap", {"authority_a": "Japan", "authority_b": "unsc"})
    assert len(rows) == 19
    rows = run_query(seeded, "listing-gap", {"authority_a": "eu", "authority_b": "gb"})
    assert [(r["key"], r["first_listed"]) for r in rows] == [(KOGEN, "2022-04-21")]


def test_event_response_days_from_the_launch(seeded: MemoryStore) -> None:
    rows = run_query(seeded, "event-response", {"event": "Hwasong-15 ICBM launch"})
    assert [(r["authority"], r["listed_on"], r["days_after"], r["targets"]) for r in rows] == [
        ("South Korea", "2017-12-11", 12, 20),
        ("Japan", "2017-12-15", 16, 19),
    ]


def test_shared_locations_of_korea_rungrado(seeded: MemoryStore) -> None:
    rows = run_query(seeded, "shared-locations", {"entity": RUNGRADO})
    # Russia: an office there is shared with one other entity, North Korea with every other.
    first = rows[0]
    assert (first["key"], first["place"], first["level"], first["shared_by"]) == (
        KOGEN, "Russia", "country", 2,
    )  # fmt: skip
    assert rows[0]["places"] == ["Russia", "North Korea"]
    # Every other of the 19 has an office in North Korea; ROK-only entities have no offices.
    assert len(rows) == 18
    assert {r["place"] for r in rows[1:]} == {"North Korea"}


def test_shared_locations_rarest_place_first(seeded: MemoryStore) -> None:
    rows = run_query(seeded, "shared-locations", {"entity": "Korea Zuzagbong Maritime Limited"})
    # The two share a street address (Kinmaul-dong, Moranbong-guyok) before Pyongyang itself.
    assert rows[0]["key"] == "entity:korean-polish-shipping-company-limited"
    assert (rows[0]["level"], rows[0]["shared_by"]) == ("address", 2)
    assert rows[0]["places"][0].startswith("Kinmaul-dong, Moranbong-guyok, Pyongyang")
    counts = [r["shared_by"] for r in rows]
    assert counts == sorted(counts)
    by_key = {r["key"]: r for r in rows}
    pyongyang = by_key["entity:kumgang-bank"]
    assert (pyongyang["place"], pyongyang["level"]) == ("Pyongyang", "city")
    # The same city, and more entities have an office there than at the address.
    assert pyongyang["shared_by"] > 2
    assert pyongyang["places"] == ["Pyongyang", "North Korea"]


def test_shared_locations_a_city_is_not_an_address(seeded: MemoryStore) -> None:
    # KCC's and Daewon's offices are both written "Pyongyang, Korea, North": that text says
    # no more than the city, so they share a city, not an address.
    rows = run_query(seeded, "shared-locations", {"entity": KCC})
    by_key = {r["key"]: r for r in rows}
    assert by_key["entity:daewon-industries"]["level"] == "city"
    assert by_key["entity:kumgang-bank"]["places"] == ["Pyongyang", "North Korea"]
    assert by_key[RUNGRADO]["places"] == ["North Korea"]


def test_connection_path_avoids_hubs_unless_asked(seeded: MemoryStore) -> None:
    # The two are linked only through North Korea: no specific connection.
    asked = {"entity_a": RUNGRADO, "entity_b": KOGEN, "max_hops": 4}
    assert run_query(seeded, "connection-path", asked) == []
    rows = run_query(seeded, "connection-path", {**asked, "hubs": "true"})
    assert {r["hops"] for r in rows} == {2}
    assert ["entity:korea-rungrado-general-trading-corporation", "country:KP", KOGEN] in [
        r["keys"] for r in rows
    ]
    assert {r["link"] for r in rows} == {"same country"}
    assert rows == sorted(rows, key=lambda r: (r["keys"], r["relationships"]))
    with pytest.raises(QueryError):
        run_query(seeded, "connection-path", {"entity_a": KCC, "entity_b": KCC})
    with pytest.raises(QueryError, match="between 1 and 8"):
        run_query(seeded, "connection-path", {"entity_a": KCC, "entity_b": KOGEN, "max_hops": 9})
    with pytest.raises(QueryError, match="true or false"):
        run_query(seeded, "connection-path", {"entity_a": KCC, "entity_b": KOGEN, "hubs": "maybe"})


def test_connection_path_specific_links_first(seeded: MemoryStore) -> None:
    from sanctiongraph.graph.records import cite, node, rel

    prov = cite("test", "r1")
    instrument = "instrument:unsc-1718-committee-2012-05-02"
    with seeded.writer() as w:
        w.add(node("Instrument", instrument, {"kind": "committee_round", "name": "round"}, prov))
        for e in (KOGEN, "entity:korea-rungrado-general-trading-corporation"):
            for listing in seeded.to_networkx().predecessors(e):
                if listing.startswith("listing:eu:"):
                    w.add(rel("MADE_UNDER", listing, instrument, prov))
    rows = run_query(seeded, "connection-path", {"entity_a": RUNGRADO, "entity_b": KOGEN})
    assert rows and {r["link"] for r in rows} == {"same designation batch"}
    assert all(instrument in r["keys"] for r in rows)
    assert all(r["hops"] == 4 for r in rows)
    # Allowed hubs, the two-step path through North Korea is shorter, and it is all there is.
    hubs = run_query(seeded, "connection-path",
                     {"entity_a": RUNGRADO, "entity_b": KOGEN, "hubs": "true"})  # fmt: skip
    assert {r["link"] for r in hubs} == {"same country"}


def test_neighbourhood_depth_one(seeded: MemoryStore) -> None:
    rows = run_query(seeded, "neighbourhood", {"entity": KCC, "depth": 1})
    kinds = sorted((r["relationship"], r["source_label"], r["target_label"]) for r in rows)
    # 6 offices, 1 head-office country, and listings by Japan, the US and South Korea.
    assert kinds.count(("HAS_BRANCH", "Entity", "Branch")) == 6
    assert kinds.count(("HEADQUARTERED_IN", "Entity", "Country")) == 1
    assert kinds.count(("TARGETS", "Listing", "Entity")) == 3
    assert len(rows) == 10
    deeper = run_query(seeded, "neighbourhood", {"entity": KCC, "depth": 2})
    assert len(deeper) > len(rows)


def test_authority_totals_on_dates(seeded: MemoryStore) -> None:
    def totals(authority: str, as_of: str) -> tuple[int, int]:
        (row,) = run_query(seeded, "authority-totals", {"authority": authority, "as_of": as_of})
        return row["organizations"], row["total"]

    assert totals("jp", "2017-12-14") == (0, 0)
    assert totals("jp", "2017-12-15") == (19, 19)
    assert totals("kr", "2017-12-11") == (20, 20)
    # The US file carries no dates: known from its list date (2021-07-07), or KBS for four.
    assert totals("us", "2017-01-01") == (4, 4)
    assert totals("us", "2021-07-07") == (19, 19)


def test_listed_on_and_claims_and_sources(seeded: MemoryStore) -> None:
    rows = run_query(seeded, "listed-on", {"authority": "jp", "date": "2017-12-15"})
    assert sorted(r["reference"] for r in rows) == [str(n) for n in range(38, 57)]
    claims = run_query(seeded, "claims", {"authority": "Japan"})
    # Four sources' totals, and the Japan Times breakdown that falls short of them.
    assert len([c for c in claims if "103" in (c["value"] or "")]) == 5
    keys = [r["key"] for r in run_query(seeded, "sources", {})]
    assert "source:jp-mof-xlsx-2026-03-05" in keys and keys == sorted(keys)


def test_bad_parameters_are_clear(seeded: MemoryStore) -> None:
    with pytest.raises(QueryError, match="takes no parameter colour"):
        run_query(seeded, "sources", {"colour": "red"})
    with pytest.raises(QueryError, match="needs --param entity"):
        run_query(seeded, "overseas-branches", {})
    with pytest.raises(QueryError, match="no named query"):
        run_query(seeded, "everything", {})
    with pytest.raises(QueryError, match="date YYYY-MM-DD"):
        run_query(seeded, "authority-totals", {"authority": "jp", "as_of": "15/12/2017"})


def test_every_label_a_query_takes_by_name_has_a_lookup_index() -> None:
    from sanctiongraph.graph.schema import LOOKUP_LABELS, SCHEMA

    typed = {p.type for q in QUERIES.values() for p in q.params if p.type in SCHEMA.labels}
    assert typed == set(LOOKUP_LABELS)
