"""The pytest plugin (harness.pytest_plugin): the ``fact_harness`` fixture and the ``--fact-extractor`` items.

Each test writes a small project with ``pytester`` and runs pytest on it in-process; the plugin is
picked up through its ``pytest11`` entry point, as in a user's project. Path-valued options are
written ``--opt=value``: pytest guesses its rootdir from every non-option argument, so a separate
``/work/main/gold`` argument would move the rootdir.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MakeGold

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "gold"
SEEDS = REPO / "seeds"
DATA = [f"--fact-gold={GOLD}", f"--fact-seeds={SEEDS}"]
ARTICLES = sorted(p.stem for p in GOLD.glob("*.yaml"))
RAISES_ON = "002_6f25c81f1ace9927"

FLAKY_EXTRACTOR = f"""
def extract(article):
    if article.id == {RAISES_ON!r}:
        raise RuntimeError("cannot parse this one")
    return []
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run pytest in-process in ``pytester.path``.

    The plugin is loaded explicitly only when entry points are off. Hypothesis's pytest plugin, which
    costs almost a second per in-process run and plays no part here, is turned off.
    """
    extra = ["-p", "harness.pytest_plugin"] if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD") else []
    return pytester.runpytest(*extra, "-p", "no:hypothesispytest", *args)


def output(result: pytest.RunResult) -> str:
    return result.stdout.str() + "\n" + result.stderr.str()


@pytest.fixture(scope="module", autouse=True)
def _scoring_modules_imported() -> None:
    """Import everything scoring needs before the in-process runs.

    ``runpytest`` restores ``sys.modules`` after each run, so modules first imported inside one
    would be imported again by the next, which NumPy's C extensions refuse ("cannot load module more
    than once per process"). Modules already present are kept.
    """
    from harness.api import score
    from harness.gates import evaluate, parse_threshold

    evaluate(score("oracle", gold=GOLD, seeds=SEEDS), [parse_threshold("recall", "0.5")])


def test_benchmark_has_five_articles() -> None:
    """The outcome counts below assume the bundled benchmark's five articles."""
    assert len(ARTICLES) == 5


# --------------------------------------------------------------------------- the fixture


def test_fixture_scores_against_the_configured_gold(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_project=f"""
        from pathlib import Path

        def test_oracle_finds_every_figure(fact_harness):
            assert fact_harness.score("oracle").recall("figure") == 1.0

        def test_empty_finds_nothing(fact_harness):
            assert fact_harness.score("empty").recall() == 0.0

        def test_a_python_callable(fact_harness):
            def dates(article):
                return [{{"type": "date", "value": "2021"}}]
            result = fact_harness.score(dates)
            assert result.recall("figure") == 0.0 and not result.errors

        def test_settings(fact_harness):
            assert fact_harness.gold == Path({str(GOLD)!r})
            assert fact_harness.seeds == Path({str(SEEDS)!r})
    """)
    result = run(pytester, *DATA)
    result.assert_outcomes(passed=4)
    assert "fact-harness::" not in result.stdout.str()  # no extractor: no benchmark items


# --------------------------------------------------------------------------- benchmark items


def test_oracle_passes_every_article_and_gate(pytester: pytest.Pytester) -> None:
    result = run(pytester, "-v", "--fact-extractor=oracle", "--fact-min-recall=0.9",
                 "--fact-min-recall=figure=1.0", *DATA)
    result.assert_outcomes(passed=7)
    result.stdout.re_match_lines([
        *(rf"fact-harness::article\[{aid}\] PASSED.*" for aid in ARTICLES),
        r"fact-harness::gate\[min-recall overall\] PASSED.*",
        r"fact-harness::gate\[min-recall figure\] PASSED.*",
        r"-+ fact-harness -+",
        r"extractor oracle: precision 1\.000, recall 1\.000, F1 1\.000 over 5 articles \(0 failed\); gates: 2 passed",
    ])
    assert result.ret == pytest.ExitCode.OK


def test_gate_below_threshold_fails_with_threshold_and_actual(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--fact-extractor=empty", "--fact-min-recall=0.5", "--fact-min-recall=figure=0.9", *DATA)
    result.assert_outcomes(passed=5, failed=2)  # the articles ran fine; both gates fail
    text = output(result)
    assert "overall recall is 0.000, below the threshold 0.5 (tp 0, fp 0, fn " in text
    assert "recall of figure is 0.000, below the threshold 0.9" in text
    result.stdout.fnmatch_lines(["FAILED fact-harness::gate?min-recall overall? - *"])
    assert "Traceback" not in text
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_article_the_extractor_failed_on_fails_with_the_reason(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(flaky=FLAKY_EXTRACTOR)
    result = run(pytester, "--fact-extractor=flaky.py:extract", *DATA)
    result.assert_outcomes(passed=4, failed=1)
    text = output(result)
    result.stdout.fnmatch_lines([f"*_ fact-harness::article?{RAISES_ON}? _*",
                                 "raised RuntimeError: cannot parse this one"])
    assert f"FAILED fact-harness::article[{RAISES_ON}]" in text
    assert "(1 failed)" in text  # the summary line counts it
    assert "Traceback" not in text


def test_not_applicable_gate_is_skipped(pytester: pytest.Pytester, make_gold: MakeGold) -> None:
    gold = make_gold()  # one article, no place facts
    result = run(pytester, "-rs", "--fact-extractor=oracle", "--fact-min-recall=place=0.5",
                 f"--fact-gold={gold.parent}", f"--fact-seeds={gold.parent.parent / 'seeds'}")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines([
        "SKIPPED [[]1[]] fact-harness::gate[[]min-recall place[]]: not applicable: the gold has no place facts*",
    ])


def test_scoring_problem_is_an_error_of_every_item(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--fact-extractor=no-such-extractor", "--fact-min-recall=0.5", *DATA)
    result.assert_outcomes(errors=6)
    text = output(result)
    assert "cannot score the extractor 'no-such-extractor': unknown extractor 'no-such-extractor'" in text
    assert "Traceback" not in text


def test_items_are_selectable(pytester: pytest.Pytester) -> None:
    args = ["--fact-extractor=oracle", "--fact-min-recall=0.9", *DATA]
    listed = run(pytester, "--collect-only", "-q", *args)
    listed.stdout.fnmatch_lines([*(f"fact-harness::article[[]{aid}[]]" for aid in ARTICLES),
                                 "fact-harness::gate[[]min-recall overall[]]"])
    result = run(pytester, "-k", "gate", *args)
    result.assert_outcomes(passed=1, deselected=5)
    result = run(pytester, "-k", f"not {ARTICLES[0]}", f"--deselect=fact-harness::article[{ARTICLES[1]}]", *args)
    result.assert_outcomes(passed=4, deselected=2)


# --------------------------------------------------------------------------- ini settings


def _copy_benchmark(root: Path) -> None:
    shutil.copytree(GOLD, root / "bench" / "gold")
    shutil.copytree(SEEDS, root / "bench" / "seeds")


INI_FILES = {
    "pytest.ini": """
        [pytest]
        fact_extractor = empty
        fact_min_recall =
            0.5
            figure=0.0
        fact_gold = bench/gold
        fact_seeds = bench/seeds
    """,
    "tox.ini": """
        [pytest]
        fact_extractor = empty
        fact_min_recall =
            0.5
            figure=0.0
        fact_gold = bench/gold
        fact_seeds = bench/seeds
    """,
    "pyproject.toml": """
        [tool.pytest.ini_options]
        fact_extractor = "empty"
        fact_min_recall = ["0.5", "figure=0.0"]
        fact_gold = "bench/gold"
        fact_seeds = "bench/seeds"
    """,
}


@pytest.mark.parametrize("ini_name", list(INI_FILES))
def test_ini_settings(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ini_name: str) -> None:
    """Every setting comes from the ini file; its paths are relative to the ini file, not the working dir."""
    _copy_benchmark(pytester.path)
    (pytester.path / ini_name).write_text(textwrap.dedent(INI_FILES[ini_name]), encoding="utf-8")
    sub = pytester.mkdir("sub")
    (sub / "test_settings.py").write_text(textwrap.dedent(f"""
        from pathlib import Path

        def test_gold(fact_harness):
            assert fact_harness.gold == Path({str(pytester.path / "bench" / "gold")!r})
    """), encoding="utf-8")
    monkeypatch.chdir(sub)
    result = run(pytester, "-v")
    result.assert_outcomes(passed=7, failed=1)  # the fixture test, 5 articles, figure=0.0; overall 0.5 fails
    assert "overall recall is 0.000, below the threshold 0.5" in output(result)
    result.stdout.fnmatch_lines(["*fact-harness::gate[[]min-recall figure[]] PASSED*"])


def test_command_line_overrides_ini(pytester: pytest.Pytester) -> None:
    _copy_benchmark(pytester.path)
    pytester.makefile(".ini", pytest=textwrap.dedent(INI_FILES["pytest.ini"]))
    pytester.makepyfile(test_one="def test_one(): pass")
    # The extractor is replaced, the overall threshold overridden (one gate per scope), figure kept.
    result = run(pytester, "-v", "--fact-extractor=oracle", "--fact-min-recall=0.9")
    result.assert_outcomes(passed=8)
    result.stdout.fnmatch_lines(["*fact-harness::gate[[]min-recall overall[]] PASSED*",
                                 "*fact-harness::gate[[]min-recall figure[]] PASSED*"])
    assert result.stdout.str().count("gate[min-recall overall]") == 1
    # An empty --fact-extractor turns the ini's extractor off.
    result = run(pytester, "--fact-extractor=")
    result.assert_outcomes(passed=1)
    assert "fact-harness:" not in result.stdout.str()


def test_ini_extractor_file_is_relative_to_the_ini_file(pytester: pytest.Pytester,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.mkdir("extractors")
    (pytester.path / "extractors" / "flaky.py").write_text(FLAKY_EXTRACTOR, encoding="utf-8")
    pytester.makeini(f"""
        [pytest]
        fact_extractor = extractors/flaky.py:extract
        fact_gold = {GOLD}
    """)
    monkeypatch.chdir(pytester.mkdir("elsewhere"))
    result = run(pytester)
    result.assert_outcomes(passed=4, failed=1)
    assert "raised RuntimeError: cannot parse this one" in output(result)


def test_precision_and_f1_gates_from_the_command_line_and_the_ini(pytester: pytest.Pytester) -> None:
    pytester.makeini("""
        [pytest]
        fact_min_f1 = claim=0.95
        fact_min_precision = 0.2
    """)
    # The baseline's claim F1 is below 0.95 and its precision above 0.2; the command line raises
    # the overall precision gate to 0.99, which it misses.
    result = run(pytester, "-v", "--fact-extractor=baseline", "--fact-min-precision=0.99", "--fact-min-f1=date=0.5",
                 *DATA)
    result.stdout.re_match_lines([
        r"fact-harness::gate\[min-precision overall\] FAILED.*",
        r"fact-harness::gate\[min-f1 date\] PASSED.*",
        r"fact-harness::gate\[min-f1 claim\] FAILED.*",
    ])
    text = output(result)
    assert "overall precision is 0.925, below the threshold 0.99" in text
    assert "f1 of claim is 0.835, below the threshold 0.95" in text
    result.assert_outcomes(passed=6, failed=2)  # one precision gate: the command line overrides the ini's 0.2
    assert result.ret == pytest.ExitCode.TESTS_FAILED


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(("args", "message"), [
    (["--fact-extractor=oracle", "--fact-min-recall=figur=0.5"],
     "ERROR: --fact-min-recall figur=0.5: unknown fact type 'figur' — did you mean 'figure'?"),
    (["--fact-extractor=oracle", "--fact-min-recall=1.5"], "ERROR: --fact-min-recall 1.5: 1.5 is outside [0, 1]"),
    (["--fact-extractor=oracle", "--fact-min-recall=lots"], "ERROR: --fact-min-recall lots: expected a number"),
    (["--fact-min-recall=0.5"], "ERROR: --fact-min-recall needs an extractor"),
    (["--fact-min-f1=0.5"], "ERROR: --fact-min-f1 needs an extractor"),
    (["--fact-extractor=oracle", "--fact-min-precision=2"], "ERROR: --fact-min-precision 2: 2.0 is outside [0, 1]"),
    (["--fact-gold=missing"], "ERROR: --fact-gold missing: no such directory"),
], ids=["unknown-type", "out-of-range", "not-a-number", "gates-without-extractor", "f1-without-extractor",
     "precision-out-of-range", "missing-gold"])
def test_bad_option_is_a_usage_error(pytester: pytest.Pytester, args: list[str], message: str) -> None:
    pytester.makepyfile(test_one="def test_one(): pass")
    result = run(pytester, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = output(result)
    assert message in text
    assert "Traceback" not in text
    assert "test_one" not in text  # nothing ran


def test_bad_ini_threshold_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("""
        [pytest]
        fact_extractor = oracle
        fact_min_recall = plaice=0.5
    """)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = output(result)
    assert "ERROR: fact_min_recall (ini) plaice=0.5: unknown fact type 'plaice' — did you mean 'place'?" in text
    assert "Traceback" not in text


# --------------------------------------------------------------------------- without the option


def test_without_an_extractor_nothing_is_added_or_loaded(pytester: pytest.Pytester,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import harness.api
    import harness.corpus
    import harness.validate

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the plugin touched the benchmark without --fact-extractor")

    for module, name in [(harness.corpus, "load_corpus"), (harness.corpus, "resolve_dirs"),
                         (harness.validate, "gold_files"), (harness.api, "score")]:
        monkeypatch.setattr(module, name, forbidden)
    pytester.makepyfile(test_one="def test_one(): pass")
    result = run(pytester, "-v", *DATA)
    result.assert_outcomes(passed=1)
    assert "fact-harness:" not in result.stdout.str()  # no items, no header line, no summary
    listed = run(pytester, "--collect-only", "-q", *DATA)
    assert [line for line in listed.stdout.lines if "::" in line] == ["test_one.py::test_one"]
