"""Blocking never hides a match: for every matcher with ``candidates``, each pair its ``compare``
matches (fully or partly) is among the candidate pairs, and no such pair is one its ``rules_out``
refuses. Facts are drawn from the seed articles'
names, units and values, with spelling variants and odd values mixed in."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from harness.match import MATCHERS, Level, Options
from harness.model import GoldClaim, GoldDate, GoldFigure, GoldPlace, GoldSpeaker, PredictionRecord
from harness.scoring import build_context

BLOCKING = sorted(t for t, m in MATCHERS.items() if hasattr(m, "candidates"))

WORDS = ["Dmitry", "Peskov", "Peskow", "Polyansky", "Volodymyr", "Zelensky", "Zelenskiy", "Zelenskyy", "Valeriy",
         "Valerii", "Zaluzhny", "Zaluzhnyi", "Ukrainian", "Russian", "Defense", "Defence", "Ministry", "Kremlin",
         "Mr", "President", "the", "of", "Yelnya", "Kyiv", "Kiev", "Donbas", "Crimea", "Joe", "Biden", "Antony",
         "Blinken", "NATO", "U.S.", "Lt.", "Gen.", "Al", "Jo", "Town3x512", "Town3x51", "Town5x512", "Towm3x512"]
name = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
UNITS = ["km", "kilometers", "mi", "miles", "troops", "soldiers", "people", "USD", "million USD", "$", "times",
         "years", "tanks", "m"]
value = st.one_of(
    st.sampled_from([0, 1e-9, 0.5, 1, 3, 9.6, 14.9, 60, 100, 160, 161, 260, 300, 500, 2100, 90000, 100000, -5]),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.integers(-10, 10**7),
)
CLAIM_WORDS = ["Russia", "does", "not", "threaten", "anyone", "troops", "border", "NATO", "provocations", "threat",
               "moving", "its", "own", "territory", "concern", "invasion", "plans", "denied", "Ukraine", "the",
               "90,000", "100,000", "3", "sector", "never", "and", "more than"]
claim_text = st.lists(st.sampled_from(CLAIM_WORDS), min_size=1, max_size=8).map(" ".join)
date = st.one_of(st.sampled_from(["2021", "2021-11", "2021-11-05", "2021-11-12", "2014", "2014-01-01"]),
                 st.dates().map(lambda d: d.isoformat()))


def _distance(v: Any, unit: str) -> dict[str, Any]:
    return {"value": v, "unit": unit}


def gold_and_pred(ftype: str) -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    """(gold fields, prediction fields) of one fact of ``ftype``, without id/evidence/type."""
    if ftype == "figure":
        g = st.fixed_dictionaries({"value": value, "unit": st.sampled_from(UNITS)},
                                  optional={"tolerance": st.floats(0, 0.95)})
        p = st.fixed_dictionaries({"value": value, "unit": st.sampled_from(UNITS)})
    elif ftype == "speaker":
        g = st.fixed_dictionaries({"name": name}, optional={"aliases": st.lists(name, max_size=2)})
        p = st.fixed_dictionaries({"name": name}, optional={"aliases": st.lists(name, max_size=2)})
    elif ftype == "place":
        dist = st.builds(_distance, value, st.sampled_from(["km", "mi", "miles"]))
        g = st.fixed_dictionaries({"name": name}, optional={"distance": dist})
        p = st.fixed_dictionaries({"name": name}, optional={"distance": dist})
    elif ftype == "claim":
        g = st.fixed_dictionaries({"text": claim_text})
        p = st.fixed_dictionaries({"speaker": name, "text": claim_text})
    else:
        g = st.fixed_dictionaries({"value": date})
        p = st.fixed_dictionaries({"value": date})
    return st.tuples(g, p)


GOLD = {"figure": GoldFigure, "speaker": GoldSpeaker, "date": GoldDate, "place": GoldPlace, "claim": GoldClaim}


class _Gold:
    """The slice of a gold file and article that :func:`build_context` reads."""

    def __init__(self, facts: list[Any], text: str) -> None:
        self.gold = type("G", (), {"facts": facts, "negatives": [], "furniture": []})()
        self.article = type("A", (), {"text": text, "id": "x"})()


@settings(max_examples=60, deadline=None)
@given(data=st.data(), tolerance=st.floats(0, 0.95))
def test_candidates_include_every_pair_that_matches(data: st.DataObject, tolerance: float) -> None:
    for ftype in BLOCKING:
        matcher = MATCHERS[ftype]
        facts = data.draw(st.lists(gold_and_pred(ftype), min_size=1, max_size=6), label=ftype)
        speakers = [GoldSpeaker(id=f"s{k}", evidence="e", name=data.draw(name)) for k in range(3)]
        gold = []
        for k, (g, _) in enumerate(facts):
            extra = {"speaker": f"s{k % 3}"} if ftype == "claim" else {}
            gold.append(GOLD[ftype](id=f"g{k}", evidence="e", **g, **extra))
        preds = PredictionRecord.model_validate({"article": "x", "facts": [{"type": ftype, **p} for _, p in facts]}).facts
        text = " ".join(data.draw(claim_text) for _ in range(3))
        ctx = build_context(_Gold([*speakers, *gold], text), Options(tolerance=tolerance))  # type: ignore[arg-type]
        g_prep = [matcher.prepare_gold(g, ctx) for g in gold]
        p_prep = [matcher.prepare_pred(p, ctx) for p in preds]
        candidates = matcher.candidates(g_prep, p_prep, ctx)  # type: ignore[attr-defined]
        rules_out = getattr(matcher, "rules_out", None)
        for i, gk in enumerate(g_prep):
            for j, pk in enumerate(p_prep):
                if matcher.compare(gk, pk, ctx).level is not Level.NONE:
                    assert (i, j) in candidates, (ftype, gold[i], preds[j])
                    assert rules_out is None or not rules_out(gk, pk), (ftype, gold[i], preds[j])


def test_every_blocking_matcher_is_covered() -> None:
    assert BLOCKING == ["claim", "date", "figure", "place", "speaker"]


@settings(max_examples=15, deadline=None)
@given(gold_names=st.lists(name, min_size=20, max_size=24, unique=True),
       pred_names=st.lists(name, min_size=20, max_size=24, unique=True))
def test_the_claim_matchers_speaker_blocking_decides_as_the_name_rule_does(
        gold_names: list[str], pred_names: list[str]) -> None:
    """With many distinct speakers the claim matcher blocks speaker pairs first; every verdict is the
    one the name rule gives without blocking."""
    matcher = MATCHERS["claim"]
    speakers = [GoldSpeaker(id=f"s{k}", evidence="e", name=n) for k, n in enumerate(gold_names)]
    gold = [GoldClaim(id=f"g{k}", evidence="e", speaker=s.id, text="Russia does not threaten anyone")
            for k, s in enumerate(speakers)]
    preds = PredictionRecord.model_validate({"article": "x", "facts": [
        {"type": "claim", "speaker": n, "text": "Russia does not threaten anyone"} for n in pred_names]}).facts

    def verdicts(block: bool) -> list[Level]:
        ctx = build_context(_Gold([*speakers, *gold], "Russia does not threaten anyone."), Options())  # type: ignore[arg-type]
        g_prep = [matcher.prepare_gold(g, ctx) for g in gold]
        p_prep = [matcher.prepare_pred(p, ctx) for p in preds]
        if block:
            matcher.candidates(g_prep, p_prep, ctx)  # type: ignore[attr-defined]
            assert "claim-speaker-blocking" in ctx.cache
        return [matcher.compare(g, p, ctx).level for g in g_prep for p in p_prep]

    assert verdicts(block=True) == verdicts(block=False)
