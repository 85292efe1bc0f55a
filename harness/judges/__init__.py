"""Judges: what decides a claim pair in the lexical matcher's place, each measured against people.

``--judge`` chooses one (command line, API ``judge=``, pyproject ``judge = "…"``):

* ``lexical`` — the default: the matchers as they are (no judge object at all);
* ``llm`` — any OpenAI-compatible chat-completions endpoint (:mod:`harness.judges.llm`);
* ``embedding`` — cosine similarity of sentence embeddings from a local model2vec model directory
  (:mod:`harness.judges.embedding`; the optional extra ``fact-harness[embedding]``).

A judge decides the **claim** pairs that the claim matcher's blocking lets through (texts sharing a
content word after synonyms and stemming); every other type keeps its matcher. Every answer is
cached on disk (:mod:`harness.judges.cache`). A judge that fails on a pair — a timeout, an HTTP
error, an answer that does not parse — leaves that pair to the lexical matcher: the fallback is
counted, reported, and the run goes on. What a judge's verdicts agree with people is measured by
``fact-harness calibrate --judge NAME`` and recorded (:mod:`harness.judges.measured`), so that every
score report can name the judge and its agreement.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.judges.cache import DiskCache, default_cache_dir
from harness.match.base import Context, Match

JUDGES = ("lexical", "llm", "embedding")
"""The judges ``--judge`` accepts."""

JUDGED_TYPES = frozenset({"claim"})
"""The fact types judges decide."""


class JudgeError(Exception):
    """A judge could not decide one pair; ``kind`` says why in a word or two (``timeout``, ``HTTP 500`` …)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


class JudgeConfigError(ValueError):
    """A judge that cannot be set up as asked (a missing model, URL or extra); ``key`` names the setting."""

    def __init__(self, message: str, key: str = "judge") -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class JudgeSpec:
    """How to build a judge: the settings ``--judge``, ``--judge-url``, ``--judge-model``, … give."""

    name: str = "lexical"
    url: str | None = None
    model: str | None = None
    key_env: str = "OPENAI_API_KEY"
    cache: Path | None = None
    threshold: float | None = None
    timeout: float = 30.0

    @property
    def cache_dir(self) -> Path:
        return self.cache if self.cache is not None else default_cache_dir()


class Judge:
    """What every judge has: a name, the types it decides, its identity (for cache keys and reports), a cache."""

    name: str = "?"
    types: frozenset[str] = JUDGED_TYPES
    prompt_version: str = "?"

    def __init__(self, spec: JudgeSpec) -> None:
        self.spec = spec
        self.cache = DiskCache(spec.cache_dir, "judgements")

    @property
    def model_id(self) -> str:
        return self.spec.model or "?"

    def identity(self) -> dict[str, Any]:
        """What a verdict of this judge depends on besides the pair: name, model, prompt version (and threshold)."""
        return {"name": self.name, "model": self.model_id, "prompt_version": self.prompt_version}

    def compare(self, gold: Any, pred: Any, ctx: Context) -> Match:
        """Decide one prepared claim pair; raises :class:`JudgeError` when it cannot."""
        raise NotImplementedError

    def reset(self) -> None:
        """Forget what an earlier run learnt of the judge's health (a run starts afresh)."""


def compare_with(judge: Judge, matcher: Any) -> Callable[[Any, Any, Context], Match]:
    """``judge.compare`` that falls back to ``matcher.compare`` when the judge fails, counting in the
    article's context (``ctx.cache["judge-stats"]``): ``decisions``, ``fallbacks``, ``fallback: <why>``,
    ``cache hits``."""

    def compare(gold: Any, pred: Any, ctx: Context) -> Match:
        stats: dict[str, int] = ctx.cache.setdefault("judge-stats", {})
        try:
            m = judge.compare(gold, pred, ctx)
        except JudgeError as exc:
            stats["fallbacks"] = stats.get("fallbacks", 0) + 1
            why = f"fallback: {exc.kind}"
            stats[why] = stats.get(why, 0) + 1
            fallback: Match = matcher.compare(gold, pred, ctx)
            return fallback
        stats["decisions"] = stats.get("decisions", 0) + 1
        return m

    return compare


def make_judge(spec: JudgeSpec) -> Judge | None:
    """The judge ``spec`` names (None for ``lexical``); raises :class:`JudgeConfigError` when it cannot be had."""
    if spec.name == "lexical":
        return None
    if spec.name not in JUDGES:
        raise JudgeConfigError(f"unknown judge {spec.name!r}: use one of {', '.join(JUDGES)}")
    if not (isinstance(spec.timeout, (int, float)) and spec.timeout > 0 and math.isfinite(spec.timeout)):
        raise JudgeConfigError("the judge timeout must be a positive number of seconds", key="judge-timeout")
    if spec.name == "llm":
        from harness.judges.llm import LLMJudge

        return LLMJudge(spec)
    from harness.judges.embedding import EmbeddingJudge

    return EmbeddingJudge(spec)


def speaker_of(key: Any) -> str:
    """The display name of a prepared claim's speaker ("" when it has none)."""
    speaker = getattr(key, "speaker", None)
    return str(speaker.display) if speaker is not None else ""


__all__ = ["JUDGED_TYPES", "JUDGES", "Judge", "JudgeConfigError", "JudgeError", "JudgeSpec", "compare_with",
           "make_judge", "speaker_of"]
