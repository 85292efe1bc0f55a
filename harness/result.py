"""The one result object every renderer reads, built from per-article scores; JSON in and out."""

from __future__ import annotations

import io
import json
import mmap
import os
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from harness.details import Detail, DetailStore
from harness.metrics import METRICS, Counts, average_precision, bootstrap_intervals, macro, total
from harness.model import FACT_TYPES
from harness.scoring import ArticleScore, ScoreOptions
from harness.version import __version__

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
class Check:
    """One gate check: ``metric`` of ``scope`` (overall or a type) against ``threshold``."""

    name: str
    metric: str
    scope: str
    threshold: float
    actual: float | None
    status: str  # "pass" | "fail" | "not applicable"
    kind: str = "threshold"  # "threshold" | "regression"
    baseline: float | None = None

    @property
    def passed(self) -> bool:
        return self.status != "fail"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "metric": self.metric,
            "scope": self.scope,
            "threshold": self.threshold,
            "actual": self.actual,
            "status": self.status,
        }
        if self.kind == "regression":
            d["baseline"] = self.baseline
        return d


@dataclass
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
    predictions: Mapping[str, list[Any]] | None = field(default=None, repr=False, compare=False)
    """What the extractor returned per article, when it was run (not part of the JSON result)."""

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

    def failures(self) -> list[Detail]:
        """Every detail that cost a point: misses, false positives, negatives, strict partials."""
        bad = {"fn", "fp", "negative"} | ({"partial"} if self.mode == "strict" else set())
        if self.options.get("count_duplicates"):
            bad.add("duplicate")
        return [d for d in self.details if d.outcome in bad and not d.optional]

    @property
    def gates_passed(self) -> bool:
        return all(c.passed for c in self.checks)

    # -- JSON -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The whole result as JSON-ready data (details included: large on big corpora)."""
        d = self.to_dict_head()
        d["details"] = [x.to_dict() for x in self.details]
        return d

    def to_dict_head(self) -> dict[str, Any]:
        """Everything but the details, which hold a placeholder at their place in the layout."""
        return {
            "schema_version": SCHEMA_VERSION,
            "harness_version": self.harness_version,
            "extractor": self.extractor,
            "mode": self.mode,
            "options": self.options,
            "overall": self.overall.to_dict(),
            "by_type": {t: c.to_dict() for t, c in self.by_type.items()},
            "by_article": {
                a: {**total(types.values()).to_dict(), "by_type": {t: c.to_dict() for t, c in types.items()}}
                for a, types in self.by_article.items()
            },
            "macro": self.macro,
            "confidence_intervals": self.confidence_intervals,
            "average_precision": self.average_precision,
            "checks": [c.to_dict() for c in self.checks],
            "article_regressions": self.article_regressions,
            "details": "__DETAILS__",
            "errors": [e.to_dict() for e in self.errors],
        }

    def write_json(self, out: TextIO) -> None:
        """Write the JSON result to ``out``, details streamed one per line (memory stays flat).

        Deterministic: the same inputs give byte-identical text.
        """
        head = self.to_dict_head()
        text = json.dumps(head, indent=2, ensure_ascii=False, allow_nan=False)
        before, _, after = text.partition('"details": "__DETAILS__"')
        out.write(before + '"details": [')
        first = True
        for line in self.details.json_lines():
            out.write(("\n    " if first else ",\n    ") + line)
            first = False
        out.write("\n  ]" if not first else "]")
        out.write(after + "\n")

    def to_json(self) -> str:
        """The JSON result as text (see :meth:`write_json`)."""
        buf = io.StringIO()
        self.write_json(buf)
        return buf.getvalue()

    @classmethod
    def from_dict(cls, data: Any, source: str = "result") -> Result:
        """Read a saved result; raises ValueError with a clear message for other layouts."""
        if not isinstance(data, dict) or "schema_version" not in data:
            raise ValueError(f"{source}: not a fact-harness JSON result (no 'schema_version')")
        if data["schema_version"] != SCHEMA_VERSION:
            raise ValueError(
                f"{source}: result layout version {data['schema_version']} is not supported by this "
                f"fact-harness ({__version__}, layout {SCHEMA_VERSION}); re-run the scoring with this version"
            )
        try:
            def c(block: dict[str, Any]) -> Counts:
                return Counts(int(block["tp"]), int(block["fp"]), int(block["fn"]))

            return cls(
                extractor=str(data["extractor"]),
                mode=str(data["mode"]),
                overall=c(data["overall"]),
                by_type={t: c(b) for t, b in data["by_type"].items()},
                by_article={a: {t: c(b) for t, b in v["by_type"].items()} for a, v in data["by_article"].items()},
                macro=data["macro"],
                confidence_intervals=data["confidence_intervals"],
                average_precision=data["average_precision"],
                details=DetailStore(Detail.from_dict(d) for d in data["details"]),
                errors=[ArticleError(e["article"], e["message"]) for e in data["errors"]],
                options=data.get("options", {}),
                checks=[Check(ch["name"], ch["metric"], ch["scope"], ch["threshold"], ch["actual"], ch["status"],
                              ch.get("kind", "threshold"), ch.get("baseline")) for ch in data.get("checks", [])],
                article_regressions=dict(data.get("article_regressions", {})),
                harness_version=str(data.get("harness_version", "?")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{source}: malformed fact-harness result ({type(exc).__name__}: {exc})") from None


_DETAILS_OPEN = b'\n  "details": ['
_DETAILS_CLOSE = b"\n  ]"
_DETAIL_KEYS = frozenset({"article", "type", "outcome"})
"""What :meth:`Detail.from_dict` needs of a detail; the rest has defaults."""


def read_result(path: Path) -> Result:
    """A saved JSON result, read without ever holding every detail as parsed JSON.

    A file as :meth:`Result.write_json` wrote it (details one per line) has its head parsed alone
    and its details streamed line by line into the result's store; any other layout of the same
    JSON (re-indented, say) is parsed whole. Raises OSError when the file cannot be read,
    ``json.JSONDecodeError`` when it is not JSON, and ValueError for JSON of another layout.
    """
    source = str(path)
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        raw: bytes | mmap.mmap = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    try:
        streamed = _read_streamed(raw, source)
        if streamed is not None:
            return streamed
        return Result.from_dict(json.loads(raw[:]), source=source)
    finally:
        if isinstance(raw, mmap.mmap):
            raw.close()


def _read_streamed(raw: bytes | mmap.mmap, source: str) -> Result | None:
    """The result when ``raw`` has the streamed layout, else None (the caller then parses it whole)."""
    start = raw.find(_DETAILS_OPEN)
    if start < 0:
        return None
    body = start + len(_DETAILS_OPEN)
    if raw[body:body + 1] == b"]":
        close, after = body, body + 1
    else:
        close = raw.find(_DETAILS_CLOSE, body)
        if close < 0:
            return None
        after = close + len(_DETAILS_CLOSE)
    try:
        head = json.loads(raw[:start] + b'\n  "details": []' + raw[after:])
    except ValueError:
        return None
    if not isinstance(head, dict) or not isinstance(head.get("details"), list):
        return None
    result = Result.from_dict(head, source=source)

    def lines() -> Iterator[bytes]:
        """Each detail's JSON line, checked to be a detail but kept as written (not decoded again)."""
        pos = body
        while pos < close:
            end = raw.find(b"\n", pos + 1, close)
            end = close if end < 0 else end
            line = raw[pos:end].strip().rstrip(b",")
            pos = end
            if line:
                detail = json.loads(line)
                if not isinstance(detail, dict) or not detail.keys() >= _DETAIL_KEYS:
                    raise ValueError(f"a detail lacks {sorted(_DETAIL_KEYS - set(detail))}"
                                     if isinstance(detail, dict) else "a detail is not an object")
                yield line

    try:
        result.details.extend_json_lines(lines())
    except ValueError as exc:
        raise ValueError(f"{source}: malformed fact-harness result ({type(exc).__name__}: {exc})") from None
    return result


def summarise(
    scores: Iterable[ArticleScore],
    *,
    extractor: str,
    options: ScoreOptions,
    errors: Iterable[ArticleError] = (),
    bootstrap: int = 1000,
    seed: int = 0,
) -> Result:
    """Fold per-article scores (consumed one at a time) into a :class:`Result`."""
    by_article: dict[str, dict[str, Counts]] = {}
    details = DetailStore()
    scores_by_type = {t: array("d") for t in FACT_TYPES}
    correct_by_type = {t: bytearray() for t in FACT_TYPES}
    unranked: set[str] = set()  # types with a prediction lacking confidence: no average precision
    n_gold = dict.fromkeys(FACT_TYPES, 0)
    for s in scores:
        by_article[s.article] = {t: s.counts.get(t, Counts()) for t in FACT_TYPES}
        details.extend(s.details)
        for t, rows in s.confidences.items():
            if t in unranked:
                continue
            for confidence, ok in rows:
                if confidence is None:
                    unranked.add(t)
                    break
                scores_by_type[t].append(confidence)
                correct_by_type[t].append(ok)
        for t, n in s.n_gold.items():
            n_gold[t] += n
    by_type = {t: total(a[t] for a in by_article.values()) for t in FACT_TYPES}
    overall = total(by_type.values())
    per_article_totals = [total(types.values()) for types in by_article.values()]
    ap: dict[str, float | None] = {}
    for t in FACT_TYPES:
        if t in unranked or not scores_by_type[t]:
            ap[t] = None
        else:
            ap[t] = average_precision(scores_by_type[t], [bool(x) for x in correct_by_type[t]], n_gold[t])
    intervals = bootstrap_intervals(list(by_article.values()), FACT_TYPES, resamples=bootstrap, seed=seed)
    return Result(
        extractor=extractor,
        mode=options.mode,
        overall=overall,
        by_type=by_type,
        by_article=by_article,
        macro={
            "over_articles": macro(per_article_totals),
            "over_types": macro(c for c in by_type.values() if c.tp + c.fp + c.fn),
        },
        confidence_intervals={
            "method": "percentile bootstrap, articles resampled with replacement",
            "level": 0.95,
            "resamples": bootstrap,
            "seed": seed,
            "overall": intervals["overall"],
            "by_type": {t: intervals[t] for t in FACT_TYPES},
        },
        average_precision=ap,
        details=details,
        errors=sorted(errors, key=lambda e: e.article),
        options={
            "tolerance": options.match.tolerance,
            "name_similarity": options.match.name_similarity,
            "claim_similarity": options.match.claim_similarity,
            "count_duplicates": options.count_duplicates,
        },
    )


__all__ = ["METRICS", "SCHEMA_VERSION", "ArticleError", "Check", "Result", "read_result", "summarise"]
