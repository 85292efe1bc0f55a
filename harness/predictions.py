"""Reading prediction records (JSON lines) with located errors, and writing them back.

Each line is ``{"article": "<id>", "facts": [ … ]}``. Blank lines are skipped. Errors name the
file and line (``preds.jsonl:12: facts[2].value: …``); nothing is scored from a file with errors.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

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
from harness.pred_check import WARNING, check_facts, did_you_mean
from harness.problems import display_path

MAX_ERRORS = 50
"""Stop listing after this many problems in one file."""


class PredictionsError(Exception):
    """A predictions file that cannot be scored; ``problems`` are ``file:line: message`` strings."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows (NaN and Infinity are rejected)")


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members; a key given twice is an error (JSON readers disagree on which one counts)."""
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    for key, _ in pairs:  # the first key given twice, named as it comes
        if key in seen:
            raise ValueError(f"duplicate key {key!r} in an object")
        seen.add(key)
    raise AssertionError("unreachable")  # pragma: no cover


FACT_LIST: TypeAdapter[list[Any]] = TypeAdapter(list[Prediction])
"""Validates (and dumps) a list of prediction facts: dicts, JSON or models."""
_FACTS = FACT_LIST


class StoredPredictions(Mapping[str, list[Any]]):
    """Already validated predictions per article, kept as compact JSON and parsed again when read.

    What running an extractor produced: memory holds a few kilobytes per article, and the scorer
    builds one article's models at a time.
    """

    def __init__(self, facts_json: Mapping[str, bytes]) -> None:
        self._json = dict(facts_json)

    def __getitem__(self, article: str) -> list[Any]:
        return FACT_LIST.validate_json(self._json[article])

    def __iter__(self) -> Iterator[str]:
        return iter(self._json)

    def __len__(self) -> int:
        return len(self._json)

    def raw(self) -> Mapping[str, bytes]:
        """Each article's facts as the compact JSON they are kept in."""
        return self._json


_VALIDATED = (PredFigure, PredSpeaker, PredDate, PredPlace, PredClaim)


def parse_facts(facts: Any) -> list[Any]:
    """Validate a list of prediction facts (dicts or model instances); raises ValidationError.

    A list of prediction model instances — what the extractor runners return — is valid by
    construction and is kept as it is (a new list, the same objects), not validated again.
    """
    if isinstance(facts, list) and all(type(f) in _VALIDATED for f in facts):
        return list(facts)
    if isinstance(facts, list) and all(hasattr(f, "model_dump") for f in facts):
        facts = [fact_to_dict(f) for f in facts]
    return _FACTS.validate_python(facts)


MAX_STREAM_BYTES = 512 * 1024 * 1024
"""Most read from a predictions path that is not a regular file (a FIFO, process substitution)."""


def _read_bounded(path: Path, name: str) -> bytes:
    """The bytes of a predictions file: a regular file whole, a FIFO up to :data:`MAX_STREAM_BYTES`.

    Devices (``/dev/zero``), directories and sockets are refused: they are never predictions.
    """
    try:
        with open(path, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if stat.S_ISREG(mode):
                return fh.read()
            if not stat.S_ISFIFO(mode):
                raise PredictionsError([f"{name}: not a regular file (a device or a directory); give a JSON-lines file"])
            data = fh.read(MAX_STREAM_BYTES + 1)
    except OSError as exc:
        raise PredictionsError([f"{name}: cannot read: {exc.strerror or exc}"]) from None
    if len(data) > MAX_STREAM_BYTES:
        raise PredictionsError([f"{name}: more than {MAX_STREAM_BYTES // (1024 * 1024)} MiB from a pipe; "
                                "write the predictions to a file"])
    return data


_ARTICLE = re.compile(rb'\s*\{\s*"article"\s*:\s*"((?:[^"\\]|\\.)*)"')
_BLANK = re.compile(rb"\s*")


class PredictionIndex:
    """A predictions file indexed by article: each line is parsed and validated when its article is scored.

    Memory holds the file's bytes once and, per article, where its line lies — not parsed facts.
    Lines end at ``\n`` (a ``\r`` before it is dropped; a U+2028 inside a JSON string is text, not
    a line break). Problems (invalid JSON or UTF-8, wrong fields, an unknown or repeated article id)
    are collected in ``problems`` as ``file:line: message``; those found while indexing are there
    as soon as the index is built, and :meth:`check` raises them all together.
    """

    def __init__(self, path: Path, known: Collection[str], *, strict: bool = False) -> None:
        self.name = display_path(path)
        self.strict = strict
        self.problems: list[str] = []
        self._lines: dict[str, tuple[int, int, int]] = {}  # article → (line number, start, end) in _raw
        self._raw = raw = _read_bounded(path, self.name)
        known = known if isinstance(known, (set, frozenset, dict)) else set(known)  # looked up once per line
        pos = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # a UTF-8 byte order mark is not content
        number = 0
        while pos < len(raw):
            end = raw.find(b"\n", pos)
            if end < 0:
                end = len(raw)
            number += 1
            lo, hi, pos = pos, end - (raw[end - 1:end] == b"\r"), end + 1
            if _BLANK.fullmatch(raw, lo, hi):
                continue
            article = self._article_id(number, lo, hi)
            if article is None:
                continue
            if article not in known:
                hint = ", ".join(sorted(known)[:5]) + (" …" if len(known) > 5 else "")
                self._problem(f"{self.name}:{number}: unknown article id {article!r} (known: {hint})")
            elif article in self._lines:
                self._problem(f"{self.name}:{number}: article {article!r} already has predictions on line "
                              f"{self._lines[article][0]}; put all of an article's facts on one line")
            else:
                self._lines[article] = (number, lo, hi)

    def _article_id(self, number: int, lo: int, hi: int) -> str | None:
        """The line's article id, read from its start when written plainly, else by parsing the line."""
        m = _ARTICLE.match(self._raw, lo, hi)
        if m and b"\\" not in m.group(1) and self._raw.count(b'"article"', lo, hi) == 1:
            try:
                return m.group(1).decode("utf-8")
            except UnicodeDecodeError:
                pass
        record, problems = self._read_line(number, lo, hi)
        for problem in problems:
            if not problem.startswith(WARNING):  # warnings are said when the article is read
                self._problem(problem)
        return None if record is None else record.article

    def _problem(self, message: str) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(message)
        elif len(self.problems) == MAX_ERRORS:
            self.problems.append(f"{self.name}: stopped listing after {MAX_ERRORS} problems")

    def _read_line(self, number: int, lo: int, hi: int) -> tuple[PredictionRecord | None, list[str]]:
        """The line's record (None when unusable) and every problem of it, warnings prefixed ``warning: ``."""
        at = f"{self.name}:{number}: "
        try:
            line = self._raw[lo:hi].decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, [f"{at}not UTF-8 text (byte {exc.start + 1} of the line); save the file as UTF-8"]
        try:
            data = json.loads(line, parse_constant=_reject_constant, object_pairs_hook=unique_keys)
        except RecursionError:
            return None, [f"{at}invalid JSON: nested too deeply"]
        except (json.JSONDecodeError, ValueError) as exc:
            return None, [f"{at}invalid JSON: {exc}"]
        return read_record(data, at, strict=self.strict)

    def __contains__(self, article: object) -> bool:
        return article in self._lines

    def articles(self) -> list[str]:
        return sorted(self._lines)

    def get(self, article: str) -> list[Any]:
        """The article's predictions (empty when it has no line, or its line is invalid: see ``problems``)."""
        facts, problems = self.read(article)
        self.record(problems)
        return facts

    def read(self, article: str) -> tuple[list[Any], list[str]]:
        """The article's predictions and the problems of its line, recording nothing."""
        if article not in self._lines:
            return [], []
        record, problems = self._read_line(*self._lines[article])
        return (list(record.facts) if record is not None else []), problems

    def record(self, problems: Iterable[str]) -> None:
        """Add problems found by :meth:`read` (in another process, say) to ``problems``."""
        for problem in problems:
            self._problem(problem)

    def check(self) -> None:
        """Raise :class:`PredictionsError` when any problem was met."""
        if self.problems:
            raise PredictionsError(self.problems)


def read_record(data: Any, at: str = "", *, strict: bool = False) -> tuple[PredictionRecord | None, list[str]]:
    """One ``{"article", "facts"}`` record checked field by field: the record (None when it has
    problems) and every problem, each ``AT PATH: MESSAGE``; warnings (unknown fields, dropped) are
    prefixed ``warning: `` and leave the record usable unless ``strict``."""
    if not isinstance(data, dict):
        return None, [f'{at}expected an object {{"article": ID, "facts": [...]}}, got {type(data).__name__}']
    problems: list[str] = []
    warnings: list[str] = []
    for key in data:
        if key not in ("article", "facts"):
            message = f"{key}: unknown field{'' if strict else ', ignored'}{did_you_mean(str(key), ['article', 'facts'])}"
            (problems if strict else warnings).append(message)
    article = data.get("article")
    if not isinstance(article, str) or not article:
        problems.append("article: missing or not a non-empty string (the article id)")
    checked = check_facts(data.get("facts", []), strict=strict)
    problems += checked.problems
    warnings += checked.warnings
    lines = [f"{at}{p}" for p in problems] + [f"{WARNING}{at}{w}" for w in warnings]
    if problems or not isinstance(article, str):
        return None, lines
    return PredictionRecord.model_construct(article=article, facts=checked.facts), lines


def prediction_lines(records: Mapping[str, Iterable[Any]]) -> str:
    """Prediction records as JSON lines, articles in id order (for ``--save-predictions``)."""
    lines = []
    for aid in sorted(records):
        facts = [fact_to_dict(f) if hasattr(f, "model_dump") else f for f in records[aid]]
        lines.append(json.dumps({"article": aid, "facts": facts}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)
