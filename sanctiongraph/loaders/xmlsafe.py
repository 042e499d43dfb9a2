"""Streaming XML that refuses what a hostile file could do.

Lists are read with lxml ``iterparse`` (one record in memory at a time) and
without DTDs. lxml itself reports a DOCTYPE: it has read the whole prolog by
the time it starts the root element, so at that first event the document's
``docinfo`` says whether a DTD was declared, wherever it stood and whatever the
encoding, and the file is refused before any content is read. Entities are
never expanded (no "billion laughs") and external entities never fetched;
lxml's own switches (no entity resolution, no network, no DTD loading, no huge
trees) stay on as a second line.

Each record is measured while it streams (characters of its text, attributes
and tags, against ``max_record_bytes``; the attributes of each element are
counted as it starts, against ``max_attributes``), and whatever lies between records is
freed once read, so a file cannot grow one record, or the space between two,
without bound.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from sanctiongraph.loaders.base import LoadError, check_input
from sanctiongraph.loaders.limits import current, over

_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def local(tag: object) -> str:
    """A tag without its namespace: ``{ns}sdnEntry`` → ``sdnEntry``."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _check_not_empty(path: Path) -> None:
    check_input(path)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 16):
            if chunk.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
                return
    raise LoadError(path, None, "the file is empty")


def _encoding(head: bytes) -> str:
    """The encoding an XML file declares (BOM, byte pattern, then declaration)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):  # fmt: skip
        if head.startswith(bom):
            return name
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    m = _DECLARED.match(head)
    if m:
        try:
            return codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            pass
    return "utf-8"


def _doctype_line(path: Path, before: int) -> int:
    """The line of the DOCTYPE lxml reported: the first ``<!DOCTYPE`` outside a
    comment, before the root element's line ``before``."""
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(0)
        decoder = codecs.getincrementaldecoder(_encoding(head))(errors="replace")
        line, in_comment, text = 1, False, ""
        while line <= before:
            chunk = fh.read(1 << 16)
            text += decoder.decode(chunk, final=not chunk)
            i = 0
            while True:
                if in_comment:
                    j = text.find("-->", i)
                    if j < 0:
                        break
                    in_comment, j = False, j + 3
                else:
                    j = text.find("<!", i)
                    if j < 0 or len(text) - j < 9:
                        break
                    if text.startswith("<!DOCTYPE", j):
                        return line + text.count("\n", i, j)
                    in_comment = text.startswith("<!--", j)
                    j += 4 if in_comment else 2
                line += text.count("\n", i, j)
                i = j
            keep = max(i, len(text) - 9)
            line += text.count("\n", i, keep)
            text = text[keep:]
            if not chunk:
                break
    return before


def _parse(path: Path, roots: set[str]) -> Iterator[tuple[str, etree._Element]]:
    """``iterparse`` events after the checks every list shares: not empty, no DTD,
    the expected root. Syntax and encoding errors become :class:`LoadError`."""
    _check_not_empty(path)
    context = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    first = True
    attributes = current().max_attributes
    try:
        for event, el in context:
            # Counted before any is read (lxml reads an attribute's value by searching the
            # element's list for its name: all of a long list costs its square).
            if event == "start" and len(el.attrib) > attributes:
                raise over(path, f"line {el.sourceline}", f"attributes of <{local(el.tag)}>",
                           len(el.attrib), "max_attributes", attributes)  # fmt: skip
            if first:
                first = False
                info = el.getroottree().docinfo
                if info.doctype or info.internalDTD is not None or info.system_url:
                    line = _doctype_line(path, el.sourceline or 1)
                    raise LoadError(
                        path,
                        f"line {line}",
                        "DOCTYPE and ENTITY declarations are refused (never expanded or fetched)",
                    )
                if local(el.tag) not in roots:
                    raise LoadError(
                        path,
                        f"line {el.sourceline}",
                        f"root element is <{local(el.tag)}>, expected "
                        + " or ".join(f"<{r}>" for r in sorted(roots)),
                    )
            yield event, el
    except etree.XMLSyntaxError as err:
        raise LoadError(
            path, f"line {err.lineno or '?'}", f"not well-formed XML: {err.msg}"
        ) from None


def record_size(el: etree._Element) -> int:
    """Characters of an element's own text, tail, tag and attributes, in time linear in
    them: lxml's ``attrib.items()`` looks each value up by its name, from the start of
    the element's list, so beyond a few attributes the values are read as XPath's
    ``@*`` (one walk of the list) and the names as ``keys()``."""
    size = len(el.text or "") + len(el.tail or "") + len(str(el.tag))
    attrib = el.attrib
    n = len(attrib)
    if n > 8:
        values = el.xpath("@*")
        assert isinstance(values, list)
        size += sum(len(str(k)) for k in attrib) + sum(len(str(v)) for v in values)
    elif n:
        for k, v in attrib.items():
            size += len(k) + len(v)
    return size


def _free(el: etree._Element) -> None:
    """Free an element that has been read, and the siblings read before it.

    (The element itself stays attached: libxml2 may still hold it until the next event.)
    """
    el.clear()
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def iter_records(path: Path, roots: set[str], records: set[str]) -> Iterator[etree._Element]:
    """Each element named in ``records`` once complete, then freed.

    The root element must be one of ``roots``. Syntax and encoding errors
    become :class:`LoadError` with the line. A record larger than
    ``max_record_bytes`` characters is refused at its line as it grows; matter
    between records is freed as soon as it is read.
    """
    limit = current().max_record_bytes
    depth = 0
    record_depth = 0  # depth of the outermost record being read; 0 between records
    record_line: int | None = None
    size = 0
    for event, el in _parse(path, roots):
        if event == "start":
            depth += 1
            if not record_depth and local(el.tag) in records:
                record_depth, record_line, size = depth, el.sourceline, 0
            continue
        ended, depth = depth, depth - 1
        size = size + record_size(el) if record_depth else record_size(el)
        if size > limit:
            what = "one record" if record_depth else f"<{local(el.tag)}>"
            raise over(path, f"line {record_line or el.sourceline}", f"characters of {what}",
                       size, "max_record_bytes", limit, more=True)  # fmt: skip
        if local(el.tag) in records:
            yield el
            _free(el)
        elif not record_depth and ended > 1:
            _free(el)
        if ended == record_depth:
            record_depth, record_line, size = 0, None, 0


def first_text(path: Path, roots: set[str], tag: str) -> tuple[dict[str, str], str | None]:
    """The root's attributes and the text of the first ``tag``: for list dates.

    Elements are freed once read, so a file without ``tag`` costs no more than one element.
    """
    attrs: dict[str, str] = {}
    for event, el in _parse(path, roots):
        if event == "start" and not attrs and el.getparent() is None:
            attrs = {local(k): str(v) for k, v in el.attrib.items()}
            attrs.setdefault("_root", local(el.tag))
        elif event == "end":
            if local(el.tag) == tag:
                return attrs, (el.text or "").strip() or None
            if el.getparent() is not None:
                _free(el)
    return attrs, None


def text(el: etree._Element, *path: str) -> str | None:
    """Stripped text of the first descendant along ``path`` (local names), or None."""
    node: etree._Element | None = el
    for step in path:
        if node is None:
            return None
        node = next((c for c in node if local(c.tag) == step), None)
    if node is None or node.text is None:
        return None
    value = " ".join(node.text.split())
    return value or None


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name]
