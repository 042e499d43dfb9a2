"""One router per concern; each reads the store through ``request.app.state.holder``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from sanctiongraph.web.state import StoreHolder

# Ids hold ':' and sometimes '/' (``entity:…``); paths take them whole.
ID_MAX = 500


def holder(request: Request) -> StoreHolder:
    h: StoreHolder = request.app.state.holder
    return h
