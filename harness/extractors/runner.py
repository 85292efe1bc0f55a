"""Running an extractor over articles so that no fault stops the run.

Three ways to reach an extractor, one result shape: for every article either its facts (validated
as predictions) or a one-line error. Errors: the extractor raised, returned something that is not a
list of facts, returned a malformed fact (its index is named), hung past the per-article timeout,
died, printed a non-JSON line, or answered for the wrong article.

* **Python** — run in forked worker processes (``jobs`` of them, default 1), so a hang can be cut
  off by killing the worker and a crash takes down only that worker; a new one takes its place.
  Results are ordered by article id, identical for any ``jobs``. A worker's stdout is the
  harness's stderr, and it ends by itself when the harness dies.
* **Command** — a program in any language started once (no shell): one JSON article per line on its
  stdin, one ``{"article": ID, "facts": [...]}`` line per article on its stdout; stderr passes
  through; lines that do not start with ``{`` (a banner, logging) are passed to stderr and skipped.
  A program that dies or hangs is killed and started again for the next article (after three
  failures in a row with no answer, the remaining articles fail with the same reason).
* **URL** — each article POSTed as JSON; the answer is ``{"facts": [...]}``. Connection errors,
  non-2xx answers, broken answers and redirects that would drop the body or leave the host are
  per-article errors.

Deadlines: ``timeout`` bounds everything one article costs — writing it to a program, the answer,
the whole HTTP request (connection, headers and body) — not each read. Every extractor process
leads its own process group, killed with its children after a timeout and when the run ends.
JSON answers with duplicate keys, NaN, nesting too deep to parse or numbers past ±1e300 fail
their article.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import multiprocessing
import os
import pickle
import selectors
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from harness.model import Article, fact_to_dict
from harness.pred_check import check_facts
from harness.predictions import FACT_LIST, unique_keys
from harness.progress import count_failure

ProgressFn = Callable[[int], None]
"""Called with the number of articles just finished (for a progress bar)."""
ResultFn = Callable[["Extraction"], None]
"""Called with each article's outcome as soon as it is known (to save it at once)."""


class Extraction:
    """What the extractor gave for one article: ``facts`` (validated predictions) or an ``error``.

    The facts are kept as compact JSON (``facts_json``) and rebuilt on each read of ``facts``, so a
    run over many articles holds a few kilobytes per article rather than model objects.
    """

    __slots__ = ("article", "error", "facts_json", "warnings")

    def __init__(self, article: str, facts: list[Any] | None = None, error: str | None = None,
                 warnings: Sequence[str] = ()) -> None:
        self.article = article
        self.error = None if error is None else clean_text(error)
        self.warnings = list(warnings)
        """Unknown fields dropped from the facts (``facts[2].label: unknown field, ignored``)."""
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


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(clean_text(str(text)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clean_text(text: str) -> str:
    """``text`` made encodable: a lone surrogate (which no output format can write) becomes ``\\udXXX``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


MAX_TIMEOUT = 30 * 86400.0
"""Longest wait honoured (30 days): larger timeouts (``--timeout 1e12``) mean "no practical limit"."""


def _deadline(timeout: float | None) -> float:
    """The monotonic time at which ``timeout`` seconds from now run out (None or 0: 30 days)."""
    return time.monotonic() + (min(float(timeout), MAX_TIMEOUT) if timeout else MAX_TIMEOUT)


def parse_json(text: str | bytes) -> Any:
    """Parse an extractor's JSON answer; every kind of malformed input raises ValueError.

    Rejects duplicate keys, NaN/Infinity, text that is not UTF-8 and nesting too deep to parse.
    """
    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        return json.loads(text, object_pairs_hook=unique_keys, parse_constant=constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte {exc.start + 1})") from None


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (an extractor and the children it started)."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def validate_facts(article_id: str, raw: Any) -> Extraction:
    """Check an extractor's raw return value; every problem of every malformed fact is named (one line).

    Unknown fields are dropped and listed in ``warnings``; the facts are still scored.
    """
    if isinstance(raw, (str, bytes, dict)) or not isinstance(raw, Iterable):
        return Extraction(article_id, error=f"returned {type(raw).__name__}, expected a list of facts")
    checked = check_facts(list(raw), prefix=())
    if checked.problems:
        return Extraction(article_id, error="; ".join(_malformed(p) for p in checked.problems))
    return Extraction(article_id, facts=checked.facts, warnings=[f"facts{w}" for w in checked.warnings])


def _malformed(problem: str) -> str:
    """``[1].value: …`` → ``malformed fact 1: value: …``."""
    index, _, rest = problem[1:].partition("]")
    return f"malformed fact {index}: {rest.removeprefix('.')}"


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


def _watch_parent(parent: int) -> None:
    """In a worker: end the worker (and its process group) as soon as the harness is gone."""
    while os.getppid() == parent:
        time.sleep(0.2)
    kill_group(os.getpid())
    os._exit(1)


def _worker(conn: Connection, extract: Callable[[Article], Iterable[Any]], parent: int,
            inherited: Sequence[Connection]) -> None:
    # The worker leads its own process group (so the harness can kill it with every child it
    # started), holds no end of any other worker's pipe nor of its own parent's (so it sees the
    # harness go), ends when the harness does, and prints to stderr: stdout is the report's.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    for other in inherited:
        other.close()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    with contextlib.suppress(OSError):
        os.dup2(2, 1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
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
            conn.send((article.id, None, f"returned facts that cannot be sent back: {type(exc).__name__}: "
                                         f"{_short(str(exc))}"))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    article: Article | None = None
    deadline: float = 0.0


def _receive(conn: Connection) -> tuple[str | None, Any, str | None]:
    """A worker's reply; a value whose unpickling fails is reported, the pipe stays in step."""
    data = conn.recv_bytes()
    try:
        got_id, raw, error = pickle.loads(data)
    except Exception as exc:
        return None, None, f"returned a value that cannot be read back: {type(exc).__name__}: {_short(str(exc))}"
    return got_id, raw, error


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

    Every worker leads its own process group, killed (with any child the extractor started) after a
    timeout and when the run ends, however it ends; a worker also ends by itself when the harness dies.
    ``on_result(outcome)`` is called as each article is done, in the order they finish.
    """
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - non-POSIX fallback
        return _run_inline(extract, articles, progress, on_result)
    ctx = multiprocessing.get_context("fork")
    pending = list(reversed(articles))
    results: dict[str, Extraction] = {}
    slots: list[_Slot] = []
    me = os.getpid()

    def start() -> _Slot:
        parent, child = ctx.Pipe()
        inherited = [parent, *(s.conn for s in slots)]
        proc = ctx.Process(target=_worker, args=(child, extract, me, inherited), daemon=True)
        proc.start()
        assert proc.pid is not None
        with contextlib.suppress(OSError):
            os.setpgid(proc.pid, proc.pid)  # also done in the worker: whichever runs first
        child.close()
        return _Slot(proc, parent)

    def finish(slot: _Slot, outcome: Extraction) -> None:
        results[outcome.article] = outcome
        slot.article = None
        if on_result:
            on_result(outcome)
        if progress:
            if outcome.error is not None:
                count_failure(progress)
            progress(1)

    def stop(slot: _Slot) -> None:
        kill_group(slot.process.pid)
        slot.process.kill()
        slot.process.join()
        slot.conn.close()

    def restart(slot: _Slot) -> None:
        stop(slot)
        fresh = start()
        slot.process, slot.conn = fresh.process, fresh.conn

    try:
        for _ in range(max(1, min(jobs, len(articles)))):
            slots.append(start())
        while pending or any(s.article is not None for s in slots):
            for slot in slots:
                if slot.article is None and pending:
                    slot.article = pending.pop()
                    slot.deadline = _deadline(timeout)
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
            ready = wait([s.conn for s in busy], timeout=min(3600.0, max(0.0, wait_for)))
            now = time.monotonic()
            for slot in busy:
                assert slot.article is not None
                aid = slot.article.id
                if slot.conn in ready:
                    try:
                        got_id, raw, error = _receive(slot.conn)
                    except (EOFError, OSError):
                        slot.process.join(timeout=5)
                        code = slot.process.exitcode
                        restart(slot)
                        finish(slot, Extraction(aid, error=f"extractor process died (exit code {code})"))
                        continue
                    finish(slot, Extraction(aid, error=error) if error else validate_facts(got_id or aid, raw))
                elif now >= slot.deadline:
                    restart(slot)
                    finish(slot, Extraction(aid, error=f"timed out after {timeout:g} s"))
    finally:
        for slot in slots:
            with contextlib.suppress(BrokenPipeError, OSError):
                slot.conn.send(None)
        for slot in slots:
            slot.process.join(timeout=1)
            stop(slot)
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
                    if on_result:
                        on_result(out[-1])
                    if progress:
                        count_failure(progress)
                        progress(1)
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
            if on_result:
                on_result(outcome)
            if progress:
                if outcome.error is not None:
                    count_failure(progress)
                progress(1)
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


# --------------------------------------------------------------------------- a web service


MAX_BODY = 64 * 1024 * 1024
"""Largest answer read from a web service (64 MiB); a longer one fails its article."""

MAX_REDIRECTS = 5


class _Failed(Exception):
    """One request that did not give an answer; the message is the article's error."""


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int]:
    return parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def _request(url: str, body: bytes, deadline: float, timeout: float | None) -> tuple[int, str, str | None, bytes]:
    """POST ``body`` to ``url``: (status, reason, Location header, body), all within ``deadline``.

    A timer shuts the connection down at the deadline, so a server that sends its headers or body a
    byte at a time cannot stretch the request past it.
    """
    parts = urllib.parse.urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _Failed(f"timed out after {timeout:g} s" if timeout else "timed out")
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname or "", parts.port, timeout=min(remaining, 3600.0))
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(remaining, cut)
    timer.daemon = True
    timer.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json",
                                                       "Accept": "application/json"})
        response = conn.getresponse()
        payload = response.read(MAX_BODY + 1)
        if len(payload) > MAX_BODY:
            raise _Failed(f"answer is larger than {MAX_BODY // (1024 * 1024)} MiB")
        declared = response.getheader("Content-Length", "")
        if declared.strip().isdigit() and len(payload) < int(declared):
            raise _Failed(f"answer cut short: {len(payload)} of {int(declared)} bytes "
                          "(Content-Length larger than the body)")
        return response.status, response.reason, response.getheader("Location"), payload
    except (http.client.HTTPException, OSError, ValueError) as exc:
        if expired.is_set():
            raise _Failed(f"timed out after {timeout:g} s" if timeout else "timed out") from None
        if isinstance(exc, http.client.IncompleteRead):
            raise _Failed(f"answer cut short: {len(exc.partial)} of {len(exc.partial) + (exc.expected or 0)} "
                          "bytes (Content-Length larger than the body)") from None
        if isinstance(exc, http.client.BadStatusLine):
            raise _Failed(f"not an HTTP answer (bad status line {_short(str(exc), 60)!r})") from None
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise _Failed(f"request failed: {_short(str(reason))}") from None
    finally:
        timer.cancel()
        conn.close()


def _post(url: str, article: Article, timeout: float | None) -> Extraction:
    """POST one article; redirects are followed only when they keep the method and the body (307,
    308) and stay on the same scheme, host and port."""
    body = json.dumps(article_payload(article), ensure_ascii=False).encode("utf-8")
    deadline = _deadline(timeout)
    target = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, reason, location, payload = _request(target, body, deadline, timeout)
            if not 300 <= status < 400:
                break
            if location is None:
                raise _Failed(f"HTTP {status} {_short(reason)} without a Location")
            nxt = urllib.parse.urljoin(target, location)
            if _origin(urllib.parse.urlsplit(nxt)) != _origin(urllib.parse.urlsplit(target)):
                raise _Failed(f"HTTP {status}: redirect to another host ({_short(nxt, 80)}) refused")
            if status not in (307, 308):
                raise _Failed(f"HTTP {status} {_short(reason)}: redirect to {_short(nxt, 80)} not followed "
                              "(it would turn the POST into a GET without the article)")
            target = nxt
        else:
            raise _Failed(f"more than {MAX_REDIRECTS} redirects")
    except _Failed as exc:
        return Extraction(article.id, error=str(exc))
    if not 200 <= status < 300:
        return Extraction(article.id, error=f"HTTP {status} {_short(reason)}")
    try:
        data = parse_json(payload)
    except ValueError as exc:
        why = "" if isinstance(exc, json.JSONDecodeError) else f" ({exc})"
        return Extraction(article.id, error=f"answer is not JSON{why}: "
                                            f"{_short(payload[:200].decode('utf-8', 'replace'), 80)!r}")
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
            if outcome.error is not None:
                count_failure(progress)
            progress(1)
        return outcome

    lock = threading.Lock()
    ordered = sorted(articles, key=lambda a: a.id)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, ordered))

