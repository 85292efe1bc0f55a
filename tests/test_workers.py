"""harness.workers.ordered_map: the same results as ``map``, in order, whatever the number of workers."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from harness.workers import default_jobs, ordered_map


def square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@pytest.mark.parametrize(("jobs", "chunk_size"), [(1, 4), (2, 1), (2, 4), (3, 5), (8, 2)])
def test_same_as_map_in_order(jobs: int, chunk_size: int) -> None:
    items = list(range(23))
    got = list(ordered_map(square_and_pid, items, jobs=jobs, chunk_size=chunk_size))
    assert [v for v, _ in got] == [x * x for x in items]


def test_work_runs_in_other_processes_only_when_worth_it() -> None:
    here = os.getpid()
    assert {pid for _, pid in ordered_map(square_and_pid, list(range(8)), jobs=2, chunk_size=2)} - {here}
    assert {pid for _, pid in ordered_map(square_and_pid, list(range(8)), jobs=1, chunk_size=2)} == {here}
    assert {pid for _, pid in ordered_map(square_and_pid, list(range(3)), jobs=4, chunk_size=16)} == {here}


def test_closures_need_no_pickling() -> None:
    offset = 10
    assert list(ordered_map(lambda x: x + offset, list(range(6)), jobs=2, chunk_size=1)) == list(range(10, 16))


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


def test_an_exception_in_a_worker_is_raised_here() -> None:
    with pytest.raises(ValueError, match="three"):
        list(ordered_map(fail_on_three, list(range(8)), jobs=2, chunk_size=1))


def test_empty_and_default_jobs() -> None:
    assert list(ordered_map(square_and_pid, [], jobs=2)) == []
    assert default_jobs() >= 1


def test_workers_run_at_most_two_chunks_per_worker_ahead_of_the_caller() -> None:
    done = multiprocessing.get_context("fork").Value("i", 0)

    def count(x: int) -> int:
        with done.get_lock():
            done.value += 1
        return x

    results = ordered_map(count, list(range(100)), jobs=2, chunk_size=1)
    assert next(results) == 0
    time.sleep(0.5)  # time for unbounded workers to run far ahead; bounded ones stop at the window
    assert done.value <= 2 * 2 + 1
    assert list(results) == list(range(1, 100))


def _term_handler(_: int) -> tuple[bool, int]:
    return signal.getsignal(signal.SIGTERM) == signal.SIG_DFL, os.getpid()


def test_workers_die_on_sigterm_whatever_handler_the_parent_set() -> None:
    """A Python SIGTERM handler inherited from the parent can be skipped when the signal lands as a worker
    starts waiting on the pool's lock, and the pool's shutdown then hangs; workers use the default."""
    def handler(signum: int, frame: object) -> None:  # pragma: no cover - never called
        raise AssertionError("not expected")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        got = list(ordered_map(_term_handler, list(range(64)), jobs=2, chunk_size=4))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert {pid for _, pid in got} - {os.getpid()}  # ran in workers
    assert {default for default, _ in got} == {True}


def thresholds(_: int) -> tuple[int, int, int]:
    import gc

    return gc.get_threshold()


def test_workers_and_the_command_line_collect_at_the_scoring_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    import sys

    from harness import cli
    from harness.workers import SCORING_GC

    assert set(ordered_map(thresholds, list(range(8)), jobs=2, chunk_size=2)) == {SCORING_GC}
    before = gc.get_threshold()
    monkeypatch.setattr(sys, "argv", ["fact-harness", "--help"])
    try:
        with pytest.raises(SystemExit):
            cli.main()
        assert gc.get_threshold() == SCORING_GC
    finally:
        gc.set_threshold(*before)
    assert set(ordered_map(thresholds, list(range(3)), jobs=1)) == {before}  # the API leaves the caller's own
