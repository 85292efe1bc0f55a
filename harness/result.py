"""The one result object every renderer reads: counts, metrics, details, errors and gate checks.

A :class:`Result` is immutable: scoring builds it (:mod:`harness.aggregate`), the API adds the gate
checks by making a new one, and renderers only read it. Its JSON form is :mod:`harness.result_io`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from harness.details import Detail, DetailStore
from harness.fingerprint import Fingerprint
from harness.gates import Check
from harness.metrics import Counts
from harness.outcomes import counted
from harness.types import FACT_TYPES
from harness.version import __version__

if TYPE_CHECKING:
    from harness.corpus import Corpus

SCHEMA_VERSION = 1
"""Version of the JSON result layout; readers refuse other versions with a clear message."""


@dataclass(frozen=True)
class ArticleError:
    """An article the extractor failed on (its gold then counts as missed), with a one-line reason."""

    article: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"article": self.article, "message": self.message}


@dataclass(frozen=True)
class Result:
    """The outcome of scoring one extractor on a corpus.

    ``by_article[article][type]`` are counts; ``overall``/``by_type`` are their sums (micro averages).
    Convenience accessors ``precision/recall/f1(type=None)`` return None for undefined ratios.
    """

    extractor: str
    mode: str
    overall: Counts
    by_type: dict[str, Counts]
    by_article: dict[str, dict[str, Counts]]
    macro: dict[str, dict[str, float | None]]
    confidence_intervals: dict[str, Any]
    average_precision: dict[str, float | None]
    details: DetailStore
    """Every fact's outcome, in article order (iterable; kept on disk past a memory budget)."""
    errors: list[ArticleError]
    options: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    article_regressions: dict[str, str] = field(default_factory=dict)
    """Articles whose F1 fell below a baseline run's by more than the allowed drop (not gates: shown only)."""
    harness_version: str = __version__
    ungrounded: dict[str, int] = field(default_factory=dict)
    """Per type: predictions whose evidence was not found in the article (types with none are left out)."""
    fingerprint: Fingerprint | None = None
    """The corpus and settings it was scored with (None: a result saved before fingerprints)."""
    from_cache: int | None = None
    """Articles whose predictions came from the extraction cache (None: no cache was used)."""

    # -- accessors ------------------------------------------------------------------------------
    def counts(self, type: str | None = None) -> Counts:
        """Counts overall (``type=None``) or for one fact type."""
        if type is None or type == "overall":
            return self.overall
        if type not in self.by_type:
            raise KeyError(f"unknown fact type {type!r} (one of {', '.join(FACT_TYPES)})")
        return self.by_type[type]

    def precision(self, type: str | None = None) -> float | None:
        return self.counts(type).precision

    def recall(self, type: str | None = None) -> float | None:
        return self.counts(type).recall

    def f1(self, type: str | None = None) -> float | None:
        return self.counts(type).f1

    def counted(self, detail: Detail) -> Counts:
        """What ``detail`` added to the counts in this run's mode (:func:`harness.outcomes.counted`)."""
        return counted(detail.outcome, mode=self.mode, optional=detail.optional,
                       count_duplicates=bool(self.options.get("count_duplicates")))

    def misses(self) -> list[Detail]:
        """Every detail counted as a false negative (a gold fact not found), in order."""
        return [d for d in self.details if self.counted(d).fn]

    def false_positives(self) -> list[Detail]:
        """Every detail counted as a false positive, in order (strict partials included)."""
        return [d for d in self.details if self.counted(d).fp]

    def failures(self) -> list[Detail]:
        """Every detail that cost a point — counted as a false positive or a false negative — in order."""
        return [d for d in self.details if (c := self.counted(d)).fp or c.fn]

    @property
    def gates_passed(self) -> bool:
        return all(c.passed for c in self.checks)

    # -- JSON (see harness.result_io) -----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The whole result as JSON-ready data (details included: large on big corpora)."""
        from harness.result_io import to_dict

        return to_dict(self)

    def write_json(self, out: TextIO) -> None:
        """Write the JSON result to ``out``, details streamed one per line; byte-identical for the same inputs."""
        from harness.result_io import write_json

        write_json(self, out)

    def to_json(self) -> str:
        """The JSON result as text (see :meth:`write_json`)."""
        from harness.result_io import to_json

        return to_json(self)

    @classmethod
    def from_dict(cls, data: Any, source: str = "result") -> Result:
        """Read a saved result; raises ValueError with a clear message for other layouts."""
        from harness.result_io import from_dict

        return from_dict(data, source)


@dataclass(frozen=True)
class Run:
    """What one run returns besides its :class:`Result` (none of it is part of the JSON result).

    ``predictions`` maps article ids to what the extractor returned, validated (None when
    ready-made predictions were scored); ``baseline`` is the saved result the regression gates
    compared against; ``corpus`` is the gold the run read, already validated (renderers use it
    rather than reading the gold again).
    """

    result: Result
    predictions: Mapping[str, list[Any]] | None = None
    baseline: Result | None = None
    corpus: Corpus | None = None
    notes: tuple[str, ...] = ()
    """What a person should hear about the run besides its result (a resumed file's torn last line, say)."""


__all__ = ["SCHEMA_VERSION", "ArticleError", "Check", "Result", "Run"]
