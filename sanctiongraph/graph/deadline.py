"""A time limit for work done in this process (the memory store's queries).

Database stores stop their own queries (LadybugDB's query timeout, Neo4j's transaction
timeout); work in Python is stopped by a timer signal. Signals reach only the main
thread, so elsewhere the limit is not enforced (the caller's thread runs to the end).

>>> with deadline(5.0):
...     sum(range(10))
45
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from sanctiongraph.graph.store import StoreError


class QueryTimeout(StoreError):
    """A query ran longer than the time limit."""


def _message(seconds: float) -> str:
    return (
        f"the query ran longer than {seconds:g} s and was stopped; narrow it, or raise the "
        "limit with --timeout or SANCTIONGRAPH_QUERY_TIMEOUT"
    )


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise QueryTimeout(_message(seconds))

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_rows(count: int, cap: int) -> None:
    if count > cap:
        raise StoreError(
            f"the query returned more than {cap:,} rows; add LIMIT, or raise SANCTIONGRAPH_MAX_ROWS"
        )
