"""Renderers: one per output format, each reading the same :class:`~harness.result.Result`."""

from __future__ import annotations

from collections.abc import Callable

from harness.report import github, junit, markdown, table
from harness.result import Result


def render_json(result: Result) -> str:
    return result.to_json()


RENDERERS: dict[str, Callable[[Result], str]] = {
    "table": table.render,
    "json": render_json,
    "markdown": markdown.render,
    "junit": junit.render,
    "github": github.render,
}

__all__ = ["RENDERERS", "render_json"]
