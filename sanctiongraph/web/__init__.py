"""The explorer: a local web page and JSON API over any store (``sanctiongraph serve``)."""

from sanctiongraph.web.app import create_app

__all__ = ["create_app"]
