"""The store's error, in a module of its own so that what a store calls (the Cypher
allow-list of ``containment.py``) can raise it without importing the store."""

from __future__ import annotations


class StoreError(RuntimeError):
    """The store cannot do what was asked (unreachable, corrupt, refused)."""
