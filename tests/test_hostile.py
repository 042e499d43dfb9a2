"""Hostile and huge input (issue 11): the generated corpus of ``sanctiongraph.hostile``,
wrong-format files, and names that attack the outputs.

Every corpus file is loaded with the limits lowered for it (so that files stay
small): the error must be exactly the one line the case names (file, line or
part, limit and setting) and the store must be exactly as before. The bombs
also load in a child process of their own, whose peak memory (VmHWM) must stay
bounded: without the limits such files took gigabytes.

These tests use the in-process networkx store; the store-independent parts of
the checks (all of a load's reading happens before a store is written) hold for
every store.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from rich.console import Console

from sanctiongraph.cli import main
from sanctiongraph.graph.export import export_graph
from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.hostile import (
    Case,
    case_limits,
    cases,
    ftm_line,
    sheet_part,
    uk_csv,
    uk_row,
)
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.curated import load_seed
from sanctiongraph.loaders.registry import FORMATS, detect, load_file
from sanctiongraph.loaders.sheets import iter_rows
from sanctiongraph.output import csv_cell, render_rows, terminal_text, xml_text
from sanctiongraph.xlsx import write_xlsx
from tests.scenario import snapshot
from tests.test_loaders import FIXTURES, LISTS

CASES = cases()


@pytest.fixture(scope="module", params=["memory", "embedded"])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The seed in each store the corpus runs against (Neo4j: tests/test_bad_input.py)."""
    store: Any
    if request.param == "memory":
        store = MemoryStore()
    else:
        from sanctiongraph.graph.ladybug_store import LadybugStore

        store = LadybugStore(tmp_path_factory.mktemp("hostile") / "graph.lbug")
    load_seed(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def seeded_before(seeded: MemoryStore) -> Any:
    return snapshot(seeded)


def _refused(store: MemoryStore, before: Any, fmt: str, path: Path, **kw: Any) -> str:
    """Load ``path``; it must fail with one line naming the file and change nothing."""
    with pytest.raises(LoadError) as caught:
        load_file(store, fmt, path, batch_size=7, **kw)
    text = str(caught.value)
    assert "\n" not in text and text.startswith(f"{path}: "), text
    assert snapshot(store) == before, f"{path} changed the store"
    return text


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case_is_refused_exactly(
    case: Case, tmp_path: Path, seeded: MemoryStore, seeded_before: Any
) -> None:
    path = tmp_path / case.filename
    case.write(path)
    text = _refused(seeded, seeded_before, case.fmt, path, limits=case_limits(case))
    assert text == f"{path}: {case.expect}"


BOMBS = [c for c in CASES if c.peak_mb]


@pytest.mark.parametrize("case", BOMBS, ids=[c.name for c in BOMBS])
def test_bombs_load_in_bounded_memory(case: Case, tmp_path: Path) -> None:
    """The load runs in a child process of its own, which reports its peak RSS (VmHWM).

    (Not the parent's ``wait4``/``RUSAGE_CHILDREN`` figure: on Linux a child's max RSS
    keeps the high-water mark of the parent's memory it was forked from, so a large
    test process would be measured, not the load.)
    """
    path = tmp_path / case.filename
    case.write(path)
    done = subprocess.run(
        [sys.executable, "-m", "sanctiongraph.hostile", "load", case.name, str(path)],
        capture_output=True,
        env={**os.environ, **case.limits},
        check=True,
    )
    result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert result["error"] == f"{path}: {case.expect}"
    assert result["unchanged"]
    assert result["peak_mb"] < (case.peak_mb or 0), f"peak {result['peak_mb']:.0f} MB"


def test_styled_empty_cells_far_away_are_not_counted(tmp_path: Path) -> None:
    """Excel writes a row's height or a cell's style without a value: calamine keeps no
    cell for it, so the rectangle check must not count it either."""
    rows = iter([b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
                 b'<row r="1048576" ht="20" customHeight="1"><c r="XFD1048576" s="1"/></row>',
                 b'<row r="1048575" ht="20" customHeight="1"/>'])  # fmt: skip
    path = write_xlsx(tmp_path / "styled.xlsx", {"Data": sheet_part(rows)}, raw=["Data"])
    assert [row for _, _, row in iter_rows(path)] == [("x",)]


# -- wrong files -------------------------------------------------------------------------

# For each format, two fixtures of other formats (the next ones in the list).
_WRONG = [
    (fmt, FIXTURES[(i + k) % len(FIXTURES)][0])
    for i, fmt in enumerate(f for f in FORMATS if f != "curated")
    for k in (1, 4)
    if FIXTURES[(i + k) % len(FIXTURES)][1] != fmt
]


@pytest.mark.parametrize(("fmt", "name"), _WRONG)
def test_a_file_of_another_format_is_refused(
    fmt: str, name: str, seeded: MemoryStore, seeded_before: Any
) -> None:
    _refused(seeded, seeded_before, fmt, LISTS / name)


@pytest.mark.parametrize("name", ["jp_meti_20250929.xlsx", "uk_conlist.xlsx"])
def test_jp_mof_refuses_other_workbooks(name: str, seeded: MemoryStore, seeded_before: Any) -> None:
    text = _refused(seeded, seeded_before, "jp-mof", LISTS / name)
    assert text.endswith("not a Japan MOF asset-freeze list: no sheet has a header row starting "
                         "告示日付")  # fmt: skip


def test_unknown_schemata_are_refused(
    tmp_path: Path, seeded: MemoryStore, seeded_before: Any
) -> None:
    targets = tmp_path / "targets.simple.csv"
    targets.write_text("id,schema,name,aliases,countries,identifiers,program_ids,dataset\n"
                       "a,Person,A B,,,,UA-X,ua\nb,Banana,C D,,,,UA-X,ua\n")  # fmt: skip
    text = _refused(seeded, seeded_before, "os-targets-csv", targets)
    assert text == f"{targets}: line 3: unknown schema 'Banana' (expected one of Airplane, " \
        "Company, LegalEntity, Organization, Person, PublicBody, Vessel)"  # fmt: skip
    journal = tmp_path / "journal.csv"
    journal.write_text("celex,recordId,programKey,annex,startDate,schema,name\n"
                       "32017R1509,1,EU-PRK,XIII.A,1.1.2017,Sanction,Jose\n")  # fmt: skip
    text = _refused(seeded, seeded_before, "eu-journal-csv", journal)
    assert text.startswith(f"{journal}: line 2: unknown schema 'Sanction'")


def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        detect(fifo)


# -- names that attack the outputs -------------------------------------------------------

HOSTILE_NAMES = [
    '=HYPERLINK("http://example.org/x","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3 Trading",
    "\tTabbed Trading",
    "\x1b[31mRed Corporation\x1b[0m",
    "Bell\x07 Company",
    "Right\u202eLeft Corporation",
]


@pytest.fixture()
def hostile_ftm(tmp_path: Path) -> Path:
    path = tmp_path / "names.ftm.json"
    path.write_bytes(b"".join(ftm_line(f"n{i}", n) for i, n in enumerate(HOSTILE_NAMES)))
    return path


def test_csv_cells_never_run_as_formulas() -> None:
    rows = [{"name": n, "n": v} for n, v in zip(HOSTILE_NAMES, range(-4, 4), strict=False)]
    console = Console(file=io.StringIO(), width=200)
    render_rows(rows, ("name", "n"), "csv", console)
    assert isinstance(console.file, io.StringIO)
    read = list(csv.reader(io.StringIO(console.file.getvalue())))[1:]
    for (name, n), original in zip(read, HOSTILE_NAMES, strict=True):
        if original[0] in "=+-@\t\r":
            assert name == "'" + original
        assert not name.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert n.lstrip("-").isdigit()  # plain numbers stay numbers, negative ones too
    assert csv_cell("-3.5") == "-3.5" and csv_cell(-3) == -3


def test_table_output_drops_control_characters() -> None:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_rows([{"name": n} for n in HOSTILE_NAMES], ("name",), "table", console)
    assert isinstance(console.file, io.StringIO)
    text = console.file.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "Red Corporation" in text and terminal_text("a\x1bb") == "ab"


def test_hostile_names_load_and_export(hostile_ftm: Path, tmp_path: Path) -> None:
    store = MemoryStore()
    load_file(store, "ftm", hostile_ftm)
    g = store.to_networkx()
    names = {a["name"] for _, a in g.nodes(data=True) if a.get("label") == "Entity"}
    # Data is kept as published (the loaders only tidy spaces and trailing brackets).
    for lead in ("=HYPERLINK", "+cmd", "@SUM", "-2+3", "\x1b[31mRed", "Bell\x07"):
        assert any(n.startswith(lead) for n in names), lead
    for fmt in ("graphml", "gexf"):
        out = export_graph(g, fmt, tmp_path / f"g.{fmt}")
        back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        exported = {str(a.get("name")) for _, a in back.nodes(data=True)}
        assert xml_text("\x1b[31mRed Corporation\x1b[0m") in exported
        assert not any("\x1b" in n or "\x07" in n for n in exported)


def test_cli_report_and_errors(hostile_ftm: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    store = ["--store-path", str(tmp_path / "graph.json")]
    report = tmp_path / "report.csv"
    result = runner.invoke(main, [*store, "load", "ftm", str(hostile_ftm), "--report", str(report)])
    assert result.exit_code == 0, result.output
    with report.open(newline="", encoding="utf-8") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert any(c.startswith("'=HYPERLINK") for c in cells), cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)

    # A load error is a user error like any other: one line, "error:", exit status 2.
    bad = tmp_path / "uk.csv"
    bad.write_bytes(uk_csv([uk_row("KOREA", 1), uk_row("KO\x00REA", 2)]))
    result = runner.invoke(main, [*store, "load", "uk-csv", str(bad)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: line 4: not cp1252 text")

    # A 100 KB parameter is not echoed whole.
    huge = "x" * 100_000
    result = runner.invoke(main, [*store, "query", "overseas-branches", "-p", f"entity={huge}"])
    assert result.exit_code == 2
    assert len(result.stderr) < 2_000 and "characters left out" in result.stderr
