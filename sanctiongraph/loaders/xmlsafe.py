"""Streaming XML that refuses what a hostile file could do.

Lists are read with lxml ``iterparse`` (one record in memory at a time) and
without DTDs: a file that declares a DOCTYPE is refused before parsing, so
entities are never expanded (no "billion laughs") and external entities are
never fetched. lxml's own switches (no entity resolution, no network, no huge
trees) stay on as a second line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from sanctiongraph.loaders.base import LoadError

_PROLOG_BYTES = 1 << 16


def local(tag: object) -> str:
    """A tag without its namespace: ``{ns}sdnEntry`` → ``sdnEntry``."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _check_prolog(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(_PROLOG_BYTES)
    if not head.strip():
        raise LoadError(path, None, "the file is empty")
    for encoding in ("utf-8", "utf-16", "latin-1"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        line = text[: max(upper.find("<!DOCTYPE"), upper.find("<!ENTITY"))].count("\n") + 1
        raise LoadError(
            path,
            f"line {line}",
            "DOCTYPE and ENTITY declarations are refused (never expanded or fetched)",
        )


def iter_records(path: Path, roots: set[str], records: set[str]) -> Iterator[etree._Element]:
    """Each element named in ``records`` once complete, then freed.

    The root element must be one of ``roots``. Syntax and encoding errors
    become :class:`LoadError` with the line.
    """
    _check_prolog(path)
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
    depth = 0
    try:
        for event, el in context:
            if event == "start":
                if depth == 0 and local(el.tag) not in roots:
                    raise LoadError(
                        path,
                        f"line {el.sourceline}",
                        f"root element is <{local(el.tag)}>, expected "
                        + " or ".join(f"<{r}>" for r in sorted(roots)),
                    )
                depth += 1
                continue
            depth -= 1
            if local(el.tag) in records:
                yield el
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as err:
        line = err.lineno if err.lineno else "?"
        raise LoadError(path, f"line {line}", f"not well-formed XML: {err.msg}") from None


def first_text(path: Path, roots: set[str], tag: str) -> tuple[dict[str, str], str | None]:
    """The root's attributes and the text of the first ``tag``: for list dates."""
    _check_prolog(path)
    attrs: dict[str, str] = {}
    context = etree.iterparse(
        str(path), events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        for event, el in context:
            if event == "start" and not attrs and el.getparent() is None:
                if local(el.tag) not in roots:
                    raise LoadError(
                        path,
                        f"line {el.sourceline}",
                        f"root element is <{local(el.tag)}>, expected "
                        + " or ".join(f"<{r}>" for r in sorted(roots)),
                    )
                attrs = {local(k): str(v) for k, v in el.attrib.items()}
                attrs.setdefault("_root", local(el.tag))
            elif event == "end" and local(el.tag) == tag:
                return attrs, (el.text or "").strip() or None
    except etree.XMLSyntaxError as err:
        raise LoadError(
            path, f"line {err.lineno or '?'}", f"not well-formed XML: {err.msg}"
        ) from None
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
