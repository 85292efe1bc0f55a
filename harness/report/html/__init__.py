"""A self-contained HTML report: one file, no network, readable from disk.

At the top: the extractor, mode and gate verdict, overall and per-type precision, recall and F1 with
their bootstrap intervals — as a table and as matplotlib charts (per-type bars; precision–recall curves
when the predictions carried ``confidence``). Then a per-article summary table linking to one section
per article: its text with every gold fact's evidence highlighted by outcome (✓ found, ◐ partial,
✗ missed; optional facts outlined), and the facts and unmatched predictions with the matcher's reasons.
Given a ``previous`` result, what changed is marked (score deltas, newly missed / found / spurious).

Design rules:

* everything taken from the result or the corpus is escaped with :func:`html.escape`;
* CSS and a little JavaScript are inline; the page works without JavaScript (the script only adds the
  type/outcome filters) and sets ``<body data-js="ok">`` once it has run;
* charts are matplotlib SVG (Agg canvas, deterministic: fixed hash salt, no date) embedded inline;
  matplotlib is the optional ``html`` extra — without it the report says how to get the charts;
* the output is deterministic: the same inputs give the same text.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from harness.compare import FactDiff, diff, side_by_side
from harness.corpus import Corpus, Entry, GoldError
from harness.details import Detail
from harness.evidence import FoldedText
from harness.metrics import METRICS, Counts, total
from harness.model import evidence_list, fact_to_dict
from harness.report.table import DASH, fmt, fmt_interval
from harness.result import Check, Result

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHARTS_NOTE = "charts need: pip install 'fact-harness[html]'"
"""Shown instead of the charts when matplotlib (the ``html`` extra) is not installed."""

OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "tp": ("✓", "found"),
    "partial": ("◐", "partial"),
    "fn": ("✗", "missed"),
    "fp": ("⚠", "false positive"),
    "negative": ("⊘", "negative"),
    "duplicate": ("≡", "duplicate"),
}
"""Icon and label of each outcome: colour is never the only cue."""

GOLD_OUTCOMES = ("tp", "partial", "fn")
"""Outcomes of gold facts (one detail per gold fact); the others are unmatched predictions."""

SEVERITY = ("fn", "partial", "negative", "fp", "tp", "duplicate")
"""Which outcome colours a stretch of text several highlights cover: the first one present."""

SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)

# Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"

GoldKey = tuple[str, str, str | None]
PredKey = tuple[str, str, str]


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


# --------------------------------------------------------------------------------------------- context


@dataclass
class Changes:
    """What changed against a previous result, keyed like the details they mark."""

    previous: Result
    facts: FactDiff
    scores: list[dict[str, Any]]
    gold: dict[GoldKey, str] = field(default_factory=dict)
    """(article, type, gold id) → "newly found" / "newly missed"."""
    spurious: set[PredKey] = field(default_factory=set)
    """Predictions spurious now but not before."""

    @classmethod
    def of(cls, previous: Result, result: Result) -> Changes:
        """Compare ``previous`` with ``result`` (facts via :func:`diff`, scores via :func:`side_by_side`)."""
        facts = diff(previous, result)
        changes = cls(previous, facts, side_by_side([previous, result]))
        for d in facts.newly_found:
            changes.gold[(d.article, d.type, d.gold_id)] = "newly found"
        for d in facts.newly_missed:
            changes.gold[(d.article, d.type, d.gold_id)] = "newly missed"
        changes.spurious = {pred_key(d) for d in facts.newly_spurious}
        return changes

    def delta(self, scope: str, metric: str) -> float | None:
        """The change of ``metric`` in ``scope`` (overall or a type) since the previous result."""
        for row in self.scores:
            if row["scope"] == scope:
                value: float | None = row["runs"][1][f"{metric}_delta"]
                return value
        return None


@dataclass
class Page:
    """Everything the renderers share: the result, the corpus, the changes and the anchors."""

    result: Result
    corpus: Corpus | None
    changes: Changes | None
    anchors: dict[str, str]
    by_article: dict[str, list[tuple[str, Detail]]]
    """Per shown article: (table-row id, detail) of each of its details, in the result's order."""
    gold_rows: dict[GoldKey, str]
    pred_rows: dict[PredKey, str]
    shown: list[str] = field(default_factory=list)
    """The articles that get a section of their own, in the result's order (see :func:`shown_articles`)."""
    _entries: dict[str, Entry | None] = field(default_factory=dict)

    @classmethod
    def of(cls, result: Result, corpus: Corpus | None, previous: Result | None,
           max_articles: int | None = None) -> Page:
        """Choose the shown articles, assign anchors to articles and row ids to their details."""
        anchors = article_anchors(result.by_article)
        shown = shown_articles(result, max_articles)
        by_article: dict[str, list[tuple[str, Detail]]] = {a: [] for a in shown}
        gold_rows: dict[GoldKey, str] = {}
        pred_rows: dict[PredKey, str] = {}
        for d in result.details:  # one pass: the details may be streamed from disk
            if d.article in result.by_article and d.article not in by_article:
                continue  # an article without a section of its own: its details are not kept
            rows = by_article.setdefault(d.article, [])
            row = f"{anchors.get(d.article, 'a-unknown')}-{len(rows) + 1}"
            rows.append((row, d))
            if d.outcome in GOLD_OUTCOMES:
                gold_rows[(d.article, d.type, d.gold_id)] = row
            else:
                pred_rows.setdefault(pred_key(d), row)
        changes = Changes.of(previous, result) if previous is not None else None
        return cls(result, corpus, changes, anchors, by_article, gold_rows, pred_rows, shown)

    def link(self, article: str) -> str:
        """Where a link to ``article`` goes: its section, else (not shown) the articles table."""
        return self.anchors[article] if article in self.by_article else ("articles" if article in self.anchors
                                                                           else "top")

    def entry(self, article: str) -> Entry | None:
        """The corpus entry of ``article``, when there is a corpus holding it (and its gold loads)."""
        if self.corpus is None or article not in self.corpus:
            return None
        if article not in self._entries:
            try:
                self._entries[article] = self.corpus[article]
            except GoldError:
                self._entries[article] = None
        return self._entries[article]

    def title(self, article: str) -> str:
        """The article's title from the corpus, or "" when unknown."""
        entry = self.entry(article)
        return entry.article.title or "" if entry is not None else ""

    def details_of(self, article: str) -> list[tuple[str, Detail]]:
        """(row id, detail) of every detail of ``article``, in the result's order."""
        return self.by_article.get(article, [])


def pred_key(d: Detail) -> PredKey:
    """How :mod:`harness.compare` identifies a prediction across runs."""
    return (d.article, d.type, json.dumps(d.prediction, sort_keys=True))


def article_anchors(articles: Iterable[str]) -> dict[str, str]:
    """A unique, URL-safe element id for every article id."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for article in articles:
        base = "a-" + re.sub(r"[^A-Za-z0-9_-]", "-", article)
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        out[article] = anchor
    return out


# --------------------------------------------------------------------------------------------- entry point


MAX_ARTICLES = 100
"""Articles given a section of their own by default; the table still lists every article."""


def shown_articles(result: Result, limit: int | None) -> list[str]:
    """The articles given a section, in the result's order: all of them when ``limit`` is None or 0
    or there are no more; otherwise the ``limit`` most worth a look — extractor errors and
    regressions first, then by misses plus false positives (most first), then by id."""
    articles = list(result.by_article)
    if not limit or len(articles) <= limit:
        return articles
    flagged = {e.article for e in result.errors} | set(result.article_regressions)

    def rank(article: str) -> tuple[bool, int, str]:
        c = total(result.by_article[article].values())
        return (article not in flagged, -(c.fp + c.fn), article)

    keep = set(sorted(articles, key=rank)[:limit])
    return [a for a in articles if a in keep]


def render(result: Result, corpus: Corpus | None = None, previous: Result | None = None, *,
           max_articles: int | None = MAX_ARTICLES) -> str:
    """The whole report as one self-contained HTML document.

    ``corpus`` supplies article texts and gold evidence (for the highlights); without it the report
    shows the tables and the per-article fact lists only, with a note. ``previous`` is an earlier
    result on the same gold: what changed since is marked. At most ``max_articles`` articles get a
    section of their own (None or 0: all; see :func:`shown_articles`), so a report on a large corpus
    stays small enough to open.
    """
    page = Page.of(result, corpus, previous, max_articles)
    parts = [
        header(page),
        scores_section(page),
        charts_section(page),
        changes_section(page),
        errors_section(page),
        articles_table(page),
        articles_section(page),
    ]
    return document(f"fact-harness report: {result.extractor}", "\n".join(p for p in parts if p))


def document(title: str, body: str) -> str:
    """The HTML page around ``body``: meta tags, the inline CSS (``static/report.css``), the inline
    script (``static/report.js``)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{static_text('report.css')}</style>\n</head>\n"
        f"<body data-js=\"off\">\n<main id=\"top\">\n{body}\n</main>\n<script>\n{static_text('report.js')}</script>\n"
        "</body>\n</html>\n"
    )


@cache
def static_text(name: str) -> str:
    """The text of ``static/<name>``, a data file of this package (read once, then kept)."""
    return (files("harness.report.html") / "static" / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------- header, scores


def header(page: Page) -> str:
    """Title, run description and gate verdict."""
    r = page.result
    ci = r.confidence_intervals
    facts = [
        ("extractor", r.extractor),
        ("mode", r.mode),
        ("articles", str(len(r.by_article))),
        ("harness", r.harness_version),
        ("intervals", f"{_level(ci)} {ci.get('method', 'bootstrap')} ({ci.get('resamples', '?')} resamples, "
                      f"seed {ci.get('seed', '?')})"),
    ]
    if page.changes is not None:
        prev = page.changes.previous
        facts.append(("compared with", f"{prev.extractor} ({prev.mode}, harness {prev.harness_version})"))
    items = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
    return (f"<header>\n<h1>fact-harness report: <span class=\"extractor\">{esc(r.extractor)}</span></h1>\n"
            f"<dl class=\"run\">{items}</dl>\n{verdict(r)}\n</header>")


def _level(ci: Mapping[str, Any]) -> str:
    level = ci.get("level", 0.95)
    return f"{float(level) * 100:g}%" if isinstance(level, (int, float)) else "95%"


def verdict(result: Result) -> str:
    """The gate verdict as a banner with an icon and words, not colour alone."""
    if not result.checks:
        return "<p class=\"verdict none\" data-verdict=\"none\">– no gates set</p>"
    if result.gates_passed:
        return "<p class=\"verdict pass\" data-verdict=\"pass\">✓ all gates passed</p>"
    failed = sum(c.status == "fail" for c in result.checks)
    return f"<p class=\"verdict fail\" data-verdict=\"fail\">✗ {failed} gate check(s) failed</p>"


def scores_section(page: Page) -> str:
    """The scores table (per type and overall, with intervals and average precision) and the gate checks."""
    r = page.result
    level = _level(r.confidence_intervals)
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in (
        "scope", f"precision <small>({level} CI)</small>", f"recall <small>({level} CI)</small>",
        f"F1 <small>({level} CI)</small>", "<abbr title=\"average precision\">AP</abbr>", "tp", "fp", "fn"))
    by_type_ci = r.confidence_intervals.get("by_type", {}) or {}
    rows = [score_row(page, t, c, by_type_ci.get(t), r.average_precision.get(t)) for t, c in r.by_type.items()]
    rows.append(score_row(page, "overall", r.overall, r.confidence_intervals.get("overall"), None, total_row=True))
    rows += [macro_row(name, r.macro.get(key) or {}) for key, name in
             (("over_articles", "macro over articles"), ("over_types", "macro over types"))]
    note = " Δ: change since the previous result (▲ better, ▼ worse)." if page.changes is not None else ""
    return (f"<section id=\"scores\" aria-labelledby=\"scores-h\">\n<h2 id=\"scores-h\">Scores</h2>\n"
            f"<div class=\"scroll\"><table class=\"scores\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>\n<p class=\"hint\">Micro averages unless marked macro; "
            f"below each ratio its {level} bootstrap interval.{note}</p>\n{checks_table(r.checks)}\n</section>")


def score_row(page: Page, scope: str, c: Counts, ci: Mapping[str, Any] | None, ap: float | None, *,
              total_row: bool = False) -> str:
    """One row of the scores table; every number carries ``data-scope``/``data-metric``/``data-value``."""
    ci = ci or {}
    cells = [f"<th scope=\"row\">{esc(scope)}</th>"]
    for m in METRICS:
        delta = page.changes.delta(scope, m) if page.changes is not None else None
        value = c.metric(m)
        cells.append(f"<td>{number(scope, m, value, fmt(value))}<span class=\"ci\">{esc(fmt_interval(ci.get(m)))}"
                     f"</span>{delta_badge(delta, page.changes is not None)}</td>")
    cells.append(f"<td>{number(scope, 'average_precision', ap, fmt(ap)) if not total_row else ''}</td>")
    cells += [f"<td>{number(scope, k, v, str(v))}</td>" for k, v in (("tp", c.tp), ("fp", c.fp), ("fn", c.fn))]
    cls = " class=\"total\"" if total_row else ""
    return f"<tr{cls}>{''.join(cells)}</tr>"


def macro_row(name: str, values: Mapping[str, float | None]) -> str:
    """A macro-average row: precision, recall and F1 only."""
    cells = [f"<th scope=\"row\">{esc(name)}</th>"]
    cells += [f"<td>{number(name, m, values.get(m), fmt(values.get(m)))}</td>" for m in METRICS]
    return f"<tr class=\"macro\">{''.join(cells)}{'<td></td>' * 4}</tr>"


COUNTS = ("tp", "fp", "fn")


def number(scope: str, metric: str, value: float | int | None, text: str) -> str:
    """A number with machine-readable attributes (the browser test compares them with the JSON)."""
    raw = "null" if value is None else (str(value) if metric in COUNTS else f"{float(value):.6f}")
    return (f"<span class=\"num\" data-scope=\"{esc(scope)}\" data-metric=\"{esc(metric)}\" "
            f"data-value=\"{raw}\">{esc(text)}</span>")


def delta_badge(delta: float | None, comparing: bool) -> str:
    """▲ +0.050 / ▼ −0.020 / ± 0; empty when not comparing."""
    if not comparing:
        return ""
    if delta is None:
        return f" <span class=\"delta\">Δ {DASH}</span>"
    if abs(delta) < 5e-4:
        return " <span class=\"delta same\">± 0</span>"
    if delta > 0:
        return f" <span class=\"delta up\">▲ +{delta:.3f}</span>"
    return f" <span class=\"delta down\">▼ −{-delta:.3f}</span>"


CHECK_STATUS = {"pass": ("pass", "✓ pass"), "fail": ("fail", "✗ fail"), "not applicable": ("na", "– n/a")}


def checks_table(checks: Sequence[Check]) -> str:
    """The gate checks, when any were set: status first."""
    if not checks:
        return ""
    rows = []
    for ch in checks:
        cls, label = CHECK_STATUS.get(ch.status, ("na", ch.status))
        base = f" (baseline {fmt(ch.baseline)})" if ch.kind == "regression" else ""
        rows.append(f"<tr><th scope=\"row\">{esc(ch.name)}</th><td><span class=\"status {cls}\">{esc(label)}</span>"
                    f"</td><td>{esc(fmt(ch.actual))}</td><td>{esc(fmt(ch.threshold))}{esc(base)}</td>"
                    f"<td>{esc(ch.kind)}</td></tr>")
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in ("check", "status", "actual", "threshold", "kind"))
    return (f"<h3>Gates</h3>\n<div class=\"scroll\"><table class=\"checks\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


# --------------------------------------------------------------------------------------------- charts


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
    out = [figure_html("chart-bars", bar_chart(r, prev),
                       f"Precision, recall and F1 per type with their {_level(r.confidence_intervals)} intervals"
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
    strict = result.mode == "strict"
    count_dup = bool(result.options.get("count_duplicates"))
    ranked: dict[str, list[tuple[float | None, bool]]] = {t: [] for t in result.by_type}
    n_gold = dict.fromkeys(result.by_type, 0)
    for d in result.details:
        if d.type not in ranked:
            continue
        conf = _confidence(d.prediction)
        if d.outcome in GOLD_OUTCOMES and not d.optional:
            n_gold[d.type] += 1
        if d.outcome == "tp" or (d.outcome == "partial" and not strict):
            if not d.optional:
                ranked[d.type].append((conf, True))
        elif d.outcome in ("partial", "fp", "negative") or (d.outcome == "duplicate" and count_dup):
            ranked[d.type].append((conf, False))
    return {t: curve(rows, n_gold[t]) for t, rows in ranked.items()
            if rows and n_gold[t] and all(c is not None for c, _ in rows)}


def _confidence(prediction: Mapping[str, Any] | None) -> float | None:
    value = (prediction or {}).get("confidence")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


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


# --------------------------------------------------------------------------------------------- changes, errors


def changes_section(page: Page) -> str:
    """What changed since the previous result: each fact that changed fate, linked to its row."""
    ch = page.changes
    if ch is None:
        return ""
    groups = (
        ("newly-missed", "down", "▼", "newly missed", ch.facts.newly_missed),
        ("newly-found", "up", "▲", "newly found", ch.facts.newly_found),
        ("newly-spurious", "down", "▼", "new false positives", ch.facts.newly_spurious),
        ("no-longer-spurious", "up", "▲", "no longer false positives", ch.facts.no_longer_spurious),
    )
    summary = " · ".join(f"<span class=\"chg {cls}\">{icon} {len(items)} {esc(label)}</span>"
                         for _, cls, icon, label, items in groups)
    lists = "".join(change_list(page, key, label, items) for key, _, _, label, items in groups if items)
    return (f"<section id=\"changes\" aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">Changes since the previous "
            f"result</h2>\n<p>{summary}</p>\n{lists}</section>")


OPEN_CHANGES = 15
"""A list of changed facts this long or shorter is shown open; longer ones start folded."""


MAX_CHANGES = 500
"""Changed facts listed per group; past that a line says how many more (``fact-harness diff`` lists all)."""


def change_list(page: Page, key: str, label: str, items: Sequence[Detail]) -> str:
    """One group of changed facts as a list of links (the first :data:`MAX_CHANGES` of them)."""
    lis = []
    for d in items[:MAX_CHANGES]:
        if d.outcome in GOLD_OUTCOMES:
            target = page.gold_rows.get((d.article, d.type, d.gold_id))
            what = f"<code>{esc(d.gold_id)}</code>"
        else:
            target = page.pred_rows.get(pred_key(d))
            what = esc(describe(d.prediction or {}))
        href = target or page.link(d.article)
        lis.append(f"<li><a href=\"#{esc(href)}\">{esc(d.article)}</a> · {esc(d.type)} · {what} — "
                   f"<span class=\"reason\">{esc(d.reason)}</span></li>")
    if len(items) > MAX_CHANGES:
        lis.append(f"<li class=\"more\">… and {len(items) - MAX_CHANGES:,} more (<code>fact-harness diff OLD.json "
                   "NEW.json</code> lists them all)</li>")
    opened = " open" if len(items) <= OPEN_CHANGES else ""
    return (f"<details class=\"changes\" id=\"{key}\"{opened}><summary>{esc(label)} ({len(items)})</summary>\n"
            f"<ul class=\"changes\">{''.join(lis)}</ul></details>\n")


def errors_section(page: Page) -> str:
    """Articles the extractor failed on."""
    result = page.result
    if not result.errors:
        return ""
    lis = "".join(f"<li><a href=\"#{esc(page.link(e.article))}\">{esc(e.article)}</a>: "
                  f"{esc(e.message)}</li>" for e in result.errors)
    return (f"<section id=\"errors\" aria-labelledby=\"errors-h\">\n<h2 id=\"errors-h\">⚠ Extractor errors "
            f"({len(result.errors)})</h2>\n<p>Their gold counts as missed.</p>\n<ul>{lis}</ul>\n</section>")


# --------------------------------------------------------------------------------------------- articles


def articles_table(page: Page) -> str:
    """One row per article, each linking to the article's section."""
    r = page.result
    notes = {a: article_notes(r, a) for a in r.by_article}
    with_notes = any(notes.values())
    titles = {a: page.title(a) if a in page.by_article else "" for a in r.by_article}
    with_titles = any(titles.values())
    head = ["article", *(["title"] if with_titles else []), "precision", "recall", "F1",
            *(["Δ F1"] if page.changes else []), "tp", "fp", "fn", *(["notes"] if with_notes else [])]
    th = "".join(f"<th scope=\"col\" class=\"{h}\">{h}</th>" if h in ("title", "notes") else
                 f"<th scope=\"col\">{esc(h)}</th>" for h in head)
    rows = "".join(article_row(page, a, titles[a] if with_titles else None, notes[a] if with_notes else None)
                   for a in r.by_article)
    return (f"<section id=\"articles\" aria-labelledby=\"articles-h\">\n<h2 id=\"articles-h\">Articles</h2>\n"
            f"<div class=\"scroll\"><table class=\"per-article\"><thead><tr>{th}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div>\n</section>")


def article_notes(result: Result, article: str) -> str:
    """Extractor errors and regressions of one article, for the articles table."""
    notes = ["⚠ extractor error"] if any(e.article == article for e in result.errors) else []
    if article in result.article_regressions:
        notes.append(f"▼ regression: {result.article_regressions[article]}")
    return "; ".join(notes)


def article_row(page: Page, article: str, title: str | None, notes: str | None) -> str:
    """One article's row: a link to its section, its title, scores, change of F1, counts, notes
    (``title`` and ``notes`` are None when the table has no such column)."""
    c = total(page.result.by_article[article].values())
    cells = [f"<th scope=\"row\"><a href=\"#{esc(page.anchors[article])}\">{esc(article)}</a></th>"
             if article in page.by_article else f"<th scope=\"row\">{esc(article)}</th>"]
    if title is not None:
        cells.append(f"<td class=\"title\">{esc(title)}</td>")
    cells += [f"<td>{number(article, m, c.metric(m), fmt(c.metric(m)))}</td>" for m in METRICS]
    if page.changes is not None:
        before = page.changes.previous.by_article.get(article)
        old = total(before.values()).f1 if before is not None else None
        cells.append(f"<td>{delta_badge(None if old is None or c.f1 is None else c.f1 - old, True)}</td>")
    cells += [f"<td>{number(article, k, v, str(v))}</td>" for k, v in (("tp", c.tp), ("fp", c.fp), ("fn", c.fn))]
    if notes is not None:
        cells.append(f"<td class=\"notes\">{esc(notes)}</td>")
    return f"<tr>{''.join(cells)}</tr>"


def articles_section(page: Page) -> str:
    """The filters, the legend and one section per article."""
    note = "" if page.corpus is not None else (
        "<p class=\"note\" id=\"no-corpus\">Article texts are not shown: this report was rendered without the "
        "corpus (the gold and article texts). The facts below come from the result's details.</p>")
    sections = "\n".join(article_section(page, a) for a in page.shown)
    total_articles = len(page.result.by_article)
    if len(page.shown) < total_articles:
        note += (f"<p class=\"note\" id=\"capped\">Showing {len(page.shown):,} of {total_articles:,} articles: those "
                 "with extractor errors or regressions first, then those with the most misses and false positives. "
                 "The table above lists every article; <code>fact-harness report --max-articles 0</code> shows them "
                 "all.</p>")
    return (f"<section id=\"facts\" aria-labelledby=\"facts-h\">\n<h2 id=\"facts-h\">Facts by article</h2>\n"
            f"{note}{filters(page.result)}\n{LEGEND if page.corpus is not None else ''}\n{sections}\n</section>")


def filters(result: Result) -> str:
    """Type and outcome checkboxes; hidden until the script shows them (no JavaScript: everything shows)."""
    types = "".join(f"<label><input type=\"checkbox\" name=\"type\" value=\"{esc(t)}\" checked> {esc(t)}</label>"
                    for t in result.by_type)
    outcomes = "".join(f"<label><input type=\"checkbox\" name=\"outcome\" value=\"{o}\" checked> "
                       f"<span class=\"out o-{o}\">{OUTCOME_LABELS[o][0]} {OUTCOME_LABELS[o][1]}</span></label>"
                       for o in OUTCOME_LABELS)
    return ("<form id=\"filters\" class=\"filters\" hidden aria-label=\"Filter facts\">"
            f"<fieldset><legend>Types</legend>{types}</fieldset>"
            f"<fieldset><legend>Outcomes</legend>{outcomes}</fieldset>"
            "<fieldset><legend>Optional</legend><label><input type=\"checkbox\" name=\"optional\" value=\"1\" checked>"
            " optional facts</label></fieldset><output id=\"shown\" aria-live=\"polite\"></output></form>")


LEGEND = (
    "<p class=\"legend\">Evidence in the text: "
    "<mark class=\"hl o-tp\">✓ found</mark> <mark class=\"hl o-partial\">◐ partial</mark> "
    "<mark class=\"hl o-fn\">✗ missed</mark> <mark class=\"hl o-fp\">⚠ false positive</mark> "
    "<mark class=\"hl o-negative\">⊘ negative</mark> <mark class=\"hl o-tp opt\">optional (dashed outline)</mark>. "
    "Each badge links to the fact's row; hover a highlight for the matcher's reason.</p>"
)


def article_section(page: Page, article: str) -> str:
    """One article: heading, its text with highlights, its gold facts and its unmatched predictions."""
    entry = page.entry(article)
    rows = page.details_of(article)
    gold = [(row, d) for row, d in rows if d.outcome in GOLD_OUTCOMES]
    preds = [(row, d) for row, d in rows if d.outcome not in GOLD_OUTCOMES]
    spans = evidence_spans(entry, rows) if entry is not None else []
    highlighted = {s.row for s in spans}
    body = [article_heading(page, article, entry)]
    if entry is not None:
        body.append(f"<details class=\"text-box\" open><summary>Article text</summary>"
                    f"<div class=\"text\">{highlight(entry.article.text, spans)}</div></details>")
    elif page.corpus is not None:
        body.append("<p class=\"note\">This article is not in the corpus given (or its gold does not load): its text is "
                    "not shown.</p>")
    body.append(gold_table(page, entry, gold, highlighted))
    body.append(pred_table(page, preds, highlighted))
    body.append(gone_list(page, article))
    body.append("<p class=\"back\"><a href=\"#articles\">↑ articles</a></p>")
    return f"<section class=\"article\" id=\"{esc(page.anchors[article])}\">\n{''.join(body)}\n</section>"


def article_heading(page: Page, article: str, entry: Entry | None) -> str:
    """The article's id and title, its metadata and its scores."""
    r = page.result
    c = total(r.by_article[article].values())
    title = f" — {esc(entry.article.title)}" if entry is not None and entry.article.title else ""
    meta = []
    if entry is not None:
        a = entry.article
        meta += [esc(x) for x in (a.outlet, a.published) if x]
        if a.url:
            meta.append(f"<a href=\"{esc(a.url)}\" rel=\"noopener noreferrer\">{esc(a.url)}</a>"
                        if SAFE_URL.match(a.url) else esc(a.url))
    scores = (f"tp {c.tp} · fp {c.fp} · fn {c.fn} · precision {fmt(c.precision)} · recall {fmt(c.recall)} · "
              f"F1 {fmt(c.f1)}")
    errors = "".join(f"<p class=\"error\">⚠ extractor error: {esc(e.message)} (its gold counts as missed)</p>"
                     for e in r.errors if e.article == article)
    meta_html = f"<p class=\"meta\">{' · '.join(meta)}</p>" if meta else ""
    return f"<h3>{esc(article)}{title}</h3>{meta_html}<p class=\"meta\">{esc(scores)}</p>{errors}"


# --------------------------------------------------------------------------------------------- fact tables


def gold_table(page: Page, entry: Entry | None, rows: Sequence[tuple[str, Detail]], highlighted: set[str]) -> str:
    """The article's gold facts: outcome, type, the gold fact, the prediction paired with it, why."""
    if not rows:
        return "<p class=\"empty\">No gold facts.</p>"
    facts = {f.id: fact_to_dict(f) for f in entry.gold.facts} if entry is not None else {}
    names = {f.id: f.name for f in entry.gold.facts if f.type == "speaker"} if entry is not None else {}
    trs = []
    for row, d in rows:
        change = page.changes.gold.get((d.article, d.type, d.gold_id)) if page.changes is not None else None
        gold = facts.get(d.gold_id or "")
        gold_cell = f"<code>{esc(d.gold_id)}</code>" + (f"<br>{esc(describe(gold, names))}" if gold else "")
        link = (f" <a class=\"to-text\" href=\"#ev-{row}\">↑ in text</a>" if row in highlighted
                else (" <span class=\"hint\">(evidence not found in the text)</span>" if entry is not None else ""))
        trs.append(fact_row(row, d, change, [
            ("gold fact", gold_cell + link),
            ("prediction", esc(describe(d.prediction)) + confidence_note(d.prediction) if d.prediction else DASH),
        ]))
    return fact_table(f"Gold facts ({len(rows)})", ("gold fact", "prediction"), trs)


def pred_table(page: Page, rows: Sequence[tuple[str, Detail]], highlighted: set[str]) -> str:
    """The article's predictions that matched no gold fact: false positives, negatives, duplicates."""
    if not rows:
        return "<p class=\"empty\">No unmatched predictions.</p>"
    trs = []
    for row, d in rows:
        change = "new false positive" if page.changes is not None and pred_key(d) in page.changes.spurious else None
        link = (f" <a class=\"to-text\" href=\"#ev-{row}\">↑ in text</a>" if row in highlighted
                else quoted_evidence(d.prediction))
        target = f"<code>{esc(d.gold_id)}</code>" if d.gold_id else DASH
        trs.append(fact_row(row, d, change, [
            ("prediction", esc(describe(d.prediction)) + confidence_note(d.prediction) + link),
            ("gold / negative", target),
        ]))
    return fact_table(f"Unmatched predictions ({len(rows)})", ("prediction", "gold / negative"), trs)


def quoted_evidence(prediction: Mapping[str, Any] | None, limit: int = 200) -> str:
    """The evidence a prediction quoted (shortened), for predictions not highlighted in the text."""
    ev = (prediction or {}).get("evidence")
    quotes = [ev] if isinstance(ev, str) else [q for q in ev if isinstance(q, str)] if isinstance(ev, list) else []
    shown = [q if len(q) <= limit else q[: limit - 1] + "…" for q in quotes[:3]]
    return "".join(f"<br><q class=\"evidence\">{esc(q)}</q>" for q in shown)


def fact_table(caption: str, columns: Sequence[str], rows: Sequence[str]) -> str:
    """A facts table: outcome, type, ``columns``, reason."""
    th = "".join(f"<th scope=\"col\">{esc(c)}</th>" for c in ("outcome", "type", *columns, "reason"))
    return (f"<table class=\"facts\"><caption>{esc(caption)}</caption><thead><tr>{th}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def fact_row(row: str, d: Detail, change: str | None, cells: Sequence[tuple[str, str]]) -> str:
    """One fact's row, with the attributes the filters read (``data-pairs``: type:outcome:optional)."""
    icon, label = OUTCOME_LABELS.get(d.outcome, ("?", d.outcome))
    outcome = f"<span class=\"out o-{esc(d.outcome)}\">{icon} {esc(label)}</span>"
    if d.optional:
        outcome += " <span class=\"opt-label\">optional</span>"
    if change is not None:
        cls, arrow = ("up", "▲") if change == "newly found" else ("down", "▼")
        outcome += f" <span class=\"chg {cls}\">{arrow} {esc(change)}</span>"
    tds = [f"<td data-label=\"outcome\">{outcome}</td>", f"<td data-label=\"type\" class=\"type\">{esc(d.type)}</td>"]
    tds += [f"<td data-label=\"{esc(name)}\">{content}</td>" for name, content in cells]
    tds.append(f"<td data-label=\"reason\" class=\"reason\">{esc(d.reason)}</td>")
    attrs = (f"id=\"{row}\" data-type=\"{esc(d.type)}\" data-outcome=\"{esc(d.outcome)}\" "
             f"data-pairs=\"{esc(pair(d.type, d.outcome, d.optional))}\"" + (f" data-changed=\"{esc(change)}\""
                                                                              if change else ""))
    return f"<tr {attrs}>{''.join(tds)}</tr>"


def pair(ftype: str, outcome: str, optional: bool) -> str:
    """What the filters match on: ``type:outcome:1`` (optional) or ``type:outcome:0``."""
    return f"{ftype}:{outcome}:{int(optional)}"


def gone_list(page: Page, article: str) -> str:
    """Predictions that were false positives in the previous result and are not any more."""
    if page.changes is None:
        return ""
    gone = [d for d in page.changes.facts.no_longer_spurious if d.article == article]
    if not gone:
        return ""
    lis = "".join(f"<li><span class=\"chg up\">▲ no longer a false positive</span> {esc(d.type)}: "
                  f"{esc(describe(d.prediction))} — <span class=\"reason\">{esc(d.reason)}</span></li>" for d in gone)
    return f"<h4>No longer false positives ({len(gone)})</h4><ul class=\"changes\">{lis}</ul>"


def confidence_note(prediction: Mapping[str, Any] | None) -> str:
    """`` (confidence 0.90)`` when the prediction carried one."""
    conf = _confidence(prediction)
    return "" if conf is None else f" <span class=\"conf\">(confidence {conf:.2f})</span>"


def describe(fact: Mapping[str, Any] | None, names: Mapping[str, str] | None = None) -> str:
    """A one-line description of a gold fact or prediction (gold speaker ids become names via ``names``)."""
    if not fact:
        return ""
    names = names or {}
    speaker = fact.get("speaker")
    speaker = names.get(speaker, speaker) if isinstance(speaker, str) else speaker
    kind = fact.get("type")
    if kind == "figure":
        text = f"{'≈ ' if fact.get('approx') else ''}{_num(fact.get('value'))} {fact.get('unit', '')}".strip()
        return text + (f" (per {speaker})" if speaker else "")
    if kind == "speaker":
        return ", ".join(str(x) for x in (fact.get("name"), fact.get("role")) if x)
    if kind == "date":
        return f"{fact.get('value')}" + (f" (“{fact['text']}”)" if fact.get("text") else "")
    if kind == "place":
        return str(fact.get("name", "")) + _distance(fact.get("distance"))
    if kind == "claim":
        return f"{speaker}: “{fact.get('text', '')}”"
    return " ".join(str(fact[k]) for k in ("name", "value", "unit", "speaker", "text") if k in fact)


def _distance(distance: Any) -> str:
    if not isinstance(distance, Mapping):
        return ""
    parts = [_num(distance.get("value")), distance.get("unit"), distance.get("direction")]
    where = f" of {distance['from']}" if distance.get("from") else ""
    return ", " + " ".join(str(p) for p in parts if p) + where


def _num(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


# --------------------------------------------------------------------------------------------- highlighting


@dataclass(frozen=True)
class Span:
    """A stretch of the article text that is evidence of one fact."""

    start: int
    end: int
    row: str
    type: str
    outcome: str
    optional: bool
    label: str


def evidence_spans(entry: Entry, rows: Sequence[tuple[str, Detail]]) -> list[Span]:
    """Where the evidence of each gold fact (and negative hit, and false positive) occurs in the text."""
    folded = FoldedText.of(entry.article.text)
    gold = {f.id: f.evidence for f in entry.gold.facts}
    negatives = {f.id: f.evidence for f in entry.gold.negatives}
    spans: list[Span] = []
    for row, d in rows:
        quotes = _quotes(d, gold, negatives)
        label = span_label(d)
        for quote in quotes:
            for start, end in folded.find_all(quote):
                spans.append(Span(start, end, row, d.type, d.outcome, d.optional, label))
    return spans


def _quotes(d: Detail, gold: Mapping[str, str | list[str]], negatives: Mapping[str, str | list[str]]) -> list[str]:
    """The evidence quotes to highlight for ``d``: the gold fact's, the negative's, or the prediction's own."""
    if d.outcome in GOLD_OUTCOMES and d.gold_id is not None and d.gold_id in gold:
        return evidence_list(gold[d.gold_id])
    if d.outcome == "negative" and d.gold_id is not None and d.gold_id in negatives:
        return evidence_list(negatives[d.gold_id])
    if d.outcome == "fp" and d.prediction:
        ev = d.prediction.get("evidence")
        if isinstance(ev, str):
            return [ev]
        if isinstance(ev, list):
            return [q for q in ev if isinstance(q, str)]
    return []


def span_label(d: Detail) -> str:
    """The tooltip of a highlight: type, fact, outcome and reason."""
    icon, label = OUTCOME_LABELS.get(d.outcome, ("?", d.outcome))
    what = d.gold_id if d.outcome in GOLD_OUTCOMES or d.outcome == "negative" else describe(d.prediction)
    optional = " (optional)" if d.optional else ""
    return f"{d.type} {what}: {icon} {label}{optional} — {d.reason}"


def highlight(text: str, spans: Sequence[Span]) -> str:
    """``text`` escaped, with a badge where each evidence span starts and the spans marked.

    Overlapping spans are cut into segments; each segment is one ``<mark>`` coloured by the most
    severe outcome covering it (see :data:`SEVERITY`) and listing all of them in its tooltip.
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    seen: set[str] = set()
    active: list[Span] = []
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for s in starting.get(a, ()):
            out.append(badge(s, first=s.row not in seen))
            seen.add(s.row)
        # every span end is a cut, so a span still open at ``a`` covers the whole segment [a, b)
        active = [s for s in (*active, *starting.get(a, ())) if s.end > a]
        out.append(mark(active, text[a:b]) if active else esc(text[a:b]))
    return "".join(out)


def badge(s: Span, *, first: bool) -> str:
    """A small link to the fact's row, with the outcome's icon; the first one is the row's ``↑ in text`` target."""
    anchor = f" id=\"ev-{s.row}\"" if first else ""
    cls = f"tag o-{esc(s.outcome)}" + (" opt" if s.optional else "")
    icon = OUTCOME_LABELS.get(s.outcome, ("?", ""))[0]
    return (f"<a class=\"{cls}\"{anchor} href=\"#{s.row}\" data-pairs=\"{esc(pair(s.type, s.outcome, s.optional))}\" "
            f"title=\"{esc(s.label)}\" aria-label=\"{esc(s.label)}\">{icon}</a>")


def mark(cover: Sequence[Span], piece: str) -> str:
    """One highlighted segment covered by the spans ``cover``."""
    outcome = next(o for o in (*SEVERITY, *(s.outcome for s in cover)) if any(s.outcome == o for s in cover))
    optional = all(s.optional for s in cover)
    pairs = " ".join(sorted({pair(s.type, s.outcome, s.optional) for s in cover}))
    labels = "\n".join(dict.fromkeys(s.label for s in cover))
    cls = f"hl o-{esc(outcome)}" + (" opt" if optional else "")
    return f"<mark class=\"{cls}\" data-pairs=\"{esc(pairs)}\" title=\"{esc(labels)}\">{esc(piece)}</mark>"
