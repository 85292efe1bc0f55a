"""The judge options shared by ``score`` and ``calibrate`` (and ``review --apply``, which re-scores)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

_PANEL = "Judges"

JudgeOpt = Annotated[
    str | None,
    typer.Option("--judge", metavar="[lexical|llm|embedding]",
                 help="What decides claim pairs: lexical (the matchers; default), llm (an OpenAI-compatible "
                 "endpoint) or embedding (a local model2vec model).", show_default=False, rich_help_panel=_PANEL),
]
JudgeUrlOpt = Annotated[
    str | None,
    typer.Option("--judge-url", metavar="URL", help="llm: the API's base URL, ending in /v1 (requests go to {url}/chat/completions).",
                 show_default=False, rich_help_panel=_PANEL),
]
JudgeModelOpt = Annotated[
    str | None,
    typer.Option("--judge-model", metavar="NAME|PATH", help="llm: the model's name; embedding: a local model2vec model directory.",
                 show_default=False, rich_help_panel=_PANEL),
]
JudgeKeyEnvOpt = Annotated[
    str | None,
    typer.Option("--judge-key-env", metavar="VAR", help="llm: the environment variable holding the API key (default OPENAI_API_KEY; "
                 "none is needed for a local server).", show_default=False, rich_help_panel=_PANEL),
]
JudgeCacheOpt = Annotated[
    Path | None,
    typer.Option("--judge-cache", metavar="DIR", help="Directory caching every judge verdict (default: the user's cache directory, "
                 "e.g. ~/.cache/fact-harness). Commit one to score in CI with no network.", file_okay=False,
                 show_default=False, rich_help_panel=_PANEL),
]
JudgeThresholdOpt = Annotated[
    float | None,
    typer.Option("--judge-threshold", metavar="X", help="embedding: the cosine at or above which two claim texts agree (default 0.8).",
                 min=0.0, max=1.0, show_default=False, rich_help_panel=_PANEL),
]
JudgeTimeoutOpt = Annotated[
    float | None,
    typer.Option("--judge-timeout", metavar="S", help="llm: seconds one request may take (default 30).", min=0.001,
                 show_default=False, rich_help_panel=_PANEL),
]


def judge_settings(judge: str | None, url: str | None, model: str | None, key_env: str | None, cache: Path | None,
                   threshold: float | None, timeout: float | None) -> dict[str, object]:
    """The options as :meth:`~harness.config.RunConfig.override` settings (None: not given)."""
    return {"judge": judge, "judge_url": url, "judge_model": model, "judge_key_env": key_env, "judge_cache": cache,
            "judge_threshold": threshold, "judge_timeout": timeout}
