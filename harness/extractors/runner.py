"""Running an extractor over articles so that no fault stops the run.

Three ways to reach an extractor, one result shape: for every article either its facts (validated
as predictions) or a one-line error. Errors: the extractor raised, returned something that is not a
list of facts, returned a malformed fact (its index is named), hung past the per-article timeout,
died, printed a non-JSON line, or answered for the wrong article.

* **Python** — run in forked worker processes (``jobs`` of them, default 1), so a hang can be cut
  off by killing the worker and a crash takes down only that worker; a new one takes its place.
  Results are ordered by article id, identical for any ``jobs``. A worker's stdout is the
  harness's stderr, and it ends by itself when the harness dies.
* **Command** — a program in any language started once (no shell): one JSON article per line on its
  stdin, one ``{"article": ID, "facts": [...]}`` line per article on its stdout; stderr passes
  through; lines that do not start with ``{`` (a banner, logging) are passed to stderr and skipped.
  A program that dies or hangs is killed and started again for the next article (after three
  failures in a row with no answer, the remaining articles fail with the same reason).
* **URL** — each article POSTed as JSON; the answer is ``{"facts": [...]}``. Connection errors,
  non-2xx answers, broken answers and redirects that would drop the body or leave the host are
  per-article errors.

Deadlines: ``timeout`` bounds everything one article costs — writing it to a program, the answer,
the whole HTTP request (connection, headers and body) — not each read. Every extractor process
leads its own process group, killed with its children after a timeout and when the run ends.
JSON answers with duplicate keys, NaN, nesting too deep to parse or numbers past ±1e300 fail
their article.
"""

from __future__ import annotations

from harness.extractors.command_runner import FLUSH_HINT, run_command
from harness.extractors.common import (
    Extraction,
    ExtractorStartError,
    ProgressFn,
    ResultFn,
    article_payload,
    clean_text,
    kill_group,
    parse_json,
    validate_facts,
)
from harness.extractors.python_runner import run_python
from harness.extractors.url_runner import _post, run_url

__all__ = ["FLUSH_HINT", "Extraction", "ExtractorStartError", "ProgressFn", "ResultFn", "_post", "article_payload",
           "clean_text", "kill_group", "parse_json", "run_command", "run_python", "run_url", "validate_facts"]
