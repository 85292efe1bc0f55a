"""Release gates: thresholds from the CLI and ``pyproject.toml``, regression against a saved run.

A threshold gates one metric (``precision``, ``recall``, ``f1``) of one scope (``overall`` or a
fact type). A value exactly at the threshold passes. A gate on a type with no gold facts is
``not applicable`` (reported, never silently passed); an undefined metric (e.g. precision of an
extractor that predicted nothing) fails.

Regression: with a baseline result and ``max_drop``, every gated (metric, scope) — or, when no
threshold is set, overall precision, recall and F1 — fails when it fell by more than ``max_drop``
(the point rule). Two rules ask for evidence instead (:mod:`harness.significance`, paired over the
articles both runs scored):

* ``significance`` = ALPHA: fails only when it fell by more than ``max_drop`` *and* the paired
  approximate-randomization p-value, Holm-corrected across the regression checks, is below ALPHA;
* ``non_inferiority`` = DELTA: fails when the lower end of the paired bootstrap interval of
  (new − baseline) lies below −DELTA (``max_drop`` plays no part).

Configuration, in ``[tool.fact-harness]`` of the nearest ``pyproject.toml`` (CLI settings win, key by key)::

    [tool.fact-harness]
    min-recall = 0.8                               # overall
    min-f1 = {overall = 0.7, figure = 0.9}         # per scope
    baseline = "benchmarks/baseline.json"          # default for --baseline and bless
    max-drop = 0.02
    significance = 0.05                            # or: non-inferiority = 0.02
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.metrics import METRICS, total
from harness.significance import LEVEL, RESAMPLES, SHUFFLES, holm, paired_counts
from harness.types import FACT_TYPES, SCOPES

if TYPE_CHECKING:
    from harness.result import Result



@dataclass(frozen=True)
class Check:
    """One gate check: ``metric`` of ``scope`` (overall or a type) against ``threshold``."""

    name: str
    metric: str
    scope: str
    threshold: float
    actual: float | None
    status: str  # "pass" | "fail" | "not applicable"
    kind: str = "threshold"  # "threshold" | "regression"
    baseline: float | None = None
    rule: str = "max-drop"
    """Of a regression check: ``max-drop`` (the point rule), ``significance`` or ``non-inferiority``."""
    rule_value: float | None = None
    """ALPHA of ``significance``, DELTA of ``non-inferiority``."""
    delta: float | None = None
    """New − baseline."""
    interval: tuple[float, float] | None = None
    """The paired bootstrap interval of ``delta``."""
    p_value: float | None = None
    """The paired approximate-randomization p-value of ``delta`` (two-sided)."""
    p_holm: float | None = None
    """``p_value`` Holm-corrected across the regression checks."""
    min_p: float | None = None
    """The smallest p-value the paired test can give with this many articles."""
    level: float = LEVEL

    @property
    def passed(self) -> bool:
        return self.status != "fail"

    @property
    def statistical(self) -> bool:
        """A regression check decided by a paired test rather than the point rule."""
        return self.kind == "regression" and self.rule != "max-drop"

    def evidence(self) -> str:
        """The rule, the interval and the p-value in words (empty for the point rule and thresholds)."""
        if not self.statistical:
            return ""
        drop = round(self.baseline - self.threshold, 6) if self.baseline is not None else None
        if self.rule == "significance":
            rule = (f"fails if it fell by more than {_num(drop)} and Holm-corrected p < {_num(self.rule_value)}")
        else:
            rule = f"fails if the interval's lower end is below −{_num(self.rule_value)}"
        ci = ("–" if self.interval is None
              else f"[{_signed(self.interval[0])}, {_signed(self.interval[1])}]")
        return (f"{rule}: Δ {_signed(self.delta)}, {self.level:.0%} CI {ci}, p {_num(self.p_value)} "
                f"(Holm {_num(self.p_holm)}; smallest possible {_num(self.min_p)})")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "metric": self.metric,
            "scope": self.scope,
            "threshold": self.threshold,
            "actual": self.actual,
            "status": self.status,
        }
        if self.kind == "regression":
            d["baseline"] = self.baseline
        if self.statistical:
            d["rule"] = self.rule
            d["alpha" if self.rule == "significance" else "margin"] = self.rule_value
            d["delta"] = self.delta
            d["interval"] = None if self.interval is None else list(self.interval)
            d["p_value"] = self.p_value
            d["p_holm"] = self.p_holm
            d["min_p"] = self.min_p
            d["evidence"] = self.evidence()
        return d

    @classmethod
    def from_dict(cls, ch: Mapping[str, Any]) -> Check:
        """A check as :meth:`to_dict` wrote it."""
        rule = str(ch.get("rule", "max-drop"))
        interval = ch.get("interval")
        return cls(ch["name"], ch["metric"], ch["scope"], ch["threshold"], ch["actual"], ch["status"],
                   ch.get("kind", "threshold"), ch.get("baseline"), rule,
                   ch.get("alpha" if rule == "significance" else "margin"), ch.get("delta"),
                   None if interval is None else (float(interval[0]), float(interval[1])),
                   ch.get("p_value"), ch.get("p_holm"), ch.get("min_p"))


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.4g}"


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.3f}".replace("-", "−")



class GateConfigError(Exception):
    """A threshold or setting that cannot be used (a usage error, exit code 2).

    ``key`` names the setting in the run configuration's words (``min-recall``, ``jobs``), ``value``
    is what was given and ``problem`` what is wrong with it, so each face words the error in its own
    vocabulary (:meth:`worded`); ``str()`` is the command line's wording. Errors about a file rather
    than a setting carry only the message.
    """

    def __init__(self, problem: str, *, key: str | None = None, value: object = None) -> None:
        self.problem, self.key, self.value = problem, key, value
        super().__init__(self.worded(f"--{key}") if key else problem)

    def worded(self, name: str) -> str:
        """The message with the setting called ``name`` (``--fact-min-recall``, ``min_recall=``)."""
        if self.key is None:
            return self.problem
        given = "" if self.value is None else f" {self.value}"
        return f"{name}{given}: {self.problem}"


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
    key = f"min-{metric}"
    try:
        value = float(raw)
    except ValueError:
        raise GateConfigError("expected a number in [0, 1] or TYPE=NUMBER", key=key, value=text) from None
    try:
        return Threshold(metric, _check_scope(scope.strip(), ""), _check_value(value, ""))
    except GateConfigError as exc:
        raise GateConfigError(exc.problem.removeprefix(": "), key=key, value=text) from None


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
    significance: float | None = None,
    non_inferiority: float | None = None,
    resamples: int = RESAMPLES,
    shuffles: int = SHUFFLES,
    seed: int = 0,
) -> list[Check]:
    """Every check, in a stable order: thresholds, then regressions against ``baseline``.

    Regressions follow the point rule (``max_drop``) unless ``significance`` (ALPHA) or
    ``non_inferiority`` (DELTA) is given — see the module docstring; the paired tests use
    ``resamples`` bootstrap resamples and ``shuffles`` shuffles, both seeded by ``seed``.
    """
    if significance is not None and non_inferiority is not None:
        raise GateConfigError("give either --significance or --non-inferiority, not both")
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
        keys = list(dict.fromkeys(keys))
        if significance is None and non_inferiority is None:
            for metric, scope in keys:
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
        else:
            checks += _paired_checks(result, baseline, keys, drop, significance, non_inferiority,
                                     resamples=resamples, shuffles=shuffles, seed=seed)
    return checks


def _paired_checks(result: Result, baseline: Result, keys: Sequence[tuple[str, str]], drop: float,
                   significance: float | None, non_inferiority: float | None, *, resamples: int, shuffles: int,
                   seed: int) -> list[Check]:
    """Regression checks decided by the paired tests of (new − baseline) over the articles both scored."""
    tests = paired_counts(baseline.by_article, result.by_article, FACT_TYPES, resamples=resamples,
                          shuffles=shuffles, seed=seed)
    stats = {(m, s): tests["scopes"][s][m] for m, s in keys}
    family = holm({k: v["p_value"] for k, v in stats.items()})  # the regression checks are one family
    out = []
    for metric, scope in keys:
        before = baseline.counts(None if scope == "overall" else scope).metric(metric)
        actual = result.counts(None if scope == "overall" else scope).metric(metric)
        st = stats[(metric, scope)]
        ci = st["ci"]
        p_holm = family[(metric, scope)]
        if before is None:
            status = "not applicable"
        elif actual is None:
            status = "fail"
        elif significance is not None:
            fell = actual < before - drop - 1e-12
            status = "fail" if fell and p_holm is not None and p_holm < significance else "pass"
        else:
            assert non_inferiority is not None
            status = "fail" if ci is None or ci[0] < -non_inferiority - 1e-12 else "pass"
        if significance is not None:
            rule, value, bound = "significance", significance, drop
        else:
            assert non_inferiority is not None
            rule, value, bound = "non-inferiority", non_inferiority, non_inferiority
        out.append(Check(f"no-regression {metric} {scope}", metric, scope,
                         round(before - bound, 6) if before is not None else bound, actual, status,
                         kind="regression", baseline=before, rule=rule, rule_value=value, delta=st["delta"],
                         interval=None if ci is None else (ci[0], ci[1]), p_value=st["p_value"],
                         p_holm=None if p_holm is None else round(p_holm, 6), min_p=tests["min_p"],
                         level=tests["level"]))
    return out


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

    from harness.result_io import read_result

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
    except RecursionError:
        raise GateConfigError(f"{path}: not a fact-harness result (JSON nested too deeply to read)") from None


def thresholds_from(options: Mapping[str, Sequence[str]]) -> list[Threshold]:
    """``{"recall": ["0.8", "figure=0.9"], …}`` → thresholds (the CLI's repeatable --min-* options)."""
    return [parse_threshold(metric, text) for metric, texts in options.items() for text in texts]
