"""The matplotlib figure every PNG, SVG and HTML drawing is made on, and how it is written.

matplotlib (the ``viz`` extra) is imported only when a figure is asked for, so that the
rest of the package works without it.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sanctiongraph.viz import needs_viz

# Japanese and Korean names need a CJK font; use one where the machine has it
# (fonts-noto-cjk, fonts-ipafont, fonts-unfonts-core), else they show as boxes.
_FONTS = ["DejaVu Sans", "Noto Sans CJK JP", "IPAGothic", "IPAexGothic", "UnDotum", "NanumGothic"]


def pyplot(what: str = "PNG and SVG drawings") -> Any:
    """matplotlib's pyplot, drawing off-screen (Agg: no display on a server); without the
    viz extra, the error names ``what`` needs it."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise needs_viz(what) from None
    return plt


@contextmanager
def figure(figsize: tuple[float, float]) -> Iterator[tuple[Any, Any]]:
    """A figure and its axes, with fonts for CJK names; closed when the block ends, also
    when drawing fails (pyplot keeps every open figure otherwise)."""
    plt = pyplot()
    # A machine without the CJK fonts draws boxes for those names, and says so per glyph.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    with plt.rc_context({"font.family": _FONTS}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig, ax = plt.subplots(figsize=figsize)
        try:
            yield fig, ax
        finally:
            plt.close(fig)


def save(fig: Any, path: Path, page: Callable[[str], str] | None = None, **options: Any) -> Path:
    """Write ``fig`` to ``path`` in the format its suffix names (.png where it names none).

    With ``page``, a path ending in .html gets ``page(svg)``: a self-contained page around
    the picture's inline ``<svg>`` element. ``options`` go to ``savefig`` (dpi, bbox_inches).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lstrip(".").lower() or "png"
    if page is not None and suffix == "html":
        picture = io.StringIO()
        fig.savefig(picture, format="svg")
        svg = picture.getvalue()
        path.write_text(page(svg[svg.find("<svg") :]), encoding="utf-8")  # no XML prolog
        return path
    fig.savefig(path, format=suffix, **options)
    return path
