"""What the published files need of each input limit (settings.Limits): the
measured needs written beside the defaults, measured again.

    python benchmarks/limit_needs.py ../shared/data

For every file of ``SHARED_DATA_FILES``: the largest inflated workbook part and
inflate ratio, rows and cell rectangle of a sheet, .xls size, the largest
record (CSV row or JSON line in bytes, XML record in characters), file read
whole, name, field and alias list. Prints, per limit, the need, the file that
needs it, the default, and the default's headroom (which should be at least 10).
"""

from __future__ import annotations

import csv
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctiongraph.ingest.evaluation import SHARED_DATA_FILES  # noqa: E402
from sanctiongraph.loaders.registry import FORMATS, detect  # noqa: E402
from sanctiongraph.loaders.sheets import PartCount  # noqa: E402
from sanctiongraph.loaders.xmlsafe import iter_records, record_size  # noqa: E402
from sanctiongraph.settings import INPUT_LIMITS, Limits  # noqa: E402

_XML_RECORDS = {
    "ofac-xml": {"sdnEntry"},
    "ofac-advanced": {
        "DistinctParty",
        "Location",
        "IDRegDocument",
        "ProfileRelationship",
        "SanctionsEntry",
    },
    "un-xml": {"INDIVIDUAL", "ENTITY"},
    "eu-fsf-xml": {"sanctionEntity"},
}


def measure(data: Path) -> dict[str, tuple[float, str]]:
    need: dict[str, tuple[float, str]] = {name: (0, "") for name in INPUT_LIMITS}

    def seen(limit: str, value: float, where: str) -> None:
        if value > need[limit][0]:
            need[limit] = (value, where)

    for name in SHARED_DATA_FILES:
        path = data / name
        fmt = detect(path)
        module = FORMATS[fmt].reader()
        if path.is_file():  # what `fetch` would download of it
            seen("max_download_bytes", path.stat().st_size, name)
        if fmt in ("uk-xlsx", "jp-mof", "jp-meti") and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                for info in z.infolist():
                    where = f"{name} {info.filename}"
                    seen("max_part_bytes", info.file_size, where)
                    seen("max_inflate_ratio", info.file_size / max(info.compress_size, 1), where)
                    if info.filename.endswith(".xml"):
                        count = PartCount()
                        count.feed(z.read(info), final=True)
                        seen("max_sheet_rows", count.rows, where)
                        seen("max_sheet_cells", count.rectangle, where)
        elif path.suffix == ".xls":
            seen("max_xls_bytes", path.stat().st_size, name)
        if fmt in _XML_RECORDS:
            for el in iter_records(path, module.ROOTS, _XML_RECORDS[fmt]):
                size = sum(record_size(e) for e in el.iter())
                seen(
                    "max_attributes",
                    max(len(e.attrib) for e in el.iter()),
                    f"{name} line {el.sourceline}",
                )
                seen("max_record_bytes", size, f"{name} line {el.sourceline}")
        elif path.suffix in (".csv", ".json") and fmt != "os-catalogue":
            with path.open("rb") as fh:
                for n, line in enumerate(fh, start=1):
                    seen("max_record_bytes", len(line), f"{name} line {n}")
        if fmt == "os-catalogue":
            seen("max_document_bytes", path.stat().st_size, name)
        for t in module.targets(path):
            for text in (t.name, t.name_local, *t.aliases):
                seen("max_name_chars", len(text or ""), f"{name} {t.record}")
            for text in (t.notes, *(a.text for a in t.addresses)):
                seen("max_field_chars", len(text or ""), f"{name} {t.record}")
            seen("max_aliases", len(t.aliases), f"{name} {t.record}")
    # A CSV field can be longer than what a target keeps of it.
    for name in SHARED_DATA_FILES:
        path = data / name
        if path.suffix == ".csv":
            encoding = "latin-1" if "sdn" in name else "cp1252" if "uk/" in name else "utf-8"
            with path.open(encoding=encoding, newline="") as fh:
                for n, row in enumerate(csv.reader(fh), start=1):
                    for v in row:
                        seen("max_field_chars", len(v), f"{name} line {n}")
    return need


def main(data: Path) -> None:
    defaults = Limits()
    print("| limit | setting | need | where | default | default / need |")
    print("|---|---|---|---|---|---|")
    for limit, (value, where) in measure(data).items():
        default = getattr(defaults, limit)
        shown = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
        print(f"| {limit} | {Limits.setting(limit)} | {shown} | {where} | {default:,} | "
              f"{default / value if value else float('inf'):,.0f} |")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
