"""Markdown for pull-request comments and CI job summaries: scores, gate checks, extractor errors, top misses."""

from __future__ import annotations

from harness.judges.report import judge_line
from harness.outcomes import GOLD_OUTCOMES
from harness.report.table import fmt, fmt_interval
from harness.result import Result

STATUS = {"pass": "✅ pass", "fail": "❌ **fail**", "not applicable": "➖ n/a"}


def render(result: Result, *, max_rows: int = 20) -> str:
    cis = result.confidence_intervals
    ceiling = result.human_agreement
    verdict = "✅ all gates passed" if result.gates_passed else "❌ **a gate failed**"
    if not result.checks:
        verdict = "no gates set"
    lines = [
        f"### fact-harness: {_code(result.extractor)}",
        "",
        f"{len(result.by_article)} article(s) · mode {result.mode} · {verdict}"
        + (f" · ⚠️ {len(result.errors)} article(s) failed in the extractor" if result.errors else ""),
        "",
        *([f"Only these fact types were scored (`--types`): {', '.join(result.types)}", ""]
          if result.options.get("types") else []),
        *([f"⚠️ **No predictions for {len(result.missing_articles)} article(s)** (their gold counts as missed): "
           + ", ".join(f"`{a}`" for a in result.missing_articles[:max_rows])
           + (" …" if len(result.missing_articles) > max_rows else ""), ""] if result.missing_articles else []),
        "| type | tp | fp | fn | precision | recall | f1 | f1 95% CI |" + (" human F1 |" if ceiling else ""),
        "|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if ceiling else ""),
    ]
    for t, c in result.by_type.items():
        if t not in result.types:
            continue
        iv = cis.get("by_type", {}).get(t, {}).get("f1")
        lines.append(f"| {t} | {c.tp} | {c.fp} | {c.fn} | {fmt(c.precision)} | {fmt(c.recall)} | {fmt(c.f1)} | "
                     f"{fmt_interval(iv)} |" + (f" {fmt(ceiling.get(t))} |" if ceiling else ""))
    c = result.overall
    lines.append(f"| **overall** | **{c.tp}** | **{c.fp}** | **{c.fn}** | **{fmt(c.precision)}** | "
                 f"**{fmt(c.recall)}** | **{fmt(c.f1)}** | {fmt_interval(cis.get('overall', {}).get('f1'))} |"
                 + (f" {fmt(ceiling.get('overall'))} |" if ceiling else ""))
    if ceiling:
        lines += ["", "_human F1: how well two independent annotators of this gold agreed — the ceiling._"]
    if result.ungrounded:
        counts = ", ".join(f"{t} {n}" for t, n in result.ungrounded.items())
        lines += ["", f"Ungrounded predictions (evidence not found in the article): {counts}"]
    judged = judge_line(result.judge)
    if judged:
        lines += ["", _text(judged)]
    if result.from_cache is not None:
        lines += ["", f"Extraction cache: {result.from_cache} of {len(result.by_article)} article(s) came from it"]
    if result.checks:
        lines += ["", "| check | threshold | actual | status |", "|---|---:|---:|---|"]
        for ch in result.checks:
            extra = f" (baseline {fmt(ch.baseline)})" if ch.kind == "regression" else ""
            lines.append(f"| {_cell(ch.name)} | {fmt(ch.threshold)}{extra} | {fmt(ch.actual)} | {STATUS[ch.status]} |")
        evidence = [f"- `{ch.name}`: {ch.evidence()}" for ch in result.checks if ch.statistical]
        if evidence:
            lines += ["", *evidence]
    if result.article_regressions:
        lines += ["", f"**Articles whose F1 fell** against the baseline ({len(result.article_regressions)}):", ""]
        lines += [f"- `{a}`: {_cell(why)}" for a, why in sorted(result.article_regressions.items())]
    if result.errors:
        lines += ["", "**Extractor errors** (their gold counts as missed):", ""]
        lines += [f"- {_code(e.article)}: {_text(e.message)}" for e in result.errors]
    failures = result.failures()
    if failures:
        lines += ["", f"<details><summary>{len(failures)} misses and false positives</summary>", "",
                  "| article | type | outcome | gold / prediction | reason |", "|---|---|---|---|---|"]
        for d in failures[:max_rows]:
            what = d.gold_id if d.outcome in GOLD_OUTCOMES else _pred(d.prediction)
            lines.append(f"| {_cell(d.article)} | {d.type} | {d.outcome} | {_cell(what)} | {_cell(d.reason)} |")
        if len(failures) > max_rows:
            lines.append(f"| … | | | {len(failures) - max_rows} more in the JSON result | |")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _pred(pred: dict[str, object] | None) -> str:
    if not pred:
        return ""
    return " ".join(str(pred[k]) for k in ("name", "value", "unit", "speaker", "text") if k in pred)


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]#|~!"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;",
                                                                  "\n": " ", "\r": " "})
"""User text made inert: HTML escaped, markdown punctuation backslash-escaped (CommonMark allows both)."""


def _text(text: object) -> str:
    """Any text from the result (predictions, reasons, errors), so that it renders as written and no HTML runs."""
    return str(text or "").translate(_MARKDOWN)


def _code(text: object) -> str:
    """``text`` as a code span (no HTML inside one runs); its fence is longer than any backtick run in it."""
    s = " ".join(str(text).split())
    longest = current = 0
    for ch in s:
        current = current + 1 if ch == "`" else 0
        longest = max(longest, current)
    fence = "`" * (longest + 1)
    return f"{fence} {s} {fence}" if longest or s.startswith("`") or s.endswith("`") else f"`{s}`"


def _cell(text: object) -> str:
    s = _text(text)
    return s if len(s) <= 90 else s[:87] + "..."
