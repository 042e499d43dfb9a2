"""authority-totals counts the publisher's entries, not the graph's entities.

Two records of one list that the graph merges into one entity (the UK lists one
person under two regimes with two Group IDs; a reviewer judges two Group IDs of one
regime the same party) are still two entries of that list; the same party on two
lists of one authority (OFAC SDN and non-SDN, both under its ent_num) is one.

The editions here are made up, in the UK's published CSV layout, so that each
count is known; the real-data test checks each shared list against its file.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.load import load_file
from sanctiongraph.queries import run_query
from sanctiongraph.resolution.judgements import Judgements
from sanctiongraph.resolution.matching import Matcher

_UK_HEADER = [
    *("Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Title", "DOB"),
    *("Town of Birth", "Country of Birth", "Nationality", "Passport Details", "NI Number"),
    *("Position", "Address 1", "Address 2", "Address 3", "Address 4", "Address 5"),
    *("Address 6", "Post/Zip Code", "Country", "Other Information", "Group Type"),
    *("Alias Type", "Regime", "Listed On", "Last Updated", "Group ID"),
]

E1, E2 = "2022-01-10", "2022-02-20"
S1, S2 = (f"source:gb-ofsi-conlist-csv-{d}" for d in (E1, E2))
# Group ID -> (surname, first name, date of birth, regime, Listed On)
IVANOV_RU = ("101", ("IVANOV", "Pavel", "01/02/1960", "Russia", "01/03/2020"))
IVANOV_BY = ("102", ("IVANOV", "Pavel", "01/02/1960", "Belarus", "05/03/2020"))
PETROV = ("103", ("PETROV", "Oleg", "03/04/1970", "Russia", "01/03/2020"))
PETROV_TWIN = ("104", ("PETROVV", "Oleg", "03/04/1970", "Russia", "01/03/2020"))
SIDOROV = ("105", ("SIDOROV", "Ilya", "05/06/1980", "Russia", "01/02/2022"))


def _uk_edition(path: Path, date: str, groups: list[tuple[str, tuple[str, ...]]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Last Updated", f"{date[8:]}/{date[5:7]}/{date[:4]}"] + [""] * 27)
        w.writerow(_UK_HEADER)
        for gid, (surname, first, dob, regime, listed) in groups:
            row = dict.fromkeys(_UK_HEADER, "")
            row.update({"Name 6": surname, "Name 1": first, "DOB": dob, "Nationality": "Russia",
                        "Group Type": "Individual", "Alias Type": "Prime Alias",
                        "Regime": regime, "Listed On": listed, "Last Updated": listed,
                        "Group ID": gid})  # fmt: skip
            w.writerow([row[h] for h in _UK_HEADER])
    return path


def _totals(store: Store, authority: str, day: str) -> dict[str, Any]:
    row = run_query(store, "authority-totals", {"authority": authority, "as_of": day})[0]
    return {k: row[k] for k in ("persons", "organizations", "total", "editions")}


def _entities(store: Store) -> int:
    return sum(1 for _, a in store.to_networkx().nodes(data=True) if a["label"] == "Entity")


def test_merged_records_of_one_list_count_as_its_entries(any_store: Store, tmp_path: Path) -> None:
    # Edition 1: Ivanov under two regimes (two Group IDs the matcher merges), Petrov
    # under two Group IDs of one regime (a reviewer judged them one party).
    # Edition 2: Ivanov's Belarus entry and Petrov's second entry are gone; Sidorov,
    # designated 2022-02-01 (between the editions), is new.
    one = _uk_edition(tmp_path / "one.csv", E1, [IVANOV_RU, IVANOV_BY, PETROV, PETROV_TWIN])
    two = _uk_edition(tmp_path / "two.csv", E2, [IVANOV_RU, PETROV, SIDOROV])
    judgements = Judgements(tmp_path / "resolver.jsonl")
    judgements.judge(f"{S1}#103", f"{S1}#104", "same", who="test")
    for f in (one, two):
        load_file(any_store, "uk-csv", f, matcher=Matcher.from_store(any_store, judgements))
    assert _entities(any_store) == 3  # Ivanov, Petrov, Sidorov

    # On an edition's date: that edition's Group IDs, merged or not.
    assert _totals(any_store, "gb", E1) == {
        "persons": 4, "organizations": 0, "total": 4, "editions": [S1, S2]}  # fmt: skip
    assert _totals(any_store, "gb", E2)["total"] == 3
    # Between: the older edition's, plus the entry the newer says was listed in between.
    assert _totals(any_store, "gb", "2022-01-31")["total"] == 4
    assert _totals(any_store, "gb", "2022-02-01")["total"] == 5
    # Before the first edition, by the publisher's dates of designation.
    assert _totals(any_store, "gb", "2020-03-02")["total"] == 3


def test_source_totals_counts_a_files_records_as_authority_totals_counts_its_edition(
    any_store: Store, tmp_path: Path
) -> None:
    """What one file lists is its records: on an edition's date `authority-totals` and
    `source-totals` of that edition give one count, merged entities or not."""
    one = _uk_edition(tmp_path / "one.csv", E1, [IVANOV_RU, IVANOV_BY, PETROV, PETROV_TWIN])
    two = _uk_edition(tmp_path / "two.csv", E2, [IVANOV_RU, PETROV, SIDOROV])
    judgements = Judgements(tmp_path / "resolver.jsonl")
    judgements.judge(f"{S1}#103", f"{S1}#104", "same", who="test")
    for f in (one, two):
        load_file(any_store, "uk-csv", f, matcher=Matcher.from_store(any_store, judgements))
    assert _entities(any_store) == 3
    for source, day, entries in ((S1, E1, 4), (S2, E2, 3)):
        [row] = run_query(any_store, "source-totals", {"source": source, "programme": None})
        assert (row["persons"], row["organizations"], row["total"]) == (entries, 0, entries)
        assert row["total"] == _totals(any_store, "gb", day)["total"]
    # A programme prefix keeps the records of its listings only (Ivanov's Belarus entry
    # is another record of the same entity).
    [russia] = run_query(any_store, "source-totals", {"source": S1, "programme": "Russia"})
    assert russia["total"] == 3


_OFAC = """<?xml version='1.0' encoding='UTF-8'?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation><Publish_Date>{date}</Publish_Date></publshInformation>
{entries}
</sdnList>
"""
_ENTRY = """  <sdnEntry><uid>{uid}</uid><lastName>{name}</lastName><sdnType>Entity</sdnType>
    <programList><program>RUSSIA-EO14024</program></programList></sdnEntry>"""


def _ofac(path: Path, date: str, entries: dict[str, str]) -> Path:
    body = "\n".join(_ENTRY.format(uid=u, name=n) for u, n in entries.items())
    path.write_text(_OFAC.format(date=date, entries=body), encoding="utf-8")
    return path


def test_one_party_on_two_lists_of_an_authority_counts_once(
    any_store: Store, tmp_path: Path
) -> None:
    alpha = {"7001": "ALPHA TRADING LLC"}
    sdn = _ofac(tmp_path / "sdn.xml", "01/10/2022", {**alpha, "7002": "BETA"})
    cons = _ofac(tmp_path / "cons.xml", "01/10/2022", {**alpha, "7003": "GAMMA"})
    load_file(any_store, "ofac-xml", sdn)
    load_file(any_store, "ofac-xml", cons)
    got = _totals(any_store, "us", E1)
    # 7001 is one party on both lists: one entry, not one per list.
    assert (got["organizations"], got["total"]) == (3, 3)
    assert got["editions"] == [f"source:us-ofac-{x}-xml-2022-01-10" for x in ("cons", "sdn")]
