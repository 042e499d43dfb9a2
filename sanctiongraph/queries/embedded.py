"""The embedded twins of the ``.cypher`` named queries, over a networkx graph.

Each function takes the graph and the bound parameters and returns the same
rows, in the same order, as its Cypher twin does on Neo4j; the parity suite
holds them to it. Ordering follows Cypher's rules: ``null`` sorts last in
ascending order, lists compare element by element.

The graph is a ``MultiDiGraph`` whose node keys are node ids, with the label
in the ``label`` attribute; an edge's key is its relationship type.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from sanctiongraph.loaders.editions import present_on

Row = dict[str, Any]
Runner = Callable[[nx.MultiDiGraph, Mapping[str, Any]], list[Row]]


def _asc(value: Any) -> tuple[bool, Any]:
    """Sort key for an ascending ORDER BY: nulls last."""
    return (value is None, value if value is not None else "")


def _out(g: nx.MultiDiGraph, node: str, type_: str) -> Iterator[str]:
    for _, target, key in g.out_edges(node, keys=True):
        if key == type_:
            yield target


def _in(g: nx.MultiDiGraph, node: str, type_: str) -> Iterator[str]:
    for source, _, key in g.in_edges(node, keys=True):
        if key == type_:
            yield source


def _labelled(g: nx.MultiDiGraph, node: str, label: str) -> bool:
    return bool(g.nodes[node].get("label") == label)


def _p(g: nx.MultiDiGraph, node: str, prop: str) -> Any:
    return g.nodes[node].get(prop)


def _caption(g: nx.MultiDiGraph, node: str) -> Any:
    return g.nodes[node].get("name") or node


def overseas_branches(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    e = params["entity"]
    homes = set(_out(g, e, "HEADQUARTERED_IN"))
    if not homes:
        return []
    rows = []
    for b in _out(g, e, "HAS_BRANCH"):
        for c in _out(g, b, "LOCATED_IN"):
            if c not in homes:
                rows.append(
                    {
                        "entity": _p(g, e, "name"),
                        "branch": _p(g, b, "name"),
                        "city": _p(g, b, "city"),
                        "country_code": _p(g, c, "code"),
                        "country": _p(g, c, "name"),
                        "_id": b,
                    }
                )
    rows.sort(key=lambda r: (_asc(r["country"]), _asc(r["branch"]), r["_id"]))
    return rows


def branch_network(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    c = params["country"]
    branches: dict[str, list[str]] = {}
    for b in _in(g, c, "LOCATED_IN"):
        for e in _in(g, b, "HAS_BRANCH"):
            branches.setdefault(e, []).append(b)
    rows = []
    for e, bs in branches.items():
        bs.sort(key=lambda b: (_asc(_p(g, b, "name")), b))
        hqs = sorted((_p(g, h, "name") for h in _out(g, e, "HEADQUARTERED_IN")), key=_asc)
        rows.append(
            {
                "entity": _p(g, e, "name"),
                "key": e,
                "kind": _p(g, e, "kind"),
                "branches": [n for b in bs if (n := _p(g, b, "name")) is not None],
                "headquarters": [h for h in hqs if h is not None],
            }
        )
    rows.sort(key=lambda r: (_asc(r["entity"]), r["key"]))
    return rows


def _listings_by(g: nx.MultiDiGraph, authority: str, status: str | None) -> Iterator[str]:
    for listing in _out(g, authority, "ISSUED"):
        if status is None or _p(g, listing, "status") == status:
            yield listing


def _authorities(g: nx.MultiDiGraph) -> list[str]:
    return [n for n, label in g.nodes(data="label") if label == "Authority"]


def multi_jurisdiction(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    per_entity: dict[str, dict[str, list[Any]]] = {}
    for a in _authorities(g):
        for listing in _listings_by(g, a, "listed"):
            for e in _out(g, listing, "TARGETS"):
                if _labelled(g, e, "Entity"):
                    per_entity.setdefault(e, {}).setdefault(a, []).append(
                        _p(g, listing, "listed_on")
                    )
    rows = []
    for e, by_auth in per_entity.items():
        if len(by_auth) < params["min_authorities"]:
            continue
        pairs = sorted(
            (
                (_p(g, a, "name"), min((d for d in ds if d is not None), default=None))
                for a, ds in by_auth.items()
            ),
            key=lambda p: _asc(p[0]),
        )
        rows.append(
            {
                "entity": _p(g, e, "name"),
                "key": e,
                "authority_count": len(pairs),
                "authorities": [p[0] for p in pairs],
                "listed_on": [p[1] for p in pairs],
            }
        )
    rows.sort(key=lambda r: (-r["authority_count"], _asc(r["entity"]), r["key"]))
    return rows


def _listed_by(g: nx.MultiDiGraph, authority: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for listing in _listings_by(g, authority, "listed"):
        for e in _out(g, listing, "TARGETS"):
            if _labelled(g, e, "Entity"):
                out.setdefault(e, []).append(listing)
    return out


def listing_gap(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    listed_a = _listed_by(g, params["authority_a"])
    listed_b = _listed_by(g, params["authority_b"])
    rows = []
    for e, listings in listed_a.items():
        if e in listed_b:
            continue
        programmes = sorted({p for ls in listings if (p := _p(g, ls, "programme")) is not None})
        dates = [d for ls in listings if (d := _p(g, ls, "listed_on")) is not None]
        rows.append(
            {
                "entity": _p(g, e, "name"),
                "key": e,
                "kind": _p(g, e, "kind"),
                "programmes": programmes,
                "first_listed": min(dates) if dates else None,
            }
        )
    rows.sort(key=lambda r: (_asc(r["entity"]), r["key"]))
    return rows


def event_response(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    ev = params["event"]
    event_date = _p(g, ev, "date")
    groups: dict[tuple[str, Any], set[str]] = {}
    for listing in _in(g, ev, "RESPONDS_TO"):
        for a in _in(g, listing, "ISSUED"):
            if not _labelled(g, a, "Authority"):
                continue
            for e in _out(g, listing, "TARGETS"):
                if _labelled(g, e, "Entity"):
                    groups.setdefault((a, _p(g, listing, "listed_on")), set()).add(e)
    rows = []
    for (a, listed_on), entities in groups.items():
        days = None
        if listed_on is not None and event_date is not None:
            days = (dt.date.fromisoformat(listed_on) - dt.date.fromisoformat(event_date)).days
        ordered = sorted(entities, key=lambda e: (_asc(_p(g, e, "name")), e))
        rows.append(
            {
                "authority": _p(g, a, "name"),
                "listed_on": listed_on,
                "days_after": days,
                "targets": len(ordered),
                "entities": [n for e in ordered if (n := _p(g, e, "name")) is not None],
            }
        )
    rows.sort(key=lambda r: (_asc(r["listed_on"]), _asc(r["authority"])))
    return rows


def _is_listed(g: nx.MultiDiGraph, e: str) -> bool:
    return any(_labelled(g, s, "Listing") for s in _in(g, e, "TARGETS"))


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else None


def shared_locations(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    e = params["entity"]
    # (level, spot, place) -> the listed others with an office there
    sharing: dict[tuple[int, str, Any], set[str]] = {}
    for b in _out(g, e, "HAS_BRANCH"):
        city_key, city, address = _p(g, b, "city_key"), _p(g, b, "city"), _p(g, b, "address")
        for c in _out(g, b, "LOCATED_IN"):
            for ob in _in(g, c, "LOCATED_IN"):
                for o in _in(g, ob, "HAS_BRANCH"):
                    if o == e or not _labelled(g, o, "Entity") or not _is_listed(g, o):
                        continue
                    sharing.setdefault((1, c, _p(g, c, "name")), set()).add(o)
                    if city_key is None or city_key != _p(g, ob, "city_key"):
                        continue
                    sharing.setdefault((2, f"{c} {city_key}", city), set()).add(o)
                    text = _lower(address)
                    if (
                        text is not None
                        and text == _lower(_p(g, ob, "address"))
                        and _lower(city) is not None
                        and not text.startswith(_lower(city))
                    ):
                        sharing.setdefault((3, f"{c} {city_key} {text}", address), set()).add(o)
    found: dict[str, list[tuple[int, int, Any]]] = {}
    for (level, _, place), others in sharing.items():
        for o in others:
            found.setdefault(o, []).append((len(others) + 1, -level, place))
    rows = []
    for o, places in found.items():
        places.sort(key=lambda t: (t[0], t[1], _asc(t[2])))
        shared_by, level, place = places[0]
        rows.append(
            {
                "entity": _p(g, o, "name"),
                "key": o,
                "place": place,
                "level": -level,
                "shared_by": shared_by,
                "places": [p for _, _, p in places],
            }
        )
    rows.sort(key=lambda r: (r["shared_by"], -r["level"], _asc(r["entity"]), r["key"]))
    return rows


def connection_path(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    a, b = params["entity_a"], params["entity_b"]
    avoid = set() if params["hubs"] else set(params["avoid"])
    undirected = nx.subgraph_view(
        g.to_undirected(as_view=True),
        filter_node=lambda n: g.nodes[n].get("label") not in avoid,
    )
    try:
        paths = list(nx.all_shortest_paths(undirected, a, b))
    except nx.NetworkXNoPath:
        return []
    rows = []
    for path in paths:
        hops = len(path) - 1
        if hops > params["max_hops"]:
            continue
        labels = [_p(g, n, "label") for n in path]
        # Cypher returns one path per choice of relationship between each pair.
        steps = []
        for u, v in itertools.pairwise(path):
            types = list(g[u][v]) if g.has_edge(u, v) else []
            types += list(g[v][u]) if g.has_edge(v, u) else []
            steps.append(sorted(types))
        for combo in itertools.product(*steps):
            rows.append(
                {
                    "hops": hops,
                    "names": [_caption(g, n) for n in path],
                    "labels": labels,
                    "relationships": list(combo),
                    "keys": list(path),
                }
            )
    rows.sort(key=lambda r: (r["keys"], r["relationships"]))
    return rows


def _within(g: nx.MultiDiGraph, start: str, steps: int) -> set[str]:
    """Nodes at most ``steps`` relationships from ``start``, in either direction."""
    seen = {start}
    frontier = [start]
    for _ in range(steps):
        nxt = []
        for n in frontier:
            for m in itertools.chain(g.succ[n], g.pred[n]):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        frontier = nxt
    return seen


def neighbourhood(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    e = params["entity"]
    # A relationship lies on a path of at most `depth` steps from e exactly
    # when one of its ends is at most depth - 1 steps away.
    near = _within(g, e, params["depth"] - 1)
    edges: set[tuple[str, str, str]] = set()
    for n in near:
        edges.update((u, k, v) for u, v, k in g.out_edges(n, keys=True))
        edges.update((u, k, v) for u, v, k in g.in_edges(n, keys=True))
    rows = [
        {
            "source": u,
            "source_label": _p(g, u, "label"),
            "source_name": _caption(g, u),
            "relationship": k,
            "target": v,
            "target_label": _p(g, v, "label"),
            "target_name": _caption(g, v),
        }
        for u, k, v in edges
    ]
    rows.sort(key=lambda r: (r["source"], r["relationship"], r["target"]))
    return rows


def authority_totals(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    a, as_of, programme = params["authority"], params["as_of"], params["programme"]
    # entity -> list -> the publisher's record ids of that list naming it on the day
    entries: dict[str, dict[str, set[str]]] = {}
    for listing in _out(g, a, "ISSUED"):
        props = g.nodes[listing]
        if programme is not None and props.get("programme") != programme:
            continue
        listed_on, observed = props.get("listed_on"), props.get("observed_on")
        delisted_on = props.get("delisted_on")
        if props.get("present_from") is not None:
            in_force = present_on(props["present_from"], props.get("present_until"), as_of)
        else:
            in_force = (listed_on is not None and listed_on <= as_of) or (
                listed_on is None and observed is not None and observed <= as_of
            )
            if delisted_on is not None and delisted_on <= as_of:
                in_force = False
        if props.get("status") == "delisted" and delisted_on is None:
            in_force = False
        if not in_force:
            continue
        records = _edition_records(g, props.get("records") or (), as_of)
        for t in _out(g, listing, "TARGETS"):
            if _labelled(g, t, "Entity"):
                mine = entries.setdefault(t, {})
                for lst, ids in records.items():
                    mine.setdefault(lst, set()).update(ids)
    counts: dict[str, int] = dict.fromkeys(("organization", "person", "vessel", "aircraft"), 0)
    total = 0
    for e, by_list in entries.items():
        # An entity counts as many entries as the list naming it most often: entries of
        # two lists naming one party are one listing, entries of one list are not.
        n = max((len(ids) for ids in by_list.values()), default=0) or 1
        total += n
        kind = _p(g, e, "kind")
        if kind in counts:
            counts[kind] += n
    return [
        {
            "authority": _p(g, a, "name"),
            "as_of": as_of,
            "programme": programme,
            "organizations": counts["organization"],
            "persons": counts["person"],
            "vessels": counts["vessel"],
            "aircraft": counts["aircraft"],
            "total": total,
            "editions": _editions_around(g, _p(g, a, "short"), as_of),
        }
    ]


def _edition_records(g: nx.MultiDiGraph, records: Iterable[str], as_of: str) -> dict[str, set[str]]:
    """Per list, the publisher's record ids a listing carries on ``as_of``: those of the
    list's newest edition on or before the day that shows it, else of its first edition
    after the day (a listing begun between two editions)."""
    shown: dict[str, dict[str, set[str]]] = {}  # list -> edition date -> record ids
    for rec in records:
        src, _, rid = str(rec).partition("#")
        props = g.nodes[src] if src in g else {}
        lst, day = props.get("edition_of"), props.get("list_date")
        if props.get("label") == "Source" and lst and day:
            shown.setdefault(lst, {}).setdefault(str(day)[:10], set()).add(rid)
    out: dict[str, set[str]] = {}
    for lst, by_day in shown.items():
        older = [d for d in by_day if d <= as_of]
        out[lst] = by_day[max(older) if older else min(by_day)]
    return out


def _editions_around(g: nx.MultiDiGraph, authority: object, as_of: str) -> list[str]:
    """Per list of ``authority``: its newest edition on or before ``as_of``, then its
    first edition after it (the Cypher text's order: all of the first, then the second)."""
    by_list: dict[str, list[tuple[str, str]]] = {}
    for n, props in g.nodes(data=True):
        mine = props.get("label") == "Source" and props.get("list_authority") == authority
        if mine and props.get("list_date") and props.get("edition_of"):
            by_list.setdefault(props["edition_of"], []).append((props["list_date"], n))
    before: set[str] = set()
    after: set[str] = set()
    for dated in by_list.values():
        old = [d for d, _ in dated if d <= as_of]
        new = [d for d, _ in dated if d > as_of]
        before.update(n for d, n in dated if old and d == max(old))
        after.update(n for d, n in dated if new and d == min(new))
    return sorted(before) + sorted(after)


def listed_on(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    rows = []
    for listing in _out(g, params["authority"], "ISSUED"):
        if _p(g, listing, "listed_on") != params["date"]:
            continue
        for e in _out(g, listing, "TARGETS"):
            if _labelled(g, e, "Entity"):
                rows.append(
                    {
                        "entity": _p(g, e, "name"),
                        "key": e,
                        "kind": _p(g, e, "kind"),
                        "sector": _p(g, e, "sector"),
                        "programme": _p(g, listing, "programme"),
                        "reference": _p(g, listing, "reference"),
                        "sources": _p(g, listing, "sources"),
                        "records": _p(g, listing, "records"),
                    }
                )
    rows.sort(key=lambda r: (_asc(r["sector"]), _asc(r["entity"]), r["key"], _asc(r["programme"])))
    return rows


def sources(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    rows = [
        {
            "key": n,
            "name": a.get("name"),
            "publisher": a.get("publisher"),
            "list_date": a.get("list_date"),
            "file": a.get("file"),
            "url": a.get("url"),
        }
        for n, a in g.nodes(data=True)
        if a.get("label") == "Source"
    ]
    rows.sort(key=lambda r: r["key"])
    return rows


def claims(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    rows = [
        {
            "claim": _p(g, c, "name"),
            "value": _p(g, c, "value"),
            "text": _p(g, c, "text"),
            "records": _p(g, c, "records"),
            "_id": c,
        }
        for c in _in(g, params["authority"], "ABOUT")
        if _labelled(g, c, "Claim")
    ]
    rows.sort(key=lambda r: (_asc(r["claim"]), r["_id"]))
    return rows


def source_totals(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    source, prefix = params["source"], params["programme"]
    cited = f"{source}#"
    # Per authority: the file's records (an entity where a fact names none) by kind,
    # and those delisted.
    found: dict[str, tuple[dict[str, str | None], set[str]]] = {}
    for listing, e, key, data in g.edges(keys=True, data=True):
        if key != "TARGETS" or source not in (data.get("sources") or ()):
            continue
        programme = _p(g, listing, "programme")
        if not _labelled(g, e, "Entity") or (
            prefix is not None and not (programme or "").startswith(prefix)
        ):
            continue
        rids = [r for r in data.get("records") or () if r.startswith(cited)] or [e]
        for a in _in(g, listing, "ISSUED"):
            of_record, gone = found.setdefault(a, ({}, set()))
            for rid in rids:
                of_record.setdefault(rid, _p(g, e, "kind"))
                if _p(g, listing, "status") == "delisted":
                    gone.add(rid)
    rows = []
    for a, (by_record, gone) in found.items():
        kinds = list(by_record.values())
        rows.append({
            "authority": _p(g, a, "name"), "programme": prefix,
            "organizations": kinds.count("organization"), "persons": kinds.count("person"),
            "vessels": kinds.count("vessel"), "aircraft": kinds.count("aircraft"),
            "total": len(kinds), "delisted": len(gone),
        })  # fmt: skip
    rows.sort(key=lambda r: _asc(r["authority"]))
    return rows


def events(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    type_, first, last = params.get("type"), params.get("since"), params.get("until")
    rows = []
    for ev, a in g.nodes(data=True):
        if a.get("label") != "Event" or (type_ is not None and a.get("type") != type_):
            continue
        day = a.get("date")
        if (first is not None and (day is None or day < first)) or (
            last is not None and (day is None or day > last)
        ):
            continue
        sites: list[str | None] = [
            p for p in _out(g, ev, "LAUNCHED_FROM") if _labelled(g, p, "Place")
        ]
        sites = sites or [None]
        for p in sites:
            rows.append({
                "event": a.get("name"), "key": ev, "type": a.get("type"), "date": day,
                "date_utc": a.get("date_utc"), "time_utc": a.get("time_utc"),
                "date_precision": a.get("date_precision"), "missile": a.get("missile"),
                "site": _p(g, p, "name") if p is not None else None, "sources": a.get("sources"),
            })  # fmt: skip
    rows.sort(key=lambda r: (_asc(r["date"]), _asc(r["time_utc"]), r["key"]))
    return rows


def instruments(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    wanted = params.get("authority")
    rows = []
    for i, a in g.nodes(data=True):
        if a.get("label") != "Instrument":
            continue
        if wanted is not None and a.get("authority") != wanted:
            continue
        condemned: list[str | None] = [
            e for e in _out(g, i, "CONDEMNS") if _labelled(g, e, "Event")
        ]
        for ev in condemned or [None]:
            rows.append({
                "instrument": a.get("name"), "key": i, "kind": a.get("kind"),
                "symbol": a.get("symbol"), "number": a.get("number"), "date": a.get("date"),
                "designates_on": a.get("designates_on"), "authority": a.get("authority"),
                "programme": a.get("programme"), "directed_by": a.get("directed_by"),
                "condemns_launches": a.get("condemns_launches"),
                "event": _p(g, ev, "name") if ev else None, "event_key": ev,
                "event_date": _p(g, ev, "date") if ev else None,
                "sources": a.get("sources"), "records": a.get("records"),
            })  # fmt: skip
    rows.sort(
        key=lambda r: (_asc(r["date"]), r["key"], _asc(r["event_date"]), _asc(r["event_key"]))
    )
    return rows


def designations(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    wanted, day, text = params.get("authority"), params.get("date"), params.get("programme")
    rows = []
    for a, lst, key in g.edges(keys=True):
        if key != "ISSUED" or not _labelled(g, a, "Authority") or not _labelled(g, lst, "Listing"):
            continue
        programme = _p(g, lst, "programme")
        if (wanted is not None and a != wanted) or (
            day is not None and _p(g, lst, "listed_on") != day
        ):
            continue
        if text is not None and (programme is None or text not in programme):
            continue
        rows.append({
            "listing": _p(g, lst, "name"), "key": lst, "authority": _p(g, a, "short"),
            "programme": programme, "listed_on": _p(g, lst, "listed_on"),
            "sources": _p(g, lst, "sources"), "records": _p(g, lst, "records"),
        })  # fmt: skip
    rows.sort(key=lambda r: (_asc(r["listed_on"]), r["key"]))
    return rows


def _in_range(a: Mapping[str, Any], params: Mapping[str, Any]) -> bool:
    day, type_ = a.get("date"), params.get("type")
    if type_ is not None and a.get("type") != type_:
        return False
    for bound, later in ((params.get("since"), False), (params.get("until"), True)):
        if bound is not None and (day is None or (day > bound if later else day < bound)):
            return False
    return True


def response_atlas(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    wanted = params.get("event")
    groups: dict[tuple[str, str], set[str]] = {}
    for ev, a in g.nodes(data=True):
        if a.get("label") != "Event" or (wanted is not None and ev != wanted):
            continue
        if not _in_range(a, params):
            continue
        for listing in _in(g, ev, "RESPONDS_TO"):
            if not _labelled(g, listing, "Listing"):
                continue
            for auth in _in(g, listing, "ISSUED"):
                if _labelled(g, auth, "Authority"):
                    groups.setdefault((ev, auth), set()).add(listing)
    rows = []
    for (ev, auth), listings in groups.items():
        dates = [d for x in listings if (d := _p(g, x, "listed_on")) is not None]
        rows.append({
            "event": _p(g, ev, "name"), "key": ev, "type": _p(g, ev, "type"),
            "event_date": _p(g, ev, "date"), "authority": _p(g, auth, "name"),
            "listings": len(listings), "first_listed": min(dates) if dates else None,
        })  # fmt: skip
    rows.sort(key=lambda r: (_asc(r["event_date"]), r["key"], _asc(r["authority"])))
    return rows


def instrument_listings(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    rows = []
    for listing, _, key, data in g.in_edges(params["instrument"], keys=True, data=True):
        if key != "MADE_UNDER" or not _labelled(g, listing, "Listing"):
            continue
        for e in _out(g, listing, "TARGETS"):
            if not _labelled(g, e, "Entity"):
                continue
            for auth in _in(g, listing, "ISSUED"):
                if _labelled(g, auth, "Authority"):
                    rows.append({
                        "authority": _p(g, auth, "name"),
                        "listed_on": _p(g, listing, "listed_on"), "entity": _p(g, e, "name"),
                        "key": e, "programme": _p(g, listing, "programme"),
                        "reference": _p(g, listing, "reference"), "basis": data.get("basis"),
                    })  # fmt: skip
    rows.sort(
        key=lambda r: (_asc(r["listed_on"]), _asc(r["authority"]), _asc(r["entity"]), r["key"])
    )
    return rows


def event_instruments(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    rows = []
    for inst in set(_in(g, params["event"], "CONDEMNS")):
        if not _labelled(g, inst, "Instrument"):
            continue
        made = {x for x in _in(g, inst, "MADE_UNDER") if _labelled(g, x, "Listing")}
        rows.append({
            "instrument": _p(g, inst, "name"), "key": inst, "kind": _p(g, inst, "kind"),
            "symbol": _p(g, inst, "symbol"), "date": _p(g, inst, "date"), "listings": len(made),
        })  # fmt: skip
    rows.sort(key=lambda r: (_asc(r["date"]), r["key"]))
    return rows


def edition_changes(g: nx.MultiDiGraph, params: Mapping[str, Any]) -> list[Row]:
    older, newer = params["older"], params["newer"]
    complete = _p(g, newer, "edition") == "complete"
    was_at, shown_at = f"{older}#", f"{newer}#"
    # The contents of each edition's entries (lists without stable record ids only).
    olds: set[str] = set()
    news: set[str] = set()
    listings = []
    for lid, props in g.nodes(data=True):
        if props.get("label") != "Listing":
            continue
        contents = props.get("contents") or ()
        olds.update(c[len(was_at) :] for c in contents if c.startswith(was_at))
        news.update(c[len(shown_at) :] for c in contents if c.startswith(shown_at))
        cited = props.get("sources") or ()
        if older in cited or newer in cited:
            listings.append((lid, props))
    rows = []
    for lid, props in listings:
        cited = props.get("sources") or ()
        mine = [c for c in props.get("contents") or () if c.startswith((was_at, shown_at))]
        changes: list[str] = []
        if not mine:  # matched by record id: the listing itself
            was, shown = older in cited, newer in cited
            if shown != was and (shown or complete):
                changes.append("added" if shown else "removed")
        for c in mine:
            if c.startswith(shown_at) and c[len(shown_at) :] not in olds:
                changes.append("added")
            elif c.startswith(was_at) and complete and c[len(was_at) :] not in news:
                changes.append("removed")
        for change in changes:
            for e in _out(g, lid, "TARGETS"):
                rows.append(
                    {
                        "change": change,
                        "entity": _p(g, e, "name"),
                        "key": e,
                        "kind": _p(g, e, "kind"),
                        "programme": props.get("programme"),
                        "reference": props.get("reference"),
                    }
                )
    rows.sort(key=lambda r: tuple((r[c] is None, r[c] or "") for c in _CHANGE_ORDER))
    return rows


_CHANGE_ORDER = ("change", "entity", "key", "programme")


RUNNERS: dict[str, Runner] = {
    "edition-changes": edition_changes,
    "response-atlas": response_atlas,
    "instrument-listings": instrument_listings,
    "event-instruments": event_instruments,
    "instruments": instruments,
    "designations": designations,
    "events": events,
    "source-totals": source_totals,
    "claims": claims,
    "listed-on": listed_on,
    "sources": sources,
    "overseas-branches": overseas_branches,
    "branch-network": branch_network,
    "multi-jurisdiction": multi_jurisdiction,
    "listing-gap": listing_gap,
    "event-response": event_response,
    "shared-locations": shared_locations,
    "connection-path": connection_path,
    "neighbourhood": neighbourhood,
    "authority-totals": authority_totals,
}
