"""What one input file may cost, checked while it is read.

The limits come from settings (:class:`sanctiongraph.settings.Limits`); a load
sets them for the readers it runs with :func:`using` (``ingest.load``
does, from the settings or from its caller), and the readers ask
:func:`current`. A reader over a limit raises :class:`LimitExceeded`, whose
message names what was measured, the limit and the setting that raises it;
``over`` builds the :class:`~sanctiongraph.loaders.base.LoadError` that adds
the file and the place.

>>> from sanctiongraph.settings import Limits
>>> with using(Limits(max_aliases=2)):
...     current().max_aliases
2
>>> err = over("/tmp/x.csv", "line 3", "aliases of one target", 3, "max_aliases", 2)
>>> str(err)
'/tmp/x.csv: line 3: aliases of one target: 3, over the limit of 2 (SANCTIONGRAPH_MAX_ALIASES)'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from sanctiongraph.loaders.base import LoadError
from sanctiongraph.settings import Limits, load_settings

_CURRENT: ContextVar[Limits | None] = ContextVar("sanctiongraph_input_limits", default=None)


def current() -> Limits:
    """The limits of the load under way, else those of the settings."""
    limits = _CURRENT.get()
    return limits if limits is not None else load_settings().limits


@contextmanager
def using(limits: Limits | None) -> Iterator[Limits]:
    """Run a load under ``limits`` (``None``: the settings')."""
    chosen = limits if limits is not None else load_settings().limits
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


def _n(value: float) -> str:
    return (
        f"{value:,.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:,.0f}"
    )


def message(what: str, value: float, limit_name: str, limit: float, more: bool = False) -> str:
    shown = f"more than {_n(limit)}" if more else _n(value)
    return f"{what}: {shown}, over the limit of {_n(limit)} ({Limits.setting(limit_name)})"


class LimitExceeded(ValueError):
    """A limit was passed where the file is not known (a Target): the load adds it."""

    def __init__(
        self,
        what: str,
        value: float,
        limit_name: str,
        limit: float,
        *,
        where: str | None = None,
        more: bool = False,
    ) -> None:
        self.limit_name = limit_name
        self.where = where
        self.reason = message(what, value, limit_name, limit, more)
        super().__init__(self.reason)

    def at(self, path: str | Path) -> LoadError:
        err = LoadError(path, self.where, self.reason)
        err.limit_name = self.limit_name
        return err


def over(
    path: str | Path,
    where: str | None,
    what: str,
    value: float,
    limit_name: str,
    limit: float,
    *,
    more: bool = False,
) -> LoadError:
    """The error for ``what`` measuring ``value`` past ``limit`` (``more``: at least)."""
    err = LoadError(path, where, message(what, value, limit_name, limit, more))
    err.limit_name = limit_name
    return err


def read_document(path: Path) -> bytes:
    """A file that is read whole (one JSON or YAML document), bounded by its size."""
    limit = current().max_document_bytes
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror or err}") from None
    if len(raw) > limit:
        raise over(path, None, "bytes of a file read whole", limit + 1, "max_document_bytes",
                   limit, more=True)  # fmt: skip
    return raw
