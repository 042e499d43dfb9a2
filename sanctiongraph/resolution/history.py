"""What sits beside the resolver file: the log of loads and the open candidates.

- the **load log** (``<resolver>.loads.jsonl``): every file loaded into the
  store, in order, with its format, Source id, list date and a digest of its
  content; and a copy of the files as they were loaded (``<resolver>.files/``).
  It is the per-record provenance a split needs: the files hold what each
  record said, so replaying the log (less an unloaded source, with the
  judgements) re-derives exactly what the remaining records say (see
  :mod:`sanctiongraph.ingest.rebuild`), even after the downloads moved or changed;
- the **candidates** (``<resolver>.candidates.jsonl``): pairs a load left
  apart for review, each as two source records with the scorer's evidence.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from sanctiongraph.resolution.judgements import Judgements, pair


def _lines(path: Path) -> Iterator[dict[str, str]]:
    if path.exists():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    yield dict(json.loads(line))
                except ValueError as err:
                    raise ValueError(f"{path}: line {n}: {err}") from None


def _append(path: Path, rows: Iterable[dict[str, object]]) -> None:
    from sanctiongraph.paths import append_whole

    # Whole lines or nothing: a full disk never leaves half a line in a log.
    append_whole(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


@dataclass(frozen=True)
class LoadEntry:
    format: str
    path: str  # absolute
    source: str  # Source node id ("curated:<path>" for a curated file)
    when: str
    list_date: str = ""  # the list's own date, for the publication order
    digest: str = ""  # sha256 of the files as loaded ("" in logs of older versions)
    seq: int = 0  # position in the log, for the order of loads among equals
    kept: str = ""  # the copy of the files kept beside the store, as the load read them
    # Loaded as part of its list (load --partial): a replay must not read absences.
    partial: bool = False

    def replay_path(self) -> Path:
        """What a rebuild reads: the kept copy, else (older logs) the file itself."""
        return Path(self.kept) if self.kept and Path(self.kept).exists() else Path(self.path)

    def replay_said(self) -> str:
        """What a replay of this entry reads, for a person: the file as loaded, and the kept
        copy when that is what is read (always, once there is one), so a file moved or
        deleted since is not named as if it were read where it was.

        >>> LoadEntry("un-xml", "/nowhere/un.xml", "source:x", "").replay_said()
        '/nowhere/un.xml'
        """
        read = self.replay_path()
        if read == Path(self.path):
            return self.path
        gone = "" if Path(self.path).exists() else " (moved or deleted since)"
        return f"{self.path}{gone} from its kept copy {read}"


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
                row.get("list_date") or "", row.get("digest") or "", n, row.get("kept") or "",
                bool(row.get("partial")),
            )  # fmt: skip
            seen.setdefault(e.source, e)
        return sorted(seen.values(), key=lambda e: e.seq)

    @property
    def kept_root(self) -> Path:
        """Where copies of the loaded files are kept: ``<resolver>.files/``."""
        return self.path.with_name(self.path.name.replace(".loads.jsonl", "") + ".files")

    def keep(self, entry: LoadEntry, files: Sequence[Path]) -> LoadEntry:
        """Copy ``files`` (what the load read) beside the store, so that a rebuild reads
        the records as they were loaded even after the downloads moved or changed.

        The copy keeps the folder's name, which may date the list (``sdn_csv_2021-07``).
        """
        given = Path(entry.path)
        folder = given if given.is_dir() else given.parent
        where = self.kept_root / entry.digest[:16] / folder.name
        where.mkdir(parents=True, exist_ok=True)
        for f in files:
            target = where / f.name
            if not target.exists():
                tmp = target.with_name(target.name + ".part")
                try:
                    shutil.copyfile(f, tmp)
                    tmp.replace(target)
                except BaseException:  # a full disk: no partial copy is kept
                    tmp.unlink(missing_ok=True)
                    raise
        kept = where if given.is_dir() else where / given.name
        return replace(entry, kept=str(kept))

    def forget(self, entries: Iterable[LoadEntry], keep: Iterable[LoadEntry]) -> None:
        """Remove the kept copies of unloaded ``entries`` no entry in ``keep`` shares."""
        used = {e.digest[:16] for e in keep if e.digest}
        for e in entries:
            if e.digest and e.digest[:16] not in used:
                shutil.rmtree(self.kept_root / e.digest[:16], ignore_errors=True)

    def next_seq(self) -> int:
        """The position the next load takes in the log."""
        return sum(1 for _ in _lines(self.path))

    def rewrite(self, entries: Iterable[LoadEntry]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        rows = [asdict(e) for e in sorted(entries, key=lambda e: e.seq)]
        for row in rows:
            row.pop("seq")
        try:
            _append(tmp, rows)
            tmp.replace(self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def file_digest(files: Sequence[Path]) -> str:
    """sha256 of the files a load reads, by name and content."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: p.name):
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
