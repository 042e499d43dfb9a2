"""Precision and recall of cross-list matching against a labelled set.

A labelled set (YAML) names groups of records that are one party (``same``)
and pairs that are not (``different``), each record as ``file#record id``
relative to a data directory. Every labelled file is loaded, in the order
given, into one fresh store; two records are predicted to be one party when
they ended in the same entity. Pairs are counted: within each ``same`` group
every pair is a positive, each ``different`` pair a negative.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.load import load_file

# Every published file of the shared data directory (../shared/data, SOURCES.md), in
from sanctiongraph.loaders.registry import detect

# Every published file of the shared data directory (../shared/data, SOURCES.md), in
# the order the real-data tests and benchmarks load them.
SHARED_DATA_FILES = [
    "ofac/sdn_csv_2021-07/sdn.csv",
    "ofac/cons_nonsdn_2025-03-28.xml",
    "ofac/cons_advanced_2020-03-17.xml",
    "un/consolidated_2018-10-29.xml",
    "eu/eu_fsf_export_2022-03-18_TRUNCATED_first1044.xml",
    "eu/opensanctions_eu_journal_32017R1509_DPRK.csv",
    "uk/sanctionsconlist_2018-04-13.csv",
    "uk/ConList_2022-05-04.xlsx",
    "jp/mof_shisantouketsu20260305.xlsx",
    "jp/mof_sanctions_lexcovery_2022-11-02.xls",
    "jp/meti_foreign_user_list_20250929.xlsx",
    "opensanctions/yente_fixture_t1_entities.ftm.json",
    "opensanctions/targets.simple_ua_war_sanctions_2026-03-13.csv",
    "opensanctions/opensanctions_index_2024-06-13.json",
]

# The published files the labelled set draws on, in the order they are loaded.
LABELLED_FILES = [
    "ofac/sdn_csv_2021-07/sdn.csv",
    "un/consolidated_2018-10-29.xml",
    "eu/opensanctions_eu_journal_32017R1509_DPRK.csv",
    "uk/sanctionsconlist_2018-04-13.csv",
    "uk/ConList_2022-05-04.xlsx",
    "jp/mof_shisantouketsu20260305.xlsx",
    "jp/mof_sanctions_lexcovery_2022-11-02.xls",
    "jp/meti_foreign_user_list_20250929.xlsx",
    "opensanctions/targets.simple_ua_war_sanctions_2026-03-13.csv",
]


@dataclass
class Evaluation:
    true_pos: int = 0
    false_neg: int = 0
    false_pos: int = 0
    true_neg: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else 1.0


def evaluate(labels: Path, data_dir: Path, files: list[str]) -> Evaluation:
    doc = yaml.safe_load(labels.read_text(encoding="utf-8"))
    store = MemoryStore()
    entity: dict[str, str] = {}
    for name in files:
        path = data_dir / name
        _, decisions = load_file(store, detect(path), path)
        for d in decisions:
            entity[f"{name}#{d.record}"] = d.entity
    result = Evaluation()

    def same(a: str, b: str) -> bool:
        for r in (a, b):
            if r not in entity:
                raise KeyError(f"labelled record {r} was not loaded")
        return entity[a] == entity[b]

    for records in doc["same"].values():
        for a, b in itertools.combinations(records, 2):
            if same(a, b):
                result.true_pos += 1
            else:
                result.false_neg += 1
                result.missed.append((a, b))
    for a, b in doc["different"]:
        if same(a, b):
            result.false_pos += 1
            result.wrong.append((a, b))
        else:
            result.true_neg += 1
    return result
