"""Listings ↔ instruments ↔ events: the links that need more than one file, with their basis.

Run after every load (``load_file``, ``load_curated``), so the order in which the
catalogue, the curated instruments and the lists are loaded does not matter; it only
ever adds relationships, each citing what it rests on:

* ``CONDEMNS``: an instrument's ``condemns_launches`` (``"2017-11-29 icbm_launch"``,
  a local date and optionally a type; or ``"2016-09-09/2017-06-02"``, every launch
  from one local date to another, both included) → every launch event of the graph
  on that date or in that range (and of that type). Cited by the instrument's own sources.
* ``MADE_UNDER`` by date: a listing of the instrument's authority and programme whose
  designation date is the instrument's ``designates_on`` (a resolution's annex, a
  committee round). Basis ``designation date``; cited by the instrument's sources and
  the listing's records.
* ``MADE_UNDER`` by programme text: a listing whose programme names a resolution
  (Japan's MOF sheets: ``北朝鮮(決議1695号)``) → that UN resolution. Basis
  ``programme names resolution N``; cited by the listing's records.
* ``RESPONDS_TO`` through an instrument: a listing made on an instrument's date answers
  the events the instrument condemns, or, for a committee round, those the instrument
  that directed it condemns. ``via`` names the instrument. A listing that only
  implements a resolution (Japan's programme text) is not said to answer its events.

Links inferred from timing alone are never written: ``response-atlas`` computes them
when asked (``timing``), apart from these.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sanctiongraph.graph.records import Rel, rel
from sanctiongraph.queries import run_query

if TYPE_CHECKING:
    from sanctiongraph.graph.store import Store

# "決議1695号", "決議1718号等": the resolution a Japanese programme implements.
RESOLUTION_IN_PROGRAMME = re.compile(r"決議\s*(\d{3,4})\s*号")


@dataclass
class Instrument:
    key: str
    props: dict[str, Any]
    events: set[str] = field(default_factory=set)

    @property
    def caption(self) -> str:
        return str(self.props.get("symbol") or self.props.get("instrument") or self.key)

    @property
    def prov(self) -> dict[str, list[str]]:
        return {"sources": self.props.get("sources") or [], "records": self.props["records"] or []}


def _instruments(store: Store) -> dict[str, Instrument]:
    out: dict[str, Instrument] = {}
    for row in run_query(store, "instruments", {}):
        inst = out.setdefault(row["key"], Instrument(row["key"], row))
        if row.get("event_key"):
            inst.events.add(row["event_key"])
    return out


def _merge(*provs: Mapping[str, Any]) -> dict[str, list[str]]:
    sources = sorted({s for p in provs for s in p.get("sources") or []})
    records = sorted({r for p in provs for r in p.get("records") or []})
    return {"sources": sources, "records": records}


def link_records(store: Store) -> Iterator[Rel]:
    """The links the store's instruments, events and listings imply (see the module doc)."""
    instruments = _instruments(store)
    if not instruments:
        return
    launches: list[tuple[str, str, str]] = []  # (local date, key, type)
    for ev in run_query(store, "events", {}):
        if ev.get("date") and str(ev.get("type")).endswith("_launch"):
            launches.append((str(ev["date"])[:10], ev["key"], str(ev.get("type"))))
    for inst in instruments.values():
        for spec in inst.props.get("condemns_launches") or []:
            days, _, type_ = str(spec).partition(" ")
            first, _, last = days.partition("/")
            last = last or first
            for day, key, kind in launches:
                if first <= day <= last and (not type_ or kind == type_):
                    inst.events.add(key)
                    yield rel("CONDEMNS", inst.key, key, inst.prov)
    for inst in instruments.values():
        yield from _by_date(store, inst, instruments)
    yield from _by_programme(store, instruments)


def _answers(inst: Instrument, instruments: Mapping[str, Instrument]) -> tuple[set[str], str]:
    """The events a listing made by ``inst`` answers, and why."""
    if inst.events:
        return inst.events, f"made by {inst.caption}, which condemns the event"
    director = instruments.get(str(inst.props.get("directed_by")))
    if director is not None and director.events:
        return director.events, (
            f"made in {inst.caption}, directed by {director.caption}, which condemns the event"
        )
    return set(), ""


def _by_date(
    store: Store, inst: Instrument, instruments: Mapping[str, Instrument]
) -> Iterator[Rel]:
    day, authority = inst.props.get("designates_on"), inst.props.get("authority")
    if not day or not authority or not store.lookup("Authority", f"authority:{authority}", None):
        return
    events, why = _answers(inst, instruments)
    for listing in run_query(
        store, "designations", {"authority": f"authority:{authority}", "date": day}
    ):
        programme = inst.props.get("programme")
        if programme and listing.get("programme") != programme:
            continue
        prov = _merge(inst.prov, listing)
        basis = f"designation date {day} is the date of {inst.caption}"
        yield rel("MADE_UNDER", listing["key"], inst.key, prov, {"basis": basis})
        for ev in sorted(events):
            yield rel("RESPONDS_TO", listing["key"], ev, prov, {"basis": why, "via": inst.key})


def _by_programme(store: Store, instruments: Mapping[str, Instrument]) -> Iterator[Rel]:
    by_number = {
        str(i.props["number"]): i
        for i in instruments.values()
        if i.props.get("number") and i.props.get("kind") == "resolution"
    }
    if not by_number:
        return
    for listing in run_query(store, "designations", {"programme": "決議"}):
        for number in RESOLUTION_IN_PROGRAMME.findall(str(listing.get("programme") or "")):
            inst = by_number.get(number)
            if inst is not None:
                basis = f"the programme {listing['programme']} names resolution {number}"
                yield rel("MADE_UNDER", listing["key"], inst.key, _merge(listing), {"basis": basis})


def link_events(store: Store) -> int:
    """Write the links :func:`link_records` finds; returns how many were written."""
    found = list(link_records(store))
    if found:
        with store.writer() as writer:
            for item in found:
                writer.add(item)
    return len(found)
