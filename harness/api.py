"""The silent Python API behind the CLI: score predictions or an extractor against the gold."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harness.corpus import Corpus, load_corpus
from harness.extractors.loading import ExtractorSpecError, load_extractor
from harness.extractors.runner import Outcome, ProgressFn, run_command, run_python, run_url
from harness.match import Options
from harness.predictions import PredictionIndex, PredictionsError, StoredPredictions, parse_facts
from harness.result import ArticleError, Result, summarise
from harness.scoring import MODES, ScoreOptions, score_articles


def _check_options(mode: str, tolerance: float) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: use strict or lenient")
    if not (0 <= tolerance < 1):
        raise ValueError(f"tolerance must be in [0, 1), got {tolerance}")


def score_predictions(
    predictions: Mapping[str, Iterable[Any]] | str | Path,
    *,
    corpus: Corpus | None = None,
    gold: str | Path | None = None,
    seeds: str | Path | None = None,
    articles: Sequence[str] | None = None,
    mode: str = "strict",
    tolerance: float = 0.01,
    count_duplicates: bool = False,
    extractor: str = "predictions",
    errors: Iterable[ArticleError] = (),
    bootstrap: int = 1000,
    seed: int = 0,
    jobs: int = 1,
    progress: ProgressFn | None = None,
) -> Result:
    """Score ready-made predictions.

    ``predictions`` is a JSON-lines file path, or a mapping from article id to facts (prediction
    model instances or plain dicts). ``jobs`` > 1 reads and scores articles in that many forked
    processes (the result is the same for any ``jobs``); ``progress(1)`` is called as each article
    is scored. Raises :class:`~harness.predictions.PredictionsError` for bad
    predictions, :class:`~harness.corpus.GoldError` for bad gold, KeyError for unknown ``articles``.
    """
    _check_options(mode, tolerance)
    full = corpus if corpus is not None else load_corpus(gold, seeds, lazy=True)
    corpus = full.select(articles) if articles else full
    preds: PredictionIndex | Mapping[str, list[Any]]
    if isinstance(predictions, (str, Path)):
        preds = PredictionIndex(Path(predictions), full.ids)
        preds.check()  # unknown or repeated ids, unreadable lines: said now, before any scoring
    elif isinstance(predictions, StoredPredictions):  # an extractor's run over this corpus: validated already
        preds = predictions
    else:
        preds = {}
        problems = []
        for aid, facts in predictions.items():
            if aid not in full:
                problems.append(f"predictions: unknown article id {aid!r}")
                continue
            try:
                preds[aid] = parse_facts(list(facts))
            except ValidationError as exc:
                problems.append(f"predictions[{aid!r}]: {exc.errors(include_url=False)[0]['msg']} "
                                f"at {'.'.join(map(str, exc.errors()[0]['loc']))}")
        if problems:
            raise PredictionsError(problems)
    options = ScoreOptions(mode=mode, count_duplicates=count_duplicates,  # type: ignore[arg-type]
                           match=Options(tolerance=tolerance))
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    result = summarise(score_articles(corpus, preds, options, jobs=jobs, progress=progress), extractor=extractor, options=options,
                       errors=errors, bootstrap=bootstrap, seed=seed)
    if isinstance(preds, PredictionIndex):
        preds.check()
    return result



def run_extractor(
    extractor: Any = None,
    *,
    corpus: Corpus,
    command: str | Sequence[str] | None = None,
    url: str | None = None,
    options: Mapping[str, Any] | None = None,
    timeout: float | None = 60.0,
    jobs: int = 1,
    progress: ProgressFn | None = None,
) -> tuple[str, list[Outcome]]:
    """Run one extractor (a SPEC/object, a ``command`` or a ``url``) over ``corpus``; returns its name and outcomes.

    Raises :class:`ExtractorSpecError` / :class:`ExtractorStartError` when it cannot be loaded or started.
    """
    given = [x for x in (extractor, command, url) if x is not None]
    if len(given) != 1:
        raise ExtractorSpecError("give exactly one of: an EXTRACTOR, --command, --url")
    if jobs < 1:
        raise ExtractorSpecError(f"--jobs must be at least 1, got {jobs}")
    if timeout is not None and timeout <= 0:
        raise ExtractorSpecError(f"--timeout must be positive, got {timeout}")
    articles = corpus.articles
    if command is not None:
        if options:
            raise ExtractorSpecError("--option applies to Python extractors, not to --command")
        name = command if isinstance(command, str) else " ".join(command)
        return name, run_command(command, articles, timeout=timeout, progress=progress)
    if url is not None:
        if options:
            raise ExtractorSpecError("--option applies to Python extractors, not to --url")
        return url, run_url(url, articles, timeout=timeout, jobs=jobs, progress=progress)
    name, extract = load_extractor(extractor, corpus, options)
    return name, run_python(extract, articles, timeout=timeout, jobs=jobs, progress=progress)


def score(
    extractor: Any = None,
    *,
    command: str | Sequence[str] | None = None,
    url: str | None = None,
    predictions: Mapping[str, Iterable[Any]] | str | Path | None = None,
    options: Mapping[str, Any] | None = None,
    corpus: Corpus | None = None,
    gold: str | Path | None = None,
    seeds: str | Path | None = None,
    articles: Sequence[str] | None = None,
    mode: str = "strict",
    tolerance: float = 0.01,
    count_duplicates: bool = False,
    timeout: float | None = 60.0,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    score_jobs: int | None = None,
    scoring_progress: ProgressFn | None = None,
) -> Result:
    """Score an extractor — or ready-made ``predictions`` — against the gold and return a :class:`Result`.

    ``extractor`` is a SPEC (``"baseline"``, ``"pkg.mod:attr"``, ``"file.py:attr"``, a plugin name) or a
    Python extractor (see :class:`harness.Extractor`); alternatively ``command`` (any language, JSON
    lines) or ``url`` (a web service). Articles the extractor failed on are listed in
    ``Result.errors`` and their gold counts as missed. ``jobs`` worker processes run a Python
    extractor (or requests to ``url``); ``score_jobs`` (default: ``jobs``) score the articles.
    ``progress(1)`` is called as each article is extracted, ``scoring_progress(1)`` as each is scored.
    """
    _check_options(mode, tolerance)
    full = corpus if corpus is not None else load_corpus(gold, seeds, lazy=True)
    selected = full.select(articles) if articles else full
    common: dict[str, Any] = {"corpus": full, "articles": articles, "mode": mode, "tolerance": tolerance,
                              "count_duplicates": count_duplicates, "bootstrap": bootstrap, "seed": seed,
                              "jobs": jobs if score_jobs is None else score_jobs, "progress": scoring_progress}
    if predictions is not None:
        if extractor is not None or command is not None or url is not None:
            raise ExtractorSpecError("give either predictions or an extractor, not both")
        name = Path(predictions).name if isinstance(predictions, (str, Path)) else "predictions"
        return score_predictions(predictions, extractor=name, **common)
    name, outcomes = run_extractor(extractor, corpus=selected, command=command, url=url, options=options,
                                   timeout=timeout, jobs=jobs, progress=progress)
    preds = StoredPredictions({o.article: o.facts_json for o in outcomes if o.facts_json is not None})
    errors = [ArticleError(o.article, o.error) for o in outcomes if o.error is not None]
    result = score_predictions(preds, extractor=name, errors=errors, **common)
    result.predictions = preds
    return result
