"""The explorer's JSON API (``sanctiongraph.web``) on the seed story, in process."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.records import cite, node, rel
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.queries import run_query
from sanctiongraph.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx's successor
    from fastapi.testclient import TestClient

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    from sanctiongraph.graph.ladybug_store import LadybugStore

    store = LadybugStore(tmp_path_factory.mktemp("web") / "graph.lbug", batch_size=1000)
    load_seed(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def memory() -> MemoryStore:
    store = MemoryStore()
    load_seed(store)
    return store


@pytest.fixture(scope="module")
def neo4j(neo4j_module_store: Store) -> Store:
    load_seed(neo4j_module_store)
    return neo4j_module_store


@pytest.fixture(
    scope="module",
    params=["memory", "embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)],
)
def store(request: pytest.FixtureRequest) -> Store:
    value: Store = request.getfixturevalue(request.param)
    return value


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(lambda: store), base_url=LOCAL)


def _entity(store: Store, name: str) -> str:
    """The seed's key of the entity called ``name``, read from the store."""
    (hit,) = [r["id"] for r in store.names("Entity") if r["name"] == name]
    return str(hit)


def _ok(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


# -- search ------------------------------------------------------------------------------


def test_search_finds_by_word_prefix_and_shows_kind_authorities_countries(
    client: TestClient, store: Store
) -> None:
    kcc = _entity(store, "Korea Computer Center")
    body = _ok(client, "/api/search?q=korea comp")
    top = body["results"][0]
    assert top["id"] == kcc and top["kind"] == "organization"
    assert {a["name"] for a in top["authorities"]} >= {"Japan", "United States", "South Korea"}
    assert {c["name"] for c in top["countries"]} >= {"Germany", "China", "Syria", "India"}


@pytest.mark.parametrize(
    "query",
    [
        "KOREA COMPUTER CENTRE",  # case, and a spelling two edits away
        "Kôrea Compütér",  # accents
        "Koria Konpyuta",  # the Japanese name, transliterated
        "joseon keompyuteo",  # the Korean name, transliterated (word prefix)
        "조선컴퓨터센터",  # the Korean name itself
        "Chosn Computer",  # a typo in an alias
    ],
)
def test_search_is_case_accent_script_and_typo_insensitive(
    client: TestClient, store: Store, query: str
) -> None:
    kcc = _entity(store, "Korea Computer Center")
    ids = [r["id"] for r in _ok(client, f"/api/search?q={query}")["results"]]
    assert kcc in ids[:3], (query, ids)


def test_search_ranks_the_closest_first_and_filters(client: TestClient, store: Store) -> None:
    bank = _entity(store, "Kumgang Bank")
    results = _ok(client, "/api/search?q=kumgang bank")["results"]
    assert results[0]["id"] == bank
    assert all(r["score"] <= results[0]["score"] for r in results)
    assert _ok(client, "/api/search?q=kumgang&kind=vessel")["results"] == []
    only_kr = _ok(client, "/api/search?q=korea&authority=kr")["results"]
    assert only_kr and all("authority:kr" in {a["id"] for a in r["authorities"]} for r in only_kr)
    in_syria = _ok(client, "/api/search?q=korea&country=Syria")["results"]
    assert [r["name"] for r in in_syria] == ["Korea Computer Center"]


def test_search_sees_a_new_load_without_restart(tmp_path: Path) -> None:
    from sanctiongraph.graph.ladybug_store import LadybugStore

    path = tmp_path / "graph.lbug"
    seed = LadybugStore(path, batch_size=1000)
    load_seed(seed)
    seed.close()
    client = TestClient(create_app(lambda: LadybugStore(path)), base_url=LOCAL)
    assert _ok(client, "/api/search?q=zyxwv")["results"] == []
    other = LadybugStore(path, batch_size=1000)  # another process loading, in effect
    with other.writer() as w:
        props = {"kind": "organization", "name": "Zyxwv Trading"}
        w.add(node("Entity", "entity:zyxwv-trading", props, cite("t")))
    other.close()
    assert [r["id"] for r in _ok(client, "/api/search?q=zyxwv")["results"]] == [
        "entity:zyxwv-trading"
    ]


def test_search_sees_a_write_to_the_memory_store() -> None:
    store = MemoryStore()
    load_seed(store)
    client = TestClient(create_app(lambda: store), base_url=LOCAL)
    assert _ok(client, "/api/search?q=zyxwv")["results"] == []
    with store.writer() as w:
        props = {"kind": "vessel", "name": "Zyxwv"}
        w.add(node("Entity", "entity:zyxwv", props, cite("t")))
    assert [r["kind"] for r in _ok(client, "/api/search?q=zyxwv")["results"]] == ["vessel"]


def test_search_bad_input(client: TestClient) -> None:
    for url in ("/api/search", "/api/search?q=", f"/api/search?q={'a' * 201}",
                "/api/search?q=x&limit=0", "/api/search?q=x&limit=abc"):  # fmt: skip
        r = client.get(url)
        assert r.status_code == 422 and r.json()["error"], url
    # Punctuation only: no words, no results, no error.
    assert _ok(client, "/api/search?q=%25%5F%2A")["results"] == []


# -- entity ------------------------------------------------------------------------------


def test_entity_page_has_listings_offices_events_and_sources(
    client: TestClient, store: Store
) -> None:
    kcc = _entity(store, "Korea Computer Center")
    e = _ok(client, f"/api/entity/{kcc}")
    assert e["name"] == "Korea Computer Center" and e["label"] == "Entity"
    offices = {g["name"] for g in e["offices"]}
    assert offices >= {"Germany", "China", "Syria", "India", "United Arab Emirates"}
    by_authority = {g["name"]: g["listings"] for g in e["listings"]}
    assert by_authority["Japan"][0]["listed_on"] == "2017-12-15"
    assert by_authority["Japan"][0]["reference"] == "41"
    assert {ev["id"] for ev in e["events"]} >= {"event:2017-11-29-hwasong-15"}
    assert any(s["id"].startswith("source:jp-mof") and s["name"] for s in e["sources"])
    assert all(f["sources"] for f in e["facts"])
    assert e["seat"][0]["name"] == "North Korea"


@pytest.mark.realdata
@pytest.mark.parametrize("kind", ["memory", "embedded"])
def test_entity_page_shows_listing_intervals_from_the_editions(
    kind: str, data_dir: Path, tmp_path: Path
) -> None:
    """Three UN editions made from the shared file: an entry removed by the second and
    shown again by the third has two intervals, the edition that removed it and the
    newest that shows it; an entry of every edition has one open interval."""
    from sanctiongraph.graph.ladybug_store import LadybugStore
    from sanctiongraph.ingest.load import load_file
    from tests.un_editions import UN_2018, dataids, edition

    gone, kept = dataids(data_dir / UN_2018)[:2]
    b = edition(data_dir, tmp_path / "b.xml", "2019-06-01", remove=(gone,))
    c = edition(data_dir, tmp_path / "c.xml", "2020-03-01")
    store: Store = MemoryStore() if kind == "memory" else LadybugStore(tmp_path / "s.lbug")
    for f in (data_dir / UN_2018, b, c):
        load_file(store, "un-xml", f)
    client = TestClient(create_app(lambda: store), base_url=LOCAL)

    def un_listing(dataid: str) -> dict[str, Any]:
        records = f"source:unsc-consolidated-2018-10-29#{dataid}"
        found = [
            n for n in store.listings_citing(["source:unsc-consolidated-2018-10-29"])
            if records in (n.get("records") or ())
        ]  # fmt: skip
        around = store.subgraph([found[0]["id"]], 1)
        entity = next(n for n, a in around.nodes(data=True) if a.get("label") == "Entity")
        listings = [
            x for g in _ok(client, f"/api/entity/{entity}")["listings"]
            for x in g["listings"] if x["id"] == found[0]["id"]
        ]  # fmt: skip
        return listings[0]

    back = un_listing(gone)
    # The first interval begins on the publisher's date of designation (no edition before).
    first, again = back["intervals"]
    assert first["from"] == back["listed_on"] <= "2018-10-29" and first["until"] == "2019-06-01"
    assert again == {"from": "2020-03-01", "until": None}
    assert back["removed_by"] == ["source:unsc-consolidated-2019-06-01"]
    assert back["last_seen_on"] == "2020-03-01"
    always = un_listing(kept)
    assert always["intervals"] == [{"from": always["listed_on"], "until": None}]
    assert always["removed_by"] == [] and always["last_seen_on"] == "2020-03-01"
    store.close()


def test_unknown_and_bad_ids(client: TestClient) -> None:
    for url in ("/api/entity/entity:no-such-thing", "/api/network/entity:no-such-thing",
                "/api/entity/nonsense"):  # fmt: skip
        r = client.get(url)
        assert r.status_code == 404 and "no node" in r.json()["error"], url
    r = client.get(f"/api/entity/entity:{'x' * 600}")
    assert r.status_code == 400 and r.json()["error"]


# -- network and path --------------------------------------------------------------------


def test_network_is_coloured_and_does_not_walk_through_hubs(
    client: TestClient, store: Store
) -> None:
    kcc = _entity(store, "Korea Computer Center")
    one = _ok(client, f"/api/network/{kcc}?hops=1")
    ids = {n["id"] for n in one["nodes"]}
    assert kcc in ids and "country:KP" in ids
    two = _ok(client, f"/api/network/{kcc}?hops=2")
    # Two steps reach Germany through the office, but not North Korea's other firms.
    assert "country:DE" in {n["id"] for n in two["nodes"]}
    assert _entity(store, "Kumgang Bank") not in {n["id"] for n in two["nodes"]}
    colours = {n["kind"]: n["color"] for n in two["nodes"]}
    assert colours["Country"] == "#009E73" and colours["Branch"] == "#E69F00"
    assert all(e["from"] in {n["id"] for n in two["nodes"]} for e in two["edges"])
    assert client.get(f"/api/network/{kcc}?hops=4").status_code == 422
    assert client.get(f"/api/network/{kcc}?hops=x").status_code == 422


def test_path_avoids_hubs_unless_asked(client: TestClient, store: Store) -> None:
    kcc, bank = _entity(store, "Korea Computer Center"), _entity(store, "Kumgang Bank")
    none = _ok(client, f"/api/path?from={kcc}&to={bank}")
    assert none["found"] is False  # the seed links them only through hubs
    via = _ok(client, f"/api/path?from={kcc}&to=Kumgang Bank&hubs=true")
    assert via["found"] and via["hops"] == 2
    assert via["nodes"][0]["id"] == kcc and via["nodes"][-1]["id"] == bank
    assert via["steps"][0]["relationships"]
    assert client.get(f"/api/path?from={kcc}&to=No Such Firm").status_code == 404
    assert client.get(f"/api/path?from={kcc}").status_code == 422
    assert client.get(f"/api/path?from={kcc}&to={bank}&max_hops=99").status_code == 422


def test_path_through_a_link(memory: MemoryStore) -> None:
    store = MemoryStore()
    load_seed(store)
    kcc, bank = _entity(store, "Korea Computer Center"), _entity(store, "Kumgang Bank")
    with store.writer() as w:
        w.add(rel("LINKED_TO", kcc, bank, {**cite("t"), "role": "test"}))
    client = TestClient(create_app(lambda: store), base_url=LOCAL)
    body = _ok(client, f"/api/path?from={kcc}&to={bank}")
    assert body["found"] and body["hops"] == 1
    assert (body["link"], body["paths"]) == ("linked by a source", 1)
    # The explorer's path is the named query's first row: one rule, one ranking.
    first = run_query(store, "connection-path", {"entity_a": kcc, "entity_b": bank})[0]
    assert [n["id"] for n in body["nodes"]] == first["keys"]
    hubs = _ok(client, f"/api/path?from={kcc}&to={bank}&hubs=true")
    assert hubs["hops"] == 1 and hubs["link"] == "linked by a source"
    assert body["steps"] == [{"from": kcc, "to": bank, "relationships": ["LINKED_TO"],
                              "forward": True}]  # fmt: skip
    linked = _ok(client, f"/api/entity/{bank}")["linked"]
    assert [(x["id"], x["role"], x["direction"]) for x in linked] == [(kcc, "test", "in")]


# -- named queries, console, events ------------------------------------------------------


def test_named_queries_listed_with_parameters_and_run(client: TestClient) -> None:
    listed = {q["name"]: q for q in _ok(client, "/api/queries")["queries"]}
    assert listed["overseas-branches"]["params"][0]["name"] == "entity"
    assert listed["connection-path"]["params"][2]["default"] == 6
    body = _ok(client, "/api/queries/overseas-branches?entity=Korea Computer Center")
    assert {r["country"] for r in body["rows"]} == {
        "Germany", "China", "Syria", "India", "United Arab Emirates"
    }  # fmt: skip
    assert body["columns"][0] == "entity"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/queries/no-such-query", 400),
        ("/api/queries/overseas-branches", 400),  # missing parameter
        ("/api/queries/overseas-branches?entity=Korea Computer Center&nope=1", 400),
        ("/api/queries/overseas-branches?entity=No Such Firm", 404),
        ("/api/queries/multi-jurisdiction?min_authorities=" + "9" * 5000, 400),
        ("/api/queries/multi-jurisdiction?min_authorities=-1", 400),
        ("/api/queries/designations?date=2017-13-45", 400),
        ("/api/queries/overseas-branches?entity=" + "x" * 1001, 400),
        ("/api/queries/overseas-branches?entity=a&entity=b", 400),
    ],
)
def test_named_query_bad_input(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.json()["error"]


def test_values_are_parameters_not_query_text(client: TestClient) -> None:
    r = client.get("/api/queries/overseas-branches?entity=x' OR 1=1 //")
    assert r.status_code == 404


def test_cypher_console_reads(client: TestClient) -> None:
    r = client.post("/api/cypher", json={"query": "MATCH (a:Authority) RETURN a.name LIMIT 3"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["a.name"] and body["count"] == 3


@pytest.mark.parametrize(
    "text",
    [
        "CREATE (e:Entity {id: 'entity:evil', name: 'evil'})",
        "MATCH (e:Entity) DETACH DELETE e",
        "MATCH (e:Entity) SET e.name = 'x'",
        "this is not cypher",
    ],
)
def test_cypher_console_refuses_writes_and_nonsense(
    client: TestClient, store: Store, text: str
) -> None:
    before = store.stats()
    r = client.post("/api/cypher", json={"query": text})
    assert r.status_code == 400, r.text
    assert r.json()["error"] and "--write" not in r.json()["error"]
    assert store.stats() == before


def test_unknown_routes_answer_json(client: TestClient) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json() == {"error": "Not Found"}


def test_cypher_console_bad_bodies(client: TestClient) -> None:
    assert client.post("/api/cypher", json={}).status_code == 422
    assert client.post("/api/cypher", json={"query": ""}).status_code == 422
    assert client.post("/api/cypher", json={"query": "x" * 20_001}).status_code == 422
    assert client.post("/api/cypher", content=b"{not json",
                       headers={"content-type": "application/json"}).status_code == 422  # fmt: skip
    assert client.get("/api/cypher").status_code == 405
    assert client.get("/api/cypher").json()["error"]


def test_events_with_the_listings_that_answered_them(client: TestClient) -> None:
    events = {e["id"]: e for e in _ok(client, "/api/events")["events"]}
    launch = events["event:2017-11-29-hwasong-15"]
    assert launch["date"] == "2017-11-29"
    by = {(x["authority"]["name"], x["listed_on"]) for x in launch["responses"]}
    assert ("Japan", "2017-12-15") in by and ("South Korea", "2017-12-11") in by
    japan = [x for x in launch["responses"] if x["authority"]["name"] == "Japan"]
    assert len(japan) == 19 and {x["days_after"] for x in japan} == {16}
    # Timed with a meeting is not an answer to it.
    assert events["event:2017-12-15-unsc-meeting"]["responses"] == []


def test_stats_and_openapi(client: TestClient) -> None:
    assert _ok(client, "/api/stats")["nodes"]["Entity"] == 36
    paths = _ok(client, "/openapi.json")["paths"]
    for p in ("/api/search", "/api/entity/{node_id}", "/api/network/{node_id}", "/api/path",
              "/api/queries", "/api/queries/{name}", "/api/cypher", "/api/events"):  # fmt: skip
        assert p in paths, p


# -- security ----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.evil",
                                  "", "192.168.1.20:8000"])  # fmt: skip
def test_other_hosts_are_refused(client: TestClient, host: str) -> None:
    r = client.get("/api/stats", headers={"host": host})
    assert r.status_code == 400 and "host" in r.json()["error"]
    r = client.get("/", headers={"host": host})
    assert r.status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8765", "localhost:1", "[::1]:80"])
def test_local_hosts_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/stats", headers={"host": host}).status_code == 200


def test_a_post_from_another_site_is_refused(client: TestClient) -> None:
    body = {"query": "MATCH (a:Authority) RETURN a.name LIMIT 1"}
    evil = client.post("/api/cypher", json=body, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403 and evil.json()["error"]
    own = client.post("/api/cypher", json=body, headers={"origin": "http://127.0.0.1:8000"})
    assert own.status_code == 200
    # A form of another site cannot send JSON: text/plain bodies are not read as JSON.
    plain = client.post("/api/cypher", content=b'{"query": "MATCH (n) RETURN n LIMIT 1"}',
                        headers={"content-type": "text/plain"})  # fmt: skip
    assert plain.status_code == 422


def test_a_remote_host_given_at_start_is_answered(memory: MemoryStore) -> None:
    client = TestClient(create_app(lambda: memory, allowed_hosts=["10.0.0.5"]),
                        base_url="http://10.0.0.5:8000")  # fmt: skip
    assert client.get("/api/stats").status_code == 200
    assert client.get("/api/stats", headers={"host": "evil.example"}).status_code == 400


def test_headers_and_pages(client: TestClient) -> None:
    for url in ("/", "/static/app.js", "/static/app.css", "/static/vis-network.min.js",
                "/api/stats", "/api/entity/entity:none"):  # fmt: skip
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    page = client.get("/").text
    assert "<script>" not in page and "http" not in page.replace("http-equiv", "")
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/nothing.js").status_code == 404
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "eval(" not in js


# -- sanctiongraph serve -----------------------------------------------------------------


@pytest.fixture()
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What `serve` hands to uvicorn, instead of serving."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "graph.lbug"))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_serve_listens_on_loopback_by_default(served: list[dict[str, Any]]) -> None:
    from click.testing import CliRunner

    from sanctiongraph.cli import main

    result = CliRunner().invoke(main, ["serve", "--port", "8765"])
    assert result.exit_code == 0, result.output
    (call,) = served
    assert (call["host"], call["port"]) == ("127.0.0.1", 8765)
    client = TestClient(call["app"], base_url="http://127.0.0.1:8765")
    assert client.get("/api/stats").json()["total_nodes"] == 0
    assert client.get("/api/stats", headers={"host": "0.0.0.0:8765"}).status_code == 400


def test_serve_on_another_host_needs_the_flag_and_warns(served: list[dict[str, Any]]) -> None:
    from click.testing import CliRunner

    from sanctiongraph.cli import main

    refused = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--allow-remote" in refused.output and not served
    allowed = CliRunner().invoke(main, ["serve", "--host", "10.1.2.3", "--allow-remote"])
    assert allowed.exit_code == 0, allowed.output
    assert "warning" in allowed.output and "anyone" in allowed.output
    client = TestClient(served[0]["app"], base_url="http://10.1.2.3:8000")
    assert client.get("/api/stats").status_code == 200
    assert client.get("/api/stats", headers={"host": "box.lan"}).status_code == 400
    everywhere = ["serve", "--host", "0.0.0.0", "--allow-remote", "--allow-host", "box.lan"]
    assert CliRunner().invoke(main, everywhere).exit_code == 0
    client = TestClient(served[1]["app"], base_url="http://box.lan:8000")
    assert client.get("/api/stats").status_code == 200
    assert CliRunner().invoke(main, ["serve", "--allow-host", "box.lan"]).exit_code == 2


def test_a_hub_page_shows_its_neighbours(client: TestClient) -> None:
    country = _ok(client, "/api/entity/country:DE")
    assert country["label"] == "Country" and country["name"] == "Germany"
    assert any("Korea Computer Center" in f["fact"] for f in country["facts"])
