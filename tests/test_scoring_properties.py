"""Invariants of the scorer, checked with hypothesis on predictions drawn from the real gold.

Perfect predictions score 1.0; order never matters; an extra prediction never raises precision
unless it is a tp; strict never counts more tp than lenient; metrics stay in [0, 1] or undefined;
counts agree with scikit-learn's precision_recall_fscore_support on the same decisions.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import precision_recall_fscore_support

from harness import load_corpus
from harness.api import score_predictions
from harness.corpus import Corpus
from harness.extractors.oracle import gold_as_predictions
from harness.result import Result

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def corpus() -> Corpus:
    return load_corpus()


@functools.cache
def oracle() -> dict[str, list[dict[str, Any]]]:
    return {e.article.id: gold_as_predictions(e.gold) for e in corpus()}


NOISE = [
    {"type": "figure", "value": 100000, "unit": "troops"},
    {"type": "figure", "value": 90000, "unit": "people"},
    {"type": "figure", "value": 3.5, "unit": "million USD"},
    {"type": "speaker", "name": "Dmitry"},
    {"type": "speaker", "name": "Hunter Biden"},
    {"type": "date", "value": "2021-11"},
    {"type": "date", "value": "2024-04-27"},
    {"type": "place", "name": "Yelnya"},
    {"type": "place", "name": "Atlantis"},
    {"type": "claim", "speaker": "Peskov", "text": "Russia must be on its guard"},
    {"type": "claim", "speaker": "Nobody", "text": "The moon is made of cheese"},
]

ARTICLES = sorted(oracle())


@st.composite
def prediction_sets(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """For a few articles: a random subset of the gold-as-predictions plus random noise, shuffled."""
    chosen = draw(st.lists(st.sampled_from(ARTICLES), min_size=1, max_size=3, unique=True))
    out = {}
    for aid in chosen:
        facts = oracle()[aid]
        keep = draw(st.lists(st.sampled_from(range(len(facts))), max_size=len(facts), unique=True))
        noise = draw(st.lists(st.sampled_from(NOISE), max_size=5))
        dup = draw(st.lists(st.sampled_from(range(len(facts))), max_size=2))
        items = [facts[i] for i in keep] + noise + [facts[i] for i in dup]
        out[aid] = draw(st.permutations(items))
    return out


def run(preds: dict[str, list[dict[str, Any]]], mode: str = "strict", **kw: Any) -> Result:
    return score_predictions(preds, corpus=corpus(), articles=sorted(preds), mode=mode, bootstrap=50, **kw)


def numbers(result: Result) -> str:
    d = result.to_dict()
    d["details"] = sorted(json.dumps(x, sort_keys=True) for x in d["details"])
    return json.dumps(d, sort_keys=True)


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_perfect_predictions_score_one(mode: str) -> None:
    result = run(oracle(), mode)
    for block in [result.overall, *result.by_type.values()]:
        assert (block.precision, block.recall, block.f1) == (1.0, 1.0, 1.0)
    assert result.overall.tp == sum(1 for e in corpus() for f in e.gold.facts if not f.optional)


@SETTINGS
@given(prediction_sets(), st.randoms(use_true_random=False))
def test_order_never_matters(preds: dict[str, list[dict[str, Any]]], rnd: Any) -> None:
    shuffled = {}
    for aid in rnd.sample(sorted(preds), len(preds)):
        items = list(preds[aid])
        rnd.shuffle(items)
        shuffled[aid] = items
    assert numbers(run(preds)) == numbers(run(shuffled))


@SETTINGS
@given(prediction_sets(), st.sampled_from(NOISE))
def test_extra_prediction_never_raises_precision_unless_tp(preds: dict[str, list[dict[str, Any]]], extra: dict[str, Any]) -> None:
    aid = sorted(preds)[0]
    before = run(preds)
    after = run({**preds, aid: [*preds[aid], extra]})
    if after.overall.tp == before.overall.tp and before.overall.precision is not None:
        assert after.overall.precision is not None
        assert after.overall.precision <= before.overall.precision


@SETTINGS
@given(prediction_sets())
def test_strict_never_exceeds_lenient(preds: dict[str, list[dict[str, Any]]]) -> None:
    strict, lenient = run(preds, "strict"), run(preds, "lenient")
    for t in strict.by_type:
        assert strict.by_type[t].tp <= lenient.by_type[t].tp
        assert strict.by_type[t].fn >= lenient.by_type[t].fn


@SETTINGS
@given(prediction_sets(), st.sampled_from(["strict", "lenient"]))
def test_metrics_in_unit_interval_or_undefined(preds: dict[str, list[dict[str, Any]]], mode: str) -> None:
    result = run(preds, mode)
    blocks = [result.overall, *result.by_type.values()] + [c for a in result.by_article.values() for c in a.values()]
    for c in blocks:
        for v in (c.precision, c.recall, c.f1):
            assert v is None or 0.0 <= v <= 1.0
    for group in result.macro.values():
        for v in group.values():
            assert v is None or 0.0 <= v <= 1.0
    for key, intervals in [("overall", result.confidence_intervals["overall"]),
                           *result.confidence_intervals["by_type"].items()]:
        for metric, iv in intervals.items():
            assert iv is None or 0.0 <= iv[0] <= iv[1] <= 1.0, (key, metric, iv)


@SETTINGS
@given(prediction_sets(), st.sampled_from(["strict", "lenient"]))
def test_counts_agree_with_sklearn(preds: dict[str, list[dict[str, Any]]], mode: str) -> None:
    """Rebuild binary decisions from the details and let scikit-learn compute the metrics."""
    result = run(preds, mode)
    y_true: list[int] = []
    y_pred: list[int] = []
    for d in result.details:
        if d.optional and d.outcome in ("tp", "fn", "partial") and not (d.outcome == "partial" and mode == "strict"):
            continue
        if d.outcome == "tp" or (d.outcome == "partial" and mode == "lenient"):
            y_true.append(1), y_pred.append(1)
        elif d.outcome == "partial":  # strict: one fp and, for required gold, one fn
            y_true.append(0), y_pred.append(1)
            if not d.optional:
                y_true.append(1), y_pred.append(0)
        elif d.outcome in ("fp", "negative"):
            y_true.append(0), y_pred.append(1)
        elif d.outcome == "fn":
            y_true.append(1), y_pred.append(0)
    assert sum(1 for t, p in zip(y_true, y_pred, strict=True) if t and p) == result.overall.tp
    assert sum(1 for t, p in zip(y_true, y_pred, strict=True) if not t and p) == result.overall.fp
    assert sum(1 for t, p in zip(y_true, y_pred, strict=True) if t and not p) == result.overall.fn
    if result.overall.tp:
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
        assert p == pytest.approx(result.overall.precision)
        assert r == pytest.approx(result.overall.recall)
        assert f == pytest.approx(result.overall.f1)


def test_duplicates_listed_not_counted_unless_asked() -> None:
    aid = ARTICLES[1]
    facts = oracle()[aid]
    preds = {aid: [*facts, facts[0]]}
    plain = run(preds)
    assert plain.overall.fp == 0
    assert [d.outcome for d in plain.details].count("duplicate") == 1
    counted = run(preds, count_duplicates=True)
    assert counted.overall.fp == 1


def test_optional_gold_counts_neither_way() -> None:
    entry = next(e for e in corpus() if any(f.optional for f in e.gold.facts))
    optional_ids = {f.id for f in entry.gold.facts if f.optional}
    all_facts = oracle()[entry.article.id]
    required_only = [f for f, g in zip(all_facts, entry.gold.facts, strict=True) if g.id not in optional_ids]
    with_opt, without = run({entry.article.id: all_facts}), run({entry.article.id: required_only})
    assert (with_opt.overall.tp, with_opt.overall.fp, with_opt.overall.fn) == (without.overall.tp, 0, 0)
    assert without.overall.fn == 0


def test_negative_is_a_false_positive_with_its_own_outcome() -> None:
    aid = "004_ebae451186ceb249"
    result = run({aid: [{"type": "date", "value": "2024-04-27"}]})
    (d,) = [d for d in result.details if d.prediction is not None]
    assert d.outcome == "negative" and d.gold_id is not None
    assert result.overall.fp == 1
