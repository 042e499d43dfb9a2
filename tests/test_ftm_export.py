"""``export --format ftm``: the graph as FollowTheMoney entities, read back by the ftm loader."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sanctiongraph.graph.ftm import ftm_entities, ftm_id, write_ftm
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.records import cite, rel
from sanctiongraph.ingest.load import load_file


def _kcc(store: MemoryStore) -> str:
    (hit,) = [r["id"] for r in store.names("Entity") if r["name"] == "Korea Computer Center"]
    return str(hit)


def test_seed_as_ftm_lines(seeded: MemoryStore, tmp_path: Path) -> None:
    kcc = _kcc(seeded)
    with seeded.writer() as w:
        w.add(rel("LINKED_TO", kcc, "entity:kumgang-bank", {**cite("t"), "role": "test"}))
    path = tmp_path / "graph.ftm.json"
    count = write_ftm(seeded.graph, path)
    docs = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    assert len(docs) == count
    by_id = {d["id"]: d for d in docs}
    org = by_id[ftm_id(kcc)]
    assert org["schema"] == "Organization" and org["properties"]["name"] == [
        "Korea Computer Center"
    ]
    assert "조선컴퓨터센터" in org["properties"]["alias"]
    assert len(org["properties"]["addressEntity"]) == 6
    sanctions = [
        d for d in docs if d["schema"] == "Sanction" and d["properties"]["entity"] == [ftm_id(kcc)]
    ]
    japan = next(s for s in sanctions if s["properties"]["authority"] == ["Japan"])
    assert japan["properties"]["listingDate"] == ["2017-12-15"]
    assert japan["properties"]["country"] == ["jp"]
    assert "Hwasong-15" in japan["properties"]["reason"][0]
    assert [d["properties"]["role"] for d in docs if d["schema"] == "UnknownLink"] == [["test"]]
    assert write_ftm(seeded.graph, tmp_path / "again.json") == count
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_every_line_is_valid_followthemoney(seeded: MemoryStore) -> None:
    from followthemoney import model  # the test extra installs it

    for doc in ftm_entities(seeded.graph):
        proxy = model.get_proxy(doc, cleaned=False)
        for prop, values in doc["properties"].items():
            assert prop in proxy.schema.properties, (doc["schema"], prop)
            assert proxy.get(prop), (doc["id"], prop, values)


def test_the_ftm_loader_reads_it_back(seeded: MemoryStore, tmp_path: Path) -> None:
    path = tmp_path / "seed.ftm.json"
    write_ftm(seeded.graph, path)
    again = MemoryStore()
    load_file(again, "ftm", path)
    kcc = _kcc(again)
    g = again.graph
    countries = {
        g.nodes[c].get("name")
        for _, b, k in g.out_edges(kcc, keys=True) if k == "HAS_BRANCH"
        for _, c, k2 in g.out_edges(b, keys=True) if k2 == "LOCATED_IN"
    }  # fmt: skip
    assert countries >= {"Germany", "China", "Syria", "India", "United Arab Emirates"}
    authorities = {
        a for lst, _, k in g.in_edges(kcc, keys=True) if k == "TARGETS"
        for a, _, k2 in g.in_edges(lst, keys=True) if k2 == "ISSUED"
    }  # fmt: skip
    assert authorities == {"authority:jp", "authority:kr", "authority:us"}
    assert again.stats()["nodes"]["Entity"] == seeded.stats()["nodes"]["Entity"]


def test_export_command_writes_ftm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from sanctiongraph.cli import main

    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "graph.lbug"))
    runner = CliRunner()
    assert runner.invoke(main, ["demo", "--format", "json"]).exit_code == 0
    out = tmp_path / "all.ftm.json"
    result = runner.invoke(main, ["export", "--format", "ftm", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "FollowTheMoney entities" in result.output
    assert out.read_bytes().count(b'"schema":"Sanction"') == 61
