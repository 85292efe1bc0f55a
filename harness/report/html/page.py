"""The view model of the HTML report: what the page shows, worked out once before any HTML is written.

:class:`Page` holds the result, the corpus (if any), the changes against a previous result
(:class:`Changes`), a unique URL-safe anchor per article and a row id per detail of each shown article.

Rules:

* the result's details are read in one pass (they may be streamed from disk); only the details of
  articles that get a section of their own are kept;
* at most ``max_articles`` articles get a section (:func:`shown_articles`): extractor errors and
  regressions first, then the most misses plus false positives, then by id; on the page they keep the
  result's order;
* a link to an article goes to its section when it has one, else to the articles table;
* corpus entries are loaded when first asked for, once each; an entry whose gold does not load counts
  as absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from harness.compare import FactDiff, diff, side_by_side, significance
from harness.corpus import Corpus, Entry, GoldError
from harness.details import Detail
from harness.metrics import total
from harness.report.html.common import GOLD_OUTCOMES
from harness.result import Result

GoldKey = tuple[str, str, str | None]
"""A gold fact: (article, type, gold id)."""
PredKey = tuple[str, str, str]
"""A prediction as :mod:`harness.compare` identifies it across runs: (article, type, its JSON, keys sorted)."""


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
    significance: dict[str, Any] = field(default_factory=dict)
    """The paired tests of (this result − previous), as ``compare --format json`` gives them."""

    @classmethod
    def of(cls, previous: Result, result: Result) -> Changes:
        """Compare ``previous`` with ``result`` (facts via :func:`diff`, scores via :func:`side_by_side`)."""
        facts = diff(previous, result)
        changes = cls(previous, facts, side_by_side([previous, result]), significance=significance(previous, result))
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
