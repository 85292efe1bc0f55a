"""Deciding identical facts once per kind (large types) gives exactly what deciding pair by pair gives."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

import harness
import harness.scoring

ROOT = Path(__file__).parents[1]


def _both(**kwargs: Any) -> tuple[str, str]:
    """The JSON result with every type decided by kind, and with every type decided pair by pair."""
    out = []
    for threshold in (0, 10**12):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(harness.scoring, "CLASS_PAIRS", threshold)
            out.append(harness.score_predictions(**kwargs).to_json())
    return out[0], out[1]


@pytest.fixture(scope="module")
def baseline_predictions() -> dict[str, list[Any]]:
    run = harness.run("baseline")
    assert run.predictions is not None
    return dict(run.predictions)


@pytest.mark.parametrize("options", [{"mode": "strict"}, {"mode": "lenient"}, {"count_duplicates": True},
                                     {"require_evidence": True}])
def test_the_benchmark_scores_alike(baseline_predictions: dict[str, list[Any]], options: dict[str, Any]) -> None:
    """The seed articles have alternatives, negatives, furniture and evidence tying figures to mentions."""
    by_kind, by_pair = _both(predictions=baseline_predictions, **options)
    assert by_kind == by_pair


def test_repeated_predictions_score_alike(baseline_predictions: dict[str, list[Any]]) -> None:
    """Every prediction given three times: the kinds then really group facts (duplicates, one-to-one)."""
    tripled = {a: [*facts, *facts, *facts] for a, facts in baseline_predictions.items()}
    by_kind, by_pair = _both(predictions=tripled)
    assert by_kind == by_pair
    assert '"outcome":"duplicate"' in by_kind.replace(" ", "")


def test_a_dense_article_scores_alike(tmp_path: Path) -> None:
    """One article of many identical and near-identical facts (the benchmark script's dense corpus)."""
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench", bench)
    spec.loader.exec_module(bench)
    seeds, gold, preds = bench.generate(tmp_path, 1, 300, 1, dense=True)
    by_kind, by_pair = _both(predictions=preds, gold=gold, seeds=seeds)
    assert by_kind == by_pair
