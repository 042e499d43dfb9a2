"""Store paths that cannot be turned against the user.

The lock is never followed through a link, a store path that is not a regular file is
refused before anything opens it, no output may be the store or one of its files, and
a failed write (a full disk, injected as ENOSPC) leaves no partial copy behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sanctiongraph.cli import main
from sanctiongraph.graph.ladybug_store import LadybugStore
from sanctiongraph.graph.records import cite, node
from sanctiongraph.graph.store import StoreError
from sanctiongraph.paths import UnsafePath, WriteFailed, check_output, written

ROOT = Path(__file__).parents[1]
ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _curated(folder: Path, name: str = "c.yaml", firm: str = "Test Firm") -> Path:
    path = folder / name
    path.write_text(
        "format: sanctiongraph-curated/1\n"
        "sources: [{id: test, name: test file, publisher: tests}]\n"
        f"entities: [{{id: t1, kind: organization, name: {firm}, headquartered_in: DE, "
        "cite: ['test#1']}]\n",
        encoding="utf-8",
    )
    return path


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _files(folder: Path) -> dict[str, bytes]:
    """Every file in the folder (and below) with its bytes: what must not change."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>")
        for p in sorted(folder.rglob("*"))
        if not p.is_symlink()
    }


def _one_error_line(out: str, *words: str) -> None:
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), out
    for word in words:
        assert word in lines[0], out


@pytest.fixture()
def no_hang() -> Iterator[None]:
    """Fail a test that would wait on a FIFO instead of hanging the run (SIGALRM)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("the command waited on a FIFO")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An embedded store with one entity, its lock and its load log, in a folder of its own."""
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "g.lbug"
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(path))
    code, out = _invoke("load", "curated", str(_curated(tmp_path)), "--format", "json")
    assert code == 0, out
    assert path.is_file() and (folder / "g.lbug.lock").is_file()
    return path


# -- the lock ---------------------------------------------------------------------------


def test_a_lock_that_is_a_link_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("the user's file\n")
    lock = tmp_path / "g.lbug.lock"
    lock.symlink_to(victim)
    with pytest.raises(StoreError, match="symbolic link"):
        LadybugStore(tmp_path / "g.lbug").writer()
    code, out = _invoke(
        "--store-path", str(tmp_path / "g.lbug"), "load", "curated", str(_curated(tmp_path))
    )
    assert code == 2
    _one_error_line(out, "g.lbug.lock", "symbolic link")
    assert victim.read_text() == "the user's file\n"
    assert lock.is_symlink() and not (tmp_path / "g.lbug").exists()


def test_a_dangling_lock_link_creates_nothing(tmp_path: Path) -> None:
    (tmp_path / "g.lbug.lock").symlink_to(tmp_path / "made-by-us")
    with pytest.raises(StoreError, match="symbolic link"):
        LadybugStore(tmp_path / "g.lbug").writer()
    assert not (tmp_path / "made-by-us").exists()


@pytest.mark.usefixtures("no_hang")
def test_a_lock_that_is_not_a_plain_file_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.lbug.lock")
    with pytest.raises(StoreError, match="not a regular file"):
        LadybugStore(tmp_path / "a.lbug").writer()
    other = tmp_path / "other.txt"
    other.write_text("keep\n")
    os.link(other, tmp_path / "b.lbug.lock")
    with pytest.raises(StoreError, match="hard link"):
        LadybugStore(tmp_path / "b.lbug").writer()
    assert other.read_text() == "keep\n"


# -- the store path ---------------------------------------------------------------------


def test_a_fifo_as_the_store_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "g.lbug"
    os.mkfifo(fifo)
    # In another process with a timeout: a hang fails the test instead of stalling it.
    done = subprocess.run(
        [sys.executable, "-m", "sanctiongraph", "--store-path", str(fifo), "stats"],
        cwd=ROOT, capture_output=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    _one_error_line(done.stderr.decode(), "named pipe")
    assert not done.stdout


@pytest.mark.usefixtures("no_hang")
def test_a_socket_or_device_as_the_store_is_refused(tmp_path: Path) -> None:
    sock_path = tmp_path / "s.lbug"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        code, out = _invoke("--store-path", str(sock_path), "stats")
        assert code == 2
        _one_error_line(out, "a socket")
    code, out = _invoke("--store-path", os.devnull, "load", "curated", str(_curated(tmp_path)))
    assert code == 2
    _one_error_line(out, "character device")


# -- outputs that are the store's own files ---------------------------------------------

REFUSED: list[Callable[[Path, Path], list[str]]] = [
    lambda s, c: ["load", "curated", str(c), "--report", str(s)],
    lambda s, c: [
        "load",
        "curated",
        str(c),
        "--report",
        str(s.with_name("g.resolver.loads.jsonl")),
    ],
    lambda s, c: ["export", "--format", "json", "-o", str(s)],
    lambda s, c: ["export", "--format", "graphml", "-o", str(s) + ".lock"],
    lambda s, c: ["export", "--format", "grass", "-o", f"{s.parent}/x/../g.lbug"],
    lambda s, c: ["export", "--format", "cytoscape", "-o", str(s.parent / "link")],
    lambda s, c: ["viz", "--entity", "Test Firm", "--html", str(s)],
    lambda s, c: ["viz", "--entity", "Test Firm", "--png", str(s) + ".lock"],
    lambda s, c: ["viz", "--entity", "Test Firm", "--svg", str(s.parent / "link")],
    lambda s, c: ["timeline", str(s)],
    lambda s, c: ["demo", "--html", str(s)],
    lambda s, c: ["demo", "--timeline", str(s) + ".lock"],
    lambda s, c: ["resolver", "export", str(s.with_name("g.resolver.jsonl"))],
]


@pytest.mark.parametrize("args", REFUSED, ids=range(len(REFUSED)))
def test_an_output_that_is_the_store_is_refused(
    store: Path, tmp_path: Path, args: Callable[[Path, Path], list[str]]
) -> None:
    (store.parent / "link").symlink_to(store)
    before = _files(store.parent)
    code, out = _invoke(*args(store, _curated(tmp_path, "d.yaml", "Other Firm")))
    assert code == 2
    _one_error_line(out, "refusing to write over one of the store's own files")
    assert _files(store.parent) == before


def test_a_relative_spelling_of_the_store_is_refused(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(store.parent)
    before = _files(store.parent)
    for spelled in ("g.lbug", "./g.lbug", "../store/g.lbug", "g.lbug.lock"):
        code, out = _invoke("export", "--format", "json", "-o", spelled)
        assert code == 2, spelled
        _one_error_line(out, "refusing")
    assert _files(store.parent) == before


def test_bulk_export_refuses_a_file_that_is_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nodes_Entity.csv"  # a store named like one of bulk-export's files
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(path))
    assert _invoke("load", "curated", str(_curated(tmp_path)))[0] == 0
    before = _files(tmp_path)
    code, out = _invoke("bulk-export", "-o", str(tmp_path))
    assert code == 2
    _one_error_line(out, "nodes_Entity.csv", "refusing")
    assert _files(tmp_path) == before  # not even the other files were written


def test_check_output_allows_other_files(tmp_path: Path) -> None:
    store = tmp_path / "g.lbug"
    assert check_output(tmp_path / "g.lbug.csv", [store]) == tmp_path / "g.lbug.csv"
    with pytest.raises(UnsafePath):
        check_output(tmp_path / "g.lbug", [store])


# -- a failed write leaves no partial copy ----------------------------------------------


def _half_then_full(at: int) -> Callable[..., None]:
    """A writer that puts part of its file (argument ``at``) down, then meets a full disk."""

    def write(*args: Any, **kwargs: Any) -> None:
        Path(args[at]).write_bytes(b"<partial")
        raise ENOSPC

    return write


def test_written_removes_the_partial_copy_on_enospc(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    failing = pytest.raises(WriteFailed, match="No space left on device")
    with failing, written(target) as tmp, tmp.open("w") as fh:
        fh.write("new, half")
        raise ENOSPC
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_export_on_a_full_disk_leaves_no_partial_file(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import networkx as nx

    monkeypatch.setattr(nx, "write_graphml", _half_then_full(1))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    old = out_dir / "g.graphml"
    old.write_text("an earlier export\n")
    code, out = _invoke("export", "--format", "graphml", "-o", str(old))
    assert code == 2
    _one_error_line(out, str(old), "No space left on device")
    assert old.read_text() == "an earlier export\n"
    assert sorted(p.name for p in out_dir.iterdir()) == ["g.graphml"]


def test_report_and_drawing_on_a_full_disk_leave_nothing(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sanctiongraph.cli
    import sanctiongraph.viz.html

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setattr(sanctiongraph.cli, "_write_csv", _half_then_full(0))
    report = out_dir / "report.csv"
    code, out = _invoke(
        "load", "curated", str(_curated(tmp_path, "d.yaml", "Other")), "--report", str(report)
    )
    assert code == 2
    _one_error_line(out, str(report), "No space left on device")
    monkeypatch.setattr(sanctiongraph.viz.html, "write_html", _half_then_full(1))
    page = out_dir / "page.html"
    code, out = _invoke("viz", "--entity", "Test Firm", "--html", str(page))
    assert code == 2
    _one_error_line(out, str(page), "No space left on device")
    assert list(out_dir.iterdir()) == []


def test_a_full_disk_at_commit_removes_the_stores_copy(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _files(store.parent)

    def full(fd: int) -> None:
        raise ENOSPC

    monkeypatch.setattr(os, "fsync", full)
    code, out = _invoke("load", "curated", str(_curated(tmp_path, "d.yaml", "Other Firm")))
    assert code == 2
    _one_error_line(out, "No space left on device", "nothing of this file was written")
    assert _files(store.parent) == before
    assert not list(store.parent.glob(".g.lbug.*"))
    with pytest.raises(OSError, match="No space"), LadybugStore(store).writer() as w:
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, cite("t")))
    assert not list(store.parent.glob(".g.lbug.*"))
    monkeypatch.undo()
    assert _files(store.parent) == before


def _kernel_copy_half_then_full(src: int, dst: int, count: int, *args: int) -> int:
    """copy_file_range that puts part of the file down, then meets a full disk."""
    os.write(dst, b"<partial")
    raise ENOSPC


@pytest.mark.parametrize("where", ["in the kernel", "in user space"])
def test_a_full_disk_while_copying_the_store_removes_the_copy(
    store: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    before = _files(store.parent)
    if where == "in the kernel":  # the writer copies with copy_file_range where it can
        monkeypatch.setattr(os, "copy_file_range", _kernel_copy_half_then_full, raising=False)
    else:  # a kernel or file system without it: shutil.copyfile
        monkeypatch.delattr(os, "copy_file_range", raising=False)
        monkeypatch.setattr(shutil, "copyfile", _half_then_full(1))
    with pytest.raises(OSError, match="No space"):
        LadybugStore(store).writer()
    assert not list(store.parent.glob(".g.lbug.*"))
    monkeypatch.undo()
    assert _files(store.parent) == before
    with LadybugStore(store).writer() as w:  # the lock was released
        w.add(node("Country", "country:FR", {"code": "FR", "name": "France"}, cite("t")))


# -- the resolver file and other files a command reads or appends to -------------------


@pytest.mark.usefixtures("no_hang")
def test_a_resolver_file_that_is_the_store_or_a_fifo_is_refused(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _files(store.parent)
    monkeypatch.setenv("SANCTIONGRAPH_RESOLVER", str(store))
    code, out = _invoke("resolver", "judge", "a#1", "b#2", "same")
    assert code == 2
    _one_error_line(out, "refusing")
    assert _files(store.parent) == before
    fifo = tmp_path / "r.jsonl"
    os.mkfifo(fifo)
    monkeypatch.setenv("SANCTIONGRAPH_RESOLVER", str(fifo))
    code, out = _invoke("resolver", "list")
    assert code == 2
    _one_error_line(out, "resolver file", "not a regular file")


@pytest.mark.usefixtures("no_hang")
def test_fifos_given_to_read_are_refused(store: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "old.json"
    os.mkfifo(fifo)
    code, out = _invoke("convert-store", str(fifo))
    assert code == 2
    _one_error_line(out, "not a regular file")
    code, out = _invoke("resolver", "merge", str(fifo))
    assert code == 2
    _one_error_line(out, "not a regular file")


def test_a_rewritten_output_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    with written(target) as tmp:
        tmp.write_text("new\n")
    assert target.read_text() == "new\n" and (target.stat().st_mode & 0o777) == 0o600


def test_a_full_disk_after_the_copy_removes_it(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _files(store.parent)
    real_mkdir = Path.mkdir

    def full(self: Path, *args: Any, **kwargs: Any) -> None:
        if self.name.endswith(".stage"):
            raise ENOSPC
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", full)
    with pytest.raises(OSError, match="No space"):
        LadybugStore(store).writer()
    monkeypatch.undo()
    assert not list(store.parent.glob(".g.lbug.*"))
    assert _files(store.parent) == before


def test_a_log_never_keeps_half_a_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sanctiongraph.paths import append_whole
    from sanctiongraph.resolution.history import LoadEntry, LoadLog
    from sanctiongraph.resolution.judgements import Judgements

    log = tmp_path / "g.resolver.loads.jsonl"
    log.write_text('{"done": 1}\n')
    real_write = os.write

    def half_then_full(fd: int, data: Any) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise ENOSPC

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError, match="No space"):
        append_whole(log, '{"half": "a line that the disk cuts short"}\n')
    judged = tmp_path / "g.resolver.jsonl"
    with pytest.raises(OSError, match="No space"):
        Judgements(judged).judge("a#1", "b#2", "same", who="t")
    monkeypatch.undo()
    assert log.read_text() == '{"done": 1}\n' and judged.read_text() == ""
    # The kept copy of a loaded file is not left half written either.
    monkeypatch.setattr(shutil, "copyfile", _half_then_full(1))
    listed = tmp_path / "list.csv"
    listed.write_text("a,b\n")
    entry = LoadEntry("uk-csv", str(listed), "source:x", "now", digest="0" * 64)
    with pytest.raises(OSError, match="No space"):
        LoadLog(log).keep(entry, [listed])
    monkeypatch.undo()
    kept = LoadLog(log).kept_root
    assert not [p for p in kept.rglob("*") if p.is_file()]
