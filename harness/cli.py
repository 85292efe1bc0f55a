"""The ``fact-harness`` command: a thin layer that parses options, calls the API and renders.

Exit codes: 0 pass · 1 a gate failed · 2 bad input, usage or config · 3 extractor errors ·
4 the report could not be written · 130 / 143 interrupted / terminated (see harness.exit_codes).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import os
import shlex
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn, TextIO

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from harness.api import run as api_run
from harness.authoring import draft_gold, schema_text, seed_article, skeleton, write_export
from harness.big_runs import BigRunError, ScoreCommand, big_run_settings
from harness.cli_checks import say_caveats
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
from harness.model import fact_to_dict
from harness.predictions import PredictionsError
from harness.problems import display_path
from harness.progress import progress as progress_on
from harness.project import ProjectError, authoring_dirs, check_writable, init_project
from harness.report import RENDERERS
from harness.report import html as html_report
from harness.report.github import annotate as github_annotations
from harness.report.markdown import render as markdown_render
from harness.report.table import fmt
from harness.report.table import render as table_render
from harness.result import Result
from harness.review_markers import review_markers
from harness.validate import gold_files, validate_paths
from harness.version import __version__
from harness.workers import default_jobs

app = typer.Typer(
    name="fact-harness",
    help=(
        "Benchmark and test fixture for fact-claim extractors.\n\n"
        "Scores an extractor's figures, speakers, dates, places and claims against hand-curated gold "
        "for news articles; gates releases on thresholds.\n\n"
        "Exit codes: 0 pass · 1 a gate failed · 2 bad input, usage or config · 3 extractor errors · "
        "4 the report could not be written."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help is printed as written: no markup read, no internal metavars
)

err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)
"""Messages on stderr. Never markup: user text (paths, extractor errors) is printed as it is."""

GoldOpt = Annotated[
    Path | None,
    typer.Option("--gold", metavar="DIR", help="Gold directory. Default: ./gold if present, else the bundled benchmark.",
                 file_okay=False, show_default=False),
]
SeedsOpt = Annotated[
    Path | None,
    typer.Option("--seeds", metavar="DIR", help="Seed articles directory. Default: ./seeds if present, else the bundled one.",
                 file_okay=False, show_default=False),
]


class UserError(Exception):
    """A mistake in what the user asked for: reported as one line, exit code 2."""


def fail(message: str, code: ExitCode = ExitCode.BAD_INPUT) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True)
    raise typer.Exit(int(code))


def _written_through(path: Path) -> bool:
    """Whether ``path`` is written in place rather than replaced: ``-``, a device, a FIFO, /dev/…, /proc/…."""
    if str(path) == "-":
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) or str(path).startswith(("/dev/", "/proc/"))


def _stdout_lost(exc: OSError) -> NoReturn:
    """stdout cannot take the report (a closed pipe, a full device): exit 4, quietly for a closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere, without a second error
        os.close(devnull)
    if exc.errno == errno.EPIPE:
        raise typer.Exit(int(ExitCode.OUTPUT_FAILED))
    fail(f"cannot write to stdout: {exc.strerror or exc}", ExitCode.OUTPUT_FAILED)


def write_stdout(text: str | Callable[[TextIO], None]) -> None:
    """Write ``text`` (or what a writer callback writes) to stdout; exit 4 when stdout cannot take it."""
    try:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            text(sys.stdout)
        sys.stdout.flush()
    except OSError as exc:
        _stdout_lost(exc)


def out(line: str) -> None:
    """One line on stdout (see :func:`write_stdout`)."""
    write_stdout(line + "\n")


def write_atomic(path: Path, text: str | Callable[[TextIO], None]) -> None:
    """Write ``text`` (or what a writer callback writes) to ``path`` safely.

    A regular file (or a new one) is written to a temporary file beside it, then renamed over it:
    readers never see half a report, and an interrupted write leaves the old file and no temporary
    one. A symbolic link is followed and its target replaced. ``-``, character devices (``/dev/null``,
    a terminal), FIFOs and paths under /dev or /proc are written in place, never replaced. A write
    that fails (a full disk) exits 4. Nothing is ever written inside the installed package.
    """
    if str(path) == "-":
        write_stdout(text)
        return
    try:
        check_writable(path)
    except ProjectError as exc:
        fail(str(exc))
    if _written_through(path):
        try:
            with open(path, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as fh:
                if isinstance(text, str):
                    fh.write(text)
                else:
                    text(fh)
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}", ExitCode.OUTPUT_FAILED)
        return
    target = Path(os.path.realpath(path))
    directory = target.parent
    if not directory.is_dir():
        raise UserError(f"cannot write {path}: directory {directory} does not exist")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # mkstemp creates 0600; a report is an ordinary file
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                text(fh)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        fail(f"cannot write {path}: {exc.strerror or exc} (nothing was replaced)", ExitCode.OUTPUT_FAILED)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_outputs(outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[Path],
                  input_dirs: Iterable[Path] = ()) -> None:
    """Before any work: every output can be written and none is an input of the run (exit 2 otherwise).

    ``outputs`` are (option, path) pairs; ``inputs`` the files the run reads; ``input_dirs`` directories
    whose gold or seed files the run reads (an output there would replace one, or be read as gold
    next time). Outputs written in place (``-``, devices, FIFOs) need only be writable.
    """
    def same(a: Path, b: Path) -> bool:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False

    read = [p for p in inputs if p is not None]
    dirs = [Path(os.path.realpath(d)) for d in input_dirs]
    seen: list[tuple[str, Path]] = []
    for option, path in outputs:
        if path is None or str(path) == "-":
            continue
        for other_option, other in seen:
            if same(path, other):
                fail(f"{option} and {other_option} name the same file {path}: give each output its own path")
        seen.append((option, path))
        for source in read:
            if same(path, source):
                fail(f"{option} {path} is an input of this run ({display_path(source)}); writing it would "
                     "destroy it — choose another path")
        if _written_through(path):
            if not os.access(path, os.W_OK):
                fail(f"{option} {path}: not writable")
            continue
        target = Path(os.path.realpath(path))
        if target.is_dir():
            fail(f"{option} {path} is a directory: give a file name")
        if any(target.parent == d and target.suffix in (".yaml", ".yml", ".txt") for d in dirs):
            fail(f"{option} {path} lies among the gold or seed files this run reads — choose another path")
        if not target.parent.is_dir():
            fail(f"{option} {path}: directory {display_path(target.parent)} does not exist")
        try:
            fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            fail(f"{option} {path}: cannot write in {display_path(target.parent)}: {exc.strerror or exc} "
                 "(checked before running; nothing was run)")
        os.close(fd)
        os.unlink(probe)


def _corpus_files(corpus: Corpus) -> list[Path]:
    """The gold and seed files a run over ``corpus`` reads."""
    found: list[Path] = []
    for directory in (corpus.gold_dir, corpus.seeds_dir):
        with contextlib.suppress(OSError):
            found.extend(p for p in directory.iterdir() if p.is_file())
    return found


def emit(text: str | Callable[[TextIO], None], output: Path | None) -> None:
    """Print ``text`` (or what a writer callback writes) to stdout, or write it safely to ``output``."""
    if output is None or str(output) == "-":
        write_stdout(text)
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
        typer.Argument(metavar="[PATH]...", help="Gold files or directories to check. Default: the gold directory.",
                       show_default=False),
    ] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Also fail on review markers left by 'annotate' (and, "
                                         "with --predictions, on unknown prediction fields).")] = False,
    predictions: Annotated[
        Path | None,
        typer.Option("--predictions", "-p", metavar="FILE", dir_okay=False, show_default=False,
                     help="Check this predictions file (JSON lines) instead of the gold."),
    ] = None,
) -> None:
    """Check gold files: YAML, schema, ids, speaker references, and that every evidence quote is verbatim.

    Prints one line per problem as FILE:LINE:COLUMN: FIELD: MESSAGE, then a count.
    Exit 0 when everything is valid, 2 otherwise.
    """
    gold_dir, seeds_dir = resolve_dirs(gold, seeds)
    if predictions is not None:
        from harness.cli_checks import validate_predictions

        raise typer.Exit(validate_predictions(predictions, gold_dir, seeds_dir, strict=strict, err=err))
    targets = list(paths) if paths else [gold_dir]
    files = gold_files(targets)[0]
    with _progress(len(files), "validating") as bars:
        problems = validate_paths(targets, seeds_dir, jobs=default_jobs(), progress=bars["validating"])
    markers = review_markers(files)
    if strict:
        problems = sorted([*problems, *markers])
    for p in problems:
        out(str(p))
    if markers and not strict:
        err.print(f"note: {len(markers)} review marker(s) left by 'fact-harness annotate' in "
                  f"{len({m.file for m in markers})} file(s); 'fact-harness validate --strict' fails on them")
    if problems:
        files_with = len({p.file for p in problems})
        err.print(f"{len(problems)} problem(s) in {files_with} file(s)")
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    err.print(f"ok: {', '.join(display_path(t) for t in targets)} valid (seeds: {display_path(seeds_dir)})")


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of a gold file (committed as gold/schema.json for editor support)."""
    emit(schema_text(), output)


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="jsonl: one article per line; json: one array.",
                          metavar="[jsonl|json]")
    ] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.")] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
) -> None:
    """Write the whole gold corpus (article text, metadata, facts, negatives) as JSON for other languages.

    Each record: {"article": ID, "title", "published", "url", "outlet", "text", "facts": [...], "negatives": [...]}.
    """
    if format not in ("jsonl", "json"):
        fail(f"unknown format {format!r}: use jsonl or json")
    corpus = _load(gold, seeds, lazy=True)
    check_outputs([("--output", output)], _corpus_files(corpus), (corpus.gold_dir, corpus.seeds_dir))
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
    """Where a new article's gold goes, and the seeds directory; exits 2 when it cannot be created.

    Never the bundled benchmark: ``--gold``/``--seeds`` when given, else ./gold and ./seeds.
    """
    if not seed.is_file():
        fail(f"{seed}: no such file")
    try:
        gold_dir, seeds_dir = authoring_dirs(gold, seeds)
    except ProjectError as exc:
        fail(str(exc))
    if not seeds_dir.is_dir():
        fail(f"no seeds directory {display_path(seeds_dir)}: run 'fact-harness init' to set up gold/ and seeds/ "
             "here (or pass --seeds DIR)")
    if not seed.resolve().is_relative_to(seeds_dir.resolve()):
        fail(f"{seed} is not inside the seeds directory {display_path(seeds_dir)}: copy it there first "
             "(or pass --seeds)")
    target = gold_dir / f"{seed.stem}.yaml"
    if target.exists():
        fail(f"{display_path(target)} already exists; edit it instead (nothing was written)")
    return target, seeds_dir


def _write_new(target: Path, text: str) -> None:
    """Create ``target`` with ``text``, never replacing a file that appeared meanwhile."""
    try:
        check_writable(target)
    except ProjectError as exc:
        fail(str(exc))
    if not target.parent.is_dir():
        err.print(f"created {display_path(target.parent)}/")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        fail(f"{display_path(target)} already exists; edit it instead (nothing was written)")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="The project directory. Default: the working directory.",
                                              file_okay=False)] = Path("."),
    example: Annotated[bool, typer.Option("--example/--no-example",
                                          help="Add an example article and its gold.")] = True,
) -> None:
    """Set up a project's own benchmark: gold/ (schema.json, a guidelines pointer, an example), seeds/,
    a [tool.fact-harness] block in pyproject.toml and a pre-commit hook. Never overwrites a file.
    """
    try:
        done = init_project(directory, example=example)
    except (ProjectError, OSError) as exc:
        fail(str(exc))
    for path in done.created:
        err.print(f"created {display_path(path)}")
    for path in done.kept:
        err.print(f"kept {display_path(path)} (exists)")
    for note in done.notes:
        err.print(note)
    err.print("next: fact-harness validate --strict && fact-harness score oracle "
              "(then your extractor: fact-harness score mypkg.extract:extract)")


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


@contextlib.contextmanager
def _progress(total: int, *phases: str, quiet: bool = False) -> Iterator[dict[str, Callable[[int], None] | None]]:
    """A progress callback per phase on stderr (``{"scoring": advance, …}``; see :mod:`harness.progress`)."""
    with progress_on(err, total, *phases, quiet=quiet) as bars:
        yield bars


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


@app.command()
def report(
    results: Annotated[
        list[Path],
        typer.Argument(metavar="RESULT.json [NEW.json]", dir_okay=False,
                       help="A JSON result (score --format json); given OLD.json NEW.json, what changed is marked."),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", dir_okay=False, help="Write the HTML here (atomically).")
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
    corpus = _load(gold, seeds, lazy=True)
    check_outputs([("--output", output)], [*results, *_corpus_files(corpus)], (corpus.gold_dir, corpus.seeds_dir))
    try:
        loaded = [load_result(p) for p in results]
    except GateConfigError as exc:
        fail(str(exc))
    if len(loaded) == 2:
        _comparable(loaded, results, "report", allow_mismatch)
    previous, result = (None, loaded[0]) if len(loaded) == 1 else (loaded[0], loaded[1])
    emit(html_report.render(result, corpus, previous, max_articles=max_articles), output)


@app.command()
def bless(
    result_file: Annotated[Path, typer.Argument(metavar="RESULT.json", help="A JSON result (score --format json).",
                                                dir_okay=False)],
    to: Annotated[
        Path | None,
        typer.Option("--to", metavar="FILE", help="Where to keep the baseline. Default: 'baseline' in [tool.fact-harness], else "
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
    check_outputs([("--to", target)], [result_file])
    write_atomic(target, result.to_json())
    c = result.overall
    err.print(f"blessed {display_path(result_file)} as the baseline in {display_path(target)} "
              f"(extractor {result.extractor}: precision {fmt(c.precision)}, recall {fmt(c.recall)}, f1 {fmt(c.f1)})")


@app.command()
def compare(
    results: Annotated[list[Path], typer.Argument(metavar="RESULT.json...", help="Two or more JSON results.")],
    format: Annotated[str, typer.Option("--format", "-f", help="Output format.",
                                        metavar="[table|markdown|json]")] = "table",
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Seed of the bootstrap and of the shuffles.")] = 0,
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
        label = f"{chr(65 + i) if i < 26 else i}: {escape(r.extractor)}"
        tbl.add_column(f"{label}\nP / R / F1" + ("" if i == 0 else "  (Δ F1)"), justify="right")
    for row in rows:
        cells = []
        for i, run in enumerate(row["runs"]):
            text = f"{fmt(run['precision'])} / {fmt(run['recall'])} / {fmt(run['f1'])}"
            if i:
                d = run["f1_delta"]
                text += "  (–)" if d is None else f"  ({d:+.3f})"
            cells.append(text)
        tbl.add_row(escape(str(row["scope"])), *cells)
    console = Console(highlight=False, emoji=False, width=max(100, 40 * len(loaded)))
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
        out(f"{title} ({len(items)})")
        for x in items:
            what = x.gold_id if title.endswith(("missed", "found")) else json.dumps(x.prediction, ensure_ascii=False)
            out(f"  {x.article}  {x.type:<7} {what}  — {x.reason}")


@app.command()
def annotate(
    extractor: Annotated[str, typer.Argument(help="Extractor SPEC (as for score) whose output becomes the draft.")],
    seed: Annotated[Path, typer.Argument(metavar="SEED.txt", help="The new article (inside the seeds directory).",
                                         dir_okay=False)],
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-O", metavar="KEY=VALUE", help="KEY=VALUE passed to the extractor's factory (repeatable).",
                     show_default=False),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", metavar="S", help="Seconds the extractor may take.", min=0.001)] = 60.0,
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
    split: Annotated[str, typer.Option("--split", help="Which pairs.",
                                       metavar="[all|dev|test]")] = "all",
    format: Annotated[str, typer.Option("--format", "-f", help="Output format.",
                                        metavar="[table|json]")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.",
                                                dir_okay=False)] = None,
    tolerance: Annotated[float | None, typer.Option("--tolerance", metavar="X", help="As for score.", show_default=False)] = None,
    name_similarity: Annotated[
        float | None, typer.Option("--name-similarity", metavar="X", help="As for score.", show_default=False)] = None,
    claim_similarity: Annotated[
        float | None, typer.Option("--claim-similarity", metavar="X", help="As for score.", show_default=False)] = None,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
    judge: Annotated[
        list[str] | None,
        typer.Option("--judge", metavar="[lexical|llm|embedding]",
                     help="Measure this judge (lexical, llm, embedding) on the claim pairs; repeatable.",
                     show_default=False, rich_help_panel="Judges")] = None,
    judge_url: JudgeUrlOpt = None,
    judge_model: JudgeModelOpt = None,
    judge_key_env: JudgeKeyEnvOpt = None,
    judge_cache: JudgeCacheOpt = None,
    judge_threshold: JudgeThresholdOpt = None,
    judge_timeout: JudgeTimeoutOpt = None,
) -> None:
    """Measure the matchers (or judges) against people: agreement with judged (gold fact, prediction) pairs.

    Each pair is scored alone; prints agreement per type and overall, the confusion matrix (reader ×
    harness), Cohen's kappa and every disagreement with the matcher's reason. With --judge, each
    judge named is measured in turn (it decides the claim pairs) and its agreement is recorded in the
    judge cache, where score reports find it.
    """
    from harness.calibrate import JudgementsError, calibrate_judge, default_files
    from harness.report.calibration import render as render_calibration
    from harness.report.calibration import render_judges

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
    measured = []
    try:
        for name in judge or ["lexical"]:
            cfg = config.override(**judge_settings(name, judge_url, judge_model, judge_key_env, judge_cache,
                                                   judge_threshold, judge_timeout))
            measured.append(calibrate_judge(paths, corpus, cfg.score_options.judge, cfg.judge_spec.cache_dir,
                                            options=cfg.score_options.match, split=split))
    except GateConfigError as exc:
        fail(str(exc))
    except JudgementsError as exc:
        for line in exc.problems[:50]:
            typer.echo(line, err=True)
        fail(f"the judged pairs are invalid ({len(exc.problems)} problem(s))")
    except GoldError as exc:
        _gold_failed(exc)
    except ValueError as exc:
        fail(str(exc))
    if not judge:
        result = measured[0].calibration
        if format == "json":
            emit(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n", output)
        else:
            emit(render_calibration(result), output)
    elif format == "json":
        emit(json.dumps({"judges": [m.to_dict() for m in measured]}, indent=2, ensure_ascii=False) + "\n", output)
    else:
        emit(render_judges(measured), output)


@app.command()
def agree(
    gold_a: Annotated[Path, typer.Argument(metavar="GOLD_A", file_okay=False, help="One annotation (a gold directory).")],
    gold_b: Annotated[Path, typer.Argument(metavar="GOLD_B", file_okay=False,
                                           help="Another annotation of the same seeds.")],
    seeds: SeedsOpt = None,
    mode: Annotated[str, typer.Option("--mode", metavar="[strict|lenient]", help="strict or lenient, as for score.")] = "strict",
    format: Annotated[str, typer.Option("--format", "-f", metavar="[table|json|markdown]", help="table, json or markdown.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.",
                                                dir_okay=False)] = None,
) -> None:
    """How well two annotations of the same articles agree: the human ceiling, measured by the scorer itself.

    B's facts are scored as predictions against A (and A against B: the agreement F1 is the mean of
    both); optional facts on either side count neither way. Prints agreement per type, per article
    and overall, then every disagreement with the matcher's reason.
    """
    from harness.agree import agree as measure
    from harness.report import agreement as render

    if format not in ("table", "json", "markdown"):
        fail(f"unknown format {format!r}: use table, json or markdown")
    if mode not in ("strict", "lenient"):
        fail(f"unknown mode {mode!r}: use strict or lenient")
    a, b = _load(gold_a, seeds), _load(gold_b, seeds)
    try:
        result = measure(a, b, mode=mode)
    except GoldError as exc:
        _gold_failed(exc)
    text = {"table": render.render_table, "json": render.render_json, "markdown": render.render_markdown}[format]
    emit(text(result), output)


@app.command()
def review(
    run: Annotated[Path | None, typer.Argument(metavar="[RUN.json]", dir_okay=False, show_default=False,
                                               help="A JSON result (score --format json) to review.")] = None,
    apply_file: Annotated[Path | None, typer.Option("--apply", metavar="FILE", dir_okay=False, show_default=False,
                                                    help="Merge the verdicts marked in this review file into the gold, "
                                                    "then re-score its run.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
                                                help="Write the review file here (default: stdout); with --apply, the "
                                                "re-scored JSON result.")] = None,
    margin: Annotated[float, typer.Option("--margin", metavar="X", min=0.0, max=1.0,
                                          help="List a tp whose similarity lies this close to its threshold.")] = 0.1,
    by: Annotated[str | None, typer.Option("--by", metavar="NAME", help="Who reviews (written at the top of the review file).",
                                           show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="With --apply: replace a recorded verdict that a marked "
                                          "item contradicts (refused by default; each is listed).")] = False,
    gold: GoldOpt = None,
    seeds: SeedsOpt = None,
) -> None:
    """Review a run's disputable decisions, and record the verdicts in the gold.

    RUN.json → a YAML review file of every partial, fp and fn and every tp near its threshold, with the
    article passage, gold fact, prediction and reason. --apply FILE merges the verdicts marked in it
    into GOLD/verdicts/<article>.yaml (never replacing a recorded verdict silently) and re-scores the run.
    """
    from harness import review as rv
    from harness.result_io import read_result

    if (run is None) == (apply_file is None):
        fail("give RUN.json to write a review file, or --apply FILE to merge one")
    corpus = _load(gold, seeds)
    if run is not None:
        check_outputs([("--output", output)], [run, *_corpus_files(corpus)], (corpus.gold_dir, corpus.seeds_dir))
        try:
            result = read_result(run)
        except (OSError, ValueError) as exc:
            fail(f"cannot read {run}: {exc}")
        items = rv.disputable(result, corpus, margin)
        name = display_path(output) if output is not None and str(output) != "-" else "REVIEW.yaml"
        emit(rv.write_review(items, run, by, name), output)
        err.print(f"{len(items)} disputable decision(s) to review")
        return
    assert apply_file is not None
    check_outputs([("--output", output)], [apply_file, *_corpus_files(corpus)], (corpus.gold_dir, corpus.seeds_dir))
    marked, problems = rv.read_review(apply_file, corpus)
    for p in problems:
        out(str(p))
    if problems:
        fail(f"the review file has {len(problems)} problem(s); nothing was merged")
    done = rv.apply(marked, corpus, replace=replace)
    for line in done.conflicts:
        out(line)
    if done.conflicts:
        fail(f"{len(done.conflicts)} marked verdict(s) contradict recorded ones; nothing was merged "
             "(--replace replaces them)")
    for line in done.replaced:
        err.print(line)
    err.print(f"merged {done.added} verdict(s) ({len(done.replaced)} replaced, {done.unchanged} already recorded) "
              f"into {', '.join(display_path(f) for f in done.files) or 'no file'}")
    source = Path(marked.run) if marked.run else None
    if source is None or not source.is_file():
        err.print("the review file names no run that exists: nothing re-scored")
        return
    try:
        before = read_result(source)
        config = load_config(find_pyproject()).override(
            mode=before.mode, tolerance=before.options.get("tolerance"),
            name_similarity=before.options.get("name_similarity"),
            claim_similarity=before.options.get("claim_similarity"),
            count_duplicates=before.options.get("count_duplicates") or None)
        after = api_run(predictions=rv.predictions_of(before), corpus=_load(gold, seeds),
                        articles=sorted(before.by_article), config=config).result
    except (OSError, ValueError, GateConfigError) as exc:
        fail(f"cannot re-score {source}: {exc}")
    after = dataclasses.replace(after, extractor=before.extractor)
    err.print(f"re-scored {display_path(source)} with the verdicts: {rv.changed(before.details, after.details)} "
              f"detail(s) changed; F1 {fmt(before.overall.f1)} → {fmt(after.overall.f1)}, precision "
              f"{fmt(before.overall.precision)} → {fmt(after.overall.precision)}, recall {fmt(before.overall.recall)} → "
              f"{fmt(after.overall.recall)}")
    if output is not None:
        emit(after.write_json, output)


def _load(gold: Path | None, seeds: Path | None, *, lazy: bool = False) -> Corpus:
    try:
        return load_corpus(gold, seeds, lazy=lazy)
    except GoldError as exc:
        _gold_failed(exc)


def _gold_failed(exc: GoldError) -> NoReturn:
    for p in exc.problems:
        typer.echo(str(p), err=True)
    fail(f"the gold is invalid ({len(exc.problems)} problem(s)); run: fact-harness validate")


class Terminated(BaseException):
    """A termination signal arrived: unwinds the run so that workers are killed and temporary files removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_MAIN_PID = os.getpid()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _MAIN_PID:  # a forked worker inherited this handler: it just ends
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    signal.signal(signum, signal.SIG_IGN)  # the clean-up is bounded: let it finish
    raise Terminated(signum)


def _cache_app() -> None:
    from harness.cache_cli import app as cache_app

    app.add_typer(cache_app, name="cache")


_cache_app()


def main() -> None:
    """Entry point of the console script; user mistakes end as one line and exit 2, never a traceback.

    SIGTERM and SIGHUP unwind the run like Ctrl-C: extractor processes are killed, no temporary file
    is left, and the exit code is 128 + the signal's number (143 for SIGTERM; 130 for Ctrl-C).
    """
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal
            signal.signal(sig, _on_signal)
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        app()
    except (UserError, ProjectError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True)
        sys.exit(int(ExitCode.BAD_INPUT))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))
    except Terminated as exc:
        with contextlib.suppress(OSError):
            err.print(f"terminated by {signal.Signals(exc.signum).name}")
        sys.exit(128 + exc.signum)
