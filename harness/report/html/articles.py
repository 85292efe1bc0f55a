"""The HTML report's articles: a table of every article, then one section per shown article with its
text (evidence highlighted), its gold facts and its unmatched predictions.

Rules:

* the table lists every article; only those with a section of their own link to one, and when some
  have none a note says so and how to show them all;
* the title and notes columns appear only when some article has a title or a note;
* every fact row carries ``data-pairs`` (see :func:`harness.report.html.common.pair`), which the
  filters match on; the filter form stays hidden until the script runs, so without JavaScript every
  fact shows;
* an article's URL is a link only when it is plain http(s) (:data:`SAFE_URL`);
* without a corpus there is no text: the facts come from the result's details alone, and a note says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from harness.corpus import Entry
from harness.details import Detail
from harness.metrics import METRICS, total
from harness.model import fact_to_dict
from harness.report.html.common import GOLD_OUTCOMES, OUTCOME_LABELS, confidence_of, describe, esc, pair
from harness.report.html.highlight import evidence_spans, highlight
from harness.report.html.page import Page, pred_key
from harness.report.html.sections import delta_badge, number
from harness.report.table import DASH, fmt
from harness.result import Result

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


LARGE_RUN = 20
"""Articles above which the report opens on the failures only (found facts, duplicates and optional
facts unticked in the filters; ticking them shows everything)."""

PASSING = ("tp", "duplicate")
"""Outcomes left out of the failures-only view."""


def filters(result: Result) -> str:
    """Type and outcome checkboxes; hidden until the script shows them (no JavaScript: everything shows).

    On a large run (more than :data:`LARGE_RUN` articles) the page opens on the failures only.
    """
    failures_first = len(result.by_article) > LARGE_RUN
    types = "".join(f"<label><input type=\"checkbox\" name=\"type\" value=\"{esc(t)}\" checked> {esc(t)}</label>"
                    for t in result.by_type)

    def ticked(outcome: str) -> str:
        return "" if failures_first and outcome in PASSING else " checked"

    outcomes = "".join(f"<label><input type=\"checkbox\" name=\"outcome\" value=\"{o}\"{ticked(o)}> "
                       f"<span class=\"out o-{o}\">{OUTCOME_LABELS[o][0]} {OUTCOME_LABELS[o][1]}</span></label>"
                       for o in OUTCOME_LABELS)
    note = ("<p class=\"hint\" id=\"failures-first\">A large run: only what cost points is shown — tick "
            "found, duplicate and optional to see every fact.</p>" if failures_first else "")
    optional = "" if failures_first else " checked"
    return ("<form id=\"filters\" class=\"filters\" hidden aria-label=\"Filter facts\">"
            f"{note}<fieldset><legend>Types</legend>{types}</fieldset>"
            f"<fieldset><legend>Outcomes</legend>{outcomes}</fieldset>"
            f"<fieldset><legend>Optional</legend><label><input type=\"checkbox\" name=\"optional\" value=\"1\"{optional}>"
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
