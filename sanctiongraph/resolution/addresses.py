"""Addresses as match evidence: an organisation's street address, compared by rigour.

Lists write one office many ways ("FTB Building, Jungsong-dong, Central District,
Pyongyang, Democratic People's Republic of Korea" / "…, Pyongyang, Korea, North";
"50 Years of the Komsomola St., 8A, Arzamas, …, 607220, Russia" / "607220, russian
federation, …, Arzamas, st. 50 years of the VLKSM, 8-a"). rigour.addresses reads
keywords, numbers and territory names in any of those forms; what is ours is which
addresses say enough to count: a city, a district or a country is shared by
thousands of parties, so only an address that holds more than its city does.

>>> street_level("Central District, Pyongyang, Democratic People's Republic of Korea", "Pyongyang")
False
>>> street_level("FTB Building, Jungsong-dong, Central District, Pyongyang", "Pyongyang")
True
>>> street_level("607220 Arzamas, Russia", "Arzamas"), street_level("Tehran, Iran", None)
(False, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

# How alike two street addresses must be to be one place (rigour's score: the share
# of aligned tokens, numbers matched exactly). The Arzamas plant's two spellings, its
# street named once "Komsomol" and once "VLKSM", score 0.86.
SAME_ADDRESS = 0.85


@lru_cache(maxsize=65536)
def fingerprint(text: str) -> str | None:
    """rigour's canonical key of an address (keywords shortened, territories coded)."""
    from rigour.addresses import address_fingerprint

    return address_fingerprint(text) or None


@lru_cache(maxsize=65536)
def street_level(text: str, city: str | None) -> bool:
    """Whether an address says more than its city, district and country: beyond the
    city's words, territory codes and two-letter keywords, at least two tokens, one
    of them a number or a word of five letters or more ("FTB Building, Jungsong-dong")."""
    key = fingerprint(text)
    if not key:
        return False
    drop = set((fingerprint(city) or "").split()) if city else set()
    rest = [t for t in key.split() if t not in drop and "-" not in t and len(t) > 2]
    return len(rest) >= 2 and any(any(c.isdigit() for c in t) or len(t) >= 5 for t in rest)


def same_address(a: Iterable[str], b: Iterable[str]) -> tuple[str, str, float] | None:
    """The best-matching pair of two sets of street addresses, when they are one place
    (:data:`SAME_ADDRESS`): (a's, b's, score)."""
    from rigour.addresses import match_addresses

    qa, qb = sorted(a), sorted(b)
    if not qa or not qb:
        return None
    found = match_addresses(qa, qb)
    if found is None or found.score < SAME_ADDRESS:
        return None
    return found.query, found.result, float(found.score)
