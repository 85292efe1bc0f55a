"""Evidence highlighting: where each fact's evidence occurs in an article's text, and that text marked up.

Rules:

* quotes are looked for as the matcher looks for them (:class:`harness.evidence.FoldedText`), and every
  occurrence is marked;
* a gold fact is marked by its gold evidence, a negative hit by the negative's evidence, a false
  positive by the evidence it quoted itself; other outcomes are not marked;
* overlapping spans are cut into segments; each segment is one ``<mark>`` coloured by the most severe
  outcome covering it (:data:`SEVERITY`), listing every covering fact in its tooltip, and outlined as
  optional only when all of them are optional;
* a badge with the outcome's icon starts each span and links to the fact's row; a row's first badge is
  the target of the row's "↑ in text" link;
* all text is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from harness.corpus import Entry
from harness.details import Detail
from harness.evidence import FoldedText
from harness.model import evidence_list
from harness.report.html.common import GOLD_OUTCOMES, OUTCOME_LABELS, describe, esc, pair

SEVERITY = ("fn", "partial", "negative", "fp", "tp", "duplicate")
"""Which outcome colours a stretch of text several highlights cover: the first one present."""


@dataclass(frozen=True)
class Span:
    """A stretch of the article text that is evidence of one fact."""

    start: int
    end: int
    row: str
    type: str
    outcome: str
    optional: bool
    label: str


def evidence_spans(entry: Entry, rows: Sequence[tuple[str, Detail]]) -> list[Span]:
    """Where the evidence of each gold fact (and negative hit, and false positive) occurs in the text."""
    folded = FoldedText.of(entry.article.text)
    gold = {f.id: f.evidence for f in entry.gold.facts}
    negatives = {f.id: f.evidence for f in entry.gold.negatives}
    spans: list[Span] = []
    for row, d in rows:
        quotes = _quotes(d, gold, negatives)
        label = span_label(d)
        for quote in quotes:
            for start, end in folded.find_all(quote):
                spans.append(Span(start, end, row, d.type, d.outcome, d.optional, label))
    return spans


def _quotes(d: Detail, gold: Mapping[str, str | list[str]], negatives: Mapping[str, str | list[str]]) -> list[str]:
    """The evidence quotes to highlight for ``d``: the gold fact's, the negative's, or the prediction's own."""
    if d.outcome in GOLD_OUTCOMES and d.gold_id is not None and d.gold_id in gold:
        return evidence_list(gold[d.gold_id])
    if d.outcome == "negative" and d.gold_id is not None and d.gold_id in negatives:
        return evidence_list(negatives[d.gold_id])
    if d.outcome == "fp" and d.prediction:
        ev = d.prediction.get("evidence")
        if isinstance(ev, str):
            return [ev]
        if isinstance(ev, list):
            return [q for q in ev if isinstance(q, str)]
    return []


def span_label(d: Detail) -> str:
    """The tooltip of a highlight: type, fact, outcome and reason."""
    icon, label = OUTCOME_LABELS.get(d.outcome, ("?", d.outcome))
    what = d.gold_id if d.outcome in GOLD_OUTCOMES or d.outcome == "negative" else describe(d.prediction)
    optional = " (optional)" if d.optional else ""
    return f"{d.type} {what}: {icon} {label}{optional} — {d.reason}"


def highlight(text: str, spans: Sequence[Span]) -> str:
    """``text`` escaped, with a badge where each evidence span starts and the spans marked.

    Overlapping spans are cut into segments; each segment is one ``<mark>`` coloured by the most
    severe outcome covering it (see :data:`SEVERITY`) and listing all of them in its tooltip.
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    seen: set[str] = set()
    active: list[Span] = []
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for s in starting.get(a, ()):
            out.append(badge(s, first=s.row not in seen))
            seen.add(s.row)
        # every span end is a cut, so a span still open at ``a`` covers the whole segment [a, b)
        active = [s for s in (*active, *starting.get(a, ())) if s.end > a]
        out.append(mark(active, text[a:b]) if active else esc(text[a:b]))
    return "".join(out)


TYPE_TAGS = {"figure": "fig", "speaker": "spk", "date": "date", "place": "place", "claim": "claim"}
"""The short type label each highlight's badge carries (styled per type: ``t-figure`` …)."""


def badge(s: Span, *, first: bool) -> str:
    """A small link to the fact's row, with the outcome's icon; the first one is the row's ``↑ in text`` target."""
    anchor = f" id=\"ev-{s.row}\"" if first else ""
    cls = f"tag o-{esc(s.outcome)} t-{esc(s.type)}" + (" opt" if s.optional else "")
    icon = OUTCOME_LABELS.get(s.outcome, ("?", ""))[0]
    tag = TYPE_TAGS.get(s.type, s.type)
    return (f"<a class=\"{cls}\"{anchor} href=\"#{s.row}\" data-pairs=\"{esc(pair(s.type, s.outcome, s.optional))}\" "
            f"title=\"{esc(s.label)}\" aria-label=\"{esc(s.label)}\">{icon}<small>{esc(tag)}</small></a>")


def mark(cover: Sequence[Span], piece: str) -> str:
    """One highlighted segment covered by the spans ``cover``."""
    outcome = next(o for o in (*SEVERITY, *(s.outcome for s in cover)) if any(s.outcome == o for s in cover))
    optional = all(s.optional for s in cover)
    pairs = " ".join(sorted({pair(s.type, s.outcome, s.optional) for s in cover}))
    labels = "\n".join(dict.fromkeys(s.label for s in cover))
    inner = min(cover, key=lambda s: s.end - s.start)  # a speaker inside a claim keeps its own style
    cls = f"hl o-{esc(outcome)} t-{esc(inner.type)}" + (" opt" if optional else "") + (" nested" if len(cover) > 1 else "")
    return f"<mark class=\"{cls}\" data-pairs=\"{esc(pairs)}\" title=\"{esc(labels)}\">{esc(piece)}</mark>"
