"""The ``embedding`` judge: cosine similarity of sentence embeddings from a local model2vec model.

model2vec's static embeddings need numpy, tokenizers and safetensors — no deep-learning framework —
and are an optional extra: ``pip install "fact-harness[embedding]"``. ``--judge-model PATH`` is a
model directory in model2vec's layout (``config.json``, ``model.safetensors``, ``tokenizer.json``;
for instance one saved by ``StaticModel.save_pretrained``, or a downloaded ``minishlab/potion-base-8M``).
Only an existing local directory is accepted: the judge never downloads anything.

The judge embeds the two claim *texts* and takes their cosine: at or above ``--judge-threshold``
(default :data:`THRESHOLD`) they make the same assertion, and the speaker rule of the claim matcher
then makes the pair full (the speaker matches) or partial; below it, none. What is cached is the
cosine, keyed by the model's content (a hash of its files, so a moved model still hits and another
model misses), :data:`PROMPT_VERSION` and the two texts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from harness.judges import Judge, JudgeConfigError, JudgeError, JudgeSpec
from harness.match.base import Context, Level, Match

PROMPT_VERSION = "embedding-v1"
"""How texts are given to the model (the claim text alone, as written); a change misses the cache."""
THRESHOLD = 0.8
"""Cosine at or above which two claim texts make the same assertion, unless --judge-threshold says otherwise."""
_FILES = ("config.json", "model.safetensors", "tokenizer.json")


class EmbeddingJudge(Judge):
    name = "embedding"
    prompt_version = PROMPT_VERSION

    def __init__(self, spec: JudgeSpec) -> None:
        if not spec.model:
            raise JudgeConfigError("--judge embedding needs --judge-model PATH (a local model2vec model directory)",
                                   key="judge-model")
        path = Path(spec.model)
        if not path.is_dir():
            raise JudgeConfigError(f"--judge-model {spec.model}: not a directory (a local model2vec model is "
                                   "needed; nothing is downloaded)", key="judge-model")
        missing = [f for f in _FILES if not (path / f).is_file()]
        if missing:
            raise JudgeConfigError(f"--judge-model {spec.model}: not a model2vec model directory (missing "
                                   f"{', '.join(missing)})", key="judge-model")
        try:
            import model2vec  # noqa: F401
        except ImportError:
            raise JudgeConfigError("--judge embedding needs model2vec: pip install \"fact-harness[embedding]\"") from None
        threshold = THRESHOLD if spec.threshold is None else spec.threshold
        if not 0 <= threshold <= 1:
            raise JudgeConfigError(f"the threshold must be in [0, 1], got {threshold}", key="judge-threshold")
        super().__init__(spec)
        self.path = path
        self.threshold = threshold
        h = hashlib.sha256()
        for name in _FILES:
            h.update((path / name).read_bytes())
        self._model_id = f"{path.resolve().name}@sha256:{h.hexdigest()[:16]}"
        self._model: Any = None

    @property
    def model_id(self) -> str:
        return self._model_id

    def identity(self) -> dict[str, Any]:
        return {**super().identity(), "threshold": self.threshold}

    def _encode(self, texts: list[str]) -> Any:
        if self._model is None:
            try:
                from model2vec import StaticModel

                self._model = StaticModel.from_pretrained(str(self.path), force_download=False)
            except Exception as exc:  # a broken model directory: every pair falls back
                raise JudgeError("model failed to load", str(exc)[:200]) from None
        return self._model.encode(texts)

    def similarity(self, a: str, b: str) -> float:
        key = {"judge": self.name, "model": self.model_id, "prompt_version": self.prompt_version,
               "gold": a, "prediction": b}
        cached = self.cache.get(key)
        if isinstance(cached, dict) and isinstance(cached.get("similarity"), (int, float)):
            return float(cached["similarity"])
        import numpy as np

        va, vb = self._encode([a, b])
        norm = float(np.linalg.norm(va) * np.linalg.norm(vb))
        value = round(float(np.dot(va, vb)) / norm, 6) if norm else 0.0
        self.cache.put(key, {"similarity": value})
        return value

    def compare(self, gold: Any, pred: Any, ctx: Context) -> Match:
        from harness.match.claim import ClaimMatcher

        sim = self.similarity(gold.text, pred.text)
        if sim < self.threshold:
            return Match(Level.NONE, f"judge embedding: cosine {sim:.2f} < {self.threshold:g}", 0.0,
                         decided_by="judge:embedding")
        if ClaimMatcher._speaker(gold, pred, ctx).level is Level.FULL:
            return Match(Level.FULL, f"judge embedding: speaker matches; cosine {sim:.2f}", sim,
                         decided_by="judge:embedding")
        name = pred.speaker.display if pred.speaker else "?"
        return Match(Level.PARTIAL, f"judge embedding: cosine {sim:.2f}, but speaker {name!r} is not the gold's",
                     sim / 2, decided_by="judge:embedding")
