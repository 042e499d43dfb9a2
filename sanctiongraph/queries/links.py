"""What kind of link a connection is, and which connections come first.

A path between two entities is as specific as its least specific step: two entities
linked by a source (``LINKED_TO``) say more than two listed in the same designation
batch (listings made under one Instrument), which say more than two listings answering
the same launch, the same authority, or the same country. The rule is applied to the
rows of ``connection-path`` on every store, so it lives here once, not in each dialect.

>>> link_of(["Entity", "Entity"], ["LINKED_TO"])
(1, 'linked by a source')
>>> link_of(["Entity", "Listing", "Instrument", "Listing", "Entity"], ["TARGETS"] * 4)
(2, 'same designation batch')
>>> link_of(["Entity", "Country", "Entity"], ["HEADQUARTERED_IN"] * 2)
(6, 'same country')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Least specific first: the first label a path runs through names its link.
_THROUGH: tuple[tuple[tuple[str, ...], int, str], ...] = (
    (("Country",), 6, "same country"),
    (("Authority", "Source"), 5, "same authority or source"),
    (("Event", "Place"), 4, "answered the same event"),
    (("Instrument",), 2, "same designation batch"),
)


def link_of(labels: Sequence[Any], relationships: Sequence[Any]) -> tuple[int, str]:
    """(rank, name) of a path's least specific step; rank 1 is the most specific."""
    for through, rank, name in _THROUGH:
        if any(label in through for label in labels):
            return rank, name
    if all(t == "LINKED_TO" for t in relationships):
        return 1, "linked by a source"
    return 3, "other"


def rank_paths(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Name each path's link and put the most specific first (a stable sort: the query's
    own order, by keys and relationships, holds within a kind)."""
    ranked = []
    for row in rows:
        rank, row["link"] = link_of(row["labels"] or [], row["relationships"] or [])
        ranked.append((rank, row))
    ranked.sort(key=lambda pair: pair[0])
    return [row for _, row in ranked]


SHARED = {1: "country", 2: "city", 3: "address"}


def name_levels(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """shared-locations: the level a query ranks by (3 an address, 2 a city, 1 a country),
    named."""
    for row in rows:
        row["level"] = SHARED.get(row["level"], row["level"])
    return rows


# Steps every store's rows of these queries go through after the query.
AFTER = {"connection-path": rank_paths, "shared-locations": name_levels}
