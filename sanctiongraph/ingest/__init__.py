"""Brings files into a store: detect, read, match, link.

The load orchestration sits above the layers it runs: format readers (``loaders``),
the matcher (``resolution``) and the named queries links and reconciliation read
(``queries``); below it nothing knows that a load is under way.
"""
