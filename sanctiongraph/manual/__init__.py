"""Which page of the manual (``docs/``) explains which command.

One table, read by ``--help`` (each command's help ends with its page) and by a
test that fails when a command has no page or a page does not exist.

>>> manual_line("load")
'Manual: docs/loading.md'
"""

from __future__ import annotations

HOME = "docs/index.md"
REFERENCE = "docs/cli.md"

PAGES: dict[str, str] = {
    "atlas": "docs/events.md",
    "bulk-export": "docs/neo4j.md",
    "changes": "docs/lists-over-time.md",
    "convert-store": "docs/getting-started.md",
    "cypher": "docs/cypher.md",
    "demo": "docs/getting-started.md",
    "editions": "docs/lists-over-time.md",
    "export": "docs/drawings.md",
    "fetch": "docs/lists-over-time.md",
    "load": "docs/loading.md",
    "matches": "docs/resolution.md",
    "provenance": "docs/resolution.md",
    "queries": "docs/queries.md",
    "query": "docs/queries.md",
    "rebuild": "docs/resolution.md",
    "resolver": "docs/resolution.md",
    "review": "docs/resolution.md",
    "schema": "docs/neo4j.md",
    "serve": "docs/explorer.md",
    "stats": "docs/getting-started.md",
    "timeline": "docs/events.md",
    "viz": "docs/drawings.md",
}


def manual_line(command: str | None = None) -> str:
    """The line a command's help ends with; without a command, the whole program's."""
    if command is None:
        return f"Manual: {HOME} (every command: {REFERENCE})"
    return f"Manual: {PAGES.get(command, REFERENCE)}"
