"""Country names as sanctions lists spell them, resolved to ISO 3166 codes.

pycountry supplies the codes and names; the alias table covers the
spellings lists use that ISO does not ("Korea, North", "Burma", "Russia").

>>> resolve_country("Korea, North")
('KP', 'North Korea')
>>> resolve_country("United Arab Emirates")
('AE', 'United Arab Emirates')
>>> resolve_country("de")
('DE', 'Germany')
>>> resolve_country("Atlantis") is None
True
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from sanctiongraph.graph.names import normalize_name

# Spellings used by OFAC, UN, EU, UK and Japanese lists that ISO lacks.
_ALIASES: dict[str, str] = {
    "korea north": "KP",
    "north korea": "KP",
    "dprk": "KP",
    "democratic people s republic of korea": "KP",
    "korea dpr": "KP",
    "北朝鮮": "KP",
    "korea south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "russia": "RU",
    "burma": "MM",
    "syria": "SY",
    "iran": "IR",
    "laos": "LA",
    "vietnam": "VN",
    "taiwan": "TW",
    "macau": "MO",
    "hong kong": "HK",
    "czech republic": "CZ",
    "turkey": "TR",
    "uae": "AE",
    "united kingdom": "GB",
    "uk": "GB",
    "united states": "US",
    "usa": "US",
    "ドイツ": "DE",
    "中国": "CN",
    "シリア": "SY",
    "インド": "IN",
    "アラブ首長国連邦": "AE",
    "ロシア": "RU",
}

# Short names people use, where ISO's own name reads like a catalogue entry.
_DISPLAY: dict[str, str] = {"RU": "Russia", "KR": "South Korea", "KP": "North Korea"}


def country_name(code: str) -> str:
    code = code.upper()
    if code in _DISPLAY:
        return _DISPLAY[code]
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        raise KeyError(f"not an ISO 3166-1 alpha-2 code: {code!r}")
    return str(getattr(c, "common_name", None) or c.name)


@lru_cache(maxsize=4096)
def resolve_country(text: str) -> tuple[str, str] | None:
    """``(alpha-2 code, display name)`` for a country as a list spells it."""
    key = normalize_name(text)
    if not key:
        return None
    code = _ALIASES.get(key)
    if code is None:
        try:
            code = str(pycountry.countries.lookup(text.strip()).alpha_2)
        except LookupError:
            return None
    return code, country_name(code)
