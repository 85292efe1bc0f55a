"""What the three extractor runners share: the per-article outcome, its validation, deadlines and
process-group clean-up. The runners and their guarantees are described in :mod:`harness.extractors.runner`."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from harness.model import Article
from harness.pred_check import check_facts
from harness.predictions import FACT_LIST, unique_keys
from harness.progress import count_failure

ProgressFn = Callable[[int], None]
"""Called with the number of articles just finished (for a progress bar)."""
ResultFn = Callable[["Extraction"], None]
"""Called with each article's outcome as soon as it is known (to save it at once)."""


class Extraction:
    """What the extractor gave for one article: ``facts`` (validated predictions) or an ``error``.

    The facts are kept as compact JSON (``facts_json``) and rebuilt on each read of ``facts``, so a
    run over many articles holds a few kilobytes per article rather than model objects.
    """

    __slots__ = ("article", "error", "facts_json", "warnings")

    def __init__(self, article: str, facts: list[Any] | None = None, error: str | None = None,
                 warnings: Sequence[str] = ()) -> None:
        self.article = article
        self.error = None if error is None else clean_text(error)
        self.warnings = list(warnings)
        """Unknown fields dropped from the facts (``facts[2].label: unknown field, ignored``)."""
        self.facts_json: bytes | None = (
            None if facts is None else FACT_LIST.dump_json(facts, by_alias=True, exclude_none=True)
        )

    @property
    def facts(self) -> list[Any] | None:
        """The validated prediction models (a new list on every read), or None after an error."""
        return None if self.facts_json is None else FACT_LIST.validate_json(self.facts_json)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Extraction):
            return NotImplemented
        return (self.article, self.error, self.facts_json) == (other.article, other.error, other.facts_json)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        what = f"error={self.error!r}" if self.error is not None else f"facts={self.facts!r}"
        return f"Extraction({self.article!r}, {what})"


class ExtractorStartError(Exception):
    """The extractor could not be started at all (a usage error, exit code 2)."""


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(clean_text(str(text)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clean_text(text: str) -> str:
    """``text`` made encodable: a lone surrogate (which no output format can write) becomes ``\\udXXX``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


MAX_TIMEOUT = 30 * 86400.0
"""Longest wait honoured (30 days): larger timeouts (``--timeout 1e12``) mean "no practical limit"."""


def _deadline(timeout: float | None) -> float:
    """The monotonic time at which ``timeout`` seconds from now run out (None or 0: 30 days)."""
    return time.monotonic() + (min(float(timeout), MAX_TIMEOUT) if timeout else MAX_TIMEOUT)


def parse_json(text: str | bytes) -> Any:
    """Parse an extractor's JSON answer; every kind of malformed input raises ValueError.

    Rejects duplicate keys, NaN/Infinity, text that is not UTF-8 and nesting too deep to parse.
    """
    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        return json.loads(text, object_pairs_hook=unique_keys, parse_constant=constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte {exc.start + 1})") from None


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (an extractor and the children it started)."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def validate_facts(article_id: str, raw: Any) -> Extraction:
    """Check an extractor's raw return value; every problem of every malformed fact is named (one line).

    Unknown fields are dropped and listed in ``warnings``; the facts are still scored.
    """
    if isinstance(raw, (str, bytes, dict)) or not isinstance(raw, Iterable):
        return Extraction(article_id, error=f"returned {type(raw).__name__}, expected a list of facts")
    checked = check_facts(list(raw), prefix=())
    if checked.problems:
        return Extraction(article_id, error="; ".join(_malformed(p) for p in checked.problems))
    return Extraction(article_id, facts=checked.facts, warnings=[f"facts{w}" for w in checked.warnings])


def _malformed(problem: str) -> str:
    """``[1].value: …`` → ``malformed fact 1: value: …``."""
    index, _, rest = problem[1:].partition("]")
    return f"malformed fact {index}: {rest.removeprefix('.')}"


def finished(outcome: Extraction, progress: ProgressFn | None, on_result: ResultFn | None) -> None:
    """Report one article as done: ``on_result(outcome)``, then one step of progress (a failure counted)."""
    if on_result:
        on_result(outcome)
    if progress:
        if outcome.error is not None:
            count_failure(progress)
        progress(1)


def article_payload(article: Article) -> dict[str, Any]:
    """The JSON an out-of-process extractor receives for one article."""
    return {"id": article.id, "title": article.title, "published": article.published, "url": article.url,
            "outlet": article.outlet, "text": article.text}
