"""Does each loader's time grow linearly with its input? Doubles each input and
prints the time ratios.

    python benchmarks/loader_scaling.py [--records 1000] [--doublings 2]

Inputs are synthetic, built from the committed fixtures (tests/fixtures/lists):
each fixture's records are repeated with new ids, new identifiers and a word of
their own added to every name, so that copies are new parties, as in a longer
list. Formats without a committed fixture (FollowTheMoney, OpenSanctions
targets, the EU journal CSV) are written from the targets of the UN and EU
fixtures. One more input repeats rows that share one UK Group ID (one target
with ever more aliases), the case that was quadratic. Each size loads in a
process of its own into an empty embedded store, timed in CPU seconds (the
wall clock of a shared machine measures the other processes too); a ratio near
2 per doubling is linear, near 4 quadratic.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from copy import deepcopy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402 - after the path

from sanctiongraph.loaders.sheets import iter_rows  # noqa: E402
from sanctiongraph.settings import INPUT_LIMITS, Limits  # noqa: E402
from tests.support.xlsx import write_xlsx  # noqa: E402

LISTS = ROOT / "tests" / "fixtures" / "lists"


def word(i: int) -> str:
    """A made-up word of its own per copy: 0 → 'Babab', 1 → 'Babac' …"""
    consonants, vowels = "BCDFGHKLMNPRSTVZ", "AEIOU"
    out = ""
    for k in range(5):
        base = len(vowels) if k % 2 else len(consonants)
        i, r = divmod(i, base)
        out = (vowels if k % 2 else consonants)[r] + out
    return out.capitalize()


def _shift_digits(text: str, i: int) -> str:
    """Identifiers of copy ``i``: every run of 5+ digits shifted, keeping its width."""
    return re.sub(
        r"\d{5,}",
        lambda m: f"{(int(m.group()) + 7919 * i) % 10 ** len(m.group()):0{len(m.group())}d}",
        text,
    )


def _codes(text: str, i: int) -> str:
    """SWIFT/BIC codes of copy ``i``: the bank code (four letters) made its own."""
    w = word(i).upper()[:4]
    return re.sub(r"(SWIFT/BIC\s+)[A-Z]{4}", lambda m: m.group(1) + w, text)


# -- XML ------------------------------------------------------------------------------


def _xml(src: Path, records: set[str], vary: Callable[[etree._Element, int], None],
         copies: int) -> bytes:  # fmt: skip
    tree = etree.parse(str(src))
    found = [el for el in tree.iter() if etree.QName(el).localname in records]
    for i in range(1, copies):
        for el in found:
            twin = deepcopy(el)
            vary(twin, i)
            el.getparent().append(twin)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def _local(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (e for e in el.iter() if etree.QName(e).localname == name)


def _vary_un(el: etree._Element, i: int) -> None:
    for tag in ("DATAID", "REFERENCE_NUMBER"):
        for e in _local(el, tag):
            e.text = f"{e.text}{i:06d}"
    for tag in ("FIRST_NAME", "ALIAS_NAME"):
        for e in _local(el, tag):
            if e.text:
                e.text = f"{e.text} {word(i)}"


def _vary_ofac_xml(el: etree._Element, i: int) -> None:
    for tag in ("uid", "idNumber"):
        for e in _local(el, tag):
            e.text = f"{e.text}{i:06d}"
    for e in _local(el, "lastName"):
        e.text = f"{e.text} {word(i)}"


def _vary_advanced(el: etree._Element, i: int) -> None:
    for e in el.iter():
        for attr in ("FixedRef", "ID", "ProfileID", "IdentityID"):
            if e.get(attr):
                e.set(attr, f"{e.get(attr)}{i:06d}")
    for e in _local(el, "NamePartValue"):
        e.text = f"{e.text} {word(i)}"


def _vary_eu(el: etree._Element, i: int) -> None:
    for e in el.iter():
        for attr in ("logicalId", "number", "unitedNationId"):
            if e.get(attr):
                e.set(attr, f"{e.get(attr)}{i:06d}")
        if e.get("wholeName"):
            e.set("wholeName", f"{e.get('wholeName')} {word(i)}")


# -- CSV ------------------------------------------------------------------------------


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _read_csv(path: Path, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding).rstrip("\x1a"))))


def _ofac_csv(folder: Path, copies: int) -> Path:
    src = LISTS / "ofac_csv"
    files = {n: _read_csv(src / n, "latin-1") for n in ("sdn.csv", "add.csv", "alt.csv",
                                                          "sdn_comments.csv")}  # fmt: skip
    out: dict[str, list[list[str]]] = {n: [] for n in files}
    for i in range(copies):
        shift = 10_000_000 * i
        for r in files["sdn.csv"]:
            remarks = _codes(_shift_digits(r[11], i), i) if i else r[11]
            name = f"{r[1]} {word(i).upper()}" if i else r[1]
            out["sdn.csv"].append([str(int(r[0]) + shift), name, *r[2:11], remarks])
        for n in ("add.csv", "alt.csv"):
            for r in files[n]:
                alias = f"{r[3]} {word(i).upper()}" if i and n == "alt.csv" else r[3]
                out[n].append([str(int(r[0]) + shift), str(int(r[1]) + shift), r[2], alias,
                               *r[4:]])  # fmt: skip
        for r in files["sdn_comments.csv"]:
            out["sdn_comments.csv"].append([str(int(r[0]) + shift), r[1]])
    for n, rows in out.items():
        (folder / n).write_bytes(_csv_text(rows).encode("latin-1"))
    return folder / "sdn.csv"


def _uk_rows(rows: list[list[Any]], copies: int, one_group: bool = False) -> list[list[Any]]:
    head, body = rows[:2], rows[2:]
    header = [str(h).strip() for h in head[1]]
    gid, name6, other = (header.index(c) for c in ("Group ID", "Name 6", "Other Information"))
    out = [*head]
    for i in range(copies):
        for r in body:
            r = list(r)
            if i:
                r[name6] = f"{r[name6]} {word(i)}"
                r[other] = _shift_digits(str(r[other] or ""), i)
                r[gid] = "1" if one_group else f"{r[gid]}{i:06d}"
            elif one_group:
                r[gid] = "1"
            out.append(r)
    return out


def _uk_csv(folder: Path, copies: int, one_group: bool = False) -> Path:
    rows = _read_csv(LISTS / "uk_conlist.csv", "cp1252")
    if one_group:  # one target: the rows of one group type only
        rows = rows[:2] + [r for r in rows[2:] if r[-6] == "Entity"]
    path = folder / "uk.csv"
    path.write_bytes(_csv_text(_uk_rows(rows, copies, one_group)).encode("cp1252", "replace"))
    return path


# -- workbooks --------------------------------------------------------------------------


def _sheets(src: Path) -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {}
    for sheet, _, row in iter_rows(src):
        out.setdefault(sheet, []).append(list(row))
    return out


def _uk_xlsx(folder: Path, copies: int) -> Path:
    sheets = _sheets(LISTS / "uk_conlist.xlsx")
    name = "Data" if "Data" in sheets else next(iter(sheets))
    return write_xlsx(folder / "ConList.xlsx", {name: _uk_rows(sheets[name], copies)})


def _jp_mof(folder: Path, copies: int) -> Path:
    out: dict[str, list[list[Any]]] = {}
    for sheet, rows in _sheets(LISTS / "jp_mof_20260305.xlsx").items():
        at = next((k for k, r in enumerate(rows) if r and "告示日付" in "".join(str(r[0]).split())),
                  None)  # fmt: skip
        if at is None:
            out[sheet] = rows
            continue
        header = ["".join(str(c).split()) for c in rows[at]]
        notice = header.index("告示番号")
        names = [header.index(h) for h in ("英語表記", "日本語表記") if h in header]
        body = [r for r in rows[at + 1 :] if any(str(c).strip() for c in r)]
        new = rows[: at + 1]
        for i in range(copies):
            for r in body:
                r = list(r)
                if i and str(r[notice]).strip():
                    r[notice] = f"{str(r[notice]).removesuffix('.0')}{i:06d}"
                    for k in names:
                        r[k] = f"{r[k]} {word(i)}" if str(r[k]).strip() else r[k]
                new.append(r)
        out[sheet] = new
    return write_xlsx(folder / "mof.xlsx", out)


def _jp_meti(folder: Path, copies: int) -> Path:
    sheets = _sheets(LISTS / "jp_meti_20250929.xlsx")
    name, rows = next(iter(sheets.items()))
    at = next(k for k, r in enumerate(rows) if any("企業名" in str(c) for c in r))
    company = next(j for j, c in enumerate(rows[at]) if "企業名" in str(c))
    aka = next((j for j, c in enumerate(rows[at]) if "別名" in str(c)), None)
    body = rows[at + 1 :]
    new = rows[: at + 1]
    for i in range(copies):
        for r in body:
            r = list(r)
            if i and str(r[company]).strip():
                r[company] = f"{r[company]} {word(i)}"
                if aka is not None and str(r[aka]).strip():
                    r[aka] = "\n".join(f"{a} {word(i)}" for a in str(r[aka]).splitlines())
            new.append(r)
    return write_xlsx(folder / "meti.xlsx", {name: new})


# -- formats without a committed fixture: written from fixture targets -----------------


def _fixture_targets() -> list[Any]:
    from sanctiongraph.loaders.formats import eu_fsf, un

    return [*un.targets(LISTS / "un_consolidated.xml"), *eu_fsf.targets(LISTS / "eu_fsf.xml")]


_SCHEMA = {"person": "Person", "organization": "Organization", "vessel": "Vessel",
           "aircraft": "Airplane"}  # fmt: skip


def _ftm(folder: Path, copies: int) -> Path:
    path = folder / "entities.ftm.json"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(copies):
            for k, t in enumerate(_fixture_targets()):
                eid = f"t{i}-{k}"
                suffix = f" {word(i)}" if i else ""
                props = {"name": [t.name + suffix], "alias": [a + suffix for a in t.aliases],
                         "topics": ["sanction"]}  # fmt: skip
                fh.write(json.dumps({"id": eid, "schema": _SCHEMA[t.kind], "properties": props,
                                     "datasets": ["un_sc_sanctions"]}) + "\n")  # fmt: skip
                sanction = {"entity": [eid], "program": [t.listings[0].programme or "x"],
                            "country": ["us"]}  # fmt: skip
                fh.write(json.dumps({"id": f"s-{eid}", "schema": "Sanction",
                                     "properties": sanction}) + "\n")  # fmt: skip
    return path


def _os_targets(folder: Path, copies: int) -> Path:
    rows = [["id", "schema", "name", "aliases", "countries", "identifiers", "program_ids",
             "dataset", "last_seen"]]  # fmt: skip
    for i in range(copies):
        for k, t in enumerate(_fixture_targets()):
            suffix = f" {word(i)}" if i else ""
            rows.append([f"t{i}-{k}", _SCHEMA[t.kind], t.name + suffix,
                         ";".join(a + suffix for a in t.aliases), "", "", "UA-SANCT",
                         "ua_war_sanctions", "2026-03-13"])  # fmt: skip
    path = folder / "targets.simple.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    return path


def _eu_journal(folder: Path, copies: int) -> Path:
    rows = [["celex", "recordId", "programKey", "annex", "startDate", "schema", "name", "alias"]]
    for i in range(copies):
        for k, t in enumerate(_fixture_targets()):
            suffix = f" {word(i)}" if i else ""
            rows.append(["32017R1509", f"{i}-{k}", "EU-PRK", "XIII.A", "1.1.2017",
                         _SCHEMA[t.kind], t.name + suffix,
                         ";".join(a + suffix for a in t.aliases)])  # fmt: skip
    path = folder / "journal.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    return path


def _write_xml(name: str, records: set[str], vary: Callable[[etree._Element, int], None],
               out: str) -> Callable[[Path, int], Path]:  # fmt: skip
    def make(folder: Path, copies: int) -> Path:
        path = folder / out
        path.write_bytes(_xml(LISTS / name, records, vary, copies))
        return path

    return make


# label, format, records in one copy (measured), writer
INPUTS: list[tuple[str, str, Callable[[Path, int], Path]]] = [
    ("ofac-csv", "ofac-csv", _ofac_csv),
    ("ofac-xml", "ofac-xml", _write_xml("ofac_cons.xml", {"sdnEntry"}, _vary_ofac_xml, "cons.xml")),
    ("ofac-advanced", "ofac-advanced",
     _write_xml("ofac_cons_advanced.xml", {"DistinctParty"}, _vary_advanced, "adv.xml")),
    ("un-xml", "un-xml",
     _write_xml("un_consolidated.xml", {"INDIVIDUAL", "ENTITY"}, _vary_un, "un.xml")),
    ("eu-fsf-xml", "eu-fsf-xml", _write_xml("eu_fsf.xml", {"sanctionEntity"}, _vary_eu, "eu.xml")),
    ("eu-journal-csv", "eu-journal-csv", _eu_journal),
    ("uk-csv", "uk-csv", _uk_csv),
    ("uk-csv, one Group ID", "uk-csv", lambda f, n: _uk_csv(f, n, one_group=True)),
    ("uk-xlsx", "uk-xlsx", _uk_xlsx),
    ("jp-mof", "jp-mof", _jp_mof),
    ("jp-meti", "jp-meti", _jp_meti),
    ("ftm", "ftm", _ftm),
    ("os-targets-csv", "os-targets-csv", _os_targets),
]  # fmt: skip


def _phase(fmt: str, path: str) -> None:
    from sanctiongraph.graph.memory import MemoryStore
    from sanctiongraph.ingest.load import load_file

    # CPU seconds, not wall time: on a shared machine the wall clock measures the others.
    t = time.process_time()
    summary, _ = load_file(MemoryStore(), fmt, Path(path))
    rows = 0
    if not path.endswith(".xlsx"):
        with open(path, "rb") as fh:
            rows = sum(1 for _ in fh)
    print(json.dumps({"seconds": time.process_time() - t, "records": summary.records,
                      "lines": rows}))  # fmt: skip


def _run(fmt: str, path: Path) -> dict[str, Any]:
    # A benchmark raises the input limits: one UK group of 80,000 rows has 80,000 aliases,
    # and a generated workbook (inline strings) is larger than a published one.
    env = {**os.environ, **{Limits.setting(n): str(10**12) for n in INPUT_LIMITS}}
    done = subprocess.run([sys.executable, __file__, "--phase", fmt, str(path)],
                          capture_output=True, text=True, check=True, env=env)  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1000,
                    help="input rows (records, or UK rows) of the smallest size")  # fmt: skip
    ap.add_argument("--doublings", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="labels to run")
    args = ap.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores; "
          f"Python {platform.python_version()}\n")  # fmt: skip
    sizes = " | ".join(f"×{2**k}" for k in range(args.doublings + 1))
    ratios = " | ".join(f"ratio ×{2**k}/×{2 ** (k - 1)}" for k in range(1, args.doublings + 1))
    print(f"| input | records at ×1 | CPU seconds {sizes} | {ratios} |")
    print("|---|---|" + "---|" * (2 * args.doublings + 1))
    with tempfile.TemporaryDirectory() as tmp:
        for label, fmt, make in INPUTS:
            if args.only and label not in args.only:
                continue
            one = Path(tmp) / f"{label.replace(' ', '_')}-probe"
            one.mkdir()
            probe = _run(fmt, make(one, 1))
            per_copy = (
                max(probe["records"], 1) if "Group" not in label else max(probe["lines"] - 2, 1)
            )
            copies = max(1, round(args.rows / per_copy))
            times, records = [], 0
            for k in range(args.doublings + 1):
                folder = Path(tmp) / f"{label.replace(' ', '_')}-{k}"
                folder.mkdir()
                r = _run(fmt, make(folder, copies * 2**k))
                times.append(r["seconds"])
                records = records or r["records"]
            shown = " | ".join(f"{t:.2f}" for t in times)
            rs = " | ".join(f"{b / a:.2f}" for a, b in itertools.pairwise(times))
            print(f"| {label} | {records:,} | {shown} | {rs} |", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        _phase(sys.argv[2], sys.argv[3])
    else:
        main()
