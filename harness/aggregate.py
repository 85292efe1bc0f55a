"""Folding per-article scores into a :class:`~harness.result.Result`: sums, averages, intervals, AP.

An :class:`Aggregator` is fed one :class:`~harness.scoring.ArticleScore` at a time (memory keeps
the counts per article, the details spilled to disk, and one confidence per counted prediction)
and builds the result once at the end. Whoever drives the scoring feeds it; it never pulls.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from harness.details import DetailLines, DetailStore
from harness.fingerprint import Fingerprint, settings_of
from harness.metrics import Counts, average_precision, bootstrap_intervals, macro, total
from harness.result import ArticleError, Result
from harness.scoring import ArticleScore, ScoreOptions
from harness.types import FACT_TYPES


class Aggregator:
    """Collects article scores in order; :meth:`result` makes the :class:`Result`."""

    def __init__(self) -> None:
        self._by_article: dict[str, dict[str, Counts]] = {}
        self._details = DetailStore()
        self._scores = {t: array("d") for t in FACT_TYPES}
        self._correct = {t: bytearray() for t in FACT_TYPES}
        self._unranked: set[str] = set()  # types with a prediction lacking confidence: no average precision
        self._n_gold = dict.fromkeys(FACT_TYPES, 0)
        self._ungrounded = dict.fromkeys(FACT_TYPES, 0)
        self.judge_stats: dict[str, int] = {}
        """What the judge did, summed over the articles (see :func:`harness.judges.compare_with`)."""

    def add(self, score: ArticleScore) -> None:
        """Take one article's score (articles are expected in id order)."""
        self._by_article[score.article] = {t: score.counts.get(t, Counts()) for t in FACT_TYPES}
        lines = score.details if isinstance(score.details, DetailLines) else DetailLines(score.details)
        self._details.extend_lines(lines)
        for t, n in lines.ungrounded.items():
            self._ungrounded[t] += n
        for t, rows in score.confidences.items():
            if t in self._unranked:
                continue
            for confidence, ok in rows:
                if confidence is None:
                    self._unranked.add(t)
                    break
                self._scores[t].append(confidence)
                self._correct[t].append(ok)
        for t, n in score.n_gold.items():
            self._n_gold[t] += n
        for k, n in score.judge_stats.items():
            self.judge_stats[k] = self.judge_stats.get(k, 0) + n

    def result(self, *, extractor: str, options: ScoreOptions, errors: Iterable[ArticleError] = (),
               bootstrap: int = 1000, seed: int = 0, fingerprint: Fingerprint | None = None) -> Result:
        """The result of every article added, with ``bootstrap`` resamples seeded by ``seed``."""
        by_article = self._by_article
        by_type = {t: total(a[t] for a in by_article.values()) for t in FACT_TYPES}
        overall = total(by_type.values())
        per_article_totals = [total(types.values()) for types in by_article.values()]
        ap: dict[str, float | None] = {}
        for t in FACT_TYPES:
            if t in self._unranked or not self._scores[t]:
                ap[t] = None
            else:
                ap[t] = average_precision(self._scores[t], [bool(x) for x in self._correct[t]], self._n_gold[t])
        intervals = bootstrap_intervals(list(by_article.values()), FACT_TYPES, resamples=bootstrap, seed=seed)
        return Result(
            extractor=extractor,
            mode=options.mode,
            overall=overall,
            by_type=by_type,
            by_article=by_article,
            macro={
                "over_articles": macro(per_article_totals),
                "over_types": macro(c for c in by_type.values() if c.tp + c.fp + c.fn),
            },
            confidence_intervals={
                "method": "percentile bootstrap, articles resampled with replacement",
                "level": 0.95,
                "resamples": bootstrap,
                "seed": seed,
                "overall": intervals["overall"],
                "by_type": {t: intervals[t] for t in FACT_TYPES},
            },
            average_precision=ap,
            ungrounded={t: n for t, n in self._ungrounded.items() if n},
            details=self._details,
            errors=sorted(errors, key=lambda e: e.article),
            options=settings_of(options),
            fingerprint=fingerprint,
        )
