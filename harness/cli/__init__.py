"""The ``fact-harness`` command: a thin layer that parses options, calls the API and renders.

Exit codes: 0 pass · 1 a gate failed · 2 bad input, usage or config · 3 extractor errors ·
4 the report could not be written · 130 / 143 interrupted / terminated (see harness.exit_codes).

One module per group of commands: :mod:`~harness.cli.score` (score, extractors),
:mod:`~harness.cli.gold` (validate, schema, export, new, init, annotate), :mod:`~harness.cli.results`
(report, bless, compare, diff), :mod:`~harness.cli.measure` (calibrate, agree, review); what they
share is :mod:`~harness.cli.common`; ``cache`` is :mod:`harness.cache_cli`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from types import FrameType

from rich.markup import escape

from harness.cli import gold, measure, results, score  # noqa: F401  (each registers its commands)
from harness.cli.common import UserError, app, err
from harness.exit_codes import ExitCode
from harness.project import ProjectError
from harness.workers import SCORING_GC

ORDER = ("score", "extractors", "validate", "schema", "export", "new", "init", "annotate", "report", "bless",
         "compare", "diff", "calibrate", "agree", "review")
"""How ``fact-harness --help`` lists the commands: scoring first, then authoring, results, measurement."""


def _rank(name: str | None) -> int:
    return ORDER.index(name) if name in ORDER else len(ORDER)


app.registered_commands.sort(key=lambda c: _rank(c.name or getattr(c.callback, "__name__", None)))


class Terminated(BaseException):
    """A termination signal arrived: unwinds the run so that workers are killed and temporary files removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_MAIN_PID = os.getpid()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _MAIN_PID:  # a forked worker inherited this handler: it just ends
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    signal.signal(signum, signal.SIG_IGN)  # the clean-up is bounded: let it finish
    raise Terminated(signum)


def _cache_app() -> None:
    from harness.cache_cli import app as cache_app

    app.add_typer(cache_app, name="cache")


_cache_app()


def main() -> None:
    """Entry point of the console script; user mistakes end as one line and exit 2, never a traceback.

    SIGTERM and SIGHUP unwind the run like Ctrl-C: extractor processes are killed, no temporary file
    is left, and the exit code is 128 + the signal's number (143 for SIGTERM; 130 for Ctrl-C). The
    command's own process collects garbage at the scoring workers' thresholds
    (:data:`harness.workers.SCORING_GC`): a run in one process (``--jobs 1``) is about a tenth faster.
    """
    global _MAIN_PID
    gc.set_threshold(*SCORING_GC)
    _MAIN_PID = os.getpid()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal
            signal.signal(sig, _on_signal)
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        app()
    except (UserError, ProjectError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True)
        sys.exit(int(ExitCode.BAD_INPUT))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))
    except Terminated as exc:
        with contextlib.suppress(OSError):
            err.print(f"terminated by {signal.Signals(exc.signum).name}")
        sys.exit(128 + exc.signum)

__all__ = ["app", "main"]
