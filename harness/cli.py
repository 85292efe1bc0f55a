"""The ``fact-harness`` command: a thin layer that parses options, calls the API and renders.

Exit codes: 0 pass · 1 a gate failed · 2 bad input, usage or config · 3 extractor errors.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from harness.api import run as api_run
from harness.authoring import draft_gold, schema_text, seed_article, skeleton, write_export
from harness.big_runs import BigRunError, ScoreCommand, big_run_settings
from harness.compare import diff as fact_diff
from harness.compare import markdown as compare_markdown
from harness.compare import mcnemar_rows, side_by_side, significance, significance_note, significance_rows
from harness.config import find_pyproject, load_config
from harness.corpus import Corpus, GoldError, load_corpus, resolve_dirs
from harness.exit_codes import ExitCode
from harness.extractors.loading import (
    BUILTINS,
    ENTRY_POINT_GROUP,
    ExtractorSpecError,
    load_extractor,
    parse_options,
    plugins,
)
from harness.extractors.runner import ExtractorStartError, run_python
from harness.fingerprint import MismatchError, differences, of_result, version_note
from harness.gates import GateConfigError, load_result, thresholds_from
from harness.model import fact_to_dict
from harness.predictions import PredictionsError
from harness.report import RENDERERS
from harness.report import html as html_report
from harness.report.github import annotate as github_annotations
from harness.report.markdown import render as markdown_render
from harness.report.table import fmt
from harness.report.table import render as table_render
from harness.result import Result
from harness.validate import display_path, gold_files, validate_paths
from harness.version import __version__
from harness.workers import default_jobs

app = typer.Typer(
    name="fact-harness",
    help=(
        "Benchmark and test fixture for fact-claim extractors.\n\n"
        "Scores an extractor's figures, speakers, dates, places and claims against hand-curated gold "
        "for news articles; gates releases on thresholds.\n\n"
        "Exit codes: 0 pass · 1 a gate failed · 2 bad input, usage or config · 3 extractor errors."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

err = Console(stderr=True, highlight=False, soft_wrap=True)

GoldOpt = Annotated[
    Path | None,
    typer.Option("--gold", help="Gold directory. Default: ./gold if present, else the bundled benchmark.",
                 file_okay=False, show_default=False),
]
SeedsOpt = Annotated[
    Path | None,
    typer.Option("--seeds", help="Seed articles directory. Default: ./seeds if present, else the bundled one.",
                 file_okay=False, show_default=False),
]


class UserError(Exception):
    """A mistake in what the user asked for: reported as one line, exit code 2."""


def fail(message: str, code: ExitCode = ExitCode.BAD_INPUT) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(int(code))


def write_atomic(path: Path, text: str | Callable[[TextIO], None]) -> None:
    """Write ``text`` (or what a writer callback writes) to ``path`` via a temporary file and a rename."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UserError(f"cannot write {path}: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                text(fh)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str | Callable[[TextIO], None], output: Path | None) -> None:
    """Print ``text`` (or what a writer callback writes) to stdout, or write it atomically to ``output``."""
    if output is None:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            text(sys.stdout)
        sys.stdout.flush()
    else:
        write_atomic(output, text)
        err.print(f"wrote {display_path(output)}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fact-harness {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    pass


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Gold files or directories to check. Default: the gold directory.", show_default=False),
    ] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
) -> None:
    """Check gold files: YAML, schema, ids, speaker references, and that every evidence quote is verbatim.

    Prints one line per problem as FILE:LINE:COLUMN: FIELD: MESSAGE, then a count.
    Exit 0 when everything is valid, 2 otherwise.
    """
    gold_dir, seeds_dir = resolve_dirs(gold, seeds)
    targets = list(paths) if paths else [gold_dir]
    with _progress(len(gold_files(targets)[0]), "validating") as bars:
        problems = validate_paths(targets, seeds_dir, jobs=default_jobs(), progress=bars["validating"])
    for p in problems:
        typer.echo(str(p))
    if problems:
        files = len({p.file for p in problems})
        err.print(f"{len(problems)} problem(s) in {files} file(s)")
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    err.print(f"ok: {', '.join(display_path(t) for t in targets)} valid (seeds: {display_path(seeds_dir)})")


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of a gold file (committed as gold/schema.json for editor support)."""
    emit(schema_text(), output)


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="jsonl: one article per line; json: one array.")
    ] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
) -> None:
    """Write the whole gold corpus (article text, metadata, facts, negatives) as JSON for other languages.

    Each record: {"article": ID, "title", "published", "url", "outlet", "text", "facts": [...], "negatives": [...]}.
    """
    if format not in ("jsonl", "json"):
        fail(f"unknown format {format!r}: use jsonl or json")
    corpus = _load(gold, seeds, lazy=True)
    problems = validate_paths([corpus.gold_dir], corpus.seeds_dir, jobs=default_jobs())  # all valid before a byte is written
    if problems:
        _gold_failed(GoldError(problems))
    emit(lambda out: write_export(corpus, out, format=format), output)


@app.command()
def new(
    seed: Annotated[Path, typer.Argument(help="The article's text file (normally inside the seeds directory).")],
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
) -> None:
    """Write a gold skeleton GOLD/<article-id>.yaml for a new article; never overwrites an existing file."""
    target, seeds_dir = _new_gold_target(seed, gold, seeds)
    try:
        text = skeleton(seed, seeds_dir)
    except UnicodeDecodeError:
        fail(f"{seed} is not UTF-8 text")
    _write_new(target, text)
    err.print(f"wrote {display_path(target)} — add facts, then run: fact-harness validate {display_path(target)}")


def _new_gold_target(seed: Path, gold: Path | None, seeds: Path | None) -> tuple[Path, Path]:
    """Where a new article's gold goes, and the seeds directory; exits 2 when it cannot be created."""
    if not seed.is_file():
        fail(f"{seed}: no such file")
    gold_dir, seeds_dir = resolve_dirs(gold, seeds)
    if not seed.resolve().is_relative_to(seeds_dir.resolve()):
        fail(f"{seed} is not inside the seeds directory {display_path(seeds_dir)}: copy it there first "
             "(or pass --seeds)")
    target = gold_dir / f"{seed.stem}.yaml"
    if target.exists():
        fail(f"{display_path(target)} already exists; edit it instead (nothing was written)")
    return target, seeds_dir


def _write_new(target: Path, text: str) -> None:
    """Create ``target`` with ``text``, never replacing a file that appeared meanwhile."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        fail(f"{display_path(target)} already exists; edit it instead (nothing was written)")


FORMATS = ("table", "json", "markdown", "junit", "github", "html")


@app.command(cls=ScoreCommand)
def score(
    extractor: Annotated[
        str | None,
        typer.Argument(help="Built-in name (baseline, oracle, empty), package.module:attr, path/to/file.py:attr, "
                       "or an installed plugin's name. See: fact-harness extractors.", show_default=False),
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option("--predictions", "-p", help="Score this JSON-lines file of {\"article\": ID, \"facts\": [...]} "
                     "records instead of running an extractor.", dir_okay=False, show_default=False),
    ] = None,
    command: Annotated[
        str | None,
        typer.Option("--command", help="Run this program (any language; no shell): one JSON article per line on "
                     "stdin, one {\"article\", \"facts\"} line per article on stdout.", show_default=False),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", help="POST each article as JSON to this web service; it answers {\"facts\": [...]}.",
                     show_default=False),
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-O", help="KEY=VALUE passed to the extractor's factory (repeatable; JSON values "
                     "such as 0.5 or true are parsed).", show_default=False),
    ] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
    mode: Annotated[
        str | None,
        typer.Option("--mode", help="strict (default): only full matches are tp; lenient: partial matches count "
                     "too.", show_default=False),
    ] = None,
    article: Annotated[
        list[str] | None,
        typer.Option("--article", "-a", help="Score only this article id (repeatable).", show_default=False),
    ] = None,
    tolerance: Annotated[
        float | None,
        typer.Option("--tolerance", help="Relative tolerance for figures (default 0.01 = 1%).", min=0.0, max=0.99,
                     show_default=False),
    ] = None,
    count_duplicates: Annotated[
        bool, typer.Option("--count-duplicates", help="Count a second prediction of an already matched fact as fp.")
    ] = False,
    require_evidence: Annotated[
        bool, typer.Option("--require-evidence", help="A prediction whose evidence is missing or not found in the "
                           "article is a false positive.")
    ] = False,
    name_similarity: Annotated[
        float | None,
        typer.Option("--name-similarity", help="Trigram similarity at or above which name words are spelling "
                     "variants (default 0.7).", min=0.0, max=1.0, show_default=False),
    ] = None,
    claim_similarity: Annotated[
        float | None,
        typer.Option("--claim-similarity", help="Text similarity at or above which two claim texts say the same "
                     "thing (default 0.35).", min=0.0, max=1.0, show_default=False),
    ] = None,
    min_precision: Annotated[
        list[str] | None,
        typer.Option("--min-precision", help="Gate: X (overall) or TYPE=X; repeatable.", show_default=False,
                     rich_help_panel="Gates"),
    ] = None,
    min_recall: Annotated[
        list[str] | None,
        typer.Option("--min-recall", help="Gate: X (overall) or TYPE=X; repeatable.", show_default=False,
                     rich_help_panel="Gates"),
    ] = None,
    min_f1: Annotated[
        list[str] | None,
        typer.Option("--min-f1", help="Gate: X (overall) or TYPE=X; repeatable.", show_default=False,
                     rich_help_panel="Gates"),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="A saved JSON result: fail when a gated metric fell by more than "
                     "--max-drop against it.", dir_okay=False, show_default=False, rich_help_panel="Gates"),
    ] = None,
    max_drop: Annotated[
        float | None,
        typer.Option("--max-drop", help="Largest allowed fall against --baseline (default 0).", min=0.0, max=1.0,
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
        typer.Option("--save-baseline", help="Also write this run's JSON result here, as the new baseline.",
                     dir_okay=False, show_default=False, rich_help_panel="Gates"),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds an extractor may spend on one article.", min=0.001)
    ] = 60.0,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes: articles extracted and scored in parallel. "
                     "Default: the extractor runs in 1, scoring uses every CPU core.", min=1, show_default=False),
    ] = None,
    save_predictions: Annotated[
        Path | None,
        typer.Option("--save-predictions", help="Keep what the extractor returned (JSON lines, each article's "
                     "line written as it is done), to re-score later with --predictions.", dir_okay=False,
                     show_default=False),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", help="Continue an interrupted run from its --save-predictions FILE: extract only "
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
        str, typer.Option("--executor", help="local (this machine's processes) or dask (a Dask cluster: local, or "
                          "--scheduler's).", rich_help_panel="Big runs")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", metavar="tcp://HOST:PORT", help="With --executor dask: a running Dask "
                     "scheduler (default: start a local cluster).", show_default=False, rich_help_panel="Big runs"),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: " + ", ".join(FORMATS) + ".")] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file (atomically).", dir_okay=False)
    ] = None,
) -> None:
    """Score an extractor (or saved predictions) against the gold: precision, recall and F1 per fact type.

    Every gold fact and prediction gets an outcome (tp, fp, fn, partial, duplicate, negative) with the
    matcher's reason. Undefined ratios (0/0) are null in JSON and – in tables.

    Gates come from --min-* options and from [tool.fact-harness] in the nearest pyproject.toml (the
    options win); a value exactly at the threshold passes.

    Exit codes: 0 pass · 1 a gate failed · 2 bad input, usage or config · 3 the extractor failed on
    some articles (they are listed; their gold counts as missed).
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
            score_jobs=jobs or default_jobs(), executor=executor, scheduler=scheduler, **caches)
        if (baseline is None and config.baseline is not None and not config.baseline.exists()
                and save_baseline is not None and save_baseline.resolve() == config.baseline.resolve()):
            err.print(f"no baseline at {display_path(config.baseline)} yet: this run becomes it "
                      "(no regression gate this time)")
            config = dataclasses.replace(config, baseline=None)
    except GateConfigError as exc:
        fail(str(exc))
    corpus = _load(gold, seeds, lazy=True)
    try:
        if format == "html" and predictions is not None:
            problems = corpus.compile()  # the report shows the gold: validate it once, here
            if problems:
                raise GoldError(problems)
        opts = parse_options(option or [])
        n = len(corpus.select(article)) if article else len(corpus)
        phases = ("scoring",) if predictions is not None else ("extracting", "scoring")
        with _progress(n, *phases) as bars:
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


def _comparable(results: list[Result], paths: list[Path], what: str, allow_mismatch: bool) -> None:
    """Exit 2 listing what differs when the runs were not scored alike (unless ``allow_mismatch``)."""
    first = of_result(results[0])
    for r, p in zip(results[1:], paths[1:], strict=True):
        names = (display_path(paths[0]), display_path(p))
        problems = differences(first, of_result(r), names)
        if problems and not allow_mismatch:
            fail(str(MismatchError(what, problems)))
        for line in problems:
            err.print(f"note: {line} (--allow-mismatch)")
        note = version_note(first, of_result(r), names)
        if note:
            err.print(f"note: {note}")


AllowMismatchOpt = Annotated[
    bool, typer.Option("--allow-mismatch", help="Compare runs scored on other articles, other gold or with other "
                       "settings (refused by default, exit 2).")
]


def exit_code(result: Result) -> ExitCode:
    """3 when the extractor failed on some article, else 1 when a gate failed, else 0."""
    if result.errors:
        err.print(f"[bold red]{len(result.errors)} article(s) failed in the extractor[/] (exit code 3)", markup=True)
        return ExitCode.EXTRACTOR_ERRORS
    if not result.gates_passed:
        failed = sum(c.status == "fail" for c in result.checks)
        err.print(f"[bold red]{failed} gate check(s) failed[/] (exit code 1)", markup=True)
        return ExitCode.GATE_FAILED
    return ExitCode.OK


@contextlib.contextmanager
def _progress(total: int, *phases: str) -> Iterator[dict[str, Callable[[int], None] | None]]:
    """One progress bar per phase on stderr (``{"scoring": advance, …}``) — only when stderr is a terminal.

    Off a terminal every phase maps to None, so callers pass the callbacks on unconditionally.
    """
    if not err.is_terminal:
        yield dict.fromkeys(phases)
        return
    with Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        bars: dict[str, Callable[[int], None] | None] = {}
        for phase in phases:
            task = bar.add_task(phase, total=total)
            bars[phase] = lambda k, task=task: bar.advance(task, k)  # type: ignore[misc]
        yield bars


@app.command()
def extractors() -> None:
    """List the built-in extractors and the installed plugins (entry-point group fact_harness.extractors)."""
    for name, b in BUILTINS.items():
        typer.echo(f"{name:<12} built-in  {b.description}")
    installed = plugins()
    for name, target in sorted(installed.items()):
        typer.echo(f"{name:<12} plugin    {target}")
    if not installed:
        typer.echo(f"(no plugins installed; a package registers one under the entry-point group "
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
            sys.stdout.write(notes)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(markdown_render(result))


@app.command()
def report(
    results: Annotated[
        list[Path],
        typer.Argument(metavar="RESULT.json [NEW.json]", dir_okay=False,
                       help="A JSON result (score --format json); given OLD.json NEW.json, what changed is marked."),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", dir_okay=False, help="Write the HTML here (atomically).")
    ] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
    max_articles: Annotated[
        int, typer.Option("--max-articles", metavar="N",
                          help="Give at most N articles a section of their own (errors and regressions first, then "
                               "the most misses and false positives); the table lists all. 0: every article.")
    ] = html_report.MAX_ARTICLES,
    allow_mismatch: AllowMismatchOpt = False,
) -> None:
    """Write a self-contained HTML report of a saved result (or mark what changed between two).

    Scores, charts, and each article with its gold evidence highlighted by outcome. Opens offline;
    charts need the 'html' extra (matplotlib).
    """
    if not 1 <= len(results) <= 2:
        fail("report takes RESULT.json, or OLD.json NEW.json")
    if max_articles < 0:
        fail(f"--max-articles must be 0 (every article) or more, got {max_articles}")
    try:
        loaded = [load_result(p) for p in results]
    except GateConfigError as exc:
        fail(str(exc))
    if len(loaded) == 2:
        _comparable(loaded, results, "report", allow_mismatch)
    previous, result = (None, loaded[0]) if len(loaded) == 1 else (loaded[0], loaded[1])
    emit(html_report.render(result, _load(gold, seeds, lazy=True), previous, max_articles=max_articles), output)


@app.command()
def bless(
    result_file: Annotated[Path, typer.Argument(metavar="RESULT.json", help="A JSON result (score --format json).",
                                                dir_okay=False)],
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Where to keep the baseline. Default: 'baseline' in [tool.fact-harness], else "
                     "fact-harness-baseline.json.", dir_okay=False, show_default=False),
    ] = None,
) -> None:
    """Record RESULT.json as the new baseline, deliberately (score --baseline compares against it)."""
    try:
        result = load_result(result_file)
        config = load_config(find_pyproject())
    except GateConfigError as exc:
        fail(str(exc))
    target = to or config.baseline or Path("fact-harness-baseline.json")
    write_atomic(target, result.to_json())
    c = result.overall
    err.print(f"blessed {display_path(result_file)} as the baseline in {display_path(target)} "
              f"(extractor {result.extractor}: precision {fmt(c.precision)}, recall {fmt(c.recall)}, f1 {fmt(c.f1)})")


@app.command()
def compare(
    results: Annotated[list[Path], typer.Argument(metavar="RESULT.json...", help="Two or more JSON results.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table, markdown or json.")] = "table",
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap and of the shuffles.")] = 0,
    allow_mismatch: AllowMismatchOpt = False,
) -> None:
    """Show precision, recall and F1 of saved results side by side, with deltas against the first.

    Given two runs A and B, also whether each difference B − A is real: a paired bootstrap interval
    (articles resampled, 1,000 resamples), a paired approximate-randomization p-value (10,000 shuffles,
    two-sided, Holm-corrected across scopes) and an exact McNemar test on the gold facts found by one
    run only. Runs scored on other articles, gold or settings are refused unless --allow-mismatch.
    """
    if len(results) < 2:
        fail("compare needs at least two results")
    if format not in ("table", "markdown", "json"):
        fail(f"unknown format {format!r}: use table, markdown or json")
    try:
        loaded = [load_result(p) for p in results]
    except GateConfigError as exc:
        fail(str(exc))
    _comparable(loaded, results, "compare", allow_mismatch)
    rows = side_by_side(loaded)
    sig = significance(loaded[0], loaded[1], seed=seed) if len(loaded) == 2 else None
    if format == "json":
        emit(json.dumps({"rows": rows, "significance": sig}, indent=2, ensure_ascii=False) + "\n", None)
        return
    if format == "markdown":
        emit(compare_markdown(rows, sig), None)
        return
    tbl = Table(box=box.SIMPLE_HEAD, show_edge=False)
    tbl.add_column("scope")
    for i, r in enumerate(loaded):
        label = f"{chr(65 + i) if i < 26 else i}: {r.extractor}"
        tbl.add_column(f"{label}\nP / R / F1" + ("" if i == 0 else "  (Δ F1)"), justify="right")
    for row in rows:
        cells = []
        for i, run in enumerate(row["runs"]):
            text = f"{fmt(run['precision'])} / {fmt(run['recall'])} / {fmt(run['f1'])}"
            if i:
                d = run["f1_delta"]
                text += "  (–)" if d is None else f"  ({d:+.3f})"
            cells.append(text)
        tbl.add_row(str(row["scope"]), *cells)
    console = Console(highlight=False, width=max(100, 40 * len(loaded)))
    console.print(tbl)
    if sig is None:
        console.print("significance is computed for two runs: compare A.json B.json")
        return
    paired = Table(box=box.SIMPLE_HEAD, show_edge=False, title="is the difference real? B − A", title_justify="left")
    for col in ("scope", "metric", "Δ", "95% CI", "p", "p (Holm)"):
        paired.add_column(col, justify="left" if col in ("scope", "metric") else "right")
    for i, cells in enumerate(significance_rows(sig)):
        paired.add_row(*cells, end_section=i % 3 == 2)
    console.print(paired)
    mc = Table(box=box.SIMPLE_HEAD, show_edge=False, title="McNemar, gold facts", title_justify="left")
    for col in ("scope", "b (A only)", "c (B only)", "p"):
        mc.add_column(col, justify="left" if col == "scope" else "right")
    for cells in mcnemar_rows(sig):
        mc.add_row(*cells)
    console.print(mc)
    console.print(significance_note(sig))


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD.json", dir_okay=False)],
    new: Annotated[Path, typer.Argument(metavar="NEW.json", dir_okay=False)],
    allow_mismatch: AllowMismatchOpt = False,
) -> None:
    """List gold facts newly missed and predictions newly spurious in NEW against OLD (and what got better)."""
    try:
        a, b = load_result(old), load_result(new)
    except GateConfigError as exc:
        fail(str(exc))
    _comparable([a, b], [old, new], "diff", allow_mismatch)
    d = fact_diff(a, b)
    sections = (("newly missed", d.newly_missed), ("newly spurious", d.newly_spurious),
                ("newly found", d.newly_found), ("no longer spurious", d.no_longer_spurious))
    for title, items in sections:
        typer.echo(f"{title} ({len(items)})")
        for x in items:
            what = x.gold_id if title.endswith(("missed", "found")) else json.dumps(x.prediction, ensure_ascii=False)
            typer.echo(f"  {x.article}  {x.type:<7} {what}  — {x.reason}")


@app.command()
def annotate(
    extractor: Annotated[str, typer.Argument(help="Extractor SPEC (as for score) whose output becomes the draft.")],
    seed: Annotated[Path, typer.Argument(metavar="SEED.txt", help="The new article (inside the seeds directory).",
                                         dir_okay=False)],
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-O", help="KEY=VALUE passed to the extractor's factory (repeatable).",
                     show_default=False),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds the extractor may take.", min=0.001)] = 60.0,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
) -> None:
    """Draft gold for a new article from an extractor's output, every fact marked for review.

    Writes GOLD/<article-id>.yaml and never overwrites an existing file. Correct it against the
    article, then run: fact-harness validate.
    """
    target, seeds_dir = _new_gold_target(seed, gold, seeds)
    try:
        article = seed_article(seed)
        empty = Corpus(target.parent, seeds_dir, {})
        name, extract = load_extractor(extractor, empty, parse_options(option or []))
        (outcome,) = run_python(extract, [article], timeout=timeout)
    except UnicodeDecodeError:
        fail(f"{seed} is not UTF-8 text")
    except (ExtractorSpecError, ExtractorStartError) as exc:
        fail(str(exc))
    if outcome.error is not None:
        fail(f"the extractor failed on {article.id}: {outcome.error}", ExitCode.EXTRACTOR_ERRORS)
    facts = [fact_to_dict(f) for f in outcome.facts or []]
    _write_new(target, draft_gold(seed, seeds_dir, facts, name))
    err.print(f"wrote {display_path(target)}: {len(facts)} draft fact(s) from {name} to review, then run: "
              f"fact-harness validate {display_path(target)}")


@app.command()
def calibrate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[JUDGEMENTS.jsonl...]", dir_okay=False, show_default=False,
                       help="Judged pairs (JSON lines). Default: the benchmark's gold/judgements/*.jsonl."),
    ] = None,
    split: Annotated[str, typer.Option("--split", help="Which pairs: all, dev or test.")] = "all",
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.",
                                                dir_okay=False)] = None,
    tolerance: Annotated[float | None, typer.Option("--tolerance", help="As for score.", show_default=False)] = None,
    name_similarity: Annotated[
        float | None, typer.Option("--name-similarity", help="As for score.", show_default=False)] = None,
    claim_similarity: Annotated[
        float | None, typer.Option("--claim-similarity", help="As for score.", show_default=False)] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
) -> None:
    """Measure the matchers against people: agreement with judged (gold fact, prediction) pairs.

    Each pair is scored alone; prints agreement per type and overall, the confusion matrix (reader ×
    harness), Cohen's kappa and every disagreement with the matcher's reason.
    """
    from harness.calibrate import JudgementsError, default_files
    from harness.calibrate import calibrate as measure
    from harness.report.calibration import render as render_calibration

    if format not in ("table", "json"):
        fail(f"unknown format {format!r}: use table or json")
    try:
        config = load_config(find_pyproject()).override(tolerance=tolerance, name_similarity=name_similarity,
                                                        claim_similarity=claim_similarity)
    except GateConfigError as exc:
        fail(str(exc))
    corpus = _load(gold, seeds, lazy=True)
    paths = list(files) if files else default_files(corpus.gold_dir)
    if not paths:
        fail(f"no judged pairs: {display_path(corpus.gold_dir / 'judgements')} holds no *.jsonl file")
    try:
        result = measure(paths, corpus, options=config.score_options.match, split=split)
    except JudgementsError as exc:
        for line in exc.problems[:50]:
            typer.echo(line, err=True)
        fail(f"the judged pairs are invalid ({len(exc.problems)} problem(s))")
    except GoldError as exc:
        _gold_failed(exc)
    except ValueError as exc:
        fail(str(exc))
    if format == "json":
        emit(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n", output)
    else:
        emit(render_calibration(result), output)


def _load(gold: Path | None, seeds: Path | None, *, lazy: bool = False) -> Corpus:
    try:
        return load_corpus(gold, seeds, lazy=lazy)
    except GoldError as exc:
        _gold_failed(exc)


def _gold_failed(exc: GoldError) -> NoReturn:
    for p in exc.problems:
        typer.echo(str(p), err=True)
    fail(f"the gold is invalid ({len(exc.problems)} problem(s)); run: fact-harness validate")


def _cache_app() -> None:
    from harness.cache_cli import app as cache_app

    app.add_typer(cache_app, name="cache")


_cache_app()


def main() -> None:
    """Entry point of the console script; user mistakes end as one line and exit 2, never a traceback."""
    try:
        app()
    except UserError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True)
        sys.exit(int(ExitCode.BAD_INPUT))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
