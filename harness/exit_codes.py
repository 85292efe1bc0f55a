"""Process exit codes of the ``fact-harness`` command, stable for CI scripts."""

from enum import IntEnum


class ExitCode(IntEnum):
    """0 pass · 1 a gate failed · 2 bad input, usage or config · 3 the extractor failed on some articles ·
    4 the report could not be written (stdout closed or full) · 143 terminated by SIGTERM (130: Ctrl-C)."""

    OK = 0
    GATE_FAILED = 1
    BAD_INPUT = 2
    EXTRACTOR_ERRORS = 3
    OUTPUT_FAILED = 4
    INTERRUPTED = 130
    TERMINATED = 143
