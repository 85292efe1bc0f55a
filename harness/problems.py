"""Wording pydantic's validation errors of prediction facts for people: one place for every source.

Predictions arrive from files, extractor return values, subprocess lines and HTTP answers; each
source reports its problems with the same words: the field path (``facts[2].value``), what is
wrong, a did-you-mean for a misspelt field, and "a finite number" for anything that is not one.
(Gold files are worded by :func:`harness.validate.schema_problems`, which also locates each problem
by line and column.)
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ValidationError

from harness.types import FACT_TYPES, REGISTRY

NUMBER_ERRORS = {"int_type", "float_type", "finite_number", "int_parsing", "float_parsing", "int_from_float"}
"""Pydantic error types that all mean: this should have been a finite number."""

_UNION_MEMBERS = (*FACT_TYPES, "int", "float", "str", "list[str]", "constrained-str", "list[constrained-str]")
"""Steps pydantic inserts into an error location that are not in the data (tags, union members)."""


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_path(path: Sequence[str | int]) -> str:
    """``("facts", 3, "value")`` → ``facts[3].value``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def field_names(model: type[BaseModel]) -> list[str]:
    """The fields of ``model`` as they are written (aliases applied: ``from``)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def explain(error: ValidationError, prefix: Sequence[str | int] = ()) -> list[str]:
    """Each problem of a prediction ``error`` as ``path: message``, once each, in pydantic's order.

    ``prefix`` is the path of the validated value in its document (``("facts", 2)``).
    """
    parts: list[str] = []
    for e in error.errors(include_url=False):
        raw_loc = tuple(e["loc"])
        loc = (*prefix, *(p for p in raw_loc
                          if p not in _UNION_MEMBERS and not (isinstance(p, str) and p.startswith("function-"))))
        msg = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            kind = next((REGISTRY[p] for p in raw_loc if isinstance(p, str) and p in REGISTRY), None)
            names = field_names(kind.prediction) if kind else []
            close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
            msg = "unknown field" + (f" — did you mean {close[0]!r}?" if close else "")
        elif e["type"] in ("union_tag_invalid", "union_tag_not_found"):
            msg = f"unknown or missing fact type (one of {', '.join(FACT_TYPES)})"
        elif e["type"] == "missing":
            msg = "missing required field"
        elif e["type"] in ("bool_type", "bool_parsing"):
            msg = f"expected true or false, got {_short(repr(e['input']), 60)}"
        elif e["type"] in NUMBER_ERRORS:
            msg = f"expected a finite number, got {_short(repr(e['input']), 60)}"
        where = format_path(loc)
        text = f"{where}: {_short(msg)}" if where else _short(msg)
        if text not in parts:
            parts.append(text)
    return parts


def summary(error: ValidationError, *, limit: int = 3) -> str:
    """The first ``limit`` problems of ``error`` on one line, with how many more there are."""
    parts = explain(error)
    return "; ".join(parts[:limit]) + (f" (+{len(parts) - limit} more)" if len(parts) > limit else "")


def first(error: ValidationError) -> str:
    """The first problem of ``error`` (an extractor's malformed fact is named by its first problem)."""
    parts = explain(error)
    return parts[0] if parts else str(error)


__all__ = ["NUMBER_ERRORS", "display_path", "explain", "field_names", "first", "format_path", "summary"]
