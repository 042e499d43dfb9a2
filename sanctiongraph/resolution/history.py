"""What sits beside the resolver file: the log of loads and the open candidates.

- the **load log** (``<resolver>.loads.jsonl``): every file loaded into the
  store, in order, with its format and Source id. It is the per-record
  provenance a split needs: the published files hold what each record said,
  so replaying the log (less an unloaded source, with the judgements) re-derives
  exactly what the remaining records say (see :mod:`.rebuild`);
- the **candidates** (``<resolver>.candidates.jsonl``): pairs a load left
  apart for review, each as two source records with the scorer's evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from sanctiongraph.resolution.judgements import Judgements, pair


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _lines(path: Path) -> Iterator[dict[str, str]]:
    if path.exists():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    yield dict(json.loads(line))
                except ValueError as err:
                    raise ValueError(f"{path}: line {n}: {err}") from None


def _append(path: Path, rows: Iterable[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def beside(resolver: Path, what: str) -> Path:
    """``resolver.jsonl`` → ``resolver.<what>.jsonl``."""
    return resolver.with_name(f"{resolver.stem}.{what}.jsonl")


@dataclass(frozen=True)
class LoadEntry:
    format: str
    path: str  # absolute
    source: str  # Source node id ("curated:<path>" for a curated file)
    when: str
    list_date: str = ""  # the list's own date, for the publication order
    digest: str = ""  # sha256 of the file as loaded ("" in logs of older versions)
    seq: int = 0  # position in the log, for the order of loads among equals


class LoadLog:
    """The files a store was built from, in load order."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def add(self, entry: LoadEntry) -> None:
        row = asdict(entry)
        row.pop("seq")  # the line's position says it
        _append(self.path, [row])

    def entries(self) -> list[LoadEntry]:
        """Each source once, at its first load (a file loaded again adds nothing)."""
        seen: dict[str, LoadEntry] = {}
        for n, row in enumerate(_lines(self.path)):
            e = LoadEntry(
                row["format"], row["path"], row["source"], row["when"],
                row.get("list_date") or "", row.get("digest") or "", n,
            )  # fmt: skip
            seen.setdefault(e.source, e)
        return sorted(seen.values(), key=lambda e: e.seq)

    def next_seq(self) -> int:
        """The position the next load takes in the log."""
        return sum(1 for _ in _lines(self.path))

    def rewrite(self, entries: Iterable[LoadEntry]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        rows = [asdict(e) for e in sorted(entries, key=lambda e: e.seq)]
        for row in rows:
            row.pop("seq")
        _append(tmp, rows)
        tmp.replace(self.path)


def file_digest(path: Path) -> str:
    """sha256 of a file, or of a folder's files (an OFAC CSV set is read from its folder)."""
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        h.update(f.name.encode() + b"\0")
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class CandidatePair:
    """Two source records the scorer found alike without enough evidence to merge."""

    a: str  # the record that was loaded
    b: str  # a record of the entity it resembles
    score: float
    evidence: str
    why: str

    @property
    def pair(self) -> tuple[str, str]:
        return pair(self.a, self.b)


class CandidateLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def add(self, pairs: Iterable[CandidatePair]) -> int:
        rows = [asdict(p) for p in pairs]
        _append(self.path, rows)
        return len(rows)

    def pending(self, judgements: Judgements) -> list[CandidatePair]:
        """Candidates no one has judged yet, best score first, each pair once."""
        out: dict[tuple[str, str], CandidatePair] = {}
        for row in _lines(self.path):
            c = CandidatePair(
                str(row["a"]), str(row["b"]), float(row["score"]), str(row["evidence"]),
                str(row["why"]),
            )  # fmt: skip
            if judgements.verdict(c.a, c.b) is None and c.pair not in out:
                out[c.pair] = c
        return sorted(out.values(), key=lambda c: (-c.score, c.pair))
