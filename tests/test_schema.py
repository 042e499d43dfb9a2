from sanctiongraph.graph.schema import LIST_TYPES, SCHEMA


def test_every_relationship_joins_declared_labels() -> None:
    for r in SCHEMA.rels:
        assert r.start in SCHEMA.labels and r.end in SCHEMA.labels, r.type


def test_required_model_is_declared() -> None:
    assert set(SCHEMA.labels) >= {
        "Entity", "Branch", "Country", "Authority", "Listing", "Event", "Source",
    }  # fmt: skip
    wanted = {
        ("HAS_BRANCH", "Entity", "Branch"),
        ("LOCATED_IN", "Branch", "Country"),
        ("HEADQUARTERED_IN", "Entity", "Country"),
        ("ISSUED", "Authority", "Listing"),
        ("TARGETS", "Listing", "Entity"),
        ("REPRESENTS", "Authority", "Country"),
        ("RESPONDS_TO", "Listing", "Event"),
        ("CARRIED_OUT_BY", "Event", "Country"),
    }
    assert wanted <= {(r.type, r.start, r.end) for r in SCHEMA.rels}


def test_every_node_and_relationship_carries_provenance() -> None:
    for n in SCHEMA.nodes:
        names = [p.name for p in n.props]
        assert len(names) == len(set(names)), n.label
        assert {"id", "sources", "records", "match_names"} <= set(names), n.label
        for np in n.name_props:
            n.prop(np)
    for r in SCHEMA.rels:
        own = {"sources", "records"} & {p.name for p in r.props}
        # A relationship into a hub is cited by its other end, which carries them.
        assert own == ({"sources", "records"} if r.cited_by is None else set()), r.type
        if r.cited_by is not None:
            assert SCHEMA.rel(r.type).cited_by in ("start", "end")
            assert r.start not in ("Authority", "Country") or r.cited_by == "end", r.type
            assert r.end not in ("Authority", "Country") or r.cited_by == "start", r.type


def test_entity_identifiers_are_lists() -> None:
    entity = SCHEMA.node("Entity")
    for name in ("aliases", "imo", "swift_bic", "ofac_ent_num", "un_ref", "jp_notice"):
        assert entity.prop(name).type in LIST_TYPES


def test_model_page_is_generated_from_the_schema() -> None:
    from pathlib import Path

    from sanctiongraph.graph.docs import BEGIN, END, PAGE, schema_markdown

    page = (Path(__file__).parents[1] / PAGE).read_text(encoding="utf-8")
    section = page.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section == "\n" + schema_markdown(), "run: python -m sanctiongraph.graph.docs"
