"""Dates at their own precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``).

Rule: **full** — the same value at the same precision; **partial** — the two agree on everything the
coarser one gives but differ in precision (2021-11-05 vs gold 2021-11; 2014-01-01 vs gold 2014);
**none** — otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.match.base import NO_MATCH, Context, Level, Match


class DateMatcher:
    type = "date"

    def setup(self, ctx: Context, facts: Sequence[Any], negatives: Sequence[Any]) -> None:
        """Nothing of the article beyond the pair is needed."""

    def prepare_gold(self, fact: Any, ctx: Context) -> str:
        return str(fact.value)

    def prepare_pred(self, fact: Any, ctx: Context) -> str:
        return str(fact.value)

    def candidates(self, gold: list[str], pred: list[str], ctx: Context) -> set[tuple[int, int]]:
        """Only dates of the same year can agree."""
        by_year: dict[str, list[int]] = {}
        for i, g in enumerate(gold):
            by_year.setdefault(g[:4], []).append(i)
        return {(i, j) for j, p in enumerate(pred) for i in by_year.get(p[:4], ())}

    def compare(self, gold: str, pred: str, ctx: Context) -> Match:
        if gold == pred:
            return Match(Level.FULL, f"date {pred} matches", 1.0)
        coarse, fine = (gold, pred) if len(gold) < len(pred) else (pred, gold)
        if fine.startswith(coarse + "-"):
            return Match(Level.PARTIAL, f"{pred} agrees with gold {gold} at a different precision", 0.5)
        return NO_MATCH


MATCHER = DateMatcher()
