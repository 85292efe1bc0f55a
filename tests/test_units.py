"""The unit vocabulary: reading a unit string, and the units a subject's words name."""

from __future__ import annotations

import pytest

from harness.units import canonical, dimensioned, units_named


@pytest.mark.parametrize(("text", "names"), [
    ("Russian forces stationed in eastern Ukraine", {"troops"}),
    ("people killed in the separatist insurgency", {"people"}),
    ("military personnel in the rebel-controlled areas", {"troops"}),
    ("distance of Yelnya north of the Ukrainian border", set()),
    ("kilometres from the border", {"km"}),
    ("civilians and soldiers", {"people", "troops"}),
])
def test_units_named(text: str, names: set[str]) -> None:
    assert {u.name for u in units_named(text)} == names


def test_a_unit_is_read_by_its_leading_unit() -> None:
    assert canonical("km (160 miles)").unit.name == "km"
    assert canonical("million USD").scale == 1e6


def test_dimensioned_units_all_convert() -> None:
    assert {u.name for u in dimensioned()} >= {"km", "mi", "years", "months"}
    assert all(u.dimension is not None for u in dimensioned())
