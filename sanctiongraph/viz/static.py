"""PNG and SVG drawings for reports, in the same colours as the HTML page, with a legend.

matplotlib (the ``viz`` extra) is imported only when a drawing is asked for.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import networkx as nx

from sanctiongraph.viz import needs_viz
from sanctiongraph.viz.html import caption
from sanctiongraph.viz.style import REL_COLOURS, legend, node_style

_CJK_FONTS = ["Noto Sans CJK JP", "IPAGothic", "IPAexGothic", "UnDotum", "NanumGothic"]


def write_static(g: nx.MultiDiGraph, path: Path, title: str) -> Path:
    """Draw ``g`` to ``path``; the suffix (.png or .svg) picks the format."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
    except ImportError:
        raise needs_viz("PNG and SVG drawings") from None
    # Japanese and Korean names need a CJK font; use one where the machine has it
    # (fonts-noto-cjk, fonts-ipafont, fonts-unfonts-core), else they show as boxes.
    plt.rcParams["font.family"] = ["DejaVu Sans", *_CJK_FONTS]
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    n = max(g.number_of_nodes(), 1)
    size = min(8 + n / 12, 28)
    fig, ax = plt.subplots(figsize=(size * 1.25, size))
    simple = nx.Graph(g)
    if 1 < n <= 400:
        pos = nx.kamada_kawai_layout(simple)
    else:
        pos = nx.spring_layout(simple, seed=7, k=1.5 / n**0.5)
    for u, v, k in g.edges(keys=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.annotate("", xy=(x2, y2), xytext=(x1, y1), zorder=1,
                    arrowprops={"arrowstyle": "->", "color": REL_COLOURS.get(k, "#888"),
                                "lw": 0.8, "alpha": 0.7, "shrinkA": 6, "shrinkB": 6})  # fmt: skip
    for node, attrs in g.nodes(data=True):
        st = node_style(attrs)
        x, y = pos[node]
        ax.scatter([x], [y], s=st.size * 12, c=st.colour, marker=st.marker, zorder=2,
                   edgecolors="white", linewidths=0.5)  # fmt: skip
        if n <= 300:
            ax.annotate(caption(attrs, node, 34), (x, y), fontsize=6, zorder=3,
                        xytext=(4, 4), textcoords="offset points")  # fmt: skip
    handles = [Line2D([], [], marker=s.marker, linestyle="", color=s.colour, markersize=8,
                      label=s.group) for s in legend()]  # fmt: skip
    handles += [Line2D([], [], color=c, label=t) for t, c in REL_COLOURS.items()
                if any(k == t for _, _, k in g.edges(keys=True))]  # fmt: skip
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              frameon=False)  # fmt: skip
    ax.set_title(title, fontsize=12, loc="left")
    ax.set_axis_off()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight", format=path.suffix.lstrip(".") or "png")
    plt.close(fig)
    return path
