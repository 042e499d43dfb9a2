"""The whole graph as FollowTheMoney entities, one JSON object a line (``export --format ftm``).

What each node becomes, in FollowTheMoney's terms (the schemata OpenSanctions uses):

* an Entity: Organization, Person, Vessel or Airplane (LegalEntity when its kind is
  unknown), with its names, aliases, identifiers, dates and nationalities or flag,
  its head-office country and its offices as ``addressEntity``;
* a Branch: an Address (``full``, ``city``, ``country``);
* a Listing: a Sanction of its entity, with the authority's name (and, for a state,
  its country), programme, reference, dates, and as ``reason`` the events it answers
  and the instruments it was made under;
* an Event: an Event (name, date, summary, the country that carried it out);
* ``LINKED_TO``: an UnknownLink with its role.

Countries, authorities and sources are values here, not entities; claims and places
are not exported. Ids are the graph's keys with '.' for ':' (FollowTheMoney allows no
colon), so a file written twice is the same file; ``sanctiongraph load ftm`` reads it back.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("entity:a", label="Entity", kind="vessel", name="Ship A", imo=["9000001"])
>>> [(d["schema"], d["properties"]["imoNumber"]) for d in ftm_entities(g)]
[('Vessel', ['9000001'])]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

_SCHEMATA = {
    "organization": "Organization",
    "person": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
# Identifier schemes of ``id_numbers`` ('scheme:value') → FollowTheMoney properties, the
# reverse of what the ftm loader reads; a scheme not here goes to idNumber.
_ID_PROPS = {
    "passport": "passportNumber",
    "national_id": "idNumber",
    "tax_id": "taxNumber",
    "registration": "registrationNumber",
    "inn": "innCode",
    "ogrn": "ogrnCode",
    "okpo": "okpoCode",
    "lei": "leiCode",
    "mmsi": "mmsi",
}
# Properties each schema takes (FollowTheMoney 4), so every line validates.
_PERSON_ONLY = {"birthDate", "nationality", "passportNumber"}
_ORG_ONLY = {"incorporationDate", "swiftBic", "taxNumber", "innCode", "ogrnCode", "okpoCode",
             "leiCode", "idNumber", "imoNumber"}  # fmt: skip
_ALLOWED = {
    "Organization": _ORG_ONLY,
    "LegalEntity": _ORG_ONLY - {"imoNumber"},
    "Person": _PERSON_ONLY | _ORG_ONLY - {"imoNumber"},
    "Vessel": {"flag", "imoNumber", "mmsi"},
    "Airplane": set(),
}
_COMMON = {"name", "alias", "notes", "country", "addressEntity", "registrationNumber", "topics"}


# FollowTheMoney ids: letters, digits, dots and hyphens, at most 200 characters.
_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")


def ftm_id(key: str) -> str:
    """A graph key as a FollowTheMoney id: ``entity:kumgang-bank`` → ``entity.kumgang-bank``
    (keys are slugs joined by ':', so this is one-to-one); a key that still does not fit
    becomes ``sg-`` and its SHA-1.

    >>> ftm_id("branch:korea-computer-center:de")
    'branch.korea-computer-center.de'
    """
    dotted = key.replace(":", ".")
    if len(dotted) <= 200 and _FTM_ID.match(dotted):
        return dotted
    return "sg-" + hashlib.sha1(key.encode("utf-8")).hexdigest()


def _code(g: nx.MultiDiGraph, country: str) -> str | None:
    code = g.nodes[country].get("code")
    return str(code).lower() if code else None


def _add(props: dict[str, list[str]], key: str, *values: Any) -> None:
    for v in values:
        if v is None or v == "":
            continue
        text = str(v)
        have = props.setdefault(key, [])
        if text not in have:
            have.append(text)


def _thing(g: nx.MultiDiGraph, n: str, a: dict[str, Any]) -> dict[str, Any]:
    schema = _SCHEMATA.get(str(a.get("kind")), "LegalEntity")
    props: dict[str, list[str]] = {}
    _add(props, "name", a.get("name"))
    _add(props, "alias", a.get("name_local"), *(a.get("aliases") or []))
    _add(props, "notes", a.get("notes"))
    _add(props, "topics", "sanction")
    _add(props, "imoNumber", *(a.get("imo") or []))
    _add(props, "swiftBic", *(a.get("swift_bic") or []))
    for value in a.get("id_numbers") or []:
        scheme, _, number = str(value).partition(":")
        _add(props, _ID_PROPS.get(scheme, "idNumber"), number or value)
    date_prop = "birthDate" if schema == "Person" else "incorporationDate"
    _add(props, date_prop, *(a.get("birth_dates") or []))
    codes = [str(c).lower() for c in a.get("nationalities") or []]
    _add(props, "flag" if schema == "Vessel" else "nationality", *codes)
    for _, m, k in g.out_edges(n, keys=True):
        if k == "HEADQUARTERED_IN":
            _add(props, "country", _code(g, m))
        elif k == "HAS_BRANCH":
            _add(props, "addressEntity", ftm_id(m))
    allowed = _COMMON | _ALLOWED[schema]
    return {"id": ftm_id(n), "schema": schema, "properties": {k: v for k, v in props.items()
                                                      if k in allowed}}  # fmt: skip


def _address(g: nx.MultiDiGraph, n: str, a: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, list[str]] = {}
    _add(props, "full", a.get("address") or a.get("name"))
    _add(props, "city", a.get("city"))
    _add(props, "country", str(a["country_code"]).lower() if a.get("country_code") else None)
    for _, m, k in g.out_edges(n, keys=True):
        if k == "LOCATED_IN":
            _add(props, "country", _code(g, m))
    return {"id": ftm_id(n), "schema": "Address", "properties": props}


def _sanction(g: nx.MultiDiGraph, n: str, a: dict[str, Any]) -> dict[str, Any] | None:
    targets = [m for _, m, k in g.out_edges(n, keys=True) if k == "TARGETS"]
    if not targets:
        return None
    props: dict[str, list[str]] = {}
    _add(props, "entity", *(ftm_id(t) for t in targets))
    for auth, _, k in g.in_edges(n, keys=True):
        if k != "ISSUED":
            continue
        _add(props, "authority", g.nodes[auth].get("name"))
        for _, c, k2 in g.out_edges(auth, keys=True):
            if k2 == "REPRESENTS":
                _add(props, "country", _code(g, c))
    _add(props, "program", a.get("programme"))
    _add(props, "authorityId", a.get("reference"))
    _add(props, "listingDate", a.get("listed_on"))
    _add(props, "startDate", a.get("listed_on"))
    _add(props, "endDate", a.get("delisted_on"))
    _add(props, "status", a.get("status"))
    reasons = []
    for _, m, k in g.out_edges(n, keys=True):
        other = g.nodes[m]
        if k == "RESPONDS_TO":
            reasons.append(f"in answer to {other.get('name') or m} ({other.get('date') or '?'})")
        elif k == "MADE_UNDER":
            reasons.append(f"made under {other.get('name') or m}")
    _add(props, "reason", "; ".join(sorted(reasons)) or None)
    return {"id": ftm_id(n), "schema": "Sanction", "properties": props}


def _event(g: nx.MultiDiGraph, n: str, a: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, list[str]] = {}
    _add(props, "name", a.get("name"))
    _add(props, "date", a.get("date"))
    _add(props, "summary", a.get("description"))
    for _, m, k in g.out_edges(n, keys=True):
        if k == "CARRIED_OUT_BY":
            _add(props, "country", _code(g, m))
    return {"id": ftm_id(n), "schema": "Event", "properties": props}


def ftm_entities(g: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """FollowTheMoney entities for the graph, in key order (see the module docstring)."""
    for n, a in sorted(g.nodes(data=True)):
        label = a.get("label")
        doc: dict[str, Any] | None = None
        if label == "Entity":
            doc = _thing(g, n, a)
        elif label == "Branch":
            doc = _address(g, n, a)
        elif label == "Listing":
            doc = _sanction(g, n, a)
        elif label == "Event":
            doc = _event(g, n, a)
        if doc is not None:
            yield {**doc, "datasets": ["sanctiongraph"]}
    for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        if k == "LINKED_TO":
            props: dict[str, list[str]] = {}
            _add(props, "subject", ftm_id(u))
            _add(props, "object", ftm_id(v))
            _add(props, "role", a.get("role"))
            yield {"id": ftm_id(f"link:{u}:{v}"), "schema": "UnknownLink", "properties": props,
                   "datasets": ["sanctiongraph"]}  # fmt: skip


def write_ftm(g: nx.MultiDiGraph, path: Path) -> int:
    """Write the entities as JSON lines; returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("wb") as fh:
        for doc in ftm_entities(g):
            fh.write(orjson.dumps(doc) + b"\n")
            count += 1
    return count
