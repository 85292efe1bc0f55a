"""Figures: a value of a unit.

Rule:

* **full** — same canonical unit (troops = soldiers = servicemen = military personnel …; see
  ``harness/data/units.yaml``) and values within the relative tolerance (default 1%, ``--tolerance``,
  or the gold fact's own ``tolerance``);
* **full** — units of the same dimension (km ↔ mi …) whose values agree after conversion, either
  within the tolerance or *at the precision the writer used*: the predicted value converted to the
  gold unit and rounded to the gold value's significant figures equals the gold value (160 mi =
  257.5 km, which is 260 km at two significant figures; 300 mi = 482.8 km, which is 500 km at one;
  200 mi = 321.9 km ≠ 260 km). Trailing zeros of a whole number are not significant (500 has one
  significant figure), so a round gold value accepts the band a reader would;
* **partial** — the value agrees but the unit does not, whatever the units measure (90,000 troops vs
  90,000 people; 260 mi for 260 km), or the value is right in another unit of its own dimension or
  the gold's than the one it carries (160 "km" for the 160 miles that are 260 km; 257 "years" for
  160 miles, which are 257 km);
* **none** — otherwise (90,000 vs 100,000 troops never match: 11% apart), and whenever the
  prediction's ``subject`` shows that it counts another thing than the gold figure
  (:mod:`harness.match.counted`: "Russian troops in eastern Ukraine" for 14,000 people killed;
  "Ukrainian troops" for Russian soldiers; "troops remaining in Yelnya" for the troops near the
  border).

Scale words in a unit multiply the value: {value: 60, unit: "million USD"} equals {value: 60000000, unit: USD}.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from harness.match.base import NO_MATCH, Context, Level, Match
from harness.match.counted import Counted, counted, other_thing
from harness.model import evidence_list
from harness.normalize import same_at_precision, significant_digits
from harness.units import Unit, canonical, convert, dimensioned, same_dimension


@dataclass(frozen=True)
class Quantity:
    """A figure normalised once: value scaled to its canonical unit, its significant digits, tolerance."""

    value: float
    unit: Unit
    digits: int
    tolerance: float | None


@dataclass(frozen=True)
class FigureKey:
    """A figure prepared for matching: its quantity and, when it has a subject, what that says it counts."""

    quantity: Quantity
    counted: Counted | None = None
    unit_text: str = ""
    key: str = ""
    """A gold figure's name for the memo of what its predictions may name (type, id, subject)."""
    quotes: tuple[str, ...] = ()
    """A gold figure's evidence quotes."""


def quantity(value: float, unit_text: str, tolerance: float | None = None) -> Quantity:
    cu = canonical(unit_text)
    v = float(value) * cu.scale
    return Quantity(v, cu.unit, significant_digits(float(value)), tolerance)


def _close(a: float, b: float, tol: float) -> bool:
    if b == 0:
        return abs(a) <= tol
    return abs(a - b) <= tol * abs(b) + 1e-12


def agree(gold: Quantity, pred: Quantity, tol: float) -> tuple[Level, str]:
    """Compare two quantities by the module rule; returns the level and a reason."""
    if gold.unit.name == pred.unit.name:
        if _close(pred.value, gold.value, tol):
            return Level.FULL, f"{_fmt(pred.value)} {pred.unit.name} equals gold within {tol:.0%}"
        misread = _in_other_unit(gold, pred, tol)
        if misread is not None:
            return Level.PARTIAL, misread
        return Level.NONE, f"{_fmt(pred.value)} ≠ {_fmt(gold.value)} {gold.unit.name}"
    converted = convert(pred.value, pred.unit, gold.unit)
    if converted is not None:
        if _same_at_precision(converted, gold, tol):
            return Level.FULL, (
                f"{_fmt(pred.value)} {pred.unit.name} = {_fmt(converted)} {gold.unit.name}, "
                f"agrees with {_fmt(gold.value)} {gold.unit.name} at the precision written"
            )
        if _close(pred.value, gold.value, tol):
            return Level.PARTIAL, f"value {_fmt(pred.value)} right but unit {pred.unit.name!r} ≠ {gold.unit.name!r}"
        misread = _in_other_unit(gold, pred, tol)
        if misread is not None:
            return Level.PARTIAL, misread
        return Level.NONE, f"{_fmt(pred.value)} {pred.unit.name} = {_fmt(converted)} {gold.unit.name} ≠ {_fmt(gold.value)}"
    if _close(pred.value, gold.value, tol):
        return Level.PARTIAL, f"value {_fmt(pred.value)} right but unit {pred.unit.name!r} ≠ {gold.unit.name!r}"
    misread = _in_other_unit(gold, pred, tol)
    if misread is not None:
        return Level.PARTIAL, misread
    return Level.NONE, f"{_fmt(pred.value)} {pred.unit.name} ≠ {_fmt(gold.value)} {gold.unit.name}"


def _in_other_unit(gold: Quantity, pred: Quantity, tol: float) -> str | None:
    """The reason when the predicted number is right in another unit than the one it carries: one of
    its own dimension, or of the gold's."""
    others = same_dimension(pred.unit)
    if gold.unit.dimension != pred.unit.dimension:
        others += [u for u in dimensioned() if u.dimension == gold.unit.dimension]
    for other in others:
        again = convert(pred.value, other, gold.unit)
        if again is not None and _same_at_precision(again, gold, tol):
            return f"{_fmt(pred.value)} is the value in {other.name}, but the unit says {pred.unit.name!r}"
    return None


def _same_at_precision(value: float, gold: Quantity, tol: float) -> bool:
    """Within the tolerance, or equal to the gold value at the significant figures it was written with."""
    return _close(value, gold.value, tol) or same_at_precision(value, gold.value, gold.digits)


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"


_SMALLEST = 1e-6
"""Values nearer zero than this (and non-finite ones) are compared with every figure: no ratio bound holds."""


def _own_reach(gold: Quantity, tolerance: float) -> float | None:
    """The widest |ln(v / gold)| at which a value ``v`` can agree with this gold value, or None when
    no bound holds: within the relative ``tolerance``, or — the writer's precision — rounding to the
    gold's significant figures, which keeps ``v`` within half a unit of its last digit (a round 100,000
    reaches 50,000–150,000; 123,456 hardly anything)."""
    half = 0.5 * 10.0 ** (math.floor(math.log10(abs(gold.value))) - gold.digits + 1)
    share = max(tolerance, half / abs(gold.value)) * (1 + 1e-9) + 1e-12
    return None if share >= 0.999 else -math.log(1.0 - share)


def _spaces(q: Quantity, *, misread: bool = False) -> list[tuple[tuple[str, ...], float]]:
    """Where a value can meet another: its own value, and its value in its dimension's base unit.

    With ``misread`` (a prediction), also its value read in every unit of every dimension: the
    number may be right under the wrong unit ("160 km" for the 160 miles that are 260 km; "257 years"
    for the 160 miles).
    """
    sign = "+" if q.value > 0 else "-"
    out: list[tuple[tuple[str, ...], float]] = [(("raw", sign), math.log(abs(q.value)))]
    if q.unit.dimension is not None:
        out.append((("base", q.unit.dimension, sign), math.log(abs(q.value * q.unit.factor))))
    if misread:
        out.extend((("base", str(u.dimension), sign), math.log(abs(q.value * u.factor))) for u in dimensioned())
    return out


def _wild(q: Quantity) -> bool:
    base = q.value * q.unit.factor
    return not math.isfinite(q.value) or abs(q.value) < _SMALLEST or not math.isfinite(base) or base == 0


class FigureMatcher:
    type = "figure"

    def setup(self, ctx: Context, facts: Sequence[Any], negatives: Sequence[Any]) -> None:
        """Nothing of the article beyond the pair is needed."""

    def candidates(self, gold_keys: list[FigureKey], pred_keys: list[FigureKey], ctx: Context
                   ) -> set[tuple[int, int]]:
        """Pairs whose values are near enough, as given or in a shared dimension, to agree (blocking).

        A superset of the pairs :meth:`compare` can match: a value agrees with a gold value only within
        that gold value's own reach (its tolerance and its written precision), so each prediction is
        looked up in a sorted index of the gold values within the widest reach, then checked against
        each one's own; zero, tiny and non-finite values, and gold values no ratio bounds, pair with
        everything. What is counted only refuses pairs, so it plays no part here.
        """
        gold = [g.quantity for g in gold_keys]
        pred = [p.quantity for p in pred_keys]
        own = [None if _wild(g) else _own_reach(g, g.tolerance if g.tolerance is not None else ctx.options.tolerance)
               for g in gold]
        reach = max((r for r in own if r is not None), default=0.0)
        index: dict[tuple[str, ...], list[tuple[float, int]]] = {}
        wild_gold = [i for i, g in enumerate(gold) if own[i] is None]
        for i, g in enumerate(gold):
            if own[i] is not None:
                for space, at in _spaces(g):
                    index.setdefault(space, []).append((at, i))
        for entries in index.values():
            entries.sort()
        keys = {space: [at for at, _ in entries] for space, entries in index.items()}
        pairs: set[tuple[int, int]] = set()
        for j, p in enumerate(pred):
            pairs.update((i, j) for i in wild_gold)
            if _wild(p):
                pairs.update((i, j) for i in range(len(gold)))
                continue
            for space, at in _spaces(p, misread=True):
                if space in index:
                    lo = bisect.bisect_left(keys[space], at - reach)
                    hi = bisect.bisect_right(keys[space], at + reach)
                    pairs.update((i, j) for at_g, i in index[space][lo:hi] if abs(at - at_g) <= (own[i] or 0.0))
        return pairs

    def prepare_gold(self, fact: Any, ctx: Context) -> FigureKey:
        subject = getattr(fact, "subject", None)
        return FigureKey(quantity(fact.value, fact.unit, getattr(fact, "tolerance", None)),
                         counted(subject, gold=True) if subject else None, fact.unit,
                         f"figure:{fact.id}:{subject or ''}", tuple(evidence_list(fact.evidence)))

    def prepare_pred(self, fact: Any, ctx: Context) -> FigureKey:
        subject = getattr(fact, "subject", None)
        return FigureKey(quantity(fact.value, fact.unit), counted(subject) if subject else None, fact.unit)

    def compare(self, gold_key: FigureKey, pred_key: FigureKey, ctx: Context) -> Match:
        gold, pred = gold_key.quantity, pred_key.quantity
        tol = gold.tolerance if gold.tolerance is not None else ctx.options.tolerance
        level, reason = agree(gold, pred, tol)
        if level is Level.NONE:
            return Match(Level.NONE, reason, 0.0)
        other = other_thing(gold_key.unit_text, gold_key.counted, gold_key.key, gold_key.quotes,
                            pred_key.counted, ctx)
        if other is not None:
            return Match(Level.NONE, other, 0.0)
        gap = abs(pred.value - gold.value) / abs(gold.value) if gold.value and gold.unit == pred.unit else 0.0
        return Match(level, reason, max(0.0, 1.0 - gap))


MATCHER = FigureMatcher()
__all__ = ["MATCHER", "NO_MATCH", "FigureKey", "Quantity", "agree", "quantity"]
