"""The command line's settings for big runs: which caches a ``score`` uses, and the errors of its executors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.core import TyperCommand

from harness.cache import default_dir
from harness.predictions import PredictionsError

DEFAULT_CACHE = ":user-cache:"
"""What ``--cache`` given without a directory stands for: the user cache directory."""


class BigRunError(Exception):
    """A cache, resume file or cluster that cannot be used (a usage error, exit code 2)."""


class ScoreCommand(TyperCommand):
    """The ``score`` command, whose ``--cache`` may be given without a directory (then: the user cache)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args = list(args)
        for k, arg in enumerate(args):
            if arg == "--":
                break
            if arg == "--cache" and (k + 1 == len(args) or args[k + 1].startswith("-")):
                args.insert(k + 1, DEFAULT_CACHE)
        return super().parse_args(ctx, args)


def big_run_settings(cache: str | None, no_cache: bool) -> dict[str, Any]:
    """``cache`` and ``gold_cache`` for :class:`~harness.config.RunConfig` from ``--cache [DIR]`` / ``--no-cache``.

    By default the compiled gold cache is on (in the user cache directory) and extractions are not
    cached; ``--cache`` alone caches extractions there too, ``--cache DIR`` puts both in DIR;
    ``--no-cache`` turns both off.
    """
    if no_cache:
        return {"cache": None, "gold_cache": None}
    root = Path(cache) if cache and cache != DEFAULT_CACHE else default_dir()
    return {"cache": root if cache is not None else None, "gold_cache": root}


__all__ = ["DEFAULT_CACHE", "BigRunError", "PredictionsError", "ScoreCommand", "big_run_settings"]
