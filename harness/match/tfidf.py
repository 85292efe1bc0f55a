"""TF-IDF over terms, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` computes it, and the
two measures claim texts are compared by (:mod:`harness.match.claim` reads the terms).

Pure functions of term lists and {term: weight} vectors; ``tests/match/test_claim_tfidf.py``
checks them against scikit-learn on the seed articles and on random texts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


def idf_of(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term of ``documents`` (each a list of terms):
    ``ln((1 + n) / (1 + df)) + 1``.

    ``n`` counts every document, empty ones too. With no terms at all the vocabulary is empty, so
    every vector is empty and no two texts are similar.
    """
    df: Counter[str] = Counter()
    n = 0
    for n, terms in enumerate(documents, start=1):  # noqa: B007 - n is the count afterwards
        df.update(set(terms))
    return {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}


def vector(terms: Iterable[str], idf: dict[str, float]) -> dict[str, float]:
    """L2-normalised sublinear TF-IDF of a text's ``terms`` as {term: weight}; terms outside ``idf``
    are ignored. Empty when none is known (its cosine with anything is then 0)."""
    weights = {t: (1 + math.log(c)) * idf[t] for t, c in Counter(terms).items() if t in idf}
    norm = math.sqrt(math.fsum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two L2-normalised sparse vectors given as {term: weight}."""
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, math.fsum(w * b.get(t, 0.0) for t, w in a.items()))


def coverage(a: dict[str, float], b: dict[str, float], total_a: float | None = None,
             total_b: float | None = None) -> float:
    """The idf-weighted share of the smaller text's terms that the other text has too, in [0, 1].

    ``total_a`` and ``total_b``, when given, are the sums of the weights (computed once per text).
    """
    ta = math.fsum(a.values()) if total_a is None else total_a
    tb = math.fsum(b.values()) if total_b is None else total_b
    small, big, total = (a, b, ta) if ta <= tb else (b, a, tb)
    return math.fsum(w for t, w in small.items() if t in big) / total if total else 0.0


@dataclass(frozen=True)
class Weighted:
    """A text's TF-IDF vector and the idf of each of its distinct terms (with their sum)."""

    vector: dict[str, float]
    weights: dict[str, float]
    """Each distinct term's idf (for the share of terms found)."""
    total: float = 0.0
    """The sum of ``weights``."""


COVERAGE_WEIGHT = 0.8
"""How much a text wholly contained in the other counts against the cosine (rule 4): a clause that
states only part of a longer text is a weaker sign of one assertion than two texts alike throughout."""


COVERAGE_REACH = 6
"""How many times more distinct terms than the other a text may have for coverage to count (rule 4):
a text that holds another's words among six times as many others — a paragraph, or the whole
article pasted as a claim — does not make its assertion by containing them; only the cosine counts."""


def similarity(gold: Weighted, pred: Weighted) -> float:
    """How alike two claim texts are: the larger of their cosine and their weighted coverage (rule 4),
    coverage only when neither text has more than ``COVERAGE_REACH`` times the other's distinct terms."""
    if gold.weights.keys().isdisjoint(pred.weights):
        return 0.0  # no shared term: both measures are 0
    near = cosine(gold.vector, pred.vector)
    small, large = sorted((len(gold.weights), len(pred.weights)))
    if large > COVERAGE_REACH * small:
        return near
    return max(near, COVERAGE_WEIGHT * coverage(gold.weights, pred.weights, gold.total, pred.total))


__all__ = ["COVERAGE_REACH", "COVERAGE_WEIGHT", "Weighted", "cosine", "coverage", "idf_of", "similarity", "vector"]
