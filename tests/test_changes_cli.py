"""`changes`, `editions` and `timeline --list` as a user meets them (issue 17's new-user
findings): a list without stable ids, the table's summary, dates out of range, and the
drawing without the viz extra."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.un_editions import UN_2018, dataids, edition

LISTS = Path(__file__).parent / "fixtures" / "lists"
MOF_A, MOF_B = "source:jp-mof-xlsx-2026-03-05", "source:jp-mof-xlsx-2027-01-01"


def _run(tmp: Path, *args: str, code: int = 0) -> Any:
    from sanctiongraph.cli import main

    env = {
        "SANCTIONGRAPH_STORE": str(tmp / "s.lbug"),
        "SANCTIONGRAPH_RESOLVER": str(tmp / "resolver.jsonl"),
    }
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == code, result.output
    return result


def _mof_next_edition(tmp: Path) -> Path:
    """The fixture's next edition as the ministry makes them: the North Korea sheet
    renumbered (16 -> 17: every row id of it changes, nothing it says does), one entry
    renamed, one dropped."""
    wb = openpyxl.load_workbook(LISTS / "jp_mof_20260305.xlsx")
    ws = next(w for w in wb.worksheets if w.title.startswith("16."))
    ws.title = "17." + ws.title.split(".", 1)[1]
    rows = list(ws.iter_rows())
    renamed = next(r for r in rows if r[3].value == "Kumgang Bank")
    renamed[3].value = "Kumgang Bank Corporation"
    dropped = next(i for i, r in enumerate(rows, 1) if r[3].value == "Parsek LLC")
    ws.delete_rows(dropped)
    out = tmp / "jp_mof_20270101.xlsx"
    wb.save(out)
    return out


@pytest.fixture
def mof(tmp_path: Path) -> Path:
    _run(tmp_path, "load", "jp-mof", str(LISTS / "jp_mof_20260305.xlsx"))
    _run(tmp_path, "load", "jp-mof", str(_mof_next_edition(tmp_path)))
    return tmp_path


def test_a_list_without_stable_ids_is_compared_by_content_and_both_commands_agree(
    mof: Path,
) -> None:
    result = _run(mof, "changes", "--from", MOF_A, "--to", MOF_B, "--format", "json")
    rows = json.loads(result.stdout)
    # Renumbered rows are the same entries; no row is paired with another by its number.
    assert sorted((r["change"], r["name"]) for r in rows) == [
        ("added", "Kumgang Bank Corporation"),
        ("removed", "Kumgang Bank"),
        ("removed", "Parsek LLC"),
    ]
    assert "no stable record ids" in result.stderr and "exact content" in result.stderr
    history = json.loads(_run(mof, "editions", "jp-mof-asset-freeze", "--format", "json").stdout)
    assert [(h["added"], h["removed"]) for h in history] == [(None, 0), (1, 2)]
    assert history[1]["entries"] == history[0]["entries"] - 1
    since = _run(mof, "changes", "--list", "jp-mof-asset-freeze", "--since", "2026-06-01",
                 "--format", "json").stdout  # fmt: skip
    assert json.loads(since) == rows


def test_the_named_query_pairs_a_list_without_stable_ids_by_content_on_every_store(
    any_store: Any, tmp_path: Path
) -> None:
    """`edition-changes` agrees with `changes` on MOF: the renumbered sheet is no
    change, the renamed entry is one removed and one added (though the graph keeps it
    on one entity), the dropped one removed."""
    from sanctiongraph.ingest.load import load_file
    from sanctiongraph.queries import run_query

    load_file(any_store, "jp-mof", LISTS / "jp_mof_20260305.xlsx")
    load_file(any_store, "jp-mof", _mof_next_edition(tmp_path))
    rows = run_query(any_store, "edition-changes", {"older": MOF_A, "newer": MOF_B})
    assert [(r["change"], r["entity"], r["reference"]) for r in rows] == [
        ("added", "Kumgang Bank", "50"),
        ("removed", "Kumgang Bank", "50"),
        ("removed", "Parsek LLC", "58"),
    ]
    # Read the other way (the newer edition as the older), the two entries it lacks are
    # the ones added: what was content-paired stays paired.
    back = run_query(any_store, "edition-changes", {"older": MOF_B, "newer": MOF_A})
    assert sorted(r["change"] for r in back) == ["added", "added", "removed"]


def test_since_before_the_first_edition_and_from_newer_than_to_are_refused(mof: Path) -> None:
    early = _run(mof, "changes", "--list", "jp-mof-asset-freeze", "--since", "2010-01-01", code=2)
    assert early.stderr.splitlines() == [
        "error: no edition of jp-mof-asset-freeze was in force on 2010-01-01: its first in "
        f"the store is of 2026-03-05 ({MOF_A})"
    ]
    swapped = _run(mof, "changes", "--from", MOF_B, "--to", MOF_A, code=2)
    [line] = swapped.stderr.splitlines()
    assert line.startswith("error: --from") and "is newer than --to" in line
    assert not swapped.stdout


@pytest.mark.realdata
def test_the_table_starts_with_the_counts_and_shortens_long_cells_only(
    data_dir: Path, tmp_path: Path
) -> None:
    a = data_dir / UN_2018
    ids = dataids(a)
    long_name = "RENAMED " + "X" * 400
    b = edition(data_dir, tmp_path / "b.xml", "2019-06-01", remove=tuple(ids[:2]),
                rename={ids[10]: long_name})  # fmt: skip
    _run(tmp_path, "load", "un-xml", str(a), str(b))
    sa, sb = "source:unsc-consolidated-2018-10-29", "source:unsc-consolidated-2019-06-01"
    table = _run(tmp_path, "changes", "--from", sa, "--to", sb).stdout
    assert table.splitlines()[0] == f"{sa} -> {sb}: 0 added, 2 removed, 1 amended"
    assert "characters left out" in table and "X" * 200 not in table
    assert max(len(line) for line in table.splitlines()) < 600
    rows = json.loads(_run(tmp_path, "changes", "--from", sa, "--to", sb, "--format",
                           "json").stdout)  # fmt: skip
    [amended] = [r for r in rows if r["change"] == "amended"]
    assert long_name in amended["new"]
    csv = _run(tmp_path, "changes", "--from", sa, "--to", sb, "--format", "csv").stdout
    assert long_name in csv and "left out" not in csv


def test_a_list_page_needs_no_matplotlib_and_the_picture_says_its_extra(
    mof: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as on a plain install
    _run(mof, "timeline", "--list", "jp-mof-asset-freeze", str(mof / "mof.html"))
    page = (mof / "mof.html").read_text(encoding="utf-8")
    assert f"<td>{MOF_B}</td>" in page and "pip install &#x27;.[viz]&#x27;" in page
    png = _run(mof, "timeline", "--list", "jp-mof-asset-freeze", str(mof / "mof.png"), code=2)
    assert png.stderr.strip() == (
        "error: PNG and SVG drawings need the viz extra (matplotlib): pip install '.[viz]'"
    )
    assert not (mof / "mof.png").exists()


def test_the_list_picture_has_whole_counts_and_marks_the_first_edition(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sanctiongraph.viz import list_history

    rows = [
        {"date": "2018-10-29", "entries": 1093, "added": None, "removed": 0},
        {"date": "2019-06-01", "entries": 1092, "added": 2, "removed": 3},
    ]
    monkeypatch.setattr(list_history, "history", lambda *_: rows)
    drawn: list[Any] = []
    real_save = list_history.save

    def keep(fig: Any, path: Path, *a: Any, **k: Any) -> Path:
        fig.canvas.draw()
        drawn.append(fig.axes[0])
        return real_save(fig, path, *a, **k)

    monkeypatch.setattr(list_history, "save", keep)
    store: Any = None  # history is replaced above: the store is never read
    list_history.write_list_history(store, tmp_path / "un.png", "un-sc-consolidated")
    [ax] = drawn
    assert all(float(t).is_integer() for t in ax.get_yticks())
    assert any("first edition: 1,093 entries" in t.get_text() for t in ax.texts)
    assert (tmp_path / "un.png").stat().st_size > 0
    plt.close("all")


def test_each_naming_scheme_points_to_the_other_in_one_line(tmp_path: Path) -> None:
    fetch = _run(tmp_path, "fetch", "un-sc-consolidated", code=2)
    [line] = fetch.stderr.splitlines()
    assert line.startswith("error: un-sc-consolidated is a list") and "format: un-xml" in line
    [line] = _run(tmp_path, "fetch", "gb-ofsi-conlist", code=2).stderr.splitlines()
    assert "uk-csv or uk-xlsx" in line
    for args in (("editions", "uk-csv"), ("changes", "--list", "uk-xlsx", "--since", "2020-01-01"),
                 ("timeline", "--list", "uk-csv", str(tmp_path / "x.html"))):  # fmt: skip
        [line] = _run(tmp_path, *args, code=2).stderr.splitlines()
        assert line.startswith("error: ") and "a list: gb-ofsi-conlist" in line, line
    [line] = _run(tmp_path, "editions", "nope", code=2).stderr.splitlines()
    assert "un-sc-consolidated" in line and "jp-meti-user-list" in line
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("--bogus",),
        ("no-such-command",),
        ("editions", "--format", "xml", "un-sc-consolidated"),
        ("fetch",),
        ("changes", "--since"),
    ],
)
def test_usage_errors_are_one_error_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    [line] = _run(tmp_path, *args, code=2).stderr.splitlines()
    assert line.startswith("error: ") and line.endswith("--help` for usage)"), line


def test_every_declared_format_of_a_list_is_a_format() -> None:
    from sanctiongraph.loaders.editions import lists
    from sanctiongraph.loaders.registry import FORMATS

    for lst in lists():
        assert lst.formats and set(lst.formats) <= set(FORMATS), lst.id


def test_matches_names_the_authority_codes_and_reads_usual_names(mof: Path) -> None:
    [line] = _run(mof, "matches", "--authority", "xx", code=2).stderr.splitlines()
    assert line.startswith("error: ") and "'xx'" in line and "jp, mof" in line
    for said in ("jp", "Japan", "mof"):
        _run(mof, "matches", "--authority", said, "--format", "json")
    from sanctiongraph.resolution.queue import _said

    assert (_said("opensanctions"), _said("United Kingdom"), _said("UN")) == ("os", "gb", "unsc")


def test_a_long_table_to_a_file_is_what_rich_prints() -> None:
    """The fast path for many rows (rich lays out the head, the rows are padded here) gives
    the bytes rich gives for the whole table: wide characters, markup-like and emoji-code
    text, control characters and empty cells included."""
    import io

    from rich.console import Console

    from sanctiongraph import output

    rows = [
        {"name": "KIM Chol Nam", "local": "김철남", "note": "[bold]x[/bold]", "n": 1},
        {"name": "モハンマド・ハッサン", "local": ":smile: \x1b[2J", "note": None, "n": 22},
        {"name": "", "local": "عبدالخالق", "note": "=1+1", "n": 333},
    ] * 3
    columns = ("name", "local", "note", "n")
    fast = io.StringIO()
    output.render_rows(rows, columns, "table", Console(file=fast), title="t [x]")
    heads = [output.terminal_text(c) for c in columns]
    cells = [[output.terminal_text(output._cell(r.get(c))) for c in columns] for r in rows]
    slow = io.StringIO()
    output.print_table(Console(file=slow), output._table("t [x]", heads, cells))
    assert fast.getvalue() == slow.getvalue()
    assert "\x1b" not in fast.getvalue() and "[bold]x[/bold]" in fast.getvalue()
