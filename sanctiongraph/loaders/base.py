"""What all loaders share: the error they raise and the all-or-nothing write."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sanctiongraph.graph.records import Node, Rel, SchemaError
from sanctiongraph.graph.store import Store
from sanctiongraph.output import clip


class LoadError(ValueError):
    """A file cannot be loaded; the message names the file and the record or line.

    Values quoted in the message are clipped, so a 100 KB cell is not echoed whole.
    """

    # The input limit that stopped the load (see loaders.limits), if one did.
    limit_name: str | None = None

    def __init__(self, path: str | Path, where: str | None, message: str) -> None:
        self.path = str(path)
        self.where = clip(where, 200) if where else where
        # One line, always: parsers' messages can hold newlines.
        self.reason = clip(" ".join(message.split()).replace(" ,", ","), 500)
        place = f"{clip(self.path, 300)}: {self.where}" if where else clip(self.path, 300)
        super().__init__(f"{place}: {self.reason}")


def check_input(path: Path) -> None:
    """Refuse at once what is not a regular file (or, for OFAC CSV sets, a folder).

    Opening a FIFO waits for a writer, and a device never ends; neither is a list.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise LoadError(path, None, "no such file") from None
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror}") from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
        raise LoadError(path, None, f"not a regular file ({kind}); lists are read from files")


@dataclass
class LoadSummary:
    path: str
    records: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # the file loaded, but users should know

    def count(self, item: Node | Rel) -> None:
        if isinstance(item, Node):
            self.nodes[item.label] = self.nodes.get(item.label, 0) + 1
        else:
            self.relationships[item.type] = self.relationships.get(item.type, 0) + 1


def load_into(
    store: Store,
    path: str | Path,
    items: Iterable[Node | Rel],
    *,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Write ``items`` into ``store`` in batches; on any error nothing stays written.

    A :class:`SchemaError` from a record is re-raised as a :class:`LoadError`
    naming ``path``; every other error passes through unchanged after the
    writer has undone what it wrote.
    """
    summary = LoadSummary(str(path))
    try:
        with store.writer(batch_size) as writer:
            for item in items:
                writer.add(item)
                summary.count(item)
                if progress is not None:
                    progress(1)
    except SchemaError as err:
        raise LoadError(path, None, str(err)) from err
    return summary
