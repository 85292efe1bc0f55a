"""Running an extractor over articles so that no fault stops the run.

Three ways to reach an extractor, one result shape: for every article either its facts (validated
as predictions) or a one-line error. Errors: the extractor raised, returned something that is not a
list of facts, returned a malformed fact (its index is named), hung past the per-article timeout,
died, printed a non-JSON line, or answered for the wrong article.

* **Python** — run in forked worker processes (``jobs`` of them, default 1), so a hang can be cut
  off by killing the worker and a crash takes down only that worker; a new one takes its place.
  Results are ordered by article id, identical for any ``jobs``.
* **Command** — a program in any language started once (no shell): one JSON article per line on its
  stdin, one ``{"article": ID, "facts": [...]}`` line per article on its stdout; stderr passes
  through. A program that dies or hangs is killed and started again for the next article (after
  three failures in a row with no answer, the remaining articles fail with the same reason).
* **URL** — each article POSTed as JSON; the answer is ``{"facts": [...]}``. Connection errors and
  non-2xx answers are per-article errors.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import selectors
import shlex
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from pydantic import TypeAdapter, ValidationError

from harness.model import Article, Prediction, fact_to_dict
from harness.predictions import FACT_LIST
from harness.problems import first

ProgressFn = Callable[[int], None]
"""Called with the number of articles just finished (for a progress bar)."""
ResultFn = Callable[["Extraction"], None]
"""Called with each article's outcome as soon as it is known (to save it at once)."""


class Extraction:
    """What the extractor gave for one article: ``facts`` (validated predictions) or an ``error``.

    The facts are kept as compact JSON (``facts_json``) and rebuilt on each read of ``facts``, so a
    run over many articles holds a few kilobytes per article rather than model objects.
    """

    __slots__ = ("article", "error", "facts_json")

    def __init__(self, article: str, facts: list[Any] | None = None, error: str | None = None) -> None:
        self.article = article
        self.error = error
        self.facts_json: bytes | None = (
            None if facts is None else FACT_LIST.dump_json(facts, by_alias=True, exclude_none=True)
        )

    @property
    def facts(self) -> list[Any] | None:
        """The validated prediction models (a new list on every read), or None after an error."""
        return None if self.facts_json is None else FACT_LIST.validate_json(self.facts_json)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Extraction):
            return NotImplemented
        return (self.article, self.error, self.facts_json) == (other.article, other.error, other.facts_json)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        what = f"error={self.error!r}" if self.error is not None else f"facts={self.facts!r}"
        return f"Extraction({self.article!r}, {what})"


class ExtractorStartError(Exception):
    """The extractor could not be started at all (a usage error, exit code 2)."""


_PRED = TypeAdapter(Prediction)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def validate_facts(article_id: str, raw: Any) -> Extraction:
    """Check an extractor's raw return value; the first malformed fact is named by its index."""
    if isinstance(raw, (str, bytes, dict)) or not isinstance(raw, Iterable):
        return Extraction(article_id, error=f"returned {type(raw).__name__}, expected a list of facts")
    facts = []
    for k, item in enumerate(raw):
        data = fact_to_dict(item) if hasattr(item, "model_dump") else item
        try:
            facts.append(_PRED.validate_python(data))
        except ValidationError as exc:
            return Extraction(article_id, error=f"malformed fact {k}: {first(exc)}")
    return Extraction(article_id, facts=facts)


def article_payload(article: Article) -> dict[str, Any]:
    """The JSON an out-of-process extractor receives for one article."""
    return {"id": article.id, "title": article.title, "published": article.published, "url": article.url,
            "outlet": article.outlet, "text": article.text}


# --------------------------------------------------------------------------- Python, in worker processes


def _plain(raw: Any) -> Any:
    """Make an extractor's return value picklable and independent of the worker (models → dicts)."""
    if isinstance(raw, (str, bytes, dict)) or not isinstance(raw, Iterable):
        return raw
    return [fact_to_dict(f) if hasattr(f, "model_dump") else f for f in raw]


def _worker(conn: Connection, extract: Callable[[Article], Iterable[Any]]) -> None:
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        article: Article = message
        try:
            reply: tuple[str, Any, str | None] = (article.id, _plain(extract(article)), None)
        except BaseException as exc:  # the extractor's fault, reported, never fatal
            reply = (article.id, None, f"raised {type(exc).__name__}: {_short(str(exc))}")
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable return value
            conn.send((article.id, None, f"returned facts that cannot be sent back: {type(exc).__name__}: {exc}"))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    article: Article | None = None
    deadline: float = 0.0


def run_python(
    extract: Callable[[Article], Iterable[Any]],
    articles: Sequence[Article],
    *,
    timeout: float | None = 60.0,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    on_result: ResultFn | None = None,
) -> list[Extraction]:
    """Run ``extract`` over ``articles`` in ``jobs`` forked workers; outcomes in article-id order.

    ``on_result(outcome)`` is called as each article is done, in the order they finish.
    """
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - non-POSIX fallback
        return _run_inline(extract, articles, progress, on_result)
    ctx = multiprocessing.get_context("fork")
    pending = list(reversed(articles))
    results: dict[str, Extraction] = {}
    slots: list[_Slot] = []

    def start() -> _Slot:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, extract), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def finish(slot: _Slot, outcome: Extraction) -> None:
        results[outcome.article] = outcome
        slot.article = None
        if on_result:
            on_result(outcome)
        if progress:
            progress(1)

    def restart(slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join()
        slot.conn.close()
        fresh = start()
        slot.process, slot.conn = fresh.process, fresh.conn

    try:
        for _ in range(max(1, min(jobs, len(articles)))):
            slots.append(start())
        while pending or any(s.article is not None for s in slots):
            for slot in slots:
                if slot.article is None and pending:
                    slot.article = pending.pop()
                    slot.deadline = time.monotonic() + timeout if timeout else float("inf")
                    try:
                        slot.conn.send(slot.article)
                    except (BrokenPipeError, OSError):
                        aid = slot.article.id
                        restart(slot)
                        finish(slot, Extraction(aid, error="extractor process died before taking the article"))
            busy = [s for s in slots if s.article is not None]
            if not busy:
                continue
            wait_for = min(s.deadline for s in busy) - time.monotonic()
            ready = wait([s.conn for s in busy], timeout=max(0.0, wait_for) if wait_for != float("inf") else None)
            now = time.monotonic()
            for slot in busy:
                assert slot.article is not None
                aid = slot.article.id
                if slot.conn in ready:
                    try:
                        got_id, raw, error = slot.conn.recv()
                    except (EOFError, OSError):
                        slot.process.join(timeout=5)
                        code = slot.process.exitcode
                        restart(slot)
                        finish(slot, Extraction(aid, error=f"extractor process died (exit code {code})"))
                        continue
                    finish(slot, Extraction(aid, error=error) if error else validate_facts(got_id, raw))
                elif now >= slot.deadline:
                    restart(slot)
                    finish(slot, Extraction(aid, error=f"timed out after {timeout:g} s"))
    finally:
        for slot in slots:
            with contextlib.suppress(BrokenPipeError, OSError):
                slot.conn.send(None)
            slot.process.join(timeout=1)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join()
            slot.conn.close()
    return [results[a.id] for a in sorted(articles, key=lambda a: a.id)]


def _run_inline(
    extract: Callable[[Article], Iterable[Any]], articles: Sequence[Article], progress: ProgressFn | None,
    on_result: ResultFn | None = None,
) -> list[Extraction]:
    out = []
    for article in sorted(articles, key=lambda a: a.id):
        try:
            out.append(validate_facts(article.id, extract(article)))
        except Exception as exc:
            out.append(Extraction(article.id, error=f"raised {type(exc).__name__}: {_short(str(exc))}"))
        if on_result:
            on_result(out[-1])
        if progress:
            progress(1)
    return out


# --------------------------------------------------------------------------- any language, over stdin/stdout


class _Program:
    """One running extractor program and a line reader with deadlines."""

    def __init__(self, argv: list[str]) -> None:
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None,
                                         bufsize=0, start_new_session=True)
        except OSError as exc:
            raise ExtractorStartError(f"cannot start {shlex.join(argv)}: {exc.strerror or exc}") from None
        assert self.proc.stdout is not None
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.buffer = b""
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.proc.stdout, selectors.EVENT_READ)

    def send(self, line: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line)
        self.proc.stdin.flush()

    def readline(self, deadline: float) -> bytes | None:
        """The next line, or None at end of output; raises TimeoutError past ``deadline``."""
        assert self.proc.stdout is not None
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if not self.selector.select(timeout=min(remaining, 3600)):
                continue
            chunk = self.proc.stdout.read(65536)
            if chunk is None:
                continue
            if not chunk:
                if self.buffer:
                    line, self.buffer = self.buffer, b""
                    return line
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def stop(self, grace: float = 2.0) -> None:
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.selector.close()
        if self.proc.stdout:
            self.proc.stdout.close()


def run_command(
    command: str | Sequence[str],
    articles: Sequence[Article],
    *,
    timeout: float | None = 60.0,
    progress: ProgressFn | None = None,
    on_result: ResultFn | None = None,
) -> list[Extraction]:
    """Run an extractor program over ``articles`` by the JSON-lines protocol (see the module docstring)."""
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
                    if on_result:
                        on_result(out[-1])
                    if progress:
                        progress(1)
                    continue
                program = _Program(argv)
            outcome, alive = _ask(program, article, timeout)
            out.append(outcome)
            if outcome.error is None:
                failures = 0
            if not alive:
                failures += 1
                last_failure = outcome.error or "extractor stopped"
                program.stop(grace=0)
                program = None
            if on_result:
                on_result(outcome)
            if progress:
                progress(1)
    finally:
        if program is not None:
            program.stop()
    return out


def _ask(program: _Program, article: Article, timeout: float | None) -> tuple[Extraction, bool]:
    """Send one article, read one answer; returns the outcome and whether the program is still usable."""
    aid = article.id
    deadline = time.monotonic() + timeout if timeout else float("inf")
    try:
        program.send((json.dumps(article_payload(article), ensure_ascii=False) + "\n").encode("utf-8"))
    except (BrokenPipeError, OSError):
        code = program.proc.poll()
        return Extraction(aid, error=f"extractor exited early (exit code {code})"), False
    try:
        line = program.readline(deadline)
    except TimeoutError:
        return Extraction(aid, error=f"timed out after {timeout:g} s (extractor killed)"), False
    if line is None:
        code = program.proc.wait()
        return Extraction(aid, error=f"extractor exited early (exit code {code}) without answering"), False
    text = line.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return Extraction(aid, error=f"printed a non-JSON line: {_short(text, 80)!r}"), True
    if not isinstance(data, dict) or "facts" not in data:
        return Extraction(aid, error='answer is not {"article": ..., "facts": [...]}'), True
    if data.get("article", aid) != aid:
        return Extraction(aid, error=f"answered for article {data.get('article')!r} instead of {aid!r}"), False
    return validate_facts(aid, data["facts"]), True


# --------------------------------------------------------------------------- a web service


def _post(url: str, article: Article, timeout: float | None) -> Extraction:
    body = json.dumps(article_payload(article), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as exc:
        return Extraction(article.id, error=f"HTTP {exc.code} {exc.reason}")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Extraction(article.id, error=f"request failed: {_short(str(reason))}")
    try:
        data = json.loads(payload)
    except json.JSONDecodeError:
        return Extraction(article.id, error=f"answer is not JSON: {_short(payload.decode('utf-8', 'replace'), 80)!r}")
    if not isinstance(data, dict) or "facts" not in data:
        return Extraction(article.id, error='answer is not {"facts": [...]}')
    return validate_facts(article.id, data["facts"])


def run_url(
    url: str,
    articles: Sequence[Article],
    *,
    timeout: float | None = 60.0,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    on_result: ResultFn | None = None,
) -> list[Extraction]:
    """POST every article to ``url`` (``jobs`` requests at a time); outcomes in article-id order."""
    if not url.startswith(("http://", "https://")):
        raise ExtractorStartError(f"--url {url!r}: expected an http:// or https:// address")

    def one(article: Article) -> Extraction:
        outcome = _post(url, article, timeout)
        if on_result:
            with lock:
                on_result(outcome)
        if progress:
            progress(1)
        return outcome

    lock = threading.Lock()
    ordered = sorted(articles, key=lambda a: a.id)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, ordered))

