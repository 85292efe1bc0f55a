"""Rendering ``fact-harness agree``: the agreement of two annotations per type, per article and
overall, then every disagreement with the matcher's reason — as a table, markdown or JSON."""

from __future__ import annotations

import io
import json

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from harness.agree import Agreement
from harness.report.table import fmt, short
from harness.types import FACT_TYPES

COLUMNS = ("scope", "tp", "fp", "fn", "precision", "recall", "agreement F1")


def _rows(ag: Agreement) -> list[tuple[str, dict[str, object]]]:
    return [*((t, ag.block(t)) for t in FACT_TYPES), ("overall", ag.block("overall"))]


def _what(d: object) -> str:
    from harness.details import Detail

    assert isinstance(d, Detail)
    return d.gold_id or "" if d.outcome in ("fn", "partial") else short(d.prediction)


def render_table(ag: Agreement, *, width: int = 120, max_rows: int = 100) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False)
    console.print(escape(f"fact-harness agree · A {ag.a} · B {ag.b} · mode {ag.mode} · "
                         f"{len(ag.forward.by_article)} article(s)"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for col in COLUMNS:
        table.add_column(col, justify="left" if col == "scope" else "right")
    for scope, b in _rows(ag):
        table.add_row(scope, str(b["tp"]), str(b["fp"]), str(b["fn"]), fmt(b["precision"]),  # type: ignore[arg-type]
                      fmt(b["recall"]), fmt(b["f1"]), style="bold" if scope == "overall" else None)  # type: ignore[arg-type]
    console.print(table)
    per = Table(box=box.SIMPLE_HEAD, show_edge=False, title="by article", title_justify="left")
    for col in ("article", "precision", "recall", "agreement F1"):
        per.add_column(col, justify="left" if col == "article" else "right")
    for aid, b in ag.to_dict()["by_article"].items():
        per.add_row(aid, fmt(b["precision"]), fmt(b["recall"]), fmt(b["f1"]))
    console.print(per)
    if ag.only_in:
        for side, ids in ag.only_in.items():
            console.print(escape(f"only in {side.upper()}: {', '.join(ids)}"))
    wrong = ag.disagreements
    if wrong:
        console.print(f"\ndisagreements ({len(wrong)}): fn = A's fact B lacks, fp = B's fact A lacks", markup=False)
        for d in wrong[:max_rows]:
            console.print(escape(f"  {d.article}  {d.type:<7} {d.outcome:<8} {_what(d)}  — {d.reason}"))
        if len(wrong) > max_rows:
            console.print(f"  … and {len(wrong) - max_rows} more (all are in --format json)", markup=False)
    return buf.getvalue()


def render_markdown(ag: Agreement) -> str:
    lines = [f"### fact-harness agree: `{ag.b}` against `{ag.a}`", "",
             f"{len(ag.forward.by_article)} article(s) · mode {ag.mode}", "",
             "| scope | tp | fp | fn | precision | recall | agreement F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for scope, b in _rows(ag):
        lines.append(f"| {scope} | {b['tp']} | {b['fp']} | {b['fn']} | {fmt(b['precision'])} | "  # type: ignore[arg-type]
                     f"{fmt(b['recall'])} | {fmt(b['f1'])} |")  # type: ignore[arg-type]
    return "\n".join(lines) + "\n"


def render_json(ag: Agreement) -> str:
    return json.dumps(ag.to_dict(), indent=2, ensure_ascii=False) + "\n"
