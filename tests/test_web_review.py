"""The explorer's review desk (``serve --review``): queue, pair, judge, undo, apply.

The store is four committed list fixtures loaded by the command line (OFAC's SDN
CSV, Japan's MOF workbook, the UK's consolidated list, the UN's), which leave
candidate pairs for review, as in ``test_review.py``. Each test works on a fresh
copy of that store and its resolver files, on the embedded store and on an
in-process (memory) store holding the same graph and replaying the same load log.
"""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.records import Node, Rel
from sanctiongraph.graph.store import Store
from sanctiongraph.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx's successor
    from fastapi.testclient import TestClient

LISTS = Path(__file__).parent / "fixtures" / "lists"
FILES = [
    str(next(LISTS.glob("*/sdn.csv"))),
    str(LISTS / "jp_mof_20260305.xlsx"),
    str(LISTS / "uk_conlist.csv"),
    str(LISTS / "un_consolidated.xml"),
]
LOCAL = "http://127.0.0.1"
ORIGIN = {"Origin": LOCAL}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the embedded store of the four lists and its resolver files."""
    folder = tmp_path_factory.mktemp("review")
    result = CliRunner().invoke(
        main, ["load", "auto", *FILES], env={"SANCTIONGRAPH_STORE": str(folder / "store.lbug")}
    )
    assert result.exit_code == 0, result.output
    return folder


def copy_memory(path: Path) -> MemoryStore:
    """An in-process store holding the graph of the embedded store at ``path``."""
    g = LadybugStore(path).to_networkx()
    store = MemoryStore()
    with store.writer() as w:
        for n, a in g.nodes(data=True):
            w.add(Node(a["label"], n, {k: v for k, v in a.items() if k != "label"}))
        for u, v, k, a in g.edges(keys=True, data=True):
            w.add(Rel(k, u, v, {x: y for x, y in a.items() if x != "type"}))
    return store


class Desk:
    """A fresh copy of the loaded store, its resolver file and a client of the explorer."""

    def __init__(self, folder: Path, kind: str, review: bool = True) -> None:
        self.folder = folder
        self.resolver = folder / "store.resolver.jsonl"
        path = folder / "store.lbug"
        if kind == "memory":
            memory = copy_memory(path)
            self.store: Store = memory
            factory: Callable[[], Store] = lambda: memory  # noqa: E731
        else:
            factory = lambda: LadybugStore(path)  # noqa: E731
            self.store = LadybugStore(path)
        self.client = TestClient(
            create_app(factory, resolver=self.resolver, review=review, reviewer="tester"),
            base_url=LOCAL,
        )

    def graph(self) -> Any:
        if isinstance(self.store, LadybugStore):
            return LadybugStore(self.folder / "store.lbug").to_networkx()
        return self.store.to_networkx()

    def resolver_text(self) -> str:
        return self.resolver.read_text(encoding="utf-8") if self.resolver.exists() else ""

    def get(self, url: str, **params: Any) -> Any:
        r = self.client.get(url, params=params)
        assert r.status_code == 200, r.text
        return r.json()

    def post(self, url: str, body: dict[str, Any], status: int = 200) -> Any:
        r = self.client.post(url, json=body, headers=ORIGIN)
        assert r.status_code == status, r.text
        return r.json()

    def agreeing(self) -> dict[str, Any]:
        """The first pending pair nothing in the scorer's evidence speaks against."""
        for row in self.get("/api/review/queue", limit=50)["rows"]:
            pair = self.get("/api/review/pair", a=row["entity"], b=row["other_entity"])
            if not pair["evidence"]["against"]:
                return dict(row)
        raise AssertionError("no candidate pair without evidence against")


@pytest.fixture(params=["memory", "embedded"])
def desk(request: pytest.FixtureRequest, loaded: Path, tmp_path: Path) -> Iterator[Desk]:
    folder = tmp_path / "copy"
    shutil.copytree(loaded, folder, ignore=shutil.ignore_patterns("*.lock"))
    d = Desk(folder, request.param)
    yield d
    d.client.close()


def entity_of(g: Any, record: str) -> str:
    return next(
        n
        for n, a in g.nodes(data=True)
        if a["label"] == "Entity" and record in (a.get("records") or ())
    )


# -- reading -----------------------------------------------------------------------------


def test_status_says_who_and_what_is_left_to_apply(desk: Desk) -> None:
    status = desk.get("/api/review/status")
    assert status == {
        "enabled": True,
        "who": "tester",
        "resolver": str(desk.resolver),
        "to_apply": 0,
    }


def test_queue_is_the_matches_queue_paged_and_filtered(desk: Desk) -> None:
    result = CliRunner().invoke(
        main,
        ["matches", "--format", "json"],
        env={"SANCTIONGRAPH_STORE": str(desk.folder / "store.lbug")},
    )
    assert result.exit_code == 0, result.output
    matches = json.loads(result.output)
    queue = desk.get("/api/review/queue", limit=500)
    assert queue["total"] == len(matches) >= 3
    keys = ("entity", "other_entity", "score", "evidence", "record", "other")
    assert [{k: r[k] for k in keys} for r in queue["rows"]] == [
        {k: r[k] for k in keys} for r in matches
    ]
    page = desk.get("/api/review/queue", limit=2, offset=1)
    assert page["rows"] == queue["rows"][1:3] and page["total"] == queue["total"]
    high = desk.get("/api/review/queue", min_score=0.74)["rows"]
    assert high and all(r["score"] >= 0.74 for r in high) and len(high) < queue["total"]
    people = desk.get("/api/review/queue", kind="vessel")
    assert people["total"] == 0
    uk = desk.get("/api/review/queue", authority="uk")["rows"]
    assert uk and all("gb-ofsi" in r["record"] + r["other"] for r in uk)


def test_a_pair_side_by_side_has_every_deciding_field_and_the_evidence(desk: Desk) -> None:
    first = desk.get("/api/review/queue", limit=1)["rows"][0]
    pair = desk.get("/api/review/pair", a=first["other_entity"], b=first["entity"])
    a, b = pair["a"], pair["b"]
    assert (a["id"], b["id"]) == (first["entity"], first["other_entity"])
    assert pair["records"] == {"a": first["record"], "b": first["other"]}
    for s in (a, b):
        assert s["names"]["name"] and s["kind"] == "organization"
        assert s["records"] and all(r["name"] and r["list_date"] for r in s["records"])
        listings = [x for g in s["listings"] for x in g["listings"]]
        assert listings and all(x["programme"] and x["reference"] for x in listings)
    # The listing dates each list gives (OFAC's CSV gives none).
    assert {x["listed_on"] for g in a["listings"] for x in g["listings"]} >= {"2017-12-15"}
    # KOREA ZUZAGBONG MARITIME (MOF and OFAC) and TONGHUNG SHIPPING: the same IMO company
    # number, but two OFAC entries: for and against both shown.
    assert a["names"]["aliases"] and a["identifiers"]["imo"] == b["identifiers"]["imo"]
    assert any(o["address"] for g in a["offices"] for o in g["offices"])
    ev = pair["evidence"]
    assert ev["logged"] == [first["why"]] and ev["score"] == first["score"]
    assert any("imo" in x for x in ev["for"])
    assert any("different ofac_ent_num" in x for x in ev["against"])
    said = desk.get("/api/review/statements", a=a["id"], b=b["id"])
    names = {s["value"] for s in said["a"]["statements"] if s["property"] == "name"}
    assert a["names"]["name"] in names and said["a"]["not_kept"] == []
    assert {s["record"] for s in said["b"]["statements"]} == {r["record"] for r in b["records"]}


# -- writing -----------------------------------------------------------------------------


def test_judge_undo_and_apply(desk: Desk) -> None:
    row = desk.agreeing()
    before = desk.get("/api/review/queue")["total"]
    done = desk.post(
        "/api/review/judge",
        {"a": row["entity"], "b": row["other_entity"], "verdict": "same"},
    )
    assert (done["verdict"], done["who"], done["to_apply"]) == ("same", "tester", 1)
    (line,) = [json.loads(x) for x in desk.resolver_text().splitlines()]
    assert (line["a"], line["b"]) == tuple(sorted((row["record"], row["other"])))
    assert (line["verdict"], line["who"]) == ("same", "tester") and line["when"] == done["when"]
    # The pair leaves the queue; the graph is not touched until asked.
    pending = desk.get("/api/review/queue")
    assert pending["total"] == before - 1 and pending["to_apply"] == 1
    assert entity_of(desk.graph(), row["record"]) != entity_of(desk.graph(), row["other"])

    undone = desk.post("/api/review/undo", {"a": done["a"], "b": done["b"]})
    assert undone["verdict"] == "undone" and undone["to_apply"] == 0
    assert json.loads(desk.resolver_text().splitlines()[-1])["verdict"] == "undone"
    assert desk.get("/api/review/queue")["total"] == before
    desk.post("/api/review/undo", {"a": done["a"], "b": done["b"]}, status=404)

    desk.post(
        "/api/review/judge", {"a": row["entity"], "b": row["other_entity"], "verdict": "same"}
    )
    g = desk.graph()
    both = {r for e in (row["entity"], row["other_entity"]) for r in g.nodes[e]["records"]}
    applied = desk.post("/api/review/apply", {})
    assert applied["applied"] == 1 and applied["records"] > 0
    g = desk.graph()
    merged = entity_of(g, row["record"])
    assert entity_of(g, row["other"]) == merged  # the two entities are one node
    assert both <= set(g.nodes[merged]["records"])  # whole: every record of both sides
    assert desk.get("/api/review/status")["to_apply"] == 0
    assert desk.post("/api/review/apply", {}) == {"applied": 0, "records": 0, "refused": []}

    # The key merged away answers with the key it moved to, in the API.
    gone = ({row["entity"], row["other_entity"]} - {merged}).pop()
    assert gone not in g
    r = desk.client.get(f"/api/entity/{gone}", follow_redirects=False)
    assert r.status_code == 308 and r.json()["moved_to"] == merged
    assert r.headers["location"] == f"/api/entity/{merged}"
    assert desk.get(f"/api/entity/{gone}")["id"] == merged
    assert desk.get(f"/api/network/{gone}", hops=2)["id"] == merged
    r = desk.client.get(f"/api/network/{gone}?hops=2", follow_redirects=False)
    assert r.headers["location"] == f"/api/network/{merged}?hops=2"
    other = next(r["other_entity"] for r in desk.get("/api/review/queue")["rows"])
    path = desk.get("/api/path", **{"from": gone, "to": other, "hubs": "true"})
    assert path["from"] == merged
    moved = (desk.folder / "store.resolver.moved.jsonl").read_text(encoding="utf-8")
    assert json.loads(moved.splitlines()[-1])["from"] == gone
    assert desk.client.get("/api/entity/entity:never-there").status_code == 404


def refused_pair(desk: Desk) -> tuple[dict[str, Any], str]:
    """A pending pair judged the same in the explorer, and another record of one side
    judged different from the other side's record (as a second reviewer in a terminal
    would): the join cannot be made. The pair and the record judged different."""
    from sanctiongraph.resolution.judgements import Judgements

    for row in desk.get("/api/review/queue", limit=50)["rows"]:
        pair = desk.get("/api/review/pair", a=row["entity"], b=row["other_entity"])
        mine = [r["record"] for r in pair["a"]["records"] if r["record"] != row["record"]]
        if mine:
            break
    else:
        raise AssertionError("no pending pair with a side of several records")
    desk.post("/api/review/judge", {"a": row["entity"], "b": row["other_entity"],
                                    "verdict": "same"})  # fmt: skip
    Judgements(desk.resolver).judge(mine[0], row["other"], "different", who="other")
    return row, mine[0]


def test_a_join_the_judgements_refuse_is_said_in_the_apply_answer(desk: Desk) -> None:
    row, _ = refused_pair(desk)
    applied = desk.post("/api/review/apply", {})
    (line,) = applied["refused"]
    assert applied["applied"] == 0
    assert row["record"] in line and row["other"] in line and "judged different" in line
    g = desk.graph()
    assert entity_of(g, row["record"]) != entity_of(g, row["other"])  # left apart
    # It stays to apply (and is said again) until one of the judgements is undone.
    assert desk.get("/api/review/status")["to_apply"] == 1


def test_the_queue_reads_only_the_entities_it_shows(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `matches`: the entities holding a logged record (their records, streamed),
    then kind and name by key for those in pairs, never every entity's names."""
    folder = tmp_path / "copy"
    shutil.copytree(loaded, folder, ignore=shutil.ignore_patterns("*.lock"))
    d = Desk(folder, "memory")
    asked: list[tuple[str, ...]] = []
    by_id: set[str] = set()
    entities, entities_by_id = d.store.entities, d.store.entities_by_id

    def counted(props: tuple[str, ...]) -> Any:
        asked.append(props)
        return entities(props)

    def counted_by_id(ids: Any, props: tuple[str, ...]) -> Any:
        by_id.update(ids)
        return entities_by_id(ids, props)

    monkeypatch.setattr(d.store, "entities", counted)
    monkeypatch.setattr(d.store, "entities_by_id", counted_by_id)
    with d.client:
        q = d.get("/api/review/queue", limit=500)
        d.get("/api/review/status")
    shown = {e for r in q["rows"] for e in (r["entity"], r["other_entity"])}
    assert q["total"] == len(q["rows"]) > 0
    assert all(props == ("records",) for props in asked), asked
    assert by_id == shown
    entity_count = sum(1 for _, a in d.store.graph.nodes(data=True) if a["label"] == "Entity")
    assert len(by_id) < entity_count


def test_a_different_judgement_applied_keeps_the_pair_apart(desk: Desk) -> None:
    row = desk.get("/api/review/queue", limit=1)["rows"][0]
    desk.post(
        "/api/review/judge",
        {"a": row["other_entity"], "b": row["entity"], "verdict": "different"},
    )
    assert desk.get("/api/review/status")["to_apply"] == 0  # already apart: nothing to do
    assert desk.post("/api/review/apply", {})["applied"] == 0
    rows = desk.get("/api/review/queue", limit=500)["rows"]
    assert (row["entity"], row["other_entity"]) not in {
        (r["entity"], r["other_entity"]) for r in rows
    }


def _state(desk: Desk) -> tuple[str, Any]:
    g = desk.graph()
    return desk.resolver_text(), sorted(
        (n, tuple(a.get("records") or ())) for n, a in g.nodes(data=True)
    )


@pytest.mark.parametrize(
    ("method", "url", "body", "headers", "status", "message"),
    [
        ("post", "/api/review/judge", {"a": "entity:x", "b": "entity:y", "verdict": "same"},
         ORIGIN, 404, "no pending candidate pair"),
        ("post", "/api/review/judge", {"verdict": "maybe"}, ORIGIN, 422, "verdict"),
        ("post", "/api/review/judge", {"verdict": "same", "extra": 1}, ORIGIN, 422, "extra"),
        ("post", "/api/review/judge", {"verdict": "same"}, {}, 403, "Origin"),
        ("post", "/api/review/judge", {"verdict": "same"}, {"Origin": "http://evil.example"},
         403, "other sites"),
        ("post", "/api/review/judge", {"verdict": "same"}, {"Origin": "null"}, 403, "other sites"),
        ("post", "/api/review/apply", {}, {"Origin": "http://127.0.0.1.evil.example"}, 403,
         "other sites"),
        ("post", "/api/review/undo", {"a": "source:x#1", "b": "source:y#2"}, ORIGIN, 404,
         "no standing judgement"),
        ("post", "/api/review/undo", {"a": "", "b": "source:y#2"}, ORIGIN, 422, "a:"),
        ("get", "/api/review/judge", None, ORIGIN, 405, "Method Not Allowed"),
        ("put", "/api/review/apply", {}, ORIGIN, 405, "Method Not Allowed"),
        ("get", "/api/review/pair?a=entity:x&b=entity:y", None, {}, 404,
         "no pending candidate pair"),
        ("get", "/api/review/pair?a=entity:x", None, {}, 422, "b: Field required"),
        ("get", "/api/review/queue?limit=0", None, {}, 422, "limit"),
        ("get", "/api/review/queue?min_score=2", None, {}, 422, "min_score"),
    ],
)  # fmt: skip
def test_bad_requests_answer_one_json_error_and_change_nothing(
    desk: Desk,
    method: str,
    url: str,
    body: dict[str, Any] | None,
    headers: dict[str, str],
    status: int,
    message: str,
) -> None:
    if body is not None and "a" not in body and url.endswith("judge"):
        row = desk.get("/api/review/queue", limit=1)["rows"][0]
        body = {"a": row["entity"], "b": row["other_entity"], **body}
    before = _state(desk)
    r = desk.client.request(method, url, json=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert message in r.json()["error"]
    assert _state(desk) == before


def test_a_form_post_is_refused(desk: Desk) -> None:
    row = desk.get("/api/review/queue", limit=1)["rows"][0]
    before = _state(desk)
    r = desk.client.post(
        "/api/review/judge",
        content=f"a={row['entity']}&b={row['other_entity']}&verdict=same",
        headers={**ORIGIN, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 415 and "JSON" in r.json()["error"]
    assert _state(desk) == before


@pytest.mark.parametrize("kind", ["memory", "embedded"])
def test_without_review_nothing_is_written(loaded: Path, tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(loaded, folder, ignore=shutil.ignore_patterns("*.lock"))
    d = Desk(folder, kind, review=False)
    reviewing = Desk(folder, kind)
    row = reviewing.get("/api/review/queue", limit=1)["rows"][0]
    pair = {"a": row["entity"], "b": row["other_entity"]}
    before = _state(d)
    assert d.get("/api/review/status") == {"enabled": False}
    for method, url, body in [
        ("post", "/api/review/judge", {**pair, "verdict": "same"}),
        ("post", "/api/review/undo", {"a": row["record"], "b": row["other"]}),
        ("post", "/api/review/apply", {}),
        ("get", "/api/review/queue", None),
        ("get", f"/api/review/pair?a={row['entity']}&b={row['other_entity']}", None),
    ]:
        r = d.client.request(method, url, json=body, headers=ORIGIN)
        assert r.status_code == 403, (url, r.text)
        assert "serve --review" in r.json()["error"]
    assert _state(d) == before


# -- sanctiongraph serve --review --------------------------------------------------------


def test_serve_review_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[Any] = []
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "graph.lbug"))
    monkeypatch.delenv("SANCTIONGRAPH_RESOLVER", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(app))
    runner = CliRunner()
    assert runner.invoke(main, ["serve"]).exit_code == 0
    assert runner.invoke(main, ["serve", "--review", "--reviewer", "ana"]).exit_code == 0
    refused = runner.invoke(main, ["serve", "--reviewer", "ana"])
    assert refused.exit_code == 2 and "--review" in refused.output
    off, on = (TestClient(app, base_url=LOCAL) for app in calls)
    assert off.get("/api/review/status").json() == {"enabled": False}
    status = on.get("/api/review/status").json()
    assert status["enabled"] and status["who"] == "ana"
    assert status["resolver"] == str(tmp_path / "graph.resolver.jsonl")
