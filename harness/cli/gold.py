"""Commands for gold authors: validate, schema, export, new, init, annotate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harness.authoring import draft_gold, schema_text, seed_article, skeleton, write_export
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
)
from harness.corpus import Corpus, GoldError, resolve_dirs
from harness.exit_codes import ExitCode
from harness.extractors.loading import (
    ExtractorSpecError,
    load_extractor,
    parse_options,
)
from harness.extractors.runner import ExtractorStartError, run_python
from harness.model import fact_to_dict
from harness.problems import display_path
from harness.project import ProjectError, authoring_dirs, check_writable, init_project
from harness.review_markers import review_markers
from harness.validate import gold_files, validate_paths
from harness.workers import default_jobs


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
    seed: Annotated[Path, typer.Argument(metavar="SEED.txt", help="The article's text file (normally inside the seeds directory).")],
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
    directory: Annotated[Path, typer.Argument(metavar="[DIR]", help="The project directory. Default: the working directory.",
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



@app.command()
def annotate(
    extractor: Annotated[str, typer.Argument(metavar="EXTRACTOR", help="Extractor SPEC (as for score) whose output becomes the draft.")],
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
