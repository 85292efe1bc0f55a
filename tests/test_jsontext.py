"""The fast compact encoder writes exactly what ``json.JSONEncoder(ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from harness.jsontext import encoder

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(value=VALUES)
def test_the_same_text_as_the_standard_encoder(value: Any) -> None:
    assert encoder()(value) == json.JSONEncoder(ensure_ascii=False).encode(value)
    assert encoder(sort_keys=True)(value) == json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode(value)
