"""Mapping a function over many items in forked worker processes, results in input order.

Used to score large corpora on every core. The function is handed to the workers by forking (it is
never pickled, so closures over a corpus work); each result is pickled back. Items go out in
chunks to keep the messages few. Where ``fork`` is unavailable, or the work is too small to gain
from it, the items are mapped in this process — the results are the same either way.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASKS: dict[int, Callable[[Any], Any]] = {}
"""Functions of the maps in progress, by token; the forked workers inherit them."""
_tokens = itertools.count()


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _worker_start() -> None:
    """A worker ends at once on SIGTERM and SIGHUP (the kernel's default), whatever handler it inherited;
    the objects it inherited are left out of its garbage collection, which runs at :data:`SCORING_GC`.

    The pool stops its workers with SIGTERM. A Python-level handler inherited from the parent (the
    CLI's, which unwinds a run) only runs between bytecodes: one that lands as a worker enters a
    blocking wait on the pool's queue lock is never run, and the worker, and the run, hang.
    """
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    gc.freeze()  # what the worker inherited (tables, lexicon, memos) is never traversed by its collector
    gc.set_threshold(*SCORING_GC)


SCORING_GC = (50_000, 20, 100)
"""The collector's thresholds while articles are scored: scoring allocates many short-lived objects and
makes few cycles, and at Python's default (700, 10, 10) the collector's passes over the growing memos
cost about a tenth of the scoring time. Every worker runs at them, and so does the command line (for
the work it does in its own process); the Python API leaves the caller's process as it is."""


def _run_chunk(task: tuple[int, Sequence[Any]]) -> list[Any]:
    token, chunk = task
    fn = _TASKS[token]
    return [fn(item) for item in chunk]


def ordered_map(fn: Callable[[T], R], items: Sequence[T], *, jobs: int, chunk_size: int = 16,
                preload: Callable[[], None] | None = None) -> Iterator[R]:
    """``fn`` over ``items`` in ``jobs`` worker processes, yielded in the order of ``items``.

    Runs in this process when ``jobs`` ≤ 1, when there are no more items than one chunk, or where
    processes cannot be forked. At most ``2 × jobs`` chunks are in flight, so results never pile up
    in memory when the caller consumes them more slowly than the workers produce them. An exception
    raised by ``fn`` is raised here. ``preload`` is called once in this process just before the
    workers are forked (never when the items are mapped here): what it loads, every worker inherits
    instead of loading it for itself.
    """
    if jobs <= 1 or len(items) <= chunk_size or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, items)
        return
    if preload is not None:
        preload()
    token = next(_tokens)
    _TASKS[token] = fn
    chunks = ((token, items[i:i + chunk_size]) for i in range(0, len(items), chunk_size))
    workers = min(jobs, -(-len(items) // chunk_size))
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start) as pool:
            in_flight: deque[AsyncResult[list[Any]]] = deque(
                pool.apply_async(_run_chunk, (chunk,)) for chunk in itertools.islice(chunks, 2 * workers)
            )
            while in_flight:
                results = in_flight.popleft().get()
                for chunk in itertools.islice(chunks, 1):
                    in_flight.append(pool.apply_async(_run_chunk, (chunk,)))
                yield from results
    finally:
        del _TASKS[token]
