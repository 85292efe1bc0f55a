"""The HTML report's sections above the articles: the header with the gate verdict, the scores and the
gate checks, the changes since a previous result, the extractor errors.

Rules:

* every number shown carries ``data-scope``, ``data-metric`` and ``data-value`` (:func:`number`), so
  that a test can compare the page with the JSON result;
* the verdict, the check statuses and the score changes are words and icons (✓ / ✗, ▲ +0.050,
  ▼ −0.020, ± 0), never colour alone;
* each list of changed facts shows at most :data:`MAX_CHANGES` of them, then how many more; a list of
  :data:`OPEN_CHANGES` or fewer starts open;
* a changed fact links to its row when its article has a section, else to the articles table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from harness.compare import mcnemar_rows, significance_note, significance_rows
from harness.details import Detail
from harness.metrics import METRICS, Counts
from harness.report.html.common import GOLD_OUTCOMES, describe, esc, interval_level
from harness.report.html.page import Page, pred_key
from harness.report.table import DASH, fmt, fmt_interval
from harness.result import Check, Result


def header(page: Page) -> str:
    """Title, run description and gate verdict."""
    r = page.result
    ci = r.confidence_intervals
    facts = [
        ("extractor", r.extractor),
        ("mode", r.mode),
        ("articles", str(len(r.by_article))),
        ("harness", r.harness_version),
        ("intervals", f"{interval_level(ci)} {ci.get('method', 'bootstrap')} "
                      f"({ci.get('resamples', '?')} resamples, seed {ci.get('seed', '?')})"),
    ]
    if r.from_cache is not None:
        facts.append(("from the extraction cache", f"{r.from_cache} of {len(r.by_article)} article(s)"))
    if page.changes is not None:
        prev = page.changes.previous
        facts.append(("compared with", f"{prev.extractor} ({prev.mode}, harness {prev.harness_version})"))
    items = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
    return (f"<header>\n<h1>fact-harness report: <span class=\"extractor\">{esc(r.extractor)}</span></h1>\n"
            f"<dl class=\"run\">{items}</dl>\n{verdict(r)}\n</header>")


def verdict(result: Result) -> str:
    """The gate verdict as a banner with an icon and words, not colour alone."""
    if not result.checks:
        return "<p class=\"verdict none\" data-verdict=\"none\">– no gates set</p>"
    if result.gates_passed:
        return "<p class=\"verdict pass\" data-verdict=\"pass\">✓ all gates passed</p>"
    failed = sum(c.status == "fail" for c in result.checks)
    return f"<p class=\"verdict fail\" data-verdict=\"fail\">✗ {failed} gate check(s) failed</p>"


def scores_section(page: Page) -> str:
    """The scores table (per type and overall, with intervals and average precision) and the gate checks."""
    r = page.result
    level = interval_level(r.confidence_intervals)
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in (
        "scope", f"precision <small>({level} CI)</small>", f"recall <small>({level} CI)</small>",
        f"F1 <small>({level} CI)</small>", "<abbr title=\"average precision\">AP</abbr>", "tp", "fp", "fn",
        *(["<abbr title=\"how well two independent annotators agreed: the ceiling\">human F1</abbr>"]
          if r.human_agreement else [])))
    by_type_ci = r.confidence_intervals.get("by_type", {}) or {}
    rows = [score_row(page, t, c, by_type_ci.get(t), r.average_precision.get(t)) for t, c in r.by_type.items()]
    rows.append(score_row(page, "overall", r.overall, r.confidence_intervals.get("overall"), None, total_row=True))
    rows += [macro_row(name, r.macro.get(key) or {}, 5 if r.human_agreement else 4) for key, name in
             (("over_articles", "macro over articles"), ("over_types", "macro over types"))]
    note = " Δ: change since the previous result (▲ better, ▼ worse)." if page.changes is not None else ""
    return (f"<section id=\"scores\" aria-labelledby=\"scores-h\">\n<h2 id=\"scores-h\">Scores</h2>\n"
            f"<div class=\"scroll\"><table class=\"scores\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>\n<p class=\"hint\">Micro averages unless marked macro; "
            f"below each ratio its {level} bootstrap interval.{note}</p>\n{checks_table(r.checks)}\n</section>")


def score_row(page: Page, scope: str, c: Counts, ci: Mapping[str, Any] | None, ap: float | None, *,
              total_row: bool = False) -> str:
    """One row of the scores table; every number carries ``data-scope``/``data-metric``/``data-value``."""
    ci = ci or {}
    cells = [f"<th scope=\"row\">{esc(scope)}</th>"]
    for m in METRICS:
        delta = page.changes.delta(scope, m) if page.changes is not None else None
        value = c.metric(m)
        cells.append(f"<td>{number(scope, m, value, fmt(value))}<span class=\"ci\">{esc(fmt_interval(ci.get(m)))}"
                     f"</span>{delta_badge(delta, page.changes is not None)}</td>")
    cells.append(f"<td>{number(scope, 'average_precision', ap, fmt(ap)) if not total_row else ''}</td>")
    cells += [f"<td>{number(scope, k, v, str(v))}</td>" for k, v in (("tp", c.tp), ("fp", c.fp), ("fn", c.fn))]
    ceiling = page.result.human_agreement
    if ceiling:
        human = ceiling.get(scope)
        cells.append(f"<td>{number(scope, 'human_f1', human, fmt(human))}</td>")
    cls = " class=\"total\"" if total_row else ""
    return f"<tr{cls}>{''.join(cells)}</tr>"


def macro_row(name: str, values: Mapping[str, float | None], blanks: int = 4) -> str:
    """A macro-average row: precision, recall and F1 only (``blanks`` empty cells after them)."""
    cells = [f"<th scope=\"row\">{esc(name)}</th>"]
    cells += [f"<td>{number(name, m, values.get(m), fmt(values.get(m)))}</td>" for m in METRICS]
    return f"<tr class=\"macro\">{''.join(cells)}{'<td></td>' * blanks}</tr>"


COUNTS = ("tp", "fp", "fn")


def number(scope: str, metric: str, value: float | int | None, text: str) -> str:
    """A number with machine-readable attributes (the browser test compares them with the JSON)."""
    raw = "null" if value is None else (str(value) if metric in COUNTS else f"{float(value):.6f}")
    return (f"<span class=\"num\" data-scope=\"{esc(scope)}\" data-metric=\"{esc(metric)}\" "
            f"data-value=\"{raw}\">{esc(text)}</span>")


def delta_badge(delta: float | None, comparing: bool) -> str:
    """▲ +0.050 / ▼ −0.020 / ± 0; empty when not comparing."""
    if not comparing:
        return ""
    if delta is None:
        return f" <span class=\"delta\">Δ {DASH}</span>"
    if abs(delta) < 5e-4:
        return " <span class=\"delta same\">± 0</span>"
    if delta > 0:
        return f" <span class=\"delta up\">▲ +{delta:.3f}</span>"
    return f" <span class=\"delta down\">▼ −{-delta:.3f}</span>"


CHECK_STATUS = {"pass": ("pass", "✓ pass"), "fail": ("fail", "✗ fail"), "not applicable": ("na", "– n/a")}


def checks_table(checks: Sequence[Check]) -> str:
    """The gate checks, when any were set: status first."""
    if not checks:
        return ""
    rows = []
    for ch in checks:
        cls, label = CHECK_STATUS.get(ch.status, ("na", ch.status))
        base = f" (baseline {fmt(ch.baseline)})" if ch.kind == "regression" else ""
        evidence = f"<td>{esc(ch.evidence())}</td>" if any(c.statistical for c in checks) else ""
        rows.append(f"<tr><th scope=\"row\">{esc(ch.name)}</th><td><span class=\"status {cls}\">{esc(label)}</span>"
                    f"</td><td>{esc(fmt(ch.actual))}</td><td>{esc(fmt(ch.threshold))}{esc(base)}</td>"
                    f"<td>{esc(ch.kind)}</td>{evidence}</tr>")
    columns = ("check", "status", "actual", "threshold", "kind") + (
        ("rule, interval, p",) if any(c.statistical for c in checks) else ())
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in columns)
    return (f"<h3>Gates</h3>\n<div class=\"scroll\"><table class=\"checks\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


OPEN_CHANGES = 15
"""A list of changed facts this long or shorter is shown open; longer ones start folded."""


MAX_CHANGES = 500
"""Changed facts listed per group; past that a line says how many more (``fact-harness diff`` lists all).

:func:`harness.report.html.render` passes the value it finds in :mod:`harness.report.html` at each call."""


def changes_section(page: Page, limit: int = MAX_CHANGES) -> str:
    """What changed since the previous result: each fact that changed fate, linked to its row (at most
    ``limit`` facts listed per group)."""
    ch = page.changes
    if ch is None:
        return ""
    groups = (
        ("newly-missed", "down", "▼", "newly missed", ch.facts.newly_missed),
        ("newly-found", "up", "▲", "newly found", ch.facts.newly_found),
        ("newly-spurious", "down", "▼", "new false positives", ch.facts.newly_spurious),
        ("no-longer-spurious", "up", "▲", "no longer false positives", ch.facts.no_longer_spurious),
    )
    summary = " · ".join(f"<span class=\"chg {cls}\">{icon} {len(items)} {esc(label)}</span>"
                         for _, cls, icon, label, items in groups)
    lists = "".join(change_list(page, key, label, items, limit) for key, _, _, label, items in groups if items)
    return (f"<section id=\"changes\" aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">Changes since the previous "
            f"result</h2>\n<p>{summary}</p>\n{lists}{significance_table(ch.significance)}</section>")


def significance_table(sig: Mapping[str, Any]) -> str:
    """The paired tests of (this − previous): Δ, interval, p and Holm p per scope and metric; McNemar per scope."""
    if not sig:
        return ""
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in ("scope", "metric", "Δ", "95% CI", "p", "p (Holm)"))
    rows = []
    for scope, metric, *cells in significance_rows(sig):
        st = sig["scopes"][scope][metric]
        rows.append(f"<tr data-scope=\"{esc(scope)}\" data-metric=\"{esc(metric)}\" "
                    f"data-p=\"{'null' if st['p_value'] is None else st['p_value']}\"><th scope=\"row\">{esc(scope)}"
                    f"</th><td>{esc(metric)}</td>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
    mc_head = "".join(f"<th scope=\"col\">{h}</th>" for h in ("scope", "b (found before only)",
                                                              "c (found now only)", "p"))
    mc = "".join("<tr><th scope=\"row\">" + esc(r[0]) + "</th>" + "".join(f"<td>{esc(c)}</td>" for c in r[1:])
                 + "</tr>" for r in mcnemar_rows(sig))
    return (f"<h3 id=\"significance\">Is the difference real?</h3>\n<p class=\"hint\">{esc(significance_note(sig))}</p>\n"
            f"<div class=\"scroll\"><table class=\"significance\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>\n<h4>McNemar, gold facts</h4>\n"
            f"<div class=\"scroll\"><table class=\"mcnemar\"><thead><tr>{mc_head}</tr></thead>"
            f"<tbody>{mc}</tbody></table></div>\n")


def change_list(page: Page, key: str, label: str, items: Sequence[Detail], limit: int = MAX_CHANGES) -> str:
    """One group of changed facts as a list of links (the first ``limit`` of them, then how many more)."""
    lis = []
    for d in items[:limit]:
        if d.outcome in GOLD_OUTCOMES:
            target = page.gold_rows.get((d.article, d.type, d.gold_id))
            what = f"<code>{esc(d.gold_id)}</code>"
        else:
            target = page.pred_rows.get(pred_key(d))
            what = esc(describe(d.prediction or {}))
        href = target or page.link(d.article)
        lis.append(f"<li><a href=\"#{esc(href)}\">{esc(d.article)}</a> · {esc(d.type)} · {what} — "
                   f"<span class=\"reason\">{esc(d.reason)}</span></li>")
    if len(items) > limit:
        lis.append(f"<li class=\"more\">… and {len(items) - limit:,} more (<code>fact-harness diff OLD.json "
                   "NEW.json</code> lists them all)</li>")
    opened = " open" if len(items) <= OPEN_CHANGES else ""
    return (f"<details class=\"changes\" id=\"{key}\"{opened}><summary>{esc(label)} ({len(items)})</summary>\n"
            f"<ul class=\"changes\">{''.join(lis)}</ul></details>\n")


def errors_section(page: Page) -> str:
    """Articles the extractor failed on."""
    result = page.result
    missing = ""
    if result.missing_articles:
        names = ", ".join(esc(a) for a in result.missing_articles[:100])
        missing = (f"<section id=\"missing\" aria-labelledby=\"missing-h\">\n<h2 id=\"missing-h\">⚠ Articles without "
                   f"predictions ({len(result.missing_articles)})</h2>\n<p>Their gold counts as missed: {names}"
                   f"{' …' if len(result.missing_articles) > 100 else ''}</p>\n</section>")
    if not result.errors:
        return missing
    lis = "".join(f"<li><a href=\"#{esc(page.link(e.article))}\">{esc(e.article)}</a>: "
                  f"{esc(e.message)}</li>" for e in result.errors)
    return (f"<section id=\"errors\" aria-labelledby=\"errors-h\">\n<h2 id=\"errors-h\">⚠ Extractor errors "
            f"({len(result.errors)})</h2>\n<p>Their gold counts as missed.</p>\n<ul>{lis}</ul>\n</section>") + missing
