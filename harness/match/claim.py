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
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from harness.match.base import NO_MATCH, Context, Level, Match
from harness.match.names import NameForms, match_names

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+")
STEM_LENGTH = 6


def analyze(text: str) -> list[str]:
    """Content words of ``text``: lowercased, stop words and one-letter words dropped, cut to 6 letters."""
    return [w[:STEM_LENGTH] for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in ENGLISH_STOP_WORDS]


@dataclass(frozen=True)
class ClaimKey:
    speaker: NameForms | None
    vector: dict[int, float]
    text: str


def _vectorizer(ctx: Context) -> TfidfVectorizer:
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


def _vector(text: str, ctx: Context) -> dict[int, float]:
    row = _vectorizer(ctx).transform([text])
    return dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))


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

    def compare(self, gold: ClaimKey, pred: ClaimKey, ctx: Context) -> Match:
        who = (
            match_names(gold.speaker, pred.speaker, ctx)
            if gold.speaker is not None and pred.speaker is not None
            else NO_MATCH
        )
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


MATCHER = ClaimMatcher()
