"""Synthetic sanctions graphs with realistic proportions, for benchmarks and load tests.

The proportions follow the real lists in ../shared/data: about 55% of targets
are organisations, 40% persons and 5% vessels; an organisation has one head
office and, for one in five, one to seven more offices, a third of them abroad;
every target is listed by one authority and about 30% by two or more; one
listing in ten responds to one of a few dozen events. Everything is derived
from a seeded random generator, so the same size gives the same graph.

>>> items = list(synthetic_records(100))
>>> sum(1 for i in items if getattr(i, "label", None) == "Entity")
100
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from rigour.territories import get_territories

from sanctiongraph.graph.countries import country_name
from sanctiongraph.graph.records import Node, Rel, cite, node, rel

AUTHORITIES = [
    ("us", "United States", "state", "US"),
    ("unsc", "UN Security Council", "body", None),
    ("eu", "European Union", "body", None),
    ("gb", "United Kingdom", "state", "GB"),
    ("jp", "Japan", "state", "JP"),
    ("kr", "South Korea", "state", "KR"),
]
SOURCE = "synthetic"
# ISO-like codes of today's territories (rigour's, as the loaders resolve them). Since the
# move off pycountry, 3 of the 60 differ from the earlier graphs' (AC, CP, CQ in).
_COUNTRIES = sorted(
    t.code.upper()
    for t in get_territories()
    if len(t.code) == 2 and t.alpha3 and not t.is_historical
)[:60]
_CITIES = [f"City {i}" for i in range(400)]


def synthetic_records(entities: int, seed: int = 7) -> Iterator[Node | Rel]:
    """Records for a graph of ``entities`` targets; nodes before the relationships that use them."""
    rnd = random.Random(seed)
    prov = cite(SOURCE, "generated")
    yield node("Source", "source:synthetic", {"name": "Synthetic benchmark data"}, prov)
    for code in _COUNTRIES:
        yield node("Country", f"country:{code}", {"code": code, "name": country_name(code)}, prov)
    for short, name, kind, country in AUTHORITIES:
        aid = f"authority:{short}"
        yield node("Authority", aid, {"name": name, "kind": kind, "short": short}, prov)
        if country:
            yield node("Country", f"country:{country}", {"code": country,
                       "name": country_name(country)}, prov)  # fmt: skip
            yield rel("REPRESENTS", aid, f"country:{country}", prov)
    events = max(3, entities // 2000)
    for i in range(events):
        eid = f"event:synthetic-{i}"
        date = f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        yield node("Event", eid, {"type": "missile_launch", "name": f"Launch {i}", "date": date},
                   prov)  # fmt: skip
        yield rel("CARRIED_OUT_BY", eid, f"country:{_COUNTRIES[i % len(_COUNTRIES)]}", prov)
    for i in range(entities):
        yield from _entity(rnd, i, events, prov)


def _entity(
    rnd: random.Random, i: int, events: int, prov: dict[str, list[str]]
) -> Iterator[Node | Rel]:
    r = rnd.random()
    kind = "organization" if r < 0.55 else "person" if r < 0.95 else "vessel"
    eid = f"entity:synthetic-{i}"
    home = rnd.choice(_COUNTRIES)
    props: dict[str, object] = {
        "kind": kind,
        "name": f"Target {i} {rnd.choice(['Trading', 'Shipping', 'Bank', 'Holdings', 'Ltd'])}",
        "aliases": [f"T{i} alias {j}" for j in range(rnd.randint(0, 3))],
    }
    if kind == "vessel":
        props["imo"] = [str(9000000 + i)]
    yield node("Entity", eid, props, prov)
    if kind != "person":
        yield rel("HEADQUARTERED_IN", eid, f"country:{home}", prov)
        offices = 1 + (rnd.randint(1, 7) if rnd.random() < 0.2 else 0)
        for j in range(offices):
            country = home if j == 0 or rnd.random() < 0.67 else rnd.choice(_COUNTRIES)
            bid = f"branch:synthetic-{i}-{j}"
            city = rnd.choice(_CITIES)
            yield node("Branch", bid, {"name": f"Target {i} office {j}", "city": city,
                       "city_key": city.lower(), "country_code": country,
                       "role": "head_office" if j == 0 else "branch"}, prov)  # fmt: skip
            yield rel("HAS_BRANCH", eid, bid, prov)
            yield rel("LOCATED_IN", bid, f"country:{country}", prov)
    count = 1 if rnd.random() < 0.7 else rnd.randint(2, len(AUTHORITIES))
    for short, name, _, _ in rnd.sample(AUTHORITIES, count):
        lid = f"listing:{short}:synthetic-{i}"
        date = f"20{10 + rnd.randint(0, 15):02d}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        yield node("Listing", lid, {"name": f"{name}: P{i % 9} ({date})", "programme": f"P{i % 9}",
                   "reference": str(i), "listed_on": date, "status": "listed"}, prov)  # fmt: skip
        yield rel("ISSUED", f"authority:{short}", lid, prov)
        yield rel("TARGETS", lid, eid, prov, {"match_confidence": 1.0})
        if rnd.random() < 0.1:
            yield rel("RESPONDS_TO", lid, f"event:synthetic-{rnd.randrange(events)}", prov)
