"""The curated YAML format: it loads what it should and refuses bad input cleanly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.ingest.curated import load_curated, seed_path
from sanctiongraph.loaders.base import LoadError

MINIMAL = """\
format: sanctiongraph-curated/1
sources:
  - {id: notes, name: My notes, publisher: me}
authorities:
  - {id: kr, name: South Korea, kind: state, country: "Korea, South", cite: ["notes#p1"]}
entities:
  - id: acme
    kind: organization
    name: Acme Trading <img src=x onerror=alert(1)>
    branches:
      - {id: acme-1, name: Acme Berlin, city: Berlin, country: Germany, cite: ["notes#p2"]}
    cite: ["notes#p2"]
listings:
  - {authority: kr, entity: acme, programme: test, listed_on: 2017-12-11, cite: ["notes#p3"]}
"""


def _load(tmp_path: Path, text: str, store: MemoryStore | None = None) -> MemoryStore:
    store = store or MemoryStore()
    path = tmp_path / "list.yaml"
    path.write_text(text, encoding="utf-8")
    load_curated(store, path)
    return store


def test_minimal_curated_file_loads(tmp_path: Path) -> None:
    store = _load(tmp_path, MINIMAL)
    g = store.graph
    assert g.nodes["entity:acme"]["name"].startswith("Acme Trading <img")  # kept as text
    assert g.has_edge("authority:kr", "country:KR", "REPRESENTS")
    # An office is keyed as the list loaders key it: country and city.
    assert g.has_edge("branch:acme:de:berlin", "country:DE", "LOCATED_IN")
    assert g.nodes["listing:kr:acme:test"]["records"] == ["source:notes#p3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty, or not a curated list"),
        ("just a string", "empty, or not a curated list"),
        ("format: other/1\n", "expected format"),
        ("format: [unclosed\n", "line 2, column 1: not valid YAML"),
        (
            MINIMAL.replace('cite: ["notes#p3"]', 'cite: ["nobody#p3"]'),
            "listings[0]: cites unknown",
        ),
        (MINIMAL.replace(', cite: ["notes#p3"]', ""), "listings[0]: needs 'cite'"),
        (MINIMAL.replace("country: Germany", "country: Atlantis"), "unknown country 'Atlantis'"),
        (MINIMAL.replace("listed_on: 2017-12-11", "listed_on: 11.12.2017"), "not an ISO date"),
        (MINIMAL.replace("entity: acme, programme", "entity: nobody, programme"), "unknown entity"),
        (MINIMAL.replace("kind: organization", "kind: spaceship"), "kind must be"),
        (MINIMAL + "claims: 7\n", "claims: must be a list"),
    ],
)
def test_bad_files_are_refused_naming_file_and_record(
    tmp_path: Path, text: str, message: str
) -> None:
    store = MemoryStore()
    with pytest.raises(LoadError, match=re.escape(message)) as err:
        _load(tmp_path, text, store)
    assert "list.yaml" in str(err.value)
    assert store.graph.number_of_nodes() == 0


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["format: sanctiongraph-curated/1", 'a0: &a0 ["lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    lines.append("entities: *a8")
    with pytest.raises(LoadError, match="alias bomb"):
        _load(tmp_path, "\n".join(lines) + "\n")


def test_python_objects_are_never_constructed(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not valid YAML"):
        _load(tmp_path, "format: !!python/object/apply:os.system ['echo owned']\n")


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_bytes(MINIMAL.encode("utf-16"))
    with pytest.raises(LoadError, match="not UTF-8"):
        load_curated(MemoryStore(), path)


def test_failure_midway_leaves_a_loaded_store_unchanged(tmp_path: Path) -> None:
    store = MemoryStore()
    load_curated(store, seed_path())
    before = store.stats()
    bad = MINIMAL.replace('cite: ["notes#p3"]', 'cite: ["notes#p3"], status: maybe')
    with pytest.raises(LoadError, match="status must be"):
        _load(tmp_path, bad, store)
    assert store.stats() == before


@pytest.mark.parametrize("seed_first", [True, False], ids=["seed first", "lists first"])
def test_every_value_the_seed_gives_stays_whatever_the_lists_say(seed_first: bool) -> None:
    """A curated record citing a list's record (the seed cites MOF's) is no edition of
    that record: in either load order, every alias, identifier, birth date and
    nationality the seed gives an entity stays on it after every real-list excerpt."""
    from sanctiongraph.graph.records import AMENDABLE_PROPS
    from sanctiongraph.ingest.curated import load_seed
    from sanctiongraph.ingest.load import load_file
    from tests.test_loaders import FIXTURES, LISTS

    seed, both = MemoryStore(), MemoryStore()
    load_seed(seed)
    steps = [lambda: load_seed(both)]
    steps.append(lambda: [load_file(both, fmt, LISTS / name) for name, fmt, _, _ in FIXTURES])
    for step in steps if seed_first else steps[::-1]:
        step()
    given, kept = seed.to_networkx(), both.to_networkx()
    checked = 0
    for eid, attrs in given.nodes(data=True):
        if attrs.get("label") != "Entity":
            continue
        for prop in AMENDABLE_PROPS:
            for value in attrs.get(prop) or ():
                assert value in (kept.nodes[eid].get(prop) or ()), (eid, prop, value)
                checked += 1
    assert checked > 100  # the seed's aliases and identifiers, not an empty check
