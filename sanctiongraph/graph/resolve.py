"""Turn what a user types (a name, an alias, a code, a key) into a node key.

Matching is case- and accent-insensitive through the ``match_names`` every
node carries; a name that matches nothing is answered with the closest
names, a name that matches several nodes with their keys.
"""

from __future__ import annotations

import difflib
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


def _suggest(store: Store, label: str, text: str) -> str:
    wanted = normalize_name(text) or text.lower()
    by_norm: dict[str, str] = {}
    for row in store.names(label):
        shown = str(row.get("name") or row["id"])
        for n in row.get("match_names") or []:
            by_norm.setdefault(n, shown)
    close = difflib.get_close_matches(wanted, list(by_norm), n=5, cutoff=0.5)
    # Substring hits catch a partial name ("computer") that ratio-matching misses.
    close += [n for n in sorted(by_norm) if wanted in n and n not in close][: 5 - len(close)]
    seen: list[str] = []
    for n in close:
        if by_norm[n] not in seen:
            seen.append(by_norm[n])
    hint = f" Did you mean: {', '.join(seen)}?" if seen else ""
    return f"no {label} named {text!r}.{hint}"
