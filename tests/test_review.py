"""The review loop through the command line: judge, reload, split, candidates.

Two lists of the committed fixtures: OFAC's SDN CSV and Japan's MOF workbook
both name Korea Computer Center, and load merges them on the same name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore

LISTS = Path(__file__).parent / "fixtures" / "lists"
# The OFAC CSV fixture's folder (its name dates the list, where the loader reads the date).
OFAC = str(next(LISTS.glob("*/sdn.csv")))
MOF = str(LISTS / "jp_mof_20260305.xlsx")
MOF_SOURCE = "source:jp-mof-xlsx-2026-03-05"
KCC_JP = f"{MOF_SOURCE}#16/41"


def kcc_us(path: Path) -> str:
    """OFAC's record of Korea Computer Center (ent_num 22323), as the store cites it."""
    g = LadybugStore(path).to_networkx()
    return next(
        r for _, a in g.nodes(data=True) for r in a.get("records") or () if r.endswith("#22323")
    )


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


def entity_of(path: Path, record: str) -> str:
    g = LadybugStore(path).to_networkx()
    return next(
        n for n, a in g.nodes(data=True) if a["label"] == "Entity" and record in a["records"]
    )


def authorities(path: Path, entity: str) -> set[str]:
    g = LadybugStore(path).to_networkx()
    listings = [u for u, _, k in g.in_edges(entity, keys=True) if k == "TARGETS"]
    return {a for lid in listings for a, _, k in g.in_edges(lid, keys=True) if k == "ISSUED"}


def test_a_different_judgement_splits_and_holds_on_reload(
    run: Callable[..., str], tmp_path: Path
) -> None:
    store = tmp_path / "store.lbug"
    run("load", "auto", OFAC, MOF)
    us_record = kcc_us(store)
    kcc = entity_of(store, us_record)
    assert entity_of(store, KCC_JP) == kcc
    assert authorities(store, kcc) == {"authority:us", "authority:jp"}
    run("resolver", "judge", us_record, KCC_JP, "different", "--who", "tester")
    assert (tmp_path / "store.resolver.jsonl").exists()
    run("rebuild")
    us, jp = entity_of(store, us_record), entity_of(store, KCC_JP)
    assert us != jp
    # Each side keeps exactly its own listings after the split.
    assert authorities(store, us) == {"authority:us"}
    assert authorities(store, jp) == {"authority:jp"}
    listed = json.loads(run("resolver", "list", "--format", "json"))
    assert listed[0]["who"] == "tester" and listed[0]["verdict"] == "different"
    # A later load into another store, given the (exported) resolver file, honours it.
    exported = tmp_path / "shared.jsonl"
    run("resolver", "export", str(exported))
    other = tmp_path / "other.json"
    runner = CliRunner(env={"SANCTIONGRAPH_RESOLVER": str(exported)})
    result = runner.invoke(main, ["--store-path", str(other), "load", "auto", OFAC, MOF])
    assert result.exit_code == 0, result.output
    assert entity_of(other, us_record) != entity_of(other, KCC_JP)
    # Undone, the next rebuild merges them again.
    run("resolver", "undo", us_record, KCC_JP)
    run("rebuild")
    assert entity_of(store, us_record) == entity_of(store, KCC_JP)


def test_unloading_a_source_keeps_what_the_others_say(
    run: Callable[..., str], tmp_path: Path
) -> None:
    store = tmp_path / "store.lbug"
    run("load", "auto", OFAC, MOF)
    run("rebuild", "--without", MOF_SOURCE)
    kcc = entity_of(store, kcc_us(store))
    assert authorities(store, kcc) == {"authority:us"}
    g = LadybugStore(store).to_networkx()
    assert not any("jp-mof" in s for _, a in g.nodes(data=True) for s in a.get("sources") or ())


def test_review_records_keys_and_matches_lists_candidates(
    run: Callable[..., str], tmp_path: Path
) -> None:
    run(
        "load", "auto", OFAC, MOF, str(LISTS / "uk_conlist.csv"), str(LISTS / "un_consolidated.xml")
    )
    pending = json.loads(run("matches", "--format", "json"))
    assert pending and {"record", "other", "score", "evidence", "why"} <= set(pending[0])
    out = run("review", "--who", "tester", "--no-rebuild", keys="dq")
    assert "1 judgement(s) recorded" in out
    first = pending[0]
    # Not a terminal: the side-by-side table is not folded, its title a line of its own,
    # and both records' keys are whole.
    lines = out.splitlines()
    assert any(line.startswith(f"{first['evidence']} · score ") for line in lines)
    header = next(line for line in lines if line.startswith("┃"))
    assert first["record"] in header and first["other"] in header
    listed = json.loads(run("resolver", "list", "--format", "json"))
    assert [(j["a"], j["b"]) for j in listed] == [tuple(sorted((first["record"], first["other"])))]
    assert len(json.loads(run("matches", "--format", "json"))) == len(pending) - 1


def test_review_takes_its_keys_from_a_pipe_without_a_terminal(
    run: Callable[..., str], tmp_path: Path
) -> None:
    """`printf 'd n q' | sanctiongraph review` in a process with no terminal at all (a new
    session has no /dev/tty, as under cron or in a container): blanks are skipped, each
    key judges, and nothing waits for a keypress."""
    import os
    import subprocess
    import sys

    run(
        "load", "auto", OFAC, MOF, str(LISTS / "uk_conlist.csv"), str(LISTS / "un_consolidated.xml")
    )
    pending = json.loads(run("matches", "--format", "json"))
    assert len(pending) >= 2
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "SANCTIONGRAPH_STORE": str(tmp_path / "store.lbug"),
    }
    env.pop("SANCTIONGRAPH_RESOLVER", None)
    done = subprocess.run(
        [sys.executable, "-m", "sanctiongraph", "review", "--who", "piped", "--no-rebuild"],
        input="d\n n\n", capture_output=True, text=True, env=env, timeout=300,
        start_new_session=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 judgement(s) recorded" in done.stdout
    listed = json.loads(run("resolver", "list", "--format", "json"))
    assert [(j["verdict"], j["who"]) for j in listed] == [("different", "piped")]
    # The end of the keys quits: the second pair was passed over (n), not judged.
    assert len(json.loads(run("matches", "--format", "json"))) == len(pending) - 1


def test_a_rebuild_records_the_keys_it_merges_away(run: Callable[..., str], tmp_path: Path) -> None:
    from sanctiongraph.resolution.moved import MovedKeys

    store = tmp_path / "store.lbug"
    run(
        "load", "auto", OFAC, MOF, str(LISTS / "uk_conlist.csv"), str(LISTS / "un_consolidated.xml")
    )
    pending = json.loads(run("matches", "--format", "json"))
    # Two entries of one list under one name: nothing but the name between them.
    row = next(r for r in pending if r["evidence"] == "same name")
    run("resolver", "judge", row["record"], row["other"], "same", "--who", "tester")
    run("rebuild")
    merged = entity_of(store, row["record"])
    assert entity_of(store, row["other"]) == merged
    (gone,) = {row["entity"], row["other_entity"]} - {merged}
    moved = MovedKeys(tmp_path / "store.resolver.moved.jsonl")
    assert moved.target(gone) == merged and moved.target(merged) is None
    # A second rebuild moves nothing more and keeps the answer.
    run("rebuild")
    assert MovedKeys(moved.path).target(gone) == merged


def test_rebuild_reads_every_file_of_a_kept_catalogue(
    run: Callable[..., str], tmp_path: Path
) -> None:
    """A catalogue of several files is kept whole: a rebuild after the download is gone
    reads the tests, missiles and facilities from the kept copy."""
    from tests.test_events import write_catalogue

    folder = write_catalogue(tmp_path / "nk-missile-tests")
    run("load", "auto", str(folder))
    before = LadybugStore(tmp_path / "store.lbug").to_networkx()
    for f in folder.iterdir():
        f.unlink()
    run("rebuild")
    after = LadybugStore(tmp_path / "store.lbug").to_networkx()
    assert sorted(after.nodes) == sorted(before.nodes) and len(after.nodes) > 1


def test_rebuild_after_demo_keeps_the_story(run: Callable[..., str], tmp_path: Path) -> None:
    """The demo loads its cited story through the load log, so rebuild (and review,
    which applies judgements through it) re-derives the store instead of refusing."""
    run("demo", "--format", "json")
    before = LadybugStore(tmp_path / "store.lbug").to_networkx()
    run("rebuild")
    after = LadybugStore(tmp_path / "store.lbug").to_networkx()
    assert sorted(after.nodes) == sorted(before.nodes)
    assert "entity:korea-computer-center" in after.nodes
    # A list loaded after the demo rebuilds with it.
    run("load", "auto", OFAC)
    run("rebuild")
    assert "entity:korea-computer-center" in LadybugStore(tmp_path / "store.lbug").to_networkx()


def test_a_key_a_judgement_retired_answers_with_its_new_key(
    run: Callable[..., str], tmp_path: Path
) -> None:
    """Split by a judgement, MOF's record of Korea Computer Center gets a key of its own;
    undone, it joins the OFAC entity again and its key retires: `provenance` given the
    retired key (a bookmark) answers for the entity now holding its records."""
    store = tmp_path / "store.lbug"
    run("load", "auto", OFAC, MOF)
    us_record = kcc_us(store)
    run("resolver", "judge", us_record, KCC_JP, "different")
    run("rebuild")
    split = entity_of(store, KCC_JP)
    assert split != entity_of(store, us_record)
    run("resolver", "undo", us_record, KCC_JP)
    run("rebuild")
    kcc = entity_of(store, KCC_JP)
    assert kcc == entity_of(store, us_record) and kcc != split
    out = run("provenance", split, "--format", "json")
    assert kcc in out or KCC_JP in out
    moves = (tmp_path / "store.resolver.moved.jsonl").read_text(encoding="utf-8")
    assert json.loads(moves.splitlines()[-1])["to"] == kcc
