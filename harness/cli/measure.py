"""Measurements against people and reviews: calibrate, agree, review."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer

from harness.api import run as api_run
from harness.cli.common import (
    GoldOpt,
    SeedsOpt,
    _corpus_files,
    _gold_failed,
    _load,
    app,
    check_outputs,
    emit,
    err,
    fail,
    out,
)
from harness.config import find_pyproject, load_config
from harness.corpus import GoldError
from harness.gates import GateConfigError
from harness.judges.cli_options import (
    JudgeCacheOpt,
    JudgeKeyEnvOpt,
    JudgeModelOpt,
    JudgeThresholdOpt,
    JudgeTimeoutOpt,
    JudgeUrlOpt,
    judge_settings,
)
from harness.problems import display_path
from harness.report.table import fmt


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
