"""Reading prediction records (JSON lines) with located errors, and writing them back.

Each line is ``{"article": "<id>", "facts": [ … ]}``. Blank lines are skipped. Errors name the
file and line (``preds.jsonl:12: facts[2].value: …``); nothing is scored from a file with errors.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from harness.model import (
    PredClaim,
    PredDate,
    PredFigure,
    Prediction,
    PredictionRecord,
    PredPlace,
    PredSpeaker,
    fact_to_dict,
)
from harness.validate import display_path, field_names, format_path

MAX_ERRORS = 50
"""Stop listing after this many problems in one file."""


class PredictionsError(Exception):
    """A predictions file that cannot be scored; ``problems`` are ``file:line: message`` strings."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows (NaN and Infinity are rejected)")


_PRED: dict[str, type[BaseModel]] = {"figure": PredFigure, "speaker": PredSpeaker, "date": PredDate, "place": PredPlace, "claim": PredClaim}


def _describe(error: ValidationError) -> str:
    parts = []
    for e in error.errors(include_url=False):
        raw_loc = tuple(e["loc"])
        loc = tuple(p for p in raw_loc if p not in ("figure", "speaker", "date", "place", "claim", "int", "float"))
        where = format_path(loc)
        msg = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            model = next((_PRED[p] for p in raw_loc if isinstance(p, str) and p in _PRED), None)
            close = difflib.get_close_matches(str(loc[-1]), field_names(model), n=1, cutoff=0.6) if model else []
            msg = "unknown field" + (f" — did you mean {close[0]!r}?" if close else "")
        elif e["type"] in ("union_tag_invalid", "union_tag_not_found"):
            msg = "unknown or missing fact type (one of figure, speaker, date, place, claim)"
        text = f"{where}: {msg}" if where else msg
        if text not in parts:
            parts.append(text)
    return "; ".join(parts[:3]) + (f" (+{len(parts) - 3} more)" if len(parts) > 3 else "")


_FACTS = TypeAdapter(list[Prediction])


def parse_facts(facts: Any) -> list[Any]:
    """Validate a list of prediction facts (dicts or model instances); raises ValidationError."""
    if isinstance(facts, list) and all(hasattr(f, "model_dump") for f in facts):
        facts = [fact_to_dict(f) for f in facts]
    return _FACTS.validate_python(facts)


def read_predictions(path: Path, known: Collection[str]) -> dict[str, list[Any]]:
    """Read a predictions file; raises :class:`PredictionsError` listing located problems.

    ``known`` are the article ids of the corpus; a record for another id is an error. An article
    appearing on two lines is an error too (it would be ambiguous which one to score).
    """
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PredictionsError([f"{name}: cannot read: {exc.strerror or exc}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PredictionsError([f"{name}: not UTF-8 text (byte {exc.start})"]) from None
    out: dict[str, list[Any]] = {}
    first_line: dict[str, int] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if len(problems) >= MAX_ERRORS:
            problems.append(f"{name}: stopped after {MAX_ERRORS} problems")
            break
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_constant=_reject_constant)
        except (json.JSONDecodeError, ValueError) as exc:
            problems.append(f"{name}:{number}: invalid JSON: {exc}")
            continue
        try:
            record = PredictionRecord.model_validate(data)
        except ValidationError as exc:
            problems.append(f"{name}:{number}: {_describe(exc)}")
            continue
        if record.article not in known:
            hint = ", ".join(sorted(known)[:5]) + (" …" if len(known) > 5 else "")
            problems.append(f"{name}:{number}: unknown article id {record.article!r} (known: {hint})")
            continue
        if record.article in first_line:
            problems.append(
                f"{name}:{number}: article {record.article!r} already has predictions on line "
                f"{first_line[record.article]}; put all of an article's facts on one line"
            )
            continue
        first_line[record.article] = number
        out[record.article] = list(record.facts)
    if problems:
        raise PredictionsError(problems)
    return out


def prediction_lines(records: Mapping[str, Iterable[Any]]) -> str:
    """Prediction records as JSON lines, articles in id order (for ``--save-predictions``)."""
    lines = []
    for aid in sorted(records):
        facts = [fact_to_dict(f) if hasattr(f, "model_dump") else f for f in records[aid]]
        lines.append(json.dumps({"article": aid, "facts": facts}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)
