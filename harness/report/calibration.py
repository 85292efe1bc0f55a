"""The terminal report of ``fact-harness calibrate``: agreement per type, the confusion matrix, κ,
and every disagreement with the matcher's reason and the reader's."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from harness.calibrate import VERDICTS, Calibration, JudgeCalibration
from harness.report.table import fmt


def render(cal: Calibration, *, width: int = 120, max_rows: int = 200) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False)
    overall = cal.overall
    console.print(f"fact-harness calibrate · split {cal.split} · {overall['pairs']} judged pair(s)", markup=False)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for col in ("type", "pairs", "agreement", "kappa"):
        table.add_column(col, justify="left" if col == "type" else "right")
    for t, block in cal.by_type.items():
        table.add_row(t, str(block["pairs"]), fmt(block["agreement"]), fmt(block["kappa"]))
    table.add_section()
    table.add_row("overall", str(overall["pairs"]), fmt(overall["agreement"]), fmt(overall["kappa"]), style="bold")
    console.print(table)
    matrix = Table(box=box.SIMPLE_HEAD, show_edge=False, title="reader (rows) × harness (columns)",
                   title_justify="left")
    matrix.add_column("reader")
    for v in VERDICTS:
        matrix.add_column(v, justify="right")
    for r in VERDICTS:
        matrix.add_row(r, *(str(overall["confusion"][r][h]) for h in VERDICTS))
    console.print(matrix)
    wrong = cal.disagreements
    if wrong:
        console.print(f"\ndisagreements ({len(wrong)})", markup=False)
        for d in wrong[:max_rows]:
            p = d.pair
            console.print(escape(f"  {p.id}  {p.article}  {p.type:<7} {p.gold_id}  reader {p.verdict}, harness "
                                 f"{d.harness} — {d.reason} | reader: {p.why}"))
        if len(wrong) > max_rows:
            console.print(f"  … and {len(wrong) - max_rows} more (all are in --format json)", markup=False)
    return buf.getvalue()


def render_judges(measured: Sequence[JudgeCalibration], *, width: int = 120) -> str:
    """Each judge's calibration, then one table comparing their agreement on the claim pairs."""
    parts = []
    for m in measured:
        ident = m.identity
        head = f"judge {ident['name']}" + (f" (model {ident['model']}, prompt {ident['prompt_version']})"
                                           if ident["name"] != "lexical" else " (the matchers)")
        fallbacks = m.stats.get("fallbacks", 0)
        reasons = ", ".join(f"{k.removeprefix('fallback: ')} {v}" for k, v in sorted(m.stats.items())
                            if k.startswith("fallback: "))
        note = f" · {fallbacks} fallback(s) to the lexical matcher ({reasons}), not recorded" if fallbacks else ""
        parts.append(f"== {head}{note}\n" + render(m.calibration, width=width, max_rows=20))
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="claim pairs, by judge", title_justify="left")
    for col in ("judge", "pairs", "agreement", "kappa", "test agreement", "fallbacks"):
        table.add_column(col, justify="left" if col == "judge" else "right")
    for m in measured:
        r = m.recorded
        table.add_row(escape(str(m.identity["name"])), str(r["pairs"]), fmt(r["agreement"]), fmt(r["kappa"]),
                      fmt(r["test_agreement"]), str(r["fallbacks"]))
    console.print(table)
    return "\n".join(parts) + "\n" + buf.getvalue()
