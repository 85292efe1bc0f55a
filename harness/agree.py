"""The human ceiling: how well two independent annotations of the same articles agree.

``agree(A, B)`` scores annotation B against annotation A with the scoring engine itself — B's facts
become predictions (speaker ids become names, as the oracle does) and the same matchers, alignment
and outcome policy decide — so the ceiling is measured exactly as extractors are.

* **Optional facts count neither way, on either side**: an optional fact of A is as in any run
  (matched: no tp; missed: no fn); a fact B marked optional adds nothing either — paired with one of
  A's facts it is neither found nor missed, unpaired it is no false positive.
* **Symmetric**: the matchers read gold and predictions a little differently (a gold speaker's
  aliases, a predicted date's surface text), so B is scored against A and A against B, and each
  scope's agreement F1 is the mean of the two directions' F1. Precision and recall are B's against
  A's (swapping A and B swaps them).
* Articles are those both directories annotate; an article only one of them has is listed in
  ``only_in``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from harness.aggregate import Aggregator
from harness.corpus import Corpus
from harness.details import Detail
from harness.extractors.oracle import gold_as_predictions
from harness.metrics import Counts
from harness.outcomes import counted
from harness.predictions import parse_facts
from harness.result import Result
from harness.scoring import ArticleScore, ScoreOptions, score_article
from harness.types import FACT_TYPES


def _direction(gold: Corpus, other: Corpus, ids: list[str], options: ScoreOptions, label: str) -> Result:
    """``other``'s facts scored as predictions against ``gold`` over ``ids``."""
    totals = Aggregator()
    for aid in ids:
        entry, their = gold[aid], other[aid]
        facts = gold_as_predictions(their.gold)
        optional = {f.id for f in their.gold.facts if f.optional}
        preds = parse_facts([{**f, "id": fid} for f, fid in zip(facts, [g.id for g in their.gold.facts], strict=True)])
        score = score_article(entry, preds, options)
        totals.add(_with_optional_predictions(score, optional, options))
    return totals.result(extractor=label, options=options, bootstrap=0)


def _with_optional_predictions(score: ArticleScore, optional: set[str], options: ScoreOptions) -> ArticleScore:
    """The score recounted with details about optional predictions marked optional (counting nothing)."""
    details: list[Detail] = []
    counts = {t: Counts() for t in score.counts}
    for d in score.details:
        if d.prediction is not None and d.prediction.get("id") in optional and not d.optional:
            d = replace(d, optional=True)
        details.append(d)
        counts[d.type] = counts.get(d.type, Counts()) + counted(
            d.outcome, mode=options.mode, optional=d.optional, count_duplicates=options.count_duplicates,
            prediction_optional=True)
    return ArticleScore(score.article, counts, details, {}, score.n_gold)


@dataclass(frozen=True)
class Agreement:
    """Agreement of annotation B with annotation A: per type, per article and overall."""

    a: str
    b: str
    mode: str
    forward: Result
    """B scored against A."""
    backward: Result
    """A scored against B."""
    only_in: dict[str, list[str]] = field(default_factory=dict)

    def f1(self, scope: str = "overall") -> float | None:
        """The symmetric agreement F1 of ``scope`` (overall or a type): the mean of both directions."""
        f, b = self.forward.counts(scope).f1, self.backward.counts(scope).f1
        if f is None or b is None:
            return f if b is None else b
        return round((f + b) / 2, 6)

    def block(self, scope: str) -> dict[str, Any]:
        c = self.forward.counts(scope)
        return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": _r(c.precision), "recall": _r(c.recall),
                "f1": self.f1(scope)}

    @property
    def disagreements(self) -> list[Detail]:
        """Every detail of B against A that cost a point (A's facts B lacks, B's facts A lacks)."""
        return [d for d in self.forward.failures() if not d.optional]

    @property
    def reverse_disagreements(self) -> list[Detail]:
        """The same read the other way: A's facts scored against B (what B's matching made of A)."""
        return [d for d in self.backward.failures() if not d.optional]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``a``, ``b``, ``mode``, ``overall``, ``by_type``, ``by_article``, ``disagreements``."""
        return {
            "a": self.a,
            "b": self.b,
            "mode": self.mode,
            "overall": self.block("overall"),
            "by_type": {t: self.block(t) for t in FACT_TYPES},
            "by_article": {aid: _article_block(self, aid) for aid in self.forward.by_article},
            "only_in": self.only_in,
            "disagreements": [d.to_dict() for d in self.disagreements],
            "reverse_disagreements": [d.to_dict() for d in self.reverse_disagreements],
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _article_block(agreement: Agreement, aid: str) -> dict[str, Any]:
    f = sum(agreement.forward.by_article[aid].values(), Counts())
    b = sum(agreement.backward.by_article[aid].values(), Counts())
    f1 = [x for x in (f.f1, b.f1) if x is not None]
    return {"tp": f.tp, "fp": f.fp, "fn": f.fn, "precision": _r(f.precision), "recall": _r(f.recall),
            "f1": round(sum(f1) / len(f1), 6) if f1 else None}


def agree(a: Corpus, b: Corpus, *, mode: str = "strict", options: ScoreOptions | None = None) -> Agreement:
    """Agreement of the annotation ``b`` with ``a`` over the articles both annotate (see the module docstring).

    Raises :class:`~harness.corpus.GoldError` when either annotation is invalid.
    """
    opts = replace(options or ScoreOptions(), mode=mode)
    ids = sorted(set(a.ids) & set(b.ids))
    only = {"a": sorted(set(a.ids) - set(b.ids)), "b": sorted(set(b.ids) - set(a.ids))}
    forward = _direction(a, b, ids, opts, "B against A")
    backward = _direction(b, a, ids, opts, "A against B")
    return Agreement(str(a.gold_dir), str(b.gold_dir), mode, forward, backward,
                     {k: v for k, v in only.items() if v})
