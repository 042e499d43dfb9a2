"""What all loaders share: the error they raise and the all-or-nothing write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sanctiongraph.graph.records import Node, Rel, SchemaError
from sanctiongraph.graph.store import Store


class LoadError(ValueError):
    """A file cannot be loaded; the message names the file and the record or line."""

    def __init__(self, path: str | Path, where: str | None, message: str) -> None:
        self.path = str(path)
        self.where = where
        self.reason = message
        place = f"{self.path}: {where}" if where else self.path
        super().__init__(f"{place}: {message}")


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
