"""Seeing the network: subgraphs of named queries drawn as HTML, PNG and SVG, and styles
for the tools people open exports in (Gephi, Cytoscape, Neo4j Browser)."""
