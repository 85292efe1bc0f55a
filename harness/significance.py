"""Paired significance of the difference between two runs on the same articles (B − A).

Pure functions of counts: nothing here reads files or results. The unit of resampling is the
*article* — the articles of a corpus are the independent draws; facts within one article are not.

* :func:`paired_bootstrap` — a percentile interval of the difference of micro precision, recall
  and F1: articles are resampled with replacement, the same draw for both runs;
* :func:`approximate_randomization` — a two-sided p-value: under "no difference" the two runs'
  counts of an article are exchangeable, so each shuffle swaps them article by article with
  probability ½; p = (c + 1) / (n + 1), c the shuffles whose difference is at least as large (in
  absolute value) as the observed one, n the shuffles;
* :func:`holm` — Holm's step-down correction of a family of p-values;
* :func:`mcnemar` — the exact McNemar test on paired binary outcomes (a gold fact found or missed
  by each run): b found by A only, c found by B only;
* :func:`min_p` — the smallest p-value the article-level test can give with n articles: the exact
  permutation distribution has 2ⁿ equally likely swaps, and the observed one and its mirror image
  are always at least as extreme, so p ≥ 2 / 2ⁿ (1/16 for five articles).

Counts are arrays of shape ``(articles, types, 3)`` holding tp, fp, fn (:func:`counts_array`).
Undefined ratios (0/0) are NaN inside and None outside; a resample or shuffle in which the
difference is undefined is dropped from the interval and counts as not extreme for the p-value.
Every random draw comes from ``numpy.random.default_rng(seed)``: the same input and seed give the
same numbers, and drawing in chunks gives the same draws as drawing at once.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from math import comb
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from harness.metrics import METRICS, Counts

RESAMPLES = 1000
"""Bootstrap resamples."""
SHUFFLES = 10_000
"""Approximate-randomization shuffles."""
SEED = 0
"""Default seed of both."""
LEVEL = 0.95
"""Level of the bootstrap interval."""
UNIT = "article"
"""What is resampled and shuffled."""

_CELLS = 2_000_000
"""Matrix entries drawn at a time (keeps memory flat on large corpora)."""
_TIE = 1e-9
"""Differences this close to the observed one count as equal (floating-point sums)."""

Array = npt.NDArray[np.float64]
K = TypeVar("K", bound=Hashable)


def counts_array(by_article: Mapping[str, Mapping[str, Counts]], articles: Sequence[str],
                 types: Sequence[str]) -> Array:
    """``by_article[article][type]`` as an ``(articles, types, 3)`` array of tp, fp, fn (absent: zeros)."""
    arr = np.zeros((len(articles), len(types), 3), dtype=np.float64)
    for a, article in enumerate(articles):
        counts = by_article.get(article, {})
        for t, name in enumerate(types):
            c = counts.get(name)
            if c is not None:
                arr[a, t] = (c.tp, c.fp, c.fn)
    return arr


def scopes_of(sums: Array) -> Array:
    """Summed counts ``(..., types, 3)`` → ``(..., 1 + types, 3)``: overall first, then each type."""
    return np.concatenate([sums.sum(axis=-2, keepdims=True), sums], axis=-2)


def metric_values(sums: Array) -> dict[str, Array]:
    """Micro precision, recall and F1 of counts ``(..., 3)``; NaN where undefined."""
    tp, fp, fn = sums[..., 0], sums[..., 1], sums[..., 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"precision": tp / (tp + fp), "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn)}


def _delta(a_sums: Array, b_sums: Array) -> dict[str, Array]:
    """Per scope and metric, metric(B) − metric(A) of summed counts ``(..., types, 3)``."""
    ma, mb = metric_values(scopes_of(a_sums)), metric_values(scopes_of(b_sums))
    return {m: mb[m] - ma[m] for m in METRICS}


def _check(a: Array, b: Array) -> None:
    if a.shape != b.shape or a.ndim != 3 or a.shape[2] != 3:
        raise ValueError(f"paired counts must both be (articles, types, 3), got {a.shape} and {b.shape}")


def observed(a: Array, b: Array) -> dict[str, list[float | None]]:
    """The difference B − A per metric, one value per scope (overall, then each type); None: undefined."""
    _check(a, b)
    d = _delta(a.sum(axis=0), b.sum(axis=0))
    return {m: [None if np.isnan(v) else float(v) for v in d[m]] for m in METRICS}


def paired_bootstrap(a: Array, b: Array, *, resamples: int = RESAMPLES, seed: int = SEED,
                     level: float = LEVEL) -> dict[str, list[tuple[float, float] | None]]:
    """Percentile bootstrap interval of B − A per metric and scope, resampling articles for both runs at once.

    Each resample draws n articles with replacement (as multinomial weights, one row per resample);
    both runs are summed over the same draw. None where the difference is undefined in every resample.
    """
    _check(a, b)
    n, types = a.shape[0], a.shape[1]
    if n == 0 or resamples < 1:
        return {m: [None] * (types + 1) for m in METRICS}
    rng = np.random.default_rng(seed)
    fa, fb = a.reshape(n, -1), b.reshape(n, -1)
    deltas = {m: np.empty((resamples, types + 1)) for m in METRICS}
    chunk = max(1, _CELLS // n)
    for start in range(0, resamples, chunk):
        stop = min(resamples, start + chunk)
        weights = rng.multinomial(n, np.full(n, 1.0 / n), size=stop - start).astype(np.float64)
        d = _delta((weights @ fa).reshape(-1, types, 3), (weights @ fb).reshape(-1, types, 3))
        for m in METRICS:
            deltas[m][start:stop] = d[m]
    lo_q, hi_q = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    out: dict[str, list[tuple[float, float] | None]] = {}
    for m in METRICS:
        out[m] = []
        for s in range(types + 1):
            v = deltas[m][:, s]
            v = v[~np.isnan(v)]
            out[m].append((float(np.percentile(v, lo_q)), float(np.percentile(v, hi_q))) if v.size else None)
    return out


def approximate_randomization(a: Array, b: Array, *, shuffles: int = SHUFFLES,
                              seed: int = SEED) -> dict[str, list[float | None]]:
    """Two-sided paired approximate-randomization p-value of B − A per metric and scope.

    Each shuffle swaps the two runs' counts of every article with probability ½ (a uniform draw
    below ½), then compares |difference| with the observed one; p = (c + 1) / (shuffles + 1).
    None where the observed difference is undefined.
    """
    _check(a, b)
    n, types = a.shape[0], a.shape[1]
    obs = observed(a, b)
    if n == 0 or shuffles < 1:
        return {m: [None] * (types + 1) for m in METRICS}
    rng = np.random.default_rng(seed)
    sum_a, sum_b = a.sum(axis=0), b.sum(axis=0)
    diff = (b - a).reshape(n, -1)
    extreme = {m: np.zeros(types + 1, dtype=np.int64) for m in METRICS}
    target = {m: np.array([np.nan if v is None else abs(v) for v in obs[m]]) for m in METRICS}
    chunk = max(1, _CELLS // n)
    for start in range(0, shuffles, chunk):
        stop = min(shuffles, start + chunk)
        swap = (rng.random((stop - start, n)) < 0.5).astype(np.float64)
        moved = (swap @ diff).reshape(-1, types, 3)  # what moves from B to A in each shuffle
        d = _delta(sum_a + moved, sum_b - moved)
        for m in METRICS:
            with np.errstate(invalid="ignore"):
                hit = np.abs(d[m]) >= target[m] - _TIE * np.maximum(1.0, target[m])
            extreme[m] += hit.sum(axis=0)
    return {m: [None if obs[m][s] is None else (int(extreme[m][s]) + 1) / (shuffles + 1)
                for s in range(types + 1)] for m in METRICS}


def holm(pvalues: Mapping[K, float | None]) -> dict[K, float | None]:
    """Holm's step-down adjusted p-values of a family (None entries are not part of it and stay None)."""
    given = sorted(((p, k) for k, p in pvalues.items() if p is not None), key=lambda pk: pk[0])
    m = len(given)
    out: dict[K, float | None] = dict.fromkeys(pvalues)
    running = 0.0
    for i, (p, k) in enumerate(given):
        running = max(running, min(1.0, (m - i) * p))
        out[k] = running
    return out


def mcnemar(b: int, c: int) -> float:
    """Exact two-sided McNemar p-value for ``b`` and ``c`` discordant pairs: 2·P(X ≤ min(b, c)), X ~ Bin(b + c, ½), at most 1."""
    if b < 0 or c < 0:
        raise ValueError("discordant counts must be non-negative")
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(comb(n, k) for k in range(min(b, c) + 1))
    return min(1.0, 2 * tail / (1 << n))


def min_p(articles: int, shuffles: int | None = SHUFFLES) -> float:
    """The smallest p-value the paired article-level test can give: 2 / 2ⁿ, and no less than 1 / (shuffles + 1)."""
    exact = 1.0 if articles <= 1 else 2.0 ** (1 - articles)
    return exact if shuffles is None else max(exact, 1.0 / (shuffles + 1))


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def paired_counts(a: Mapping[str, Mapping[str, Counts]], b: Mapping[str, Mapping[str, Counts]],
                  types: Sequence[str], *, resamples: int = RESAMPLES, shuffles: int = SHUFFLES, seed: int = SEED,
                  level: float = LEVEL) -> dict[str, Any]:
    """Every paired test of B − A on the articles both runs scored, as JSON-ready data.

    ``a[article][type]`` and ``b[article][type]`` are the two runs' counts. Returns ``unit``,
    ``articles``, ``resamples``, ``shuffles``, ``seed``, ``level``, ``min_p`` and
    ``scopes.<overall|type>.<metric>`` with ``delta``, ``ci`` ([low, high]), ``p_value`` and
    ``p_holm`` (Holm across the scopes, per metric); None where a difference is undefined.
    Numbers are rounded to six decimals.
    """
    articles = sorted(set(a) & set(b))
    xa, xb = counts_array(a, articles, types), counts_array(b, articles, types)
    obs = observed(xa, xb)
    ci = paired_bootstrap(xa, xb, resamples=resamples, seed=seed, level=level)
    p = approximate_randomization(xa, xb, shuffles=shuffles, seed=seed)
    names = ["overall", *types]
    holms = {m: holm(dict(zip(names, p[m], strict=True))) for m in METRICS}
    scopes: dict[str, dict[str, dict[str, Any]]] = {}
    for s, name in enumerate(names):
        scopes[name] = {}
        for m in METRICS:
            interval = ci[m][s]
            scopes[name][m] = {
                "delta": _r(obs[m][s]),
                "ci": None if interval is None else [_r(interval[0]), _r(interval[1])],
                "p_value": _r(p[m][s]),
                "p_holm": _r(holms[m][name]),
            }
    return {"unit": UNIT, "articles": len(articles), "resamples": resamples, "shuffles": shuffles, "seed": seed,
            "level": level, "min_p": _r(min_p(len(articles), shuffles)), "scopes": scopes}


def mcnemar_counts(a: Mapping[K, bool], b: Mapping[K, bool], scope_of: Mapping[K, str],
                   types: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Exact McNemar per scope on paired found (True) / missed (False) outcomes of the same gold facts.

    ``a`` and ``b`` map each gold fact to whether the run found it; facts judged in only one run are
    left out. ``scope_of`` gives each fact's type. Returns ``<overall|type>: {b, c, p_value}``:
    b found by A only, c found by B only.
    """
    disc = {t: [0, 0] for t in ("overall", *types)}
    for key, found_a in a.items():
        found_b = b.get(key)
        if found_b is None or found_a == found_b:
            continue
        k = 0 if found_a else 1
        disc["overall"][k] += 1
        disc.setdefault(scope_of[key], [0, 0])[k] += 1
    return {t: {"b": bc[0], "c": bc[1], "p_value": _r(mcnemar(bc[0], bc[1]))} for t, bc in disc.items()}
