"""GitHub Actions workflow commands: an ``::error`` annotation per failed gate and per extractor error,
preceded by a one-line summary. Used by ``--format github``, and added automatically to the table and
markdown outputs when ``GITHUB_ACTIONS=true``."""

from __future__ import annotations

from harness.report.table import fmt
from harness.result import Result


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def annotate(result: Result) -> str:
    lines = []
    for ch in result.checks:
        if ch.status == "fail":
            what = f"{ch.metric} of {ch.scope} is {fmt(ch.actual)}, below {fmt(ch.threshold)}"
            if ch.kind == "regression":
                what += f" (baseline {fmt(ch.baseline)})"
            if ch.statistical:
                what += f"; {ch.evidence()}"
            lines.append(f"::error title=fact-harness gate {_escape(ch.name)}::{_escape(what)}")
    for e in result.errors:
        lines.append(f"::error title=fact-harness extractor error::{_escape(f'{e.article}: {e.message}')}")
    if result.missing_articles:
        what = (f"no predictions for {len(result.missing_articles)} article(s), their gold counted as missed: "
                + ", ".join(result.missing_articles[:20]))
        lines.append(f"::warning title=fact-harness coverage::{_escape(what)}")
    return "".join(line + "\n" for line in lines)


def render(result: Result) -> str:
    c = result.overall
    summary = (f"fact-harness {result.extractor}: precision {fmt(c.precision)} recall {fmt(c.recall)} "
               f"f1 {fmt(c.f1)}; gates {'passed' if result.gates_passed else 'FAILED'}")
    notice = f"::notice title=fact-harness::{_escape(summary)}\n"
    return notice + annotate(result)
