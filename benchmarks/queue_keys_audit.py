"""An independent check of the review queue's name keys (issue 18, target: no
candidate rests only on a one- or two-letter key or a placeholder).

    sanctiongraph matches --format csv --limit 0 > queue.csv
    python benchmarks/queue_keys_audit.py queue.csv

Reads every row's ``why``, takes each name key it cites (``same name '…'``,
``close names '…' ~ '…'``, ``N names in common (…)``) and flags a key that is
short (two letters or fewer once punctuation and spaces are gone), a list
marker or numbering ("(a)", "ii", "3."), or a placeholder (不明, 自称, 旧称,
unknown, N/A, a.k.a., none …) or a column label read as a name (別名2,
ロシア語, 以前掲載の氏名: added after a first run found them). Also counts person
rows resting on a single word only (a given name such as "alexander"). The
placeholder list here is the reviewer's own, not the package's, so the check
does not grade the code against itself.
Prints rows whose every cited name key is flagged, then rows citing any
flagged key, then the shortest keys seen.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata

PLACEHOLDERS = {
    "不明", "自称", "旧称", "別名", "不詳", "なし", "unknown", "n/a", "na", "none", "nil",
    "aka", "a.k.a.", "a.k.a", "fka", "f.k.a.", "nka", "also known as", "formerly known as",
    "not known", "unk", "-", "--", "?", "x", "tbd", "other", "etc",
}  # fmt: skip
# Column labels read as names: "別名2" (alias 2), "ロシア語" (Russian language),
# "以前掲載の氏名" (name listed before).
LABELS = re.compile(
    r"^(?:別名|別称|旧称|称号|原語|現地語|以前掲載の氏名|ロシア語|英語|アラビア語|ペルシャ語|中国語|朝鮮語)\d*$"
)
ROMAN = re.compile(r"^(?:[ivxlc]+)$", re.I)
QUOTED = re.compile(r"'([^']*)'")


def flagged(key: str) -> str | None:
    k = unicodedata.normalize("NFKC", key).strip().lower()
    letters = "".join(ch for ch in k if ch.isalnum())
    if k in PLACEHOLDERS or letters in PLACEHOLDERS:
        return "placeholder"
    if LABELS.match(letters) or ("以前" in k and ("記載" in k or "掲載" in k)):
        return "column label read as a name"
    marker = re.fullmatch(r"[\(\[]?[a-z0-9]{1,3}[\)\].:]?", k)
    if marker and (len(letters) <= 2 or ROMAN.match(letters)):
        return "list marker or numbering"
    if len(letters) <= 2:
        return "one or two letters"
    if letters.isdigit():
        return "numbering"
    return None


def keys(why: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r" \| |; ", why):
        part = part.strip()
        if part.startswith(("same name", "close names")) or "matched both (same name" in part:
            out += QUOTED.findall(part)
        m = re.search(r"names in common \((.*)\)", part)
        if m:
            out += [s.strip() for s in m.group(1).split(",")]
    return out


def main(path: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    only, any_bad, lengths = [], [], []
    for r in rows:
        ks = keys(r["why"])
        bad = [(k, flagged(k)) for k in ks if flagged(k)]
        lengths += [(len("".join(c for c in k if c.isalnum())), k) for k in ks]
        if bad:
            any_bad.append((r, bad))
            if len(bad) == len(ks):
                only.append((r, bad))
    no_key = sum(1 for r in rows if not keys(r["why"]))
    print(f"rows: {len(rows)}; rows citing no name key: {no_key}")
    print(f"rows whose every name key is short/marker/placeholder: {len(only)}")
    for r, bad in only:
        print("  ONLY", r["entity"], "|", r["other_entity"], bad, r["evidence"])
    print(f"rows citing any such key: {len(any_bad)}")
    for r, bad in any_bad:
        print("  ANY", r["entity"], "|", r["other_entity"], bad)
    print("shortest keys:", sorted(set(lengths))[:15])
    # Persons matched on one word only (a given name, a kunya's half): no marker, but thin.
    single = [r for r in rows if r["kind"] == "person" and keys(r["why"])
              and all(" " not in k.strip() for k in keys(r["why"]))]  # fmt: skip
    print(f"person rows whose every name key is one word: {len(single)}")
    # ... of which both sides' names have several words: the key is a part of a name.
    part = [r for r in single if len(r["name"].split()) > 1 and len(r["other_name"].split()) > 1]
    print(
        f"  of which both sides are multi-word names (a given name or a part as the key): "
        f"{len(part)}"
    )
    for r in single:
        print("  ONE-WORD", r["name"], "|", r["other_name"], keys(r["why"])[:3])


if __name__ == "__main__":
    main(sys.argv[1])
