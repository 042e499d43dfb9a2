"""North Korean missile flight tests: the nagix/nk-missile-tests catalogue (CNS database).

The catalogue is a folder of JSON files: ``test.en.json`` (``{"timeBins": [{"year",
"data": [test, ...]}]}``), ``missile.en.json`` (missile key → name and class) and
``facility.en.json`` (facility key → name, lat, lon). Every test becomes one Event,
every launch site a Place (``(Event)-[:LAUNCHED_FROM]->(Place)``), each citing the
catalogue row it comes from.

How the catalogue is read (docs/events.md):

* **Type** from the missile's class: ICBM → ``icbm_launch``, IRBM → ``irbm_launch``,
  MRBM → ``mrbm_launch``, SRBM → ``srbm_launch``, SLBM → ``slbm_launch``,
  HGV → ``hgv_launch``, SLV → ``satellite_launch``, Cruise → ``cruise_missile_launch``
  (none in the 2026 edition), missile ``unknown`` → ``unknown_launch`` (kept, not
  refused); a class the catalogue adds later becomes ``<class>_launch``.
* **Dates.** The catalogue's date is the UTC date (its times are UTC). ``date_utc`` keeps
  it; ``date`` is the local date at the launch site (Pyongyang time, from tzdata:
  UTC+9, UTC+8:30 from August 2015 to May 2018) when the time is known, else the
  catalogue's date as given (``date_basis`` says which). Lags are counted from ``date``.
  A ``YYYY-MM`` date is kept as the first of that month with ``date_precision`` ``month``.
* **Keys** come from the test's own data, never from row order:
  ``event:launch:<date>:<HHMM>z|time-unknown:<missile>:<facility>``; a test
  indistinguishable from an earlier one (same four values, e.g. two Scud-C of
  2006-07-05 with no time) gets ``:2``, ``:3`` in the catalogue's ``series`` order, so
  adding a launch on another day, or a distinguishable one on the same day, changes no
  other key. ``series`` (a numbering of a day's launches) is kept as a property only:
  a later edition renumbers it when it adds a launch to a day.
* The ``unknown`` facility carries coordinates (Pyongyang's airport) that are not a
  launch site: such a test has no Place.

>>> launch_type("ICBM"), launch_type("SLV"), launch_type("Unknown")
('icbm_launch', 'satellite_launch', 'unknown_launch')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from sanctiongraph.graph.countries import country_name
from sanctiongraph.graph.names import normalize_name
from sanctiongraph.graph.records import Node, Rel, SchemaError, cite, key, node, rel
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.target import SourceInfo, Target

RECORD_LABEL = "Event"  # what the load summary counts as records: one per test
TESTS = "test.en.json"
MISSILES = "missile.en.json"
FACILITIES = "facility.en.json"
SITE_ZONE = ZoneInfo("Asia/Pyongyang")
TYPES = {
    "ICBM": "icbm_launch",
    "IRBM": "irbm_launch",
    "MRBM": "mrbm_launch",
    "SRBM": "srbm_launch",
    "SLBM": "slbm_launch",
    "HGV": "hgv_launch",
    "SLV": "satellite_launch",
    "CRUISE": "cruise_missile_launch",
    "UNKNOWN": "unknown_launch",
}
# The fields every test row has; a row without one means a reshaped file.
REQUIRED = ("date", "time", "missile", "facility", "outcome")
UNKNOWN = "unknown"
_TIME = re.compile(r"^(\d{2}):(\d{2}) \(UTC\)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def launch_type(missile_class: str) -> str:
    """The Event type for a catalogue missile class (unlisted classes: ``<class>_launch``)."""
    return TYPES.get(missile_class.upper(), f"{missile_class.lower()}_launch")


def folder(path: Path) -> Path:
    """The catalogue folder, given the folder or its ``test.en.json``; any other file is
    refused by its own name (not by the name of a sibling it lacks)."""
    if path.is_dir():
        return path
    if path.name != TESTS:
        raise LoadError(
            path,
            None,
            f"not the missile-test catalogue: give its folder or its {TESTS} "
            f"(with {MISSILES} beside it)",
        )
    return path.parent


def inputs(path: Path) -> list[Path]:
    """The files a load of the catalogue reads (kept beside the store for rebuilds)."""
    base = folder(path)
    # Every file read_tests and source open: a kept copy lacking one cannot be rebuilt.
    kept = (base / TESTS, base / MISSILES, base / FACILITIES, base / "COMMIT")
    return [p for p in kept if p.is_file()]


def _json(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise LoadError(path, None, f"cannot read: {err.strerror}") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise LoadError(path, None, f"not JSON (truncated?): {err}") from None


@dataclass(frozen=True)
class FlightTest:
    """One catalogue row, checked."""

    where: str  # "year 2017, test 21" — for messages and the cited record
    key: str
    date: dt.date  # local date at the site
    date_utc: dt.date
    precision: str
    basis: str
    time: str | None
    row: Mapping[str, Any]


def _date(path: Path, where: str, text: Any) -> tuple[dt.date, str]:
    m = _DATE.match(str(text))
    if not m:
        raise LoadError(path, where, f"date {text!r} is not YYYY-MM-DD or YYYY-MM")
    try:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        return dt.date(y, mo, d), ("day" if m.group(3) else "month")
    except ValueError:
        raise LoadError(path, where, f"impossible date {text!r}") from None


def read_tests(path: Path) -> tuple[list[FlightTest], dict[str, Any], dict[str, Any]]:
    """Every test of the catalogue, checked against the catalogue's own tables."""
    base = folder(path)
    tests_file = base / TESTS
    missiles = _json(base / MISSILES)
    facilities = _json(base / FACILITIES)
    if not isinstance(missiles, dict) or not all(
        isinstance(m, dict) and "type" in m for m in missiles.values()
    ):
        raise LoadError(base / MISSILES, None, "not a missile table (key → {name, type})")
    sites = facilities.get("facilities") if isinstance(facilities, dict) else None
    if not isinstance(sites, dict):
        raise LoadError(base / FACILITIES, None, "no 'facilities' table")
    doc = _json(tests_file)
    bins = doc.get("timeBins") if isinstance(doc, dict) else None
    if not isinstance(bins, list):
        raise LoadError(tests_file, None, "no 'timeBins' list: not the missile-test catalogue")
    out: list[FlightTest] = []
    seen: dict[str, int] = {}
    for b, tbin in enumerate(bins):
        if not isinstance(tbin, dict) or not isinstance(tbin.get("data"), list):
            raise LoadError(tests_file, f"timeBins[{b}]", "a time bin without a 'data' list")
        year = tbin.get("year")
        for i, row in enumerate(tbin["data"]):
            where = f"year {year}, test {i + 1}"
            if not isinstance(row, dict):
                raise LoadError(tests_file, where, "a test that is not a JSON object")
            missing = [f for f in REQUIRED if f not in row]
            if missing:
                raise LoadError(tests_file, where, f"no {', '.join(missing)}")
            if str(row["missile"]) not in missiles:
                raise LoadError(
                    tests_file, where, f"missile {row['missile']!r} is not in {MISSILES}"
                )
            if str(row["facility"]) not in sites:
                raise LoadError(
                    tests_file, where, f"facility {row['facility']!r} is not in {FACILITIES}"
                )
            day, precision = _date(tests_file, where, row["date"])
            if year is not None and str(year) != str(day.year):
                raise LoadError(tests_file, where, f"date {row['date']} is not in year {year}")
            out.append(_test(tests_file, where, row, day, precision, seen))
    if not out:
        raise LoadError(tests_file, None, "the catalogue holds no tests")
    return out, missiles, sites


def _test(
    path: Path,
    where: str,
    row: Mapping[str, Any],
    day: dt.date,
    precision: str,
    seen: dict[str, int],
) -> FlightTest:
    time = None
    if row["time"] != UNKNOWN:
        m = _TIME.match(str(row["time"]))
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            raise LoadError(path, where, f"time {row['time']!r} is not 'HH:MM (UTC)'")
        time = f"{m.group(1)}:{m.group(2)}"
    local, basis = day, "catalogue date (time unknown)"
    if time is not None and precision == "day":
        hh, mm = (int(x) for x in time.split(":"))
        utc = dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=dt.UTC)
        local = utc.astimezone(SITE_ZONE).date()
        basis = "UTC date and time converted to Pyongyang time"
    stamp = (day.isoformat() if precision == "day" else day.isoformat()[:7]) + (
        f":{time.replace(':', '')}z" if time else ":time-unknown"
    )
    base = key("event", "launch", stamp, row["missile"], row["facility"])
    seen[base] = seen.get(base, 0) + 1
    eid = base if seen[base] == 1 else f"{base}:{seen[base]}"
    return FlightTest(where, eid, local, day, precision, basis, time, row)


def source(path: Path) -> SourceInfo:
    base = folder(path)
    commit = ""
    if (base / "COMMIT").exists():
        commit = (base / "COMMIT").read_text(encoding="utf-8", errors="replace").split(" ")[0]
    return SourceInfo(
        id="nk-missile-tests",
        name="North Korean missile tests (CNS database, nagix/nk-missile-tests)",
        publisher="James Martin Center for Nonproliferation Studies (NTI); "
        "compiled by nagix/nk-missile-tests",
        title="The CNS North Korea Missile FlightTest Database"
        + (f", nagix/nk-missile-tests commit {commit[:12]}" if commit else ""),
        file=f"{base.name}/{TESTS}",
        url="https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/",
        licence="Apache-2.0",
    )


def targets(path: Path) -> Iterator[Target]:
    return iter(())


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def reconcile(path: Path, events: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Test key → key of the same event already in the graph (rows of the ``events`` query)."""
    tests, missiles, _ = read_tests(path)
    by_day: dict[tuple[str, str], list[FlightTest]] = {}
    for t in tests:
        klass = str(missiles[str(t.row["missile"])].get("type") or "Unknown")
        by_day.setdefault((launch_type(klass), t.date.isoformat()), []).append(t)
    own = {t.key for t in tests}
    found: dict[str, str] = {}
    for ev in events:
        if ev["key"] in own or ev.get("date") is None:
            continue
        candidates = by_day.get((str(ev.get("type")), str(ev["date"])), [])
        if len(candidates) > 1:
            name = normalize_name(str(ev.get("event") or "")) or ""
            candidates = [
                t
                for t in candidates
                if (n := normalize_name(str(missiles[str(t.row["missile"])].get("name"))))
                and n.split(" (")[0] in name
            ]
        if len(candidates) == 1 and candidates[0].key not in found:
            found[candidates[0].key] = str(ev["key"])
    return found


# The named query whose rows :func:`context` reads: the load runs it (sanctiongraph.ingest),
# so that a reader never reads the store itself.
CONTEXT_QUERY = "events"


def context(path: Path, events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What :func:`records` needs from the store: the events already in it."""
    return {"existing": reconcile(path, events)}


def records(
    path: Path, source_id: str, existing: Mapping[str, str] | None = None
) -> Iterator[Node | Rel]:
    """Events, places and their links; ``existing`` maps a test's key to an event in the store."""
    tests, missiles, sites = read_tests(path)
    existing = existing or {}
    emitted: set[str] = set()
    for t in tests:
        row = t.row
        missile = missiles[str(row["missile"])]
        klass = str(missile.get("type") or "Unknown")
        prov = cite(source_id, t.key.removeprefix("event:"))
        name = f"{missile.get('name') or row['missile']} launch"
        props: dict[str, Any] = {
            "type": launch_type(klass),
            "name": name,
            "date": t.date,
            "date_utc": t.date_utc,
            "time_utc": t.time,
            "date_precision": t.precision,
            "date_basis": t.basis,
            "missile": str(row["missile"]),
            "missile_class": klass,
            "outcome": row.get("outcome"),
            "apogee_km": _number(row.get("apogee")),
            "distance_km": _number(row.get("distance")),
            "landed": None if row.get("landing") in (None, UNKNOWN, "na") else row["landing"],
            "description": row.get("description"),
        }
        eid = existing.get(t.key, t.key)
        if eid != t.key:
            # Reconciled with an event already in the graph: its name, type, local
            # date and description stay as its own source gave them.
            for own in ("type", "name", "date", "description", "landed"):
                props.pop(own)
        try:
            yield node("Event", eid, props, prov)
            if "country:KP" not in emitted:
                emitted.add("country:KP")
                kp = {"code": "KP", "name": country_name("KP")}
                yield node("Country", "country:KP", kp, cite(source_id))
            yield rel("CARRIED_OUT_BY", eid, "country:KP", prov)
            site = str(row["facility"])
            if site == UNKNOWN:
                continue
            pid = key("place", site)
            if pid not in emitted:
                emitted.add(pid)
                where = sites[site]
                yield node(
                    "Place",
                    pid,
                    {
                        "name": where.get("name"),
                        "kind": "launch_site",
                        "lat": _number(where.get("lat")),
                        "lon": _number(where.get("lon")),
                    },
                    cite(source_id, f"facility:{site}"),
                )
            yield rel("LAUNCHED_FROM", eid, pid, prov)
        except SchemaError as err:
            raise LoadError(folder(path) / TESTS, t.where, str(err)) from None
