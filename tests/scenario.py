"""The one scenario every backend runs: named queries with parameters, and ad-hoc Cypher.

Parameters are given as users type them; the expected answers are the embedded
store's, which tests/test_queries.py checks against the sources.
"""

from __future__ import annotations

from typing import Any

from sanctiongraph.graph.records import Node, cite, node, rel
from sanctiongraph.graph.store import Store, Writer


def snapshot(store: Store) -> tuple[Any, Any]:
    """Every node and relationship with every property, in a comparable form."""
    g = store.to_networkx()
    return (
        sorted((n, sorted(a.items())) for n, a in g.nodes(data=True)),
        sorted((u, v, k, sorted(a.items())) for u, v, k, a in g.edges(keys=True, data=True)),
    )


def amended_but_asserted_elsewhere() -> list[Node]:
    """Three records of one entity: a list's entry born 1980 in its 2018 edition and 1981
    in its 2022 edition, and a curated record (no edition) that says 1980 too. Merged in
    any order or batching, on any store, the entity is born 1980 and 1981: the amended
    date stays because another record still asserts it."""
    said = {"kind": "person", "name": "X"}
    return [
        node("Entity", "entity:x", {**said, "birth_dates": ["1980"]}, cite("un-2018", "7"),
             entry="list:un#7", date="2018-01-01"),
        node("Entity", "entity:x", {**said, "birth_dates": ["1981"]}, cite("un-2022", "7"),
             entry="list:un#7", date="2022-01-01"),
        node("Entity", "entity:x", {**said, "birth_dates": ["1980"]}, cite("notes", "x")),
    ]  # fmt: skip


def batchings(records: list[Node]) -> list[list[list[Node]]]:
    """``records`` as one load of one batch, and as one load a record: the embedded and
    Neo4j writers fold a batch before they merge it with the store."""
    return [[list(records)], [[r] for r in records]]


def write_loads(store: Store, loads: list[list[Node]]) -> None:
    """Each of ``loads`` written by a writer of its own, one load after the other."""
    for load in loads:
        with store.writer() as w:
            w.add_all(load)


def break_a_load(writer: Writer) -> None:
    """Change a seed entity, add nodes and edges, flush them, then fail as a broken file would."""
    prov = cite("test", "r1")
    renamed = {"kind": "organization", "name": "Renamed", "aliases": ["X"]}
    writer.add(node("Entity", "entity:korea-computer-center", renamed, prov))
    writer.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, prov))
    writer.add(rel("HEADQUARTERED_IN", "entity:korea-computer-center", "country:FR", prov))
    writer.add(rel("HEADQUARTERED_IN", "entity:korea-computer-center", "country:KP", prov))
    writer.flush()
    raise RuntimeError("the source file broke off here")


KCC = "Korea Computer Center"
RUNGRADO = "Korea Rungrado General Trading Corporation"
KOGEN = "entity:korea-general-corporation-for-external-construction"

NAMED: list[tuple[str, dict[str, object]]] = [
    ("overseas-branches", {"entity": KCC}),
    ("overseas-branches", {"entity": "Korea Ocean Shipping Agency"}),
    ("branch-network", {"country": "Russia"}),
    ("branch-network", {"country": "KP"}),
    ("multi-jurisdiction", {"min_authorities": 1}),
    ("multi-jurisdiction", {"min_authorities": 3}),
    ("listing-gap", {"authority_a": "jp", "authority_b": "kr"}),
    ("listing-gap", {"authority_a": "eu", "authority_b": "gb"}),
    ("listing-gap", {"authority_a": "jp", "authority_b": "unsc"}),
    ("event-response", {"event": "Hwasong-15 ICBM launch"}),
    ("shared-locations", {"entity": KCC}),
    ("shared-locations", {"entity": RUNGRADO}),
    ("shared-locations", {"entity": "Korea Zuzagbong Maritime Limited"}),
    ("connection-path", {"entity_a": RUNGRADO, "entity_b": KOGEN, "max_hops": 6}),
    ("connection-path", {"entity_a": RUNGRADO, "entity_b": KOGEN, "hubs": "true"}),
    ("connection-path", {"entity_a": KCC, "entity_b": "하나은행", "hubs": "yes"}),
    ("connection-path", {"entity_a": KCC, "entity_b": "Kumgang Bank", "max_hops": 1, "hubs": "1"}),
    ("neighbourhood", {"entity": KCC, "depth": 1}),
    ("neighbourhood", {"entity": "Kumgang Bank", "depth": 2}),
    ("neighbourhood", {"entity": KCC, "depth": 3}),
    ("authority-totals", {"authority": "us", "as_of": "2017-01-01"}),
    ("authority-totals", {"authority": "jp", "as_of": "2017-12-15"}),
    ("authority-totals", {"authority": "jp", "as_of": "2020-01-01", "programme": "DPRK3"}),
    ("listed-on", {"authority": "jp", "date": "2017-12-15"}),
    ("listed-on", {"authority": "South Korea", "date": "2017-12-11"}),
    ("sources", {}),
    ("source-totals", {"source": "source:jp-mof-xlsx-2026-03-05"}),
    ("source-totals", {"source": "UK OFSI consolidated list (2018-04-13)", "programme": "North"}),
    ("claims", {"authority": "jp"}),
    (
        "edition-changes",
        {
            "older": "source:gb-ofsi-conlist-csv-2018-04-13",
            "newer": "source:gb-ofsi-conlist-xlsx-2022-05-04",
        },
    ),
    ("claims", {"authority": "us"}),
]

# Asked after the real list fixtures are loaded (tests/fixtures/lists and unsc_dprk.yaml): links
# the seed lacks, a LINKED_TO and listings made under one UN designation round.
AMROGGANG = "Amroggang Development Banking Corporation"
GREEN_PINE = "Green Pine Associated Corporation"
AFTER_LISTS: list[tuple[str, dict[str, object]]] = [
    ("connection-path", {"entity_a": "entity:chon-myong-1", "entity_b": "Chonmyong Shipping Co"}),
    ("connection-path", {"entity_a": AMROGGANG, "entity_b": GREEN_PINE}),
    ("connection-path", {"entity_a": AMROGGANG, "entity_b": GREEN_PINE, "hubs": "true"}),
]


def load_lists(store: Store) -> None:
    """The seed, every committed real-file excerpt and the curated UN file, for AFTER_LISTS."""
    from sanctiongraph.ingest.curated import data_path, load_curated, load_seed
    from sanctiongraph.ingest.load import load_file
    from tests.test_loaders import FIXTURES, LISTS

    load_seed(store)
    for name, fmt, _, _ in FIXTURES:
        load_file(store, fmt, LISTS / name)
    load_curated(store, data_path("unsc_dprk.yaml"))


# Ad-hoc Cypher inside grand-cypher's subset (strings in double quotes); rows are compared
# as sorted tuples.
ADHOC: list[str] = [
    "MATCH (e:Entity)-[:HAS_BRANCH]->(b:Branch)-[:LOCATED_IN]->(c:Country) "
    'WHERE c.code = "DE" RETURN e.name, b.name',
    'MATCH (e:Entity) WHERE e.sector = "bank" RETURN e.name',
    "MATCH (a:Authority)-[:ISSUED]->(l:Listing)-[:TARGETS]->(e:Entity) "
    'WHERE a.short = "eu" RETURN e.name, l.programme, l.reference',
    "MATCH (ev:Event)-[:CARRIED_OUT_BY]->(c:Country) RETURN ev.name, c.name",
    'MATCH (e:Entity {name: "Kumgang Bank"}) RETURN e.swift_bic, e.ofac_ent_num',
]
