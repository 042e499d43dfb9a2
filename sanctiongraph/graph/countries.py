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
    "イラン": "IR",
    "イラク": "IQ",
    "ミャンマー": "MM",
    "ベラルーシ": "BY",
    "ウクライナ": "UA",
    "リビア": "LY",
    "パキスタン": "PK",
    "アフガニスタン": "AF",
    "シンガポール": "SG",
    "台湾": "TW",
    "香港": "HK",
    "マレーシア": "MY",
    "タイ": "TH",
    "ベトナム": "VN",
    "トルコ": "TR",
    "レバノン": "LB",
    "英国": "GB",
    "米国": "US",
    "フランス": "FR",
    "カンボジア": "KH",
    "ラオス": "LA",
    "モンゴル": "MN",
    "エジプト": "EG",
    "スーダン": "SD",
    "イエメン": "YE",
    "ソマリア": "SO",
    "韓国": "KR",
    "日本": "JP",
    "ナミビア": "NA",
    "アンゴラ": "AO",
    "コンゴ民主共和国": "CD",
    "中央アフリカ": "CF",
    "南スーダン": "SS",
    "マリ": "ML",
    "ジンバブエ": "ZW",
    "ハイチ": "HT",
    "ニカラグア": "NI",
    "ベネズエラ": "VE",
    "キューバ": "CU",
    "クウェート": "KW",
    "カタール": "QA",
    "サウジアラビア": "SA",
    "アルジェリア": "DZ",
    "チュニジア": "TN",
    "ヨルダン": "JO",
    "ウズベキスタン": "UZ",
    "カザフスタン": "KZ",
    "キルギス": "KG",
    "タジキスタン": "TJ",
    "アゼルバイジャン": "AZ",
    "アルメニア": "AM",
    "ジョージア": "GE",
    "インドネシア": "ID",
    "フィリピン": "PH",
    "バングラデシュ": "BD",
    "スリランカ": "LK",
    "ネパール": "NP",
    "サウディ・アラビア": "SA",
    "タンザニア": "TZ",
    "スロバキア": "SK",
    "エチオピア": "ET",
}

_JAPANESE = [k for k in _ALIASES if not k.isascii()]

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
    for alias in sorted(_JAPANESE, key=len, reverse=True):
        if text.startswith(alias):
            return _ALIASES[alias]
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
    code = _ALIASES.get(key)
    if code is None:
        try:
            code = str(pycountry.countries.lookup(text.strip()).alpha_2)
        except LookupError:
            return None
    return code, country_name(code)
