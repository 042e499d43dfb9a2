"""The manual stays true to the code: generated pages equal their generators, and every
command's help names a page that exists."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.manual import HOME, PAGES, REFERENCE

ROOT = Path(__file__).parents[1]


def test_queries_page_is_generated_from_the_query_headers() -> None:
    from sanctiongraph.manual.queries import BEGIN, END, PAGE, queries_markdown

    page = (ROOT / PAGE).read_text(encoding="utf-8")
    section = page.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section == "\n" + queries_markdown(), "run: python -m sanctiongraph.manual.queries"


def test_cli_page_is_generated_from_the_commands() -> None:
    from sanctiongraph.cli_reference import BEGIN, END, PAGE, cli_markdown

    text = (ROOT / PAGE).read_text(encoding="utf-8")
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section == "\n" + cli_markdown(), "run: python -m sanctiongraph.cli_reference"


def test_every_command_names_a_manual_page_that_exists() -> None:
    names = main.list_commands(click.Context(main))
    assert sorted(set(names) - set(PAGES)) == [], "add these commands to manual.PAGES"
    assert sorted(set(PAGES) - set(names)) == [], "manual.PAGES names commands that are gone"
    for page in {HOME, REFERENCE, *PAGES.values()}:
        assert (ROOT / page).is_file(), page


def test_help_ends_with_the_manual_page() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0 and f"Manual: {HOME}" in top.output
    for args in (["load"], ["review"], ["serve"], ["resolver", "undo"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0, result.output
        assert f"Manual: {PAGES[args[0]]}" in result.output


def test_the_manual_lists_the_shared_files_a_user_types_not_the_constant_naming_them() -> None:
    """A user reads the files and the command; `SHARED_DATA_FILES` is the code's name."""
    import re

    from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES

    pages = sorted((ROOT / "docs").glob("*.md"))
    assert [p.name for p in pages if "SHARED_DATA_FILES" in p.read_text(encoding="utf-8")] == []
    loading = (ROOT / "docs" / "loading.md").read_text(encoding="utf-8")
    section = loading.split("## Every shared file in one command", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    named = re.findall(r"^\s+(\S+\.\w+)(?: \\)?$", block, flags=re.MULTILINE)
    assert named == SHARED_DATA_FILES
