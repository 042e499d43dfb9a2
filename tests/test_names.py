import random
import unicodedata

import normality

from sanctiongraph.graph.names import match_names, normalize_name


def _normality(value: str) -> str | None:
    """The reference: normality's own pipeline, which the ASCII fast path must equal."""
    text = normality.normalize(value, lowercase=True, collapse=True)
    return unicodedata.normalize("NFC", text) if text else None


def test_ascii_fast_path_equals_normality_for_every_character_pair() -> None:
    for a in range(128):
        for b in range(128):
            text = f"{chr(a)}Ab {chr(b)}-9{chr(a)}"
            assert normalize_name(text) == _normality(text), repr(text)


def test_ascii_fast_path_equals_normality_on_random_text() -> None:
    rnd = random.Random(3)
    alphabet = [chr(c) for c in range(128)] + list("  \t\n$^`_-.,")
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(16)))
        assert normalize_name(text) == _normality(text), repr(text)


def test_other_text_still_goes_through_normality() -> None:
    assert normalize_name("Ünïcode  Bank") == "unicode bank"
    assert normalize_name("조선  광업") == "조선 광업"
    assert normalize_name("\u3000 ") is None
    assert normalize_name(12) == "12"
    assert match_names(["B. Bank", "b bank", " ", None]) == ["b bank"]
