"""One writer at a time for a store on disk: an advisory lock beside the database.

The embedded engine refuses a second process that opens the database for
writing; a user who runs two loads at once should see the second wait for the
first, not fail or lose a file. The lock is ``flock`` on ``<store>.lock``: the
kernel drops it when its process dies, even by SIGKILL, so a killed load never
leaves a stale lock behind.

>>> import tempfile, pathlib
>>> where = pathlib.Path(tempfile.mkdtemp()) / "g.lbug"
>>> with WriteLock(where, timeout=1) as lock:
...     lock.held
True
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from sanctiongraph.graph.store import StoreError


class LockTimeout(StoreError):
    """Another process held the store for longer than the lock timeout."""


def _say(message: str) -> None:
    import sys

    print(message, file=sys.stderr, flush=True)


class WriteLock:
    """Exclusive, re-entrant within one object, waits up to ``timeout`` seconds."""

    def __init__(
        self,
        store_path: Path,
        timeout: float,
        notify: Callable[[str], None] = _say,
        poll: float = 0.2,
    ) -> None:
        self.path = store_path.with_name(store_path.name + ".lock")
        self.timeout = timeout
        self.notify = notify
        self.poll = poll
        self._fd: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            self._depth += 1
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = self._open()
        start = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                if waited >= self.timeout:
                    holder = self._holder(fd)
                    os.close(fd)
                    raise LockTimeout(
                        f"{self.path.with_suffix('')}: another sanctiongraph process "
                        f"({holder}) is still writing after {self.timeout:.0f} s; "
                        "try again later or raise SANCTIONGRAPH_LOCK_TIMEOUT"
                    ) from None
                if not told and waited >= 0.5:
                    self.notify(
                        f"waiting for another sanctiongraph process ({self._holder(fd)}) to "
                        f"finish writing {self.path.with_suffix('')} "
                        f"(up to {self.timeout:.0f} s)…"
                    )
                    told = True
                time.sleep(self.poll)
        # Who holds it, for the next waiter's message; informational only.
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        self._depth = 1

    def _open(self) -> int:
        """The lock file, never through a link and only when it is a plain file: a link
        planted at ``<store>.lock`` would have the PID written over the file it names."""
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise StoreError(
                    f"{self.path}: the store's lock file is a symbolic link; refusing to follow "
                    "it (remove the link)"
                ) from None
            if err.errno in (errno.ENXIO, errno.EISDIR, errno.EOPNOTSUPP):
                raise StoreError(
                    f"{self.path}: the store's lock file is not a regular file; remove it"
                ) from None
            raise
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            os.close(fd)
            what = "not a regular file" if not stat.S_ISREG(st.st_mode) else "a hard link"
            raise StoreError(f"{self.path}: the store's lock file is {what}; remove it")
        return fd

    def _holder(self, fd: int) -> str:
        try:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            pid = ""
        pid = pid if pid.isdigit() else ""
        return f"process {pid}" if pid else "unknown process"

    def release(self) -> None:
        if self._fd is None:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        fd, self._fd = self._fd, None
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
