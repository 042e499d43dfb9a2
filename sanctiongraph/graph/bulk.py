"""The bulk path: CSV files for ``neo4j-admin database import full`` (Neo4j 5).

One node file per label and one relationship file per type, with typed headers
derived from the schema (``listed_on:date``, ``aliases:string[]``, ``id:ID``).
Arrays are joined with U+001F, a character no list value holds, so names with
commas or semicolons survive. The import creates no constraints; start the
server, then run ``sanctiongraph --store neo4j schema --apply``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from sanctiongraph.graph.schema import SCHEMA, Prop

ARRAY_DELIMITER = "\x1f"
_TYPES = {
    "string": "", "int": ":long", "float": ":double", "date": ":date", "string[]": ":string[]",
}  # fmt: skip


def _header(prop: Prop) -> str:
    return f"{prop.name}{_TYPES[prop.type]}"


def _cell(value: object) -> object:
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return value


@dataclass
class ImportPlan:
    folder: Path
    nodes: dict[str, Path] = field(default_factory=dict)
    relationships: dict[str, Path] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        return [*self.nodes.values(), *self.relationships.values()]

    def command(self, database: str = "neo4j", admin: str = "neo4j-admin") -> list[str]:
        return [
            *admin.split(),
            # The database comes first: --relationships takes every word after it as a file.
            "database", "import", "full", database,
            "--overwrite-destination=true",
            "--array-delimiter=U+001F",
            "--multiline-fields=true",
            # neo4j-admin writes its report to ./import.report unless told: keep it with the CSVs.
            f"--report-file={self.folder / 'import.report'}",
            *(f"--nodes={label}={path}" for label, path in self.nodes.items()),
            *(f"--relationships={t}={path}" for t, path in self.relationships.items()),
        ]  # fmt: skip


def write_import_files(
    g: nx.MultiDiGraph, folder: Path, protected: Iterable[Path] = ()
) -> ImportPlan:
    """One CSV per label and type for neo4j-admin.

    These files are data for a database, not for a spreadsheet: cells are written
    exactly as stored, and a name starting with "=" stays as it is (the formula
    neutralising of ``output.csv_cell`` would change the data the database holds).

    No file may be one of ``protected`` (the store's own files): every path is checked
    before the first is written. Each file is written through a temporary copy, so a
    failure (a full disk) leaves no partial file.
    """
    from sanctiongraph.paths import check_output, written

    protected = list(protected)
    plan = ImportPlan(folder)
    plan.nodes = {nt.label: folder / f"nodes_{nt.label}.csv" for nt in SCHEMA.nodes}
    plan.relationships = {rt.type: folder / f"rels_{rt.type}.csv" for rt in SCHEMA.rels}
    for path in plan.files:
        check_output(path, protected)
    folder.mkdir(parents=True, exist_ok=True)
    for nt in SCHEMA.nodes:
        props = [p for p in nt.props if p.name != nt.key]
        with (
            written(plan.nodes[nt.label], protected) as tmp,
            tmp.open("w", newline="", encoding="utf-8") as fh,
        ):
            w = csv.writer(fh)
            w.writerow([f"{nt.key}:ID", *(_header(p) for p in props)])
            for n, a in g.nodes(data=True):
                if a.get("label") == nt.label:
                    w.writerow([n, *(_cell(a.get(p.name)) for p in props)])
    for rt in SCHEMA.rels:
        with (
            written(plan.relationships[rt.type], protected) as tmp,
            tmp.open("w", newline="", encoding="utf-8") as fh,
        ):
            w = csv.writer(fh)
            w.writerow([":START_ID", ":END_ID", *(_header(p) for p in rt.props)])
            for u, v, k, a in g.edges(keys=True, data=True):
                if k == rt.type:
                    w.writerow([u, v, *(_cell(a.get(p.name)) for p in rt.props)])
    return plan
