"""The terminal table: per-type and overall P/R/F1 with intervals, gate checks, then what went wrong."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table

from harness.metrics import Counts
from harness.result import Result

DASH = "–"
"""Shown for an undefined ratio (0/0)."""


def fmt(value: float | None, digits: int = 3) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def fmt_interval(interval: list[float] | None) -> str:
    return DASH if not interval else f"{interval[0]:.2f}–{interval[1]:.2f}"


def _row(name: str, c: Counts, ci: dict[str, list[float] | None] | None) -> list[str]:
    ci = ci or {}
    return [name, str(c.tp), str(c.fp), str(c.fn), fmt(c.precision), fmt(c.recall), fmt(c.f1),
            fmt_interval(ci.get("recall")), fmt_interval(ci.get("f1"))]


def render(result: Result, *, width: int = 110, color: bool = False, max_rows: int = 40) -> str:
    """The report as text; ``max_rows`` bounds each list of problems (the count of the rest is shown)."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system="auto" if color else None, force_terminal=color,
                      highlight=False)
    n_articles = len(result.by_article)
    console.print(f"[bold]fact-harness[/] · extractor [bold]{result.extractor}[/] · mode {result.mode} · "
                  f"{n_articles} article(s)")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for col in ("type", "tp", "fp", "fn", "precision", "recall", "f1", "recall 95% CI", "f1 95% CI"):
        table.add_column(col, justify="left" if col == "type" else "right")
    cis = result.confidence_intervals
    for t, c in result.by_type.items():
        table.add_row(*_row(t, c, cis.get("by_type", {}).get(t)))
    table.add_section()
    table.add_row(*_row("overall (micro)", result.overall, cis.get("overall")), style="bold")
    ma, mt = result.macro.get("over_articles", {}), result.macro.get("over_types", {})
    table.add_row("macro over articles", "", "", "", fmt(ma.get("precision")), fmt(ma.get("recall")), fmt(ma.get("f1")), "", "")
    table.add_row("macro over types", "", "", "", fmt(mt.get("precision")), fmt(mt.get("recall")), fmt(mt.get("f1")), "", "")
    console.print(table)
    if any(v is not None for v in result.average_precision.values()):
        aps = ", ".join(f"{t} {fmt(v)}" for t, v in result.average_precision.items())
        console.print(f"average precision (by confidence): {aps}")
    if result.ungrounded:
        counts = ", ".join(f"{t} {n}" for t, n in result.ungrounded.items())
        console.print(f"ungrounded predictions (evidence not found in the article): {counts}", markup=False)
    if result.from_cache is not None:
        console.print(f"extraction cache: {result.from_cache} of {len(result.by_article)} article(s) came from it",
                      markup=False)
    if result.checks:
        gates = Table(box=box.SIMPLE_HEAD, show_edge=False, title="gates", title_justify="left")
        for col in ("check", "threshold", "actual", "status"):
            gates.add_column(col, justify="left" if col in ("check", "status") else "right")
        for ch in result.checks:
            mark = {"pass": "PASS", "fail": "[bold red]FAIL[/]", "not applicable": "n/a"}[ch.status]
            gates.add_row(ch.name, fmt(ch.threshold), fmt(ch.actual), mark)
        console.print(gates)
        for ch in result.checks:
            if ch.statistical:
                console.print(f"  {ch.name}: {ch.evidence()}", markup=False)
    for title, rows, show_gold in (("missed (fn)", result.misses(), True),
                                   ("false positives", result.false_positives(), False)):
        if not rows:
            continue
        console.print(f"\n[bold]{title}[/] ({len(rows)})")
        for d in rows[:max_rows]:
            what = d.gold_id if show_gold else _short(d.prediction)
            console.print(f"  {d.article}  {d.type:<7} {d.outcome:<8} {what}  — {d.reason}")
        if len(rows) > max_rows:
            console.print(f"  … and {len(rows) - max_rows} more (all are in --format json)")
    if result.errors:
        console.print(f"\n[bold red]extractor errors[/] ({len(result.errors)} article(s); their gold counts as missed)")
        for e in result.errors:
            console.print(f"  {e.article}: {e.message}")
    return buf.getvalue()


def _short(pred: dict[str, object] | None) -> str:
    if not pred:
        return ""
    keys = ("name", "value", "unit", "speaker", "text")
    text = " ".join(str(pred[k]) for k in keys if k in pred)
    return text if len(text) <= 70 else text[:67] + "..."
