"""The one outcome policy: every combination of outcome, mode, optional and duplicate counting,
and every report listing exactly what its counts count."""

from __future__ import annotations

import itertools
import json

import pytest

import harness
from harness.metrics import Counts, total
from harness.outcomes import MODES, Outcome, counted, is_false_positive, is_found, is_miss
from harness.report.markdown import render as markdown
from harness.report.table import render as table

# (outcome, mode, optional, count_duplicates) → (tp, fp, fn): the README's table, spelled out.
EXPECTED: dict[tuple[str, str, bool, bool], tuple[int, int, int]] = {}
for mode, optional, dup in itertools.product(MODES, (False, True), (False, True)):
    EXPECTED[("tp", mode, optional, dup)] = (0, 0, 0) if optional else (1, 0, 0)
    EXPECTED[("fn", mode, optional, dup)] = (0, 0, 0) if optional else (0, 0, 1)
    EXPECTED[("fp", mode, optional, dup)] = (0, 1, 0)
    EXPECTED[("negative", mode, optional, dup)] = (0, 1, 0)
    EXPECTED[("duplicate", mode, optional, dup)] = (0, 1, 0) if dup else (0, 0, 0)
    if mode == "lenient":
        EXPECTED[("partial", mode, optional, dup)] = (0, 0, 0) if optional else (1, 0, 0)
    else:
        EXPECTED[("partial", mode, optional, dup)] = (0, 1, 0) if optional else (0, 1, 1)


@pytest.mark.parametrize(("outcome", "mode", "optional", "dup"), sorted(EXPECTED))
def test_policy_table(outcome: str, mode: str, optional: bool, dup: bool) -> None:
    got = counted(outcome, mode=mode, optional=optional, count_duplicates=dup)
    assert (got.tp, got.fp, got.fn) == EXPECTED[(outcome, mode, optional, dup)]
    assert is_miss(outcome, mode=mode, optional=optional, count_duplicates=dup) == (got.fn > 0)
    assert is_false_positive(outcome, mode=mode, optional=optional, count_duplicates=dup) == (got.fp > 0)
    assert is_found(outcome, mode=mode, optional=optional) == (got.tp > 0)


def test_every_outcome_is_in_the_table() -> None:
    assert {o for o, *_ in EXPECTED} == {o.value for o in Outcome}


def test_unknown_outcome_or_mode_is_an_error() -> None:
    with pytest.raises(ValueError):
        counted("maybe", mode="strict")
    with pytest.raises(ValueError):
        counted("tp", mode="generous")


@pytest.fixture(scope="module", params=[("strict", False), ("strict", True), ("lenient", False), ("lenient", True)],
                ids=lambda p: f"{p[0]}{'-dups' if p[1] else ''}")
def result(request: pytest.FixtureRequest) -> harness.Result:
    mode, dups = request.param
    return harness.score("baseline", mode=mode, count_duplicates=dups)


def test_counts_are_the_policy_applied_to_the_details(result: harness.Result) -> None:
    assert total(result.counted(d) for d in result.details) == result.overall
    by_type = {t: Counts() for t in result.by_type}
    for d in result.details:
        by_type[d.type] = by_type[d.type] + result.counted(d)
    assert by_type == result.by_type


def test_listed_misses_and_false_positives_are_exactly_the_counted_ones(result: harness.Result) -> None:
    assert len(result.misses()) == result.overall.fn
    assert len(result.false_positives()) == result.overall.fp
    text = table(result, max_rows=10_000)
    assert f"missed (fn) ({result.overall.fn})" in text or result.overall.fn == 0
    assert f"false positives ({result.overall.fp})" in text or result.overall.fp == 0
    md = markdown(result, max_rows=10_000)
    listed = sum(1 for line in md.splitlines() if line.startswith("| 00"))
    assert listed == len(result.failures())


def test_counted_duplicates_are_listed_as_false_positives() -> None:
    plain = harness.score("baseline")
    counting = harness.score("baseline", count_duplicates=True)
    dups = [d for d in counting.details if d.outcome == "duplicate"]
    assert dups, "the baseline emits duplicates (the fixture this test needs)"
    assert all(d in counting.false_positives() for d in dups)
    assert not any(d.outcome == "duplicate" for d in plain.false_positives())
    assert counting.overall.fp == plain.overall.fp + len(dups)


def test_outcome_is_written_as_its_name() -> None:
    assert json.dumps(Outcome.TP) == '"tp"' and str(Outcome.PARTIAL) == "partial"
