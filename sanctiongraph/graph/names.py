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
>>> normalize_name("Kor\u200bea Com\u200dputer Center")
'korea computer center'
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


# Characters that show as nothing: zero-width space, non-joiner and joiner, word joiner,
# the byte-order mark (a zero-width no-break space) and the soft hyphen. A name that hides
# them between its letters is the name it shows: they are removed before matching (here,
# whatever normality's tables do with them), and kept in the name that is stored.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))


def visible(text: str) -> str:
    """``text`` without the characters that show as nothing (:data:`INVISIBLE`).

    >>> visible("Korea\u200d Computer\u200b Cen\u00adter")
    'Korea Computer Center'
    """
    return text if text.isascii() else text.translate(_INVISIBLE)


def normalize_name(value: object) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        value = visible(value)
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
