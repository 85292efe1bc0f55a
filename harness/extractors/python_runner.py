"""Python extractors in forked worker processes: a hang is cut off by killing its worker, a crash takes
down only that worker (see :mod:`harness.extractors.runner` for the guarantees)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from harness.extractors.common import (
    Extraction,
    ProgressFn,
    ResultFn,
    _deadline,
    _short,
    finished,
    kill_group,
    validate_facts,
)
from harness.model import Article, fact_to_dict

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
        finished(outcome, progress, on_result)

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
        finished(out[-1], progress, on_result)
    return out
