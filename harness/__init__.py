"""fact-harness: a benchmark and test fixture for fact-claim extractors.

The public API is what ``__all__`` lists; every other module is internal and may change.

    import harness
    result = harness.score("baseline")          # or a callable, command=..., url=..., predictions=...
    result.recall("figure"), result.f1(), result.failures()
"""

from __future__ import annotations

from harness.api import score, score_predictions
from harness.corpus import Corpus, Entry, GoldError, load_corpus
from harness.details import Detail
from harness.exit_codes import ExitCode
from harness.extractors.protocol import Extractor
from harness.metrics import Counts
from harness.model import (
    FACT_TYPES,
    Article,
    GoldClaim,
    GoldDate,
    GoldFigure,
    GoldFile,
    GoldPlace,
    GoldSpeaker,
    PredClaim,
    PredDate,
    PredFigure,
    PredictionRecord,
    PredPlace,
    PredSpeaker,
)
from harness.result import ArticleError, Check, Result
from harness.validate import Problem, validate_paths
from harness.version import __version__

__all__ = [
    "FACT_TYPES",
    "Article",
    "ArticleError",
    "Check",
    "Corpus",
    "Counts",
    "Detail",
    "Entry",
    "ExitCode",
    "Extractor",
    "GoldClaim",
    "GoldDate",
    "GoldError",
    "GoldFigure",
    "GoldFile",
    "GoldPlace",
    "GoldSpeaker",
    "PredClaim",
    "PredDate",
    "PredFigure",
    "PredPlace",
    "PredSpeaker",
    "PredictionRecord",
    "Problem",
    "Result",
    "__version__",
    "load_corpus",
    "score",
    "score_predictions",
    "validate_paths",
]
