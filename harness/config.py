"""The run configuration: one frozen object saying how a run extracts, scores and gates.

It is built in one direction only: defaults, then ``[tool.fact-harness]`` of the nearest
``pyproject.toml`` (:func:`load_config`), then the face's own settings — command-line options,
pytest options, API keywords — with :meth:`RunConfig.override`, key by key: a setting not given
(``None``) keeps the value below it; thresholds are merged per (metric, scope). Every setting is
checked when it is set, and a bad one raises :class:`~harness.gates.GateConfigError` naming the
setting (``key``), so each face words the error with its own names.

Keys in ``pyproject.toml``::

    [tool.fact-harness]
    min-recall = {overall = 0.8, figure = 0.9}     # also min-precision, min-f1: a number or a table
    baseline = "benchmarks/fact-harness-baseline.json"
    max-drop = 0.02
    significance = 0.05                            # a fall fails only when significant at 0.05
    non-inferiority = 0.02                         # (instead) fail unless the interval's low end ≥ −0.02
    mode = "strict"                                # or "lenient"
    tolerance = 0.01
    name-similarity = 0.7
    claim-similarity = 0.35
    count-duplicates = false
    require-evidence = false
    require-all = false                            # an article without predictions is an error (exit 2)
    judge = "lexical"                              # or "llm", "embedding" (harness.judges)
    judge-url = "http://localhost:8000/v1"         # llm: an OpenAI-compatible base URL
    judge-model = "NAME-or-PATH"                   # llm: the model's name; embedding: a model directory
    judge-key-env = "OPENAI_API_KEY"               # llm: the variable holding the key
    judge-cache = ".fact-harness-cache"            # where verdicts are cached (default: the user's cache)
    judge-threshold = 0.8                          # embedding: the cosine at or above which texts agree
    judge-timeout = 30                             # llm: seconds per request
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.gates import GateConfigError, Threshold, _check_scope, _check_value, merge
from harness.judges import JUDGES, JudgeConfigError, JudgeSpec, make_judge
from harness.match import Options
from harness.metrics import METRICS
from harness.outcomes import MODES
from harness.scoring import ScoreOptions
from harness.types import FACT_TYPES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

EXECUTORS = ("local", "dask")
"""Where a run's articles can be extracted and scored."""

CONFIG_KEYS = ("min-precision", "min-recall", "min-f1", "baseline", "max-drop", "significance", "non-inferiority",
               "mode", "tolerance", "name-similarity", "claim-similarity", "count-duplicates",
               "require-evidence", "require-all", "judge", "judge-url", "judge-model", "judge-key-env",
               "judge-cache", "judge-threshold", "judge-timeout")
"""The keys ``[tool.fact-harness]`` may hold."""


@dataclass(frozen=True)
class RunConfig:
    """Every setting of a run. Build it with :func:`load_config` and :meth:`override`."""

    mode: str = "strict"
    """``strict``: only full matches are tp; ``lenient``: partial matches count too."""
    tolerance: float = Options.tolerance
    """Relative tolerance for figures (0.01 = 1%)."""
    name_similarity: float = Options.name_similarity
    """Trigram similarity at or above which two name words are spelling variants."""
    claim_similarity: float = Options.claim_similarity
    """Text similarity at or above which two claim texts say the same thing."""
    count_duplicates: bool = False
    """Count a second prediction of an already matched fact as a false positive."""
    require_evidence: bool = False
    """A prediction whose evidence is missing or not found in the article is a false positive."""
    require_all: bool = False
    """Every article must have predictions: a predictions source that misses some is an error."""
    strict: bool = False
    """Unknown prediction fields are errors (by default: warnings, the field dropped, the fact scored)."""
    types: tuple[str, ...] | None = None
    """Score only these fact types (None: every type)."""
    thresholds: tuple[Threshold, ...] = ()
    """Gates: each metric of each scope that must reach a value."""
    baseline: Path | None = None
    """A saved result to gate regressions against."""
    max_drop: float | None = None
    """Largest allowed fall against the baseline (None: 0)."""
    significance: float | None = None
    """ALPHA: a fall against the baseline fails only when the paired test finds it significant at ALPHA."""
    non_inferiority: float | None = None
    """DELTA: fail when the paired interval of (new − baseline) reaches below −DELTA."""
    allow_mismatch: bool = False
    """Gate against a baseline scored on another corpus or with other settings (else an error)."""
    timeout: float | None = 60.0
    """Seconds an extractor may spend on one article (None: no limit)."""
    startup_timeout: float = 30.0
    """Further seconds a ``command`` extractor may take on its first article (starting up, loading models)."""
    jobs: int = 1
    """Worker processes running a Python extractor (or requests to a URL) at a time."""
    score_jobs: int | None = None
    """Worker processes scoring articles (None: as ``jobs``)."""
    cache: Path | None = None
    """The extraction cache's directory (:mod:`harness.cache`); None: every article is extracted."""
    gold_cache: Path | None = None
    """The compiled gold cache's directory (:mod:`harness.goldcache`); None: the gold is validated every run."""
    executor: str = "local"
    """Where articles are extracted and scored: ``local`` (processes of this machine) or ``dask`` (a cluster)."""
    scheduler: str | None = None
    """With ``executor="dask"``: the address of a running scheduler (``tcp://HOST:PORT``); None: a local cluster."""
    bootstrap: int = 1000
    """Bootstrap resamples for the confidence intervals."""
    seed: int = 0
    """Seed of the bootstrap."""
    source: Path | None = None
    """The pyproject.toml the file settings came from, if any."""
    judge: str = "lexical"
    """What decides claim pairs: ``lexical`` (the matchers), ``llm`` or ``embedding`` (:mod:`harness.judges`)."""
    judge_url: str | None = None
    """llm: the base URL of an OpenAI-compatible API (ending in /v1)."""
    judge_model: str | None = None
    """llm: the model's name; embedding: a local model2vec model directory."""
    judge_key_env: str = "OPENAI_API_KEY"
    """llm: the environment variable holding the API key (none needed for a local server)."""
    judge_cache: Path | None = None
    """Where judge verdicts are cached (None: the user's cache directory)."""
    judge_threshold: float | None = None
    """embedding: the cosine at or above which two claim texts agree (None: the judge's default)."""
    judge_timeout: float = 30.0
    """llm: seconds one request may take."""

    def __post_init__(self) -> None:
        _check(self)

    def override(self, **settings: Any) -> RunConfig:
        """A copy with every setting given (not None) replaced; ``thresholds`` merge per (metric, scope)."""
        unknown = sorted(set(settings) - {f.name for f in dataclasses.fields(self)} - {"source"})
        if unknown:
            close = difflib.get_close_matches(unknown[0], [f.name for f in dataclasses.fields(self)], n=1)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            raise TypeError(f"unknown setting {unknown[0]!r}{hint}")
        changes = {k: v for k, v in settings.items() if v is not None}
        for rule, other in (("significance", "non_inferiority"), ("non_inferiority", "significance")):
            if rule in changes and other not in changes:
                changes[other] = None  # one regression rule: choosing one here replaces the other below
        if "thresholds" in changes:
            changes["thresholds"] = tuple(merge(self.thresholds, list(changes["thresholds"])))
        return dataclasses.replace(self, **changes)

    @property
    def judge_spec(self) -> JudgeSpec:
        """How to build this run's judge."""
        return JudgeSpec(self.judge, self.judge_url, self.judge_model, self.judge_key_env, self.judge_cache,
                         self.judge_threshold, self.judge_timeout)

    @property
    def score_options(self) -> ScoreOptions:
        """What the scorer needs of this configuration."""
        return ScoreOptions(mode=self.mode, count_duplicates=self.count_duplicates,
                            require_evidence=self.require_evidence, types=self.types,
                            match=Options(tolerance=self.tolerance, name_similarity=self.name_similarity,
                                          claim_similarity=self.claim_similarity),
                            judge=_judge(self.judge_spec))


@functools.lru_cache(maxsize=8)
def _judge(spec: JudgeSpec) -> Any:
    """The judge of ``spec``, built once per spec (a model directory is hashed once)."""
    return make_judge(spec)


def _check(c: RunConfig) -> None:
    """Raise :class:`GateConfigError` naming the first setting of ``c`` that cannot be used."""
    if c.judge != "lexical":
        try:
            _judge(c.judge_spec)
        except JudgeConfigError as exc:
            raise GateConfigError(str(exc)) from None
    if c.mode not in MODES:
        raise GateConfigError("use strict or lenient", key="mode", value=c.mode)
    for key, value in (("tolerance", c.tolerance), ("name-similarity", c.name_similarity),
                       ("claim-similarity", c.claim_similarity)):
        number = not isinstance(value, bool) and isinstance(value, (int, float))
        if key == "tolerance" and not (number and 0 <= value < 1):
            raise GateConfigError("must be in [0, 1)", key=key, value=value)
        if not (number and 0 <= value <= 1):
            raise GateConfigError("must be in [0, 1]", key=key, value=value)
    if c.max_drop is not None and not 0 <= c.max_drop <= 1:
        raise GateConfigError("must be in [0, 1]", key="max-drop", value=c.max_drop)
    if c.significance is not None and not 0 < c.significance < 1:
        raise GateConfigError("must be in (0, 1)", key="significance", value=c.significance)
    if c.non_inferiority is not None and not 0 <= c.non_inferiority <= 1:
        raise GateConfigError("must be in [0, 1]", key="non-inferiority", value=c.non_inferiority)
    if c.significance is not None and c.non_inferiority is not None:
        raise GateConfigError("give either significance or non-inferiority, not both", key="significance",
                              value=c.significance)
    if c.types is not None:
        unknown = [t for t in c.types if t not in FACT_TYPES]
        if unknown or not c.types:
            close = difflib.get_close_matches(unknown[0], FACT_TYPES, n=1) if unknown else []
            hint = f" — did you mean {close[0]!r}?" if close else f" (one of {', '.join(FACT_TYPES)})"
            raise GateConfigError(f"unknown fact type {unknown[0]!r}{hint}" if unknown else "no fact type given",
                                  key="types", value=",".join(c.types))
    if not c.startup_timeout >= 0:
        raise GateConfigError("must be 0 or more", key="startup-timeout", value=c.startup_timeout)
    if c.timeout is not None and not c.timeout > 0:
        raise GateConfigError("must be positive", key="timeout", value=c.timeout)
    if c.executor not in EXECUTORS:
        raise GateConfigError(f"use one of {', '.join(EXECUTORS)}", key="executor", value=c.executor)
    if c.scheduler is not None and c.executor != "dask":
        raise GateConfigError("a scheduler address needs the dask executor", key="scheduler", value=c.scheduler)
    for key, n in (("jobs", c.jobs), ("score-jobs", c.score_jobs)):
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise GateConfigError("must be at least 1", key=key, value=n)


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` (the working directory)."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None, base: RunConfig | None = None) -> RunConfig:
    """``base`` (the defaults) with ``[tool.fact-harness]`` of ``path`` applied; ``base`` when absent.

    Raises :class:`GateConfigError` locating the key (``FILE: [tool.fact-harness] KEY: …``).
    """
    base = base or RunConfig()
    if path is None:
        return base
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GateConfigError(f"{path}: cannot read: {exc}") from None
    section = data.get("tool", {}).get("fact-harness")
    if section is None:
        return base.override(source=path)
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
    settings: dict[str, Any] = {"thresholds": thresholds, "source": path,
                                "baseline": (path.parent / baseline) if baseline else None}
    for key in ("max-drop", "significance", "non-inferiority", "tolerance", "name-similarity", "claim-similarity"):
        if section.get(key) is not None:
            settings[key.replace("-", "_")] = _check_value(section[key], f"{where} {key}")
    mode = section.get("mode")
    if mode is not None and mode not in MODES:
        raise GateConfigError(f"{where} mode: expected 'strict' or 'lenient', got {mode!r}")
    settings["mode"] = mode
    for key in ("count-duplicates", "require-evidence", "require-all"):
        flag = section.get(key)
        if flag is not None and not isinstance(flag, bool):
            raise GateConfigError(f"{where} {key}: expected true or false, got {flag!r}")
        settings[key.replace("-", "_")] = flag
    judge = section.get("judge")
    if judge is not None and judge not in JUDGES:
        raise GateConfigError(f"{where} judge: expected one of {', '.join(JUDGES)}, got {judge!r}")
    settings["judge"] = judge
    for key in ("judge-url", "judge-model", "judge-key-env", "judge-cache"):
        value = section.get(key)
        if value is not None and not isinstance(value, str):
            raise GateConfigError(f"{where} {key}: expected a string, got {value!r}")
        if key == "judge-cache" and value is not None:
            value = path.parent / value
        elif key == "judge-model" and value is not None and section.get("judge") == "embedding":
            value = str(path.parent / value)
        settings[key.replace("-", "_")] = value
    for key in ("judge-threshold", "judge-timeout"):
        if section.get(key) is not None:
            value = section[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise GateConfigError(f"{where} {key}: expected a positive number, got {value!r}")
            settings[key.replace("-", "_")] = float(value)
    try:
        return base.override(**settings)
    except GateConfigError as exc:
        raise GateConfigError(exc.worded(f"{where} {exc.key}")) from None
