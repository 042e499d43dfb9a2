"""Files the command line writes: never the store's own files, never half written.

Two rules, kept here and used by every command that writes a file:

* :func:`check_output`: an output path (``--report``, ``export -o``, drawings, the
  timeline, bulk-export's files, ``resolver export``) is refused when it is, once
  symbolic links and ``./x`` spellings are resolved, one of the files the store
  lives in: the database, its lock, the resolver file and the logs beside it;
* :func:`written`: the file is written to a temporary copy beside it and renamed over
  it at the end, so a failure (a full disk included) leaves the old file, or none,
  and never a partial one.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with written(d / "out.txt") as tmp:
...     _ = tmp.write_text("done")
>>> (d / "out.txt").read_text(), sorted(p.name for p in d.iterdir())
('done', ['out.txt'])
>>> try:
...     check_output(pathlib.Path(f"{d}/x/../g.lbug"), [d / "g.lbug"])
... except UnsafePath as err:
...     print("refused")
refused
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


class UnsafePath(ValueError):
    """An output path that would overwrite the store or one of its files."""


class WriteFailed(ValueError):
    """A file could not be written; its partial copy was removed."""


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(Path(path).expanduser()))


def _spellings(path: Path) -> set[Path]:
    """The path with every link resolved, and with only its folder resolved (a link in
    the store's place is itself one of the store's files)."""
    path = Path(path).expanduser()
    return {_resolved(path), _resolved(path.parent) / path.name}


def beside(resolver: Path, what: str) -> Path:
    """``resolver.jsonl`` → ``resolver.<what>.jsonl`` (the load and candidate logs)."""
    return resolver.with_name(f"{resolver.stem}.{what}.jsonl")


def profiles_beside(store: Path) -> Path:
    """The entity profiles a store keeps for the matcher (``resolution.profile_cache``):
    ``graph.lbug`` → ``graph.lbug.profiles.sqlite``, beside the file the link leads to."""
    real = _resolved(store)
    return real.with_name(real.name + ".profiles.sqlite")


def store_files(store: Path, resolver: Path | None = None) -> list[Path]:
    """The files an embedded store lives in: the database, its lock and its matcher's
    profiles (beside the database the link leads to, as the store opens it), and the
    resolver file with the load and candidate logs and the moved keys beside it."""
    real = _resolved(store)
    files = [Path(store), real, real.with_name(real.name + ".lock"), profiles_beside(store),
             real.with_name(real.name + ".keys.sqlite")]  # fmt: skip
    if resolver is not None:
        files += [resolver, *(beside(resolver, x) for x in ("loads", "candidates", "moved"))]
    return files


def refuse_special(path: Path, what: str) -> None:
    """Refuse a ``path`` that exists and is not a regular file: opening a FIFO waits
    forever for a writer, and a device or socket holds no file to read or append to."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing: created when first written
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
        raise UnsafePath(f"{path}: the {what} is {kind}; give a regular file")


def check_output(path: Path, protected: Iterable[Path]) -> Path:
    """``path`` resolved, or :class:`UnsafePath` when it is one of ``protected``."""
    target = _resolved(path)
    guarded = {s for p in protected for s in _spellings(p)}
    if _spellings(path) & guarded:
        via = f" (it leads to {target})" if str(target) != str(path) else ""
        raise UnsafePath(
            f"{path}: refusing to write over one of the store's own files{via} (the "
            "database, its lock, its resolver file or load log); choose another output file"
        )
    return target


@contextmanager
def written(path: Path, protected: Iterable[Path] = ()) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed over ``path`` when the
    block ends without error, removed (with the error named in one line) otherwise.

    A link at ``path`` keeps pointing where it did: the file it leads to is replaced.
    The temporary name keeps the suffix, which some writers read to pick a format.
    """
    target = check_output(path, protected)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.{os.urandom(4).hex()}.tmp{target.suffix}")
    try:
        yield tmp
        if target.is_file():  # a file written again keeps its permissions
            shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        reason = err.strerror or str(err)
        raise WriteFailed(
            f"{path}: could not be written ({reason}); its partial copy was removed"
        ) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def append_whole(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` whole or not at all: a failure (a full disk) cuts the
    file back to where it ended, so a log never keeps half a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = memoryview(text.encode("utf-8"))
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        end = os.fstat(fd).st_size
        try:
            while data:
                data = data[os.write(fd, data) :]
        except BaseException:
            os.ftruncate(fd, end)
            raise
    finally:
        os.close(fd)
