"""Broken, hostile and mis-encoded files: a clear error naming the file and the
record or line, and the store exactly as it was.

The fuzz test derives hundreds of corrupted variants from the committed
fixtures (truncations, flipped and inserted bytes, dropped and doubled lines)
and asserts that every one either loads or fails with a LoadError, and that a
failure leaves nothing behind even after batches were flushed.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from sanctiongraph.graph.memory import MemoryStore
from sanctiongraph.graph.store import Store
from sanctiongraph.ingest.curated import load_seed
from sanctiongraph.ingest.load import load_file
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.registry import detect
from tests.scenario import snapshot
from tests.test_loaders import FIXTURES, LISTS

UN = (LISTS / "un_consolidated.xml").read_bytes()
UK = (LISTS / "uk_conlist.csv").read_bytes()
SDN = (LISTS / "sdn_csv_2021-07" / "sdn.csv").read_bytes()

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&lol3;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&xxe;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""


def _un_with(listed_on: str) -> bytes:
    return UN.replace(
        b"<LISTED_ON>2016-11-30</LISTED_ON>", f"<LISTED_ON>{listed_on}</LISTED_ON>".encode(), 1
    )


def _dup_first_row(data: bytes) -> bytes:
    first = data.split(b"\r\n", 1)[0]
    return first + b"\r\n" + data


def _nul_in_line(data: bytes, line: int) -> bytes:
    lines = data.split(b"\n")
    lines[line - 1] = lines[line - 1][:2] + b"\x00" + lines[line - 1][2:]
    return b"\n".join(lines)


def _zip_without_workbook() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buf.getvalue()


# name, format, file name, content, what the message must say
CASES: list[tuple[str, str, str, bytes, str]] = [
    ("truncated xml", "un-xml", "un.xml", UN[: len(UN) // 2], "not well-formed XML"),
    ("wrong root", "un-xml", "un.xml", (LISTS / "ofac_cons.xml").read_bytes(),
     "root element is <sdnList>, expected <CONSOLIDATED_LIST>"),
    ("entity bomb", "un-xml", "un.xml", BOMB, "DOCTYPE and ENTITY declarations are refused"),
    ("external entity", "un-xml", "un.xml", XXE, "DOCTYPE and ENTITY declarations are refused"),
    ("bad date", "un-xml", "un.xml", _un_with("30/11/2016"), "unexpected date '30/11/2016'"),
    ("impossible date", "un-xml", "un.xml", _un_with("2016-13-45"), "not a calendar date"),
    ("latin-1 in utf-8 xml", "un-xml", "un.xml",
     UN.replace(b"RI </FIRST_NAME>", "RÏ </FIRST_NAME>".encode("latin-1"), 1), "line"),
    ("utf-16 csv", "uk-csv", "uk.csv", UK.decode("cp1252").encode("utf-16"), "binary content"),
    ("missing column", "uk-csv", "uk.csv", UK.replace(b"Group ID", b"Group", 1),
     "missing required columns: Group ID"),
    ("empty csv", "uk-csv", "uk.csv", b"", "the file is empty"),
    ("empty xml", "eu-fsf-xml", "eu.xml", b"  \n", "the file is empty"),
    ("duplicate key", "ofac-csv", "sdn.csv", _dup_first_row(SDN), "duplicate record id"),
    ("short row", "ofac-csv", "sdn.csv", SDN.replace(b',"CUBA",', b",", 1), "columns"),
    ("not a workbook", "jp-mof", "list.xlsx", b"this is not a spreadsheet\n" * 20,
     "not an Excel workbook"),
    ("zip without workbook", "uk-xlsx", "ConList.xlsx", _zip_without_workbook(), "workbook"),
    ("ftm not json", "ftm", "e.ftm.json", b'{"id": "x", "schema": "Person"\n', "line 1: not JSON"),
    ("eu journal latin-1", "eu-journal-csv", "j.csv",
     "celex,recordId,programKey,annex,startDate,schema,name\n32017R1509,1,EU-PRK,XIII.A,"
     "1.1.2017,Person,Jos\u00e9\n".encode("latin-1"), "line 2: not utf-8-sig text"),
    # Issue 11: checks over the whole file, and wrong files refused by name.
    ("nul past the first 4 KB", "uk-csv", "uk.csv", _nul_in_line(UK, 20),
     "line 20: not cp1252 text (binary content: a NUL byte)"),
    ("doctype after a latin-1 comment", "un-xml", "un.xml",
     '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- modifi\u00e9e -->\n'
     '<!DOCTYPE x [<!ENTITY e "e">]>\n'.encode("latin-1") + UN.split(b"\n", 1)[1],
     "line 3: DOCTYPE and ENTITY declarations are refused"),
    ("mof reader on the METI workbook", "jp-mof", "meti.xlsx",
     (LISTS / "jp_meti_20250929.xlsx").read_bytes(), "no sheet has a header row starting 告示日付"),
    ("unknown schema", "os-targets-csv", "t.csv",
     b"id,schema,name,aliases,countries,identifiers,program_ids,dataset\nx,Banana,A,,,,UA-X,u\n",
     "line 2: unknown schema 'Banana'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "filename", "content", "message"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_bad_file_is_refused_and_changes_nothing(
    any_store: Store, tmp_path: Path, fmt: str, filename: str, content: bytes, message: str
) -> None:
    load_seed(any_store)
    before = snapshot(any_store)
    path = tmp_path / filename
    path.write_bytes(content)
    with pytest.raises(LoadError) as caught:
        load_file(any_store, fmt, path, batch_size=5)
    text = str(caught.value)
    assert text.startswith(str(path)) and message in text, text
    assert snapshot(any_store) == before


def test_entities_are_never_expanded_even_past_the_prolog_check(tmp_path: Path) -> None:
    # A DOCTYPE hidden behind 70 KB of comment escapes the prolog scan; lxml must
    # still neither expand nor fetch.
    hidden = b'<?xml version="1.0"?>\n<!--' + b"x" * 70_000 + b"-->\n" + XXE.split(b"\n", 1)[1]
    path = tmp_path / "un.xml"
    path.write_bytes(hidden)
    store = MemoryStore()
    try:
        load_file(store, "un-xml", path)
    except LoadError:
        return
    names = " ".join(str(a.get("name")) for _, a in store.graph.nodes(data=True))
    assert "root:" not in names


def _variants(data: bytes, rnd: random.Random, n: int) -> list[bytes]:
    lines = data.split(b"\n")
    out: list[bytes] = []
    for i in range(n):
        kind = i % 6
        if kind == 0:
            out.append(data[: rnd.randrange(1, len(data))])
        elif kind == 1:
            b = bytearray(data)
            for _ in range(rnd.randint(1, 8)):
                b[rnd.randrange(len(b))] = rnd.randrange(256)
            out.append(bytes(b))
        elif kind == 2:
            pos = rnd.randrange(len(data))
            out.append(data[:pos] + bytes(rnd.randrange(256) for _ in range(16)) + data[pos:])
        elif kind == 3 and len(lines) > 2:
            k = rnd.randrange(len(lines))
            out.append(b"\n".join(lines[:k] + lines[k + 1 :]))
        elif kind == 4 and len(lines) > 2:
            k = rnd.randrange(len(lines))
            out.append(b"\n".join(lines[: k + 1] + lines[k:]))
        else:
            pos = rnd.randrange(len(data))
            out.append(data[:pos] + b"<&\x00\xff\"'," + data[pos:])
    return out


@pytest.mark.parametrize(("name", "fmt"), [(f[0], f[1]) for f in FIXTURES])
def test_fuzzed_fixtures_fail_cleanly(tmp_path: Path, name: str, fmt: str) -> None:
    """40 corrupted variants per fixture: a LoadError or a load, never a crash or a half write."""
    src = LISTS / name
    rnd = random.Random(name)
    store = MemoryStore()
    load_seed(store)
    before = snapshot(store)
    failures = 0
    for i, data in enumerate(_variants(src.read_bytes(), rnd, 40)):
        folder = tmp_path / str(i)
        folder.mkdir()
        path = folder / src.name
        path.write_bytes(data)
        if src.parent.name == "sdn_csv_2021-07":
            for extra in ("add.csv", "alt.csv", "sdn_comments.csv"):
                (folder / extra).write_bytes((src.parent / extra).read_bytes())
        try:
            load_file(store, fmt, path, batch_size=7)
        except LoadError as err:
            failures += 1
            assert str(err).startswith(str(path))
            assert snapshot(store) == before, f"variant {i} left a partial write"
        else:
            # It loaded: start the next variant from the seed again.
            store = MemoryStore()
            load_seed(store)
    assert failures >= 10, "the corruptions should break most files"


def test_detect_knows_every_fixture() -> None:
    assert [detect(LISTS / n) for n, *_ in FIXTURES] == [f for _, f, *_ in FIXTURES]
