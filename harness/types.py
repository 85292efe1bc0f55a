"""The registry of fact types: everything the harness knows about each type, in one place.

Every part of the harness that treats types differently iterates :data:`REGISTRY` (or looks a type
up in it) instead of naming types: scoring takes each type's matcher, validation its models and
reference fields, the oracle and the reports its display rule. Adding a type means adding one
:class:`FactType` here, its models in :mod:`harness.model` and its matcher in :mod:`harness.match`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from harness.match import claim, date, figure, place, speaker
from harness.match.base import Matcher
from harness.model import (
    GoldClaim,
    GoldDate,
    GoldFigure,
    GoldPlace,
    GoldSpeaker,
    NegativeClaim,
    NegativeDate,
    NegativeFigure,
    NegativePlace,
    NegativeSpeaker,
    PredClaim,
    PredDate,
    PredFigure,
    PredPlace,
    PredSpeaker,
)


def _num(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def _speaker(fact: Mapping[str, Any], names: Mapping[str, str]) -> Any:
    speaker = fact.get("speaker")
    return names.get(speaker, speaker) if isinstance(speaker, str) else speaker


def _show_figure(fact: Mapping[str, Any], names: Mapping[str, str]) -> str:
    text = f"{'≈ ' if fact.get('approx') else ''}{_num(fact.get('value'))} {fact.get('unit', '')}".strip()
    speaker = _speaker(fact, names)
    return text + (f" (per {speaker})" if speaker else "")


def _show_speaker(fact: Mapping[str, Any], names: Mapping[str, str]) -> str:
    return ", ".join(str(x) for x in (fact.get("name"), fact.get("role")) if x)


def _show_date(fact: Mapping[str, Any], names: Mapping[str, str]) -> str:
    return f"{fact.get('value')}" + (f" (“{fact['text']}”)" if fact.get("text") else "")


def _show_place(fact: Mapping[str, Any], names: Mapping[str, str]) -> str:
    distance = fact.get("distance")
    if not isinstance(distance, Mapping):
        return str(fact.get("name", ""))
    parts = [_num(distance.get("value")), distance.get("unit"), distance.get("direction")]
    where = f" of {distance['from']}" if distance.get("from") else ""
    return str(fact.get("name", "")) + ", " + " ".join(str(p) for p in parts if p) + where


def _show_claim(fact: Mapping[str, Any], names: Mapping[str, str]) -> str:
    return f"{_speaker(fact, names)}: “{fact.get('text', '')}”"


@dataclass(frozen=True)
class FactType:
    """One fact type: its models, matcher, id prefix, description and how it is shown."""

    name: str
    gold: type[BaseModel]
    negative: type[BaseModel]
    prediction: type[BaseModel]
    matcher: Matcher[Any, Any]
    id_prefix: str
    """Gold ids of this type start with it (``fig-troops-90000``); see gold/GUIDELINES.md §7."""
    description: str
    references: tuple[str, ...] = ()
    """Fields that, in gold, hold the id of a speaker fact (in predictions: a name)."""
    show: Callable[[Mapping[str, Any], Mapping[str, str]], str] = _show_speaker
    """One-line display of a fact given as JSON data, gold speaker ids resolved through ``names``."""


def describe(fact: Mapping[str, Any] | None, names: Mapping[str, str] | None = None) -> str:
    """A gold fact or prediction (JSON data) in one line, by its type's display rule.

    Gold speaker ids become names through ``names``; a fact of no known type shows its key fields;
    each alternative reading follows as ``| or: …``.
    """
    if not fact:
        return ""
    kind = REGISTRY.get(str(fact.get("type")))
    if kind is None:
        return " ".join(str(fact[k]) for k in ("name", "value", "unit", "speaker", "text") if k in fact)
    text = kind.show(fact, names or {})
    for alt in fact.get("alternatives") or ():
        text += " | or: " + kind.show({**fact, **alt}, names or {})
    return text


REGISTRY: dict[str, FactType] = {
    t.name: t
    for t in (
        FactType("figure", GoldFigure, NegativeFigure, PredFigure, figure.MATCHER, "fig",
                 "a stated quantity: value, unit, approx, subject, speaker", ("speaker",), _show_figure),
        FactType("speaker", GoldSpeaker, NegativeSpeaker, PredSpeaker, speaker.MATCHER, "spk",
                 "a person or organisation quoted or paraphrased as asserting something", (), _show_speaker),
        FactType("date", GoldDate, NegativeDate, PredDate, date.MATCHER, "date",
                 "a calendar day, month or year, resolved against the publication date", (), _show_date),
        FactType("place", GoldPlace, NegativePlace, PredPlace, place.MATCHER, "place",
                 "a named location, with its distance when the text gives one", (), _show_place),
        FactType("claim", GoldClaim, NegativeClaim, PredClaim, claim.MATCHER, "claim",
                 "an attributed assertion: who claimed what", ("speaker",), _show_claim),
    )
}
"""Every fact type by name, in the order reports list them."""

FACT_TYPES: tuple[str, ...] = tuple(REGISTRY)
"""Every fact type's name, in the order reports list them."""

SCOPES: tuple[str, ...] = ("overall", *FACT_TYPES)
"""What a metric can be asked of: the whole run or one type."""


def fact_type(name: str) -> FactType:
    """The registered type ``name``; KeyError naming the known ones otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown fact type {name!r} (one of {', '.join(FACT_TYPES)})") from None
