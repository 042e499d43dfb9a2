"""Dates as lists write them, to ISO 8601; anything else is a load error.

Each list writes dates one way; the caller says which order it uses, so
``04/05/2022`` is 4 May for the UK and 5 April for OFAC, never a guess.

>>> parse_date("2017.12.15", "f", "row 3", order="ymd")
'2017-12-15'
>>> parse_date("16.10.2017", "f", "row 3", order="dmy")
'2017-10-16'
>>> parse_date("03/28/2025", "f", "header", order="mdy")
'2025-03-28'
>>> parse_date("2018-10-29T19:09:49.856-04:00", "f", "root")
'2018-10-29'
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sanctiongraph.loaders.base import LoadError

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*|[+-]\d{2}:\d{2}|Z)?$")
_PARTS = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")


def parse_date(value: object, path: str | Path, where: str | None, order: str = "ymd") -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = " ".join(str(value).split())
    m = _ISO.match(raw)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _PARTS.match(raw)
        if not m:
            raise LoadError(path, where, f"unexpected date {raw!r}")
        year_part = m.group(1) if order == "ymd" else m.group(3)
        if len(year_part) != 4:
            raise LoadError(path, where, f"unexpected date {raw!r} (no four-digit year)")
        a, b, c = (int(g) for g in m.groups())
        if order == "ymd":
            y, mo, d = a, b, c
        elif order == "dmy":
            d, mo, y = a, b, c
        else:
            mo, d, y = a, b, c
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        raise LoadError(path, where, f"not a calendar date: {raw!r}") from None
