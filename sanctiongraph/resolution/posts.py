"""A person's posts, and the organisation two posts name in common.

Lists say where a person works in free text: the UN's DESIGNATION ("Director of the
National Aerospace Development Administration"), OFAC's title ("Director, National
Aerospace Development Administration"), the UK's Position. Two records with the same
name whose posts name the same body describe one official, where a birth date or a
nationality one list gives and the other does not could not say so (UN KPi.028 YU
CHOL U gives a nationality, OFAC 19488 a birth date).

What two posts share is read as the longest run of words both hold, stripped of
joining words at its ends (each post of a text on its own, memberships aside: a body
has many members). It names an organisation only when two of its words are neither
joining words nor words of rank ("director", "official", "deputy"), and one of those
is no word of a business's kind ("bank", "national") and no country ("in Syria"): the
caller says which words those are (the scorer: ``evidence.GENERIC`` and countries; this
module imports nothing of the evidence it serves). "Tanchon Commercial Bank" counts
("tanchon"); "Deputy Minister", "Commercial Bank" do not. Posts whose numbers differ
are two posts (a court's branch 15 and branch 28).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from normality import normalize

# Words that join the words of a name or a post, and words of rank or role: they
# say what a person is, not where.
_JOINING = frozenset(
    ["of", "the", "and", "for", "to", "in", "at", "on", "a", "an", "with", "by", "from", "s"]
)
_RANK = frozenset([
    "director", "directors", "deputy", "head", "chief", "official", "officials", "officer",
    "representative", "representatives", "member", "members", "president", "vice", "chairman",
    "chairwoman", "chair", "secretary", "general", "manager", "managing", "commander",
    "minister", "governor", "former", "senior", "acting", "first", "second", "third",
    "assistant", "executive", "adviser", "advisor", "leader", "agent", "employee", "staff",
    "owner", "founder", "co", "board", "junior", "principal", "lieutenant", "colonel", "major",
    "captain",
])  # fmt: skip


# Where a list's text holds several posts: "…Supreme Leader; Member of …", "(1) Deputy
# Minister for Home Affairs (2) Chief of Police".
_CLAUSES = re.compile(r";|\(\d+\)")
# Membership of a body is no post in it: a group or a force has many members, and two
# of one common name may both be in it ("Member of the Islamic Revolutionary Guard Corps").
_MEMBERSHIP = frozenset(["member", "members"])


def post_keys(text: str) -> list[str]:
    """Each post a text holds, as lowercase ASCII words (punctuation and case aside);
    memberships left out.

    >>> post_keys("Director, National Aerospace Development Administration")
    ['director national aerospace development administration']
    >>> post_keys("Security Deputy of Supreme Leader; Member of the Leader's Planning Chamber")
    ['security deputy of supreme leader']
    """
    out = []
    for clause in _CLAUSES.split(text):
        key = normalize(clause, lowercase=True, ascii=True) or ""
        if key and not _MEMBERSHIP & set(key.split()):
            out.append(key)
    return out


def shared_post(a: Iterable[str], b: Iterable[str], common: Callable[[str], bool]) -> str | None:
    """The organisation two sets of post keys both name, or None; ``common(word)``: the
    word says a kind of business or a country, not which body.

    >>> common = {"commercial", "bank", "national", "development", "syria"}.__contains__
    >>> shared_post(["tanchon commercial bank tcb official"],
    ...             ["tanchon commercial bank representative to beijing china"], common)
    'tanchon commercial bank'
    >>> shared_post(["director of the national aerospace development administration"],
    ...             ["director national aerospace development administration"], common)
    'national aerospace development administration'
    >>> shared_post(["deputy minister of defence"], ["deputy minister of finance"], common) is None
    True
    >>> shared_post(["komid official in syria"], ["komid representative in syria"], common) is None
    True
    >>> shared_post(["judge head of tehran revolutionary court branch 15"],
    ...             ["judge head of tehran revolutionary court branch 28"], common) is None
    True
    """
    best: str | None = None
    others = tuple(b)
    for x in a:
        for y in others:
            nx, ny = _numbers(x), _numbers(y)
            if nx and ny and not nx & ny:
                continue  # one court's branch 15 and branch 28: two posts
            run = _longest_run(x, y)
            if (
                run is not None
                and _names_a_body(run, common)
                and (best is None or len(run) > len(best))
            ):
                best = run
    return best


@lru_cache(maxsize=16384)
def _longest_run(x: str, y: str) -> str | None:
    """The longest run of whole words in both ``x`` and ``y``, joining words at its
    ends dropped."""
    u, v = x.split(), y.split()
    if not u or not v:
        return None
    # The classic longest-common-substring table, over words: posts are a few words.
    best, end = 0, 0
    prev = [0] * (len(v) + 1)
    for i in range(1, len(u) + 1):
        cur = [0] * (len(v) + 1)
        for j in range(1, len(v) + 1):
            if u[i - 1] == v[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best, end = cur[j], i
        prev = cur
    words = u[end - best : end]
    while words and words[0] in _JOINING:
        words = words[1:]
    while words and words[-1] in _JOINING:
        words = words[:-1]
    return " ".join(words) or None


def _numbers(post: str) -> frozenset[str]:
    return frozenset(w for w in post.split() if w.isdigit())


def _names_a_body(run: str, common: Callable[[str], bool]) -> bool:
    content = [w for w in run.split() if w not in _JOINING and w not in _RANK]
    if len(content) < 2:
        return False
    return any(len(w) > 2 and not common(w) for w in content)
