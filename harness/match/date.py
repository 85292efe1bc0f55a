"""Dates at their own precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``).

Rule: **full** — the same value at the same precision; **partial** — the two agree on everything the
coarser one gives but differ in precision (2021-11-05 vs gold 2021-11; 2014-01-01 vs gold 2014);
**none** — otherwise, and always when the prediction was resolved from a phrase that names no
calendar day, month or year ("this week", "last week", "in the coming days", a duration such as
"seven years ago"; the list is ``not_dates`` in ``harness/data/lexicon.yaml``), as its ``text`` or
``evidence`` shows: a value that only coincides earns nothing. (A date read from page furniture is
refused before the matcher is asked: :mod:`harness.grounding`.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from harness.lexicon import fold, lexicon
from harness.match.base import NO_MATCH, Context, Level, Match
from harness.model import evidence_list


@dataclass(frozen=True)
class DateKey:
    value: str
    not_a_date: str | None = None
    """The phrase of the prediction's text or evidence that names no calendar date, if any."""


def _not_a_date(texts: Sequence[str]) -> str | None:
    phrases = lexicon().not_dates
    for text in texts:
        folded = f" {fold(text)} "
        for phrase in phrases:
            if f" {phrase} " in folded:
                return phrase
    return None


def _coarser(value: str) -> list[str]:
    """The coarser forms of a date at which another date agrees with it: ``2021-11-05`` → 2021-11, 2021."""
    out = []
    at = value.rfind("-")
    while at > 0:
        value = value[:at]
        out.append(value)
        at = value.rfind("-")
    return out


class DateMatcher:
    type = "date"

    def setup(self, ctx: Context, facts: Sequence[Any], negatives: Sequence[Any]) -> None:
        """Nothing of the article beyond the pair is needed."""

    def prepare_gold(self, fact: Any, ctx: Context) -> DateKey:
        return DateKey(str(fact.value))

    def prepare_pred(self, fact: Any, ctx: Context) -> DateKey:
        texts = [t for t in (getattr(fact, "text", None), *evidence_list(getattr(fact, "evidence", None))) if t]
        return DateKey(str(fact.value), _not_a_date(texts))

    def candidates(self, gold: list[DateKey], pred: list[DateKey], ctx: Context) -> set[tuple[int, int]]:
        """Only equal dates, or one a coarser form of the other (``2021-11`` of ``2021-11-05``), can agree.

        Gold dates are indexed by value and by each of their coarser forms, so a prediction meets
        only the gold dates it can match, not every date of its year.
        """
        by_value: dict[str, list[int]] = {}
        finer: dict[str, list[int]] = {}
        for i, g in enumerate(gold):
            by_value.setdefault(g.value, []).append(i)
            for coarse in _coarser(g.value):
                finer.setdefault(coarse, []).append(i)
        pairs: set[tuple[int, int]] = set()
        for j, p in enumerate(pred):
            pairs.update((i, j) for i in by_value.get(p.value, ()))
            pairs.update((i, j) for i in finer.get(p.value, ()))
            for coarse in _coarser(p.value):
                pairs.update((i, j) for i in by_value.get(coarse, ()))
        return pairs

    def compare(self, gold: DateKey, pred: DateKey, ctx: Context) -> Match:
        if pred.not_a_date is not None:
            return Match(Level.NONE, f"resolved from {pred.not_a_date!r}, which names no calendar date", 0.0)
        g, p = gold.value, pred.value
        if g == p:
            return Match(Level.FULL, f"date {p} matches", 1.0)
        coarse, fine = (g, p) if len(g) < len(p) else (p, g)
        if fine.startswith(coarse + "-"):
            return Match(Level.PARTIAL, f"{p} agrees with gold {g} at a different precision", 0.5)
        return NO_MATCH


MATCHER = DateMatcher()
