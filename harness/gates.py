"""Release gates: thresholds from the CLI and ``pyproject.toml``, regression against a saved run.

A threshold gates one metric (``precision``, ``recall``, ``f1``) of one scope (``overall`` or a
fact type). A value exactly at the threshold passes. A gate on a type with no gold facts is
``not applicable`` (reported, never silently passed); an undefined metric (e.g. precision of an
extractor that predicted nothing) fails.

Regression: with a baseline result and ``max_drop``, every gated (metric, scope) — or, when no
threshold is set, overall precision, recall and F1 — fails when it fell by more than ``max_drop``.

Configuration, in ``[tool.fact-harness]`` of the nearest ``pyproject.toml`` (CLI settings win, key by key)::

    [tool.fact-harness]
    min-recall = 0.8                               # overall
    min-f1 = {overall = 0.7, figure = 0.9}         # per scope
    baseline = "benchmarks/baseline.json"          # default for --baseline and bless
    max-drop = 0.02
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.metrics import METRICS, total
from harness.model import FACT_TYPES
from harness.result import Check, Result

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SCOPES = ("overall", *FACT_TYPES)
CONFIG_KEYS = ("min-precision", "min-recall", "min-f1", "baseline", "max-drop", "mode", "tolerance")


class GateConfigError(Exception):
    """A threshold or configuration that cannot be used (a usage error, exit code 2)."""


@dataclass(frozen=True, order=True)
class Threshold:
    """``metric`` of ``scope`` must be at least ``value``."""

    metric: str
    scope: str
    value: float

    @property
    def name(self) -> str:
        return f"min-{self.metric} {self.scope}"


def _check_value(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GateConfigError(f"{where}: expected a number in [0, 1], got {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise GateConfigError(f"{where}: {value} is outside [0, 1]")
    return float(value)


def _check_scope(scope: str, where: str) -> str:
    if scope not in SCOPES:
        close = difflib.get_close_matches(scope, SCOPES, n=1, cutoff=0.6)
        hint = f" — did you mean {close[0]!r}?" if close else ""
        raise GateConfigError(f"{where}: unknown fact type {scope!r}{hint} (one of {', '.join(SCOPES)})")
    return scope


def parse_threshold(metric: str, text: str) -> Threshold:
    """``"0.8"`` or ``"figure=0.9"`` for ``metric`` → a :class:`Threshold`."""
    if metric not in METRICS:
        raise GateConfigError(f"unknown metric {metric!r} (one of {', '.join(METRICS)})")
    scope, sep, raw = text.partition("=")
    if not sep:
        scope, raw = "overall", text
    where = f"--min-{metric} {text}"
    try:
        value = float(raw)
    except ValueError:
        raise GateConfigError(f"{where}: expected a number in [0, 1] or TYPE=NUMBER") from None
    return Threshold(metric, _check_scope(scope.strip(), where), _check_value(value, where))


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` (the working directory)."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


@dataclass
class GateConfig:
    """Settings read from ``[tool.fact-harness]``; ``source`` is the file they came from."""

    thresholds: list[Threshold]
    baseline: Path | None = None
    max_drop: float | None = None
    mode: str | None = None
    tolerance: float | None = None
    source: Path | None = None


def load_config(path: Path | None) -> GateConfig:
    """Read ``[tool.fact-harness]`` from ``path`` (a pyproject.toml); empty when absent."""
    if path is None:
        return GateConfig([])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GateConfigError(f"{path}: cannot read: {exc}") from None
    section = data.get("tool", {}).get("fact-harness")
    if section is None:
        return GateConfig([], source=path)
    if not isinstance(section, dict):
        raise GateConfigError(f"{path}: [tool.fact-harness] must be a table")
    where = f"{path}: [tool.fact-harness]"
    for key in section:
        if key not in CONFIG_KEYS:
            close = difflib.get_close_matches(key, CONFIG_KEYS, n=1, cutoff=0.6)
            hint = f" — did you mean {close[0]!r}?" if close else f" (known keys: {', '.join(CONFIG_KEYS)})"
            raise GateConfigError(f"{where}: unknown key {key!r}{hint}")
    thresholds = []
    for metric in METRICS:
        raw = section.get(f"min-{metric}")
        if raw is None:
            continue
        items = raw.items() if isinstance(raw, dict) else [("overall", raw)]
        for scope, value in items:
            w = f"{where} min-{metric}.{scope}"
            thresholds.append(Threshold(metric, _check_scope(str(scope), w), _check_value(value, w)))
    baseline = section.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise GateConfigError(f"{where} baseline: expected a path string")
    max_drop = section.get("max-drop")
    if max_drop is not None:
        max_drop = _check_value(max_drop, f"{where} max-drop")
    mode = section.get("mode")
    if mode is not None and mode not in ("strict", "lenient"):
        raise GateConfigError(f"{where} mode: expected 'strict' or 'lenient', got {mode!r}")
    tolerance = section.get("tolerance")
    if tolerance is not None:
        tolerance = _check_value(tolerance, f"{where} tolerance")
    return GateConfig(
        thresholds, (path.parent / baseline) if baseline else None, max_drop, mode, tolerance, source=path
    )


def merge(config: Sequence[Threshold], cli: Sequence[Threshold]) -> list[Threshold]:
    """Config thresholds overridden by CLI ones for the same (metric, scope); sorted, one per key."""
    merged = {(t.metric, t.scope): t for t in config}
    merged.update({(t.metric, t.scope): t for t in cli})
    return sorted(merged.values(), key=lambda t: (METRICS.index(t.metric), SCOPES.index(t.scope)))


def _support(result: Result, scope: str) -> int:
    c = result.counts(None if scope == "overall" else scope)
    return c.tp + c.fn


def evaluate(
    result: Result,
    thresholds: Iterable[Threshold],
    *,
    baseline: Result | None = None,
    max_drop: float | None = None,
) -> list[Check]:
    """Every check, in a stable order: thresholds, then regressions against ``baseline``."""
    thresholds = list(thresholds)
    checks: list[Check] = []
    for t in thresholds:
        actual = result.counts(None if t.scope == "overall" else t.scope).metric(t.metric)
        if _support(result, t.scope) == 0:
            status = "not applicable"
        elif actual is None:
            status = "fail"
        else:
            status = "pass" if actual >= t.value - 1e-12 else "fail"
        checks.append(Check(t.name, t.metric, t.scope, t.value, actual, status))
    if baseline is not None:
        drop = max_drop if max_drop is not None else 0.0
        keys = [(t.metric, t.scope) for t in thresholds] or [(m, "overall") for m in METRICS]
        for metric, scope in dict.fromkeys(keys):
            before = baseline.counts(None if scope == "overall" else scope).metric(metric)
            actual = result.counts(None if scope == "overall" else scope).metric(metric)
            if before is None:
                status = "not applicable"
            elif actual is None:
                status = "fail"
            else:
                status = "pass" if actual >= before - drop - 1e-12 else "fail"
            checks.append(Check(f"no-regression {metric} {scope}", metric, scope,
                                round(before - drop, 6) if before is not None else drop,
                                actual, status, kind="regression", baseline=before))
    return checks


def article_regressions(result: Result, baseline: Result, max_drop: float | None) -> dict[str, str]:
    """Articles scored in both runs whose F1 fell by more than ``max_drop`` (default 0): id → message."""
    drop = max_drop if max_drop is not None else 0.0
    out = {}
    for article, types in result.by_article.items():
        if article not in baseline.by_article:
            continue
        now = total(types.values()).f1
        before = total(baseline.by_article[article].values()).f1
        if before is not None and (now is None or now < before - drop - 1e-12):
            out[article] = f"f1 fell from {before:.3f} to {'undefined' if now is None else f'{now:.3f}'}"
    return out


def load_result(path: Path) -> Result:
    """A saved JSON result (``--format json``), with a clear error for other files."""
    import json

    from harness.result import read_result

    try:
        return read_result(path)
    except OSError as exc:
        raise GateConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise GateConfigError(f"{path}: not JSON ({exc})") from None
    except UnicodeDecodeError as exc:
        raise GateConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except ValueError as exc:
        raise GateConfigError(str(exc)) from None


def thresholds_from(options: Mapping[str, Sequence[str]]) -> list[Threshold]:
    """``{"recall": ["0.8", "figure=0.9"], …}`` → thresholds (the CLI's repeatable --min-* options)."""
    return [parse_threshold(metric, text) for metric, texts in options.items() for text in texts]
