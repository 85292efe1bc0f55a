"""Extractors in any language: one program over stdin/stdout, JSON lines, with deadlines on every
write and read (see :mod:`harness.extractors.runner` for the guarantees)."""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence

from harness.extractors.common import (
    Extraction,
    ExtractorStartError,
    ProgressFn,
    ResultFn,
    _deadline,
    _short,
    article_payload,
    clean_text,
    finished,
    kill_group,
    parse_json,
    validate_facts,
)
from harness.model import Article

# --------------------------------------------------------------------------- any language, over stdin/stdout


class _Program:
    """One running extractor program (leading its own process group) and its pipes, with deadlines.

    Writing an article and reading the answer share one loop, so a program that never reads its
    stdin, or writes while it reads, cannot block the harness past the deadline.
    """

    def __init__(self, argv: list[str]) -> None:
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None,
                                         bufsize=0, start_new_session=True)
        except OSError as exc:
            raise ExtractorStartError(f"cannot start {shlex.join(argv)}: {exc.strerror or exc}") from None
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.stdout = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        os.set_blocking(self.stdin, False)
        os.set_blocking(self.stdout, False)
        self.buffer = b""
        self.eof = False
        self.lines = 0
        """Lines read from the program's stdout so far (to name a wrong one)."""
        self.received = 0
        """Bytes read from its stdout so far (none before a timeout: it likely does not flush)."""
        self.answered = False
        """Whether it has answered an article yet (the first gets the start-up allowance)."""

    def _pump(self, deadline: float, outgoing: bytes = b"") -> bytes:
        """Write ``outgoing`` (returning what is left) and read what is there, until one of them progresses.

        Raises TimeoutError past ``deadline`` and BrokenPipeError when the program stopped reading.
        """
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        with selectors.DefaultSelector() as selector:
            if not self.eof:
                selector.register(self.stdout, selectors.EVENT_READ)
            if outgoing:
                selector.register(self.stdin, selectors.EVENT_WRITE)
            if not selector.get_map():
                time.sleep(min(remaining, 0.05))
                return outgoing
            events = selector.select(timeout=min(remaining, 3600.0))
        for key, _ in events:
            if key.fd == self.stdout:
                try:
                    chunk = os.read(self.stdout, 65536)
                except BlockingIOError:
                    continue
                if chunk:
                    self.buffer += chunk
                    self.received += len(chunk)
                else:
                    self.eof = True
            else:
                try:
                    written = os.write(self.stdin, outgoing[:65536])
                except BlockingIOError:
                    continue
                outgoing = outgoing[written:]
        return outgoing

    def send(self, line: bytes, deadline: float) -> None:
        """Write one line to the program's stdin, reading its output meanwhile; raises past ``deadline``."""
        while line:
            line = self._pump(deadline, line)

    def readline(self, deadline: float) -> bytes | None:
        """The next line, or None at end of output; raises TimeoutError past ``deadline``."""
        while b"\n" not in self.buffer:
            if self.eof:
                if self.buffer:
                    line, self.buffer = self.buffer, b""
                    self.lines += 1
                    return line
                return None
            self._pump(deadline)
        line, _, self.buffer = self.buffer.partition(b"\n")
        self.lines += 1
        return line

    def exit_code(self, grace: float = 0.5) -> int | None:
        """The program's exit code, waiting at most ``grace`` seconds for it (None: still running)."""
        try:
            return self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, grace: float = 2.0) -> None:
        """Close its stdin, give it ``grace`` seconds to exit, then kill its whole process group."""
        with contextlib.suppress(OSError):
            if self.proc.stdin:
                self.proc.stdin.close()
        if grace > 0:
            self.exit_code(grace)
        kill_group(self.proc.pid)
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        with contextlib.suppress(OSError):
            if self.proc.stdout:
                self.proc.stdout.close()


def run_command(
    command: str | Sequence[str],
    articles: Sequence[Article],
    *,
    timeout: float | None = 60.0,
    progress: ProgressFn | None = None,
    startup: float = 0.0,
    on_result: ResultFn | None = None,
) -> list[Extraction]:
    """Run an extractor program over ``articles`` by the JSON-lines protocol (see the module docstring).

    The program leads its own process group, killed with every child it started when it fails an
    article by hanging or dying, and when the run ends, however it ends.

    The first article a program is given may take ``startup`` seconds more than ``timeout`` (loading
    a model, say). A program that timed out without printing a byte is told to flush its output.
    """
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if not argv:
        raise ExtractorStartError("--command is empty")
    program: _Program | None = _Program(argv)
    failures = 0
    last_failure = ""
    out: list[Extraction] = []
    try:
        for article in sorted(articles, key=lambda a: a.id):
            if program is None:
                if failures >= 3:
                    out.append(Extraction(article.id, error=f"not run: {last_failure} (3 failures in a row)"))
                    finished(out[-1], progress, on_result)
                    continue
                program = _Program(argv)
            outcome, alive = _ask(program, article, timeout, startup)
            out.append(outcome)
            if alive:  # it answered: the count is of failures in a row with no answer
                failures = 0
            if not alive:
                failures += 1
                last_failure = outcome.error or "extractor stopped"
                program.stop(grace=0)
                program = None
            finished(outcome, progress, on_result)
    finally:
        if program is not None:
            program.stop()
    return out


FLUSH_HINT = ("it printed nothing at all: does it flush stdout after each line? (Python: print(..., flush=True) "
              "or python -u; Node: process.stdout.write; Perl: $| = 1; C: fflush(stdout))")


def _ask(program: _Program, article: Article, timeout: float | None,
         startup: float = 0.0) -> tuple[Extraction, bool]:
    """Send one article, read one answer; returns the outcome and whether the program is still usable.

    The answer is the next line starting with ``{``, and it must name its article; other lines (a
    start-up banner, debugging output) are passed to stderr and skipped. The first article gets
    ``startup`` seconds more than ``timeout``.
    """
    aid = article.id
    allowance = 0.0 if program.answered else startup
    deadline = _deadline(timeout + allowance if timeout else timeout)
    waited = (f"{timeout + allowance:g} s, start-up included" if allowance else f"{timeout:g} s") if timeout else ""
    skipped: list[str] = []

    def timed_out_message(hint: bool = True) -> str:
        base = f"timed out after {waited} (extractor killed)" if timeout else "timed out (extractor killed)"
        return base + (f"; {FLUSH_HINT}" if hint and program.received == 0 else "")

    def late(message: str) -> str:
        return message + (f"; it printed {len(skipped)} line(s) that are not an answer, the first: {skipped[0]!r}"
                          if skipped else "")

    try:
        program.send((json.dumps(article_payload(article), ensure_ascii=False) + "\n").encode("utf-8"), deadline)
    except TimeoutError:
        return Extraction(aid, error=timed_out_message(hint=False) + " — it did not read the article"), False
    except OSError:
        code = program.exit_code()
        return Extraction(aid, error=f"extractor exited early (exit code {code})"), False
    while True:
        try:
            line = program.readline(deadline)
        except TimeoutError:
            return Extraction(aid, error=late(timed_out_message())), False
        if line is None:
            code = program.exit_code()
            if code is None:
                return Extraction(aid, error=late("extractor closed its stdout without answering "
                                                  "(still running: killed)")), False
            return Extraction(aid, error=late(f"extractor exited early (exit code {code}) without answering")), False
        text = line.decode("utf-8", errors="replace").strip()
        if not text.startswith("{"):  # not an answer: a banner, a log line
            if text:
                skipped.append(_short(text, 80))
                with contextlib.suppress(OSError, ValueError):
                    print(f"fact-harness: extractor printed a line that is not an answer (ignored): "
                          f"{_short(text, 200)}", file=sys.stderr, flush=True)
            continue
        try:
            data = parse_json(text)
        except ValueError as exc:
            return Extraction(aid, error=f"line {program.lines} of its output is invalid JSON ({exc}): "
                                         f"{_short(text, 80)!r}"), True
        break
    program.answered = True
    if not isinstance(data, dict) or "facts" not in data:
        return Extraction(aid, error=f'line {program.lines} of its output is not {{"article": ..., "facts": [...]}}'), True
    if "article" not in data:
        return Extraction(aid, error=f'line {program.lines} of its output has no "article": every answer must '
                                     f'name its article ({aid!r} was asked)'), True
    if data["article"] != aid:
        return Extraction(aid, error=f"line {program.lines} of its output answers for article "
                                     f"{clean_text(repr(data['article']))} instead of {aid!r}"), False
    return validate_facts(aid, data["facts"]), True
