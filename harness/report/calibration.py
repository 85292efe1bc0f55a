"""The terminal report of ``fact-harness calibrate``: agreement per type, the confusion matrix, κ,
and every disagreement with the matcher's reason and the reader's."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from harness.calibrate import VERDICTS, Calibration
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
