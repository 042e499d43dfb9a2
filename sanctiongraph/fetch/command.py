"""``sanctiongraph fetch``: download the current edition of lists and load what is new.

Each list is downloaded (conditionally, when the archive remembers the server's
validators), checked as a local file would be (its size while it streams, then its
format from its content: an HTML error page is not a list), and archived under its
hash. Bytes already archived are not loaded again; new editions are loaded, in
publication order, through ``sanctiongraph load``, so they join the load log like
any other file. A failure is one line and leaves the store and the archive as they
were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from sanctiongraph.cli import Ctx, _notice, load, render_rows

if TYPE_CHECKING:
    from rich.console import Console

    from sanctiongraph.fetch.archive import Archive
    from sanctiongraph.fetch.client import Download
    from sanctiongraph.fetch.sources import Rule


@dataclass
class _Edition:
    """A list's current edition, in the archive."""

    name: str
    date: str
    path: Path
    url: str  # the address asked (before redirects): the key of a conditional request
    download: Download
    status: str  # "new", "unchanged" (bytes already archived) or "not modified" (304)


@click.command("fetch")
@click.argument("names", nargs=-1, metavar="NAME...")
@click.option("--all", "fetch_all", is_flag=True, help="Every list with a download address.")
@click.option(
    "--url", default=None,
    help="Download from this address instead of the publisher's (a mirror; plain HTTP "
    "only to this machine). One NAME only.",
)  # fmt: skip
@click.option(
    "--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Archive folder; default SANCTIONGRAPH_ARCHIVE, else "
    "~/.local/share/sanctiongraph/archive.",
)  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              metavar="SECONDS", help="Give up on a silent server after this long.")  # fmt: skip
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Ask again this many times after a passing failure (5xx, timeout).")  # fmt: skip
@click.option("--list", "show", is_flag=True, help="Show each list's download rule and stop.")
@click.pass_context
def fetch(ctx: click.Context, names: tuple[str, ...], fetch_all: bool, url: str | None,
          archive_dir: Path | None, timeout: float, retries: int, show: bool) -> None:  # fmt: skip
    """Download the current edition of each NAME (a `load` format, e.g. un-xml) from its
    publisher, archive it, and load it if it is new.

    The archive keeps `<list>/<date>-<sha256>.<ext>`; a download whose bytes are
    archived already is not loaded again into a store that holds it. Run it from cron
    to keep a store current (docs/lists-over-time.md, "Keeping a store current").
    """
    from sanctiongraph.fetch.sources import RULES

    obj: Ctx = ctx.obj
    if show:
        _show_rules(obj)
        return
    if fetch_all and names:
        raise click.UsageError("give NAMEs or --all, not both")
    if url and (fetch_all or len(names) != 1):
        raise click.UsageError("--url takes exactly one NAME")
    chosen = [n for n, r in RULES.items() if not r.retired] if fetch_all else list(names)
    if not chosen:
        raise click.UsageError("name a list (e.g. un-xml) or give --all; --list shows them")
    for name in chosen:
        _rule(name)  # an unknown name is refused before anything is downloaded

    from sanctiongraph.fetch.archive import Archive
    from sanctiongraph.fetch.client import client

    settings = obj.settings
    root = archive_dir or settings.archive_path
    assert root is not None  # load_settings always sets it
    archive = Archive(root.expanduser())
    rows: list[dict[str, Any]] = []
    editions: list[_Edition] = []
    failed = 0
    with client(timeout=timeout, allow_local=url is not None) as http:
        for name in chosen:
            try:
                editions.append(_download(obj, http, archive, name, url, retries))
            except _Failure as err:
                _notice(obj, f"error: {err}; the store is unchanged")
                rows.append({"list": name, "status": "failed", "date": None, "file": None})
                failed += 1
    # An archived edition this store has not loaded (another store fetched it, or its
    # load failed) is loaded like a new one: the archive is shared, the store is not.
    loaded = _loaded_sources(obj) if editions else set()
    todo = [e for e in editions if e.status == "new" or _source_id(e) not in loaded]
    for e in editions:
        if e not in todo:
            rows.append({"list": e.name, "status": e.status, "date": e.date, "file": str(e.path)})
            _remember(archive, e)
    # Publication order: the oldest edition first, whatever the order of the names.
    for item in sorted(todo, key=lambda n: (n.date, n.name)):
        try:
            ctx.invoke(load, list_format=item.name, files=(item.path,), report=None,
                       list_date=None, fmt="table")  # fmt: skip
        except Exception as err:
            if item.status == "new":  # not loaded, so not archived: tried again next time
                item.path.unlink(missing_ok=True)
            if not isinstance(err, (ValueError, OSError)):
                raise
            _notice(obj, f"error: {item.name}: {err}")
            rows.append({"list": item.name, "status": "failed", "date": item.date, "file": None})
            failed += 1
            continue
        _remember(archive, item)
        rows.append({"list": item.name, "status": "loaded", "date": item.date,
                     "file": str(item.path)})  # fmt: skip
    render_rows(rows, ("list", "status", "date", "file"), "table", obj.out, title="Fetched")
    if failed:
        ctx.exit(2)


class _Failure(Exception):
    """One list could not be fetched; the message is the line the user reads."""


def _rule(name: str) -> Rule:
    from sanctiongraph.fetch.sources import RULES, UNREADABLE
    from sanctiongraph.loaders.registry import FORMATS

    if name in RULES:
        return RULES[name]
    if name in UNREADABLE:
        raise click.UsageError(f"{name}: {UNREADABLE[name]}")
    if name in FORMATS:
        raise click.UsageError(
            f"{name} has no download address (lists that have one: {', '.join(RULES)}); "
            "download it by hand and `sanctiongraph load` it"
        )
    from sanctiongraph.loaders.editions import formats_of

    of = formats_of(name)
    if of is not None:
        fetched = [f for f in of if f in RULES and not RULES[f].retired] or list(of)
        raise click.UsageError(
            f"{name} is a list (`editions`, `changes`, `timeline` take lists); fetch takes a "
            f"format: {' or '.join(fetched)}"
        )
    raise click.UsageError(
        f"{name!r} is not a list format; the formats fetch can download: "
        f"{', '.join(n for n, r in RULES.items() if not r.retired)} "
        "(`sanctiongraph fetch --list` shows their addresses)"
    )


def _show_rules(obj: Ctx) -> None:
    from sanctiongraph.fetch.sources import RULES

    rows = [
        {"list": r.name, "address": r.url or f"{r.index} (link like {r.link})",
         "status": "retired" if r.retired else "verified" if r.verified else "unverified offline",
         "cited": r.cited}
        for r in RULES.values()
    ]  # fmt: skip
    render_rows(rows, ("list", "address", "status", "cited"), "table", obj.out, title="Rules")


def _download(
    obj: Ctx, http: Any, archive: Archive, name: str, url: str | None, retries: int
) -> _Edition:
    """Download one list: its current edition, archived."""
    from sanctiongraph.fetch.client import FetchError, download, page_links
    from sanctiongraph.loaders.base import LoadError

    rule = _rule(name)
    if rule.retired and not url:
        raise _Failure(f"{name}: {rule.retired}")
    try:
        target = url or rule.url
        if target is None:
            assert rule.index is not None
            found = rule.pick(page_links(http, rule.index, retries))
            if found is None:
                raise _Failure(
                    f"{name}: {rule.index}: no link like {rule.link} on the page (the "
                    "publisher may have renamed the file; give it with --url)"
                )
            target = found
        from sanctiongraph.fetch.client import check_url

        check_url(target, allow_local=url is not None)
        state = archive.state(name, target)
        known = (
            state if state and state.file and (archive.root / name / state.file).is_file()
            else None
        )  # fmt: skip
        partial = archive.partial(name, rule.ext)
        with _bar(obj.err, f"fetching {name}") as tick:
            got = download(
                http, target, partial, max_bytes=obj.settings.limits.max_download_bytes,
                etag=known.etag if known else None,
                last_modified=known.last_modified if known else None,
                retries=retries, progress=tick,
            )  # fmt: skip
    except FetchError as err:
        raise _Failure(f"{name}: {err}") from None
    except OSError as err:
        raise _Failure(f"{name}: the archive could not be written ({err})") from None
    if got.path is None:
        assert known is not None and known.file is not None
        path = archive.root / name / known.file
        return _Edition(name, _archived_date(path), path, target, got, "not modified")
    try:
        date = _checked(name, got)
    except (_Failure, LoadError) as err:
        partial.unlink(missing_ok=True)
        raise _Failure(str(err) if isinstance(err, _Failure) else f"{name}: {err}") from None
    same = archive.find(name, got.sha256)
    if same is not None:
        partial.unlink(missing_ok=True)
        return _Edition(name, _archived_date(same), same, target, got, "unchanged")
    path = archive.keep(partial, archive.name_for(name, date, got.sha256, rule.ext))
    return _Edition(name, date, path, target, got, "new")


def _archived_date(path: Path) -> str:
    """The date an archived file's name begins with (``<date>-<sha256>.<ext>``)."""
    return path.name[:10]


def _loaded_sources(obj: Ctx) -> set[str]:
    """The Source ids the store's load log holds (none for a store kept nowhere)."""
    from sanctiongraph.ingest.commands import files

    if (obj.backend or obj.settings.backend) == "memory":
        return set()  # an in-process store starts empty each run and keeps no log
    _, log, _ = files(obj)
    return {e.source for e in log.entries()}


def _source_id(edition: _Edition) -> str | None:
    """The Source id the load log would give this file (as ``load`` computes it)."""
    from sanctiongraph.ingest.canonical import entry_for
    from sanctiongraph.loaders.base import LoadError

    try:
        return entry_for(edition.name, edition.path, None, 0).source
    except LoadError:
        return None  # unreadable: loading it says why


def _checked(name: str, got: Download) -> str:
    """Refuse a download that is not the list it should be; else its date (the file's
    own, else one in the address's file name, else Last-Modified, else today)."""
    from sanctiongraph.loaders.base import LoadError
    from sanctiongraph.loaders.dates import date_in_name
    from sanctiongraph.loaders.registry import detect, source_of

    assert got.path is not None
    with got.path.open("rb") as fh:
        head = fh.read(1024).lstrip().lower()
    html = "html" in got.content_type.lower() or head.startswith((b"<!doctype html", b"<html"))
    try:
        kind = detect(got.path)
    except LoadError:
        kind = None
    if kind != name:
        what = (
            f"an HTML page ({got.content_type or 'no type'})" if html
            else f"it reads as {kind}" if kind else "its format cannot be told from its content"
        )  # fmt: skip
        raise _Failure(f"{name}: {got.url}: the download is not a {name} file: {what}")
    source = source_of(name, got.path)
    if source is not None and source.list_date:
        return source.list_date
    in_name = date_in_name(Path(urlsplit(got.url).path))
    if in_name:
        return in_name[0]
    return got.modified_on or dt.datetime.now(dt.UTC).date().isoformat()


def _remember(archive: Archive, edition: _Edition) -> None:
    """What the server said about the file, for a conditional request next time."""
    from sanctiongraph.fetch.archive import State

    got = edition.download
    state = State(edition.url, got.etag, got.last_modified, edition.path.name)
    archive.save_state(edition.name, state)


@contextmanager
def _bar(err: Console, label: str) -> Iterator[Callable[[int | None, int], None]]:
    """A progress bar of the bytes received (on a terminal only)."""
    if not err.is_terminal:
        yield lambda total, n: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), console=err, transient=True) as bar:  # fmt: skip
        task = bar.add_task(label, total=None)

        def tick(total: int | None, n: int) -> None:
            if total is not None and bar.tasks[0].total is None:
                bar.update(task, total=total)
            bar.advance(task, n)

        yield tick
