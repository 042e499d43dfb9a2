"""The layers of docs/architecture.md hold: no module imports a layer above its own.

The contracts are in pyproject.toml ([tool.importlinter]); import-linter reads every
import of the package, those inside functions and under TYPE_CHECKING included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lint(root: Path) -> tuple[int, str]:
    """import-linter's exit status on the package under ``root`` (0: contracts kept), in a
    process of its own so that it reads that copy of the package and no other."""
    code = (
        "from importlinter.cli import lint_imports; raise SystemExit(lint_imports(no_cache=True))"
    )
    # Wide columns: the report wraps a long contract name at the terminal's width.
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "500"}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    return done.returncode, done.stdout + done.stderr


def test_the_package_keeps_its_layers() -> None:
    status, said = _lint(ROOT)
    assert status == 0, said


LAYERS = "each layer imports only the layers below it BROKEN"
ACYCLIC = (
    "no module of graph, loaders, resolution or ingest imports one that imports it back BROKEN"
)


@pytest.mark.parametrize(
    ("module", "upward", "broken"),
    [
        # An import inside a function counts as much as one at the top.
        ("graph/names.py", "def _up():\n    from sanctiongraph.queries import run_query\n", LAYERS),
        ("loaders/dates.py", "from sanctiongraph.api import open as _open\n", LAYERS),
        # A format reader never runs the load nor a named query (ingest/ does).
        (
            "loaders/registry.py",
            "def _up():\n    from sanctiongraph.ingest.load import load_file\n",
            LAYERS,
        ),
        ("loaders/formats/un.py", "from sanctiongraph.queries import run_query\n", LAYERS),
        # The cycles broken once stay broken.
        (
            "loaders/limits.py",
            "def _back():\n    from sanctiongraph.loaders import target\n",
            ACYCLIC,
        ),
        (
            "graph/containment.py",
            "def _back():\n    from sanctiongraph.graph.store import Store\n",
            ACYCLIC,
        ),
        (
            "resolution/evidence.py",
            "def _back():\n    from sanctiongraph.resolution import scorer\n",
            ACYCLIC,
        ),
    ],
)
def test_a_new_upward_import_fails(tmp_path: Path, module: str, upward: str, broken: str) -> None:
    shutil.copytree(ROOT / "sanctiongraph", tmp_path / "sanctiongraph",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "sanctiongraph" / module).open("a", encoding="utf-8") as fh:
        fh.write("\n\n" + upward)
    status, said = _lint(tmp_path)
    assert status == 1
    assert broken in said
