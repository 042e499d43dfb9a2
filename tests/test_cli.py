"""The command line, through click's runner, against a store in a temporary folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "store.json"))
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, list(args))
        assert result.exit_code == code, result.output + repr(result.exception)
        return result.output

    return invoke


def test_demo_tells_the_story(run: Callable[..., str]) -> None:
    out = run("demo", "--format", "json")
    story = json.loads(out)
    assert story["sectors"] == {"bank": 3, "minerals": 2, "transport": 10, "worker_dispatch": 4}
    assert [r["country"] for r in story["kcc_overseas"]] == [
        "China", "Germany", "India", "Syria", "United Arab Emirates",
    ]  # fmt: skip
    assert [(r["authority"], r["listed_on"], r["days_after"]) for r in story["response"]] == [
        ("South Korea", "2017-12-11", 12), ("Japan", "2017-12-15", 16),
    ]  # fmt: skip
    assert len(story["authorities"]) == 19
    table = run("demo")
    assert "Korea Computer Center" in table and "United Arab Emirates" in table


def test_query_multi_jurisdiction_json_as_in_the_issue(run: Callable[..., str]) -> None:
    run("demo", "--format", "json")
    rows = json.loads(run("query", "multi-jurisdiction", "--param", "min_authorities=3",
                          "--format", "json"))  # fmt: skip
    names = {r["entity"] for r in rows}
    assert {"Rason International Commercial Bank", "Korea Computer Center",
            "Korea Rungrado General Trading Corporation"} <= names  # fmt: skip


def test_query_csv_and_table(run: Callable[..., str]) -> None:
    run("demo", "--format", "json")
    csv_out = run("query", "overseas-branches", "-p", "entity=Korea Computer Center",
                  "--format", "csv")  # fmt: skip
    assert csv_out.splitlines()[0] == "entity,branch,city,country_code,country"
    assert len(csv_out.splitlines()) == 6
    assert "Syria" in run("query", "overseas-branches", "-p", "entity=korea computer center")


def test_stats_json_is_one_object(run: Callable[..., str]) -> None:
    run("demo", "--format", "json")
    stats = json.loads(run("stats", "--format", "json"))
    assert stats["nodes"]["Entity"] == 36 and stats["relationships"]["HAS_BRANCH"] == 33


def test_errors_are_one_clear_line(run: Callable[..., str]) -> None:
    run("demo", "--format", "json")
    out = run("query", "overseas-branches", "-p", "entity=Korea Computr Center", code=2)
    assert "no Entity named" in out and "Did you mean" in out and "Traceback" not in out
    assert "no named query" in run("query", "nope", code=2)
    assert "key=value" in run("query", "sources", "-p", "oops", code=2)


def test_load_curated_and_refuse_bad_file(run: Callable[..., str], tmp_path: Path) -> None:
    good = tmp_path / "mine.yaml"
    good.write_text(
        "format: sanctiongraph-curated/1\n"
        "sources: [{id: me, name: Me}]\n"
        "authorities: [{id: kr, name: South Korea, kind: state, cite: ['me#1']}]\n",
        encoding="utf-8",
    )
    rows = json.loads(run("load", "curated", str(good), "--format", "json"))
    assert rows == [
        {
            "file": str(good),
            "format": "curated",
            "records": 2,
            "merged": 0,
            "left_apart": 0,
            "nodes": 2,
            "relationships": 0,
        }
    ]
    before = run("stats", "--format", "json")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: sanctiongraph-curated/1\nentities: [{id: x}]\n", encoding="utf-8")
    out = run("load", "curated", str(bad), code=2)  # a user error: "error: …", status 2
    assert "bad.yaml: entities[0]" in out and "nothing of it was written" in out
    assert run("stats", "--format", "json") == before


def test_export_graphml_and_gexf_round_trip(run: Callable[..., str], tmp_path: Path) -> None:
    run("demo", "--format", "json")
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"g.{fmt}"
        run("export", "--format", fmt, "-o", str(path))
        g = reader(path)
        # The seed (178: 175, the UNSC meeting and two claims) and unsc_dprk.yaml (38).
        assert g.number_of_nodes() == 216
        kcc = g.nodes["entity:korea-computer-center"]
        assert kcc["name"] == "Korea Computer Center"
        assert json.loads(kcc["ofac_ent_num"]) == ["22323"]
    path = tmp_path / "g.json"
    run("export", "--format", "json", "-o", str(path))
    assert json.loads(path.read_text())["format"] == "sanctiongraph-graph/1"


def test_queries_lists_every_named_query(run: Callable[..., str]) -> None:
    rows = json.loads(run("queries", "--format", "json"))
    from sanctiongraph.queries import QUERIES

    assert len(rows) == len(QUERIES) >= 16 and rows[0]["name"] == "authority-totals"


def test_viz_draws_and_refuses_oversized_pictures(run: Callable[..., str], tmp_path: Path) -> None:
    run("demo", "--format", "json")
    page, png = tmp_path / "kcc.html", tmp_path / "kcc.png"
    run("viz", "--entity", "Korea Computer Center", "--html", str(page), "--png", str(png))
    assert page.stat().st_size > 100_000 and png.stat().st_size > 10_000
    out = run("viz", "multi-jurisdiction", "-p", "min_authorities=1", "--limit", "20",
              "--html", str(page), code=2)  # fmt: skip
    assert "more than the limit of 20" in out and "--sample" in out
    out = run("viz", "multi-jurisdiction", "-p", "min_authorities=1", "--limit", "20",
              "--sample", "1", "--html", str(page))  # fmt: skip
    assert "drew" in out
    story = tmp_path / "story.html"
    run("demo", "--format", "json", "--html", str(story))
    assert "Hwasong-15" in story.read_text(encoding="utf-8")


LISTS = Path(__file__).parent / "fixtures" / "lists"


def test_load_auto_detects_and_reports_merges(run: Callable[..., str], tmp_path: Path) -> None:
    report = tmp_path / "matches.csv"
    files = [str(LISTS / "sdn_csv_2021-07" / "sdn.csv"), str(LISTS / "jp_mof_20260305.xlsx")]
    rows = json.loads(run("load", "auto", *files, "--report", str(report), "--format", "json"))
    assert [r["format"] for r in rows] == ["ofac-csv", "jp-mof"]
    assert rows[1]["merged"] >= 19  # the 19 Japan listed in 2017, all on OFAC's list
    text = report.read_text(encoding="utf-8")
    assert "same imo_company 5878589" in text and "entity:korea-computer-center" in text
    # Loaded twice: the editions are in the store already; nothing is read or written.
    from sanctiongraph.graph.ladybug_store import LadybugStore

    before = LadybugStore(tmp_path / "store.json").to_networkx()  # the embedded store
    assert before.number_of_nodes() > 100
    out = run("load", "auto", *files)
    assert out.count("is already in the store, from a file of the same content: nothing") == 2
    after = LadybugStore(tmp_path / "store.json").to_networkx()
    assert dict(after.nodes(data=True)) == dict(before.nodes(data=True))
    assert list(after.edges(keys=True, data=True)) == list(before.edges(keys=True, data=True))
    # A log outlives a database emptied by other means (a Neo4j server's log sits
    # beside the embedded store): the edition is not in the store, so it loads.
    import shutil

    for leftover in tmp_path.glob("store.json*"):
        if leftover.name == "store.json" or leftover.suffix in (".wal", ".lock"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    out = run("load", "auto", files[0])
    assert "already in the store" not in out
    assert LadybugStore(tmp_path / "store.json").to_networkx().number_of_nodes() > 100
    # The demo's seed cites these files with the loaders' Source and record ids:
    # on it, the files' entries are records it already has, not merges.
    other = ("--store-path", str(tmp_path / "demo.lbug"))
    run(*other, "demo", "--format", "json")
    decisions = tmp_path / "on-demo.csv"
    run(*other, "load", "auto", *files, "--report", str(decisions), "--format", "json")
    seeded = decisions.read_text(encoding="utf-8")
    assert "entity:korea-computer-center,same-record" in seeded


def test_matches_shows_evidence_without_writing(run: Callable[..., str]) -> None:
    run("demo", "--format", "json")
    before = run("stats", "--format", "json")
    rows = json.loads(run("matches", "uk-csv", str(LISTS / "uk_conlist.csv"), "--format", "json"))
    rungrado = [r for r in rows if r["entity"].endswith("rungrado-general-trading-corporation")]
    assert rungrado and rungrado[0]["outcome"] == "name"
    assert run("stats", "--format", "json") == before


def test_load_names_the_file_and_record_of_a_broken_list(
    run: Callable[..., str], tmp_path: Path
) -> None:
    bad = tmp_path / "un.xml"
    bad.write_bytes((LISTS / "un_consolidated.xml").read_bytes()[:5000])
    out = run("load", "auto", str(bad), code=2)
    assert "un.xml: line" in out and "not well-formed XML" in out
    assert "nothing of it was written" in out
    unknown = tmp_path / "notes.txt"
    unknown.write_text("hello\n", encoding="utf-8")
    assert "cannot tell the format" in run("load", "auto", str(unknown), code=2)


def test_query_says_how_to_allow_hubs(run: Callable[..., str]) -> None:
    run("demo", "--format", "json")
    a = "Korea Rungrado General Trading Corporation"
    b = "entity:korea-general-corporation-for-external-construction"
    asked = [
        "query",
        "connection-path",
        "-p",
        f"entity_a={a}",
        "-p",
        f"entity_b={b}",
        "--format",
        "csv",
    ]
    assert "-p hubs=true walks through them" in run(*asked)
    out = run(*asked, "-p", "hubs=true")
    assert "same country" in out and "walks through them" not in out


def test_tables_to_a_pipe_never_wrap(run: Callable[..., str]) -> None:
    # CliRunner's output is not a terminal, as a pipe is not: a table folded at 80 columns
    # would split "source:jp-mof-xlsx-2026-03-05" over lines.
    out = run("demo")
    kumgang = [line for line in out.splitlines() if "│ Kumgang Bank " in line and "│ bank" in line]
    assert len(kumgang) == 1
    assert "source:japantimes-2017-12-15; source:jp-mof-xlsx-2026-03-05" in kumgang[0]
    assert len(kumgang[0]) > 80
    # Every line of one table is as wide as its border; the title is a line of its own.
    lines = out.splitlines()
    top = lines.index("The 19 organisations Japan listed on 2017-12-15, by sector") + 1
    width = len(lines[top])
    body = lines[top : top + 3 + 19 + 1]  # border, header, rule, 19 rows, border
    assert all(len(line) == width for line in body), body
    assert body[-1].startswith("└")


def test_atlas_says_how_to_load_the_events_when_none_are_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "store.lbug"))
    runner = CliRunner()
    empty = runner.invoke(main, ["atlas", "--format", "csv"])
    assert empty.exit_code == 0, empty.output
    assert empty.stdout.splitlines() == [",".join(
        ("event", "event_date", "authority", "listings", "first_listed", "lag_days", "basis")
    )]  # fmt: skip
    hint = empty.stderr
    assert "sanctiongraph load curated" in hint
    # The command it names is one a user can run as printed: it loads the links.
    command = hint.split("Load them with: ", 1)[1].split()
    assert command[:3] == ["sanctiongraph", "load", "curated"]
    loaded = runner.invoke(main, ["load", "curated", *command[3:]])
    assert loaded.exit_code == 0, loaded.output
    atlas = runner.invoke(main, ["atlas", "--format", "csv"])
    assert atlas.exit_code == 0, atlas.output
    # The seed's answers to the Hwasong-15 launch of 2017-11-29.
    assert "Hwasong-15 ICBM launch,2017-11-29,Japan,19,2017-12-15,16,cited" in atlas.stdout
    assert "load curated" not in atlas.stderr
