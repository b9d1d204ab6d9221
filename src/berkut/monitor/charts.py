"""A timeline as a chart file (PNG, SVG or PDF by the file's suffix), drawn with matplotlib's Agg canvas.

The figure is built with ``matplotlib.figure.Figure`` rather than pyplot: no global state, no backend
switch, safe in a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from berkut.errors import QueryError
from berkut.query import TrendRow

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
# quad classes: verbal and material cooperation in blues, verbal and material conflict in reds
_QUADS = (("quad1", "verbal cooperation", "#9ecae1"), ("quad2", "material cooperation", "#3182bd"),
          ("quad3", "verbal conflict", "#fc9272"), ("quad4", "material conflict", "#de2d26"))  # fmt: skip


def write_chart(
    rows: Sequence[TrendRow], path: str | Path, title: str = "", normalised: bool = False
) -> Path:
    """Stacked quad-class bars per period, the Goldstein mean as a line, spikes marked with triangles.

    With ``normalised`` the bars are events per 100 stored articles instead of counts.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise QueryError(f"a chart is written as {', '.join(FORMATS)}; not {path.name!r}")
    figure = Figure(figsize=(max(6.0, min(18.0, 0.35 * len(rows) + 3)), 4.5), layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    positions = list(range(len(rows)))
    bottom = [0.0] * len(rows)
    for key, label, colour in _QUADS:
        values = [float(getattr(r, key)) for r in rows]
        if normalised:
            values = [
                100.0 * v / r.articles if r.articles else 0.0 for v, r in zip(values, rows, strict=True)
            ]
        ax.bar(positions, values, bottom=bottom, color=colour, label=label, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("events per 100 articles" if normalised else "events")
    spikes = [(i, bottom[i]) for i, r in enumerate(rows) if r.change in ("spike", "extreme")]
    if spikes:
        ax.scatter([i for i, _ in spikes], [h * 1.04 + 0.1 for _, h in spikes], marker="v", color="black",
                   zorder=3, label="spike")  # fmt: skip
    goldstein = ax.twinx()
    means = [r.goldstein_mean if r.goldstein_mean is not None else float("nan") for r in rows]
    goldstein.plot(positions, means, color="#444444", marker=".", linewidth=1.2, label="Goldstein mean")
    goldstein.axhline(0, color="#999999", linewidth=0.6)
    goldstein.set_ylim(-10.5, 10.5)
    goldstein.set_ylabel("Goldstein mean")
    step = max(1, len(rows) // 20)
    ax.set_xticks(positions[::step], [r.period for r in rows][::step], rotation=45, ha="right", fontsize=8)
    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = goldstein.get_legend_handles_labels()
    ax.legend(handles + more_handles, labels + more_labels, fontsize=7, loc="upper left")
    if title:
        ax.set_title(title, fontsize=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format=fmt, dpi=110)
    return path
