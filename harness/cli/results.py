"""Commands on saved results: report (HTML), bless, compare, diff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from harness.cli.common import (
    AllowMismatchOpt,
    GoldOpt,
    SeedsOpt,
    _comparable,
    _corpus_files,
    _load,
    app,
    check_outputs,
    emit,
    err,
    fail,
    out,
    write_atomic,
)
from harness.compare import diff as fact_diff
from harness.compare import markdown as compare_markdown
from harness.compare import mcnemar_rows, side_by_side, significance, significance_note, significance_rows
from harness.config import find_pyproject, load_config
from harness.gates import GateConfigError, load_result
from harness.problems import display_path
from harness.report import html as html_report
from harness.report.table import fmt


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
