"""Names that name no one, and alias lists written as one name.

Lists put things in their name columns that are not names: the markers of an
alias list ("(a)", "b", "(ii)"), numbering ("1.", "2"), placeholders for a
name not known (不明 "unknown", "N/A", "none") and labels (自称 "self-styled",
旧称 "former name", "a.k.a."). Read as names they become match keys that
thousands of unrelated parties share: on all of ../shared/data, 90,644 of
99,357 review candidates rested on one. :func:`meaningless` says why a name is
not one; :func:`split_aliases` reads an alias list a cell holds whole
(Japan MOF's "(a.k.a.: (a)Abu Ismail (b)Abou Ismail el Jendoubi)") into its names,
and :func:`label_of` takes a label off the front of a name ("（旧称）リョンガクサン…",
a former name), so the label can be kept as a note.

>>> meaningless("(a)"), meaningless("不明"), meaningless("N/A"), meaningless("12.")
('list marker', 'placeholder', 'placeholder', 'numbering')
>>> meaningless("Korea Kwangson Banking Corp") is None, meaningless("FTB") is None
(True, True)
>>> split_aliases("(a.k.a.: (a)Abu Ismail (b)Abou Ismail, born 5 Feb. 1969 (formerly listed as))")
['Abu Ismail', 'Abou Ismail']
>>> label_of("（旧称）リョンガクサン・ジェネラル")
('former name', 'リョンガクサン・ジェネラル')
"""

from __future__ import annotations

import re

from sanctiongraph.graph.names import normalize_name

# Placeholders for a name, after normalisation (case, accents and punctuation folded:
# "N/A" is "n a", "a.k.a." is "a k a"). Words that say a name is missing or is a label,
# in the languages of the lists the project reads.
PLACEHOLDERS = frozenset(
    [
        "unknown", "not known", "name unknown", "unknown name", "n a", "na", "none", "nil",
        "not available", "not applicable", "unspecified", "not specified", "no name",
        "a k a", "aka", "f k a", "fka", "alias", "aliases", "also known as",
        "formerly known as", "formerly", "formerly listed as", "previously listed as",
        "不明", "不詳", "なし", "無し", "自称", "旧称", "別名", "別称", "通称", "未詳",
        "неизвестно", "нет", "미상", "불명",
    ]
)  # fmt: skip

# Labels lists write before a name, and what each says of the name.
LABELS = {
    "旧称": "former name",
    "自称": "self-styled",
    "別名": "alias",
    "別称": "alias",
    "通称": "alias",
    "a k a": "alias",
    "aka": "alias",
    "f k a": "former name",
    "fka": "former name",
    "formerly": "former name",
    "formerly known as": "former name",
    "formerly listed as": "former name",
    # MOF and the UN give a name in its own script this way: a name, the label no note.
    "original script": "original script",
}
_LABEL = re.compile(r"^\s*[(（\[]?\s*([^()（）\[\]:：]{1,24}?)\s*[)）\]:：]+\s*(.+)$", re.S)
_ROMAN = re.compile(r"^[ivxl]{1,5}$")
# "(a)", "(b)", … "(aa)" opening each name of an alias list; also "a)" and "i)".
_MARKER = re.compile(r"(?:^|\s|(?<=[^\w\s]))\(?\s*(?:[a-z]{1,2}|[ivx]{1,4})\s*\)\s*")
_AKA = re.compile(
    r"^\s*[(（]?\s*(?:a\.?\s?k\.?\s?a\.?|f\.?\s?k\.?\s?a\.?|also known as)\s*[:：]?\s*", re.I
)
# What follows a name in an alias list is not the name: a birth, a passport, a remark.
_TAIL = re.compile(
    r"\s*(?:,\s*(?:born|dob|d\.o\.b|passport|national|son of|daughter of)\b.*"
    r"|[(（]\s*(?:formerly|previously)\s+listed\s+as\s*[)）].*)$",
    re.I | re.S,
)


def meaningless(name: str | None) -> str | None:
    """Why ``name`` names no one ("list marker", "numbering", "placeholder"), or None."""
    norm = normalize_name(name)
    if not norm:
        return "empty"
    if norm in PLACEHOLDERS:
        return "placeholder"
    letters = [ch for ch in norm if ch.isalpha()]
    if not letters:
        return "numbering"
    if norm.isascii():
        compact = norm.replace(" ", "")
        if len(letters) <= 2 and len(compact) <= 3:
            # One or two Latin letters ("(a)", "b", "aa"): the marker of an alias list;
            # no list gives a party a name this short (acronyms have three letters).
            return "list marker"
        if _ROMAN.match(compact) and len(compact) <= 4 and len(compact) == len(norm):
            return "numbering"
    return None


def label_of(name: str) -> tuple[str | None, str]:
    """(what a leading label says of the name, the name without it); (None, name)
    when the name starts with no label."""
    m = _LABEL.match(name)
    if m:
        word = normalize_name(m.group(1)) or ""
        if word in LABELS and m.group(2).strip():
            return LABELS[word], m.group(2).strip(" )）")
    return None, name


def split_aliases(text: str) -> list[str]:
    """The names of an alias list written in one cell, or ``[text]`` when it is none.

    Only a cell that says it is one ("a.k.a.", "(a) … (b) …") is split: a name with a
    bracket of its own ("Korea Kwangson Banking Corp (KKBC)") stays whole.
    """
    m = _AKA.match(text)
    body = text[m.end() :] if m else text
    markers = list(_MARKER.finditer(body))
    if not m and len(markers) < 2:
        return [text]
    if m:
        body = body.strip()
        if body[-1:] in ")）" and body.count("(") + body.count("（") < (
            body.count(")") + body.count("）")
        ):
            body = body[:-1]  # the bracket the "(a.k.a.:" opened
    starts = [x.start() for x in markers]
    pieces = (
        [body[a:b] for a, b in zip([0, *starts], [*starts, len(body)], strict=True)]
        if starts
        else [body]
    )
    out = []
    for piece in pieces:
        piece = _MARKER.sub(" ", piece, count=1) if _MARKER.match(piece) else piece
        piece = _TAIL.sub("", piece).strip(" ,;　")
        if piece and meaningless(piece) is None:
            out.append(" ".join(piece.split()))
    return out
