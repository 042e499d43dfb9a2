"""Turn what a user types (a name, an alias, a code, a key) into a node key.

Matching is case- and accent-insensitive through the ``match_names`` every
node carries; a name that matches nothing is answered with the closest
names, a name that matches several nodes with their keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctiongraph.graph.names import normalize_name

if TYPE_CHECKING:
    from sanctiongraph.graph.store import Store


class NotFound(LookupError):
    """No node of the wanted label has that name."""


class Ambiguous(LookupError):
    """Several nodes share that name; the user must give a key."""


def resolve(store: Store, label: str, text: str) -> str:
    text = text.strip()
    if not text:
        raise NotFound(f"an empty {label} name matches nothing")
    hits = store.lookup(label, text, normalize_name(text))
    exact = [h for h in hits if h["id"] == text]
    if exact:
        return str(exact[0]["id"])
    ids = sorted({str(h["id"]) for h in hits})
    if len(ids) == 1:
        return ids[0]
    if ids:
        listed = "; ".join(f"{h['name']} ({h['id']})" for h in sorted(hits, key=lambda h: h["id"]))
        raise Ambiguous(f"{text!r} names {len(ids)} {label} nodes: {listed}. Give a key instead.")
    raise NotFound(_suggest(store, label, text))


# How alike a suggestion must be (0-100, rapidfuzz): the whole name nearly the same (a typo,
# "Korea Computr Centre"), or every word typed one of its words ("Tangun", "Kim Jong").
# Below it, names that share a few letters ("Ali" in KHALIL) are no help and are not offered.
CLOSE = 82


def _suggest(store: Store, label: str, text: str) -> str:
    from rapidfuzz import fuzz, process

    wanted = _typed(text)
    by_norm: dict[str, str] = {}
    for row in store.names(label):
        shown = str(row.get("name") or row["id"])
        for n in row.get("match_names") or []:
            by_norm.setdefault(n, shown)
    scores: dict[str, float] = {}
    if wanted:
        for scorer in (fuzz.ratio, fuzz.token_set_ratio):
            for n, score, _ in process.extract(
                wanted, list(by_norm), scorer=scorer, score_cutoff=CLOSE, limit=50
            ):
                scores[n] = max(score, scores.get(n, 0.0))
    seen: list[str] = []
    for n in sorted(scores, key=lambda n: (-scores[n], -fuzz.ratio(wanted, n), n)):
        if by_norm[n] not in seen:
            seen.append(by_norm[n])
    hint = f" Did you mean: {', '.join(seen[:5])}?" if seen else ""
    return f"no {label} named {text!r}.{hint}"


def _typed(text: str) -> str:
    """What to compare names with: a key's readable part ("entity:korea-kwangson-bank" is
    "korea kwangson bank"), else the text, normalised as names are."""
    from sanctiongraph.graph.records import SchemaError, label_of

    try:
        label_of(text)
    except SchemaError:
        return normalize_name(text) or text.lower()
    slug = text.split(":", 1)[1].replace("-", " ")
    return normalize_name(slug) or slug.lower()
