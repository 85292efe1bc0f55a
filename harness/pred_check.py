"""Checking prediction facts at the gold validator's standard, for every source of predictions.

Every problem of a fact is listed (never "+2 more"), each as ``PATH: MESSAGE`` with its field path
(``facts[2].value``), a did-you-mean for a misspelt type or field, and plain words instead of
pydantic's. A field a type does not have — a spaCy ``label``, a tool's own ``score`` — is a
*warning*: it is named with its path, dropped, and the fact is still scored; with ``strict`` it is
an error like any other.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from harness.model import Distance, Prediction, fact_to_dict
from harness.problems import explain, field_names, format_path
from harness.types import FACT_TYPES, REGISTRY

_PRED: TypeAdapter[Any] = TypeAdapter(Prediction)
_DISTANCE_FIELDS = field_names(Distance)
_FIELDS = {t: field_names(kind.prediction) for t, kind in REGISTRY.items()}
"""Each type's prediction fields, as written."""
WARNING = "warning: "
"""Prefix of a warning among a source's problems (an unknown field, dropped)."""


@dataclass
class CheckedFacts:
    """Validated prediction models, the problems that make the list unusable, and warnings."""

    facts: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


def _unknown(item: dict[str, Any], allowed: Sequence[str], path: tuple[str | int, ...], out: list[str]) -> dict[str, Any]:
    kept = {}
    for key, value in item.items():
        if key in allowed:
            kept[key] = value
        else:
            out.append(f"{format_path((*path, str(key)))}: unknown field, ignored{did_you_mean(str(key), allowed)}")
    return kept


def check_facts(raw: Any, *, prefix: Sequence[str | int] = ("facts",), strict: bool = False) -> CheckedFacts:
    """Check a list of prediction facts (dicts or model instances); see the module docstring."""
    out = CheckedFacts()
    where = tuple(prefix)
    if isinstance(raw, (str, bytes, dict)) or not isinstance(raw, (list, tuple)):
        out.problems.append(f"{format_path(where) or 'facts'}: expected a list of facts, got {type(raw).__name__}")
        return out
    for k, item in enumerate(raw):
        path = (*where, k)
        if hasattr(item, "model_dump"):
            item = fact_to_dict(item)
        if not isinstance(item, dict):
            out.problems.append(f"{format_path(path)}: expected a fact object, got {type(item).__name__}")
            continue
        kind = item.get("type")
        if kind not in REGISTRY:
            what = "missing fact type" if kind is None else f"unknown fact type {kind!r}"
            hint = did_you_mean(kind, FACT_TYPES) if isinstance(kind, str) else ""
            out.problems.append(f"{format_path((*path, 'type'))}: {what}{hint} (one of {', '.join(FACT_TYPES)})")
            continue
        unknown: list[str] = []
        item = _unknown(item, _FIELDS[kind], path, unknown)
        if isinstance(item.get("distance"), dict):
            item["distance"] = _unknown(item["distance"], _DISTANCE_FIELDS, (*path, "distance"), unknown)
        (out.problems if strict else out.warnings).extend(
            u.replace(", ignored", "") if strict else u for u in unknown)
        try:
            out.facts.append(_PRED.validate_python(item))
        except ValidationError as exc:
            out.problems.extend(explain(exc, path))
    return out


__all__ = ["WARNING", "CheckedFacts", "check_facts", "did_you_mean"]
