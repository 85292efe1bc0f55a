"""Date facts: calendar dates, months and years, resolved against the publication date.

Rules in words:

* "Nov. 8", "8 November", "November 8, 2021": a full date; without a written year, the year of
  publication.
* "November 2021": a month; "in November" (also "since", "by", "early", "late" …): the latest such
  month not after publication ("last November" is the one before).
* A year 1900–2099 standing alone ("in 2014"), unless a unit follows it (then it is a figure).
* A weekday: the most recent such day on or before publication; "last Friday" strictly before,
  "next Friday" strictly after; in a future-tense clause ("will", "is expected to") the first such day
  on or after publication; "every Friday" and plurals ("Fridays") are no date.
* "yesterday" / "tomorrow", "last/this/next year" and "last/this/next month" are relative to
  publication.
* Without a publication date only dates that carry their own year are found.
* Over the whole body, one fact per value: the first mention is its text and evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from harness.extractors.baseline.figures import unit_after
from harness.extractors.baseline.lexicon import MONTH_FORMS, MONTHS, WEEKDAYS, alternation
from harness.extractors.baseline.text import Fact, Span

_WEEKDAY = re.compile(r"\b(?:(?P<mod>on|last|this|next|every|later|earlier|since|by|until|from)\s+)?"
                      r"(?P<day>" + "|".join(WEEKDAYS) + r")(?P<plural>s)?\b")
_RELATIVE_DAY = re.compile(r"\b(?P<w>yesterday|tomorrow)\b", re.I)
_MONTH_RE = alternation(MONTH_FORMS)
_MONTH_DAY = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH_RE})\b\.?"
    rf"(?:,?\s+(?P<year2>(?:19|20)\d\d)\b)?"
)
_MONTH_YEAR = re.compile(r"\b(?P<mon>" + "|".join(MONTHS) + r")\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b")
_MONTH_ONLY = re.compile(r"\b(?P<mod>in|since|by|until|early|late|mid-|last|this|of|from|during|through)\s+"
                         r"(?P<mon>" + "|".join(MONTHS) + r")\b(?!\s+\d)")
_YEAR = re.compile(r"(?<![\w$€£.,-])(?P<year>(?:19|20)\d\d)(?![\w-]|,\d|\.\d)")
_REL_PERIOD = re.compile(r"\b(?P<mod>last|this|next)\s+(?P<unit>year|month)\b", re.I)


def parse_published(published: str | None) -> dt.date | None:
    """The publication date, or None when absent or not a full ISO date."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


_FUTURE = re.compile(r"\b(?:will|shall|is|are)\s+(?:expected|due|scheduled|set|going|slated)\s+to\b|\bwill\b"
                     r"|\bplans?\s+to\b", re.I)
"""Future tense before a weekday: "is expected to speak with Biden on Thursday"."""


def resolve_weekday(day: str, anchor: dt.date, mod: str | None, future: bool = False) -> dt.date | None:
    """The date of a weekday named in an article published on ``anchor``.

    Rules: plain "Friday" / "on Friday" → the most recent Friday on or before the publication date (the
    same day allowed); "last Friday" → strictly before; "next Friday" → strictly after; in a future-tense
    clause (``future``: "will", "is expected to" before it) → the first such day on or after the
    publication date; "every Friday" → no date.
    """
    if mod == "every":
        return None
    target = WEEKDAYS.index(day)
    if mod == "next" or (future and mod != "last"):
        ahead = (target - anchor.weekday()) % 7
        if mod == "next" and ahead == 0:
            ahead = 7
        return anchor + dt.timedelta(days=ahead)
    back = (anchor.weekday() - target) % 7
    if mod == "last" and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back)


def _month_value(year: int, month: int, day: int | None = None) -> str | None:
    try:
        return dt.date(year, month, day).isoformat() if day else f"{year:04d}-{month:02d}"
    except ValueError:
        return None


def dates_in(sentence: Span, anchor: dt.date | None) -> Iterator[tuple[str, Span, float]]:
    """Dates of one sentence as (ISO value, mention, confidence).

    Rules: weekdays (:func:`resolve_weekday`; future tense is looked for in the clause before the
    weekday), "yesterday"/"tomorrow", "Nov. 8" / "8 November" (year
    from the publication date unless written), "November 2021", "in November" (the latest such month
    not after publication), standalone years 1900–2099 ("in 2014"), "last/this/next year|month".
    Without a publication date only dates carrying their own year are produced.
    """
    text = sentence.text
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _MONTH_DAY.finditer(text):
        month = MONTH_FORMS[m.group("mon") or m.group("mon2")]
        day = int(m.group("day") or m.group("day2"))
        year_text = m.group("year") or m.group("year2")
        year = int(year_text) if year_text else (anchor.year if anchor else None)
        value = _month_value(year, month, day) if year else None
        if value:
            taken.append(m.span())
            yield value, sentence.sub(*m.span()), 0.9
    for m in _MONTH_YEAR.finditer(text):
        if free(*m.span()):
            taken.append(m.span())
            yield f"{int(m.group('year')):04d}-{MONTH_FORMS[m.group('mon')]:02d}", sentence.sub(*m.span()), 0.85
    for m in _YEAR.finditer(text):
        if free(*m.span()) and unit_after(text, m.end()) is None:
            taken.append(m.span())
            yield m.group("year"), sentence.sub(*m.span()), 0.85
    if anchor is None:
        return
    for m in _MONTH_ONLY.finditer(text):
        if free(*m.span("mon")):
            month = MONTH_FORMS[m.group("mon")]
            year = anchor.year if month <= anchor.month and m.group("mod") != "last" else anchor.year - 1
            if m.group("mod") == "last" and month < anchor.month:
                year = anchor.year
            yield f"{year:04d}-{month:02d}", sentence.sub(*m.span()), 0.7
    for m in _WEEKDAY.finditer(text):
        if m.group("plural"):
            continue
        clause = re.split(r"[,;:]", text[: m.start()])[-1]
        resolved = resolve_weekday(m.group("day"), anchor, m.group("mod"), bool(_FUTURE.search(clause)))
        if resolved:
            yield resolved.isoformat(), sentence.sub(*m.span()), 0.8
    for m in _RELATIVE_DAY.finditer(text):
        delta = -1 if m.group("w").lower() == "yesterday" else 1
        yield (anchor + dt.timedelta(days=delta)).isoformat(), sentence.sub(*m.span()), 0.8
    for m in _REL_PERIOD.finditer(text):
        shift = {"last": -1, "this": 0, "next": 1}[m.group("mod").lower()]
        if m.group("unit").lower() == "year":
            yield str(anchor.year + shift), sentence.sub(*m.span()), 0.75
        else:
            month_index = anchor.year * 12 + anchor.month - 1 + shift
            yield f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", sentence.sub(*m.span()), 0.6


def extract_dates(body: list[Span], published: str | None) -> list[Fact]:
    """Dates of the whole body, one fact per value (first mention as evidence and ``text``)."""
    anchor = parse_published(published)
    out: dict[str, Fact] = {}
    for sentence in body:
        for value, mention, confidence in dates_in(sentence, anchor):
            if value not in out:
                out[value] = {"type": "date", "value": value, "text": mention.text,
                              "evidence": mention.text, "confidence": confidence}
    return list(out.values())
