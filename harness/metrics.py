"""One mergeable counter, :class:`Counts`, and every metric derived from counts.

Zero-division rule (documented in the README): precision is undefined (``None`` → JSON ``null``,
``–`` in tables) when nothing was predicted (tp + fp = 0); recall when there is nothing to find
(tp + fn = 0); F1 = 2·tp / (2·tp + fp + fn), undefined only when all three are 0. Averages skip
undefined values; a mean over nothing is undefined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives; add them to merge."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        d = self.tp + self.fp
        return self.tp / d if d else None

    @property
    def recall(self) -> float | None:
        d = self.tp + self.fn
        return self.tp / d if d else None

    @property
    def f1(self) -> float | None:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else None

    def metric(self, name: str) -> float | None:
        """``precision``, ``recall`` or ``f1`` by name."""
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r} (one of {', '.join(METRICS)})")
        value: float | None = getattr(self, name)
        return value

    def to_dict(self) -> dict[str, int | float | None]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _r(self.precision),
            "recall": _r(self.recall),
            "f1": _r(self.f1),
        }


METRICS = ("precision", "recall", "f1")


def total(counts: Iterable[Counts]) -> Counts:
    """The sum of ``counts`` (micro-averaging is metrics of the sum)."""
    out = Counts()
    for c in counts:
        out = out + c
    return out


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def macro(counts: Iterable[Counts]) -> dict[str, float | None]:
    """Unweighted mean of each metric over ``counts`` (articles or types), skipping undefined values."""
    items = list(counts)
    out: dict[str, float | None] = {}
    for name in METRICS:
        values = [v for c in items if (v := c.metric(name)) is not None]
        out[name] = _r(sum(values) / len(values)) if values else None
    return out


def bootstrap_intervals(
    per_article: Sequence[Mapping[str, Counts]],
    types: Sequence[str],
    *,
    resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> dict[str, dict[str, list[float] | None]]:
    """Percentile bootstrap intervals of micro P/R/F1, resampling *articles* with replacement.

    ``per_article[k][type]`` are article k's counts. Returns ``{"overall"|type: {metric: [lo, hi] | None}}``;
    None where the metric is undefined in every resample. Fixed ``seed``: the same input gives the
    same intervals.
    """
    keys = ["overall", *types]
    n = len(per_article)
    if n == 0:
        return {k: dict.fromkeys(METRICS) for k in keys}
    arr = np.zeros((n, len(types), 3), dtype=np.int64)
    for a, counts in enumerate(per_article):
        for t, name in enumerate(types):
            c = counts.get(name)
            if c is not None:
                arr[a, t] = (c.tp, c.fp, c.fn)
    rng = np.random.default_rng(seed)
    sums = np.zeros((resamples, len(types), 3), dtype=np.int64)
    chunk = max(1, 2_000_000 // max(n, 1))
    flat = arr.reshape(n, -1)
    for start in range(0, resamples, chunk):
        stop = min(resamples, start + chunk)
        weights = rng.multinomial(n, np.full(n, 1.0 / n), size=stop - start)
        sums[start:stop] = (weights @ flat).reshape(stop - start, len(types), 3)
    out: dict[str, dict[str, list[float] | None]] = {}
    lo_q, hi_q = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    for k, key in enumerate(keys):
        s = sums.sum(axis=1) if key == "overall" else sums[:, k - 1]
        tp, fp, fn = s[:, 0].astype(float), s[:, 1].astype(float), s[:, 2].astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            values = {
                "precision": tp / (tp + fp),
                "recall": tp / (tp + fn),
                "f1": 2 * tp / (2 * tp + fp + fn),
            }
        out[key] = {}
        for name, v in values.items():
            v = v[~np.isnan(v)]
            out[key][name] = (
                [_r(float(np.percentile(v, lo_q))) or 0.0, _r(float(np.percentile(v, hi_q))) or 0.0]
                if v.size
                else None
            )
    return out


def average_precision(scores: Sequence[float], correct: Sequence[bool], n_gold: int) -> float | None:
    """Average precision of confidence-ranked predictions, counting never-predicted gold as misses.

    scikit-learn's ``average_precision_score`` ranks the predictions by ``scores``; its recall steps
    are relative to the gold facts that were predicted at all, so the result is scaled by the share of
    all ``n_gold`` facts that were found. None when there is no gold or no prediction.
    """
    if n_gold == 0 or not scores:
        return None
    found = sum(correct)
    if found == 0:
        return 0.0
    from sklearn.metrics import average_precision_score  # imported on first use: it is slow to load

    ap = float(average_precision_score(np.asarray(correct, dtype=int), np.asarray(scores, dtype=float)))
    return _r(ap * min(1.0, found / n_gold))
