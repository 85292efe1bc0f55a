"""The fact-type registry: every type has models, a matcher and a display rule, and nothing else lists types."""

from __future__ import annotations

import pathlib
import re

from harness.match.base import Matcher
from harness.types import FACT_TYPES, REGISTRY, describe, fact_type

MATCHER_METHODS = [m for m in vars(Matcher) if not m.startswith("_") and callable(vars(Matcher)[m])]

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "harness"


def test_every_type_is_complete() -> None:
    for name, kind in REGISTRY.items():
        assert kind.name == name
        assert kind.gold.model_fields["type"].default == name
        assert kind.prediction.model_fields["type"].default == name
        assert kind.negative.model_fields["type"].default == name
        assert all(callable(getattr(kind.matcher, m, None)) for m in MATCHER_METHODS)
        assert kind.matcher.type == name
        assert kind.id_prefix and kind.description
        for field in kind.references:
            assert field in kind.gold.model_fields


def test_fact_types_are_the_registry() -> None:
    assert FACT_TYPES == tuple(REGISTRY) == ("figure", "speaker", "date", "place", "claim")


def test_no_other_module_enumerates_the_types() -> None:
    listing = re.compile(r'"figure",\s*"speaker"|\("figure", "speaker", "date", "place", "claim"\)')
    offenders = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
                 if p.name != "types.py" and listing.search(p.read_text(encoding="utf-8"))]
    assert not offenders


def test_describe() -> None:
    assert describe({"type": "figure", "value": 90000, "unit": "troops", "approx": True}) == "≈ 90,000 troops"
    assert describe({"type": "claim", "speaker": "spk-peskov", "text": "no threat"},
                    {"spk-peskov": "Dmitry Peskov"}) == "Dmitry Peskov: “no threat”"
    assert describe(None) == ""
    assert fact_type("date").name == "date"
