"""What every part of the HTML report shares: escaping, the outcome labels, one-line descriptions of facts.

Rules:

* :func:`esc` is how any text from the result or the corpus enters the page: it escapes for HTML text
  and for quoted attributes alike;
* every outcome has an icon and a label (:data:`OUTCOME_LABELS`): colour is never the only cue;
* the gold outcomes (:data:`GOLD_OUTCOMES`) are one detail per gold fact; every other outcome is a
  prediction that matched no gold fact;
* a filter key (:func:`pair`) is ``type:outcome:1`` for an optional fact, ``type:outcome:0`` otherwise.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "tp": ("✓", "found"),
    "partial": ("◐", "partial"),
    "fn": ("✗", "missed"),
    "fp": ("⚠", "false positive"),
    "negative": ("⊘", "negative"),
    "duplicate": ("≡", "duplicate"),
}
"""Icon and label of each outcome: colour is never the only cue."""


GOLD_OUTCOMES = ("tp", "partial", "fn")
"""Outcomes of gold facts (one detail per gold fact); the others are unmatched predictions."""


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def pair(ftype: str, outcome: str, optional: bool) -> str:
    """What the filters match on: ``type:outcome:1`` (optional) or ``type:outcome:0``."""
    return f"{ftype}:{outcome}:{int(optional)}"


def describe(fact: Mapping[str, Any] | None, names: Mapping[str, str] | None = None) -> str:
    """A one-line description of a gold fact or prediction (gold speaker ids become names via ``names``)."""
    if not fact:
        return ""
    names = names or {}
    speaker = fact.get("speaker")
    speaker = names.get(speaker, speaker) if isinstance(speaker, str) else speaker
    kind = fact.get("type")
    if kind == "figure":
        text = f"{'≈ ' if fact.get('approx') else ''}{_num(fact.get('value'))} {fact.get('unit', '')}".strip()
        return text + (f" (per {speaker})" if speaker else "")
    if kind == "speaker":
        return ", ".join(str(x) for x in (fact.get("name"), fact.get("role")) if x)
    if kind == "date":
        return f"{fact.get('value')}" + (f" (“{fact['text']}”)" if fact.get("text") else "")
    if kind == "place":
        return str(fact.get("name", "")) + _distance(fact.get("distance"))
    if kind == "claim":
        return f"{speaker}: “{fact.get('text', '')}”"
    return " ".join(str(fact[k]) for k in ("name", "value", "unit", "speaker", "text") if k in fact)


def _distance(distance: Any) -> str:
    if not isinstance(distance, Mapping):
        return ""
    parts = [_num(distance.get("value")), distance.get("unit"), distance.get("direction")]
    where = f" of {distance['from']}" if distance.get("from") else ""
    return ", " + " ".join(str(p) for p in parts if p) + where


def _num(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def confidence_of(prediction: Mapping[str, Any] | None) -> float | None:
    """The prediction's ``confidence`` when it carried a number there (not a bool), else None."""
    value = (prediction or {}).get("confidence")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def interval_level(ci: Mapping[str, Any]) -> str:
    """The confidence level of the result's intervals as a percentage, such as ``95%`` (the default)."""
    level = ci.get("level", 0.95)
    return f"{float(level) * 100:g}%" if isinstance(level, (int, float)) else "95%"
