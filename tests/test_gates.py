"""Release gates: thresholds at their boundaries, pyproject config, baselines, bless, CI-native outputs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.api import score_predictions
from harness.cli import app
from harness.config import load_config
from harness.gates import GateConfigError, Threshold, evaluate, parse_threshold
from harness.result import Result

runner = CliRunner()
A = "001_eab98a2f0f3a5ef7"


@pytest.fixture
def small(make_gold: Any, tmp_path: Path) -> Path:
    """A gold dir with one article: 2 speakers, 1 figure, 1 date, 1 claim, no place."""
    make_gold()
    return tmp_path


def half_speakers(root: Path) -> Result:
    """Predicts one of the two speakers and the figure: speaker recall exactly 0.5."""
    preds = {A: [{"type": "speaker", "name": "Dmitry Peskov"}, {"type": "figure", "value": 90000, "unit": "troops"}]}
    return score_predictions(preds, gold=root / "gold", seeds=root / "seeds", bootstrap=10)


def test_value_exactly_at_threshold_passes(small: Path) -> None:
    result = half_speakers(small)
    assert result.recall("speaker") == 0.5
    checks = evaluate(result, [Threshold("recall", "speaker", 0.5), Threshold("recall", "speaker", 0.5000001)])
    assert [c.status for c in checks] == ["pass", "fail"]
    assert checks[1].actual == 0.5 and checks[1].threshold == 0.5000001


def test_type_without_gold_is_not_applicable_and_undefined_metric_fails(small: Path) -> None:
    result = half_speakers(small)
    checks = evaluate(result, [Threshold("recall", "place", 0.9), Threshold("precision", "date", 0.5)])
    assert [c.status for c in checks] == ["not applicable", "fail"]  # no date predicted: precision undefined
    assert checks[1].actual is None


@pytest.mark.parametrize(
    ("metric", "text", "expected"),
    [("recall", "0.8", Threshold("recall", "overall", 0.8)), ("f1", "figure=1", Threshold("f1", "figure", 1.0)),
     ("precision", "claim = 0", Threshold("precision", "claim", 0.0))],
)
def test_parse_threshold(metric: str, text: str, expected: Threshold) -> None:
    assert parse_threshold(metric, text) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--min-recall", "figur=0.5"], "unknown fact type 'figur' — did you mean 'figure'?"),
     (["--min-recall", "1.5"], "1.5 is outside [0, 1]"),
     (["--min-f1", "lots"], "expected a number in [0, 1] or TYPE=NUMBER"),
     (["--baseline", "/no/such.json"], "baseline /no/such.json does not exist")],
)
def test_bad_gate_options_exit_2(args: list[str], message: str) -> None:
    r = runner.invoke(app, ["score", "oracle", *args])
    assert r.exit_code == 2 and message in r.output, r.output


def write_pyproject(directory: Path, body: str) -> None:
    (directory / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.fact-harness]\n" + body, encoding="utf-8")


def test_config_from_pyproject_and_cli_wins(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_pyproject(small, 'min-recall = {overall = 0.1, speaker = 0.9}\nmin-f1 = 0.0\nmode = "lenient"\n')
    monkeypatch.chdir(small)
    preds = small / "p.jsonl"
    preds.write_text(json.dumps({"article": A, "facts": [{"type": "speaker", "name": "Dmitry Peskov"}]}) + "\n")
    r = runner.invoke(app, ["score", "-p", str(preds), "-f", "json"])
    assert r.exit_code == 1  # speaker recall 0.5 < 0.9 from the config
    data = json.loads(r.stdout)
    assert data["mode"] == "lenient"
    assert {c["name"]: c["status"] for c in data["checks"]} == {
        "min-recall overall": "pass", "min-recall speaker": "fail", "min-f1 overall": "pass"}
    r = runner.invoke(app, ["score", "-p", str(preds), "-f", "json", "--min-recall", "speaker=0.5"])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(
    ("body", "message"),
    [("min-recal = 0.5\n", "unknown key 'min-recal' — did you mean 'min-recall'?"),
     ("min-recall = {figure = 2}\n", "outside [0, 1]"),
     ("min-recall = {figur = 0.5}\n", "unknown fact type 'figur'"),
     ('mode = "loose"\n', "expected 'strict' or 'lenient'")],
)
def test_bad_config_is_a_usage_error(tmp_path: Path, body: str, message: str) -> None:
    write_pyproject(tmp_path, body)
    with pytest.raises(GateConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(tmp_path / "pyproject.toml")


def test_baseline_regression_and_bless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["score", "oracle", "-f", "json", "-o", "good.json"]).exit_code == 0
    r = runner.invoke(app, ["bless", "good.json"])
    assert r.exit_code == 0 and Path("fact-harness-baseline.json").is_file()
    r = runner.invoke(app, ["score", "empty", "--baseline", "fact-harness-baseline.json", "--max-drop", "0.05",
                            "-f", "json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert [c["status"] for c in data["checks"]] == ["fail", "fail", "fail"]
    assert data["checks"][0]["kind"] == "regression" and data["checks"][0]["baseline"] == 1.0
    assert len(data["article_regressions"]) == 5
    r = runner.invoke(app, ["score", "oracle", "--baseline", "good.json", "--save-baseline", "new.json"])
    assert r.exit_code == 0 and json.loads(Path("new.json").read_text())["overall"]["f1"] == 1.0
    r = runner.invoke(app, ["bless", "nothing.json"])
    assert r.exit_code == 2 and "cannot read" in r.output


def test_bless_refuses_other_layouts(tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text(json.dumps({"schema_version": 99}))
    r = runner.invoke(app, ["bless", str(bad), "--to", str(tmp_path / "b.json")])
    assert r.exit_code == 2 and "layout version 99 is not supported" in r.output


def test_junit_parses_with_the_right_counts() -> None:
    r = runner.invoke(app, ["score", "empty", "--min-recall", "0.5", "--min-f1", "figure=0", "-f", "junit"])
    assert r.exit_code == 1
    suite = ET.fromstring(r.stdout.encode())
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases)) == "7"  # 2 gate checks + 5 articles
    assert suite.get("failures") == "1"
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == ["min-recall overall"]
    assert "below 0.500" in (cases[0].find("failure").get("message") or "")  # type: ignore[union-attr]


def test_markdown_and_github_outputs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    r = runner.invoke(app, ["score", "empty", "--min-recall", "0.5", "-f", "markdown"])
    assert "| **overall** |" in r.stdout and "| min-recall overall | 0.500 | 0.000 | ❌ **fail** |" in r.stdout
    r = runner.invoke(app, ["score", "empty", "--min-recall", "0.5", "-f", "github"])
    assert "::error title=fact-harness gate min-recall overall::recall of overall is 0.000, below 0.500" in r.stdout
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = runner.invoke(app, ["score", "empty", "--min-recall", "0.5"])
    assert r.exit_code == 1 and "::error title=fact-harness gate" in r.stdout
    assert "### fact-harness" in summary.read_text()


def test_compare_and_diff(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    runner.invoke(app, ["score", "oracle", "-f", "json", "-o", str(good)])
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"article": A, "facts": [{"type": "place", "name": "Atlantis"}]}) + "\n")
    runner.invoke(app, ["score", "-p", str(preds), "-f", "json", "-o", str(bad)])
    r = runner.invoke(app, ["compare", str(good), str(bad), "-f", "json"])
    rows = json.loads(r.stdout)["rows"]
    assert rows[0]["scope"] == "overall" and rows[0]["runs"][1]["recall_delta"] == -1.0
    r = runner.invoke(app, ["compare", str(good), str(bad)])
    assert r.exit_code == 0 and "(-1.000)" in r.stdout
    r = runner.invoke(app, ["diff", str(good), str(bad)])
    assert r.exit_code == 0
    found = json.loads(good.read_text())["overall"]["tp"]
    assert f"newly missed ({found})" in r.stdout and "newly spurious (1)" in r.stdout and "Atlantis" in r.stdout
    assert runner.invoke(app, ["compare", str(good)]).exit_code == 2
