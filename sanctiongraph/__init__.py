"""sanctiongraph: sanctions lists as a knowledge graph.

The Python API is :func:`sanctiongraph.open` (see :mod:`sanctiongraph.api` and
docs/python-api.md):

>>> import sanctiongraph
>>> with sanctiongraph.open("memory") as g:
...     _ = g.load_demo()
...     rows = g.query("overseas-branches", entity="Korea Computer Center")
>>> [r["country"] for r in rows]
['China', 'Germany', 'India', 'Syria', 'United Arab Emirates']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sanctiongraph.api import Graph, Rows, open

from sanctiongraph.version import __version__ as __version__

__all__ = ["Graph", "Rows", "open"]


def __getattr__(name: str) -> Any:
    # Imported on first use: `import sanctiongraph.graph.store` (every command) must not
    # pay for the loaders, resolution and queries the API object brings in.
    if name in __all__:
        from sanctiongraph import api

        return getattr(api, name)
    raise AttributeError(f"module 'sanctiongraph' has no attribute {name!r}")
