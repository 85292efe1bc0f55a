"""The score command: options → a run configuration → :func:`harness.run` → the report; plus extractors."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.text import Text

from harness.api import run as api_run
from harness.big_runs import BigRunError, ScoreCommand, big_run_settings
from harness.cli.common import (
    GoldOpt,
    SeedsOpt,
    _corpus_files,
    _gold_failed,
    _load,
    _progress,
    app,
    check_outputs,
    emit,
    err,
    fail,
    out,
    write_atomic,
    write_stdout,
)
from harness.cli_checks import say_caveats
from harness.config import find_pyproject, load_config
from harness.corpus import Corpus, GoldError
from harness.exit_codes import ExitCode
from harness.extractors.loading import (
    BUILTINS,
    ENTRY_POINT_GROUP,
    ExtractorSpecError,
    parse_options,
    plugins,
)
from harness.extractors.runner import ExtractorStartError
from harness.fingerprint import of_result, version_note
from harness.gates import GateConfigError, thresholds_from
from harness.judges.cli_options import (
    JudgeCacheOpt,
    JudgeKeyEnvOpt,
    JudgeModelOpt,
    JudgeOpt,
    JudgeThresholdOpt,
    JudgeTimeoutOpt,
    JudgeUrlOpt,
    judge_settings,
)
from harness.judges.report import judge_note
from harness.predictions import PredictionsError
from harness.problems import display_path
from harness.report import RENDERERS
from harness.report import html as html_report
from harness.report.github import annotate as github_annotations
from harness.report.markdown import render as markdown_render
from harness.report.table import render as table_render
from harness.result import Result
from harness.workers import default_jobs

FORMATS = ("table", "json", "markdown", "junit", "github", "html")


@app.command(cls=ScoreCommand)
def score(
    extractor: Annotated[
        str | None,
        typer.Argument(metavar="EXTRACTOR", help="Built-in name (baseline, oracle, empty), package.module:attr, path/to/file.py:attr, "
                       "or an installed plugin's name. See: fact-harness extractors.", show_default=False),
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option("--predictions", "-p", metavar="FILE", help="Score this JSON-lines file of {\"article\": ID, \"facts\": [...]} "
                     "records instead of running an extractor.", dir_okay=False, show_default=False),
    ] = None,
    command: Annotated[
        str | None,
        typer.Option("--command", metavar="CMD", help="Run this program (any language; no shell): one JSON article per line on "
                     "stdin, one {\"article\", \"facts\"} line per article on stdout.", show_default=False),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", metavar="URL", help="POST each article as JSON to this web service; it answers {\"facts\": [...]}.",
                     show_default=False),
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-O", metavar="KEY=VALUE", help="KEY=VALUE passed to the extractor's factory (repeatable; JSON values "
                     "such as 0.5 or true are parsed).", show_default=False),
    ] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
    mode: Annotated[
        str | None,
        typer.Option("--mode", help="strict (default): only full matches are tp; lenient: partial matches count "
                     "too.", show_default=False, metavar="[strict|lenient]"),
    ] = None,
    article: Annotated[
        list[str] | None,
        typer.Option("--article", "-a", metavar="ID", help="Score only this article id (repeatable).", show_default=False),
    ] = None,
    tolerance: Annotated[
        float | None,
        typer.Option("--tolerance", metavar="X", help="Relative tolerance for figures (default 0.01 = 1%).", min=0.0, max=0.99,
                     show_default=False),
    ] = None,
    count_duplicates: Annotated[
        bool, typer.Option("--count-duplicates", help="Count a second prediction of an already matched fact as fp.")
    ] = False,
    require_evidence: Annotated[
        bool, typer.Option("--require-evidence", help="A prediction whose evidence is missing or not found in the "
                           "article is a false positive.")
    ] = False,
    require_all: Annotated[
        bool, typer.Option("--require-all", help="Every article must have predictions: exit 2 when some have "
                           "none (by default they are listed with a warning and their gold counts as missed).")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Unknown prediction fields are errors (by default: a warning naming "
                           "each, the field ignored and the fact scored).")
    ] = False,
    types: Annotated[
        str | None,
        typer.Option("--types", metavar="TYPE,TYPE", help="Score only these fact types (figure, speaker, date, "
                     "place, claim), e.g. --types figure,date for an extractor of figures and dates.",
                     show_default=False),
    ] = None,
    name_similarity: Annotated[
        float | None,
        typer.Option("--name-similarity", metavar="X", help="Trigram similarity at or above which name words are spelling "
                     "variants (default 0.7).", min=0.0, max=1.0, show_default=False),
    ] = None,
    claim_similarity: Annotated[
        float | None,
        typer.Option("--claim-similarity", metavar="X", help="Text similarity at or above which two claim texts say the same "
                     "thing (default 0.35).", min=0.0, max=1.0, show_default=False),
    ] = None,
    min_precision: Annotated[
        list[str] | None,
        typer.Option("--min-precision", metavar="[TYPE=]X", help="Gate: X (overall) or TYPE=X; repeatable.", show_default=False,
                     rich_help_panel="Gates"),
    ] = None,
    min_recall: Annotated[
        list[str] | None,
        typer.Option("--min-recall", metavar="[TYPE=]X", help="Gate: X (overall) or TYPE=X; repeatable.", show_default=False,
                     rich_help_panel="Gates"),
    ] = None,
    min_f1: Annotated[
        list[str] | None,
        typer.Option("--min-f1", metavar="[TYPE=]X", help="Gate: X (overall) or TYPE=X; repeatable.", show_default=False,
                     rich_help_panel="Gates"),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", metavar="FILE", help="A saved JSON result: fail when a gated metric fell by more than "
                     "--max-drop against it.", dir_okay=False, show_default=False, rich_help_panel="Gates"),
    ] = None,
    max_drop: Annotated[
        float | None,
        typer.Option("--max-drop", metavar="X", help="Largest allowed fall against --baseline (default 0).", min=0.0, max=1.0,
                     show_default=False, rich_help_panel="Gates"),
    ] = None,
    significance: Annotated[
        float | None,
        typer.Option("--significance", metavar="ALPHA", help="Fail a fall beyond --max-drop only when the paired "
                     "test (approximate randomization over articles, Holm-corrected) finds it significant at ALPHA.",
                     show_default=False, rich_help_panel="Gates"),
    ] = None,
    non_inferiority: Annotated[
        float | None,
        typer.Option("--non-inferiority", metavar="DELTA", help="Fail when the lower end of the paired 95% "
                     "bootstrap interval of (new − baseline) lies below −DELTA.", show_default=False,
                     rich_help_panel="Gates"),
    ] = None,
    allow_mismatch: Annotated[
        bool, typer.Option("--allow-mismatch", help="Gate against a baseline scored on other articles, other gold "
                           "or with other settings (refused by default).", rich_help_panel="Gates")
    ] = False,
    save_baseline: Annotated[
        Path | None,
        typer.Option("--save-baseline", metavar="FILE", help="Also write this run's JSON result here, as the new baseline.",
                     dir_okay=False, show_default=False, rich_help_panel="Gates"),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="S", help="Seconds an extractor may spend on one article.", min=0.001)
    ] = 60.0,
    startup_timeout: Annotated[
        float, typer.Option("--startup-timeout", metavar="S", help="Further seconds a --command program may take "
                            "on its first article (starting up, loading a model).", min=0.0)
    ] = 30.0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress on stderr (on a terminal: bars; elsewhere: a line "
                           "every few seconds).")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="N", help="Worker processes: articles extracted and scored in parallel. "
                     "Default: the extractor runs in 1, scoring uses every CPU core.", min=1, show_default=False),
    ] = None,
    save_predictions: Annotated[
        Path | None,
        typer.Option("--save-predictions", metavar="FILE", help="Keep what the extractor returned (JSON lines, each article's "
                     "line written as it is done), to re-score later with --predictions.", dir_okay=False,
                     show_default=False),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", metavar="FILE", help="Continue an interrupted run from its --save-predictions FILE: extract only "
                     "the articles missing there, and keep writing to it.", dir_okay=False, show_default=False,
                     rich_help_panel="Big runs"),
    ] = None,
    cache: Annotated[
        str | None,
        typer.Option("--cache", metavar="[DIR]", help="Keep what the extractor returns per article "
                     "in DIR (alone: the user cache directory) and never extract a cached article again.",
                     show_default=False, rich_help_panel="Big runs"),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Use no cache at all: neither cached extractions nor the compiled "
                           "gold cache (on by default).", rich_help_panel="Big runs")
    ] = False,
    executor: Annotated[
        str, typer.Option("--executor", metavar="[local|dask]", help="local (this machine's processes) or dask (a Dask cluster: local, or "
                          "--scheduler's).", rich_help_panel="Big runs")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", metavar="tcp://HOST:PORT", help="With --executor dask: a running Dask "
                     "scheduler (default: start a local cluster).", show_default=False, rich_help_panel="Big runs"),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format.",
                                        metavar="[" + "|".join(FORMATS) + "]")] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the report to this file (atomically).", dir_okay=False)
    ] = None,
    judge: JudgeOpt = None,
    judge_url: JudgeUrlOpt = None,
    judge_model: JudgeModelOpt = None,
    judge_key_env: JudgeKeyEnvOpt = None,
    judge_cache: JudgeCacheOpt = None,
    judge_threshold: JudgeThresholdOpt = None,
    judge_timeout: JudgeTimeoutOpt = None,
) -> None:
    """Score an extractor (or saved predictions) against the gold: precision, recall and F1 per fact type.

    Every gold fact and prediction gets an outcome (tp, fp, fn, partial, duplicate, negative) with the
    matcher's reason. Undefined ratios (0/0) are null in JSON and – in tables.

    Gates come from --min-* options and from [tool.fact-harness] in the nearest pyproject.toml (the
    options win); a value exactly at the threshold passes.

    Exit codes: 0 pass · 1 a gate failed · 2 bad input, usage or config · 3 the extractor failed on
    some articles (they are listed; their gold counts as missed) · 4 the report could not be written.
    """
    if format not in FORMATS:
        fail(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    sources = [name for name, v in (("EXTRACTOR", extractor), ("--predictions", predictions),
                                    ("--command", command), ("--url", url)) if v is not None]
    if len(sources) != 1:
        fail("give exactly one of: EXTRACTOR, --predictions FILE, --command CMD, --url URL"
             + (f" (got {', '.join(sources)})" if sources else " — try: fact-harness score baseline"))
    if predictions is not None and (option or save_predictions or resume):
        fail("--option, --save-predictions and --resume apply when running an extractor, not to --predictions")
    if no_cache and cache is not None:
        fail("give --cache or --no-cache, not both")
    caches = big_run_settings(cache, no_cache)
    try:
        config = load_config(find_pyproject()).override(
            thresholds=thresholds_from({"precision": min_precision or [], "recall": min_recall or [],
                                        "f1": min_f1 or []}),
            baseline=baseline, max_drop=max_drop, significance=significance, non_inferiority=non_inferiority,
            allow_mismatch=allow_mismatch or None, mode=mode, tolerance=tolerance,
            name_similarity=name_similarity, claim_similarity=claim_similarity,
            count_duplicates=count_duplicates or None, require_evidence=require_evidence or None, timeout=timeout, jobs=jobs or 1,
            score_jobs=jobs or default_jobs(), executor=executor, scheduler=scheduler, **caches,
            require_all=require_all or None, strict=strict or None,
            types=tuple(t.strip() for t in types.split(",") if t.strip()) if types is not None else None,
            startup_timeout=startup_timeout,
            **judge_settings(judge, judge_url, judge_model, judge_key_env, judge_cache, judge_threshold, judge_timeout))
        if (baseline is None and config.baseline is not None and not config.baseline.exists()
                and save_baseline is not None and save_baseline.resolve() == config.baseline.resolve()):
            err.print(f"no baseline at {display_path(config.baseline)} yet: this run becomes it "
                      "(no regression gate this time)")
            config = dataclasses.replace(config, baseline=None)
    except GateConfigError as exc:
        fail(str(exc))
    corpus = _load(gold, seeds, lazy=True)
    check_outputs([("--output", output), ("--save-predictions", save_predictions),
                   ("--save-baseline", save_baseline)],
                  _run_inputs(extractor, predictions, command, config.baseline, corpus),
                  (corpus.gold_dir, corpus.seeds_dir))
    try:
        if format == "html" and predictions is not None:
            problems = corpus.compile()  # the report shows the gold: validate it once, here
            if problems:
                raise GoldError(problems)
        opts = parse_options(option or [])
        n = len(corpus.select(article)) if article else len(corpus)
        phases = ("scoring",) if predictions is not None else ("extracting", "scoring")
        with _progress(n, *phases, quiet=quiet) as bars, _extractor_output_to_stderr():
            outcome = api_run(extractor, command=command, url=url, predictions=predictions, options=opts,
                              corpus=corpus, articles=article, config=config, progress=bars.get("extracting"),
                              scoring_progress=bars["scoring"], save_predictions=save_predictions or resume,
                              resume=resume)
    except GoldError as exc:
        _gold_failed(exc)
    except PredictionsError as exc:
        for line in exc.problems:
            typer.echo(line, err=True)
        fail(f"the predictions are invalid ({len(exc.problems)} problem(s)); nothing was scored")
    except (ExtractorSpecError, ExtractorStartError, GateConfigError, BigRunError) as exc:
        fail(str(exc))
    except KeyError as exc:
        fail(str(exc.args[0]))
    result = outcome.result
    judge_note(result, err.print)
    say_caveats(result, err)
    for note in outcome.notes:
        err.print(f"note: {note}")
    if outcome.baseline is not None:
        _warn_about_baseline(outcome.baseline, result)
    saved = save_predictions or resume
    if saved is not None and outcome.predictions is not None:
        err.print(f"saved predictions for {len(outcome.predictions)} article(s) to {display_path(saved)}")
    if result.from_cache is not None:
        err.print(f"{result.from_cache} of {len(result.by_article)} article(s) came from the extraction cache")
    _render(result, format, output, corpus=outcome.corpus, previous=outcome.baseline)
    if save_baseline is not None:
        write_atomic(save_baseline, result.to_json())
        err.print(f"saved the baseline to {display_path(save_baseline)}")
    raise typer.Exit(int(exit_code(result)))


def _warn_about_baseline(baseline: Result, result: Result) -> None:
    """Say when the baseline came from another harness version, and when a paired gate cannot fail."""
    note = version_note(of_result(baseline), of_result(result), ("baseline", "this run"))
    if note:
        err.print(f"note: {note}")
    for ch in result.checks:
        if ch.rule == "significance" and ch.min_p is not None and ch.rule_value is not None \
                and ch.min_p >= ch.rule_value:
            err.print(f"note: with {len(result.by_article)} article(s) the paired test cannot give p below "
                      f"{ch.min_p:.4g}, so --significance {ch.rule_value:g} can never fail a regression check")
            break



def _run_inputs(extractor: str | None, predictions: Path | None, command: str | None, baseline: Path | None,
                corpus: Corpus) -> list[Path]:
    """Every file a ``score`` run reads: predictions, baseline, gold, seeds, configuration, the extractor's code."""
    inputs = [p for p in (predictions, baseline, find_pyproject()) if p is not None]
    inputs += _corpus_files(corpus)
    words = [extractor.rsplit(":", 1)[0]] if extractor else []
    with contextlib.suppress(ValueError):
        words += shlex.split(command or "")
    inputs += [Path(w) for w in words if w and os.path.isfile(w)]
    return inputs


@contextlib.contextmanager
def _extractor_output_to_stderr() -> Iterator[None]:
    """While an extractor runs in this process, what it prints goes to stderr: stdout is the report's.

    (Extractors in worker processes write their stdout to stderr themselves; see the runner.)
    """
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.redirect_stdout(sys.stderr):
        yield


def exit_code(result: Result) -> ExitCode:
    """3 when the extractor failed on some article, else 1 when a gate failed, else 0."""
    if result.errors:
        err.print(Text(f"{len(result.errors)} article(s) failed in the extractor", style="bold red")
                  + Text(" (exit code 3)"))
        return ExitCode.EXTRACTOR_ERRORS
    if not result.gates_passed:
        failed = sum(c.status == "fail" for c in result.checks)
        err.print(Text(f"{failed} gate check(s) failed", style="bold red") + Text(" (exit code 1)"))
        return ExitCode.GATE_FAILED
    return ExitCode.OK



@app.command()
def extractors() -> None:
    """List the built-in extractors and the installed plugins (entry-point group fact_harness.extractors)."""
    for name, b in BUILTINS.items():
        out(f"{name:<12} built-in  {b.description}")
    installed = plugins()
    for name, target in sorted(installed.items()):
        out(f"{name:<12} plugin    {target}")
    if not installed:
        out(f"(no plugins installed; a package registers one under the entry-point group "
                   f"{ENTRY_POINT_GROUP!r})")


def _render(result: Result, format: str, output: Path | None, *, corpus: Corpus | None = None,
            previous: Result | None = None) -> None:
    """Write the report; under GitHub Actions also annotate failures and fill the job summary."""
    text: str | Callable[[TextIO], None]
    if format == "html":
        text = html_report.render(result, corpus, previous)
    elif format == "table" and output is None:
        text = table_render(result, width=max(100, err.width), color=sys.stdout.isatty())
    elif format == "json":
        text = result.write_json  # streamed: details never held as one string
    else:
        text = RENDERERS[format](result)
    emit(text, output)
    if os.environ.get("GITHUB_ACTIONS") == "true" and format != "github":
        notes = github_annotations(result)
        if notes and (output is not None or format in ("table", "markdown")):
            write_stdout(notes)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(markdown_render(result))
