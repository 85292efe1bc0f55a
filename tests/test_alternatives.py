"""Alternative readings of a gold fact: any of them matches, two of them give one tp and one
duplicate, each is validated like a fact of its type, and the oracle still scores 1.0."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import harness
from tests.conftest import MakeGold

A001 = "001_eab98a2f0f3a5ef7"
ALTERNATIVES = """  - id: date-friday
    type: date
    value: 2021-11-05
    text: Friday
    evidence: "The Kremlin on Friday rebuffed"
    alternatives:
      - value: 2021-11-12
        evidence: "The Kremlin on Friday rebuffed"
        note: the same Friday a week later, as outside reports date these events
      - value: 2021-11
        text: this month
        evidence: "The Kremlin on Friday rebuffed"
"""
READINGS = ["2021-11-05", "2021-11-12", "2021-11"]


def _corpus(make_gold: MakeGold) -> harness.Corpus:
    path = make_gold({"""  - id: date-friday
    type: date
    value: 2021-11-05
    text: Friday
    evidence: "The Kremlin on Friday rebuffed"
""": ALTERNATIVES})
    return harness.load_corpus(path.parent, path.parent.parent / "seeds")


def _dates(corpus: harness.Corpus, values: list[str]) -> harness.Result:
    preds: dict[str, list[dict[str, Any]]] = {A001: [{"type": "date", "value": v} for v in values]}
    return harness.score(predictions=preds, corpus=corpus, bootstrap=0)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(READINGS))
def test_any_alternative_matches(make_gold: MakeGold, value: str) -> None:
    r = _dates(_corpus(make_gold), [value])
    assert r.by_type["date"].tp == 1 and r.by_type["date"].fp == 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(READINGS), min_size=2, max_size=2, unique=True))
def test_two_readings_of_one_fact_are_one_tp_and_one_duplicate(make_gold: MakeGold, values: list[str]) -> None:
    r = _dates(_corpus(make_gold), values)
    outcomes = sorted(str(d.outcome) for d in r.details if d.type == "date")
    assert outcomes == ["duplicate", "tp"], outcomes
    assert r.by_type["date"].tp == 1 and r.by_type["date"].fp == 0


def test_oracle_still_scores_one(make_gold: MakeGold) -> None:
    r = harness.score("oracle", corpus=_corpus(make_gold), bootstrap=0)
    assert r.f1() == 1.0


@pytest.mark.parametrize(("alternative", "message"), [
    ("      - value: 2021-02-30\n        evidence: Friday\n", "2021-02-30"),
    ("      - vaule: 2021-11-12\n        evidence: Friday\n", "did you mean 'value'?"),
    ("      - value: 2021-11-12\n", "missing required field 'evidence'"),
    ("      - value: 2021-11-12\n        evidence: no such words here\n", "not found verbatim"),
    ("      - id: other\n        evidence: Friday\n", "cannot change 'id'"),
])
def test_each_alternative_is_validated(make_gold: MakeGold, alternative: str, message: str) -> None:
    path = make_gold({"""    evidence: "The Kremlin on Friday rebuffed"
""": """    evidence: "The Kremlin on Friday rebuffed"
    alternatives:
""" + alternative})
    problems = harness.validate_paths([path], path.parent.parent / "seeds")
    assert any(message in p.message for p in problems), problems
    assert all(p.line > 1 for p in problems)  # located at the alternative, not the top of the file


def test_an_alternative_speaker_of_a_claim_is_checked_and_matched(make_gold: MakeGold) -> None:
    path = make_gold({"""    text: Russia does not threaten anyone
""": """    text: Russia does not threaten anyone
    alternatives:
      - speaker: spk-ukr-defense-ministry
        evidence: "Russia doesnt threaten anyone, Peskov said"
"""})
    corpus = harness.load_corpus(path.parent, path.parent.parent / "seeds")
    preds = {A001: [{"type": "claim", "speaker": "Ukrainian Defense Ministry", "text": "Russia threatens nobody"}]}
    r = harness.score(predictions=preds, corpus=corpus, bootstrap=0)
    assert r.by_type["claim"].tp == 1
    bad = make_gold({"""    text: Russia does not threaten anyone
""": """    text: Russia does not threaten anyone
    alternatives:
      - speaker: spk-nobody
        evidence: "Russia doesnt threaten anyone, Peskov said"
"""})
    assert any("not the id of a speaker fact" in p.message
               for p in harness.validate_paths([bad], bad.parent.parent / "seeds"))
