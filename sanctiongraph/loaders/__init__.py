"""Loaders: published list formats in, knowledge-graph records out.

Each loader turns one file into a stream of :class:`~sanctiongraph.graph.records.Node`
and :class:`~sanctiongraph.graph.records.Rel` records with provenance;
:func:`~sanctiongraph.loaders.base.load_into` writes such a stream into any
store all-or-nothing.
"""
