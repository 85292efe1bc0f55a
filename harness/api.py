"""The silent Python API behind the CLI: score predictions or an extractor against the gold."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harness.corpus import Corpus, load_corpus
from harness.match import Options
from harness.predictions import PredictionsError, parse_facts, read_predictions
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
) -> Result:
    """Score ready-made predictions.

    ``predictions`` is a JSON-lines file path, or a mapping from article id to facts (prediction
    model instances or plain dicts). Raises :class:`~harness.predictions.PredictionsError` for bad
    predictions, :class:`~harness.corpus.GoldError` for bad gold, KeyError for unknown ``articles``.
    """
    _check_options(mode, tolerance)
    full = corpus if corpus is not None else load_corpus(gold, seeds)
    corpus = full.select(articles) if articles else full
    if isinstance(predictions, (str, Path)):
        preds = read_predictions(Path(predictions), set(full.entries))
    else:
        preds = {}
        problems = []
        for aid, facts in predictions.items():
            if aid not in full.entries:
                problems.append(f"predictions: unknown article id {aid!r}")
                continue
            try:
                preds[aid] = parse_facts(list(facts))
            except ValidationError as exc:
                problems.append(f"predictions[{aid!r}]: {exc.errors(include_url=False)[0]['msg']} "
                                f"at {'.'.join(map(str, exc.errors()[0]['loc']))}")
        if problems:
            raise PredictionsError(problems)
    preds = {aid: facts for aid, facts in preds.items() if aid in corpus.entries}
    options = ScoreOptions(mode=mode, count_duplicates=count_duplicates,  # type: ignore[arg-type]
                           match=Options(tolerance=tolerance))
    return summarise(score_articles(corpus, preds, options), extractor=extractor, options=options,
                     errors=errors, bootstrap=bootstrap, seed=seed)

