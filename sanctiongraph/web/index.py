"""The explorer's name index: word-prefix and fuzzy search over entities' names.

Every name and alias is folded twice: to Latin letters (``normality.ascii_text``
transliterates Hangul, kana, kanji and Cyrillic, and drops accents), and as the
store folds it (case and accents, the script kept), so ``joseon`` finds
``조선컴퓨터센터``, ``koria`` finds ``コリア・コンピューター・センター`` and the Korean
query finds the Korean name. A query's words each match a name's word exactly,
as its prefix, or within a few edits; results are ranked by how closely.

>>> kcc = Doc("entity:a", "Korea Computer Center", "organization", ("조선컴퓨터센터",))
>>> idx = NameIndex([kcc, Doc("entity:b", "Korea Kwangson Bank", "organization")])
>>> [h.doc.id for h in idx.search("korea comp")]
['entity:a']
>>> [h.doc.id for h in idx.search("Joseon")]
['entity:a']
>>> [h.doc.id for h in idx.search("kwangsong bank")]
['entity:b']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import normality
from rigour.text.distance import levenshtein

from sanctiongraph.graph.names import normalize_name

_WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 12


@dataclass(frozen=True)
class Doc:
    id: str
    name: str
    kind: str | None
    aliases: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()  # Authority ids
    countries: tuple[str, ...] = ()  # Country ids (seat, offices, nationality)


@dataclass(frozen=True)
class Hit:
    doc: Doc
    score: float
    matched: str  # the name or alias that matched best


def fold(text: str) -> list[list[str]]:
    """The word lists a text is indexed (and searched) under: Latin, and its own script."""
    forms: list[list[str]] = []
    latin = normality.ascii_text(text) or ""
    words = [w for w in _WORD.findall(latin.lower()) if w]
    if words:
        forms.append(words)
    native = normalize_name(text)
    if native:
        own = [w for w in _WORD.findall(native) if w]
        if own and own != words:
            forms.append(own)
    return forms


def _allowed_edits(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 6 else 2


@dataclass
class NameIndex:
    docs: list[Doc]
    # per doc: (display name, its words) for every folded form of every name
    _names: list[list[tuple[str, list[str]]]] = field(default_factory=list, repr=False)
    _postings: dict[str, set[int]] = field(default_factory=dict, repr=False)
    _vocab: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for i, doc in enumerate(self.docs):
            forms: list[tuple[str, list[str]]] = []
            for name in dict.fromkeys((doc.name, *doc.aliases)):
                for words in fold(name):
                    forms.append((name, words))
                    for w in words:
                        self._postings.setdefault(w, set()).add(i)
            self._names.append(forms)
        self._vocab = sorted(self._postings)

    def __len__(self) -> int:
        return len(self.docs)

    def _candidates(self, word: str) -> dict[str, float]:
        """Index words close to a query word, each with how closely (1 exact)."""
        out: dict[str, float] = {}
        start = bisect.bisect_left(self._vocab, word)
        for w in self._vocab[start:]:
            if not w.startswith(word):
                break
            out[w] = 1.0 if w == word else 0.8 + 0.15 * len(word) / len(w)
        edits = _allowed_edits(word)
        if edits:
            for w in self._vocab:
                if w in out or abs(len(w) - len(word)) > edits:
                    continue
                d = levenshtein(word, w, max_edits=edits)
                if d <= edits:
                    out[w] = 0.75 - 0.1 * d
                # A prefix typed with a typo: "kwangsn" for "kwangson..."
            for w in self._vocab:
                if w in out or len(w) <= len(word):
                    continue
                d = levenshtein(word, w[: len(word)], max_edits=edits)
                if d <= edits:
                    out[w] = 0.6 - 0.1 * d
        return out

    def search(
        self,
        text: str,
        limit: int = 20,
        keep: Iterable[int] | None = None,
    ) -> list[Hit]:
        """Entities whose names match every word of ``text``, best first.

        ``keep`` restricts to these document positions (filters applied first)."""
        queries = fold(text)
        if not queries:
            return []
        # Korean and Japanese names are often written without spaces: the query's words
        # run together may begin one word of the name.
        queries += [["".join(words)] for words in queries if len(words) > 1]
        allowed = set(keep) if keep is not None else None
        best: dict[int, tuple[float, str]] = {}
        for qwords in queries:
            qwords = qwords[:MAX_QUERY_WORDS]
            close = [self._candidates(w) for w in qwords]
            found: set[int] | None = None
            for c in close:
                docs = set().union(*(self._postings[w] for w in c)) if c else set()
                found = docs if found is None else found & docs
            for i in found or ():
                if allowed is not None and i not in allowed:
                    continue
                score, matched = self._score(i, qwords, close)
                if score > best.get(i, (0.0, ""))[0]:
                    best[i] = (score, matched)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], self.docs[kv[0]].name))
        return [Hit(self.docs[i], round(s, 3), m) for i, (s, m) in ranked[:limit]]

    def _score(self, i: int, qwords: list[str], close: list[dict[str, float]]) -> tuple[float, str]:
        top, top_name = 0.0, self.docs[i].name
        for name, words in self._names[i]:
            total = 0.0
            for c in close:
                total += max((c.get(w, 0.0) for w in words), default=0.0)
            score = total / len(qwords)
            if score <= 0:
                continue
            # Whole-name closeness: words in order from the start, and few words left over.
            if words[: len(qwords)] == qwords:
                score += 0.1
            score += 0.1 * len(qwords) / max(len(words), len(qwords))
            if score > top:
                top, top_name = score, name
        return top, top_name
