"""Compact JSON text of one value, as ``json.JSONEncoder(ensure_ascii=False).encode`` writes it, made
by one C encoder built once (``JSONEncoder.encode`` builds a new one on every call, which costs as
much as encoding a small value). Values must be acyclic: there is no circular-reference check.
"""

from __future__ import annotations

import json
from _json import encode_basestring as _c_basestring
from _json import make_encoder as _c_make_encoder
from collections.abc import Callable
from typing import Any


def encoder(*, sort_keys: bool = False) -> Callable[[Any], str]:
    """A function giving ``value``'s compact JSON text (keys in name order with ``sort_keys``)."""
    plain = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys, check_circular=False)
    make = _c_make_encoder(None, plain.default, _c_basestring, None, plain.key_separator, plain.item_separator,
                           sort_keys, False, True)

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return plain.encode(value)
        return "".join(make(value, 0))

    return encode


__all__ = ["encoder"]
