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
from sanctiongraph.loaders.base import LoadError, LoadSummary, load_into
from sanctiongraph.loaders.build import Builder
from sanctiongraph.loaders.matching import Decision, Matcher
from sanctiongraph.loaders.target import SourceInfo, Target


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
        Format("curated", "", "sanctiongraph curated YAML (lists without a machine-readable file)"),
    )
}


def detect(path: Path) -> str:
    """The format of a file, where its content says so unambiguously."""
    if path.is_dir():
        if (path / "sdn.csv").exists():
            return "ofac-csv"
        raise LoadError(path, None, "a directory is only read as an OFAC CSV set (sdn.csv)")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror}") from None
    low = head.lower()
    name = path.name.lower()
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
        if "conlist" in name:
            return "uk-xlsx"
        if "meti" in name or "user" in name:
            return "jp-meti"
        return "jp-mof" if ("mof" in name or "shisan" in name) else _sniff_workbook(path)
    if b"<consolidated_list" in low:
        return "un-xml"
    if b"<sdnlist" in low:
        return "ofac-xml"
    if b"<sanctions" in low and b"un.org/sanctions" in low:
        return "ofac-advanced"
    if b"<export" in low and b"fsd/export" in low:
        return "eu-fsf-xml"
    if b"format: sanctiongraph-curated" in low:
        return "curated"
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
    if name == "sdn.csv":
        return "ofac-csv"
    raise LoadError(
        path,
        None,
        "cannot tell the format from the content; name it: sanctiongraph load FORMAT FILE",
    )


def _sniff_workbook(path: Path) -> str:
    from sanctiongraph.loaders.sheets import sheet_names

    names = sheet_names(path)
    if any("北朝鮮" in n or "一覧" in n for n in names):
        return "jp-mof"
    if any("ユーザー" in n for n in names):
        return "jp-meti"
    if "Data" in names or "ConList" in names:
        return "uk-xlsx"
    raise LoadError(path, None, "a workbook of unknown layout; name its format")


def read_file(fmt: str, path: Path, matcher: Matcher) -> tuple[Builder, Iterator[Node | Rel]]:
    """The builder for a file and the records it yields, lazily."""
    reader: Reader = FORMATS[fmt].reader()
    repeats = bool(getattr(reader, "REPEATED_RECORDS", False))
    builder = Builder(str(path), reader.source(path), matcher, repeats)
    extra = getattr(reader, "records", None)
    more = extra(path, builder.source.id) if extra is not None else iter(())
    return builder, builder.build(reader.targets(path), more)


def load_file(
    store: Store,
    fmt: str,
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    matcher: Matcher | None = None,
    batch_size: int | None = None,
) -> tuple[LoadSummary, list[Decision]]:
    """Load one file all-or-nothing, matching its targets against the store."""
    if fmt == "curated":
        from sanctiongraph.loaders.curated import load_curated

        return load_curated(store, path), []
    if fmt not in FORMATS:
        raise LoadError(path, None, f"unknown format {fmt!r}")
    if not path.exists():
        raise LoadError(path, None, "no such file")
    matcher = matcher or Matcher.from_store(store)
    before = len(matcher.decisions)
    builder, items = read_file(fmt, path, matcher)
    summary = load_into(store, path, items, batch_size=batch_size, progress=progress)
    summary.records = builder.records
    return summary, matcher.decisions[before:]


def dry_run(store: Store, fmt: str, path: Path, matcher: Matcher | None = None) -> list[Decision]:
    """How a file's targets would match the store, without writing anything."""
    matcher = matcher or Matcher.from_store(store)
    _, items = read_file(fmt, path, matcher)
    for _ in items:
        pass
    return matcher.decisions
