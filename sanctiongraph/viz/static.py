"""PNG and SVG drawings for reports, in the same colours as the HTML page, with a legend.

matplotlib (the ``viz`` extra) is imported only when a drawing is asked for.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from sanctiongraph.viz.figure import figure, save
from sanctiongraph.viz.html import caption
from sanctiongraph.viz.style import REL_COLOURS, legend, node_style


def write_static(g: nx.MultiDiGraph, path: Path, title: str) -> Path:
    """Draw ``g`` to ``path``; the suffix (.png or .svg) picks the format."""
    n = max(g.number_of_nodes(), 1)
    size = min(8 + n / 12, 28)
    with figure((size * 1.25, size)) as (fig, ax):
        from matplotlib.lines import Line2D  # figure() has found matplotlib

        simple = nx.Graph(g)
        if 1 < n <= 400:
            pos = nx.kamada_kawai_layout(simple)
        else:
            pos = nx.spring_layout(simple, seed=7, k=1.5 / n**0.5)
        for u, v, k in g.edges(keys=True):
            (x1, y1), (x2, y2) = pos[u], pos[v]
            arrow = {"arrowstyle": "->", "color": REL_COLOURS.get(k, "#888"), "lw": 0.8,
                     "alpha": 0.7, "shrinkA": 6, "shrinkB": 6}  # fmt: skip
            ax.annotate("", xy=(x2, y2), xytext=(x1, y1), zorder=1, arrowprops=arrow)
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
        return save(fig, path, dpi=110, bbox_inches="tight")
