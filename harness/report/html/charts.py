"""The charts of the HTML report: matplotlib bars per type and precision–recall curves, as inline SVG.

Rules:

* matplotlib is optional (the ``html`` extra) and imported only inside these functions; without it
  :func:`charts_section` shows :data:`CHARTS_NOTE` instead of the charts;
* no pyplot and no global backend switch: each figure gets an Agg canvas of its own, and the chart
  settings (:func:`chart_style`) apply only while the charts are drawn and saved;
* the SVG is deterministic (fixed hash salt, no date, no metadata), its text stays text, and its
  element ids are prefixed per chart so that several charts can share the page;
* labels are never read as mathtext;
* colours are Okabe–Ito, and each series also differs by hatch, line style or marker;
* the precision–recall curves mirror the scoring; a type gets one only when every prediction counted
  for it carries a confidence.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from harness.report.html.common import GOLD_OUTCOMES, confidence_of, esc, interval_level
from harness.report.html.page import Page
from harness.report.table import fmt
from harness.result import Result

if TYPE_CHECKING:
    from matplotlib.figure import Figure


CHARTS_NOTE = "charts need: pip install 'fact-harness[html]'"
"""Shown instead of the charts when matplotlib (the ``html`` extra) is not installed."""


# Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"


def charts_section(page: Page) -> str:
    """The charts, or a note saying how to get them when matplotlib is missing."""
    try:
        charts = draw_charts(page)
    except ImportError:
        body = f"<p class=\"note\" id=\"charts-note\">{esc(CHARTS_NOTE)}</p>"
    else:
        body = "\n".join(charts)
    return f"<section id=\"charts\" aria-labelledby=\"charts-h\">\n<h2 id=\"charts-h\">Charts</h2>\n{body}\n</section>"


def draw_charts(page: Page) -> list[str]:
    """The per-type bars and, when predictions carried confidence, the precision–recall curves.

    Raises ImportError when matplotlib is not installed.
    """
    import matplotlib  # noqa: F401  (optional: the html extra; ImportError without it)

    with chart_style():
        return _draw_charts(page)


def chart_style() -> AbstractContextManager[None]:
    """matplotlib settings for the charts: deterministic SVG with text as text, a readable font size."""
    import matplotlib

    return matplotlib.rc_context({
        "svg.hashsalt": "fact-harness",  # deterministic ids
        "svg.fonttype": "none",  # text stays text: smaller, searchable, drawn with the page's fonts
        "svg.id": "root",
        "font.size": 10.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


def _draw_charts(page: Page) -> list[str]:
    """The charts as ``<figure>`` elements (matplotlib imported, its settings in force)."""
    r = page.result
    prev = page.changes.previous if page.changes is not None else None
    level = interval_level(r.confidence_intervals)
    out = [figure_html("chart-bars", bar_chart(r, prev),
                       f"Precision, recall and F1 per type with their {level} intervals"
                       + (" (— marks the previous result)" if prev is not None else ""))]
    curves = pr_curves(r)
    if curves:
        out.append(figure_html("chart-pr", pr_chart(curves, r.average_precision),
                               "Precision–recall curves by confidence threshold (legend: average precision)"))
    else:
        out.append("<p class=\"note\">No precision–recall curves: the predictions carried no confidence.</p>")
    return out


def figure_html(chart_id: str, fig: Figure, caption: str) -> str:
    """A figure element holding the chart as inline SVG, with a caption and a text alternative."""
    return (f"<figure class=\"chart\" id=\"{chart_id}\"><div class=\"svg\" role=\"img\" aria-label=\"{esc(caption)}\">"
            f"{svg_of(fig, chart_id + '-')}</div><figcaption>{esc(caption)}</figcaption></figure>")


def new_figure(width: float, height: float) -> Figure:
    """A matplotlib figure on an Agg canvas (no pyplot, no global backend switch)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def svg_of(fig: Figure, prefix: str) -> str:
    """``fig`` as deterministic inline SVG, its element ids prefixed so several charts can share a page."""
    buf = io.StringIO()
    with chart_style():
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m[1]})", svg)
    svg = re.sub(r'((?:xlink:)?href)="#([^"]+)"', lambda m: f'{m[1]}="#{prefix}{m[2]}"', svg)
    # matplotlib's stylesheet says "*{...}": keep it to this chart.
    return svg.replace('<style type="text/css">*{', f'<style type="text/css">#{prefix}root *{{')


def _label(text: str) -> str:
    """Text for matplotlib that is never read as mathtext."""
    return text.replace("$", r"\$")


def bar_chart(result: Result, previous: Result | None) -> Figure:
    """Grouped bars: precision, recall and F1 overall and per type, with interval error bars."""
    scopes = ["overall", *result.by_type]
    fig = new_figure(7.5, 3.6)
    ax = fig.add_subplot()
    styles = (("precision", BLUE, "//"), ("recall", ORANGE, ".."), ("f1", GREEN, ""))
    width = 0.26
    for k, (metric, colour, hatch) in enumerate(styles):
        xs, heights, errs = bar_values(result, scopes, metric, offset=(k - 1) * width)
        ax.bar(xs, heights, width, yerr=errs, color=colour, hatch=hatch, edgecolor="#222222", linewidth=0.6,
               error_kw={"ecolor": "#222222", "capsize": 2, "elinewidth": 0.8}, label="F1" if metric == "f1" else metric)
        if previous is not None:
            px, py, _ = bar_values(previous, [s for s in scopes if s == "overall" or s in previous.by_type],
                                   metric, offset=(k - 1) * width, positions=scopes)
            ax.scatter(px, py, marker="_", s=180, color="#000000", linewidths=2,
                       label="previous result" if k == 0 else None, zorder=3)
    for i, scope in enumerate(scopes):
        if result.counts(None if scope == "overall" else scope).f1 is None:
            ax.text(i, 0.03, "n/a", ha="center", fontsize=8)
    ax.set_xticks(range(len(scopes)), [_label(s) for s in scopes])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=4, frameon=False)
    return fig


def bar_values(result: Result, scopes: Sequence[str], metric: str, *, offset: float,
               positions: Sequence[str] | None = None) -> tuple[list[float], list[float], list[list[float]]]:
    """x positions, heights and asymmetric error bars of the defined values of ``metric``."""
    positions = positions or scopes
    cis = result.confidence_intervals
    xs: list[float] = []
    heights: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    for scope in scopes:
        value = result.counts(None if scope == "overall" else scope).metric(metric)
        if value is None:
            continue
        block = cis.get("overall") if scope == "overall" else (cis.get("by_type") or {}).get(scope)
        interval = (block or {}).get(metric)
        xs.append(positions.index(scope) + offset)
        heights.append(value)
        lo.append(max(0.0, value - interval[0]) if interval else 0.0)
        hi.append(max(0.0, interval[1] - value) if interval else 0.0)
    return xs, heights, [lo, hi]


def pr_curves(result: Result) -> dict[str, list[tuple[float, float]]]:
    """Per type: (recall, precision) after each distinct confidence threshold, highest first.

    Mirrors the scoring: predictions counted as tp or fp, each with its confidence; recall over the
    required gold facts. A type is left out unless every counted prediction carries a confidence.
    """
    ranked: dict[str, list[tuple[float | None, bool]]] = {t: [] for t in result.by_type}
    n_gold = dict.fromkeys(result.by_type, 0)
    for d in result.details:
        if d.type not in ranked:
            continue
        conf = confidence_of(d.prediction)
        if d.outcome in GOLD_OUTCOMES and not d.optional:
            n_gold[d.type] += 1
        counted = result.counted(d)
        if counted.tp:
            ranked[d.type].append((conf, True))
        elif counted.fp:
            ranked[d.type].append((conf, False))
    return {t: curve(rows, n_gold[t]) for t, rows in ranked.items()
            if rows and n_gold[t] and all(c is not None for c, _ in rows)}


def curve(rows: Sequence[tuple[float | None, bool]], n_gold: int) -> list[tuple[float, float]]:
    """(recall, precision) points, one per distinct confidence, starting at recall 0."""
    points: list[tuple[float, float]] = []
    tp = fp = 0
    ordered = sorted(rows, key=lambda row: -(row[0] or 0.0))
    for i, (conf, ok) in enumerate(ordered):
        tp, fp = tp + ok, fp + (not ok)
        if i + 1 < len(ordered) and ordered[i + 1][0] == conf:
            continue
        points.append((tp / n_gold, tp / (tp + fp)))
    return [(0.0, points[0][1]), *points] if points else []


def pr_chart(curves: Mapping[str, Sequence[tuple[float, float]]], ap: Mapping[str, float | None]) -> Figure:
    """One step curve per type, told apart by colour, line style and marker."""
    fig = new_figure(7.5, 4.4)
    ax = fig.add_subplot()
    colours = (BLUE, ORANGE, GREEN, VERMILLION, "#CC79A7", "#56B4E9", "#000000")
    lines = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)), (0, (3, 1)))
    markers = ("o", "s", "^", "D", "v", "P", "X")
    for k, (ftype, points) in enumerate(curves.items()):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        ax.plot(xs, ys, drawstyle="steps-pre", color=colours[k % 7], linestyle=lines[k % 7], marker=markers[k % 7],
                markersize=4, linewidth=1.6, label=_label(f"{ftype} (AP {fmt(ap.get(ftype))})"))
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.grid(color="#dddddd", linewidth=0.6)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False)
    return fig
