"""The alignment routine: optimal one-to-one pairs, sparse verdicts, blocking that changes nothing."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from harness.align import align
from harness.match.base import NO_MATCH, Level, Match


def _compare(g: int, p: int) -> Match:
    """Full when equal, partial when one apart, else none (a toy matcher over integers)."""
    if g == p:
        return Match(Level.FULL, "equal", 1.0)
    if abs(g - p) == 1:
        return Match(Level.PARTIAL, "one apart", 0.5)
    return NO_MATCH


def test_full_matches_come_first_not_greedy() -> None:
    # Greedy in gold order would pair 1~2 (partial) and then 2~3 (partial); the optimum takes the
    # full 2=2 and leaves 1 and 3 unpaired.
    result = align([1, 2], [2, 3], _compare)
    assert [(i, j, m.level) for i, j, m in result.pairs] == [(1, 0, Level.FULL)]
    assert result.unpaired_gold == [0] and result.unpaired_pred == [1]


def test_hits_keep_only_matching_pairs() -> None:
    result = align([10, 20], [10, 11, 50], _compare)
    assert result.hits == {0: [(0, Match(Level.FULL, "equal", 1.0))], 1: [(0, Match(Level.PARTIAL, "one apart", 0.5))]}
    assert result.match(0, 0).level is Level.FULL
    assert result.match(1, 2) is NO_MATCH
    assert result.unpaired_pred == [1, 2]


ints = st.lists(st.integers(0, 12), max_size=8)


@given(ints, ints)
def test_blocking_to_the_matching_pairs_changes_nothing(gold: list[int], pred: list[int]) -> None:
    every = align(gold, pred, _compare)
    candidates = {(i, j) for i, j in itertools.product(range(len(gold)), range(len(pred))) if abs(gold[i] - pred[j]) <= 1}
    blocked = align(gold, pred, _compare, candidates=candidates)
    assert blocked == every


@given(ints, ints)
def test_every_fact_is_paired_or_unpaired_once(gold: list[int], pred: list[int]) -> None:
    result = align(gold, pred, _compare)
    assert sorted([i for i, _, _ in result.pairs] + result.unpaired_gold) == list(range(len(gold)))
    assert sorted([j for _, j, _ in result.pairs] + result.unpaired_pred) == list(range(len(pred)))
    full = sum(m.level is Level.FULL for _, _, m in result.pairs)
    # The number of full pairs is the maximum matching among equal values.
    expected = sum(min(gold.count(v), pred.count(v)) for v in set(gold))
    assert full == expected
