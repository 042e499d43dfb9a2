"""Name normalisation for look-ups and matching.

normality folds case, accents and punctuation the way the FollowTheMoney
tools do; we keep scripts as they are (no transliteration) so that Korean
and Japanese names stay matchable against themselves.

>>> normalize_name("  Korea  Computer-Center ")
'korea computer center'
>>> normalize_name("Ünïcode Bank") == normalize_name("unicode bank")
True
>>> normalize_name("   ") is None
True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import normality
from normality.cleaning import category_replace

# What normality does to each ASCII character (kept, a space, or dropped), taken from
# normality itself so the two cannot drift apart. ASCII text needs no Unicode
# decomposition or composition, so for it normalising is one translate and one split:
# a sixth of the cost, paid for every name of every record of every load.
_ASCII = str.maketrans({chr(c): category_replace(chr(c)) for c in range(128)})


def normalize_name(value: object) -> str | None:
    if value is None:
        return None
    if type(value) is str and value.isascii():
        # normality: strip, lower case, characters by category, spaces collapsed.
        return " ".join(value.lower().translate(_ASCII).split()) or None
    text = normality.normalize(str(value), lowercase=True, collapse=True)
    if not text:
        return None
    # normality decomposes (NFKD); recompose so Hangul stays syllables.
    return unicodedata.normalize("NFC", text)


def match_names(values: Iterable[object]) -> list[str]:
    """Sorted, de-duplicated normalised forms of ``values``."""
    out = {n for v in values if (n := normalize_name(v))}
    return sorted(out)
