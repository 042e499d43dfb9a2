"""docker-compose.yml agrees with the code's defaults (Docker itself does not run here)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sanctiongraph.settings import DEFAULT_NEO4J_PASSWORD, DEFAULT_NEO4J_USER, load_settings

COMPOSE = Path(__file__).parents[1] / "docker-compose.yml"


def test_compose_service_matches_the_code_defaults() -> None:
    doc = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    svc = doc["services"]["neo4j"]
    assert svc["image"] == "neo4j:5.26-community"
    assert {"7474:7474", "7687:7687"} <= set(svc["ports"])
    settings = load_settings({})
    assert settings.neo4j_uri.endswith(":7687")
    # NEO4J_AUTH is user/password with the password from the environment and a local default.
    auth = svc["environment"]["NEO4J_AUTH"]
    m = re.fullmatch(r"(\w+)/\$\{NEO4J_PASSWORD:-([^}]+)\}", auth)
    assert m, auth
    assert (m.group(1), m.group(2)) == (DEFAULT_NEO4J_USER, DEFAULT_NEO4J_PASSWORD)
    assert (settings.neo4j_user, settings.neo4j_password) == (m.group(1), m.group(2))
    assert len(DEFAULT_NEO4J_PASSWORD) >= 8  # Neo4j 5 refuses shorter passwords


def test_compose_has_a_healthcheck_and_a_named_volume() -> None:
    doc = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    svc = doc["services"]["neo4j"]
    check = " ".join(svc["healthcheck"]["test"])
    assert "cypher-shell" in check and "RETURN 1" in check
    assert svc["healthcheck"]["retries"] >= 10
    (volume,) = svc["volumes"]
    name, target = volume.split(":")
    assert target == "/data" and name in doc["volumes"]
