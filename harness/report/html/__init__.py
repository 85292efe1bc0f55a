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

The package, one job per module:

* :mod:`.page` — the view model: which articles are shown, anchors and row ids, the changes;
* :mod:`.sections` — header, scores and gate checks, changes, extractor errors;
* :mod:`.charts` — the matplotlib charts as inline SVG;
* :mod:`.articles` — the articles table and one section per shown article, with its fact tables;
* :mod:`.highlight` — the article text with the evidence marked;
* :mod:`.common` — escaping, outcome labels, describing a fact;
* :mod:`.document` — the page around the body, with ``static/report.css`` and ``static/report.js``.

This module puts them together (:func:`render`) and offers the names callers use.
"""

from __future__ import annotations

from harness.corpus import Corpus
from harness.report.html.articles import articles_section, articles_table
from harness.report.html.charts import CHARTS_NOTE, charts_section, curve, draw_charts, pr_curves
from harness.report.html.common import GOLD_OUTCOMES, OUTCOME_LABELS, describe, esc
from harness.report.html.document import document
from harness.report.html.highlight import Span, evidence_spans, highlight
from harness.report.html.page import MAX_ARTICLES, Changes, Page, shown_articles
from harness.report.html.sections import MAX_CHANGES, changes_section, errors_section, header, scores_section
from harness.result import Result

__all__ = [
    "CHARTS_NOTE",
    "GOLD_OUTCOMES",
    "MAX_ARTICLES",
    "MAX_CHANGES",
    "OUTCOME_LABELS",
    "Changes",
    "Page",
    "Span",
    "curve",
    "describe",
    "document",
    "draw_charts",
    "esc",
    "evidence_spans",
    "highlight",
    "pr_curves",
    "render",
    "shown_articles",
]


def render(result: Result, corpus: Corpus | None = None, previous: Result | None = None, *,
           max_articles: int | None = MAX_ARTICLES) -> str:
    """The whole report as one self-contained HTML document.

    ``corpus`` supplies article texts and gold evidence (for the highlights); without it the report
    shows the tables and the per-article fact lists only, with a note. ``previous`` is an earlier
    result on the same gold: what changed since is marked. At most ``max_articles`` articles get a
    section of their own (None or 0: all; see :func:`shown_articles`), so a report on a large corpus
    stays small enough to open. Each list of changed facts shows at most :data:`MAX_CHANGES`.
    """
    page = Page.of(result, corpus, previous, max_articles)
    parts = [
        header(page),
        scores_section(page),
        charts_section(page),
        changes_section(page, MAX_CHANGES),  # this module's value, read at each call: it can be set here
        errors_section(page),
        articles_table(page),
        articles_section(page),
    ]
    return document(f"fact-harness report: {result.extractor}", "\n".join(p for p in parts if p))
