"""The silent Python API: one entry, :func:`run`, that runs an extractor (or reads predictions),
scores it against the gold and applies the gates, returning an immutable :class:`~harness.result.Run`.

The command line and the pytest plugin are thin faces over it: each builds a
:class:`~harness.config.RunConfig` from ``pyproject.toml`` and its own options, calls :func:`run`
and renders. Data moves one way: the gold is read and validated once, predictions are scored
article by article, the aggregator folds the scores, the gates read the folded result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Collection, Iterable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from harness.aggregate import Aggregator
from harness.ceiling import load_ceiling
from harness.config import RunConfig
from harness.corpus import Corpus, GoldError, load_corpus
from harness.extraction import extract_corpus
from harness.extractors.loading import ExtractorSpecError
from harness.extractors.runner import Extraction, ProgressFn
from harness.fingerprint import Fingerprint, of_corpus, of_result, require_match
from harness.gates import GateConfigError, article_regressions, evaluate, load_result
from harness.goldcache import GoldCache
from harness.judges.measured import run_report
from harness.pred_check import WARNING, check_facts
from harness.predictions import PredictionIndex, PredictionsError, StoredPredictions
from harness.result import ArticleError, Result, Run
from harness.scoring import score_articles
from harness.validate import Problem
from harness.version import __version__

_SETTINGS = {f.name for f in dataclasses.fields(RunConfig)} - {"source"}


def _config(config: RunConfig | None, settings: Mapping[str, Any]) -> RunConfig:
    """``config`` (default: the defaults, no file read) with the keyword ``settings`` applied."""
    unknown = sorted(set(settings) - _SETTINGS)
    if unknown:
        raise TypeError(f"unknown keyword argument {unknown[0]!r} (settings: {', '.join(sorted(_SETTINGS))})")
    try:
        return (config or RunConfig()).override(**settings)
    except GateConfigError as exc:
        raise ValueError(exc.worded(f"{(exc.key or '').replace('-', '_')}=")) from None


def _mapping_predictions(predictions: Mapping[str, Iterable[Any]], corpus: Collection[str], *,
                         strict: bool = False) -> tuple[dict[str, list[Any]], list[str]]:
    """Validate in-memory predictions per article; raises :class:`PredictionsError` listing every problem.

    Returns the facts per article and the warnings (unknown fields, dropped).
    """
    preds: dict[str, list[Any]] = {}
    problems: list[str] = []
    warnings: list[str] = []
    for aid, facts in predictions.items():
        if aid not in corpus:
            problems.append(f"predictions: unknown article id {aid!r}")
            continue
        checked = check_facts(list(facts), prefix=(), strict=strict)
        problems += [f"predictions[{aid!r}]{p}" for p in checked.problems]
        warnings += [f"predictions[{aid!r}]{w}" for w in checked.warnings]
        preds[aid] = checked.facts
    if problems:
        raise PredictionsError(problems)
    return preds, warnings


def score_source(
    predictions: Mapping[str, Iterable[Any]] | str | Path,
    *,
    corpus: Corpus,
    config: RunConfig,
    known: Collection[str] | None = None,
    extractor: str = "predictions",
    errors: Iterable[ArticleError] = (),
    progress: ProgressFn | None = None,
    fingerprint: Fingerprint | None = None,
    extra_warnings: Sequence[str] = (),
    cluster: Any = None,
    from_cache: int | None = None,
) -> Result:
    """Score ready-made predictions over ``corpus`` (no gates applied).

    ``predictions`` is a JSON-lines file path, a mapping from article id to facts (prediction
    model instances or plain dicts), or what running an extractor stored; ``known`` are the article
    ids predictions may name (default: the corpus's — wider when ``corpus`` is a selection). Raises
    :class:`~harness.predictions.PredictionsError` for bad predictions and
    :class:`~harness.corpus.GoldError` for bad gold — each listing every problem, after every
    article was read.
    """
    source: Any
    warnings: list[str] = []
    errors = list(errors)
    if isinstance(predictions, (str, Path)):
        source = PredictionIndex(Path(predictions), corpus.ids if known is None else known, strict=config.strict)
        source.check()  # unknown or repeated ids, unreadable lines: said now, before any scoring
    elif isinstance(predictions, StoredPredictions):  # an extractor's run over this corpus: validated already
        source = predictions
    else:
        source, warnings = _mapping_predictions(predictions, corpus.ids if known is None else known,
                                                strict=config.strict)
    failed = {e.article for e in errors}
    missing = [a for a in corpus.ids if a not in source and a not in failed]
    if missing and config.require_all:
        raise PredictionsError([f"no predictions for {len(missing)} of {len(corpus.ids)} article(s) "
                                f"(require-all): {', '.join(missing[:20])}" + (" …" if len(missing) > 20 else "")])
    options = config.score_options
    if options.judge is not None:
        options.judge.reset()
    jobs = config.score_jobs or config.jobs
    totals = Aggregator()
    gold_problems: list[Problem] = []
    pred_problems: list[str] = []
    if cluster is not None and isinstance(source, StoredPredictions):
        scores = cluster.score(corpus, source.raw(), options, progress=progress)
    else:
        scores = score_articles(corpus, source, options, jobs=jobs, progress=progress)
    for scored in scores:
        gold_problems.extend(scored.gold_problems)
        for problem in scored.prediction_problems:
            if problem.startswith(WARNING):
                warnings.append(problem.removeprefix(WARNING))
            else:
                pred_problems.append(problem)
        if scored.score is not None:
            totals.add(scored.score)
    if gold_problems:
        raise GoldError(gold_problems)
    if pred_problems:
        raise PredictionsError(pred_problems)
    result = totals.result(extractor=extractor, options=options, errors=errors, bootstrap=config.bootstrap,
                           seed=config.seed, fingerprint=fingerprint or of_corpus(corpus, options, __version__))
    judge = run_report(options.judge, totals.judge_stats, options.match, corpus.gold_dir, config.judge_spec.cache_dir)
    return dataclasses.replace(result, judge=judge, missing_articles=missing, warnings=[*extra_warnings, *warnings],
                               from_cache=from_cache)


def run(
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
    config: RunConfig | None = None,
    progress: ProgressFn | None = None,
    scoring_progress: ProgressFn | None = None,
    memo: MutableMapping[Any, tuple[str, list[Extraction]]] | None = None,
    save_predictions: str | Path | None = None,
    resume: str | Path | None = None,
    **settings: Any,
) -> Run:
    """Run an extractor — or read ready-made ``predictions`` — score it, apply the gates; return the :class:`Run`.

    ``extractor`` is a SPEC (``"baseline"``, ``"pkg.mod:attr"``, ``"file.py:attr"``, a plugin name) or a
    Python extractor (see :class:`harness.Extractor`); alternatively ``command`` (any language, JSON
    lines) or ``url`` (a web service); ``options`` go to the extractor's factory. ``config`` holds
    the settings (default: the defaults; :func:`harness.load_config` reads ``pyproject.toml``);
    keyword ``settings`` override it one by one: ``mode``, ``tolerance``, ``name_similarity``,
    ``claim_similarity``, ``count_duplicates``, ``thresholds``, ``baseline``, ``max_drop``,
    ``significance``, ``non_inferiority``, ``allow_mismatch``, ``timeout``, ``jobs`` (extractor
    workers), ``score_jobs`` (scoring workers, default ``jobs``), ``bootstrap``, ``seed``. Articles the extractor failed on are listed in ``Result.errors`` and
    their gold counts as missed. ``progress(1)`` is called as each article is extracted,
    ``scoring_progress(1)`` as each is scored. ``cache`` (a directory) keeps and reuses what the
    extractor returned per article; ``gold_cache`` (a directory) keeps the validated gold;
    ``executor="dask"`` (with ``scheduler``, an address, or a local cluster) runs the articles on
    a Dask cluster. ``save_predictions`` (a path) gets each article's line as it is done, and
    ``resume`` (a path written so) continues an interrupted run, extracting only what is missing.
    ``memo`` (a mapping kept by the caller, as the pytest fixture keeps one per session) reuses in
    memory what the same extractor returned for the same articles and settings.

    Raises ValueError for a bad setting, :class:`ExtractorSpecError` / ``ExtractorStartError`` when
    the extractor cannot be loaded or started, :class:`GoldError` / :class:`PredictionsError` for bad
    input, KeyError for unknown ``articles``, and :class:`~harness.gates.GateConfigError` for a
    missing or unreadable baseline — or, unless ``allow_mismatch``, a baseline scored on other
    articles, other gold or with other settings (:class:`~harness.fingerprint.MismatchError`, raised
    before the extractor runs).
    """
    cfg = _config(config, settings)
    full = corpus if corpus is not None else load_corpus(gold, seeds, lazy=True)
    if cfg.gold_cache is not None and full.gold_cache is None:
        full.gold_cache = GoldCache(cfg.gold_cache)
    selected = full.select(articles) if articles else full
    fingerprint = of_corpus(selected, cfg.score_options, __version__)
    baseline = None
    if cfg.baseline is not None:
        if not cfg.baseline.exists():
            raise GateConfigError(f"baseline {cfg.baseline} does not exist: record one with "
                                  "'fact-harness bless RESULT.json' or 'score … --save-baseline PATH'")
        baseline = load_result(cfg.baseline)
        if not cfg.allow_mismatch:
            require_match(of_result(baseline), fingerprint, f"baseline {cfg.baseline}", ("baseline", "this run"))
    stored: StoredPredictions | None = None
    notes: list[str] = []
    if predictions is not None:
        if extractor is not None or command is not None or url is not None:
            raise ExtractorSpecError("give either predictions or an extractor, not both")
        name = Path(predictions).name if isinstance(predictions, (str, Path)) else "predictions"
        result = score_source(predictions, corpus=selected, config=cfg, known=full.ids, extractor=name,
                              progress=scoring_progress, fingerprint=fingerprint)
    else:
        problems = selected.compile()  # the gold is validated once, before the extractor costs anything
        if problems:
            raise GoldError(problems)
        extracted = None
        with _cluster(cfg) as cluster:
            key = _extraction_key(extractor, command, url, options, cfg, selected) if memo is not None else None
            if memo is not None and key is not None and key in memo:
                name, outcomes = memo[key]
            else:
                extracted = extract_corpus(extractor, corpus=selected, command=command, url=url, options=options,
                                           timeout=cfg.timeout, jobs=cfg.jobs, progress=progress, cache_dir=cfg.cache,
                                           save_predictions=Path(save_predictions) if save_predictions else None,
                                           resume=Path(resume) if resume else None, known=full.ids, cluster=cluster,
                                           startup=cfg.startup_timeout)
                name, outcomes = extracted.name, extracted.outcomes
                if memo is not None and key is not None:
                    memo[key] = (name, outcomes)
            if cfg.strict:  # unknown fields fail the article
                outcomes = [Extraction(o.article, error="; ".join(w.replace(", ignored", "") for w in o.warnings))
                            if o.warnings and o.error is None else o for o in outcomes]
            stored = StoredPredictions({o.article: o.facts_json for o in outcomes if o.facts_json is not None})
            errors = [ArticleError(o.article, o.error) for o in outcomes if o.error is not None]
            dropped = [f"{o.article}: {w}" for o in outcomes if o.error is None for w in o.warnings]
            result = score_source(stored, corpus=selected, config=cfg, extractor=name, errors=errors,
                                  progress=scoring_progress, fingerprint=fingerprint, extra_warnings=dropped,
                                  cluster=cluster,
                                  from_cache=extracted.from_cache if extracted is not None and cfg.cache is not None
                                  else None)
        notes = [n for n in ((extracted.resume_note if extracted is not None else None),) if n]
        if extracted is not None and extracted.resumed:
            notes.append(f"resumed: {extracted.resumed} article(s) taken from {resume}")
    checks = evaluate(result, cfg.thresholds, baseline=baseline, max_drop=cfg.max_drop,
                      significance=cfg.significance, non_inferiority=cfg.non_inferiority,
                      resamples=cfg.bootstrap, seed=cfg.seed)
    regressions = article_regressions(result, baseline, cfg.max_drop) if baseline is not None else {}
    result = dataclasses.replace(result, checks=checks, article_regressions=regressions,
                                 human_agreement=load_ceiling(full.gold_dir))
    return Run(result, stored, baseline, selected, tuple(notes))


@contextlib.contextmanager
def _cluster(cfg: RunConfig) -> Iterator[Any]:
    """The Dask cluster of a run with ``executor="dask"`` (closed afterwards), else None."""
    if cfg.executor != "dask":
        yield None
        return
    from harness.executors.dask import DaskCluster

    with DaskCluster(cfg.scheduler, cfg.jobs) as cluster:
        yield cluster


def _extraction_key(extractor: Any, command: str | Sequence[str] | None, url: str | None,
                    options: Mapping[str, Any] | None, cfg: RunConfig, corpus: Corpus) -> Any:
    """What decides an extractor's output (None when the extractor cannot be a dictionary key)."""
    try:
        hash(extractor)
    except TypeError:
        return None
    return (extractor, command if command is None or isinstance(command, str) else tuple(command), url,
            json.dumps(dict(options or {}), sort_keys=True, default=repr), cfg.timeout, cfg.startup_timeout,
            tuple(corpus.ids), str(corpus.gold_dir), str(corpus.seeds_dir))


def score(extractor: Any = None, **kwargs: Any) -> Result:
    """:func:`run`, returning only the :class:`Result` (the same keyword arguments)."""
    return run(extractor, **kwargs).result


def score_predictions(predictions: Mapping[str, Iterable[Any]] | str | Path, *, progress: ProgressFn | None = None,
                      **kwargs: Any) -> Result:
    """Score ready-made ``predictions`` (a JSON-lines path or a mapping of article id to facts).

    The keyword arguments are :func:`run`'s; ``progress(1)`` is called as each article is scored.
    """
    return run(predictions=predictions, scoring_progress=progress, **kwargs).result
