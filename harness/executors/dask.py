"""Extracting and scoring articles on a Dask cluster (``pip install "fact-harness[dask]"``).

``--executor dask`` starts a local cluster of worker processes (loopback only, one per ``--jobs``);
``--executor dask --scheduler tcp://HOST:PORT`` uses a running one (``dask scheduler`` and
``dask worker`` on each machine). The workers need fact-harness and the extractor installed, and the
gold and seeds directories at the same paths when the extractor reads them (the oracle does).

The guarantees of a local run hold: each article is one task; on the worker the extractor runs in
a forked child process with the per-article timeout (:func:`harness.extractors.runner.run_python`),
so an extractor that raises, crashes or hangs fails only that article, with the same message as a
local run; a worker that dies anyway fails only its article. Outcomes and scores come back in
article-id order, so the JSON result is byte-identical to a local run's. Scoring is done on the
workers too, a chunk of articles per task, from each article's validated gold and facts.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from harness.big_runs import BigRunError
from harness.corpus import Corpus, thaw
from harness.extractors.common import finished
from harness.extractors.runner import Extraction, ProgressFn, ResultFn, _post, run_command, run_python
from harness.model import Article
from harness.predictions import FACT_LIST
from harness.scoring import PARALLEL_CHUNK, Scored, ScoreOptions, score_article

_LOADED: dict[str, Callable[[Article], Any]] = {}
"""Extractors loaded on this worker, by what was asked for (loaded once per worker process)."""


CONNECT_TIMEOUT = 10.0
"""Seconds to wait for a scheduler given by address before giving up."""


class DaskUnavailable(BigRunError):
    """The ``dask`` extra is not installed, or the scheduler cannot be reached (a usage error)."""


def _python_extractor(spec: Any, options: Mapping[str, Any], corpus: Corpus) -> Callable[[Article], Any]:
    from harness.extractors.loading import load_extractor

    key = json.dumps([repr(spec), sorted(options.items(), key=repr)], default=repr)
    if key not in _LOADED:
        _LOADED[key] = load_extractor(spec, corpus, options)[1]
    return _LOADED[key]


def _extract_task(article: Article, what: tuple[str, Any, Any], timeout: float | None, corpus: Corpus) -> Extraction:
    """One article, on a worker: extracted exactly as a local run would."""
    kind, target, options = what
    if kind == "command":
        return run_command(target, [article], timeout=timeout)[0]
    if kind == "url":
        return _post(target, article, timeout)
    extract = _python_extractor(target, options or {}, corpus)
    # Dask's worker processes are daemonic, and multiprocessing refuses children to those; the child
    # here lives only while this task runs (killed at its timeout), so it is allowed for the call.
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    daemon = config.get("daemon")
    config["daemon"] = False
    try:
        return run_python(extract, [article], timeout=timeout)[0]
    finally:
        config["daemon"] = daemon


def _score_task(items: list[tuple[str, str, bytes | None, bytes | None]], options: ScoreOptions) -> list[Scored]:
    """A chunk of articles, on a worker: (id, gold path, compiled gold, facts) → scores."""
    out = []
    for aid, path, compiled, facts_json in items:
        if compiled is None:
            out.append(Scored(aid, None))
            continue
        facts = FACT_LIST.validate_json(facts_json) if facts_json is not None else []
        out.append(Scored(aid, score_article(thaw(compiled, Path(path)), facts, options)))
    return out


class DaskCluster:
    """A client of a Dask cluster: a local one it starts, or a running scheduler's."""

    def __init__(self, scheduler: str | None = None, workers: int = 1) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise DaskUnavailable('--executor dask needs the dask extra: pip install "fact-harness[dask]"') from None
        self._cluster = None
        try:
            if scheduler is None:
                self._cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None, silence_logs=50)
                self.client = Client(self._cluster)
            else:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            if self._cluster is not None:
                self._cluster.close()
            raise DaskUnavailable(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extract(self, what: tuple[str, Any, Any], articles: Sequence[Article], timeout: float | None,
                progress: ProgressFn | None, on_result: ResultFn | None, corpus: Corpus | None = None) -> list[Extraction]:
        """Every article as one task; outcomes in article-id order, ``on_result`` as each finishes."""
        from distributed import as_completed

        light = corpus or Corpus(Path("."), Path("."), {})
        shared = self.client.scatter(light, broadcast=True)
        ordered = sorted(articles, key=lambda a: a.id)
        futures = {self.client.submit(_extract_task, a, what, timeout, shared, pure=False, retries=0): a.id
                   for a in ordered}
        results: dict[str, Extraction] = {}
        for future in as_completed(futures):
            aid = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # the worker died or the task could not run: this article fails
                outcome = Extraction(aid, error=f"dask worker failed: {type(exc).__name__}: {str(exc)[:120]}")
            results[aid] = outcome
            finished(outcome, progress, on_result)
        return [results[a.id] for a in ordered]

    def score(self, corpus: Corpus, facts: Mapping[str, bytes], options: ScoreOptions,
              progress: ProgressFn | None = None) -> Iterator[Scored]:
        """Score every article of ``corpus`` on the workers, a chunk per task; yielded in id order.

        Invalid gold is checked here, so its problems are reported exactly as a local run reports them.
        """
        ids = corpus.ids
        paths = corpus.gold_paths()

        def chunk(part: list[str]) -> tuple[list[tuple[str, str, bytes | None, bytes | None]], dict[str, Scored]]:
            items, bad = [], {}
            for aid in part:
                compiled = corpus.compiled(aid)
                if compiled is None:
                    _, problems = corpus.check(aid)
                    bad[aid] = Scored(aid, None, tuple(problems))
                items.append((aid, str(paths[aid]), compiled, facts.get(aid)))
            return items, bad

        parts = [ids[i:i + PARALLEL_CHUNK] for i in range(0, len(ids), PARALLEL_CHUNK)]
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        pending: deque[tuple[Any, dict[str, Scored]]] = deque()
        queue = iter(parts)

        def submit() -> bool:
            part = next(queue, None)
            if part is None:
                return False
            items, bad = chunk(part)
            pending.append((self.client.submit(_score_task, items, options, pure=False), bad))
            return True

        for _ in range(4 * workers):
            if not submit():
                break
        while pending:
            future, bad = pending.popleft()
            submit()
            for scored in future.result():
                if progress:
                    progress(1)
                yield bad.get(scored.article, scored)


__all__ = ["DaskCluster", "DaskUnavailable"]
