"""The terminal table: per-type and overall P/R/F1 with intervals, gate checks, then what went wrong."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from harness.judges.report import judge_line
from harness.metrics import Counts
from harness.result import Result

DASH = "–"
"""Shown for an undefined ratio (0/0)."""


def fmt(value: float | None, digits: int = 3) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def fmt_interval(interval: list[float] | None) -> str:
    return DASH if not interval else f"{interval[0]:.2f}–{interval[1]:.2f}"


def _row(name: str, c: Counts, ci: dict[str, list[float] | None] | None,
         human: list[str] | None = None) -> list[str]:
    ci = ci or {}
    return [escape(name), str(c.tp), str(c.fp), str(c.fn), fmt(c.precision), fmt(c.recall), fmt(c.f1),
            fmt_interval(ci.get("recall")), fmt_interval(ci.get("f1")), *(human or [])]


def render(result: Result, *, width: int = 110, color: bool = False, max_rows: int = 40) -> str:
    """The report as text; ``max_rows`` bounds each list of problems (the count of the rest is shown)."""
    buf = io.StringIO()
    width = max(width, 114) if result.human_agreement else width
    console = Console(file=buf, width=width, color_system="auto" if color else None, force_terminal=color,
                      highlight=False, emoji=False)
    n_articles = len(result.by_article)
    console.print(Text.assemble("fact-harness · extractor ", (result.extractor, "bold"),
                                f" · mode {result.mode} · {n_articles} article(s)"))
    if result.options.get("types"):
        console.print(f"only these fact types were scored (--types): {', '.join(result.types)}", markup=False)
    most_failed = bool(result.errors) and len(result.errors) * 2 > n_articles
    if most_failed:  # the cause first: a table of zeros says nothing
        _errors(console, result)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    ceiling = result.human_agreement
    columns = ("type", "tp", "fp", "fn", "precision", "recall", "f1", "recall 95% CI", "f1 95% CI")
    for col in (*columns, *(["human F1"] if ceiling else [])):
        table.add_column(col, justify="left" if col == "type" else "right")

    def human(scope: str) -> list[str] | None:
        return [fmt(ceiling.get(scope))] if ceiling else None

    cis = result.confidence_intervals
    for t, c in result.by_type.items():
        if t in result.types:
            table.add_row(*_row(t, c, cis.get("by_type", {}).get(t), human(t)))
    table.add_section()
    table.add_row(*_row("overall (micro)", result.overall, cis.get("overall"), human("overall")), style="bold")
    ma, mt = result.macro.get("over_articles", {}), result.macro.get("over_types", {})
    pad = [""] if ceiling else []
    table.add_row("macro over articles", "", "", "", fmt(ma.get("precision")), fmt(ma.get("recall")), fmt(ma.get("f1")), "", "", *pad)
    table.add_row("macro over types", "", "", "", fmt(mt.get("precision")), fmt(mt.get("recall")), fmt(mt.get("f1")), "", "", *pad)
    console.print(table)
    if ceiling:
        console.print("human F1: how well two independent annotators of this gold agreed (fact-harness agree) — "
                      "the ceiling an extractor can be expected to reach", markup=False)
    if any(v is not None for v in result.average_precision.values()):
        aps = ", ".join(f"{t} {fmt(v)}" for t, v in result.average_precision.items())
        console.print(f"average precision (by confidence): {aps}", markup=False)
    if result.ungrounded:
        counts = ", ".join(f"{t} {n}" for t, n in result.ungrounded.items())
        console.print(f"ungrounded predictions (evidence not found in the article): {counts}", markup=False)
    judged = judge_line(result.judge)
    if judged:
        console.print(judged, markup=False)
    if result.from_cache is not None:
        console.print(f"extraction cache: {result.from_cache} of {len(result.by_article)} article(s) came from it",
                      markup=False)
    if result.checks:
        gates = Table(box=box.SIMPLE_HEAD, show_edge=False, title="gates", title_justify="left")
        for col in ("check", "threshold", "actual", "status"):
            gates.add_column(col, justify="left" if col in ("check", "status") else "right")
        for ch in result.checks:
            mark = {"pass": "PASS", "fail": "[bold red]FAIL[/]", "not applicable": "n/a"}[ch.status]
            gates.add_row(escape(ch.name), fmt(ch.threshold), fmt(ch.actual), mark)
        console.print(gates)
        for ch in result.checks:
            if ch.statistical:
                console.print(f"  {ch.name}: {ch.evidence()}", markup=False)
    if result.article_regressions:
        console.print(f"\n[bold]articles whose F1 fell[/] against the baseline ({len(result.article_regressions)})")
        for article, why in sorted(result.article_regressions.items()):
            console.print(f"  {article}: {why}", markup=False)
    if result.missing_articles:
        console.print(f"\n[bold yellow]articles without predictions[/] ({len(result.missing_articles)}; their gold "
                      "counts as missed)")
        for article in result.missing_articles[:max_rows]:
            console.print(f"  {article}", markup=False)
        if len(result.missing_articles) > max_rows:
            console.print(f"  … and {len(result.missing_articles) - max_rows} more (all are in --format json)")
    if most_failed:
        max_rows = min(max_rows, 5)
    for title, rows, show_gold in (("missed (fn)", result.misses(), True),
                                   ("false positives", result.false_positives(), False)):
        if not rows:
            continue
        console.print(f"\n[bold]{title}[/] ({len(rows)})")
        for d in rows[:max_rows]:
            what = d.gold_id if show_gold else short(d.prediction)
            console.print(f"  {d.article}  {d.type:<7} {d.outcome:<8} {what}  — {d.reason}", markup=False)
        if len(rows) > max_rows:
            console.print(f"  … and {len(rows) - max_rows} more (all are in --format json)")
    if result.errors and not most_failed:
        _errors(console, result)
    return buf.getvalue()


def _errors(console: Console, result: Result) -> None:
    console.print(f"\n[bold red]extractor errors[/] ({len(result.errors)} of {len(result.by_article)} article(s); "
                  "their gold counts as missed)")
    for e in result.errors:
        console.print(f"  {e.article}: {e.message}", markup=False)


def short(pred: dict[str, object] | None) -> str:
    if not pred:
        return ""
    keys = ("name", "value", "unit", "speaker", "text")
    text = " ".join(str(pred[k]) for k in keys if k in pred)
    return text if len(text) <= 70 else text[:67] + "..."
