"""Saved JSON results: written as a stream, read back without holding every detail as parsed JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.api import score
from harness.result import Result
from harness.result_io import read_result


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("results") / "run.json"
    with path.open("w", encoding="utf-8") as out:
        score("baseline", bootstrap=20).write_json(out)
    return path


def test_the_streamed_layout_reads_back_exactly(saved: Path) -> None:
    text = saved.read_text(encoding="utf-8")
    whole = Result.from_dict(json.loads(text))
    streamed = read_result(saved)
    assert len(streamed.details) == len(whole.details) > 100
    assert streamed.to_json() == whole.to_json() == text


def test_any_other_layout_of_the_same_json_is_read_whole(saved: Path, tmp_path: Path) -> None:
    other = tmp_path / "reindented.json"
    other.write_text(json.dumps(json.loads(saved.read_text(encoding="utf-8")), indent=4), encoding="utf-8")
    assert read_result(other).to_json() == saved.read_text(encoding="utf-8")


def test_no_details(saved: Path, tmp_path: Path) -> None:
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["details"] = []
    empty = tmp_path / "empty.json"
    empty.write_text(Result.from_dict(data).to_json(), encoding="utf-8")
    assert '"details": []' in empty.read_text(encoding="utf-8")
    again = read_result(empty)
    assert len(again.details) == 0 and again.overall == Result.from_dict(data).overall


def test_broken_files_are_errors_not_tracebacks(saved: Path, tmp_path: Path) -> None:
    text = saved.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        read_result(cut)
    bad_line = tmp_path / "bad.json"
    bad_line.write_text(text.replace('"outcome": "tp"', '"outcome": tp', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="malformed fact-harness result"):
        read_result(bad_line)
    blank = tmp_path / "blank.json"
    blank.write_text("", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        read_result(blank)
