"""Output that never carries control characters: CSV, JSON and warning lines show C0/C1
controls and bidi overrides/isolates escaped (``\\x1b``, ``\\u202e``), the table drops
them as before, and the store keeps every name as it was loaded."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.output import json_safe, render_rows, terminal_text, visible_text
from sanctiongraph.queries import run_query
from tests.support.hostile import ftm_line

LISTS = Path(__file__).parent / "fixtures" / "lists"

# ESC (a colour), BEL, a C1 CSI, a bidi override and an isolate pair, and a formula lead.
NAME = "Evil\x1b[31m Bell\x07 C1\x9b Bidi\u202eknaB Iso\u2066x\u2069 =cmd"
SHOWN = r"Evil\x1b[31m Bell\x07 C1\x9b Bidi\u202eknaB Iso\u2066x\u2069 =cmd"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_visible_text_escapes_every_control_and_bidi_character() -> None:
    assert visible_text(NAME) == SHOWN
    every = "".join(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)]))
    every += "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    one_line = visible_text(every, newlines=False)
    assert not RAW.search(one_line) and "\n" not in one_line and "\t" not in one_line
    assert visible_text("a\nb\tc") == "a\nb\tc"  # a CSV cell and a JSON string hold these
    assert visible_text("a\nb", newlines=False) == r"a\x0ab"
    assert visible_text("Kumgang Bank, 평양") == "Kumgang Bank, 평양"


def test_json_safe_keeps_structure_and_types() -> None:
    doc = {"n\x1b": [NAME, 3, None, {"k": "\u202e"}], "x": 1.5}
    assert json_safe(doc) == {r"n\x1b": [SHOWN, 3, None, {"k": r"\u202e"}], "x": 1.5}


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "g.lbug"))
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, list(args))
        assert result.exit_code == code, result.output + repr(result.exception)
        return result.output

    return invoke


@pytest.fixture()
def hostile(run: Callable[..., str], tmp_path: Path) -> Path:
    """A store holding a Source whose name carries every kind of control character."""
    path = tmp_path / "h.yaml"
    path.write_text(
        "format: sanctiongraph-curated/1\n"
        f"sources: [{{id: me, name: {json.dumps(NAME)}}}]\n"
        "authorities: [{id: kr, name: South Korea, kind: state, cite: ['me#1']}]\n",
        encoding="utf-8",
    )
    run("load", "curated", str(path), "--format", "json")
    return tmp_path / "g.lbug"


def test_the_store_keeps_the_name_as_loaded(hostile: Path) -> None:
    (row,) = [r for r in run_query(LadybugStore(hostile), "sources", {}) if r["key"] == "source:me"]
    assert row["name"] == NAME


def test_csv_output_shows_controls_escaped(run: Callable[..., str], hostile: Path) -> None:
    out = run("query", "sources", "--format", "csv")
    assert not RAW.search(out)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows if r["key"] == "source:me"] == [SHOWN]


def test_json_output_is_valid_and_reads_back_as_the_escaped_text(
    run: Callable[..., str], hostile: Path
) -> None:
    out = run("query", "sources", "--format", "json")
    assert not RAW.search(out)
    rows = json.loads(out)
    assert [r["name"] for r in rows if r["key"] == "source:me"] == [SHOWN]
    # One object (render_object) too.
    assert not RAW.search(run("stats", "--format", "json"))


def test_table_output_is_unchanged(run: Callable[..., str], hostile: Path) -> None:
    out = run("query", "sources")
    assert not RAW.search(out)
    # The table still drops controls rather than escaping them, as before.
    assert "Evil[31m" in out and r"\x1b" not in out
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_rows([{"name": NAME}], ("name",), "table", console)
    assert isinstance(console.file, io.StringIO)
    assert terminal_text(NAME).split()[0] in console.file.getvalue()


def test_report_csv_shows_controls_escaped(
    run: Callable[..., str], hostile: Path, tmp_path: Path
) -> None:
    path = tmp_path / "names.ftm.json"
    path.write_bytes(ftm_line("n1", NAME))
    report = tmp_path / "report.csv"
    run("load", "ftm", str(path), "--report", str(report), "--format", "json")
    text = report.read_text(encoding="utf-8")
    assert not RAW.search(text)
    names = [r["name"] for r in csv.DictReader(io.StringIO(text))]
    assert SHOWN in names


def test_warning_lines_show_controls_escaped(run: Callable[..., str], tmp_path: Path) -> None:
    # An undated OFAC file warns with its path: a path can hold ESC, BEL and bidi too.
    folder = tmp_path / "in"
    folder.mkdir()
    named = folder / "ofac\x1b[2J\x07\u202eX.csv"
    shutil.copy(LISTS / "sdn_csv_2021-07" / "sdn.csv", named)
    out = run("load", "auto", str(named), "--format", "json")
    warnings = [line for line in out.splitlines() if line.startswith("warning:")]
    assert warnings, out
    assert r"ofac\x1b[2J\x07\u202eX.csv" in warnings[0]
    assert not RAW.search(out)
