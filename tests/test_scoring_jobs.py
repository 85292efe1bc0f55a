"""Scoring in worker processes (``jobs`` > 1) gives exactly what scoring in one process gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import harness
import harness.scoring
from harness.corpus import GoldError
from harness.predictions import PredictionsError, prediction_lines
from tests.conftest import SMALL_GOLD, MakeGold


@pytest.fixture(autouse=True)
def one_article_per_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Five seed articles would fit one chunk and stay in-process: make each article its own chunk."""
    monkeypatch.setattr(harness.scoring, "PARALLEL_CHUNK", 1)


@pytest.fixture(scope="module")
def baseline_predictions() -> dict[str, list[Any]]:
    run = harness.run("baseline")
    assert run.predictions is not None
    return dict(run.predictions)


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_result_is_identical_for_any_jobs(baseline_predictions: dict[str, list[Any]], mode: str) -> None:
    texts = {jobs: harness.score_predictions(baseline_predictions, mode=mode, jobs=jobs).to_json()
             for jobs in (1, 2, 3)}
    assert texts[1] == texts[2] == texts[3]
    data = json.loads(texts[1])
    assert 0 < data["overall"]["f1"] < 1  # a real mix of outcomes, not a trivial result
    assert {d["outcome"] for d in data["details"]} >= {"tp", "fn", "fp"}


def test_a_predictions_file_scores_the_same_in_workers(baseline_predictions: dict[str, list[Any]],
                                                       tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(prediction_lines(baseline_predictions), encoding="utf-8")
    one = harness.score_predictions(path, jobs=1).to_json()
    assert harness.score_predictions(path, jobs=2).to_json() == one


def test_bad_prediction_lines_are_reported_from_workers(tmp_path: Path) -> None:
    ids = harness.load_corpus().ids
    path = tmp_path / "p.jsonl"
    path.write_text(
        json.dumps({"article": ids[0], "facts": [{"type": "figure", "value": "many"}]}) + "\n"
        + json.dumps({"article": ids[3], "facts": [{"type": "speaker", "nme": "Peskov"}]}) + "\n",
        encoding="utf-8",
    )
    problems = {}
    for jobs in (1, 2):
        with pytest.raises(PredictionsError) as info:
            harness.score_predictions(path, jobs=jobs)
        problems[jobs] = info.value.problems
    assert problems[1] == problems[2]
    assert [p.split(":")[1] for p in problems[2]] == ["1", "1", "2"]  # every problem of both lines, in file order
    assert problems[2][0].endswith("facts[0].value: expected a finite number, got 'many'")
    assert problems[2][1].endswith("facts[0].unit: missing required field")


def test_bad_gold_files_are_reported_from_workers(make_gold: MakeGold, tmp_path: Path) -> None:
    make_gold()
    second = SMALL_GOLD.replace("001_eab98a2f0f3a5ef7", "002_6f25c81f1ace9927")
    make_gold(text=second.replace("dismissed", "waved away"), name="002_6f25c81f1ace9927.yaml")
    make_gold(text=SMALL_GOLD.replace("001_eab98a2f0f3a5ef7", "003_0089d118242a6352"),
              name="003_0089d118242a6352.yaml")
    problems = {}
    for jobs in (1, 2):
        with pytest.raises(GoldError) as info:
            harness.score_predictions({}, gold=tmp_path / "gold", seeds=tmp_path / "seeds", jobs=jobs)
        problems[jobs] = [str(p) for p in info.value.problems]
    assert problems[1] == problems[2]
    assert problems[2] and all("002_6f25c81f1ace9927.yaml" in p or "003_0089d118242a6352.yaml" in p
                               for p in problems[2])


def test_jobs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="jobs"):
        harness.score_predictions({}, jobs=0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_is_reported_once_per_article(baseline_predictions: dict[str, list[Any]], jobs: int) -> None:
    ticks: list[int] = []
    harness.score_predictions(baseline_predictions, jobs=jobs, progress=ticks.append)
    assert ticks == [1] * len(harness.load_corpus())
