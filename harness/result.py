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
    human_agreement: dict[str, float | None] = field(default_factory=dict)
    """The benchmark's human ceiling: two annotators' agreement F1, overall and per type (empty: none shipped)."""
    fingerprint: Fingerprint | None = None
    """The corpus and settings it was scored with (None: a result saved before fingerprints)."""
    judge: dict[str, Any] | None = None
    """The judge that decided claim pairs (``name``, ``model``, ``prompt_version``, ``decisions``,
    ``fallbacks``, ``fallback_reasons``, ``agreement``); the lexical one is named too but left out of the
    JSON, so runs without a judge keep their bytes (None: not known, e.g. read from an older result)."""
    missing_articles: list[str] = field(default_factory=list)
    """Articles the predictions said nothing about (their gold counts as missed; ``require_all`` refuses them)."""
    warnings: list[str] = field(default_factory=list)
    """What was accepted with a caveat: unknown prediction fields that were dropped, each with its path."""

    @property
    def types(self) -> list[str]:
        """The fact types scored (all of them unless the run was restricted with ``types``)."""
        chosen = self.options.get("types")
        return list(chosen) if chosen else list(FACT_TYPES)
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

    def precision(self, type: str | None = None, *, default: float | None = None) -> float | None:
        """Precision overall or of one type; ``default`` when undefined (nothing was predicted)."""
        value = self.counts(type).precision
        return default if value is None else value

    def recall(self, type: str | None = None, *, default: float | None = None) -> float | None:
        """Recall overall or of one type; ``default`` when undefined (nothing to find)."""
        value = self.counts(type).recall
        return default if value is None else value

    def f1(self, type: str | None = None, *, default: float | None = None) -> float | None:
        """F1 overall or of one type; ``default`` when undefined (no tp, fp or fn)."""
        value = self.counts(type).f1
        return default if value is None else value

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

    def summary(self, *, max_rows: int = 10) -> str:
        """A few readable lines: the scores, failed gates, extractor errors, articles without predictions
        and the first ``max_rows`` misses and false positives (what an assertion message should say)."""
        def f(v: float | None) -> str:
            return "–" if v is None else f"{v:.3f}"

        c = self.overall
        lines = [f"fact-harness {self.extractor} ({self.mode}, {len(self.by_article)} article(s)): "
                 f"precision {f(c.precision)}, recall {f(c.recall)}, f1 {f(c.f1)}"]
        lines += [f"  {t}: precision {f(self.by_type[t].precision)}, recall {f(self.by_type[t].recall)}, "
                  f"f1 {f(self.by_type[t].f1)}" for t in self.types if t in self.by_type]
        lines += [f"  gate failed: {ch.name}: {f(ch.actual)} below {f(ch.threshold)}"
                  for ch in self.checks if ch.status == "fail"]
        lines += [f"  extractor error: {e.article}: {e.message}" for e in self.errors]
        if self.missing_articles:
            lines.append(f"  no predictions for: {', '.join(self.missing_articles)}")
        failures = self.failures()
        for d in failures[:max_rows]:
            lines.append(f"  {d.outcome}: {d.article} {d.type} {d.gold_id or ''} — {d.reason}".replace("  —", " —"))
        if len(failures) > max_rows:
            lines.append(f"  … and {len(failures) - max_rows} more misses and false positives")
        return "\n".join(lines)

    def assert_gates(self) -> None:
        """Raise AssertionError with :meth:`summary` when a gate failed or the extractor failed on an article."""
        if not self.gates_passed or self.errors:
            raise AssertionError(self.summary())

    def __repr__(self) -> str:
        c = self.overall
        gates = "no gates" if not self.checks else ("gates passed" if self.gates_passed else "a gate failed")
        return (f"<Result {self.extractor} {self.mode}: {len(self.by_article)} article(s), precision {c.precision}, "
                f"recall {c.recall}, f1 {c.f1}, {gates}, {len(self.errors)} error(s)>")

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
