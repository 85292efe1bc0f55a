"""The ``llm`` judge: any OpenAI-compatible chat-completions endpoint decides claim pairs.

``--judge-url`` is the base URL as OpenAI clients take it, ending in ``/v1`` (OpenAI, a vLLM or
llama.cpp server, Ollama's ``http://localhost:11434/v1`` …); requests go to ``{url}/chat/completions``
with ``--judge-model``, temperature 0 and a JSON response format. The key is read from the
environment variable ``--judge-key-env`` names (``OPENAI_API_KEY`` by default) and sent as a bearer
token when set; a local server needs none.

The prompt (:data:`PROMPT_VERSION`) gives the readers' rules for claims (gold/judgements/JUDGING.md)
and both claims, each as its speaker and text, and asks for one JSON object in the message content:
``{"verdict": "full" | "partial" | "none", "reason": "…"}``. The answer is parsed strictly: the
content must be exactly such an object (no other keys, no text around it). Anything else — a
timeout, an HTTP error, a connection refused, another shape — is a :class:`JudgeError`: the pair
falls back to the lexical matcher. After three timeouts or refused connections in a row the
judge stops calling for the rest of the run (every later pair falls back at once).
"""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.request
from typing import Any

from harness.judges import Judge, JudgeConfigError, JudgeError, JudgeSpec, speaker_of
from harness.match.base import Context, Level, Match

PROMPT_VERSION = "claim-v1"
"""Changes whenever the prompt's wording changes: cached verdicts of another version are not reused."""

SYSTEM = """You judge whether an information extractor found a claim stated in a news article.
You are given the GOLD claim (written by an annotator who read the article) and a PREDICTED claim.
Each has a speaker (who asserted it) and a text (what was asserted, possibly paraphrased).

Decide:
- "full": the same speaker (any correct form of the name: surname alone, title, transliteration,
  official name) makes the same assertion, in any wording. A negated, reversed or weakened
  assertion is NOT the same assertion; different numbers are not the same assertion.
- "partial": the same assertion, but under a wrong speaker, a generic speaker, or no speaker.
- "none": anything else, including the right speaker asserting something else.

Answer with one JSON object and nothing else: {"verdict": "full" | "partial" | "none", "reason": "<one sentence>"}"""

_LEVEL = {"full": Level.FULL, "partial": Level.PARTIAL, "none": Level.NONE}
_SIMILARITY = {"full": 1.0, "partial": 0.5, "none": 0.0}
MAX_ANSWER = 1 << 20
"""Bytes of an HTTP answer read at most (a verdict is a few hundred)."""
GIVE_UP_AFTER = 3
"""Timeouts or refused connections in a row after which the judge stops calling for the run."""


def parse_answer(content: Any) -> tuple[str, str]:
    """The (verdict, reason) of a message content; raises :class:`JudgeError` unless it is exactly
    ``{"verdict": "full"|"partial"|"none", "reason": "<text>"}``."""
    if not isinstance(content, str):
        raise JudgeError("unparseable answer", "the message content is not text")
    try:
        data = json.loads(content)
    except ValueError:
        raise JudgeError("unparseable answer", f"not JSON: {content[:80]!r}") from None
    if not isinstance(data, dict) or set(data) != {"verdict", "reason"}:
        raise JudgeError("unparseable answer", f"expected the keys verdict and reason: {content[:80]!r}")
    verdict, reason = data["verdict"], data["reason"]
    if verdict not in _LEVEL or not isinstance(reason, str):
        raise JudgeError("unparseable answer", f"verdict must be full, partial or none: {content[:80]!r}")
    return verdict, " ".join(reason.split())


class LLMJudge(Judge):
    name = "llm"
    prompt_version = PROMPT_VERSION

    def __init__(self, spec: JudgeSpec) -> None:
        if not spec.url:
            raise JudgeConfigError("--judge llm needs --judge-url (the base URL, ending in /v1)", key="judge-url")
        if not spec.url.startswith(("http://", "https://")):
            raise JudgeConfigError(f"--judge-url must be an http(s) URL, got {spec.url!r}", key="judge-url")
        if not spec.model:
            raise JudgeConfigError("--judge llm needs --judge-model NAME", key="judge-model")
        super().__init__(spec)
        self.endpoint = spec.url.rstrip("/") + "/chat/completions"
        self._failures = 0

    def reset(self) -> None:
        self._failures = 0

    def _ask(self, gold: dict[str, str], pred: dict[str, str]) -> tuple[str, str]:
        if self._failures >= GIVE_UP_AFTER:
            raise JudgeError("judge unavailable", f"{GIVE_UP_AFTER} failures in a row: not called again this run")
        user = json.dumps({"gold": gold, "prediction": pred}, ensure_ascii=False, indent=1)
        body = {"model": self.spec.model, "temperature": 0, "response_format": {"type": "json_object"},
                "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]}
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = os.environ.get(self.spec.key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        request = urllib.request.Request(self.endpoint, json.dumps(body).encode("utf-8"), headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.spec.timeout) as response:
                raw = response.read(MAX_ANSWER + 1)
        except urllib.error.HTTPError as exc:
            self._failures = 0
            raise JudgeError(f"HTTP {exc.code}", str(exc.reason)) from None
        except TimeoutError:
            self._failures += 1
            raise JudgeError("timeout", f"no answer within {self.spec.timeout:g} s") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            self._failures += 1
            kind = "timeout" if isinstance(reason, (TimeoutError, socket.timeout)) else "unreachable"
            raise JudgeError(kind, str(reason)) from None
        self._failures = 0
        if len(raw) > MAX_ANSWER:
            raise JudgeError("unparseable answer", "the answer is larger than 1 MiB")
        try:
            data = json.loads(raw)
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise JudgeError("unparseable answer", "not a chat-completions answer") from None
        return parse_answer(content)

    def compare(self, gold: Any, pred: Any, ctx: Context) -> Match:
        g = {"speaker": speaker_of(gold), "text": gold.text}
        p = {"speaker": speaker_of(pred), "text": pred.text}
        key = {"judge": self.name, "model": self.model_id, "prompt_version": self.prompt_version,
               "gold": f"{g['speaker']}: {g['text']}", "prediction": f"{p['speaker']}: {p['text']}"}
        cached = self.cache.get(key)
        if isinstance(cached, dict) and cached.get("verdict") in _LEVEL and isinstance(cached.get("reason"), str):
            verdict, reason = cached["verdict"], cached["reason"]
            stats: dict[str, int] = ctx.cache.setdefault("judge-stats", {})
            stats["cache hits"] = stats.get("cache hits", 0) + 1
        else:
            verdict, reason = self._ask(g, p)
            self.cache.put(key, {"verdict": verdict, "reason": reason})
        return Match(_LEVEL[verdict], f"judge llm: {verdict} — {reason}", _SIMILARITY[verdict], decided_by="judge:llm")
