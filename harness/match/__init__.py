"""Matchers, one module per fact type; :data:`MATCHERS` maps a type name to its matcher."""

from __future__ import annotations

from typing import Any

from harness.match import claim, date, figure, place, speaker
from harness.match.base import NO_MATCH, Context, Level, Match, Matcher, Options

MATCHERS: dict[str, Matcher[Any, Any]] = {
    "figure": figure.MATCHER,
    "speaker": speaker.MATCHER,
    "date": date.MATCHER,
    "place": place.MATCHER,
    "claim": claim.MATCHER,
}

__all__ = ["MATCHERS", "NO_MATCH", "Context", "Level", "Match", "Matcher", "Options"]
