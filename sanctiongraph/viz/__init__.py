"""Seeing the network: subgraphs of named queries drawn as HTML, PNG and SVG, and styles
for the tools people open exports in (Gephi, Cytoscape, Neo4j Browser)."""


class MissingExtra(RuntimeError):
    """A drawing needs an optional dependency that is not installed."""
