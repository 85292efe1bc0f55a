"""What a team meets on its first run: coverage, review markers, prediction errors, --types, --command
diagnostics, help and messages, reports, progress, the Python API and the editor schema."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import harness
from harness import load_corpus
from harness.authoring import FULL_DATE_PATTERN, PARTIAL_DATE_PATTERN, gold_json_schema
from harness.cli import app
from harness.extractors.oracle import gold_as_predictions
from harness.extractors.runner import FLUSH_HINT, run_command
from harness.model import Article, parse_partial_date
from harness.pred_check import check_facts
from harness.progress import progress
from harness.project import init_project
from harness.report.markdown import render as markdown_render
from harness.report.table import render as table_render

pytest_plugins = ["pytester"]
runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    r = runner.invoke(app, list(args))
    assert "Traceback" not in r.output, r.output
    return r


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project set up by `fact-harness init`: one example article; the working directory."""
    init_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def partial_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Oracle predictions for 2 of the 5 bundled articles."""
    path = tmp_path_factory.mktemp("preds") / "partial.jsonl"
    entries = list(load_corpus())[:2]
    path.write_text("".join(json.dumps({"article": e.article.id, "facts": gold_as_predictions(e.gold)}) + "\n"
                            for e in entries), encoding="utf-8")
    return path


def example_line(facts: list[dict[str, object]]) -> str:
    return json.dumps({"article": "example", "facts": facts}) + "\n"


# --------------------------------------------------------------------------- coverage


def test_missing_articles_are_listed_with_a_warning(partial_file: Path) -> None:
    r = invoke("score", "-p", str(partial_file), "-f", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    ids = load_corpus().ids
    assert data["missing_articles"] == ids[2:]
    assert "warning: no predictions for 3 of 5 article(s)" in r.stderr and "--require-all" in r.stderr
    result = harness.score_predictions(partial_file)
    assert result.missing_articles == ids[2:]
    assert "Articles without predictions" not in table_render(dataclasses.replace(result, missing_articles=[]))
    assert ids[2] in table_render(result) and "No predictions for 3 article(s)" in markdown_render(result)


def test_require_all_makes_missing_articles_an_error(partial_file: Path) -> None:
    r = invoke("score", "-p", str(partial_file), "--require-all")
    assert r.exit_code == 2 and "no predictions for 3 of 5 article(s) (require-all)" in r.stderr


# --------------------------------------------------------------------------- review markers


def test_annotate_leaves_review_fields_that_validate_strict_rejects(project: Path) -> None:
    ext = project / "ext.py"
    ext.write_text("def extract(article):\n    return [{'type': 'date', 'value': '2025', 'evidence': 'in 2025'}]\n",
                   encoding="utf-8")
    (project / "seeds" / "second.txt").write_text("Second\n\nWork starts in 2025.\n", encoding="utf-8")
    r = invoke("annotate", f"{ext}:extract", "seeds/second.txt")
    assert r.exit_code == 0, r.output
    assert "review: from" in (project / "gold" / "second.yaml").read_text(encoding="utf-8")
    r = invoke("validate")
    assert r.exit_code == 0 and "review marker(s)" in r.stderr and "--strict" in r.stderr
    r = invoke("validate", "--strict")
    assert r.exit_code == 2
    assert re.search(r"gold/second.yaml:\d+:\d+: facts\[0\]\.review: draft fact still marked for review", r.stdout)
    assert "DRAFT from the extractor" in r.stdout


# --------------------------------------------------------------------------- prediction errors


def test_every_prediction_problem_with_paths_and_did_you_mean() -> None:
    checked = check_facts([{"type": "figur", "value": 1}, {"type": "figure", "value": "x", "unit": "t", "approx": "?"},
                           {"type": "speaker", "nme": "Peskov"}])
    assert checked.problems == [
        "facts[0].type: unknown fact type 'figur' — did you mean 'figure'? (one of figure, speaker, date, place, claim)",
        "facts[1].value: expected a finite number, got 'x'",
        "facts[1].approx: expected true or false, got '?'",
        "facts[2].name: missing required field",
    ]
    assert checked.warnings == ["facts[2].nme: unknown field, ignored — did you mean 'name'?"]


def test_validate_predictions_alone(project: Path) -> None:
    bad = project / "bad.jsonl"
    bad.write_text(example_line([{"type": "figur"}, {"type": "date", "value": "2024-02-30"}]), encoding="utf-8")
    r = invoke("validate", "--predictions", str(bad))
    assert r.exit_code == 2
    assert r.stdout.splitlines() == [
        "bad.jsonl:1: facts[0].type: unknown fact type 'figur' — did you mean 'figure'? (one of figure, speaker, "
        "date, place, claim)",
        "bad.jsonl:1: facts[1].value: '2024-02-30' is not a real calendar date"]
    ok = project / "ok.jsonl"
    ok.write_text(example_line([{"type": "date", "value": "2025", "label": "DATE"}]), encoding="utf-8")
    r = invoke("validate", "--predictions", str(ok))
    assert r.exit_code == 0 and "ok.jsonl:1: facts[0].label: unknown field, ignored" in r.stderr
    assert invoke("validate", "--predictions", str(ok), "--strict").exit_code == 2


def test_unknown_fields_warn_and_the_fact_is_scored(project: Path) -> None:
    preds = project / "p.jsonl"
    preds.write_text(example_line([{"type": "date", "value": "2025", "label": "DATE", "start": 0, "end": 4}]),
                     encoding="utf-8")
    r = invoke("score", "-p", str(preds), "-f", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["by_type"]["date"]["tp"] == 1
    assert data["warnings"] == ["p.jsonl:1: facts[0].label: unknown field, ignored"]
    assert "warning: p.jsonl:1: facts[0].label" in r.stderr
    r = invoke("score", "-p", str(preds), "--strict")
    assert r.exit_code == 2 and "facts[0].label: unknown field" in r.stderr


def test_start_and_end_offsets_locate_the_evidence(project: Path) -> None:
    text = (project / "seeds" / "example.txt").read_text(encoding="utf-8")
    start = text.index("start in 2025")
    fact = {"type": "date", "value": "2025", "start": start, "end": start + len("start in 2025")}
    result = harness.score(predictions={"example": [fact]}, require_evidence=True)
    assert result.by_type["date"].tp == 1 and not result.ungrounded


def test_python_extractor_unknown_field_is_a_warning(project: Path) -> None:
    def extract(article: Article) -> list[dict[str, object]]:
        return [{"type": "date", "value": "2025", "score": 0.9}]

    result = harness.score(extract)
    assert result.by_type["date"].tp == 1 and result.warnings == ["example: facts[0].score: unknown field, ignored"]
    strict = harness.score(extract, strict=True)
    assert strict.errors and "facts[0].score: unknown field" in strict.errors[0].message


def test_types_scores_only_those_types(project: Path) -> None:
    r = invoke("score", "oracle", "--types", "figure,date", "-f", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["options"]["types"] == ["figure", "date"]
    assert data["by_type"]["speaker"]["tp"] == 0 and data["by_type"]["figure"]["tp"] == 2
    assert "only these fact types were scored: figure, date" in r.stderr
    r = invoke("score", "oracle", "--types", "figure")
    assert "only these fact types were scored (--types): figure" in r.stdout
    r = invoke("score", "oracle", "--types", "figur")
    assert r.exit_code == 2 and "did you mean 'figure'" in r.stderr


# --------------------------------------------------------------------------- --command diagnostics


def _article(i: int) -> Article:
    return Article(id=f"a{i}", text="x")


def test_command_without_flush_gets_the_hint(tmp_path: Path) -> None:
    program = tmp_path / "noflush.py"
    program.write_text("import json, sys\nout = open(sys.stdout.fileno(), 'w', buffering=65536)\n"
                       "for line in sys.stdin:\n"
                       "    out.write(json.dumps({'article': json.loads(line)['id'], 'facts': []}) + '\\n')\n",
                       encoding="utf-8")
    outcomes = run_command([sys.executable, str(program)], [_article(1)], timeout=0.5, startup=0)
    assert outcomes[0].error is not None and FLUSH_HINT in outcomes[0].error
    assert "flush" in FLUSH_HINT


def test_first_article_gets_a_start_up_allowance(tmp_path: Path) -> None:
    program = tmp_path / "slow.py"
    program.write_text("import json, sys, time\ntime.sleep(0.8)\nfor line in sys.stdin:\n"
                       "    print(json.dumps({'article': json.loads(line)['id'], 'facts': []}), flush=True)\n",
                       encoding="utf-8")
    argv = [sys.executable, str(program)]
    assert all(o.error is None for o in run_command(argv, [_article(1), _article(2)], timeout=0.5, startup=2))
    late = run_command(argv, [_article(1)], timeout=0.3, startup=0)
    assert late[0].error is not None and late[0].error.startswith("timed out after 0.3 s")


def test_errors_come_first_when_most_articles_failed(project: Path) -> None:
    def broken(article: Article) -> list[object]:
        raise RuntimeError("model file not found")

    text = table_render(harness.score(broken))
    assert text.index("extractor errors") < text.index("overall (micro)")
    assert "model file not found" in text


# --------------------------------------------------------------------------- help and messages


def test_help_is_printed_as_written_with_choices() -> None:
    text = invoke("score", "--help").stdout
    assert "[tool.fact-harness]" in text
    assert "[table|json|markdown|junit|github|html]" in text and "[strict|lenient]" in text
    assert "<list[str]>" not in text and not re.search(r"--[a-z-]+ <", text)  # no internal metavars
    assert "--require-all" in text and "--types TYPE,TYPE" in text and "--min-recall [TYPE=]X" in text
    for command in ("score", "validate", "new", "annotate", "report", "bless", "compare", "diff", "calibrate", "agree",
                    "review", "init"):
        shown = invoke(command, "--help").stdout
        assert not re.search(r"\b[A-Z][A-Z.\[\]_-]* <[a-z]", shown), (command, shown)  # arguments without <type>


def test_messages_keep_brackets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.fact-harness]\nmin-recal = 0.5\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = invoke("score", "oracle")
    assert r.exit_code == 2 and "[tool.fact-harness]: unknown key 'min-recal'" in r.stderr


def test_extractor_names_get_did_you_mean_and_files_a_hint(tmp_path: Path) -> None:
    r = invoke("score", "baselin")
    assert r.exit_code == 2 and "did you mean 'baseline'?" in r.stderr
    ex = tmp_path / "ex1.py"
    ex.write_text("def extract(article):\n    return []\n", encoding="utf-8")
    r = invoke("score", str(ex))
    assert r.exit_code == 2 and f"{ex}:extract" in r.stderr and "FILE.py:ATTR" in r.stderr


# --------------------------------------------------------------------------- reports and progress


def test_article_regressions_in_the_table_and_markdown(project: Path) -> None:
    result = dataclasses.replace(harness.score("oracle"), article_regressions={"example": "f1 0.900 → 0.500"})
    assert "articles whose F1 fell" in table_render(result) and "f1 0.900 → 0.500" in table_render(result)
    assert "**Articles whose F1 fell**" in markdown_render(result) and "`example`" in markdown_render(result)


def test_progress_off_a_terminal_prints_plain_lines() -> None:
    out = io.StringIO()
    with progress(Console(file=out, force_terminal=False), 4, "extracting", interval=0) as bars:
        bars["extracting"].failed(1)
        bars["extracting"](1)
    line = out.getvalue().splitlines()[0]
    assert re.fullmatch(r"extracting: 1/4 articles, [\d.]+/s, about \d+ s left, 1 error\(s\)", line), line
    with progress(Console(file=out), 4, "extracting", quiet=True) as bars:
        assert bars == {"extracting": None}


def test_progress_on_a_terminal_shows_rate_and_errors() -> None:
    out = io.StringIO()
    with progress(Console(file=out, force_terminal=True, width=120), 2, "scoring") as bars:
        bars["scoring"].failed(1)
        bars["scoring"](1)
        bars["scoring"](1)
    assert "2/2" in out.getvalue() and "1 error(s)" in out.getvalue()


# --------------------------------------------------------------------------- Python API and pytest


def test_metrics_take_a_default_and_failures_read_well(project: Path) -> None:
    empty = harness.score("empty", thresholds=[harness.Threshold("recall", "overall", 0.5)])
    assert empty.precision("claim") is None and empty.precision("claim", default=0.0) == 0.0
    assert empty.recall(default=1.0) == 0.0
    with pytest.raises(AssertionError) as info:
        empty.assert_gates()
    message = str(info.value)
    assert "gate failed: min-recall" in message and "fn: example" in message and len(message) < 2000
    assert repr(empty).startswith("<Result empty strict: 1 article(s)") and "a gate failed" in repr(empty)


def test_an_extractor_runs_once_per_cache(project: Path) -> None:
    calls = project / "calls"

    def extract(article: Article) -> list[object]:
        with calls.open("a") as fh:
            fh.write("x")
        return []

    cache: dict[object, object] = {}
    first = harness.api.run(extract, memo=cache).result  # type: ignore[arg-type]
    again = harness.api.run(extract, memo=cache, mode="lenient").result  # type: ignore[arg-type]
    assert calls.read_text() == "x" and first.overall == again.overall and again.mode == "lenient"


def test_pytest_fixture_caches_extractor_output(pytester: pytest.Pytester, tmp_path: Path) -> None:
    project = tmp_path / "project"
    init_project(project)
    pytester.makepyfile(f"""
        from pathlib import Path
        CALLS = Path({str(project / 'calls')!r})
        def extract(article):
            with CALLS.open("a") as fh:
                fh.write("x")
            return []
        def test_one(fact_harness):
            assert fact_harness.score(extract, gold={str(project / 'gold')!r}).recall(default=0.0) == 0.0
        def test_two(fact_harness):
            assert fact_harness.score(extract, gold={str(project / 'gold')!r}, mode="lenient").f1() == 0.0
    """)
    pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest").assert_outcomes(passed=2)
    assert (project / "calls").read_text() == "x"


# --------------------------------------------------------------------------- the editor schema


@pytest.mark.parametrize("value", ["2024-02-29", "2023-02-29", "2024-02-30", "2021-04-31", "2021-12-31", "1900-02-29",
                                   "2000-02-29", "2021-13-01", "2021-11", "2021", "2021-00"])
def test_schema_dates_are_the_calendar_dates_validate_accepts(value: str) -> None:
    try:
        parse_partial_date(value)
        valid = True
    except ValueError:
        valid = False
    assert bool(re.fullmatch(PARTIAL_DATE_PATTERN, value)) == valid
    if len(value) == 10:
        assert bool(re.fullmatch(FULL_DATE_PATTERN, value)) == valid


def test_schema_is_as_lenient_as_validate_and_has_no_discriminator() -> None:
    text = json.dumps(gold_json_schema())
    assert "discriminator" not in text and '"oneOf"' in text
    approx = gold_json_schema()["$defs"]["GoldFigure"]["properties"]["approx"]
    pattern = next(b["pattern"] for b in approx["anyOf"] if b.get("type") == "string")
    assert re.fullmatch(pattern, "yes") and re.fullmatch(pattern, "False") and not re.fullmatch(pattern, "maybe")
