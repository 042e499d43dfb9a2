"""The load command's progress line: files i/N, phases and records; silent off a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from sanctiongraph.cli import main
from sanctiongraph.load_display import LoadDisplay, load_display
from sanctiongraph.loaders.progress import LINKING, READING_STORE, WRITING

FIXTURES = Path(__file__).parent / "fixtures" / "lists"


def test_the_line_names_the_file_its_phase_and_records(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.csv"
    first.write_bytes(b"x" * 300)
    second.write_bytes(b"y" * 100)
    console = Console(file=io.StringIO(), force_terminal=True, width=200)
    with load_display(console, [(first, "un-xml"), (second, "ofac-csv")]) as display:
        assert isinstance(display, LoadDisplay)
        task = display.bar.tasks[0]
        assert task.total == 400  # bytes of both files: what the time left is measured on
        display.next_file()
        display.phase(READING_STORE)
        assert task.description.startswith("file 1/2 a.xml (un-xml): reading the store")
        display.counted(1234, 5000)
        display.phase(WRITING)
        assert task.description == "file 1/2 a.xml (un-xml): writing · 1,234 records"
        display.next_file()
        assert task.completed == 300
        assert task.description.startswith("file 2/2 b.csv (ofac-csv): reading and matching")
        display.phase(LINKING)
        assert "linking events · 0 records" in task.description


def test_no_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "store.lbug"))
    result = CliRunner().invoke(main, ["load", "auto", str(FIXTURES / "un_consolidated.xml")])
    assert result.exit_code == 0, result.output
    assert "file 1/1" not in result.stderr and "records ·" not in result.stderr
    assert "━" not in result.stderr
