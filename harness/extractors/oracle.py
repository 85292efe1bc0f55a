"""The ``oracle`` extractor: returns the gold facts themselves, as predictions.

Gold-only fields (``optional``, ``note``, ``tolerance``, ``alternatives``) are dropped, and ``speaker`` references
(gold: a speaker fact's id) become the speaker's name, as an extractor would write them.
It must score exactly 1.0 in both modes — a check of the scorer and of the gold's consistency.
"""

from __future__ import annotations

from typing import Any

from harness.corpus import Corpus
from harness.model import Article, GoldFile, fact_to_dict
from harness.types import REGISTRY

_GOLD_ONLY = ("optional", "note", "tolerance", "alternatives")


def gold_as_predictions(gold: GoldFile) -> list[dict[str, Any]]:
    """Every gold fact (optional ones included) in the prediction format."""
    names = {f.id: f.name for f in gold.facts if f.type == "speaker"}
    out = []
    for fact in gold.facts:
        d = fact_to_dict(fact)
        for key in _GOLD_ONLY:
            d.pop(key, None)
        for field in REGISTRY[fact.type].references:
            if d.get(field) is not None:
                d[field] = names.get(d[field], d[field])
        out.append(d)
    return out


class Oracle:
    """Looks the article up in the corpus it was given and returns its gold facts.

    With a lazy corpus each article's gold is read when that article is extracted, so memory holds
    one gold file at a time; an article outside the corpus, or with invalid gold, gets no facts.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def __call__(self, article: Article) -> list[dict[str, Any]]:
        if article.id not in self.corpus:
            return []
        entry, _ = self.corpus.check(article.id)
        return gold_as_predictions(entry.gold) if entry is not None else []
