"""OpenSanctions catalogue (``index.json``): the datasets it publishes.

Not a list of targets but of lists: each dataset becomes a Source node (its
title, publisher, source address, last change, entity and target counts), so
a graph can say which published list a FollowTheMoney export came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from sanctiongraph.graph.records import Node, Rel, cite, node
from sanctiongraph.loaders.base import LoadError
from sanctiongraph.loaders.limits import read_document
from sanctiongraph.loaders.target import SourceInfo, Target


def _doc(path: Path) -> dict[str, Any]:
    raw = read_document(path)
    if not raw.strip():
        raise LoadError(path, None, "the file is empty")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise LoadError(path, None, f"not JSON: {err}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("datasets"), list):
        raise LoadError(path, None, "not an OpenSanctions catalogue (no 'datasets' list)")
    return doc


def source(path: Path) -> SourceInfo:
    run = str(_doc(path).get("run_time") or "")[:10] or None
    return SourceInfo(
        id=f"os-catalogue-{run or path.stem}",
        name=f"OpenSanctions catalogue ({run})",
        publisher="OpenSanctions",
        title=f"Dataset index ({path.name})",
        file=path.name,
        list_date=run,
        url="https://data.opensanctions.org/datasets/latest/index.json",
        licence="CC BY-NC 4.0",
    )


def targets(path: Path) -> Iterator[Target]:
    return iter(())


def records(path: Path, source_id: str) -> Iterator[Node | Rel]:
    for i, ds in enumerate(_doc(path)["datasets"]):
        if not isinstance(ds, dict) or not ds.get("name"):
            raise LoadError(path, f"datasets[{i}]", "a dataset without a name")
        name = str(ds["name"])
        publisher = ds.get("publisher") if isinstance(ds.get("publisher"), dict) else {}
        data = ds.get("data") if isinstance(ds.get("data"), dict) else {}
        counts = f"{ds.get('entity_count', '?')} entities, {ds.get('target_count', '?')} targets"
        yield node(
            "Source",
            f"source:os-dataset-{name}",
            {
                "name": f"OpenSanctions dataset {name}",
                "publisher": (publisher or {}).get("name"),
                "title": f"{ds.get('title') or name} ({ds.get('type') or 'dataset'}; {counts})",
                "list_date": str(ds.get("last_change") or "")[:10] or None,
                "url": (data or {}).get("url") or ds.get("url"),
                "licence": "as the publisher says; catalogue CC BY-NC 4.0",
            },
            cite(source_id, f"datasets[{i}]"),
        )
