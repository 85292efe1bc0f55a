"""Claims: who claimed what.

Rule: **full** — the speaker matches (the name rule, against the gold claim's speaker fact) *and* the
claimed texts are similar: TF-IDF cosine ≥ ``claim_similarity`` (default 0.35); **partial** — only one
of the two holds; **none** — neither.

TF-IDF runs over words lowercased, with English stop words removed and cut to their first six
letters — a light stemmer, so "threat" meets "threaten" and "provoked" meets "provocations". It is
fitted once per article on the article's sentences and the gold claim texts, so words the article
uses everywhere ("Russia", "Ukraine") weigh less than the words that carry the claim. Words found in
neither are ignored. The weighting is scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` exactly
(smoothed idf ``ln((1 + n) / (1 + df)) + 1``, term weight ``(1 + ln tf) · idf``, rows L2-normalised;
the tests check it against scikit-learn), computed here directly because scikit-learn's per-call
overhead is about six times the work on an article's few dozen sentences.

Measured on article 001: paraphrases of a gold claim score 0.43–1.0; other claims by the same
speaker 0.0–0.31; hence the default threshold 0.35.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from harness.match.base import NO_MATCH, Context, Level, Match
from harness.match.names import NameForms, match_names, name_candidates

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+")
STEM_LENGTH = 6


@cache
def _stop_words() -> frozenset[str]:
    """The stop word list in ``harness/data/stop_words.txt`` (scikit-learn's English list)."""
    text = resources.files("harness").joinpath("data/stop_words.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


def analyze(text: str) -> list[str]:
    """Content words of ``text``: lowercased, stop words and one-letter words dropped, cut to 6 letters."""
    stop = _stop_words()
    return [w[:STEM_LENGTH] for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in stop]


@dataclass(frozen=True)
class ClaimKey:
    speaker: NameForms | None
    vector: dict[str, float]
    text: str


def idf_weights(docs: Iterable[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term of ``docs``: ``ln((1 + n) / (1 + df)) + 1``.

    ``n`` counts every document, empty ones too. With no terms at all (no documents, or only stop
    words) the vocabulary is empty, so every claim text's vector is empty and no two texts are similar.
    """
    df: Counter[str] = Counter()
    n = 0
    for n, doc in enumerate(docs, start=1):  # noqa: B007 - n is the count afterwards
        df.update(set(analyze(doc)))
    return {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}


def tfidf_vector(text: str, idf: dict[str, float]) -> dict[str, float]:
    """L2-normalised sublinear TF-IDF of ``text`` as {term: weight}; terms outside ``idf`` are ignored.

    Empty when ``text`` has no known term (its cosine with anything is then 0).
    """
    weights = {t: (1 + math.log(c)) * idf[t] for t, c in Counter(analyze(text)).items() if t in idf}
    norm = math.sqrt(math.fsum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def _idf(ctx: Context) -> dict[str, float]:
    """The article's idf, fitted once on its sentences and gold claim texts."""
    idf = ctx.cache.get("claim-idf")
    if idf is None:
        docs = [s for s in _SENTENCE.split(ctx.article_text) if s.strip()]
        docs.extend(ctx.cache.get("claim-gold-texts", []))
        idf = ctx.cache["claim-idf"] = idf_weights(docs)
    return idf


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two L2-normalised sparse vectors given as {term: weight}."""
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, math.fsum(w * b.get(t, 0.0) for t, w in a.items()))


class ClaimMatcher:
    type = "claim"

    def setup(self, ctx: Context, facts: Sequence[Any], negatives: Sequence[Any]) -> None:
        """Keep the gold claim texts: the article's idf is fitted on them and its sentences."""
        ctx.cache["claim-gold-texts"] = [f.text for f in facts]

    def prepare_gold(self, fact: Any, ctx: Context) -> ClaimKey:
        speaker = ctx.speakers.get(fact.speaker)
        return ClaimKey(speaker, tfidf_vector(fact.text, _idf(ctx)), fact.text)

    def prepare_pred(self, fact: Any, ctx: Context) -> ClaimKey:
        return ClaimKey(NameForms.of(fact.speaker), tfidf_vector(fact.text, _idf(ctx)), fact.text)

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
        index: dict[str, list[int]] = {}
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
