"""fact-harness: a benchmark and test fixture for fact-claim extractors.

The public API is what ``__all__`` lists; every other module is internal and may change.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fact-harness")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    __version__ = "0+unknown"

from harness.corpus import Corpus, Entry, GoldError, load_corpus
from harness.exit_codes import ExitCode
from harness.model import (
    FACT_TYPES,
    Article,
    GoldFile,
    PredictionRecord,
)
from harness.validate import Problem, validate_paths

__all__ = [
    "FACT_TYPES",
    "Article",
    "Corpus",
    "Entry",
    "ExitCode",
    "GoldError",
    "GoldFile",
    "PredictionRecord",
    "Problem",
    "__version__",
    "load_corpus",
    "validate_paths",
]
