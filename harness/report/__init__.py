"""Renderers: one per output format, each reading the same :class:`~harness.result.Result`.

JSON is not among them: it is the result's own form, streamed by :meth:`Result.write_json`; HTML
needs the gold as well and lives in :mod:`harness.report.html`.
"""

from __future__ import annotations

from collections.abc import Callable

from harness.report import github, junit, markdown, table
from harness.result import Result

RENDERERS: dict[str, Callable[[Result], str]] = {
    "table": table.render,
    "markdown": markdown.render,
    "junit": junit.render,
    "github": github.render,
}

__all__ = ["RENDERERS"]
