"""Progress on stderr while a run extracts and scores: bars on a terminal, plain lines elsewhere.

On a terminal each phase gets a bar with the count, the rate, the time left and the number of
articles the extractor failed on. Off a terminal (CI logs) a plain line is printed every few
seconds, so a slow run is never silent for minutes. ``quiet`` turns both off.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

INTERVAL = 5.0
"""Seconds between two plain progress lines off a terminal."""


def count_failure(progress: Callable[[int], None] | None) -> None:
    """Tell a progress callback that an article failed in the extractor (when it counts failures)."""
    failed = getattr(progress, "failed", None)
    if callable(failed):
        failed(1)


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if not speed else f"{speed:.1f}/s")


class _Errors(ProgressColumn):
    def render(self, task: Task) -> Text:
        n = task.fields.get("errors", 0)
        return Text(f"{n} error(s)" if n else "", style="red")


class Phase:
    """One phase's progress callback: ``phase(k)`` after k articles, ``phase.failed(1)`` for an extractor error."""

    def __init__(self, name: str, total: int, console: Console, bar: Progress | None, interval: float) -> None:
        self.name, self.total, self.console, self.bar, self.interval = name, total, console, bar, interval
        self.done = self.errors = 0
        self.start = self.last = time.monotonic()
        self.task = bar.add_task(name, total=total, errors=0) if bar is not None else None

    def __call__(self, k: int) -> None:
        self.done += k
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, advance=k, errors=self.errors)
            return
        now = time.monotonic()
        if now - self.last >= self.interval or (self.done >= self.total and self.last > self.start):
            self.last = now
            self.console.print(self.line(now), markup=False, highlight=False)

    def failed(self, k: int = 1) -> None:
        self.errors += k

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else None
        eta = "" if left is None else f", about {left:.0f} s left"
        errors = f", {self.errors} error(s)" if self.errors else ""
        return f"{self.name}: {self.done}/{self.total} articles, {rate:.1f}/s{eta}{errors}"


@contextlib.contextmanager
def progress(console: Console, total: int, *phases: str, quiet: bool = False,
             interval: float = INTERVAL) -> Iterator[dict[str, Any]]:
    """A callback per phase (``{"scoring": Phase, …}``; None each when ``quiet``)."""
    if quiet:
        yield dict.fromkeys(phases)
        return
    if not console.is_terminal:
        yield {p: Phase(p, total, console, None, interval) for p in phases}
        return
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), _Rate(),
               TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), _Errors())
    with Progress(*columns, console=console, transient=True) as bar:
        yield {p: Phase(p, total, console, bar, interval) for p in phases}
