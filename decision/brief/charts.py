"""The brief's four charts as matplotlib figures, saved as SVG for the PDF (vector, text kept as text).

Each function draws one chart of the Brief (`content.py`) on a figure of the size it will take on
the page (so 7 pt here is 7 pt on paper), and returns the SVG's bytes. Text stays text in the SVG
(`svg.fonttype: none`), in DejaVu Sans, the font the PDF embeds, so the charts' words are
selectable. matplotlib is imported here only (it takes a second), and no pyplot state is used.
"""

from __future__ import annotations

import io
import re

from decision.brief.content import AcceptabilityChart, PackagesChart, SensitivityChart, ValueChart, short

FONT = "DejaVu Sans"
LABEL = 28  # characters of a name on an axis or in a legend
MM = 1 / 25.4  # inches per millimetre
STYLE = {
    "svg.fonttype": "none",  # text as <text>, not paths: the PDF keeps it as selectable text
    "svg.hashsalt": "decision-brief",  # the same ids on every run
    "font.family": FONT,
    "font.size": 7.5,
    "axes.titlesize": 8,
    "axes.labelsize": 7.5,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "lines.linewidth": 1.2,
    "figure.dpi": 72,
}
# Okabe & Ito's colour-blind-safe palette, then tab10 for more.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
EXTRA = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
         "#17becf")
WINNER, OTHER = "#0072B2", "#9DB4C8"
MAX_LEGEND = 12  # entries in a legend; the rest are named "and N more"


def colour(k: int) -> str:
    colours = PALETTE + EXTRA
    return colours[k % len(colours)]


def _figure(width_mm: float, height_mm: float):
    from matplotlib.figure import Figure  # lazily: matplotlib takes a second to import

    return Figure(figsize=(width_mm * MM, height_mm * MM), layout="constrained")


def _svg(fig) -> bytes:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    # The RDF metadata block is no drawing; the PDF's SVG reader would warn about it.
    return re.sub(rb"<metadata>.*?</metadata>\s*", b"", out.getvalue(), flags=re.S)


def draw(data, width_mm: float, height_mm: float) -> bytes:
    """The SVG of a chart's data (one of content's chart types) at its size on the page."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        fig = _figure(width_mm, height_mm)
        {ValueChart: _values, AcceptabilityChart: _acceptability, PackagesChart: _packages,
         SensitivityChart: _sensitivity}[type(data)](fig, data)
        return _svg(fig)


def _legend(fig, handles, labels, ncol: int) -> None:
    if len(handles) > MAX_LEGEND:
        more = len(handles) - MAX_LEGEND + 1
        handles, labels = handles[:MAX_LEGEND - 1], [*labels[:MAX_LEGEND - 1]]
        from matplotlib.patches import Patch

        handles.append(Patch(color="white"))
        labels.append(f"and {more} more")
    fig.legend(handles, labels, loc="outside lower center", ncol=ncol, frameon=False, handlelength=1.2,
               columnspacing=1.0, handletextpad=0.4)


def _names(names) -> list[str]:
    return [short(n, LABEL) for n in names]


def bars_height(bars: int, legend: int, most: float) -> float:
    """The height (mm) of a bar chart of `bars` bars and `legend` legend entries (two a line): room
    for the axis and the legend, and 8 mm a bar, within 45 mm and `most`."""
    return min(max(40.0, 20.0 + 8.0 * bars + 3.5 * ((min(legend, MAX_LEGEND) + 1) // 2)), most)


def _rows(ax, count: int) -> list[int]:
    """The y of `count` bars from the top down; a single bar keeps the thickness it has beside a second."""
    slots = max(count, 2)
    ax.set_ylim(-0.6, slots - 0.4)
    return [slots - 1 - k for k in range(count)]


def height(data, most: float) -> float:
    """The height (mm) a chart's data is drawn at, at most `most`."""
    if isinstance(data, ValueChart):
        return bars_height(len(data.alternatives), len(data.criteria), most)
    if isinstance(data, AcceptabilityChart):
        return bars_height(len(data.alternatives), 0, most)
    if isinstance(data, PackagesChart):
        return bars_height(len(data.packages), len(data.categories), most)
    return most


def _values(fig, d: ValueChart) -> None:
    ax = fig.add_subplot()
    y = _rows(ax, len(d.alternatives))  # the first ranked at the top
    left = [0.0] * len(y)
    handles = []
    for j, criterion in enumerate(d.criteria):
        widths = [row[j] for row in d.contributions]
        handles.append(ax.barh(y, widths, left=left, color=colour(j), height=0.6, linewidth=0))
        left = [a + b for a, b in zip(left, widths)]  # where the next segment starts (drawing, not a figure)
    for yy, total in zip(y, d.totals or ()):
        ax.text(total + 0.01, yy, f"{total:.3f}", va="center", ha="left", fontsize=7)
    ax.set_yticks(y, _names(d.alternatives))
    ax.set_xlim(0, 1.08)
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_xlabel("overall value (MAVT, 0 to 1)")
    ax.tick_params(axis="y", length=0)
    _legend(fig, handles, _names(d.criteria), ncol=2)


def _acceptability(fig, d: AcceptabilityChart) -> None:
    from matplotlib.ticker import PercentFormatter

    ax = fig.add_subplot()
    y = _rows(ax, len(d.alternatives))
    colours = [WINNER if d.winner is not None and name == d.winner else OTHER for name in d.alternatives]
    ax.barh(y, d.shares, xerr=d.errors, color=colours, height=0.6, error_kw={"elinewidth": 0.6, "capsize": 1.5})
    for yy, share in zip(y, d.shares):
        ax.text(share + 0.02, yy, f"{100 * share:.1f}%", va="center", ha="left", fontsize=7)
    ax.set_yticks(y, _names(d.alternatives))
    ax.set_xlim(0, 1.15)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("share of samples ranking first (bars: ±1 standard error)")
    ax.tick_params(axis="y", length=0)


def _packages(fig, d: PackagesChart) -> None:
    from matplotlib.ticker import FuncFormatter

    ax = fig.add_subplot()
    y = _rows(ax, len(d.packages))
    left = [0.0] * len(y)
    handles = []
    widest = max([sum(row) for row in d.costs] + [d.budget or 0.0]) or 1.0  # the axis's extent (drawing)
    for j, category in enumerate(d.categories):
        widths = [row[j] for row in d.costs]
        handles.append(ax.barh(y, widths, left=left, color=colour(j + 2), height=0.6, linewidth=0))
        for yy, x0, wd, units in zip(y, left, widths, (row[j] for row in d.units)):
            if wd > 0.06 * widest:
                ax.text(x0 + wd / 2, yy, units, ha="center", va="center", fontsize=7, color="white")
        left = [a + b for a, b in zip(left, widths)]
    if d.budget is not None:
        ax.axvline(d.budget, color="#444444", linestyle="--", linewidth=0.8)
    labels = _names(d.packages)
    if d.recommended is not None:
        labels[d.recommended] = labels[d.recommended] + " ◆"
    ax.set_yticks(y, labels)
    if d.recommended is not None:
        ax.get_yticklabels()[d.recommended].set_fontweight("bold")
    ax.set_xlim(0, widest * 1.05)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlabel(f"cost ({d.unit})" if d.unit else "cost")
    ax.tick_params(axis="y", length=0)
    _legend(fig, handles, _names(d.categories), ncol=2)


def _sensitivity(fig, d: SensitivityChart) -> None:
    ax = fig.add_subplot()
    handles = []
    for i, name in enumerate(d.alternatives):
        top = name == d.top
        handles.extend(ax.plot(d.grid, d.values[i], color=colour(i), linewidth=1.6 if top else 1.0,
                               zorder=3 if top else 2))
    ax.axvline(d.current, color="#444444", linestyle="--", linewidth=0.8)
    ax.text(d.current, 0.99, f" now {d.current:.3f}", transform=ax.get_xaxis_transform(), ha="left", va="top",
            fontsize=7, bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    for weight, value, _, _ in d.crossovers:
        ax.plot([weight], [value], marker="o", markersize=4, markerfacecolor="white", markeredgecolor="#222222",
                markeredgewidth=0.8, zorder=4)
        ax.annotate(f"{weight:.3f}", (weight, value), xytext=(0, 7), textcoords="offset points", fontsize=7,
                    ha="center", va="bottom", zorder=5,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"weight of {short(d.criterion, 40)} (the others in proportion)")
    ax.set_ylabel("overall value (MAVT)")
    ax.grid(axis="y", linewidth=0.3, color="#DDDDDD")
    _legend(fig, handles, _names(d.alternatives), ncol=2)


__all__ = ["draw", "height"]
