"""Seeing the network: subgraphs of named queries drawn as HTML, PNG and SVG, and styles
for the tools people open exports in (Gephi, Cytoscape, Neo4j Browser)."""


class MissingExtra(RuntimeError):
    """A drawing needs an optional dependency that is not installed."""


# The line the manual gives (docs/getting-started.md), from a checkout of the project.
VIZ_INSTALL = "pip install '.[viz]'"


def needs_viz(what: str, package: str = "matplotlib") -> MissingExtra:
    """The error for ``what`` (e.g. "PNG and SVG drawings") without the viz extra."""
    return MissingExtra(f"{what} need the viz extra ({package}): {VIZ_INSTALL}")
