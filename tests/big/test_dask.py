"""The Dask executor against a local cluster on this machine (loopback only), shared by the module."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

import harness
from tests.conftest import REPO_ROOT

distributed = pytest.importorskip("distributed")

GOLD, SEEDS = REPO_ROOT / "gold", REPO_ROOT / "seeds"
FAULTY = "tests.extractors.sample_extractors:faulty"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=50)
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def as_json(result: harness.Result) -> str:
    out = io.StringIO()
    result.write_json(out)
    return out.getvalue()


def test_the_same_json_as_a_local_run(scheduler: str) -> None:
    assert scheduler.startswith("tcp://127.0.0.1:")
    local = harness.score("baseline", gold=GOLD, seeds=SEEDS)
    remote = harness.score("baseline", gold=GOLD, seeds=SEEDS, executor="dask", scheduler=scheduler)
    assert as_json(remote) == as_json(local)


def test_a_crash_or_a_hang_fails_only_its_article(scheduler: str) -> None:
    local = harness.score(FAULTY, gold=GOLD, seeds=SEEDS, timeout=2, jobs=2)
    remote = harness.score(FAULTY, gold=GOLD, seeds=SEEDS, timeout=2, executor="dask", scheduler=scheduler)
    errors = {e.article[:3]: e.message for e in remote.errors}
    assert errors["002"] == "timed out after 2 s"
    assert errors["003"] == "extractor process died (exit code 7)"
    assert errors["000"].startswith("raised RuntimeError: boom")
    assert as_json(remote) == as_json(local)


def test_progress_and_the_cache_on_the_cluster(scheduler: str, tmp_path: Path) -> None:
    ticks: list[int] = []
    first = harness.run("baseline", gold=GOLD, seeds=SEEDS, executor="dask", scheduler=scheduler,
                        cache=tmp_path, progress=ticks.append, save_predictions=tmp_path / "p.jsonl")
    assert sum(ticks) == 5 and first.result.from_cache == 0
    assert (tmp_path / "p.jsonl").read_bytes().count(b"\n") == 5
    second = harness.score("baseline", gold=GOLD, seeds=SEEDS, executor="dask", scheduler=scheduler, cache=tmp_path)
    assert second.from_cache == 5


def test_an_unreachable_scheduler_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.big_runs import BigRunError
    from harness.executors import dask

    monkeypatch.setattr(dask, "CONNECT_TIMEOUT", 0.5)
    with pytest.raises(BigRunError, match="cannot reach the Dask scheduler"):
        harness.score("empty", gold=GOLD, seeds=SEEDS, executor="dask", scheduler="tcp://127.0.0.1:9",
                      timeout=1)
