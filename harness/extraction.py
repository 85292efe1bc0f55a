"""Running an extractor over a corpus with what big, expensive runs need around it.

Before anything is extracted, articles already done are taken from the resumed predictions file
(:mod:`harness.resume`) and from the extraction cache (:mod:`harness.cache`); only the rest reach
the extractor — in local processes, or on a Dask cluster (:mod:`harness.executors.dask`). As each
article finishes its line is appended to the predictions file and its facts are cached (never an
error). Outcomes come back in article-id order, whatever was extracted where.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.cache import ExtractionCache, identity
from harness.corpus import Corpus
from harness.extractors.loading import ExtractorSpecError, load_extractor
from harness.extractors.runner import Extraction, ProgressFn, ResultFn, run_command, run_python, run_url
from harness.model import Article
from harness.resume import PredictionLog, read_partial


@dataclass(frozen=True)
class Extracted:
    """The outcomes of every article, in id order, and where they came from."""

    name: str
    outcomes: list[Extraction]
    from_cache: int
    resumed: int
    resume_note: str | None = None


Runner = Callable[[Sequence[Article], ResultFn], list[Extraction]]


def _runner(extractor: Any, corpus: Corpus, command: str | Sequence[str] | None, url: str | None,
            options: Mapping[str, Any] | None, timeout: float | None, jobs: int,
            progress: ProgressFn | None, cluster: Any, startup: float = 0.0) -> tuple[str, Runner]:
    """The extractor's display name and a function extracting the given articles."""
    light = Corpus(corpus.gold_dir, corpus.seeds_dir, corpus.gold_paths())  # what workers need to read gold
    given = [x for x in (extractor, command, url) if x is not None]
    if len(given) != 1:
        raise ExtractorSpecError("give exactly one of: an EXTRACTOR, --command, --url")
    if command is not None:
        if options:
            raise ExtractorSpecError("--option applies to Python extractors, not to --command")
        name = command if isinstance(command, str) else " ".join(command)
        if cluster is not None:
            return name, lambda arts, done: cluster.extract(("command", command, None), arts, timeout, progress, done,
                                                              light)
        return name, lambda arts, done: run_command(command, arts, timeout=timeout, progress=progress, on_result=done,
                                                    startup=startup)
    if url is not None:
        if options:
            raise ExtractorSpecError("--option applies to Python extractors, not to --url")
        if cluster is not None:
            return url, lambda arts, done: cluster.extract(("url", url, None), arts, timeout, progress, done, light)
        return url, lambda arts, done: run_url(url, arts, timeout=timeout, jobs=jobs, progress=progress, on_result=done)
    name, extract = load_extractor(extractor, corpus, options)  # loaded here too: a bad SPEC fails at once
    if cluster is not None:
        return name, lambda arts, done: cluster.extract(("python", extractor, dict(options or {})), arts, timeout,
                                                        progress, done, light)
    return name, lambda arts, done: run_python(extract, arts, timeout=timeout, jobs=jobs, progress=progress,
                                               on_result=done)


def extract_corpus(
    extractor: Any = None,
    *,
    corpus: Corpus,
    command: str | Sequence[str] | None = None,
    url: str | None = None,
    options: Mapping[str, Any] | None = None,
    timeout: float | None = 60.0,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    cache_dir: Path | None = None,
    save_predictions: Path | None = None,
    resume: Path | None = None,
    known: Sequence[str] | None = None,
    cluster: Any = None,
    startup: float = 0.0,
) -> Extracted:
    """Extract every article of ``corpus`` not already in ``resume`` or the cache (see the module docstring).

    Raises :class:`ExtractorSpecError` / ``ExtractorStartError`` when the extractor cannot be loaded
    or started, and :class:`~harness.predictions.PredictionsError` for a bad ``resume`` file.
    """
    name, run = _runner(extractor, corpus, command, url, options, timeout, jobs, progress, cluster, startup)
    articles = corpus.articles
    ids = {a.id for a in articles}
    partial = read_partial(resume, set(known or ids)) if resume is not None else None
    done: dict[str, Extraction] = {}
    for aid, facts_json in (partial.done.items() if partial else ()):
        if aid in ids:
            done[aid] = _stored(aid, facts_json)
    resumed = len(done)
    cache = None
    if cache_dir is not None:
        key = identity(extractor, command=command, url=url, options=options)
        cache = ExtractionCache(cache_dir, key) if key is not None else None
    hits = 0
    if cache is not None:
        for article in articles:
            if article.id not in done:
                data = cache.get(article)
                if data is not None:
                    done[article.id] = _stored(article.id, data)
                    hits += 1
    log = None
    if save_predictions is not None:
        if partial is not None and resume is not None and save_predictions.resolve() == resume.resolve():
            log = PredictionLog(save_predictions, partial.done, keep_bytes=partial.good_bytes)
            for aid, o in done.items():  # cache hits of a resumed run join its file too
                if aid not in partial.done and o.facts_json is not None:
                    log.add(aid, o.facts_json)
        else:
            log = PredictionLog(save_predictions, {a: o.facts_json for a, o in done.items() if o.facts_json})
    if progress and done:
        progress(len(done))
    by_id = {a.id: a for a in articles}

    def finished(outcome: Extraction) -> None:
        if outcome.error is None and outcome.facts_json is not None:
            if log is not None:
                log.add(outcome.article, outcome.facts_json)
            if cache is not None:
                cache.put(by_id[outcome.article], outcome.facts_json)

    missing = [a for a in articles if a.id not in done]
    try:
        fresh = run(missing, finished) if missing else []
    finally:
        if log is not None:
            log.close()
        if cache is not None:
            cache.close()
    for outcome in fresh:
        done[outcome.article] = outcome
    if log is not None:
        log.finish()
    outcomes = [done[a] for a in sorted(ids)]
    return Extracted(name, outcomes, hits, resumed, partial.torn if partial else None)


def _stored(article: str, facts_json: bytes) -> Extraction:
    """An outcome rebuilt from stored facts (validated when stored)."""
    outcome = Extraction(article)
    outcome.facts_json = facts_json
    return outcome


__all__ = ["Extracted", "extract_corpus"]
