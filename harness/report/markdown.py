"""Markdown for pull-request comments and CI job summaries: scores, gate checks, extractor errors, top misses."""

from __future__ import annotations

from harness.outcomes import GOLD_OUTCOMES
from harness.report.table import fmt, fmt_interval
from harness.result import Result

STATUS = {"pass": "✅ pass", "fail": "❌ **fail**", "not applicable": "➖ n/a"}


def render(result: Result, *, max_rows: int = 20) -> str:
    cis = result.confidence_intervals
    verdict = "✅ all gates passed" if result.gates_passed else "❌ **a gate failed**"
    if not result.checks:
        verdict = "no gates set"
    lines = [
        f"### fact-harness: `{result.extractor}`",
        "",
        f"{len(result.by_article)} article(s) · mode {result.mode} · {verdict}"
        + (f" · ⚠️ {len(result.errors)} article(s) failed in the extractor" if result.errors else ""),
        "",
        "| type | tp | fp | fn | precision | recall | f1 | f1 95% CI |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t, c in result.by_type.items():
        iv = cis.get("by_type", {}).get(t, {}).get("f1")
        lines.append(f"| {t} | {c.tp} | {c.fp} | {c.fn} | {fmt(c.precision)} | {fmt(c.recall)} | {fmt(c.f1)} | "
                     f"{fmt_interval(iv)} |")
    c = result.overall
    lines.append(f"| **overall** | **{c.tp}** | **{c.fp}** | **{c.fn}** | **{fmt(c.precision)}** | "
                 f"**{fmt(c.recall)}** | **{fmt(c.f1)}** | {fmt_interval(cis.get('overall', {}).get('f1'))} |")
    if result.ungrounded:
        counts = ", ".join(f"{t} {n}" for t, n in result.ungrounded.items())
        lines += ["", f"Ungrounded predictions (evidence not found in the article): {counts}"]
    if result.from_cache is not None:
        lines += ["", f"Extraction cache: {result.from_cache} of {len(result.by_article)} article(s) came from it"]
    if result.checks:
        lines += ["", "| check | threshold | actual | status |", "|---|---:|---:|---|"]
        for ch in result.checks:
            extra = f" (baseline {fmt(ch.baseline)})" if ch.kind == "regression" else ""
            lines.append(f"| {ch.name} | {fmt(ch.threshold)}{extra} | {fmt(ch.actual)} | {STATUS[ch.status]} |")
        evidence = [f"- `{ch.name}`: {ch.evidence()}" for ch in result.checks if ch.statistical]
        if evidence:
            lines += ["", *evidence]
    if result.errors:
        lines += ["", "**Extractor errors** (their gold counts as missed):", ""]
        lines += [f"- `{e.article}`: {e.message}" for e in result.errors]
    failures = result.failures()
    if failures:
        lines += ["", f"<details><summary>{len(failures)} misses and false positives</summary>", "",
                  "| article | type | outcome | gold / prediction | reason |", "|---|---|---|---|---|"]
        for d in failures[:max_rows]:
            what = d.gold_id if d.outcome in GOLD_OUTCOMES else _pred(d.prediction)
            lines.append(f"| {d.article} | {d.type} | {d.outcome} | {_cell(what)} | {_cell(d.reason)} |")
        if len(failures) > max_rows:
            lines.append(f"| … | | | {len(failures) - max_rows} more in the JSON result | |")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _pred(pred: dict[str, object] | None) -> str:
    if not pred:
        return ""
    return " ".join(str(pred[k]) for k in ("name", "value", "unit", "speaker", "text") if k in pred)


def _cell(text: object) -> str:
    s = str(text or "").replace("|", "\\|").replace("\n", " ")
    return s if len(s) <= 90 else s[:87] + "..."
