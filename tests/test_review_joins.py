"""A reviewer's "same" joins the two entities shown whole; a "different" keeps them apart.

The judgement names one record of each entity (the review header shows them), but
it binds the entities: after the rebuild every record of both sides is in one node,
and no record the evidence placed is moved out of its cluster instead. Through the
command line (scripted keys, as a reviewer types them) on the embedded store, through
the library on the in-process store, and on real records (the NAQDI case of the
new-user test: UK 2018, EU FSF 2022, UN 2018).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.canonical import load_logged
from sanctiongraph.ingest.rebuild import rebuild
from sanctiongraph.resolution.history import LoadLog
from sanctiongraph.resolution.judgements import Judgements

LISTS = Path(__file__).parent / "fixtures" / "lists"
OFAC_SRC = "source:us-ofac-sdn-csv-2021-07"
MOF_SRC = "source:jp-mof-xlsx-2026-03-05"
FILES = [
    str(next(LISTS.glob("*/sdn.csv"))),
    str(LISTS / "jp_mof_20260305.xlsx"),
    str(LISTS / "uk_conlist.csv"),
    str(LISTS / "un_consolidated.xml"),
]


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "store.lbug"))
    monkeypatch.delenv("SANCTIONGRAPH_RESOLVER", raising=False)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0, keys: str | None = None) -> str:
        result = runner.invoke(main, list(args), input=keys)
        assert result.exit_code == code, result.output + repr(result.exception)
        return result.output

    return invoke


def records_of(g: Any) -> dict[str, set[str]]:
    return {
        n: set(a.get("records") or ()) for n, a in g.nodes(data=True) if a.get("label") == "Entity"
    }


def holder(g: Any, record: str) -> str:
    (found,) = [n for n, recs in records_of(g).items() if record in recs]
    return found


def test_same_in_review_joins_both_entities_whole(run: Callable[..., str], tmp_path: Path) -> None:
    store = tmp_path / "store.lbug"
    run("load", "auto", *FILES)
    first = json.loads(run("matches", "--format", "json"))[0]
    before = records_of(LadybugStore(store).to_networkx())
    both = before[first["entity"]] | before[first["other_entity"]]
    # The case that moved a record: one side holds more than the record judged.
    assert len(both) > 2
    out = run("review", "--who", "tester", keys="sq")
    # The header names the two entities and the records the judgement binds.
    for shown in (first["entity"], first["other_entity"], first["record"], first["other"]):
        assert shown in out
    g = LadybugStore(store).to_networkx()
    joined = holder(g, first["record"])
    assert both <= records_of(g)[joined]
    # Every other entity keeps exactly its records.
    rest = {n: r for n, r in before.items() if n not in (first["entity"], first["other_entity"])}
    assert {n: r for n, r in records_of(g).items() if n != joined} == rest
    pending = json.loads(run("matches", "--format", "json"))
    assert (first["entity"], first["other_entity"]) not in {
        (p["entity"], p["other_entity"]) for p in pending
    }
    run("rebuild")  # and on every later rebuild
    assert both <= records_of(LadybugStore(store).to_networkx())[joined]


def test_different_in_review_keeps_both_entities_whole(
    run: Callable[..., str], tmp_path: Path
) -> None:
    store = tmp_path / "store.lbug"
    run("load", "auto", *FILES)
    first = json.loads(run("matches", "--format", "json"))[0]
    before = records_of(LadybugStore(store).to_networkx())
    run("review", "--who", "tester", "--no-rebuild", keys="dq")
    run("rebuild")
    g = LadybugStore(store).to_networkx()
    assert records_of(g) == before
    assert holder(g, first["record"]) != holder(g, first["other"])


def _load(store: MemoryStore, log: LoadLog, judgements: Judgements, files: list[str]) -> None:
    from sanctiongraph.loaders.registry import detect

    for f in files:
        load_logged(store, detect(Path(f)), Path(f), log, judgements)


def test_same_joins_whole_in_the_memory_store_and_holds_on_a_new_load(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store.json")
    log = LoadLog(tmp_path / "store.loads.jsonl")
    judgements = Judgements(tmp_path / "store.resolver.jsonl")
    _load(store, log, judgements, FILES[:2])
    g = store.to_networkx()
    # An entity of both lists, its Japanese record (placed after every OFAC one), judged
    # the same as an OFAC-only entity of the same kind: the old rule moved the record.
    recs = records_of(g)
    big = min(n for n, r in recs.items() if {x.split("#")[0] for x in r} == {OFAC_SRC, MOF_SRC})
    later = min(x for x in recs[big] if x.startswith(MOF_SRC))
    kind = g.nodes[big].get("kind")
    other = min(
        n for n, r in recs.items()
        if g.nodes[n].get("kind") == kind and {x.split("#")[0] for x in r} == {OFAC_SRC}
    )  # fmt: skip
    both = records_of(g)[big] | records_of(g)[other]
    judgements.judge(later, min(records_of(g)[other]), "same", who="tester")
    rebuild(store, log, judgements)
    g = store.to_networkx()
    assert both <= records_of(g)[holder(g, later)]
    # A file sorting before those loaded re-derives the store: the join holds.
    _load(store, log, judgements, FILES[2:])
    g = store.to_networkx()
    assert both <= records_of(g)[holder(g, later)]


NAQDI_UK = "source:gb-ofsi-conlist-csv-2018-04-13#11234"
NAQDI_EU = "source:eu-fsf-2022-03-18#4300"


def test_the_naqdi_case_on_real_records(data_dir: Path, tmp_path: Path) -> None:
    """The new-user test's case: the EU record of the UN/UK entity judged the same as
    a UK record left apart; the rebuild moved the EU record instead of joining."""
    store = MemoryStore(tmp_path / "store.json")
    log = LoadLog(tmp_path / "store.loads.jsonl")
    judgements = Judgements(tmp_path / "store.resolver.jsonl")
    files = [
        str(data_dir / "uk" / "sanctionsconlist_2018-04-13.csv"),
        str(data_dir / "eu" / "eu_fsf_export_2022-03-18_TRUNCATED_first1044.xml"),
        str(data_dir / "un" / "consolidated_2018-10-29.xml"),
    ]
    _load(store, log, judgements, files)
    g = store.to_networkx()
    big, small = holder(g, NAQDI_EU), holder(g, NAQDI_UK)
    assert big != small and len(records_of(g)[big]) > 1
    both = records_of(g)[big] | records_of(g)[small]
    judgements.judge(NAQDI_EU, NAQDI_UK, "same", who="tester")
    rebuild(store, log, judgements)
    g = store.to_networkx()
    assert both <= records_of(g)[holder(g, NAQDI_EU)]


def test_a_party_judged_in_a_session_is_not_asked_again(run: Callable[..., str]) -> None:
    run("load", "auto", *FILES)
    pending = json.loads(run("matches", "--format", "json", "--limit", "0"))
    out = run("review", "--who", "tester", "--no-rebuild", keys="s" * len(pending))
    shown = [int(line[1:].split("/")[0]) for line in out.splitlines() if line.startswith("[")]
    group: dict[str, str] = {}

    def root(e: str) -> str:
        while group.get(e, e) != e:
            e = group[e]
        return e

    for i, row in enumerate(pending, 1):
        a, b = root(row["entity"]), root(row["other_entity"])
        # Shown exactly when the two are not one party yet by this session's "same"s.
        assert (i in shown) == (a != b), row
        group[b] = a
    assert len(shown) < len(pending)  # the fixtures hold a triangle of pairs
