"""Country names as sanctions lists spell them, resolved to ISO 3166 codes.

One resolver, on ``rigour.territories`` (OpenSanctions' territory data): it knows the
ISO names and codes, the lists' spellings ("Korea, North", "Burma", "DPRK", "UAE") and
names in many languages (北朝鮮, ドイツ). :data:`_MISSED` keeps only the spellings of the
shared lists and curated files it does not resolve (measured: docs/inbox/plain.md).

>>> resolve_country("Korea, North")
('KP', 'North Korea')
>>> resolve_country("United Arab Emirates")
('AE', 'United Arab Emirates')
>>> resolve_country("de"), resolve_country("ドイツ"), resolve_country("北朝鮮")
(('DE', 'Germany'), ('DE', 'Germany'), ('KP', 'North Korea'))
>>> resolve_country("Atlantis") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.territories import get_territory, lookup_territory

from sanctiongraph.graph.names import normalize_name

# What rigour 2.6 does not resolve, each seen in a list or curated file (measured:
# docs/inbox/plain.md): MOF writes Saudi Arabia "サウディ・アラビア" (rigour knows
# "サウジアラビア"). Keyed by normalised spelling.
_MISSED: dict[str, str] = {
    normalize_name(spelling) or spelling: code
    for spelling, code in {"サウディ・アラビア": "SA"}.items()
}

# A country name that opens a Japanese address (北朝鮮平壌特別市…) runs into the rest of it.
_JAPANESE_START = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# ...and is at least this long (タイ, マリ).
_SHORTEST_PREFIX = 2


def _code(text: str) -> str | None:
    """The ISO alpha-2 code of a country or ISO territory (Hong Kong, Palestine); None for
    a sub-territory (a city like Dubai, a region like Crimea) or a state of the past."""
    territory = lookup_territory(text)
    if territory is None or territory.is_historical:
        return None
    code = territory.code
    return code.upper() if len(code) == 2 and code.isalpha() else None


def country_name(code: str) -> str:
    """The short name people use ("North Korea", "Russia", "Syria").

    >>> country_name("kp"), country_name("RU")
    ('North Korea', 'Russia')
    """
    territory = get_territory(code.lower()) if len(code) == 2 else None
    if territory is None:
        raise KeyError(f"not an ISO 3166-1 alpha-2 code: {code!r}")
    return territory.name


def country_in_text(text: str | None) -> str | None:
    """The country an address names: the whole text, a leading Japanese
    country name (北朝鮮平壌特別市), or the last comma-separated part.

    >>> country_in_text("北朝鮮平壌特別市平川区域")
    'KP'
    >>> country_in_text("Rakwon-dong, Pyongyang, DPRK")
    'KP'
    """
    if not text:
        return None
    text = text.strip()
    found = resolve_country(text)
    if found:
        return found[0]
    if _JAPANESE_START.match(text):
        # The longest leading name wins (インドネシア over インド).
        for end in range(min(len(text), 24), _SHORTEST_PREFIX - 1, -1):
            found = resolve_country(text[:end])
            if found:
                return found[0]
    for part in (text.rsplit(",", 1)[-1], text.splitlines()[-1]):
        found = resolve_country(part.strip(" ."))
        if found:
            return found[0]
    return None


@lru_cache(maxsize=4096)
def resolve_country(text: str) -> tuple[str, str] | None:
    """``(alpha-2 code, display name)`` for a country as a list spells it."""
    key = normalize_name(text)
    if not key:
        return None
    code = _MISSED.get(key) or _code(text.strip())
    if code is None:
        return None
    try:
        return code, country_name(code)
    except KeyError:
        return None
