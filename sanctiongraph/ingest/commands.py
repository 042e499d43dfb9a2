"""Commands of the review loop: ``review``, ``resolver …`` and ``rebuild``.

Registered on the main group by :mod:`sanctiongraph.cli`; the context object
is the CLI's ``Ctx`` (it opens the store and knows the resolver file).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from sanctiongraph.graph.store import Store
from sanctiongraph.output import print_table, render_rows
from sanctiongraph.paths import beside
from sanctiongraph.resolution.history import CandidateLog, CandidatePair, LoadLog
from sanctiongraph.resolution.judgements import Judgements

KEYS = {"s": "same", "d": "different", "u": "unsure"}
_SHOWN = (
    "name", "kind", "aliases", "imo", "swift_bic", "ofac_ent_num", "un_ref", "id_numbers",
    "birth_dates", "nationalities", "sources",
)  # fmt: skip


def files(obj: Any) -> tuple[Judgements, LoadLog, CandidateLog]:
    from sanctiongraph.paths import check_output, refuse_special, store_files

    path: Path = obj.resolver_path()
    # SANCTIONGRAPH_RESOLVER may name any file: never the store or its lock (judgements
    # would be appended to them), never a FIFO (reading it would wait forever).
    store = store_files(obj.store_path or obj.settings.store_path)
    for kept, what in ((path, "resolver file"), (beside(path, "loads"), "load log"),
                       (beside(path, "candidates"), "candidate log")):  # fmt: skip
        refuse_special(kept, what)
        check_output(kept, store)
    return (
        Judgements(path),
        LoadLog(beside(path, "loads")),
        CandidateLog(beside(path, "candidates")),
    )


def entities_by_record(store: Store) -> dict[str, Mapping[str, Any]]:
    # Imported here: the matcher brings rigour, which `matches` (the queue) never needs.
    from sanctiongraph.resolution.matching import MATCH_PROPS

    out: dict[str, Mapping[str, Any]] = {}
    for row in store.entities(MATCH_PROPS):
        for r in row.get("records") or ():
            out[str(r)] = row
    return out


def _cell(row: Mapping[str, Any] | None, prop: str) -> str:
    if row is None:
        return "(not in the store)"
    value = row.get(prop)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value[:8]) + (" …" if len(value) > 8 else "")
    return "" if value is None else str(value)


def side_by_side(
    c: CandidatePair, a: Mapping[str, Any] | None, b: Mapping[str, Any] | None
) -> Table:
    """The pair as judged: the header names the two records the judgement is written
    on, the first rows their entities (which a "same" joins whole, a "different" keeps
    apart), and the caption why those two records met; reasons logged between other
    records of the two entities follow, said to be so."""
    reasons = c.why.split(" | ")
    caption = f"why {c.a} and {c.b}: {reasons[0]}"
    if len(reasons) > 1:
        caption += " · between other records of the two entities: " + " | ".join(reasons[1:])
    t = Table(title=f"{c.evidence} · score {c.score:.2f}", caption=caption, show_lines=False)
    t.add_column("")
    t.add_column(c.a, overflow="fold")
    t.add_column(c.b, overflow="fold")
    t.add_row("entity", _cell(a, "id"), _cell(b, "id"))
    t.add_row("records", _cell(a, "records"), _cell(b, "records"))
    for prop in _SHOWN:
        t.add_row(prop, _cell(a, prop), _cell(b, prop))
    return t


class _Session:
    """The pairs judged in one review session, so that none comes back in it: two
    entities judged the same are one party for the rest of the session (a later pair
    of the joined party with a third entity is asked once, not once per part), and a
    pair of parties judged otherwise is not asked again."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._asked: set[tuple[str, str]] = set()

    def _root(self, e: str) -> str:
        while self._parent.get(e, e) != e:
            e = self._parent[e]
        return e

    def _key(self, a: str, b: str) -> tuple[str, str]:
        ra, rb = self._root(a), self._root(b)
        return (ra, rb) if ra <= rb else (rb, ra)

    def settled(self, a: str, b: str) -> bool:
        ra, rb = self._key(a, b)
        return ra == rb or (ra, rb) in self._asked

    def judged(self, a: str, b: str, verdict: str) -> None:
        ra, rb = self._key(a, b)
        if verdict == "same":
            self._parent[rb] = ra
        self._asked.add((ra, rb))


def needs_rebuild(judgements: Judgements, where: Mapping[str, Mapping[str, Any]]) -> bool:
    """Does a standing judgement contradict the store (same apart, different together)?"""
    for j in judgements.current():
        ea, eb = where.get(j.a), where.get(j.b)
        if ea is None or eb is None:
            continue
        together = ea["id"] == eb["id"]
        if (j.verdict == "different" and together) or (j.verdict == "same" and not together):
            return True
    return False


def _rebuild(obj: Any, store: Store, judgements: Judgements, log: LoadLog,
             without: tuple[str, ...] = ()) -> int:  # fmt: skip
    from sanctiongraph.ingest.rebuild import rebuild
    from sanctiongraph.output import visible_text

    def say(line: str) -> None:
        obj.err.print(visible_text(line, newlines=False), markup=False)

    done = rebuild(store, log, judgements, without, progress=say)
    for conflict in done.conflicts:
        obj.err.print(visible_text(f"judgements disagree: {conflict}", newlines=False),
                      markup=False)  # fmt: skip
    return sum(len(r.decisions) for r in done)


def _keys() -> Iterator[str]:
    """The reviewer's keys, lower-cased: one keypress at a time on a terminal; from a pipe
    or a file (`printf 'sdq' | sanctiongraph review`) each character of stdin that is not
    blank, in turn, until its end. click.getchar alone would open /dev/tty when stdin is
    not a terminal, which a script, a cron job or a container has not."""
    stdin = sys.stdin  # the CLI test runner's input too
    if stdin.isatty():
        while True:
            yield click.getchar().lower()
    while ch := stdin.read(1):
        if not ch.isspace():
            yield ch.lower()


@click.command()
@click.option(
    "--who", default=None, help="Name recorded with each judgement (default: your login)."
)
@click.option("--no-rebuild", is_flag=True, help="Record judgements only; rebuild later.")
@click.pass_obj
def review(obj: Any, who: str | None, no_rebuild: bool) -> None:
    """Judge candidate pairs one by one: s(ame), d(ifferent), u(nsure), n(ext), q(uit).

    Keys are read from the terminal, or from stdin when it is a pipe or a file
    (`printf 'sdq' | sanctiongraph review`): blanks are skipped, its end quits.

    Candidates are the pairs loads left apart (see `sanctiongraph matches`).
    Judgements go to the resolver file (SANCTIONGRAPH_RESOLVER, default beside
    the store) and hold on every later load. When a judgement contradicts the
    store — two records judged different in one entity, or the same in two —
    the store is rebuilt from its load log on quit.
    """
    from sanctiongraph.resolution.queue import queue

    judgements, log, cands = files(obj)
    with obj.open() as store:
        # The queue's order: one pair of entities at a time, most likely the same first.
        pending = [
            (p.a, p.b, CandidatePair(p.record_a, p.record_b, p.score, p.evidence,
                                     " | ".join(p.reasons[:3])))
            for p in queue(cands.path, store, judgements)[0]
        ]  # fmt: skip
        if not pending:
            obj.out.print("No candidates to review.")
            return
        where = entities_by_record(store)
        done = 0
        session = _Session()
        keys = _keys()
        for i, (ea, eb, c) in enumerate(pending, 1):
            if session.settled(ea, eb):
                continue  # these two parties were judged earlier in this session
            print_table(obj.out, side_by_side(c, where.get(c.a), where.get(c.b)))
            obj.out.print(
                f"[{i}/{len(pending)}] s same (joins the two entities) · d different · "
                "u unsure · n next · q quit"
            )
            key = next(keys, "q")  # the end of piped keys quits
            if key == "q":
                break
            if key in KEYS:
                judgements.judge(c.a, c.b, KEYS[key], who=who)
                session.judged(ea, eb, KEYS[key])
                done += 1
                obj.out.print(f"→ {KEYS[key]}")
        obj.out.print(f"{done} judgement(s) recorded in {judgements.path}")
        if done and needs_rebuild(judgements, where):
            if no_rebuild:
                obj.out.print("The store contradicts a judgement: run `sanctiongraph rebuild`.")
            else:
                n = _rebuild(obj, store, judgements, log)
                obj.out.print(f"Rebuilt the store from its load log ({n} records).")


@click.group()
def resolver() -> None:
    """The resolver file of judgements: list, undo, export, merge."""


@resolver.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_obj
def resolver_list(obj: Any, fmt: str) -> None:
    """Every standing judgement, with who and when."""
    judgements, _, _ = files(obj)
    rows = [{"a": j.a, "b": j.b, "verdict": j.verdict, "who": j.who, "when": j.when}
            for j in judgements.current()]  # fmt: skip
    render_rows(rows, ("a", "b", "verdict", "who", "when"), fmt, obj.out, title="Judgements")


@resolver.command("judge")
@click.argument("a")
@click.argument("b")
@click.argument("verdict", type=click.Choice(["same", "different", "unsure"]))
@click.option("--who", default=None)
@click.pass_obj
def resolver_judge(obj: Any, a: str, b: str, verdict: str, who: str | None) -> None:
    """Record a judgement on records A and B (`<source id>#<record>`) without the review screen."""
    judgements, _, _ = files(obj)
    judgements.judge(a, b, verdict, who=who)
    obj.out.print(f"{a} / {b}: {verdict}")


@resolver.command("undo")
@click.argument("a")
@click.argument("b")
@click.option("--who", default=None)
@click.pass_obj
def resolver_undo(obj: Any, a: str, b: str, who: str | None) -> None:
    """Withdraw the judgement on records A and B (the history keeps it)."""
    judgements, _, _ = files(obj)
    judgements.undo(a, b, who=who)
    obj.out.print(f"{a} / {b}: undone")


@resolver.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def resolver_export(obj: Any, out: Path) -> None:
    """Write the standing judgements to OUT, a resolver file to share."""
    judgements, _, _ = files(obj)
    with obj.output(out) as tmp:
        n = judgements.export(tmp)
    obj.out.print(f"{n} judgement(s) written to {out}")


@resolver.command("merge")
@click.argument("other", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def resolver_merge(obj: Any, other: Path) -> None:
    """Add the judgements of another resolver file (the later judgement of a pair wins)."""
    from sanctiongraph.paths import refuse_special

    refuse_special(other, "resolver file to merge")  # a FIFO would wait forever
    judgements, _, _ = files(obj)
    obj.out.print(f"{judgements.merge_from(Judgements(other))} judgement(s) added from {other}")


@click.command("rebuild")
@click.option(
    "--without",
    multiple=True,
    metavar="SOURCE",
    help="Unload this source (a Source id; repeatable), e.g. an older edition.",
)
@click.pass_obj
def rebuild_command(obj: Any, without: tuple[str, ...]) -> None:
    """Re-derive the store from its load log with the judgements (splits, unloads)."""
    judgements, log, _ = files(obj)
    with obj.open() as store:
        n = _rebuild(obj, store, judgements, log, without)
    obj.out.print(f"Rebuilt the store from its load log ({n} records).")


def _edition(line: str) -> str:
    """The Source id of a match_history line ("<list date> <source id>: <basis>")."""
    return ":".join(line.split(" ", 1)[-1].split(":", 2)[:2])


def merge_history(g: Any, key: str, files: Mapping[str, str]) -> list[dict[str, str]]:
    """For each listing of entity ``key``: the rule and evidence that first joined the
    list's record to it (``joined by``), then every edition's match (``matched``), each
    with the record it was for and that record's file (``files``: record → file)."""
    rows: list[dict[str, str]] = []
    for listing, _, kind, attrs in sorted(g.in_edges(key, keys=True, data=True)):
        if kind != "TARGETS":
            continue
        records = sorted(str(r) for r in attrs.get("records") or ())
        history = [str(h) for h in attrs.get("match_history") or ()]
        said = [("matched", line, _edition(line)) for line in history]
        if attrs.get("match_basis"):
            first = _edition(history[0]) if history else ""
            said.insert(0, ("joined by", str(attrs["match_basis"]), first))
        for prop, value, source in said:
            record = next((r for r in records if source and r.startswith(source + "#")),
                          records[0] if records else "")  # fmt: skip
            rows.append({"property": prop, "value": f"{value} ({listing})", "record": record,
                         "file": files.get(record, ""), "status": ""})  # fmt: skip
    return rows


@click.command("provenance")
@click.argument("entity")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_obj
def provenance_command(obj: Any, entity: str, fmt: str) -> None:
    """Which record asserted which value of ENTITY (a name or a key).

    Each value the entity holds — names, aliases, identifiers, birth dates,
    nationalities, addresses, listings — one row with the source record that
    says it and the file it was read from (the copy the load kept).
    """
    from sanctiongraph.graph.resolve import NotFound, resolve
    from sanctiongraph.resolution.moved import MovedKeys, moved_beside
    from sanctiongraph.resolution.provenance import record_statements

    _, log, _ = files(obj)
    with obj.open() as store:
        try:
            key = resolve(store, "Entity", entity)
        except NotFound:
            # A key a rebuild retired (a judgement merged or split its entity).
            moved = MovedKeys(moved_beside(log.path)).target(entity.strip())
            if moved is None:
                raise
            from sanctiongraph.output import visible_text

            said = visible_text(f"{entity.strip()} is now {moved}", newlines=False)
            obj.err.print(said, markup=False, highlight=False)
            key = resolve(store, "Entity", moved)
        g = store.subgraph([key], 1)
        records = [str(r) for r in g.nodes[key].get("records") or ()]
    found, missing = record_statements(log, records)
    rows = [s.as_row() for s in found]
    rows += merge_history(g, key, {str(r["record"]): str(r["file"]) for r in rows})
    render_rows(rows, ("property", "value", "record", "file", "status"), fmt, obj.out,
                title=f"What the records of {key} say")  # fmt: skip
    if missing:
        from sanctiongraph.output import visible_text

        obj.err.print(
            visible_text(
                f"not in the load log, so not read back: {', '.join(missing)} (the node cites "
                "them; curated files and stores loaded by older versions keep no copy)",
                newlines=False,
            ),
            markup=False,
            highlight=False,
        )
