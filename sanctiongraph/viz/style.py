"""One palette for every drawing: the HTML page, PNG/SVG and the Neo4j Browser style.

Entities are coloured by kind, every other node by label; colours are from
the colour-blind-safe Okabe-Ito set where it has enough.

>>> node_style({"label": "Entity", "kind": "vessel"}).colour
'#0072B2'
>>> node_style({"label": "Country"}).group
'Country'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Style:
    group: str  # legend entry
    colour: str
    shape: str  # vis-network shape
    marker: str  # matplotlib marker
    size: int


_GROUPS: dict[str, Style] = {
    "organization": Style("Organisation", "#D55E00", "dot", "o", 18),
    "person": Style("Person", "#CC79A7", "dot", "o", 14),
    "vessel": Style("Vessel", "#0072B2", "dot", "o", 14),
    "aircraft": Style("Aircraft", "#56B4E9", "dot", "o", 14),
    "Branch": Style("Branch / office", "#E69F00", "square", "s", 10),
    "Country": Style("Country", "#009E73", "diamond", "D", 16),
    "Authority": Style("Authority", "#000000", "star", "*", 24),
    "Listing": Style("Listing", "#999999", "triangle", "^", 10),
    "Event": Style("Event", "#F0E442", "hexagon", "h", 22),
    "Source": Style("Source", "#6A3D9A", "box", "p", 10),
    "Claim": Style("Claim", "#B15928", "box", "P", 10),
    "Instrument": Style("Resolution / round", "#1F78B4", "box", "s", 16),
    "Place": Style("Place (launch site)", "#33A02C", "triangleDown", "v", 12),
}
_ENTITY_DEFAULT = Style("Entity", "#D55E00", "dot", "o", 14)

REL_COLOURS: dict[str, str] = {
    "HAS_BRANCH": "#E69F00",
    "LOCATED_IN": "#009E73",
    "HEADQUARTERED_IN": "#009E73",
    "ISSUED": "#000000",
    "TARGETS": "#555555",
    "REPRESENTS": "#000000",
    "RESPONDS_TO": "#C9B800",
    "CARRIED_OUT_BY": "#C9B800",
    "ABOUT": "#B15928",
    "LINKED_TO": "#D55E00",
    "TIMED_WITH": "#BBBBBB",
    "LAUNCHED_FROM": "#33A02C",
    "CONDEMNS": "#1F78B4",
    "MADE_UNDER": "#1F78B4",
}


def node_style(attrs: Mapping[str, Any]) -> Style:
    label = attrs.get("label")
    if label == "Entity":
        return _GROUPS.get(str(attrs.get("kind")), _ENTITY_DEFAULT)
    return _GROUPS.get(str(label), _ENTITY_DEFAULT)


def legend() -> list[Style]:
    return list(_GROUPS.values())


def grass() -> str:
    """A Neo4j Browser style sheet (``:style`` then drop the file) in the same colours."""
    lines = []
    for label, style in (
        ("Entity", _GROUPS["organization"]),
        *((k, v) for k, v in _GROUPS.items() if k[0].isupper()),
    ):
        caption = "{name}"
        lines.append(
            f"node.{label} {{\n  color: {style.colour};\n  border-color: {style.colour};\n"
            f"  text-color-internal: #FFFFFF;\n  diameter: {style.size * 3}px;\n"
            f"  caption: '{caption}';\n}}"
        )
    for rel, colour in REL_COLOURS.items():
        lines.append(f"relationship.{rel} {{\n  color: {colour};\n  caption: '<type>';\n}}")
    return "\n".join(lines) + "\n"
