"""Every list format by name, detection, and the one way a file is loaded.

>>> sorted(FORMATS)[:3]
['curated', 'eu-fsf-xml', 'eu-journal-csv']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sanctiongraph.graph.records import Node, Rel
from sanctiongraph.graph.store import Store
from sanctiongraph.loaders import limits as input_limits
from sanctiongraph.loaders.base import LoadError, LoadSummary, check_input, load_into
from sanctiongraph.loaders.build import Builder
from sanctiongraph.loaders.dates import date_in_name, parse_date
from sanctiongraph.loaders.editions import EditionUpdate, partial_by_name
from sanctiongraph.loaders.links import link_events
from sanctiongraph.loaders.matching import Decision, Matcher, release_caches
from sanctiongraph.loaders.target import SourceInfo, Target
from sanctiongraph.settings import Limits


class Reader(Protocol):
    def source(self, path: Path) -> SourceInfo: ...
    def targets(self, path: Path) -> Iterator[Target]: ...


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # under sanctiongraph.loaders.formats
    doc: str

    def reader(self) -> Any:
        mod = importlib.import_module(f"sanctiongraph.loaders.formats.{self.module}")
        return mod


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "ofac-csv", "ofac_csv", "OFAC SDN legacy CSV set: sdn.csv [+ add, alt, sdn_comments]"
        ),
        Format("ofac-xml", "ofac_xml", "OFAC legacy XML (sdnList): sdn.xml, consolidated.xml"),
        Format("ofac-advanced", "ofac_advanced", "OFAC advanced XML (Sanctions 1.0)"),
        Format("un-xml", "un", "UN Security Council Consolidated List XML"),
        Format("eu-fsf-xml", "eu_fsf", "EU Financial Sanctions Files XML (export)"),
        Format("eu-journal-csv", "eu_journal", "OpenSanctions CSV of an EU regulation's annexes"),
        Format("uk-csv", "uk_csv", "UK OFSI Consolidated List, legacy CSV"),
        Format("uk-xlsx", "uk_xlsx", "UK OFSI ConList.xlsx (2022 format)"),
        Format("jp-mof", "jp_mof", "Japan MOF asset-freeze list (.xlsx or .xls)"),
        Format("jp-meti", "jp_meti", "Japan METI Foreign User List (.xlsx)"),
        Format("ftm", "ftm", "FollowTheMoney entities, JSON lines (OpenSanctions exports)"),
        Format("os-targets-csv", "os_targets", "OpenSanctions targets.simple.csv"),
        Format("os-catalogue", "os_catalogue", "OpenSanctions dataset catalogue (index.json)"),
        Format(
            "nk-missile-tests",
            "nk_missile_tests",
            "North Korean missile tests: the CNS database as nagix/nk-missile-tests "
            "publishes it (folder, or its test.en.json)",
        ),
        Format("curated", "", "sanctiongraph curated YAML (lists without a machine-readable file)"),
    )
}


def detect(path: Path) -> str:
    """The format of a file, where its content says so unambiguously; its name
    plays no part (a renamed sdn.csv, a workbook saved under another name)."""
    check_input(path)
    if path.is_dir():
        from sanctiongraph.loaders.formats.ofac_csv import sdn_file

        if sdn_file(path).exists():
            return "ofac-csv"
        if (path / "test.en.json").exists() and (path / "missile.en.json").exists():
            return "nk-missile-tests"
        raise LoadError(path, None, "a directory is only read as an OFAC CSV set (sdn.csv)")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror}") from None
    low = head.lower()
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return _sniff_workbook(path)
    if b"<consolidated_list" in low:
        return "un-xml"
    if b"<sdnlist" in low:
        return "ofac-xml"
    # The advanced XML's namespace was un.org's "sanctions/1.0" until OFAC's Sanctions List
    # Service took over; its files now declare the service's ADVANCED_XML namespace.
    if b"<sanctions" in low and (
        b"un.org/sanctions" in low or b"sanctionslistservice.ofac.treas.gov" in low
    ):
        return "ofac-advanced"
    if b"<export" in low and b"fsd/export" in low:
        return "eu-fsf-xml"
    if b"format: sanctiongraph-curated" in low:
        return "curated"
    if head.lstrip().startswith(b"{") and b'"timebins"' in low[:200]:
        return "nk-missile-tests"
    if head.lstrip().startswith(b"{") and b'"datasets"' in head[:200]:
        return "os-catalogue"
    if head.lstrip().startswith(b"{") and b'"schema"' in head:
        return "ftm"
    if low.startswith(b"last updated,"):
        return "uk-csv"
    if b"celex," in low[:200] or low.startswith(b"celex"):
        return "eu-journal-csv"
    if low.replace(b'"', b"").startswith(b"id,schema,name,aliases"):
        return "os-targets-csv"
    from sanctiongraph.loaders.formats.ofac_csv import looks_like_sdn_csv

    if looks_like_sdn_csv(head):
        return "ofac-csv"
    raise LoadError(
        path,
        None,
        "cannot tell the format from the content; name it: sanctiongraph load FORMAT FILE",
    )


def _sniff_workbook(path: Path) -> str:
    """A workbook's format from its sheets: MOF's 一覧 and per-programme sheets,
    METI's ユーザーリスト, the UK's "Data" sheet opening with "Last Updated"."""
    from sanctiongraph.loaders.sheets import cell_text, iter_rows, sheet_names

    names = sheet_names(path)
    if any("北朝鮮" in n or "一覧" in n for n in names):
        return "jp-mof"
    if any("ユーザー" in n for n in names):
        return "jp-meti"
    for _, _, row in iter_rows(path):
        first = " ".join(cell_text(c) or "" for c in row[:2]).strip().lower()
        if first.startswith("last updated"):
            return "uk-xlsx"
        if "告示日付" in first:
            return "jp-mof"
        break
    if "Data" in names or "ConList" in names:
        return "uk-xlsx"
    raise LoadError(path, None, "a workbook of unknown layout; name its format")


def dated_source(
    source: SourceInfo, path: Path, list_date: str | None
) -> tuple[SourceInfo, str | None]:
    """The source with its list date, and a warning when the load cannot date it.

    The file's own date wins; a file without one takes ``list_date`` (the
    ``--list-date`` option), else a date in its name (``loaders.dates.date_in_name``),
    else loads undated with a warning saying how to date it.
    """
    if source.list_date:
        if list_date and parse_date(list_date, path, "--list-date") != source.list_date:
            return source, (
                f"{path}: the file is dated {source.list_date}; --list-date {list_date} ignored"
            )
        return source, None
    found = date_in_name(path)
    if list_date:
        # The id keeps the name's date where there is one, so that one file is one
        # Source whichever date a user gives it.
        iso = parse_date(list_date, path, "--list-date")
        return source.dated(iso, found[1] if found else iso), None
    if found:
        return source.dated(*found), None
    return source, (
        f"{path}: no list date in the file or its name; loaded undated, so date-bound "
        "queries (authority-totals as_of) leave its listings out. Date it with "
        "--list-date YYYY-MM-DD (or a date in the file name, e.g. sdn_2021-07-07.csv)"
    )


def inputs(fmt: str, path: Path) -> list[Path]:
    """Every file a load of ``path`` reads: the file, or a set's files (OFAC CSV)."""
    # A curated file has no reader module of its own (loaders.curated reads it).
    reader = FORMATS[fmt].reader() if fmt in FORMATS and FORMATS[fmt].module else None
    found = getattr(reader, "inputs", None)
    return list(found(path)) if found is not None else [path]


def source_of(fmt: str, path: Path, list_date: str | None = None) -> SourceInfo | None:
    """The Source a load of ``path`` makes, from the file's header alone (None for a
    curated file, which names its own sources)."""
    if fmt not in FORMATS:
        raise LoadError(path, None, f"unknown format {fmt!r}")
    check_input(path)
    if fmt == "curated":
        return None
    return dated_source(FORMATS[fmt].reader().source(path), path, list_date)[0]


def read_file(
    fmt: str,
    path: Path,
    matcher: Matcher,
    store: Store | None = None,
    list_date: str | None = None,
    partial: bool = False,
    tap: Callable[[Target], None] | None = None,
) -> tuple[Builder, Iterator[Node | Rel]]:
    """The builder for a file and the records it yields, lazily.

    A reader whose records depend on what the graph already holds (the events
    catalogue reconciles with existing events) has ``context(store, path)``,
    whose answer is passed to its ``records``; ``tap`` sees each target as it is
    read. Run it under
    :func:`loaders.limits.using`: the readers check the limits of the load as they
    read, and every target is checked before it is built.
    """
    reader: Reader = FORMATS[fmt].reader()
    repeats = bool(getattr(reader, "REPEATED_RECORDS", False))
    source, warning = dated_source(reader.source(path), path, list_date)
    partial = partial or partial_by_name(path)
    builder = Builder(str(path), source, matcher, repeats, partial)
    if store is not None:
        builder.editions = EditionUpdate.read(
            store, builder.sid, builder.source.list_date, complete=not partial
        )
    builder.warnings += [warning] if warning else []
    extra = getattr(reader, "records", None)
    context = getattr(reader, "context", None)
    kwargs = context(store, path) if context is not None and store is not None else {}
    more = extra(path, builder.source.id, **kwargs) if extra is not None else iter(())
    targets = input_limits.checked_targets(path, reader.targets(path))
    if tap is not None:
        targets = _tapped(targets, tap)
    return builder, builder.build(targets, more)


def _tapped(targets: Iterator[Target], tap: Callable[[Target], None]) -> Iterator[Target]:
    for t in targets:
        tap(t)
        yield t


def load_file(
    store: Store,
    fmt: str,
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    matcher: Matcher | None = None,
    batch_size: int | None = None,
    list_date: str | None = None,
    limits: Limits | None = None,
    partial: bool = False,
    tap: Callable[[Target], None] | None = None,
) -> tuple[LoadSummary, list[Decision]]:
    """Load one file all-or-nothing, matching its targets against the store.

    ``list_date`` dates a file that carries no date of its own (see
    :func:`dated_source`); warnings end up in the summary. ``limits`` bound what the
    file may cost (default: the settings'); ``tap`` sees each target as it is read.
    """
    if fmt not in FORMATS:
        raise LoadError(path, None, f"unknown format {fmt!r}")
    check_input(path)
    with input_limits.using(limits):
        if fmt == "curated":
            from sanctiongraph.loaders.curated import load_curated

            return load_curated(store, path), []  # it links events itself
        # Matching reads the entities it merges into: no other writer may commit between
        # that read and this load's commit, or they would be matched against stale data.
        with store.exclusive():
            matcher = matcher or Matcher.from_store(store)
            before = len(matcher.decisions)
            builder, items = read_file(fmt, path, matcher, store, list_date, partial, tap)
            # Once the last target is matched, the name caches are released before the
            # store copies the file's rows in (the load's largest moment).
            items = _then(items, release_caches)
            summary = load_into(store, path, items, batch_size=batch_size, progress=progress)
            # A reader of something other than targets (events) names its records' label.
            label = getattr(FORMATS[fmt].reader(), "RECORD_LABEL", None)
            summary.records = builder.records or (summary.nodes.get(label, 0) if label else 0)
            summary.warnings += builder.warnings
            # Listings, instruments and events from different files meet here (loaders.links).
            link_events(store)
        return summary, matcher.decisions[before:]


def _then(items: Iterator[Node | Rel], done: Callable[[], None]) -> Iterator[Node | Rel]:
    """``items``, then ``done()`` once they are exhausted."""
    yield from items
    done()


def dry_run(
    store: Store,
    fmt: str,
    path: Path,
    list_date: str | None = None,
    limits: Limits | None = None,
    matcher: Matcher | None = None,
) -> list[Decision]:
    """How a file's targets would match the store, without writing anything."""
    if fmt not in FORMATS:
        raise LoadError(path, None, f"unknown format {fmt!r}")
    check_input(path)
    with input_limits.using(limits):
        matcher = matcher or Matcher.from_store(store)
        _, items = read_file(fmt, path, matcher, store, list_date)
        for _ in items:
            pass
        return matcher.decisions
