"""What every part of the HTML report shares: escaping, the outcome labels, one-line descriptions of facts
(the fact-type registry's display rule, :func:`harness.types.describe`).

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
import re
from collections.abc import Mapping
from typing import Any

from harness.outcomes import GOLD_OUTCOMES
from harness.types import describe

__all__ = ["GOLD_OUTCOMES", "OUTCOME_LABELS", "confidence_of", "describe", "esc", "interval_level", "pair"]

OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "tp": ("✓", "found"),
    "partial": ("◐", "partial"),
    "fn": ("✗", "missed"),
    "fp": ("⚠", "false positive"),
    "negative": ("⊘", "negative"),
    "duplicate": ("≡", "duplicate"),
}
"""Icon and label of each outcome: colour is never the only cue."""


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embedding, override and isolate controls: they can make "evil" display as "live"."""


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute.

    Bidirectional controls are shown as what they are (``[U+202E]``), never obeyed, so text from an
    extractor or the corpus cannot reorder what the page shows (in the title either, where markup
    cannot isolate it).
    """
    text = _BIDI.sub(lambda m: f"[U+{ord(m[0]):04X}]", str(value))
    return html.escape(text, quote=True)


def pair(ftype: str, outcome: str, optional: bool) -> str:
    """What the filters match on: ``type:outcome:1`` (optional) or ``type:outcome:0``."""
    return f"{ftype}:{outcome}:{int(optional)}"


def confidence_of(prediction: Mapping[str, Any] | None) -> float | None:
    """The prediction's ``confidence`` when it carried a number there (not a bool), else None."""
    value = (prediction or {}).get("confidence")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def interval_level(ci: Mapping[str, Any]) -> str:
    """The confidence level of the result's intervals as a percentage, such as ``95%`` (the default)."""
    level = ci.get("level", 0.95)
    return f"{float(level) * 100:g}%" if isinstance(level, (int, float)) else "95%"
