"""Measuring the matchers against people: agreement with a set of judged (gold fact, prediction) pairs.

A judged pair names an article, a gold fact by id, one prediction in the prediction format and the
verdict a careful reader gave — ``full``, ``partial`` or ``none`` — with one sentence why. Each pair
is scored **alone**: the article's matching context is set up as in a run (its speakers, its text)
and the type's matcher compares that one prediction with that one gold fact; no alignment, no other
prediction. Agreement is the share of pairs where the matcher's level equals the reader's verdict;
Cohen's κ corrects it for chance (1 = perfect, 0 = chance). Recorded verdicts in the gold are not
consulted: the matchers themselves are measured.

The file format (JSON lines, one pair per line) is described in ``gold/judgements/README.md``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harness.corpus import Corpus
from harness.judges import compare_with
from harness.match import Level, Options
from harness.model import Prediction
from harness.problems import summary
from harness.scoring import build_context, decide_readings
from harness.types import FACT_TYPES, REGISTRY

VERDICTS = ("full", "partial", "none")
"""A reader's verdicts, in the order tables list them."""

_LEVEL = {Level.FULL: "full", Level.PARTIAL: "partial", Level.NONE: "none"}


class JudgedPair(BaseModel):
    """One reader-judged pair (a line of a judgements file)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    article: str = Field(min_length=1)
    type: str
    gold_id: str = Field(min_length=1)
    prediction: Prediction
    verdict: str = Field(pattern="^(full|partial|none)$")
    why: str = Field(min_length=1)
    split: str = Field(default="dev", pattern="^(dev|test)$")
    source: str | None = None
    """Which extractor style produced the prediction (paraphrase, ner, rule-based, adversarial, perturbed)."""
    by: str | None = None
    """Who judged it."""


class JudgementsError(Exception):
    """A judgements file that cannot be used; ``problems`` are ``file:line: message`` lines."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def default_files(gold_dir: Path) -> list[Path]:
    """The judged pairs shipped with the benchmark: ``<gold>/judgements/*.jsonl``."""
    return sorted((gold_dir / "judgements").glob("*.jsonl"))


def read_pairs(paths: Iterable[Path]) -> list[JudgedPair]:
    """Every pair of ``paths``; raises :class:`JudgementsError` listing every bad line."""
    pairs: list[JudgedPair] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot read: {exc}")
            continue
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                pair = JudgedPair.model_validate(json.loads(line))
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: invalid JSON: {exc}")
                continue
            except ValidationError as exc:
                problems.append(f"{where}: {summary(exc)}")
                continue
            if pair.type != pair.prediction.type:
                problems.append(f"{where}: type {pair.type!r} but the prediction is a {pair.prediction.type}")
            elif pair.id in seen:
                problems.append(f"{where}: id {pair.id!r} repeats {seen[pair.id]}")
            else:
                seen[pair.id] = where
                pairs.append(pair)
    if problems:
        raise JudgementsError(problems)
    return pairs


@dataclass(frozen=True)
class Decision:
    """The harness's verdict on one judged pair, beside the reader's."""

    pair: JudgedPair
    harness: str
    reason: str

    @property
    def agrees(self) -> bool:
        return self.harness == self.pair.verdict


def decide(pairs: Sequence[JudgedPair], corpus: Corpus, options: Options | None = None, judge: Any = None,
           stats: dict[str, int] | None = None) -> list[Decision]:
    """The matcher's verdict on each pair, alone (see the module docstring); in the pairs' order.

    With a ``judge`` (:mod:`harness.judges`) the pairs of its types are decided by it, falling back to
    the matcher where it fails; what it did is added to ``stats`` (``decisions``, ``fallbacks`` …).

    Raises :class:`JudgementsError` for a pair naming an unknown article or gold fact, and
    :class:`GoldError` when an article's gold is invalid.
    """
    options = options or Options()
    problems = [f"{p.id}: unknown article {p.article!r}" for p in pairs if p.article not in corpus]
    if problems:
        raise JudgementsError(problems)
    contexts: dict[str, Any] = {}
    out: list[Decision] = []
    for p in pairs:
        if p.article not in contexts:
            entry = corpus[p.article]
            contexts[p.article] = (entry, build_context(entry, options))
        entry, ctx = contexts[p.article]
        gold = next((f for f in entry.gold.facts if f.id == p.gold_id), None)
        if gold is None or gold.type != p.type:
            problems.append(f"{p.id}: {p.article} has no gold {p.type} fact {p.gold_id!r}")
            continue
        matcher = REGISTRY[p.type].matcher
        grounding = ctx.index.ground(p.prediction.evidence)
        readings = gold.readings()
        compare = compare_with(judge, matcher) if judge is not None and p.type in judge.types else None
        m = decide_readings(p.type, matcher, readings, [matcher.prepare_gold(r, ctx) for r in readings],
                            matcher.prepare_pred(p.prediction, ctx), grounding, ctx, compare)
        out.append(Decision(p, _LEVEL[m.level], m.reason))
    if problems:
        raise JudgementsError(problems)
    if stats is not None:
        for _, ctx in contexts.values():
            for k, n in ctx.cache.get("judge-stats", {}).items():
                stats[k] = stats.get(k, 0) + n
    return out


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's κ of two raters' labels of the same items; None when undefined (no items, or chance = 1)."""
    n = len(a)
    if n == 0 or n != len(b):
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return None if expected == 1 else round((observed - expected) / (1 - expected), 6)


@dataclass(frozen=True)
class Calibration:
    """Agreement of the harness with the readers over a set of decisions."""

    decisions: list[Decision]
    split: str = "all"
    by_type: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, decisions: Sequence[Decision], split: str = "all") -> Calibration:
        chosen = [d for d in decisions if split == "all" or d.pair.split == split]
        by_type = {t: _block([d for d in chosen if d.pair.type == t]) for t in FACT_TYPES}
        return cls(chosen, split, {t: b for t, b in by_type.items() if b["pairs"]})

    @property
    def overall(self) -> dict[str, Any]:
        return _block(self.decisions)

    @property
    def agreement(self) -> float | None:
        value: float | None = self.overall["agreement"]
        return value

    @property
    def disagreements(self) -> list[Decision]:
        return [d for d in self.decisions if not d.agrees]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``agreement``, ``kappa``, ``by_type``, ``confusion``, ``disagreements`` …"""
        overall = self.overall
        return {
            "split": self.split,
            "pairs": overall["pairs"],
            "agreement": overall["agreement"],
            "kappa": overall["kappa"],
            "confusion": overall["confusion"],
            "by_type": self.by_type,
            "disagreements": [
                {"id": d.pair.id, "article": d.pair.article, "type": d.pair.type, "gold_id": d.pair.gold_id,
                 "prediction": d.pair.prediction.model_dump(mode="json", by_alias=True, exclude_none=True),
                 "reader": d.pair.verdict, "harness": d.harness, "reason": d.reason, "why": d.pair.why}
                for d in self.disagreements
            ],
        }


def _block(decisions: Sequence[Decision]) -> dict[str, Any]:
    reader = [d.pair.verdict for d in decisions]
    harness = [d.harness for d in decisions]
    n = len(decisions)
    confusion = {r: {h: sum(1 for d in decisions if d.pair.verdict == r and d.harness == h) for h in VERDICTS}
                 for r in VERDICTS}
    return {
        "pairs": n,
        "agreement": round(sum(d.agrees for d in decisions) / n, 6) if n else None,
        "kappa": cohen_kappa(reader, harness),
        "confusion": confusion,
    }


def calibrate(paths: Sequence[Path], corpus: Corpus, *, options: Options | None = None,
              split: str = "all", judge: Any = None, stats: dict[str, int] | None = None) -> Calibration:
    """Read the judged pairs of ``paths``, decide each with the matchers (or ``judge``), measure agreement on ``split``."""
    if split not in ("all", "dev", "test"):
        raise ValueError(f"unknown split {split!r}: use all, dev or test")
    return Calibration.of(decide(read_pairs(paths), corpus, options, judge, stats), split)


@dataclass(frozen=True)
class JudgeCalibration:
    """One judge measured: its identity, the agreement on the chosen split, and what it did."""

    identity: dict[str, Any]
    calibration: Calibration
    stats: dict[str, int]
    recorded: dict[str, Any]
    """What was recorded for score reports: the judged claim pairs' agreement on every split."""

    def to_dict(self) -> dict[str, Any]:
        return {"judge": self.identity, "decisions": self.stats.get("decisions", 0),
                "fallbacks": self.stats.get("fallbacks", 0),
                "fallback_reasons": {k.removeprefix("fallback: "): v for k, v in sorted(self.stats.items())
                                     if k.startswith("fallback: ")},
                "claim_agreement": self.recorded, **self.calibration.to_dict()}


def calibrate_judge(paths: Sequence[Path], corpus: Corpus, judge: Any, cache_dir: Path, *,
                    options: Options | None = None, split: str = "all") -> JudgeCalibration:
    """Measure one judge (None: the lexical matchers) on the judged pairs, and record its agreement on the
    claim pairs (all of them, whatever ``split``) where score reports find it (:mod:`harness.judges.measured`)."""
    from harness.judges.measured import LEXICAL, matcher_options, pairs_digest, record

    options = options or Options()
    if split not in ("all", "dev", "test"):
        raise ValueError(f"unknown split {split!r}: use all, dev or test")
    stats: dict[str, int] = {}
    if judge is not None:
        judge.reset()
    decisions = decide(read_pairs(paths), corpus, options, judge, stats)
    claims = Calibration.of([d for d in decisions if d.pair.type == "claim"])
    test = Calibration.of([d for d in decisions if d.pair.type == "claim"], "test")
    block = claims.overall
    recorded = {"pairs": block["pairs"], "agreement": block["agreement"], "kappa": block["kappa"],
                "test_pairs": test.overall["pairs"], "test_agreement": test.overall["agreement"],
                "fallbacks": stats.get("fallbacks", 0)}
    identity = judge.identity() if judge is not None else dict(LEXICAL)
    if not stats.get("fallbacks"):  # a measurement spoilt by fallbacks is shown, never kept
        record(cache_dir, identity, matcher_options(options), pairs_digest(list(paths)), recorded)
    return JudgeCalibration(identity, Calibration.of(decisions, split), stats, recorded)


__all__ = ["VERDICTS", "Calibration", "Decision", "JudgeCalibration", "JudgedPair", "JudgementsError", "calibrate",
           "calibrate_judge", "cohen_kappa", "decide", "default_files", "read_pairs"]
