"""What a load says while it runs: its phase and how many records it has read.

A load reads the store's entities (once per command), reads and matches its file's
records (one stream: each record is matched as it is read), writes what they made
(the store's copy-in, the longest moment) and links events. Whoever draws it (the
command line's bar) implements :class:`LoadProgress`; loaders call it and know
nothing of how it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol, TypeVar

READING_STORE = "reading the store"
MATCHING = "reading and matching records"
WRITING = "writing"
LINKING = "linking events"
REPLAYING = "re-reading lists loaded before (publication order)"

# How many nodes and relationships between two reports: a report per item would cost
# more than the item (a bar redraws under a lock).
EVERY = 1024

T = TypeVar("T")


class LoadProgress(Protocol):
    def phase(self, name: str) -> None:
        """The load entered phase ``name`` (one of the constants above)."""

    def counted(self, records: int, items: int) -> None:
        """So far: ``records`` read from the file, ``items`` nodes and relationships made."""


def reported(items: Iterator[T], records: Callable[[], int], progress: LoadProgress) -> Iterator[T]:
    """``items``, telling ``progress`` how many records (``records()``) and items went by,
    then that writing starts once they are exhausted.

    >>> class Shown:
    ...     def phase(self, name): print("phase", name)
    ...     def counted(self, records, items): print("counted", records, items)
    >>> list(reported(iter("abc"), lambda: 2, Shown()))
    counted 2 3
    phase writing
    ['a', 'b', 'c']
    """
    n = 0
    for item in items:
        yield item
        n += 1
        if n % EVERY == 0:
            progress.counted(records(), n)
    progress.counted(records(), n)
    progress.phase(WRITING)
