"""``fact-harness score --predictions``: output formats, determinism, located errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app

runner = CliRunner()


def test_table_and_json(oracle_file: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["score", "--predictions", str(oracle_file)])
    assert r.exit_code == 0, r.output
    assert "overall (micro)" in r.output and "1.000" in r.output
    out = tmp_path / "r.json"
    r = runner.invoke(app, ["score", "-p", str(oracle_file), "--format", "json", "--output", str(out)])
    assert r.exit_code == 0
    data = json.loads(out.read_text())
    for key in ("schema_version", "harness_version", "extractor", "mode", "overall", "by_type", "by_article",
                "macro", "confidence_intervals", "average_precision", "details", "errors"):
        assert key in data
    for block in [data["overall"], *data["by_type"].values(), *data["by_article"].values()]:
        assert {"tp", "fp", "fn", "precision", "recall", "f1"} <= set(block)
    assert data["overall"]["f1"] == 1.0
    assert {d["outcome"] for d in data["details"]} <= {"tp", "fp", "fn", "partial", "duplicate", "negative"}
    assert all({"article", "type", "outcome", "gold_id", "prediction", "reason"} <= set(d) for d in data["details"])


def test_json_is_byte_identical(oracle_file: Path, tmp_path: Path) -> None:
    outs = []
    for name in ("a.json", "b.json"):
        runner.invoke(app, ["score", "-p", str(oracle_file), "-f", "json", "-o", str(tmp_path / name)])
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


def test_article_filter_and_lenient(oracle_file: Path) -> None:
    r = runner.invoke(app, ["score", "-p", str(oracle_file), "-f", "json", "--article", "001_eab98a2f0f3a5ef7",
                            "--mode", "lenient"])
    data = json.loads(r.stdout)
    assert list(data["by_article"]) == ["001_eab98a2f0f3a5ef7"] and data["mode"] == "lenient"
    r = runner.invoke(app, ["score", "-p", str(oracle_file), "--article", "nope"])
    assert r.exit_code == 2 and "unknown article id" in r.output


A = "001_eab98a2f0f3a5ef7"
BAD = [
    ("{not json", ":1: invalid JSON"),
    (json.dumps({"article": "nope", "facts": []}), ":1: unknown article id 'nope'"),
    (json.dumps({"article": A, "facts": [{"type": "figure", "value": "90,000", "unit": "troops"}]}), ":1: facts[0].value"),
    (f'{{"article": "{A}", "facts": [{{"type": "figure", "value": NaN, "unit": "troops"}}]}}', ":1: invalid JSON: NaN"),
    (f'{{"article": "{A}", "facts": [{{"type": "figure", "value": Infinity, "unit": "km"}}]}}', ":1: invalid JSON: Infinity"),
    (json.dumps({"article": A, "facts": [{"type": "rumour", "text": "x"}]}), ":1: facts[0].type: unknown fact type 'rumour'"),
    (json.dumps({"article": A, "facts": [{"type": "date", "value": "Friday"}]}), ":1: facts[0].value"),
    (json.dumps({"article": A, "facts": [{"type": "speaker", "name": "X", "confidence": 1.5}]}), ":1: facts[0].confidence"),
    (json.dumps({"article": A, "facts": [{"type": "speaker", "nmae": "X"}]}), ":1: facts[0].name: missing required field"),
    (json.dumps({"article": A}) + "\n" + json.dumps({"article": A}), ":2: article '001_eab98a2f0f3a5ef7' already has"),
]


@pytest.mark.parametrize(("content", "expected"), BAD)
def test_bad_predictions_are_located_and_nothing_is_written(content: str, expected: str, tmp_path: Path) -> None:
    preds = tmp_path / "preds.jsonl"
    preds.write_text(content + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    r = runner.invoke(app, ["score", "-p", str(preds), "-f", "json", "-o", str(out)])
    assert r.exit_code == 2
    assert "preds.jsonl" + expected in r.output, r.output
    assert "Traceback" not in r.output
    assert not out.exists()
    assert not list(tmp_path.glob(".out.json*"))


def test_usage_errors_exit_2(oracle_file: Path) -> None:
    assert runner.invoke(app, ["score", "-p", str(oracle_file), "--format", "yaml"]).exit_code == 2
    assert runner.invoke(app, ["score", "-p", str(oracle_file), "--mode", "loose"]).exit_code == 2
    assert runner.invoke(app, ["score", "-p", "/nonexistent.jsonl"]).exit_code == 2


def test_progress_bars_on_a_terminal(oracle_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    import harness.cli.common

    screen = io.StringIO()
    monkeypatch.setattr(harness.cli.common, "err", Console(file=screen, force_terminal=True, width=100))
    r = runner.invoke(app, ["score", "-p", str(oracle_file), "-f", "json"])
    assert r.exit_code == 0
    assert "scoring" in screen.getvalue() and "5/5" in screen.getvalue()
    assert "extracting" not in screen.getvalue()  # nothing is extracted from a predictions file
    screen.truncate(0)
    r = runner.invoke(app, ["score", "oracle", "-f", "json"])
    assert r.exit_code == 0
    assert "extracting" in screen.getvalue() and "scoring" in screen.getvalue()


def test_module_run_without_its_dependencies_says_how_to_install() -> None:
    import subprocess
    import sys

    code = ("import runpy, sys; sys.modules['typer'] = None; "
            "runpy.run_module('harness', run_name='__main__', alter_sys=True)")
    r = subprocess.run([sys.executable, "-c", code, "validate"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "needs the package 'typer'" in r.stderr and "pip install ." in r.stderr
    assert "Traceback" not in r.stderr
