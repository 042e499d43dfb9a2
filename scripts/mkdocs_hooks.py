"""MkDocs hooks for the manual (mkdocs.yml names this file under ``hooks``).

The command line loads some commands only when they are called (``fetch``, ``review``, …:
their imports are heavy). mkdocs-click documents the commands a group already holds, so
before the pages are rendered every command is loaded once, and the reference lists them all.
"""

from __future__ import annotations

from typing import Any

import click


def on_config(config: Any) -> Any:
    from sanctiongraph.cli import main

    ctx = click.Context(main, info_name="sanctiongraph")
    for name in main.list_commands(ctx):
        main.get_command(ctx, name)
    return config
