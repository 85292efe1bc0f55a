from __future__ import annotations

import pytest

from harness.metrics import Counts, average_precision, bootstrap_intervals, macro, total


def test_counts_add_and_ratios() -> None:
    c = Counts(3, 1, 2) + Counts(1, 1, 0)
    assert c == Counts(4, 2, 2)
    assert c.precision == pytest.approx(4 / 6)
    assert c.recall == pytest.approx(4 / 6)
    assert c.f1 == pytest.approx(8 / 12)


@pytest.mark.parametrize(
    ("counts", "p", "r", "f"),
    [
        (Counts(0, 0, 0), None, None, None),  # nothing predicted, nothing to find
        (Counts(0, 0, 5), None, 0.0, 0.0),  # nothing predicted
        (Counts(0, 3, 0), 0.0, None, 0.0),  # nothing to find
        (Counts(2, 0, 0), 1.0, 1.0, 1.0),
    ],
)
def test_zero_division_is_undefined_not_an_error(counts: Counts, p: float | None, r: float | None, f: float | None) -> None:
    assert (counts.precision, counts.recall, counts.f1) == (p, r, f)
    d = counts.to_dict()
    assert (d["precision"], d["recall"], d["f1"]) == (p, r, f)


def test_macro_skips_undefined_and_total_sums() -> None:
    items = [Counts(1, 0, 1), Counts(0, 0, 0), Counts(2, 2, 0)]
    m = macro(items)
    assert m["precision"] == pytest.approx((1.0 + 0.5) / 2)
    assert m["recall"] == pytest.approx((0.5 + 1.0) / 2)
    assert macro([Counts()]) == {"precision": None, "recall": None, "f1": None}
    assert total(items) == Counts(3, 2, 1)


def test_bootstrap_is_reproducible_and_brackets_the_estimate() -> None:
    arts = [{"figure": Counts(i % 3, 1, 2 - i % 3)} for i in range(30)]
    a = bootstrap_intervals(arts, ["figure"], resamples=300, seed=7)
    b = bootstrap_intervals(arts, ["figure"], resamples=300, seed=7)
    assert a == b
    point = total(x["figure"] for x in arts).recall
    lo, hi = a["overall"]["recall"]
    assert lo <= point <= hi and lo < hi
    assert bootstrap_intervals([], ["figure"])["overall"]["f1"] is None


def test_average_precision_counts_never_predicted_gold() -> None:
    # two correct predictions ranked first; gold has four facts, two never predicted
    assert average_precision([0.9, 0.8, 0.1], [True, True, False], n_gold=4) == pytest.approx(0.5)
    assert average_precision([0.9, 0.8], [True, True], n_gold=2) == pytest.approx(1.0)
    assert average_precision([0.9], [False], n_gold=3) == 0.0
    assert average_precision([], [], n_gold=3) is None
