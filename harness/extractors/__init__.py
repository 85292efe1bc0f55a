"""Extractors: the protocol, loading a SPEC, the built-ins, and the fault-isolating runner."""

from harness.extractors.loading import (
    BUILTINS,
    ENTRY_POINT_GROUP,
    ExtractorSpecError,
    load_extractor,
    parse_options,
    plugins,
)
from harness.extractors.protocol import Extractor
from harness.extractors.runner import Extraction, ExtractorStartError, run_command, run_python, run_url

__all__ = [
    "BUILTINS",
    "ENTRY_POINT_GROUP",
    "Extraction",
    "Extractor",
    "ExtractorSpecError",
    "ExtractorStartError",
    "load_extractor",
    "parse_options",
    "plugins",
    "run_command",
    "run_python",
    "run_url",
]
