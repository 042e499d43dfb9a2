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
        # MOF's notes in its alias cells: "name listed before", "how it was listed before".
        "以前掲載の氏名", "以前の氏名", "以前のリスト記載ぶり",
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
_MARKER = re.compile(
    r"(?:^|\s|(?<=[^\w\s])|(?<=[\u3040-\u30ff\u4e00-\u9fff]))"
    r"[(（]?\s*(?:[a-zａ-ｚ]{1,2}|[ivx]{1,4})\s*[)）]\s*"
)
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
    """Why ``name`` names no one ("list marker", "numbering", "placeholder",
    "annotation"), or None."""
    norm = normalize_name(name)
    if not norm:
        return "empty"
    # "別名2" (alias 2), "alias 1": a numbered label is the label.
    if norm in PLACEHOLDERS or norm.rstrip("0123456789 ") in PLACEHOLDERS:
        return "placeholder"
    if name and _NOTE.search(name) and _NOTE.sub("", name).strip(" ()（）・,、") == "":
        return "annotation"
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


# What MOF writes inside a name to say something of it, not part of it: the language
# a name is given in ("【アラビア語】", "（【ロシア語】）"), that it is the name listed
# before ("(以前掲載の氏名)", "（アラビア語による以前のリスト記載ぶり…）",
# "(formerly listed as)") and where and when the person was born
# ("（1970年2月5日チュニジア国チュニスにて出生）"). Read as part of the name they
# become words two unrelated people share: on all shared files 10 review candidates
# rested on "以前掲載の氏名", "ロシア語" or "別名2" alone.
_LANGUAGE = r"[^\s()（）【】]{1,10}語(?:表記)?"
_NOTE = re.compile(
    r"【" + _LANGUAGE + r"】"
    r"|[(（]\s*(?:【?" + _LANGUAGE + r"】?"
    r"|[^()（）]*(?:以前掲載|以前の(?:リスト|氏名)|記載ぶり|出生|生年月日)[^()（）]*"
    r"|(?:formerly|previously)\s+listed\s+as\.?[^()（）]*)\s*[)）]",
    re.I,
)
_FORMER = re.compile(r"以前|formerly|previously", re.I)
# "ファビオ・フスコ、１９６８年５月２５日にイタリアのナポリにて出生": a name, then where
# and when the person was born; and a bracket the cell's end cut off ("(formerly listed").
_BIRTH_TAIL = re.compile(r"\s*[、,，]\s*[^、,，]*(?:出生|生まれ).*$", re.S)
_OPEN_TAIL = re.compile(r"\s*[(（][^()（）]*$")
# Names a cell lists with the Japanese comma ("ヤーセル・…、ヤーセル・…") or joined by
# "a.k.a." ("Arzamassky …, a.k.a. Arzamas …"). A Latin comma alone is not split: it
# also writes "Surname, Given".
_AKA_JOIN = re.compile(r"\s*[,;，]?\s*\b(?:a\.k\.a\.?|f\.k\.a\.?|also known as)\s*:?\s*", re.I)


def without_notes(name: str) -> tuple[str | None, str]:
    """(what the notes inside ``name`` say of it, the name without them).

    >>> without_notes("アレフラー・アレフ(以前掲載の氏名)")
    ('former name', 'アレフラー・アレフ')
    >>> without_notes("（a）アブ・バナット（【ロシア語】）")
    (None, '（a）アブ・バナット')
    >>> without_notes("Korea Kwangson Banking Corp (KKBC)")
    (None, 'Korea Kwangson Banking Corp (KKBC)')
    """
    label = None
    name = _BIRTH_TAIL.sub("", name)
    found = _NOTE.findall(name) if "(" in name or "（" in name or "【" in name else []
    if found:
        if any(_FORMER.search(f) for f in found):
            label = "former name"
        name = " ".join(_NOTE.sub(" ", name).split())
    return label, _OPEN_TAIL.sub("", name).rstrip(" (（")


def split_joined(text: str) -> list[str]:
    """The names of a cell that joins them with "、" or ", a.k.a." (each piece kept
    only when it is a name of its own: more than one word).

    >>> split_joined("ヤーセル・サバーウィー、ヤシル・サバウィ")
    ['ヤーセル・サバーウィー', 'ヤシル・サバウィ']
    >>> split_joined("Arzamassky Priborostroitelny Zavod, a.k.a. Arzamas Instrument Plant")
    ['Arzamassky Priborostroitelny Zavod', 'Arzamas Instrument Plant']
    >>> split_joined("VSC, a.k.a. OOO VSK")
    ['VSC', 'OOO VSK']
    >>> split_joined("Majeed, Abdul")
    ['Majeed, Abdul']
    """
    pieces = [p.strip(" ,;，") for p in _AKA_JOIN.split(text) if p.strip(" ,;，")]
    if len(pieces) > 1:
        return pieces
    pieces = [p.strip() for p in text.split("、") if p.strip()]
    if len(pieces) > 1 and all(len(re.split(r"[\s・]+", p)) > 1 for p in pieces):
        return pieces
    return [text]


def label_of(name: str) -> tuple[str | None, str]:
    """(what a leading label says of the name, the name without it); (None, name)
    when the name starts with no label."""
    m = _LABEL.match(name)
    if m:
        # "（別名2）": a numbered label is the label.
        word = (normalize_name(m.group(1)) or "").rstrip("0123456789 ")
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
        if markers and markers[0].start() == 0 and body[markers[0].end() :].strip():
            # One name of a list whose other names sit in another cell: "(a)カラド…".
            return [body[markers[0].end() :].strip()]
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
