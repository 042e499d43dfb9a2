"""The ``sanctiongraph`` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from sanctiongraph.graph.open import open_store
from sanctiongraph.graph.store import Store, StoreError
from sanctiongraph.output import FORMATS, render_object, render_rows
from sanctiongraph.queries import QUERIES, QueryError, get_query, run_query
from sanctiongraph.queries.resolve import Ambiguous, NotFound
from sanctiongraph.settings import Settings, load_settings, resolver_for
from sanctiongraph.viz import MissingExtra

# Errors a user can act on: shown as one line, no traceback.
USER_ERRORS: tuple[type[Exception], ...] = (
    MissingExtra,
    QueryError,
    NotFound,
    Ambiguous,
    StoreError,
    ValueError,
    OSError,
)

STORY_EVENT = "event:2017-11-29-hwasong-15"
STORY_DATE = "2017-12-15"


@dataclass
class Ctx:
    settings: Settings
    backend: str | None
    store_path: Path | None
    out: Console
    err: Console

    def open(self) -> Store:
        return open_store(self.settings, self.backend, self.store_path)

    def resolver_path(self) -> Path:
        """The resolver file of match judgements (SANCTIONGRAPH_RESOLVER, else beside the store)."""
        return resolver_for(self.settings, self.store_path)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as err:
            Console(stderr=True).print(f"[red]error:[/red] {_plain(str(err))}", highlight=False)
            sys.exit(2)


def _plain(text: str) -> str:
    from rich.markup import escape

    return escape(text)


format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table for people; json (one JSON document on stdout) or csv for programs.",
)  # fmt: skip


@click.group(cls=_Group)
@click.option(
    "--store", "backend", default=None, metavar="embedded|neo4j|URI",
    help="Backend: embedded, neo4j (NEO4J_URI) or a Bolt URI; default SANCTIONGRAPH_BACKEND, "
    "else embedded.",
)  # fmt: skip
@click.option(
    "--store-path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="File of the embedded store; default SANCTIONGRAPH_STORE, "
    "else ~/.local/share/sanctiongraph/graph.json.",
)  # fmt: skip
@click.version_option(package_name="sanctiongraph")
@click.pass_context
def main(ctx: click.Context, backend: str | None, store_path: Path | None) -> None:
    """Sanctions lists as a knowledge graph: load, query with Cypher, explore."""
    ctx.obj = Ctx(
        settings=load_settings(),
        backend=backend,
        store_path=store_path,
        out=Console(soft_wrap=False),
        err=Console(stderr=True),
    )


@contextmanager
def _progress(err: Console, label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    if not err.is_terminal:
        yield lambda n: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}"),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _format_names() -> list[str]:
    from sanctiongraph.loaders.registry import FORMATS as LIST_FORMATS

    return ["auto", *LIST_FORMATS]


@main.command()
@click.argument("list_format", metavar="FORMAT", type=click.Choice(_format_names()))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every matching decision (merged, new, left apart) to this CSV.",
)
@format_option
@click.pass_obj
def load(obj: Ctx, list_format: str, files: tuple[Path, ...], report: Path | None,
         fmt: str) -> None:  # fmt: skip
    """Load FILES of a FORMAT into the store, each file all-or-nothing.

    FORMAT is one of the published list formats (see README, "Loading real
    lists"), `curated` (the documented YAML format) or `auto` to tell the
    format from each file's content. An OFAC CSV set is given as sdn.csv (or
    its folder); add.csv, alt.csv and sdn_comments.csv beside it are read too.
    A target merges into an entity already in the store only on evidence (an
    identifier, or a name with what corroborates it) and never across a veto;
    look-alikes become candidates: see `sanctiongraph matches` and `review`.
    """
    from sanctiongraph.loaders.base import LoadError
    from sanctiongraph.loaders.matching import Matcher
    from sanctiongraph.loaders.registry import detect, load_file
    from sanctiongraph.resolution.commands import files as resolver_files
    from sanctiongraph.resolution.history import CandidatePair

    judgements, log, candidates = resolver_files(obj)
    rows: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    with obj.open() as store:
        for path in files:
            try:
                kind = detect(path) if list_format == "auto" else list_format
                matcher = Matcher.from_store(store, judgements)
                with _progress(obj.err, f"loading {path.name} ({kind})", None) as tick:
                    summary, made = load_file(store, kind, path, progress=tick, matcher=matcher)
            except LoadError as err:
                done = ", ".join(r["file"] for r in rows) or "none"
                raise click.ClickException(
                    f"{err} (nothing of it was written; loaded before it: {done})"
                ) from None
            if made and kind != "curated":
                log.add(kind, path, made[0].source)
            candidates.add(
                CandidatePair(d.key, c.record, c.score, c.evidence, c.why)
                for d in made
                for c in d.candidates
                if c.record and c.record != d.key
            )
            decisions += [d.as_row() for d in made]
            merged = sum(1 for d in made if d.outcome not in ("new", "same-record"))
            apart = sum(1 for d in made if d.note)
            rows.append({
                "file": str(path), "format": kind, "records": summary.records,
                "merged": merged, "left_apart": apart,
                "nodes": sum(summary.nodes.values()),
                "relationships": sum(summary.relationships.values()),
            })  # fmt: skip
    if report is not None:
        _write_csv(report, decisions)
    render_rows(rows, ("file", "format", "records", "merged", "left_apart", "nodes",
                       "relationships"), fmt, obj.out, title="Loaded")  # fmt: skip


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        fields = list(rows[0]) if rows else ["source", "record", "name", "entity", "outcome"]
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@main.command()
@click.argument("list_format", metavar="FORMAT", type=click.Choice(_format_names()),
                required=False)  # fmt: skip
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--all", "show_all", is_flag=True, help="Also show targets that stay new.")
@format_option
@click.pass_obj
def matches(obj: Ctx, list_format: str | None, files: tuple[Path, ...], show_all: bool,
            fmt: str) -> None:  # fmt: skip
    """Candidates for review in the store, or how FILES would merge into it.

    Without arguments: the candidate pairs loads left apart and no one has
    judged yet, best score first, with the evidence (judge them with
    `sanctiongraph review`). With FORMAT FILES: a dry run — for each target
    the entity it would join, the evidence and its score, and the candidates
    it would leave apart — writing nothing.
    """
    from sanctiongraph.loaders.base import LoadError
    from sanctiongraph.loaders.matching import Matcher
    from sanctiongraph.loaders.registry import detect, dry_run
    from sanctiongraph.resolution.commands import entities_by_record
    from sanctiongraph.resolution.commands import files as resolver_files

    judgements, _, candidates = resolver_files(obj)
    out: list[dict[str, Any]] = []
    with obj.open() as store:
        if not files:
            where = entities_by_record(store)
            for c in candidates.pending(judgements):
                a, b = where.get(c.a, {}), where.get(c.b, {})
                out.append({
                    "record": c.a, "name": a.get("name"), "other": c.b,
                    "other_name": b.get("name"), "score": round(c.score, 3),
                    "evidence": c.evidence, "why": c.why,
                })  # fmt: skip
            render_rows(out, ("record", "name", "other", "other_name", "score", "evidence", "why"),
                        fmt, obj.out, title="Candidates")  # fmt: skip
            return
        if list_format is None:
            raise click.UsageError("give FORMAT and FILES, or nothing to list the candidates")
        for path in files:
            try:
                kind = detect(path) if list_format == "auto" else list_format
                made = dry_run(store, kind, path, Matcher.from_store(store, judgements))
            except LoadError as err:
                raise click.ClickException(str(err)) from None
            out += [d.as_row() for d in made if show_all or d.outcome != "new" or d.note]
    render_rows(out, ("record", "name", "entity", "outcome", "score", "basis", "left_apart"),
                fmt, obj.out, title="Matches")  # fmt: skip


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
            raise QueryError(f"--param takes key=value, got {item!r}")
        params[k.strip()] = v
    return params


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; repeat for more.")  # fmt: skip
@format_option
@click.pass_obj
def query(obj: Ctx, name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run the named query NAME (see `sanctiongraph queries`)."""
    q = get_query(name)
    with obj.open() as store:
        rows = run_query(store, name, _parse_params(params))
    render_rows(rows, q.columns, fmt, obj.out, title=q.name)


@main.command()
@click.option(
    "--format", "fmt", required=True,
    type=click.Choice(["graphml", "gexf", "json", "cytoscape", "grass"]),
    help="graphml/gexf: Gephi, yEd; cytoscape: Cytoscape JSON; json: the store's own format; "
    "grass: the Neo4j Browser style sheet in sanctiongraph's colours.",
)  # fmt: skip
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_obj
def export(obj: Ctx, fmt: str, output: Path) -> None:
    """Write the whole graph for other tools (or, with grass, the Neo4j Browser style)."""
    from sanctiongraph.graph.export import export_graph
    from sanctiongraph.viz.exports import write_cytoscape, write_grass

    if fmt == "grass":
        write_grass(output)
        obj.err.print(f"wrote {output}: in Neo4j Browser, run :style and drop the file on it")
        return
    with obj.open() as store:
        graph = store.to_networkx()
    if fmt == "cytoscape":
        write_cytoscape(graph, output)
    else:
        export_graph(graph, fmt, output)
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    obj.err.print(f"wrote {output} ({n} nodes, {m} relationships)")


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

    with obj.open() as store:
        graph = store.to_networkx()
    plan = write_import_files(graph, out_dir)
    obj.err.print(f"wrote {len(plan.files)} files to {out_dir}; run:")
    obj.out.print(" ".join(plan.command(database)), highlight=False, soft_wrap=True)


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
                raise StoreError("--apply needs a Neo4j store (--store neo4j)")
            store.ensure_schema()
        obj.err.print("constraints and indexes are in place")
        return
    for statement in constraint_statements():
        obj.out.print(statement + ";", highlight=False, soft_wrap=True)


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
@click.option("--write", is_flag=True, help="Allow the query to write (Neo4j only).")
@format_option
@click.pass_obj
def run_cypher(obj: Ctx, text: str, params: tuple[str, ...], write: bool, fmt: str) -> None:
    """Run ad-hoc Cypher TEXT, read-only unless --write is given.

    On Neo4j this is full Cypher in a read transaction. On the embedded store it is
    grand-cypher's subset (see README), without parameters or writing clauses.
    """
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
        write_html(graph, html, title)
    for path in (png, svg):
        if path:
            write_static(graph, path, title)
    written = ", ".join(str(p) for p in (html, png, svg) if p)
    obj.err.print(f"drew {graph.number_of_nodes()} nodes, {graph.number_of_edges()} "
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
    from sanctiongraph.viz.subgraph import TooLarge, query_subgraph

    if not (html or png or svg):
        raise QueryError("say where to draw: --html FILE, --png FILE and/or --svg FILE")
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
@click.pass_obj
def demo(
    obj: Ctx, fmt: str, html: Path | None = None, png: Path | None = None, svg: Path | None = None
) -> None:
    """Load the cited story of 15 December 2017 and tell it from the named queries."""
    from sanctiongraph.loaders.curated import load_seed

    with obj.open() as store:
        load_seed(store)
        story = _story(store)
        where = store.stats()["location"]
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


if __name__ == "__main__":
    main()


def _register_resolution_commands() -> None:
    from sanctiongraph.resolution.commands import rebuild_command, resolver, review

    for command in (review, resolver, rebuild_command):
        main.add_command(command)


_register_resolution_commands()
