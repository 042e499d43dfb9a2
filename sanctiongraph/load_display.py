"""The load command's progress on a terminal: which file of how many, its phase, the
records read so far, and the time left where the size is known (the bytes of the files
still to load, measured against the bytes loaded so far).

Nothing is drawn when stderr is not a terminal: a pipe or a log file gets the
command's result and its warnings, never bar frames.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from sanctiongraph.loaders.progress import MATCHING
from sanctiongraph.output import terminal_text


def size_of(path: Path) -> int:
    """Bytes of a file, or of every file in a file set's folder (an OFAC CSV set)."""
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


class LoadDisplay:
    """One line: file i/N, its name and format, the phase, the records read so far, and a
    bar over the bytes of the files loaded, with the time taken and the time left."""

    def __init__(self, console: Console, files: Sequence[tuple[Path, str]]) -> None:
        self.files = list(files)
        self.sizes = [size_of(p) for p, _ in self.files]
        self.index = -1
        self._phase = ""
        self._records = 0
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=20),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> LoadDisplay:
        self.bar.__enter__()
        self.task = self.bar.add_task(self._text(), total=sum(self.sizes) or None)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.bar.__exit__(exc_type, exc, tb)

    def _text(self) -> str:
        if self.index < 0:
            return f"file 0/{len(self.files)}"
        path, fmt = self.files[self.index]
        return terminal_text(
            f"file {self.index + 1}/{len(self.files)} {path.name} ({fmt}): {self._phase} · "
            f"{self._records:,} records",
            newlines=False,
        )

    def next_file(self) -> None:
        """The previous file is done (its bytes count as loaded); the next one starts."""
        assert self.task is not None
        if self.index >= 0:
            self.bar.advance(self.task, self.sizes[self.index])
        self.index += 1
        self._phase, self._records = MATCHING, 0
        self._show()

    def phase(self, name: str) -> None:
        self._phase = name
        self._show()

    def counted(self, records: int, items: int) -> None:
        self._records = records
        self._show()

    def _show(self) -> None:
        assert self.task is not None
        self.bar.update(self.task, description=self._text())


class _Quiet:
    """The display when stderr is not a terminal: nothing is drawn."""

    def next_file(self) -> None:
        return None

    def phase(self, name: str) -> None:
        return None

    def counted(self, records: int, items: int) -> None:
        return None


@contextmanager
def load_display(
    console: Console, files: Sequence[tuple[Path, str]]
) -> Iterator[LoadDisplay | _Quiet]:
    """A :class:`LoadDisplay` on a terminal, else one that draws nothing."""
    if not console.is_terminal:
        yield _Quiet()
        return
    with LoadDisplay(console, files) as display:
        yield display
