"""fact-harness: a benchmark and test fixture for fact-claim extractors.

The public API is what ``__all__`` lists; every other module is internal and may change.

    import harness
    result = harness.score("baseline")          # or a callable, command=..., url=..., predictions=...
    run = harness.run("baseline", config=harness.load_config(harness.find_pyproject()))   # gates from pyproject
    result.recall("figure"), result.f1(), result.failures()
"""

from __future__ import annotations

from harness.api import run, score, score_predictions
from harness.config import RunConfig, find_pyproject, load_config
from harness.corpus import Corpus, Entry, GoldError, load_corpus
from harness.details import Detail
from harness.exit_codes import ExitCode
from harness.extractors.protocol import Extractor
from harness.gates import Check, Threshold
from harness.metrics import Counts
from harness.model import (
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
from harness.outcomes import Outcome, counted
from harness.result import ArticleError, Result, Run
from harness.types import FACT_TYPES, REGISTRY, FactType
from harness.validate import Problem, validate_paths
from harness.version import __version__

__all__ = [
    "FACT_TYPES",
    "REGISTRY",
    "Article",
    "ArticleError",
    "Check",
    "Corpus",
    "Counts",
    "Detail",
    "Entry",
    "ExitCode",
    "Extractor",
    "FactType",
    "GoldClaim",
    "GoldDate",
    "GoldError",
    "GoldFigure",
    "GoldFile",
    "GoldPlace",
    "GoldSpeaker",
    "Outcome",
    "PredClaim",
    "PredDate",
    "PredFigure",
    "PredPlace",
    "PredSpeaker",
    "PredictionRecord",
    "Problem",
    "Result",
    "Run",
    "RunConfig",
    "Threshold",
    "__version__",
    "counted",
    "find_pyproject",
    "load_config",
    "load_corpus",
    "run",
    "score",
    "score_predictions",
    "validate_paths",
]
