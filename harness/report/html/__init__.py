"""A self-contained HTML report: one file, no network, readable from disk.

At the top: the extractor, mode and gate verdict, overall and per-type precision, recall and F1 with
their bootstrap intervals — as a table and as matplotlib charts (per-type bars; precision–recall curves
when the predictions carried ``confidence``). Then a per-article summary table linking to one section
per article: its text with every gold fact's evidence highlighted by outcome (✓ found, ◐ partial,
✗ missed; optional facts outlined), and the facts and unmatched predictions with the matcher's reasons.
Given a ``previous`` result, what changed is marked (score deltas, newly missed / found / spurious).

Design rules:

* everything taken from the result or the corpus is escaped with :func:`html.escape`;
* CSS and a little JavaScript are inline; the page works without JavaScript (the script only adds the
  type/outcome filters) and sets ``<body data-js="ok">`` once it has run;
* charts are matplotlib SVG (Agg canvas, deterministic: fixed hash salt, no date) embedded inline;
  matplotlib is the optional ``html`` extra — without it the report says how to get the charts;
* the output is deterministic: the same inputs give the same text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from harness.corpus import Corpus, Entry
from harness.details import Detail
from harness.metrics import METRICS, Counts, total
from harness.model import fact_to_dict
from harness.report.html.charts import CHARTS_NOTE, charts_section, curve, pr_curves
from harness.report.html.common import (
    GOLD_OUTCOMES,
    OUTCOME_LABELS,
    confidence_of,
    describe,
    esc,
    interval_level,
    pair,
)
from harness.report.html.document import document
from harness.report.html.highlight import Span, evidence_spans, highlight
from harness.report.html.page import MAX_ARTICLES, Page, pred_key, shown_articles
from harness.report.table import DASH, fmt, fmt_interval
from harness.result import Check, Result

__all__ = [
    "CHARTS_NOTE",
    "MAX_ARTICLES",
    "MAX_CHANGES",
    "OUTCOME_LABELS",
    "Span",
    "curve",
    "esc",
    "highlight",
    "pr_curves",
    "render",
    "shown_articles",
]


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
        f"F1 <small>({level} CI)</small>", "<abbr title=\"average precision\">AP</abbr>", "tp", "fp", "fn"))
    by_type_ci = r.confidence_intervals.get("by_type", {}) or {}
    rows = [score_row(page, t, c, by_type_ci.get(t), r.average_precision.get(t)) for t, c in r.by_type.items()]
    rows.append(score_row(page, "overall", r.overall, r.confidence_intervals.get("overall"), None, total_row=True))
    rows += [macro_row(name, r.macro.get(key) or {}) for key, name in
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
    cls = " class=\"total\"" if total_row else ""
    return f"<tr{cls}>{''.join(cells)}</tr>"


def macro_row(name: str, values: Mapping[str, float | None]) -> str:
    """A macro-average row: precision, recall and F1 only."""
    cells = [f"<th scope=\"row\">{esc(name)}</th>"]
    cells += [f"<td>{number(name, m, values.get(m), fmt(values.get(m)))}</td>" for m in METRICS]
    return f"<tr class=\"macro\">{''.join(cells)}{'<td></td>' * 4}</tr>"


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
        rows.append(f"<tr><th scope=\"row\">{esc(ch.name)}</th><td><span class=\"status {cls}\">{esc(label)}</span>"
                    f"</td><td>{esc(fmt(ch.actual))}</td><td>{esc(fmt(ch.threshold))}{esc(base)}</td>"
                    f"<td>{esc(ch.kind)}</td></tr>")
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in ("check", "status", "actual", "threshold", "kind"))
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
            f"result</h2>\n<p>{summary}</p>\n{lists}</section>")


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
    if not result.errors:
        return ""
    lis = "".join(f"<li><a href=\"#{esc(page.link(e.article))}\">{esc(e.article)}</a>: "
                  f"{esc(e.message)}</li>" for e in result.errors)
    return (f"<section id=\"errors\" aria-labelledby=\"errors-h\">\n<h2 id=\"errors-h\">⚠ Extractor errors "
            f"({len(result.errors)})</h2>\n<p>Their gold counts as missed.</p>\n<ul>{lis}</ul>\n</section>")


SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def articles_table(page: Page) -> str:
    """One row per article, each linking to the article's section."""
    r = page.result
    notes = {a: article_notes(r, a) for a in r.by_article}
    with_notes = any(notes.values())
    titles = {a: page.title(a) if a in page.by_article else "" for a in r.by_article}
    with_titles = any(titles.values())
    head = ["article", *(["title"] if with_titles else []), "precision", "recall", "F1",
            *(["Δ F1"] if page.changes else []), "tp", "fp", "fn", *(["notes"] if with_notes else [])]
    th = "".join(f"<th scope=\"col\" class=\"{h}\">{h}</th>" if h in ("title", "notes") else
                 f"<th scope=\"col\">{esc(h)}</th>" for h in head)
    rows = "".join(article_row(page, a, titles[a] if with_titles else None, notes[a] if with_notes else None)
                   for a in r.by_article)
    return (f"<section id=\"articles\" aria-labelledby=\"articles-h\">\n<h2 id=\"articles-h\">Articles</h2>\n"
            f"<div class=\"scroll\"><table class=\"per-article\"><thead><tr>{th}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div>\n</section>")


def article_notes(result: Result, article: str) -> str:
    """Extractor errors and regressions of one article, for the articles table."""
    notes = ["⚠ extractor error"] if any(e.article == article for e in result.errors) else []
    if article in result.article_regressions:
        notes.append(f"▼ regression: {result.article_regressions[article]}")
    return "; ".join(notes)


def article_row(page: Page, article: str, title: str | None, notes: str | None) -> str:
    """One article's row: a link to its section, its title, scores, change of F1, counts, notes
    (``title`` and ``notes`` are None when the table has no such column)."""
    c = total(page.result.by_article[article].values())
    cells = [f"<th scope=\"row\"><a href=\"#{esc(page.anchors[article])}\">{esc(article)}</a></th>"
             if article in page.by_article else f"<th scope=\"row\">{esc(article)}</th>"]
    if title is not None:
        cells.append(f"<td class=\"title\">{esc(title)}</td>")
    cells += [f"<td>{number(article, m, c.metric(m), fmt(c.metric(m)))}</td>" for m in METRICS]
    if page.changes is not None:
        before = page.changes.previous.by_article.get(article)
        old = total(before.values()).f1 if before is not None else None
        cells.append(f"<td>{delta_badge(None if old is None or c.f1 is None else c.f1 - old, True)}</td>")
    cells += [f"<td>{number(article, k, v, str(v))}</td>" for k, v in (("tp", c.tp), ("fp", c.fp), ("fn", c.fn))]
    if notes is not None:
        cells.append(f"<td class=\"notes\">{esc(notes)}</td>")
    return f"<tr>{''.join(cells)}</tr>"


def articles_section(page: Page) -> str:
    """The filters, the legend and one section per article."""
    note = "" if page.corpus is not None else (
        "<p class=\"note\" id=\"no-corpus\">Article texts are not shown: this report was rendered without the "
        "corpus (the gold and article texts). The facts below come from the result's details.</p>")
    sections = "\n".join(article_section(page, a) for a in page.shown)
    total_articles = len(page.result.by_article)
    if len(page.shown) < total_articles:
        note += (f"<p class=\"note\" id=\"capped\">Showing {len(page.shown):,} of {total_articles:,} articles: those "
                 "with extractor errors or regressions first, then those with the most misses and false positives. "
                 "The table above lists every article; <code>fact-harness report --max-articles 0</code> shows them "
                 "all.</p>")
    return (f"<section id=\"facts\" aria-labelledby=\"facts-h\">\n<h2 id=\"facts-h\">Facts by article</h2>\n"
            f"{note}{filters(page.result)}\n{LEGEND if page.corpus is not None else ''}\n{sections}\n</section>")


def filters(result: Result) -> str:
    """Type and outcome checkboxes; hidden until the script shows them (no JavaScript: everything shows)."""
    types = "".join(f"<label><input type=\"checkbox\" name=\"type\" value=\"{esc(t)}\" checked> {esc(t)}</label>"
                    for t in result.by_type)
    outcomes = "".join(f"<label><input type=\"checkbox\" name=\"outcome\" value=\"{o}\" checked> "
                       f"<span class=\"out o-{o}\">{OUTCOME_LABELS[o][0]} {OUTCOME_LABELS[o][1]}</span></label>"
                       for o in OUTCOME_LABELS)
    return ("<form id=\"filters\" class=\"filters\" hidden aria-label=\"Filter facts\">"
            f"<fieldset><legend>Types</legend>{types}</fieldset>"
            f"<fieldset><legend>Outcomes</legend>{outcomes}</fieldset>"
            "<fieldset><legend>Optional</legend><label><input type=\"checkbox\" name=\"optional\" value=\"1\" checked>"
            " optional facts</label></fieldset><output id=\"shown\" aria-live=\"polite\"></output></form>")


LEGEND = (
    "<p class=\"legend\">Evidence in the text: "
    "<mark class=\"hl o-tp\">✓ found</mark> <mark class=\"hl o-partial\">◐ partial</mark> "
    "<mark class=\"hl o-fn\">✗ missed</mark> <mark class=\"hl o-fp\">⚠ false positive</mark> "
    "<mark class=\"hl o-negative\">⊘ negative</mark> <mark class=\"hl o-tp opt\">optional (dashed outline)</mark>. "
    "Each badge links to the fact's row; hover a highlight for the matcher's reason.</p>"
)


def article_section(page: Page, article: str) -> str:
    """One article: heading, its text with highlights, its gold facts and its unmatched predictions."""
    entry = page.entry(article)
    rows = page.details_of(article)
    gold = [(row, d) for row, d in rows if d.outcome in GOLD_OUTCOMES]
    preds = [(row, d) for row, d in rows if d.outcome not in GOLD_OUTCOMES]
    spans = evidence_spans(entry, rows) if entry is not None else []
    highlighted = {s.row for s in spans}
    body = [article_heading(page, article, entry)]
    if entry is not None:
        body.append(f"<details class=\"text-box\" open><summary>Article text</summary>"
                    f"<div class=\"text\">{highlight(entry.article.text, spans)}</div></details>")
    elif page.corpus is not None:
        body.append("<p class=\"note\">This article is not in the corpus given (or its gold does not load): its text is "
                    "not shown.</p>")
    body.append(gold_table(page, entry, gold, highlighted))
    body.append(pred_table(page, preds, highlighted))
    body.append(gone_list(page, article))
    body.append("<p class=\"back\"><a href=\"#articles\">↑ articles</a></p>")
    return f"<section class=\"article\" id=\"{esc(page.anchors[article])}\">\n{''.join(body)}\n</section>"


def article_heading(page: Page, article: str, entry: Entry | None) -> str:
    """The article's id and title, its metadata and its scores."""
    r = page.result
    c = total(r.by_article[article].values())
    title = f" — {esc(entry.article.title)}" if entry is not None and entry.article.title else ""
    meta = []
    if entry is not None:
        a = entry.article
        meta += [esc(x) for x in (a.outlet, a.published) if x]
        if a.url:
            meta.append(f"<a href=\"{esc(a.url)}\" rel=\"noopener noreferrer\">{esc(a.url)}</a>"
                        if SAFE_URL.match(a.url) else esc(a.url))
    scores = (f"tp {c.tp} · fp {c.fp} · fn {c.fn} · precision {fmt(c.precision)} · recall {fmt(c.recall)} · "
              f"F1 {fmt(c.f1)}")
    errors = "".join(f"<p class=\"error\">⚠ extractor error: {esc(e.message)} (its gold counts as missed)</p>"
                     for e in r.errors if e.article == article)
    meta_html = f"<p class=\"meta\">{' · '.join(meta)}</p>" if meta else ""
    return f"<h3>{esc(article)}{title}</h3>{meta_html}<p class=\"meta\">{esc(scores)}</p>{errors}"


def gold_table(page: Page, entry: Entry | None, rows: Sequence[tuple[str, Detail]], highlighted: set[str]) -> str:
    """The article's gold facts: outcome, type, the gold fact, the prediction paired with it, why."""
    if not rows:
        return "<p class=\"empty\">No gold facts.</p>"
    facts = {f.id: fact_to_dict(f) for f in entry.gold.facts} if entry is not None else {}
    names = {f.id: f.name for f in entry.gold.facts if f.type == "speaker"} if entry is not None else {}
    trs = []
    for row, d in rows:
        change = page.changes.gold.get((d.article, d.type, d.gold_id)) if page.changes is not None else None
        gold = facts.get(d.gold_id or "")
        gold_cell = f"<code>{esc(d.gold_id)}</code>" + (f"<br>{esc(describe(gold, names))}" if gold else "")
        link = (f" <a class=\"to-text\" href=\"#ev-{row}\">↑ in text</a>" if row in highlighted
                else (" <span class=\"hint\">(evidence not found in the text)</span>" if entry is not None else ""))
        trs.append(fact_row(row, d, change, [
            ("gold fact", gold_cell + link),
            ("prediction", esc(describe(d.prediction)) + confidence_note(d.prediction) if d.prediction else DASH),
        ]))
    return fact_table(f"Gold facts ({len(rows)})", ("gold fact", "prediction"), trs)


def pred_table(page: Page, rows: Sequence[tuple[str, Detail]], highlighted: set[str]) -> str:
    """The article's predictions that matched no gold fact: false positives, negatives, duplicates."""
    if not rows:
        return "<p class=\"empty\">No unmatched predictions.</p>"
    trs = []
    for row, d in rows:
        change = "new false positive" if page.changes is not None and pred_key(d) in page.changes.spurious else None
        link = (f" <a class=\"to-text\" href=\"#ev-{row}\">↑ in text</a>" if row in highlighted
                else quoted_evidence(d.prediction))
        target = f"<code>{esc(d.gold_id)}</code>" if d.gold_id else DASH
        trs.append(fact_row(row, d, change, [
            ("prediction", esc(describe(d.prediction)) + confidence_note(d.prediction) + link),
            ("gold / negative", target),
        ]))
    return fact_table(f"Unmatched predictions ({len(rows)})", ("prediction", "gold / negative"), trs)


def quoted_evidence(prediction: Mapping[str, Any] | None, limit: int = 200) -> str:
    """The evidence a prediction quoted (shortened), for predictions not highlighted in the text."""
    ev = (prediction or {}).get("evidence")
    quotes = [ev] if isinstance(ev, str) else [q for q in ev if isinstance(q, str)] if isinstance(ev, list) else []
    shown = [q if len(q) <= limit else q[: limit - 1] + "…" for q in quotes[:3]]
    return "".join(f"<br><q class=\"evidence\">{esc(q)}</q>" for q in shown)


def fact_table(caption: str, columns: Sequence[str], rows: Sequence[str]) -> str:
    """A facts table: outcome, type, ``columns``, reason."""
    th = "".join(f"<th scope=\"col\">{esc(c)}</th>" for c in ("outcome", "type", *columns, "reason"))
    return (f"<table class=\"facts\"><caption>{esc(caption)}</caption><thead><tr>{th}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def fact_row(row: str, d: Detail, change: str | None, cells: Sequence[tuple[str, str]]) -> str:
    """One fact's row, with the attributes the filters read (``data-pairs``: type:outcome:optional)."""
    icon, label = OUTCOME_LABELS.get(d.outcome, ("?", d.outcome))
    outcome = f"<span class=\"out o-{esc(d.outcome)}\">{icon} {esc(label)}</span>"
    if d.optional:
        outcome += " <span class=\"opt-label\">optional</span>"
    if change is not None:
        cls, arrow = ("up", "▲") if change == "newly found" else ("down", "▼")
        outcome += f" <span class=\"chg {cls}\">{arrow} {esc(change)}</span>"
    tds = [f"<td data-label=\"outcome\">{outcome}</td>", f"<td data-label=\"type\" class=\"type\">{esc(d.type)}</td>"]
    tds += [f"<td data-label=\"{esc(name)}\">{content}</td>" for name, content in cells]
    tds.append(f"<td data-label=\"reason\" class=\"reason\">{esc(d.reason)}</td>")
    attrs = (f"id=\"{row}\" data-type=\"{esc(d.type)}\" data-outcome=\"{esc(d.outcome)}\" "
             f"data-pairs=\"{esc(pair(d.type, d.outcome, d.optional))}\"" + (f" data-changed=\"{esc(change)}\""
                                                                              if change else ""))
    return f"<tr {attrs}>{''.join(tds)}</tr>"


def gone_list(page: Page, article: str) -> str:
    """Predictions that were false positives in the previous result and are not any more."""
    if page.changes is None:
        return ""
    gone = [d for d in page.changes.facts.no_longer_spurious if d.article == article]
    if not gone:
        return ""
    lis = "".join(f"<li><span class=\"chg up\">▲ no longer a false positive</span> {esc(d.type)}: "
                  f"{esc(describe(d.prediction))} — <span class=\"reason\">{esc(d.reason)}</span></li>" for d in gone)
    return f"<h4>No longer false positives ({len(gone)})</h4><ul class=\"changes\">{lis}</ul>"


def confidence_note(prediction: Mapping[str, Any] | None) -> str:
    """`` (confidence 0.90)`` when the prediction carried one."""
    conf = confidence_of(prediction)
    return "" if conf is None else f" <span class=\"conf\">(confidence {conf:.2f})</span>"


def render(result: Result, corpus: Corpus | None = None, previous: Result | None = None, *,
           max_articles: int | None = MAX_ARTICLES) -> str:
    """The whole report as one self-contained HTML document.

    ``corpus`` supplies article texts and gold evidence (for the highlights); without it the report
    shows the tables and the per-article fact lists only, with a note. ``previous`` is an earlier
    result on the same gold: what changed since is marked. At most ``max_articles`` articles get a
    section of their own (None or 0: all; see :func:`shown_articles`), so a report on a large corpus
    stays small enough to open. Each list of changed facts shows at most :data:`MAX_CHANGES`.
    """
    page = Page.of(result, corpus, previous, max_articles)
    parts = [
        header(page),
        scores_section(page),
        charts_section(page),
        changes_section(page, MAX_CHANGES),  # this module's value, read at each call: it can be set here
        errors_section(page),
        articles_table(page),
        articles_section(page),
    ]
    return document(f"fact-harness report: {result.extractor}", "\n".join(p for p in parts if p))
