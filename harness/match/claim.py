"""Claims: who claimed what.

Rule: **full** — the speaker matches (the name rule, against the gold claim's speaker fact) *and* the
claimed texts are similar: TF-IDF cosine ≥ ``claim_similarity`` (default 0.35); **partial** — only one
of the two holds; **none** — neither.

TF-IDF (scikit-learn ``TfidfVectorizer``, sublinear tf) runs over words lowercased, with English
stop words removed and cut to their first six letters — a light stemmer, so "threat" meets
"threaten" and "provoked" meets "provocations". It is fitted once per article on the article's
sentences and the gold claim texts, so words the article uses everywhere ("Russia", "Ukraine") weigh
less than the words that carry the claim. Words found in neither are ignored.

Measured on article 001: paraphrases of a gold claim score 0.43–1.0; other claims by the same
speaker 0.0–0.31; hence the default threshold 0.35.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from harness.match.base import NO_MATCH, Context, Level, Match
from harness.match.names import NameForms, match_names, name_candidates

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+")
STEM_LENGTH = 6


if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer


@cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # imported on first use: it is slow to load

    return frozenset(ENGLISH_STOP_WORDS)


def analyze(text: str) -> list[str]:
    """Content words of ``text``: lowercased, stop words and one-letter words dropped, cut to 6 letters."""
    stop = _stop_words()
    return [w[:STEM_LENGTH] for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in stop]


@dataclass(frozen=True)
class ClaimKey:
    speaker: NameForms | None
    vector: dict[int, float]
    text: str


def _vectorizer(ctx: Context) -> TfidfVectorizer:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = ctx.cache.get("claim-tfidf")
    if vec is None:
        docs = [s for s in _SENTENCE.split(ctx.article_text) if s.strip()]
        docs.extend(ctx.cache.get("claim-gold-texts", []))
        vec = TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
        try:
            vec.fit(docs or ["empty"])
        except ValueError:  # only stop words in the whole article
            vec.fit(["empty"])
        ctx.cache["claim-tfidf"] = vec
    return vec


def _vectors(texts: list[str], ctx: Context) -> list[dict[int, float]]:
    """TF-IDF vectors of ``texts`` in one call (scikit-learn's per-call overhead dominates small inputs)."""
    if not texts:
        return []
    matrix = _vectorizer(ctx).transform(texts).tocsr()
    out = []
    for k in range(matrix.shape[0]):
        lo, hi = matrix.indptr[k], matrix.indptr[k + 1]
        out.append(dict(zip(matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist(), strict=True)))
    return out


def _vector(text: str, ctx: Context) -> dict[int, float]:
    return _vectors([text], ctx)[0]


def cosine(a: dict[int, float], b: dict[int, float]) -> float:
    """Cosine of two L2-normalised sparse vectors given as {index: weight}."""
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, math.fsum(w * b.get(i, 0.0) for i, w in a.items()))


class ClaimMatcher:
    type = "claim"

    def prepare_gold(self, fact: Any, ctx: Context) -> ClaimKey:
        speaker = ctx.speakers.get(fact.speaker)
        return ClaimKey(speaker, _vector(fact.text, ctx), fact.text)

    def prepare_pred(self, fact: Any, ctx: Context) -> ClaimKey:
        return ClaimKey(NameForms.of(fact.speaker), _vector(fact.text, ctx), fact.text)

    def prepare_batch(self, gold: list[Any], preds: list[Any], ctx: Context) -> tuple[list[ClaimKey], list[ClaimKey]]:
        """All of an article's claims at once: one vectoriser call instead of one per claim."""
        vectors = _vectors([f.text for f in gold] + [p.text for p in preds], ctx)
        g = [ClaimKey(ctx.speakers.get(f.speaker), v, f.text) for f, v in zip(gold, vectors, strict=False)]
        p = [ClaimKey(NameForms.of(f.speaker), v, f.text) for f, v in zip(preds, vectors[len(gold):], strict=True)]
        return g, p

    def compare(self, gold: ClaimKey, pred: ClaimKey, ctx: Context) -> Match:
        who = self._speaker(gold, pred, ctx)
        sim = cosine(gold.vector, pred.vector)
        said = sim >= ctx.options.claim_similarity
        same_speaker = who.level is Level.FULL
        if same_speaker and said:
            return Match(Level.FULL, f"speaker matches; text similarity {sim:.2f}", sim)
        if same_speaker:
            return Match(Level.PARTIAL, f"speaker matches but text similarity {sim:.2f} < {ctx.options.claim_similarity}", sim / 2)
        if said:
            return Match(Level.PARTIAL, f"text similarity {sim:.2f} but speaker {pred.speaker.display if pred.speaker else '?'!r} differs", sim / 2)
        return NO_MATCH


    def candidates(self, gold: list[ClaimKey], pred: list[ClaimKey], ctx: Context) -> set[tuple[int, int]]:
        """Pairs whose speakers may match or whose texts share a term (any other pair is no match)."""
        pairs = name_candidates([g.speaker for g in gold], [p.speaker for p in pred])
        index: dict[int, list[int]] = {}
        for i, g in enumerate(gold):
            for term in g.vector:
                index.setdefault(term, []).append(i)
        for j, p in enumerate(pred):
            for term in p.vector:
                for i in index.get(term, ()):
                    pairs.add((i, j))
        return pairs

    @staticmethod
    def _speaker(gold: ClaimKey, pred: ClaimKey, ctx: Context) -> Match:
        """The speaker verdict, memoised per article: many claims share a speaker."""
        if gold.speaker is None or pred.speaker is None:
            return NO_MATCH
        memo: dict[tuple[int, NameForms], Match] = ctx.cache.setdefault("claim-speakers", {})
        key = (id(gold.speaker), pred.speaker)
        if key not in memo:
            memo[key] = match_names(gold.speaker, pred.speaker, ctx)
        return memo[key]


MATCHER = ClaimMatcher()
