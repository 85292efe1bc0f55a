"""Places: the name rule of :mod:`harness.match.names` (no surname rule), plus the distance.

Rule: **full** — the names match and, when the gold gives a distance, the prediction gives one that
agrees by the figure rule (unit conversion and writer's precision included) and, when both give a
compass direction and what it is measured from, the same ones; **partial** — the names match but
the distance is missing or different (another value, "south" for the gold's "north", "from the
Russian border" for the Ukrainian one); **none** — the names differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from harness.lexicon import fold
from harness.match.base import NO_MATCH, Context, Level, Match
from harness.match.figure import Quantity, agree, quantity
from harness.match.names import NameForms, match_names, name_candidates, speaker_forms_of


@dataclass(frozen=True)
class PlaceKey:
    names: NameForms
    distance: Quantity | None
    direction: str | None = None
    """The distance's compass direction, folded ("north", "northeast"), when given."""
    origin: NameForms | None = None
    """What the distance is measured from ("the Ukrainian border"), when given."""


class PlaceMatcher:
    type = "place"

    def setup(self, ctx: Context, facts: Sequence[Any], negatives: Sequence[Any]) -> None:
        """Nothing of the article beyond the pair is needed."""

    def _prepare(self, fact: Any) -> PlaceKey:
        d = fact.distance
        if d is None:
            return PlaceKey(speaker_forms_of(fact), None)
        return PlaceKey(speaker_forms_of(fact), quantity(d.value, d.unit),
                        fold(d.direction).replace(" ", "") or None if d.direction else None,
                        NameForms.of(d.from_, person=False) if d.from_ else None)

    def prepare_gold(self, fact: Any, ctx: Context) -> PlaceKey:
        return self._prepare(fact)

    def prepare_pred(self, fact: Any, ctx: Context) -> PlaceKey:
        return self._prepare(fact)

    def candidates(self, gold: list[PlaceKey], pred: list[PlaceKey], ctx: Context) -> set[tuple[int, int]]:
        return name_candidates([g.names for g in gold], [p.names for p in pred], ctx.options.name_similarity)

    def compare(self, gold: PlaceKey, pred: PlaceKey, ctx: Context) -> Match:
        names = match_names(gold.names, pred.names, ctx, people=False)
        if names.level is Level.NONE:
            return NO_MATCH
        if gold.distance is None:
            return Match(Level.FULL, names.reason, names.similarity)
        if pred.distance is None:
            return Match(Level.PARTIAL, f"{names.reason}, but the distance is missing", names.similarity * 0.5)
        level, why = agree(gold.distance, pred.distance, ctx.options.tolerance)
        if level is Level.FULL and gold.direction and pred.direction and gold.direction != pred.direction:
            level, why = Level.PARTIAL, f"{why}, but {pred.direction!r} where the gold has {gold.direction!r}"
        elif level is Level.FULL and _other_origin(gold.origin, pred.origin):
            assert gold.origin is not None and pred.origin is not None
            level, why = Level.PARTIAL, f"{why}, but from {pred.origin.display!r}, not {gold.origin.display!r}"
        if level is Level.FULL:
            return Match(Level.FULL, f"{names.reason}; distance {why}", names.similarity)
        return Match(Level.PARTIAL, f"{names.reason}, but distance: {why}", names.similarity * 0.5)


MATCHER = PlaceMatcher()


def _other_origin(gold: NameForms | None, pred: NameForms | None) -> bool:
    """Whether two distances are measured from different places: both given, and neither's words
    contain the other's ("the border" is the gold's "Ukrainian border"; "Russian border" is not)."""
    if gold is None or pred is None:
        return False
    return not any(set(g) <= set(p) or set(p) <= set(g) for g in gold.words for p in pred.words)
