"""Predictions written as they come, and interrupted runs continued from them.

While an extractor runs, ``--save-predictions FILE`` appends each article's line
(``{"article": ID, "facts": [...]}``) the moment the article is done and flushes it, so a run that
is stopped — Ctrl-C, SIGTERM, a crash, a lost machine — keeps everything extracted so far. When the
run completes the file is rewritten atomically in article-id order, exactly as a run that was never
interrupted writes it.

``--resume FILE`` reads such a file back: every complete line is an article already done; a last line
cut off in the middle of writing (no final newline, or not JSON) is detected, reported and cut away,
and that article is extracted again. Articles the extractor failed on were never written, so they
are asked again too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from harness.predictions import FACT_LIST, PredictionsError
from harness.problems import display_path, summary


def record_line(article: str, facts_json: bytes) -> str:
    """One article's line, byte for byte as :func:`harness.predictions.prediction_lines` writes it."""
    return json.dumps({"article": article, "facts": json.loads(facts_json)}, ensure_ascii=False) + "\n"


@dataclass
class Partial:
    """What a predictions file of an interrupted run holds."""

    done: dict[str, bytes] = field(default_factory=dict)
    """Article id → validated facts (compact JSON) of every complete line."""
    good_bytes: int = 0
    """Length of the file up to the end of its last complete line."""
    torn: str | None = None
    """A note when the last line was cut off (it is dropped)."""


def read_partial(path: Path, known: Collection[str]) -> Partial:
    """Read a (possibly interrupted) predictions file; a missing file is an empty one.

    Raises :class:`PredictionsError` for a bad line other than a torn last one, or an unknown article.
    """
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Partial()
    except OSError as exc:
        raise PredictionsError([f"{name}: cannot read: {exc.strerror or exc}"]) from None
    out = Partial()
    problems: list[str] = []
    pos, number = 0, 0
    while pos < len(raw):
        end = raw.find(b"\n", pos)
        last = end < 0
        line = raw[pos:] if last else raw[pos:end]
        number += 1
        if not line.strip():
            pos = len(raw) if last else end + 1
            if not last:
                out.good_bytes = pos
            continue
        try:
            data = json.loads(line)
            article, facts = data["article"], data["facts"]
            if not isinstance(article, str):
                raise TypeError("article is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            if last or not raw[end + 1:].strip():
                out.torn = (f"{name}:{number}: the last line is incomplete (the run was interrupted while writing "
                            "it); that article is extracted again")
                break
            problems.append(f"{name}:{number}: not a predictions line: {exc}")
            pos = end + 1
            continue
        if last:
            out.torn = (f"{name}:{number}: the last line has no line end (the run was interrupted while writing "
                        "it); that article is extracted again")
            break
        if article not in known:
            problems.append(f"{name}:{number}: unknown article id {article!r}")
        else:
            try:
                out.done[article] = FACT_LIST.dump_json(FACT_LIST.validate_python(facts), by_alias=True,
                                                        exclude_none=True)
            except ValidationError as exc:
                problems.append(f"{name}:{number}: {summary(exc)}")
        pos = end + 1
        out.good_bytes = pos
    if problems:
        raise PredictionsError(problems)
    return out


class PredictionLog:
    """Appends each finished article's line to a predictions file, flushed at once."""

    def __init__(self, path: Path, done: Mapping[str, bytes] | None = None, *, keep_bytes: int | None = None) -> None:
        self.path = path
        directory = path.parent if str(path.parent) else Path(".")
        if not directory.is_dir():
            raise PredictionsError([f"cannot write {path}: directory {directory} does not exist"])
        self._records: dict[str, bytes] = dict(done or {})
        if keep_bytes is not None and path.exists():
            with path.open("r+b") as fh:  # drop a torn last line before appending after it
                fh.truncate(keep_bytes)
            self._fh: IO[bytes] = path.open("ab")
        else:
            self._fh = path.open("wb")
            for article in sorted(self._records):
                self._fh.write(record_line(article, self._records[article]).encode("utf-8"))
            self._fh.flush()

    def add(self, article: str, facts_json: bytes) -> None:
        """Write one article's line now."""
        self._records[article] = facts_json
        self._fh.write(record_line(article, facts_json).encode("utf-8"))
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    def finish(self) -> int:
        """Rewrite the file atomically in article-id order (as an uninterrupted run writes it); returns the count."""
        self.close()
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        with tmp.open("wb") as fh:
            for article in sorted(self._records):
                fh.write(record_line(article, self._records[article]).encode("utf-8"))
        os.replace(tmp, self.path)
        return len(self._records)


__all__ = ["Partial", "PredictionLog", "read_partial", "record_line"]
