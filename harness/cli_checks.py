"""Command-line checks outside the gold: a predictions file on its own, and what a run accepted with caveats."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from harness.corpus import resolve_dirs
from harness.exit_codes import ExitCode
from harness.pred_check import WARNING
from harness.predictions import MAX_ERRORS, PredictionIndex, PredictionsError
from harness.problems import display_path
from harness.result import Result


def known_articles(gold_dir: Path) -> list[str]:
    """The article ids of a gold directory (file stems), without validating the files."""
    if not gold_dir.is_dir():
        return []
    return sorted(p.stem for p in gold_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def validate_predictions(path: Path, gold_dir: Path | None, seeds_dir: Path | None = None, *, strict: bool = False,
                         err: Console) -> int:
    """``validate --predictions FILE``: every problem of every line, one per line; returns the exit code.

    Article ids are checked against the gold directory's files; unknown fields are warnings
    (errors with ``strict``); articles of the gold without a line are named.
    """
    gold_dir = gold_dir or resolve_dirs(None, None)[0]
    known = known_articles(gold_dir)
    try:
        index = PredictionIndex(path, known, strict=strict)
    except PredictionsError as exc:
        for line in exc.problems:
            print(line)
        return int(ExitCode.BAD_INPUT)
    problems = list(index.problems)
    warnings: list[str] = []
    for article in index.articles():
        _, found = index.read(article)
        for p in found:
            (warnings if p.startswith(WARNING) else problems).append(p)
    for line in problems[:MAX_ERRORS]:
        print(line)
    if len(problems) > MAX_ERRORS:
        print(f"{display_path(path)}: … and {len(problems) - MAX_ERRORS} more problem(s)")
    for line in warnings:
        err.print(line)
    missing = [a for a in known if a not in index]
    if missing:
        err.print(f"warning: no predictions for {len(missing)} of {len(known)} article(s) of "
                  f"{display_path(gold_dir)}: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}")
    if problems:
        err.print(f"{len(problems)} problem(s) in {display_path(path)}")
        return int(ExitCode.BAD_INPUT)
    err.print(f"ok: {display_path(path)} valid: {len(index.articles())} article(s)"
              + (f", {len(warnings)} warning(s)" if warnings else ""))
    return int(ExitCode.OK)


def say_caveats(result: Result, err: Console) -> None:
    """Warn on stderr about articles without predictions, dropped fields and a restricted set of types."""
    for line in result.warnings[:20]:
        err.print(f"warning: {line}")
    if len(result.warnings) > 20:
        err.print(f"warning: … and {len(result.warnings) - 20} more (all under 'warnings' in --format json)")
    if result.missing_articles:
        n, total = len(result.missing_articles), len(result.by_article)
        shown = ", ".join(result.missing_articles[:10]) + (" …" if n > 10 else "")
        err.print(f"warning: no predictions for {n} of {total} article(s) — their gold counts as missed: {shown} "
                  "(--require-all makes this an error)")
    if result.options.get("types"):
        err.print(f"note: only these fact types were scored: {', '.join(result.types)}")
