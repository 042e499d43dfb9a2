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
import heapq
import itertools
import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import normality
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from sanctiongraph.graph.names import normalize_name

_WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 12
# At most this many entities matching every word are ranked (the first in the index's
# order): a word such as "bank" may begin the names of a tenth of a million entities.
MAX_SCORED = 1_000
MERGE_ABOVE = 100_000  # docs of a query word's candidates merged lazily beyond this


@dataclass(frozen=True, slots=True)
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
    # ASCII is its own transliteration (normality's ascii_text is a tenth of an index build).
    latin = text if text.isascii() else normality.ascii_text(text) or ""
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


def _fuzzy(word: str) -> bool:
    """Whether a word may match within edits: letters, not a number or a code such as
    ``t3837`` (one digit off is another identifier, not a misspelling)."""
    return not any(c.isdigit() for c in word)


@dataclass
class NameIndex:
    """``docs`` are kept best-first for a query that matches very many: fewest words in a
    name, then by name; postings are ascending positions, so in that order too."""

    docs: list[Doc]
    # per doc: (display name, its words) for every folded form of every name
    _names: list[list[tuple[str, list[str]]]] = field(default_factory=list, repr=False)
    _postings: dict[str, array[int]] = field(default_factory=dict, repr=False)
    _vocab: list[str] = field(default_factory=list, repr=False)
    # words that may match within edits, by length; their prefixes by length, lazily
    _by_length: dict[int, list[str]] = field(default_factory=dict, repr=False)
    _prefixes: dict[int, dict[str, list[str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        forms_of = [
            [(name, words) for name in dict.fromkeys((d.name, *d.aliases)) for words in fold(name)]
            for d in self.docs
        ]
        order = sorted(
            range(len(self.docs)),
            key=lambda i: (
                min((len(w) for _, w in forms_of[i]), default=99),
                self.docs[i].name,
                self.docs[i].id,
            ),
        )
        self.docs = [self.docs[i] for i in order]
        self._names = [forms_of[i] for i in order]
        postings = self._postings
        for i, forms in enumerate(self._names):
            for _, words in forms:
                for k, w in enumerate(words):
                    # One string per distinct word, however many names use it.
                    w = words[k] = sys.intern(w)
                    got = postings.get(w)
                    if got is None:
                        postings[w] = array("i", (i,))
                    elif got[-1] != i:
                        got.append(i)
        self._vocab = sorted(postings)
        for w in self._vocab:
            if _allowed_edits(w) and _fuzzy(w):
                self._by_length.setdefault(len(w), []).append(w)

    def __len__(self) -> int:
        return len(self.docs)

    def _prefixes_of(self, n: int) -> dict[str, list[str]]:
        """The first ``n`` letters of the longer fuzzy words, and the words they begin."""
        if n not in self._prefixes:
            table: dict[str, list[str]] = {}
            for length, words in self._by_length.items():
                if length > n:
                    for w in words:
                        table.setdefault(w[:n], []).append(w)
            self._prefixes[n] = table
        return self._prefixes[n]

    def _candidates(self, word: str) -> dict[str, float]:
        """Index words close to a query word, each with how closely (1 exact)."""
        out: dict[str, float] = {}
        vocab = self._vocab  # indexed, not sliced: a slice would copy the rest of it
        for j in range(bisect.bisect_left(vocab, word), len(vocab)):
            w = vocab[j]
            if not w.startswith(word):
                break
            out[w] = 1.0 if w == word else 0.8 + 0.15 * len(word) / len(w)
        edits = _allowed_edits(word)
        if not edits or not _fuzzy(word):
            return out
        # Within edits, compared in rapidfuzz's C loops, only among words of a length
        # that can be that close.
        for length in range(len(word) - edits, len(word) + edits + 1):
            words = self._by_length.get(length, [])
            for w, d, _ in process.extract(
                word, words, scorer=Levenshtein.distance, score_cutoff=edits, limit=None
            ):
                if w not in out:
                    out[w] = 0.75 - 0.1 * d
        # A prefix typed with a typo: "kwangsn" for "kwangson..."
        table = self._prefixes_of(len(word))
        for p, d, _ in process.extract(
            word, list(table), scorer=Levenshtein.distance, score_cutoff=edits, limit=None
        ):
            for w in table[p]:
                if w not in out:
                    out[w] = 0.6 - 0.1 * d
        return out

    def _reaches(self, i: int, close: dict[str, float]) -> bool:
        return any(w in close for _, words in self._names[i] for w in words)

    def _matching(self, close: list[dict[str, float]], allowed: set[int] | None) -> list[int]:
        """Positions of the docs with a word close to every query word, best-first, at
        most ``MAX_SCORED``: walked from the query word that reaches fewest docs."""
        sizes = [sum(len(self._postings[w]) for w in c) for c in close]
        seed = min(range(len(close)), key=sizes.__getitem__)
        rest = [c for j, c in enumerate(close) if j != seed]
        lists = [self._postings[w] for w in close[seed]]
        walk: Iterable[int]
        if len(lists) == 1:
            walk = lists[0]
        elif sizes[seed] <= MERGE_ABOVE:
            walk = sorted(set().union(*lists))
        else:
            walk = (i for i, _ in itertools.groupby(heapq.merge(*lists)))
        found: list[int] = []
        for i in walk:
            if allowed is not None and i not in allowed:
                continue
            if all(self._reaches(i, c) for c in rest):
                found.append(i)
                if len(found) >= MAX_SCORED:
                    break
        return found

    def search(
        self,
        text: str,
        limit: int = 20,
        keep: Iterable[int] | None = None,
    ) -> list[Hit]:
        """Entities whose names match every word of ``text``, best first.

        ``keep`` restricts to these document positions (filters applied first). When
        more than ``MAX_SCORED`` entities match, the first of them in the index's order
        (shortest names) are ranked."""
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
            if not all(close):
                continue
            for i in self._matching(close, allowed):
                score, matched = self._score(i, qwords, close)
                if score > best.get(i, (0.0, ""))[0]:
                    best[i] = (score, matched)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], self.docs[kv[0]].name))
        return [Hit(self.docs[i], round(s, 3), m) for i, (s, m) in ranked[:limit]]

    def _score(self, i: int, qwords: list[str], close: list[dict[str, float]]) -> tuple[float, str]:
        top, top_name = 0.0, self.docs[i].name
        for name, words in self._names[i]:
            total = 0.0
            for c in close:  # plain loops: this runs for up to MAX_SCORED docs a query
                most = 0.0
                for w in words:
                    v = c.get(w)
                    if v is not None and v > most:
                        most = v
                total += most
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
