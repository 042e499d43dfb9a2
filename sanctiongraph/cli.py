"""The ``sanctiongraph`` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from sanctiongraph.manual import manual_line
from sanctiongraph.settings import Settings, load_settings, resolver_for

# What a command does not use is imported inside it: `--help` and a query should
# cost what they do, not what the whole toolkit imports (networkx, rich, loaders).
if TYPE_CHECKING:
    from rich.console import Console

    from sanctiongraph.graph.store import Store

FORMATS = ("table", "json", "csv")


def _user_errors() -> tuple[type[Exception], ...]:
    """Errors a user can act on: shown as one line, no traceback. Imported when an
    error is being handled, by which time the module that raised it is loaded."""
    from sanctiongraph.graph.resolve import Ambiguous, NotFound
    from sanctiongraph.graph.store import StoreError
    from sanctiongraph.queries import QueryError
    from sanctiongraph.viz import MissingExtra

    return (MissingExtra, QueryError, NotFound, Ambiguous, StoreError, ValueError, OSError)


def render_rows(*args: Any, **kwargs: Any) -> None:
    from sanctiongraph.output import render_rows as render

    render(*args, **kwargs)


def render_object(*args: Any, **kwargs: Any) -> None:
    from sanctiongraph.output import render_object as render

    render(*args, **kwargs)


def get_query(name: str) -> Any:
    from sanctiongraph.queries import get_query as get

    return get(name)


def run_query(store: Store, name: str, params: Any) -> list[dict[str, Any]]:
    from sanctiongraph.queries import run_query as run

    return run(store, name, params)


STORY_EVENT = "event:2017-11-29-hwasong-15"
STORY_DATE = "2017-12-15"


@dataclass
class Ctx:
    settings: Settings
    backend: str | None
    store_path: Path | None
    _out: Console | None = None
    _err: Console | None = None

    @property
    def out(self) -> Console:
        if self._out is None:
            from rich.console import Console

            self._out = Console(soft_wrap=False)
        return self._out

    @property
    def err(self) -> Console:
        if self._err is None:
            from rich.console import Console

            # Warnings and errors are one line each, whatever the terminal's width: a line
            # broken inside a file name cannot be searched or pasted (progress bars are unaffected).
            self._err = Console(stderr=True, soft_wrap=True)
        return self._err

    def open(self) -> Store:
        from sanctiongraph.graph.open import open_store

        return open_store(self.settings, self.backend, self.store_path)

    def limit(self, timeout: float | None, max_rows: int | None) -> None:
        """Command-line limits override the settings for this command."""
        limits = self.settings.limits
        if timeout is not None:
            limits = replace(limits, query_timeout=timeout)
        if max_rows is not None:
            limits = replace(limits, max_rows=max_rows)
        self.settings = replace(self.settings, limits=limits)

    def resolver_path(self) -> Path:
        """The resolver file of match judgements (SANCTIONGRAPH_RESOLVER, else beside the store)."""
        return resolver_for(self.settings, self.store_path, self.backend)

    def protected(self) -> list[Path]:
        """The files no output may replace: the store, its lock, the resolver and its logs."""
        from sanctiongraph.paths import store_files

        return store_files(self.store_path or self.settings.store_path, self.resolver_path())

    def check_outputs(self, *paths: Path | None) -> None:
        """Refuse, before any work, an output path that is one of the store's files."""
        from sanctiongraph.paths import check_output

        protected = self.protected()
        for path in paths:
            if path is not None:
                check_output(path, protected)

    def output(self, path: Path) -> AbstractContextManager[Path]:
        """Write ``path`` through a temporary copy beside it (see ``sanctiongraph.paths``)."""
        from sanctiongraph.paths import written

        return written(path, self.protected())


# Commands that live with what they own, imported only when run: (module, attribute, help).
_LAZY = {
    "fetch": (
        "sanctiongraph.fetch.command", "fetch",
        "Download lists from their publishers into an archive; load new editions.",
    ),
    "review": (
        "sanctiongraph.ingest.commands", "review",
        "Judge candidate pairs one by one: s(ame), d(ifferent), u(nsure).",
    ),
    "resolver": (
        "sanctiongraph.ingest.commands", "resolver",
        "The resolver file of judgements: list, undo, export, merge.",
    ),
    "rebuild": (
        "sanctiongraph.ingest.commands", "rebuild_command",
        "Re-derive the store from its load log with the judgements.",
    ),
    "provenance": (
        "sanctiongraph.ingest.commands", "provenance_command",
        "Which record asserted which value of an entity.",
    ),
}  # fmt: skip


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY and name not in self.commands:
            import importlib

            module, attr, _ = _LAZY[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        command = super().get_command(ctx, name)
        # Every command's help ends with the manual page that explains it, and so does the
        # help of a command group's own commands (`resolver undo`).
        for each in [command, *getattr(command, "commands", {}).values()]:
            if each is not None and each.epilog is None:
                each.epilog = manual_line(name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in _LAZY:
                # The table's line, loaded or not: the listing must not change with
                # whether a command's module happens to be imported already.
                rows.append((name, _LAZY[name][2]))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as err:
            _usage_error(err)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            _usage_error(err)
        except Exception as err:
            if not isinstance(err, _user_errors()):
                raise
            _error_line(str(err))


def _usage_error(err: click.UsageError) -> NoReturn:
    """The manual promises one `error: …` line for every user error; click's own form is
    three lines, "Usage:", "Try …" and "Error: …"."""
    where = err.ctx.command_path if err.ctx else "sanctiongraph"
    _error_line(f"{err.format_message()} (`{where} --help` for usage)")


def _error_line(message: str) -> NoReturn:
    from rich.console import Console

    from sanctiongraph.output import clip, terminal_text

    # One line, whatever the error holds: no control characters, no 100 KB value.
    text = clip(terminal_text(message, newlines=False), 1000)
    Console(stderr=True, soft_wrap=True).print(f"[red]error:[/red] {_plain(text)}", highlight=False)
    sys.exit(2)


class _FormatChoice(click.ParamType):  # type: ignore[type-arg]
    """A list format name, checked against the registry only when a value is given."""

    name = "FORMAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        names = _format_names()
        if value not in names:
            self.fail(f"{value!r} is not a list format; choose one of: {', '.join(names)}")
        return str(value)


def _plain(text: str) -> str:
    from rich.markup import escape

    return escape(text)


format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table for people; json (one JSON document on stdout) or csv for programs.",
)  # fmt: skip


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--timeout and --max-rows: this command's query limits (settings otherwise)."""
    command = click.option(
        "--max-rows", type=click.IntRange(min=1), default=None,
        help="Refuse results longer than this (default SANCTIONGRAPH_MAX_ROWS, 100000).",
    )(command)  # fmt: skip
    return click.option(
        "--timeout", type=click.FloatRange(min=0.001), default=None, metavar="SECONDS",
        help="Stop the query after this long (default SANCTIONGRAPH_QUERY_TIMEOUT, 120).",
    )(command)  # fmt: skip


@click.group(cls=_Group, epilog=manual_line())
@click.option(
    "--store", "backend", default=None, metavar="embedded|memory|neo4j|URI",
    help="Backend: embedded (LadybugDB on disk), memory (networkx, kept nowhere), neo4j "
    "(NEO4J_URI) or a Bolt URI; default SANCTIONGRAPH_BACKEND, else embedded.",
)  # fmt: skip
@click.option(
    "--store-path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Database file of the embedded store; default SANCTIONGRAPH_STORE, "
    "else ~/.local/share/sanctiongraph/graph.lbug.",
)  # fmt: skip
@click.version_option(package_name="sanctiongraph")
@click.pass_context
def main(ctx: click.Context, backend: str | None, store_path: Path | None) -> None:
    """Sanctions lists as a knowledge graph: load, query with Cypher, explore."""
    ctx.obj = Ctx(settings=load_settings(), backend=backend, store_path=store_path)


def _format_names() -> list[str]:
    from sanctiongraph.loaders.registry import FORMATS as LIST_FORMATS

    return ["auto", *LIST_FORMATS]


@main.command()
@click.argument("list_format", metavar="FORMAT", type=_FormatChoice())
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every matching decision (merged, new, left apart) to this CSV.",
)
@click.option(
    "--list-date",
    default=None,
    metavar="YYYY-MM-DD",
    help="Date of a list whose file carries none (OFAC CSV); else a date in the file name.",
)
@click.option(
    "--partial",
    is_flag=True,
    help="The files hold part of their list only: an entry missing from them was not "
    "removed (a file whose name says 'truncated' or 'partial' is read so anyway).",
)
@format_option
@click.pass_obj
def load(obj: Ctx, list_format: str, files: tuple[Path, ...], report: Path | None,
         list_date: str | None, partial: bool, fmt: str) -> None:  # fmt: skip
    """Load FILES of a FORMAT into the store, each file all-or-nothing.

    FORMAT is one of the published list formats (see docs/loading.md),
    `curated` (the documented YAML format) or `auto` to tell the
    format from each file's content. An OFAC CSV set is given as sdn.csv (or
    its folder); add.csv, alt.csv and sdn_comments.csv beside it are read too.
    A target merges into an entity already in the store only on evidence (an
    identifier, or a name with what corroborates it) and never across a veto;
    look-alikes become candidates: see `sanctiongraph matches` and `review`.
    """
    from sanctiongraph.ingest.canonical import entry_for, load_logged
    from sanctiongraph.ingest.commands import files as resolver_files
    from sanctiongraph.load_display import load_display
    from sanctiongraph.loaders.base import LoadError
    from sanctiongraph.loaders.registry import detect
    from sanctiongraph.resolution.history import CandidatePair
    from sanctiongraph.resolution.matching import keep_profiles
    from sanctiongraph.resolution.order import canonical

    obj.check_outputs(report)
    judgements, log, candidates = resolver_files(obj)
    rows: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    try:
        # Files given together load in publication order, so none re-reads the others.
        given = {i: p for i, p in enumerate(files)}
        planned = canonical([
            entry_for(detect(p) if list_format == "auto" else list_format, p, list_date, i,
                      partial)
            for i, p in given.items()
        ])  # fmt: skip
    except LoadError as err:
        raise ValueError(f"{err} (nothing was loaded)") from None
    matcher = None
    # One writer for the whole command: no other load can commit between its files, so
    # the matcher of one file goes on to the next instead of reading the store again.
    shown = [(given[e.seq], e.format) for e in planned]
    with obj.open() as store, store.exclusive(), load_display(obj.err, shown) as display:
        for entry in planned:
            path, kind = given[entry.seq], entry.format
            try:
                display.next_file()
                logged = load_logged(
                    store, kind, path, log, judgements, list_date=list_date,
                    progress=display, entry=entry, matcher=matcher, partial=partial,
                )  # fmt: skip
                summary, made, matcher = logged.summary, logged.decisions, logged.matcher
                if logged.unchanged:
                    _notice(obj, f"{path}: this edition ({entry.source}) is already in the "
                            "store, from a file of the same content: nothing changed")  # fmt: skip
                for warning in [*summary.warnings, *logged.warnings]:
                    _warn(obj, warning)
                if logged.replayed:
                    _notice(
                        obj,
                        f"{path}: dated before lists already loaded; re-read "
                        f"{logged.replayed} file(s) to keep the store in publication order",
                    )
            except LoadError as err:
                done = ", ".join(r["file"] for r in rows) or "none"
                # A user error like any other: "error: ..." and exit status 2.
                raise ValueError(
                    f"{err} (nothing of it was written; loaded before it: {done})"
                ) from None
            except OSError as err:  # a full disk, a store that cannot be written
                done = ", ".join(r["file"] for r in rows) or "none"
                raise ValueError(
                    f"{path}: the store could not be written ({err.strerror or err}); nothing "
                    f"of this file was written; loaded before it: {done}"
                ) from None
            candidates.add(
                CandidatePair(d.key, c.record, c.score, c.evidence, c.why)
                for d in made
                for c in d.candidates
                if c.record and c.record != d.key
            )
            if logged.splits:
                candidates.add(logged.splits)
                _notice(
                    obj,
                    f"{path}: {len(logged.splits)} pair(s) of nodes may be one party split "
                    "(a record matched both): see `sanctiongraph matches`",
                )
            if report is not None:
                decisions += [d.as_row() for d in made]
            merged = sum(1 for d in made if d.outcome not in ("new", "same-record"))
            apart = sum(1 for d in made if d.note)
            rows.append({
                "file": str(path), "format": kind, "records": summary.records,
                "merged": merged, "left_apart": apart,
                "nodes": sum(summary.nodes.values()),
                "relationships": sum(summary.relationships.values()),
            })  # fmt: skip
        if rows:
            # The entities this command changed, read as the next load's matcher reads
            # them, are kept beside the store (resolution.key_index, profile_cache), so
            # that the next load costs what its own file holds.
            keep_profiles(store, matcher)
    if report is not None:
        with obj.output(report) as tmp:
            _write_csv(tmp, decisions)
    render_rows(rows, ("file", "format", "records", "merged", "left_apart", "nodes",
                       "relationships"), fmt, obj.out, title="Loaded")  # fmt: skip


def _notice(obj: Ctx, text: str) -> None:
    """One line on stderr with its control characters shown escaped (never markup)."""
    from sanctiongraph.output import visible_text

    obj.err.print(visible_text(text, newlines=False), markup=False, highlight=False)


def _warn(obj: Ctx, text: object) -> None:
    """A ``warning:`` line: one line, its control characters shown escaped."""
    _notice(obj, f"warning: {text}")


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    import csv

    from sanctiongraph.output import csv_row

    with path.open("w", newline="", encoding="utf-8") as fh:
        fields = list(rows[0]) if rows else ["source", "record", "name", "entity", "outcome"]
        writer = csv.writer(fh)
        writer.writerow(fields)
        # Names come from the files: none may run as a formula in a spreadsheet.
        writer.writerows(csv_row(r.get(f) for f in fields) for r in rows)


@main.command()
@click.argument("list_format", metavar="FORMAT", type=_FormatChoice(), required=False)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--all", "show_all", is_flag=True, help="Also show targets that stay new.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="Candidate pairs shown (0: all).",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    help="Pairs skipped first (the next page: --offset 100).",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Only pairs scoring at least this.",
)
@click.option(
    "--kind",
    type=click.Choice(["person", "organization", "vessel", "aircraft"]),
    default=None,
    help="Only pairs of this kind of party.",
)
@click.option(
    "--authority",
    default=None,
    metavar="NAME",
    help="Only pairs one side of which a list of NAME gives: a Source id's first or second "
    "word (gb, ofsi, us, ofac, eu, jp, mof, os…), uk, un, opensanctions or an authority's name.",
)
@click.option(
    "--list-date",
    default=None,
    metavar="YYYY-MM-DD",
    help="Date of a list whose file carries none (OFAC CSV); else a date in the file name.",
)
@format_option
@click.pass_obj
def matches(obj: Ctx, list_format: str | None, files: tuple[Path, ...], show_all: bool,
            limit: int, offset: int, min_score: float, kind: str | None,
            authority: str | None, list_date: str | None, fmt: str) -> None:  # fmt: skip
    """The review queue of the store, or how FILES would merge into it.

    Without arguments: one row per pair of entities loads left apart and no one
    has judged, the evidence of every record and edition gathered, most likely
    the same party first (judge them with `sanctiongraph review`); a page of
    --limit pairs from --offset. With FORMAT FILES: a dry run — for each target
    the entity it would join, the evidence and its score, and the candidates
    it would leave apart — writing nothing.
    """
    from sanctiongraph.ingest.commands import files as resolver_files
    from sanctiongraph.resolution.queue import COLUMNS, queue, unknown_authority

    judgements, _, candidates = resolver_files(obj)
    out: list[dict[str, Any]] = []
    with obj.open() as store:
        if not files:
            pairs, info = queue(candidates.path, store, judgements, min_score=min_score,
                                kind=kind, authority=authority)  # fmt: skip
            # The queue reads only the entities it shows: the codes come from the Sources.
            sources = (
                [str(r["id"]) for r in store.sources_dated()] if authority and not pairs else []
            )
            why = unknown_authority(authority, sources) if authority and not pairs else None
            if why:
                raise click.BadParameter(why, param_hint="--authority")
            page = pairs[offset : offset + limit] if limit else pairs[offset:]
            out = [p.as_row(info) for p in page]
            if fmt == "table":
                from sanctiongraph.output import clip

                # The strongest reason, in a cell a terminal shows; JSON and CSV keep all.
                for row in out:
                    row["why"] = clip(str(row["why"]).split(" | ")[0], 90)
            # A terminal shows the names and why; JSON and CSV carry the keys and records too.
            columns = (
                (*COLUMNS, "record", "other")
                if fmt != "table"
                else (
                    "entity",
                    "name",
                    "other_entity",
                    "other_name",
                    "kind",
                    "score",
                    "evidence",
                    "why",
                )
            )
            render_rows(out, columns, fmt, obj.out, title="Review queue")
            if fmt == "table" and offset + len(page) < len(pairs):
                shown = offset + len(page)
                _notice(obj, f"pairs {offset + 1}-{shown} of {len(pairs)}: --offset {shown} "
                        "for the next page, --limit 0 for all")  # fmt: skip
            return
        if list_format is None:
            raise click.UsageError("give FORMAT and FILES, or nothing to list the candidates")
        # The matcher (and rigour with it) only for a dry run: the queue needs neither.
        from sanctiongraph.ingest.load import dry_run
        from sanctiongraph.loaders.registry import detect
        from sanctiongraph.resolution.matching import Matcher

        for path in files:
            kind = detect(path) if list_format == "auto" else list_format
            made = dry_run(
                store, kind, path, list_date, matcher=Matcher.from_store(store, judgements)
            )
            out += [d.as_row() for d in made if show_all or d.outcome != "new" or d.note]
    render_rows(out, ("record", "name", "entity", "outcome", "score", "basis", "left_apart"),
                fmt, obj.out, title="Matches")  # fmt: skip


@main.command()
@click.option("--from", "old", metavar="SOURCE", help="The older edition (a Source id).")
@click.option("--to", "new", metavar="SOURCE", help="The newer edition (a Source id).")
@click.option("--list", "list_name", metavar="NAME", help="A list (see data/lists.yaml) ...")
@click.option("--since", metavar="YYYY-MM-DD", help="... its edition in force on this day.")
@format_option
@click.pass_obj
def changes(obj: Ctx, old: str | None, new: str | None, list_name: str | None,
            since: str | None, fmt: str) -> None:  # fmt: skip
    """Entries added, removed and amended between two editions of one list.

    Either --from SOURCE --to SOURCE (ids as `query sources` prints them), or --list
    NAME --since DATE: the edition in force on DATE against the latest. Entries are
    matched by the publisher's record id; an amended entry names the fields that
    changed with their old and new values, read from the files the load log kept. A
    list without stable ids (Japan's MOF, METI) is matched by exact content: entries
    added and removed, never amended. A table starts with the counts and shortens long
    values; CSV and JSON keep them whole.
    """
    from sanctiongraph.ingest.commands import files as resolver_files
    from sanctiongraph.queries import QueryError
    from sanctiongraph.resolution import changes as diff

    if list_name and since:
        if old or new:
            raise QueryError("give --from/--to or --list/--since, not both")
        day = _iso_day(since, "--since")
        with obj.open() as store:
            old, new = diff.since(store, list_name, day)
    elif not (old and new):
        raise QueryError("changes needs --from SOURCE --to SOURCE, or --list NAME --since DATE")
    _, log, _ = resolver_files(obj)
    rows, note = diff.between(log, old, new)
    if note:
        _notice(obj, note)
    if fmt != "table":
        render_rows(rows, diff.COLUMNS, fmt, obj.out, title=f"changes {old} -> {new}")
        return
    from sanctiongraph.output import clip

    # The counts first: a terminal scrolls thousands of rows past them. Long values are
    # shortened in the table only (a UK entry's addresses run past 2,000 characters),
    # which also spares rich measuring them; CSV and JSON keep every character.
    summary = ", ".join(f"{n:,} {c}" for c, n in diff.counts(rows).items())
    obj.out.print(f"{old} -> {new}: {summary}", markup=False, highlight=False, soft_wrap=True)
    shown = [{c: clip(str(r[c] or ""), 120) for c in diff.COLUMNS} for r in rows]
    render_rows(shown, diff.COLUMNS, fmt, obj.out, title=f"changes {old} -> {new}")


def _iso_day(text: str, what: str) -> str:
    import datetime as dt

    from sanctiongraph.queries import QueryError

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise QueryError(f"{what} must be a date YYYY-MM-DD") from None


@main.command()
@click.argument("list_name", metavar="NAME")
@format_option
@click.pass_obj
def editions(obj: Ctx, list_name: str, fmt: str) -> None:
    """The editions of list NAME in the store: entries, added and removed by each.

    NAME is a list of sanctiongraph/data/lists.yaml, e.g. un-sc-consolidated (not a
    format such as un-xml). A list without stable ids is counted as `changes` counts
    it, by exact content.
    """
    from sanctiongraph.ingest.commands import files as resolver_files
    from sanctiongraph.resolution.changes import HISTORY_COLUMNS, edition_entries, history

    _, log, _ = resolver_files(obj)
    with obj.open() as store:
        # A list without stable ids is counted by content, as `changes` counts it.
        rows = history(store, list_name, edition_entries(log))
    render_rows(rows, HISTORY_COLUMNS, fmt, obj.out, title=list_name)


@main.command()
@format_option
@click.pass_obj
def stats(obj: Ctx, fmt: str) -> None:
    """Count nodes and relationships by label and type."""
    with obj.open() as store:
        render_object(store.stats(), fmt, obj.out)


@main.command("queries")
@format_option
@click.pass_obj
def list_queries(obj: Ctx, fmt: str) -> None:
    """List the named queries with their parameters."""
    from sanctiongraph.queries import QUERIES

    rows = [
        {
            "name": q.name,
            "parameters": ", ".join(f"{p.name}{'?' if p.optional else ''}" for p in q.params),
            "purpose": q.purpose,
        }
        for q in QUERIES.values()
    ]
    render_rows(rows, ("name", "parameters", "purpose"), fmt, obj.out)


def _parse_params(items: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        k, sep, v = item.partition("=")
        if not sep or not k:
            from sanctiongraph.output import clip
            from sanctiongraph.queries import QueryError

            raise QueryError(f"--param takes key=value, got {clip(item, 80)!r}")
        params[k.strip()] = v
    return params


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; repeat for more.")  # fmt: skip
@format_option
@limit_options
@click.pass_obj
def query(obj: Ctx, name: str, params: tuple[str, ...], fmt: str, timeout: float | None,
          max_rows: int | None) -> None:  # fmt: skip
    """Run the named query NAME (see `sanctiongraph queries`)."""
    q = get_query(name)
    obj.limit(timeout, max_rows)
    with obj.open() as store:
        values = dict(_parse_params(params))
        rows = run_query(store, name, values)
    render_rows(rows, q.columns, fmt, obj.out, title=q.name)
    allowed = str(values.get("hubs", "")).strip().lower() in {"true", "yes", "1", "on"}
    if not rows and any(p.name == "hubs" for p in q.params) and not allowed:
        _notice(obj, "no connection that avoids hubs (countries, authorities, events, places, "
                "sources); -p hubs=true walks through them")  # fmt: skip


@main.command()
@click.option(
    "--format", "fmt", required=True,
    type=click.Choice(["graphml", "gexf", "json", "cytoscape", "ftm", "grass"]),
    help="graphml/gexf: Gephi, yEd; cytoscape: Cytoscape JSON; json: the store's own format; "
    "ftm: FollowTheMoney entities, one JSON a line; "
    "grass: the Neo4j Browser style sheet in sanctiongraph's colours.",
)  # fmt: skip
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_obj
def export(obj: Ctx, fmt: str, output: Path) -> None:
    """Write the whole graph for other tools (or, with grass, the Neo4j Browser style)."""
    from sanctiongraph.graph.export import export_graph
    from sanctiongraph.viz.exports import write_cytoscape, write_grass

    obj.check_outputs(output)
    if fmt == "grass":
        with obj.output(output) as tmp:
            write_grass(tmp)
        _notice(obj, f"wrote {output}: in Neo4j Browser, run :style and drop the file on it")
        return
    with obj.open() as store:
        graph = store.to_networkx()
    if fmt == "ftm":
        from sanctiongraph.graph.ftm import write_ftm

        with obj.output(output) as tmp:
            count = write_ftm(graph, tmp)
        _notice(obj, f"wrote {output} ({count} FollowTheMoney entities)")
        return
    with obj.output(output) as tmp:
        if fmt == "cytoscape":
            write_cytoscape(graph, tmp)
        else:
            export_graph(graph, fmt, tmp)
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    _notice(obj, f"wrote {output} ({n} nodes, {m} relationships)")


@main.command("bulk-export")
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Folder for the CSV files (created).")  # fmt: skip
@click.option("--database", default="neo4j", show_default=True, help="Database to import into.")
@click.pass_obj
def bulk_export(obj: Ctx, out_dir: Path, database: str) -> None:
    """Write CSV files for `neo4j-admin database import full` and print the command.

    The fast path for large graphs: import into an empty database with the server
    stopped, start it, then `sanctiongraph --store neo4j schema --apply`.
    """
    from sanctiongraph.graph.bulk import write_import_files

    obj.check_outputs(out_dir)
    with obj.open() as store:
        graph = store.to_networkx()
    plan = write_import_files(graph, out_dir, obj.protected())
    _notice(obj, f"wrote {len(plan.files)} files to {out_dir}; run:")
    obj.out.print(" ".join(plan.command(database)), highlight=False, soft_wrap=True)


@main.command("convert-store")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def convert_store(obj: Ctx, old: Path) -> None:
    """Copy a store of sanctiongraph 0.1 (one JSON file, OLD) into the store.

    The JSON file is read, never changed; loading it twice changes nothing.
    """
    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.graph.records import Node, Rel
    from sanctiongraph.graph.schema import rel_prop_names
    from sanctiongraph.paths import refuse_special

    refuse_special(old, "store to convert")  # a FIFO would wait forever
    source = MemoryStore(old)
    g = source.graph
    with obj.open() as store, store.writer() as w:
        for n, a in g.nodes(data=True):
            props = {k: v for k, v in a.items() if k != "label"}
            w.add(Node(a["label"], n, props))
        for u, v, k, a in g.edges(keys=True, data=True):
            # The schema's properties only: a file written before ISSUED and LOCATED_IN
            # were cited by their listing and branch still holds their own provenance.
            own = rel_prop_names(k)
            w.add(Rel(k, u, v, {x: y for x, y in a.items() if x in own}))
    obj.err.print(
        f"converted {old}: {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships",
        highlight=False,
    )


ATLAS_COLUMNS = (
    "event",
    "event_date",
    "authority",
    "listings",
    "first_listed",
    "lag_days",
    "basis",
)


@main.command()
@click.option("--event", help="One event: name, date (YYYY-MM-DD) or key.")
@click.option("--type", "type_", help="Events of this type, e.g. icbm_launch, nuclear_test.")
@click.option("--since", help="First local date of the events, YYYY-MM-DD.")
@click.option("--until", help="Last local date of the events, YYYY-MM-DD.")
@click.option("--timing", type=click.IntRange(0), metavar="DAYS",
              help="Also show listings inferred only from timing: each authority's "
              "first listing within DAYS days after an event it is not linked to "
              "(never cited).")  # fmt: skip
@format_option
@click.pass_obj
def atlas(
    obj: Ctx, event: str | None, type_: str | None, since: str | None, until: str | None,
    timing: int | None, fmt: str,
) -> None:  # fmt: skip
    """Response atlas: per event, each authority's answering listings, lag, median lag."""
    from sanctiongraph.queries.atlas import response_atlas

    params = {"event": event, "type": type_, "since": since, "until": until}
    with obj.open() as store:
        result = response_atlas(store, params, timing)
        # No row because nothing links a listing to an event (the lists never do; the curated
        # files cite which listings answer which test), not because the filters matched none.
        unlinked = not result.rows and not store.stats()["relationships"].get("RESPONDS_TO")
    if fmt == "json":
        render_object({"rows": result.rows, "medians": result.medians}, "json", obj.out)
    else:
        render_rows(result.rows, ATLAS_COLUMNS, fmt, obj.out, title="response atlas")
        if fmt != "csv":
            title = "median lag per authority (cited links only; lags from local dates)"
            columns = ("authority", "events", "median_lag_days")
            render_rows(result.medians, columns, fmt, obj.out, title=title)
    if unlinked:
        _notice(obj, _atlas_hint())


def _atlas_hint() -> str:
    import shlex

    from sanctiongraph.ingest.curated import DATA_FILES, data_path

    files = " ".join(shlex.quote(str(data_path(name))) for name in DATA_FILES)
    return (
        "note: no listing in this store is linked to an event: the published lists never say "
        "which test a designation answers; the curated events and Security Council resolutions "
        "shipped with sanctiongraph do (a UN list's listings are linked through the resolutions "
        f"they cite). Load them with: sanctiongraph load curated {files}"
    )


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "type_", help="Only events of this type, e.g. icbm_launch.")
@click.option("--since", help="First local date, YYYY-MM-DD.")
@click.option("--until", help="Last local date, YYYY-MM-DD.")
@click.option("--list", "list_name", metavar="NAME",
              help="Instead: one list's entries added and removed by each edition.")  # fmt: skip
@click.pass_obj
def timeline(
    obj: Ctx,
    output: Path,
    type_: str | None,
    since: str | None,
    until: str | None,
    list_name: str | None,
) -> None:
    """Draw events by type and each authority's answering listings to OUTPUT.

    With --list NAME, draw instead a bar per edition of that list: the entries it
    added and removed (see `sanctiongraph editions NAME`).
    OUTPUT ends in .png, .svg or .html (a page with the picture and its rows).
    """
    obj.check_outputs(output)
    if list_name:
        from sanctiongraph.ingest.commands import files as resolver_files
        from sanctiongraph.resolution.changes import edition_entries
        from sanctiongraph.viz.list_history import write_list_history

        _, log, _ = resolver_files(obj)
        with obj.open() as store, obj.output(output) as tmp:
            write_list_history(store, tmp, list_name, edition_entries(log))
        obj.out.print(f"Wrote {output}", highlight=False)
        return
    from sanctiongraph.viz.timeline import write_timeline

    with obj.open() as store, obj.output(output) as tmp:
        write_timeline(store, tmp, {"type": type_, "since": since, "until": until})
    obj.out.print(f"Wrote {output}", highlight=False)


@main.command()
@click.option("--apply", is_flag=True, help="Create them on Neo4j (idempotent).")
@click.pass_obj
def schema(obj: Ctx, apply: bool) -> None:
    """Print the Neo4j constraints and indexes the model declares; --apply creates them."""
    from sanctiongraph.graph.cypher import constraint_statements

    if apply:
        from sanctiongraph.graph.neo4j_store import Neo4jStore

        with obj.open() as store:
            if not isinstance(store, Neo4jStore):
                from sanctiongraph.graph.store import StoreError

                raise StoreError("--apply needs a Neo4j store (--store neo4j)")
            store.ensure_schema()
        obj.err.print("constraints and indexes are in place")
        return
    for statement in constraint_statements():
        # markup=False: "[n.match_names]" in a full-text index is Cypher, not rich markup.
        obj.out.print(statement + ";", highlight=False, soft_wrap=True, markup=False)


def _param_value(text: str) -> Any:
    """A --param value as JSON where it parses (3, true, ["a"]), else as text."""
    import orjson

    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return text


@main.command("cypher")
@click.argument("text")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A $parameter (JSON where it parses, else text); repeat for more.")  # fmt: skip
@click.option("--write", is_flag=True, help="Allow the query to write.")
@format_option
@limit_options
@click.pass_obj
def run_cypher(obj: Ctx, text: str, params: tuple[str, ...], write: bool, fmt: str,
               timeout: float | None, max_rows: int | None) -> None:  # fmt: skip
    """Run ad-hoc Cypher TEXT, read-only unless --write is given, time- and row-limited.

    The embedded store runs LadybugDB's Cypher (docs/cypher.md says how it differs
    from Neo4j's); Neo4j runs its own in a read transaction. Values go as --param, never
    into the text. The memory store runs grand-cypher's subset, without writing.
    """
    obj.limit(timeout, max_rows)
    values = {k: _param_value(v) for k, v in _parse_params(params).items()}
    with obj.open() as store:
        rows = store.cypher(text, values, write=write)
    columns = list(rows[0]) if rows else []
    render_rows(rows, columns, fmt, obj.out)


def _draw(
    obj: Ctx, graph: Any, title: str, html: Path | None, png: Path | None, svg: Path | None
) -> None:
    from sanctiongraph.viz.html import write_html
    from sanctiongraph.viz.static import write_static

    if html:
        with obj.output(html) as tmp:
            write_html(graph, tmp, title)
    for path in (png, svg):
        if path:
            with obj.output(path) as tmp:
                write_static(graph, tmp, title)
    written = ", ".join(str(p) for p in (html, png, svg) if p)
    _notice(obj, f"drew {graph.number_of_nodes()} nodes, {graph.number_of_edges()} "
            f"relationships: {written}")  # fmt: skip


_out_path = click.Path(dir_okay=False, path_type=Path)


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE")
@click.option("--entity", help="Draw this entity's neighbourhood (depth 1) instead of a query.")
@click.option("--html", type=_out_path, help="Self-contained page that works offline.")
@click.option("--png", type=_out_path, help="Static picture for reports.")
@click.option("--svg", type=_out_path, help="Static vector picture for reports.")
@click.option("--limit", default=2000, show_default=True, help="Most nodes to draw.")
@click.option("--sample", type=int, help="Over the limit, draw the stories of this many "
              "randomly drawn results instead of refusing.")  # fmt: skip
@click.pass_obj
def viz(
    obj: Ctx, name: str | None, params: tuple[str, ...], entity: str | None,
    html: Path | None, png: Path | None, svg: Path | None, limit: int, sample: int | None,
) -> None:  # fmt: skip
    """Draw the subgraph of the named query NAME (or an entity's neighbourhood)."""
    from sanctiongraph.queries import QueryError
    from sanctiongraph.viz.subgraph import TooLarge, query_subgraph

    if not (html or png or svg):
        raise QueryError("say where to draw: --html FILE, --png FILE and/or --svg FILE")
    obj.check_outputs(html, png, svg)
    values: dict[str, Any] = dict(_parse_params(params))
    if entity:
        name, values = "neighbourhood", {"entity": entity, "depth": values.get("depth", 1)}
    if not name:
        raise QueryError("name a query (see `sanctiongraph queries`) or give --entity NAME")
    with obj.open() as store:
        try:
            graph, _ = query_subgraph(store, name, values, limit, sample)
        except TooLarge as err:
            raise QueryError(str(err)) from None
    shown = ", ".join(f"{k}={v}" for k, v in values.items())
    _draw(obj, graph, f"{name}({shown})", html, png, svg)


@main.command()
@format_option
@click.option("--html", type=_out_path, help="Also draw the story as an offline HTML page.")
@click.option("--png", type=_out_path, help="Also draw the story as a PNG picture.")
@click.option("--svg", type=_out_path, help="Also draw the story as an SVG picture.")
@click.option("--events", "events_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The missile-test catalogue folder (nk-missile-tests), for every launch "
              "of 2016-2017 in the last section.")  # fmt: skip
@click.option("--timeline", "timeline_path", type=_out_path,
              help="Also draw the 2016-2017 timeline (.png or .svg).")  # fmt: skip
@click.pass_obj
def demo(
    obj: Ctx, fmt: str, html: Path | None = None, png: Path | None = None, svg: Path | None = None,
    events_dir: Path | None = None, timeline_path: Path | None = None,
) -> None:  # fmt: skip
    """Load the cited story of 15 December 2017 and tell it from the named queries."""
    from sanctiongraph.ingest.curated import seed_path

    obj.check_outputs(html, png, svg, timeline_path)
    with obj.open() as store:
        # Through the load log like any `load`, so that `rebuild` and `review` (which
        # replay the log) keep the story instead of refusing a store they cannot re-derive.
        _load_logged(obj, store, "curated", seed_path())
        story = _story(store)
        where = store.stats()["location"]
        # Added after the story above is told, so that its tables stay as they were.
        story["escalation"] = _escalation(obj, store, events_dir, timeline_path)
        if html or png or svg:
            from sanctiongraph.viz.subgraph import subgraph_of

            seeds = [r["key"] for r in story["listed"]] + [STORY_EVENT]
            graph = subgraph_of(store.to_networkx(), seeds)
            _draw(obj, graph, "15 December 2017: Japan freezes the assets of 19 North Korean "
                  "organisations", html, png, svg)  # fmt: skip
    if fmt == "json":
        render_object(story, "json", obj.out)
        return
    if fmt == "csv":
        render_rows(story["listed"], get_query("listed-on").columns, "csv", obj.out)
        return
    _print_story(obj.out, story, where)
    _print_escalation(obj.out, story["escalation"])


ESCALATION = {"since": "2016-01-01", "until": "2017-12-31"}


def _load_logged(obj: Ctx, store: Store, fmt: str, path: Path) -> None:
    from sanctiongraph.ingest.canonical import load_logged
    from sanctiongraph.ingest.commands import files as resolver_files

    judgements, log, _ = resolver_files(obj)
    logged = load_logged(store, fmt, path, log, judgements)
    for warning in [*logged.summary.warnings, *logged.warnings]:
        _warn(obj, warning)


def _escalation(
    obj: Ctx, store: Store, events_dir: Path | None, picture: Path | None
) -> dict[str, Any]:
    """2016-2017: tests, the resolutions that condemn them and who answered how fast."""
    from sanctiongraph.ingest.curated import data_path
    from sanctiongraph.queries.atlas import response_atlas

    _load_logged(obj, store, "curated", data_path("unsc_dprk.yaml"))
    if events_dir is not None:
        _load_logged(obj, store, "nk-missile-tests", events_dir)
    counts: dict[tuple[str, str], int] = {}
    meetings = []
    for e in run_query(store, "events", ESCALATION):
        if e["type"] == "meeting":
            meetings.append(e)
            continue
        counts[(e["date"][:4], e["type"])] = counts.get((e["date"][:4], e["type"]), 0) + 1
    by_type = [{"year": y, "type": t, "events": n} for (y, t), n in sorted(counts.items())]
    instruments = [
        r for r in run_query(store, "instruments", {"authority": "unsc"})
        if ESCALATION["since"] <= (r["date"] or "") <= ESCALATION["until"]
    ]  # fmt: skip
    atlas = response_atlas(store, ESCALATION)
    if picture is not None:
        from sanctiongraph.viz.timeline import write_timeline

        with obj.output(picture) as tmp:
            write_timeline(store, tmp, ESCALATION)
    return {
        "events_by_type": by_type,
        "instruments": instruments,
        "atlas": atlas.rows,
        "median_lags": atlas.medians,
        "us_claims": run_query(store, "claims", {"authority": "authority:us"}),
        "timed_with": meetings,
        "timeline": str(picture) if picture else None,
        "launches_loaded": events_dir is not None,
    }


def _print_escalation(out: Console, esc: dict[str, Any]) -> None:
    out.rule("[bold]2016-2017: the escalation, and who answered it how fast")
    if not esc["launches_loaded"]:
        out.print(
            "[dim]Only the launches the curated files name are in the graph; give --events DIR "
            "(the nk-missile-tests catalogue) for every launch.[/dim]"
        )
    out.print(
        "[dim]UN listings answer the resolutions below once a UN list is in the store "
        "(sanctiongraph load un-xml FILE); see `sanctiongraph atlas`.[/dim]"
    )
    render_rows(esc["events_by_type"], ("year", "type", "events"), "table", out,
                title="Nuclear tests and launches by year and type")  # fmt: skip
    render_rows(esc["instruments"], ("symbol", "instrument", "date", "event", "event_date"),
                "table", out, title="What the Security Council condemned by name")  # fmt: skip
    render_rows(esc["atlas"], ("event", "event_date", "authority", "listings", "first_listed",
                               "lag_days"), "table", out,
                title="Who answered each event (cited links; lag from the local date)")  # fmt: skip
    render_rows(esc["median_lags"], ("authority", "events", "median_lag_days"), "table", out,
                title="Median lag per authority")  # fmt: skip
    title = "Timed with, not answering: Japan announced its freeze the day of"
    render_rows(esc["timed_with"], ("event", "date"), "table", out, title=title)
    render_rows(esc["us_claims"], ("claim", "value", "records"), "table", out,
                title="What the sources say about the US's measures")  # fmt: skip
    if esc["timeline"]:
        out.print(f"Timeline drawn to {esc['timeline']}", highlight=False)


def _story(store: Store) -> dict[str, Any]:
    listed = run_query(store, "listed-on", {"authority": "authority:jp", "date": STORY_DATE})
    keys = {r["key"] for r in listed}
    sectors: dict[str, int] = {}
    for r in listed:
        sectors[r["sector"] or "unknown"] = sectors.get(r["sector"] or "unknown", 0) + 1
    return {
        "listed": listed,
        "sectors": sectors,
        "kcc_overseas": run_query(store, "overseas-branches", {"entity": "Korea Computer Center"}),
        "authorities": [
            r
            for r in run_query(store, "multi-jurisdiction", {"min_authorities": 1})
            if r["key"] in keys
        ],
        "response": run_query(store, "event-response", {"event": STORY_EVENT}),
        "claims": run_query(store, "claims", {"authority": "authority:jp"}),
        "sources": run_query(store, "sources", {}),
    }


def _print_story(out: Console, story: dict[str, Any], where: str) -> None:
    out.rule("[bold]15 December 2017: Japan freezes the assets of 19 North Korean organisations")
    out.print(
        f"Loaded into the store at {where}. Every row below comes from a named query;"
        " `sources` are keys of the Sources table at the end.\n",
        highlight=False,
    )
    render_rows(
        story["listed"], ("entity", "sector", "reference", "sources"), "table", out,
        title="The 19 organisations Japan listed on 2017-12-15, by sector",
    )  # fmt: skip
    out.print("By sector: " + ", ".join(f"{k} {v}" for k, v in sorted(story["sectors"].items())),
              highlight=False)  # fmt: skip
    out.print(
        "[dim]Banks and transport firms show their sector in the lists (SWIFT/BIC, IMO);"
        " the news gives only the counts for the rest: see each entity's sector_basis.[/dim]\n"
    )
    render_rows(story["kcc_overseas"], ("branch", "country_code", "country"), "table", out,
                title="Korea Computer Center's offices outside North Korea")  # fmt: skip
    render_rows(
        story["authorities"],
        ("entity", "authorities", "listed_on"),
        "table",
        out,
        title="Who lists each of the 19 (date per authority; ? = the source gives none)",
    )
    render_rows(story["response"], ("authority", "listed_on", "days_after", "targets"), "table",
                out, title="From the Hwasong-15 launch of 2017-11-29 to the listings")  # fmt: skip
    render_rows(story["claims"], ("claim", "value", "records"), "table", out,
                title="What the sources say about Japan's totals (they disagree)")  # fmt: skip
    render_rows(story["sources"], ("key", "name", "list_date"), "table", out, title="Sources")


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; another than 127.0.0.1/localhost needs --allow-remote.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Listen on --host although it is not this machine's loopback address.",
)
@click.option(
    "--allow-host", "allow_hosts", multiple=True, metavar="NAME",
    help="A name other machines use for this one (repeat for more); requests must name it, "
    "or --host, in their Host header.",
)  # fmt: skip
@click.option(
    "--review", is_flag=True,
    help="Also open the review page (#/review): judge candidate pairs into the resolver "
    "file and apply them to the graph. Off by default: the explorer then only reads.",
)  # fmt: skip
@click.option("--reviewer", metavar="NAME", default=None,
              help="Name recorded with each judgement (default: your login).")  # fmt: skip
@limit_options
@click.pass_obj
def serve(obj: Ctx, host: str, port: int, allow_remote: bool, allow_hosts: tuple[str, ...],
          review: bool, reviewer: str | None,
          timeout: float | None, max_rows: int | None) -> None:  # fmt: skip
    """Explore the graph in a browser: search, entities, network, paths, queries, Cypher.

    Read-only; listens on 127.0.0.1 unless told otherwise. With --review, the
    review page judges candidate pairs (the explorer's only writes)."""
    import uvicorn

    from sanctiongraph.web import create_app
    from sanctiongraph.web.app import LOCAL_HOSTS

    local = host.strip("[]") in ("127.0.0.1", "localhost", "::1")
    if not local and not allow_remote:
        raise click.UsageError(
            f"--host {host} would let other machines read the graph; add --allow-remote "
            "if that is what you want"
        )
    obj.limit(timeout, max_rows)
    if allow_hosts and not allow_remote:
        raise click.UsageError("--allow-host lets other machines in: add --allow-remote too")
    named = (*([] if local else [host]), *allow_hosts)
    extra = tuple(f"[{h.strip('[]')}]" if ":" in h else h for h in named)
    if not local:
        obj.err.print(
            f"[bold yellow]warning:[/] listening on {host}: anyone who can reach this machine "
            "can read the graph; the explorer has no login",
            highlight=False,
        )
    if (obj.backend or obj.settings.backend) == "memory":
        obj.err.print("note: the memory store keeps nothing, so the explorer starts empty",
                      highlight=False)  # fmt: skip
    if reviewer and not review:
        raise click.UsageError("--reviewer names who judges on the review page: add --review")
    resolver = None
    if review:
        from sanctiongraph.ingest.commands import files

        resolver = files(obj)[0].path  # refuses a resolver file that is the store or a FIFO
        if not local:
            obj.err.print("[bold yellow]warning:[/] --review lets anyone who can reach this "
                          "machine judge pairs and rebuild the graph", highlight=False)  # fmt: skip
    else:
        resolver = obj.resolver_path()  # read only: its moved-keys file answers old keys
    app = create_app(obj.open, allowed_hosts=extra, resolver=resolver, review=review,
                     reviewer=reviewer)  # fmt: skip
    shown = f"[{host}]" if ":" in host else host
    obj.err.print(f"sanctiongraph explorer on http://{shown}:{port}/ (Ctrl-C stops it); "
                  f"answers requests addressed to {', '.join([*LOCAL_HOSTS, *extra])}",
                  highlight=False, markup=False)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning")


if __name__ == "__main__":
    main()
