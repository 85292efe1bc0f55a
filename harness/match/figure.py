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
* **partial** — the value agrees but the unit does not (90,000 troops vs 90,000 people);
* **none** — otherwise (90,000 vs 100,000 troops never match: 11% apart).

Scale words in a unit multiply the value: {value: 60, unit: "million USD"} equals {value: 60000000, unit: USD}.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.match.base import NO_MATCH, Context, Level, Match
from harness.normalize import round_sig, significant_digits
from harness.units import Unit, canonical, convert


@dataclass(frozen=True)
class Quantity:
    """A figure normalised once: value scaled to its canonical unit, its significant digits, tolerance."""

    value: float
    unit: Unit
    digits: int
    tolerance: float | None


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
        return Level.NONE, f"{_fmt(pred.value)} ≠ {_fmt(gold.value)} {gold.unit.name}"
    converted = convert(pred.value, pred.unit, gold.unit)
    if converted is not None:
        if _close(converted, gold.value, tol) or round_sig(converted, gold.digits) == round_sig(gold.value, gold.digits):
            return Level.FULL, (
                f"{_fmt(pred.value)} {pred.unit.name} = {_fmt(converted)} {gold.unit.name}, "
                f"agrees with {_fmt(gold.value)} {gold.unit.name} at the precision written"
            )
        return Level.NONE, f"{_fmt(pred.value)} {pred.unit.name} = {_fmt(converted)} {gold.unit.name} ≠ {_fmt(gold.value)}"
    if _close(pred.value, gold.value, tol):
        return Level.PARTIAL, f"value {_fmt(pred.value)} right but unit {pred.unit.name!r} ≠ {gold.unit.name!r}"
    return Level.NONE, f"{_fmt(pred.value)} {pred.unit.name} ≠ {_fmt(gold.value)} {gold.unit.name}"


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"


class FigureMatcher:
    type = "figure"

    def prepare_gold(self, fact: Any, ctx: Context) -> Quantity:
        return quantity(fact.value, fact.unit, getattr(fact, "tolerance", None))

    def prepare_pred(self, fact: Any, ctx: Context) -> Quantity:
        return quantity(fact.value, fact.unit)

    def compare(self, gold: Quantity, pred: Quantity, ctx: Context) -> Match:
        tol = gold.tolerance if gold.tolerance is not None else ctx.options.tolerance
        level, reason = agree(gold, pred, tol)
        if level is Level.NONE:
            return Match(Level.NONE, reason, 0.0)
        gap = abs(pred.value - gold.value) / abs(gold.value) if gold.value and gold.unit == pred.unit else 0.0
        return Match(level, reason, max(0.0, 1.0 - gap))


MATCHER = FigureMatcher()
__all__ = ["MATCHER", "NO_MATCH", "Quantity", "agree", "quantity"]
