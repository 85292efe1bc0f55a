"""pytest plugin: the ``fact_harness`` fixture, and the benchmark as test items with ``--fact-extractor``.

Registered through the ``pytest11`` entry point, so it is active wherever fact-harness is installed
(``-p no:fact_harness`` turns it off). It provides two things:

**The fixture** ``fact_harness`` (session scope, always available): ``fact_harness.score(extractor,
**options)`` is :func:`harness.api.score` with the gold and seeds defaulting to ``--fact-gold`` /
``--fact-seeds`` (or the ``fact_gold`` / ``fact_seeds`` ini values)::

    def test_figures(fact_harness):
        assert fact_harness.score(my_extract).recall("figure") >= 0.9

**Benchmark items**, only when an extractor is configured (``--fact-extractor SPEC`` or the
``fact_extractor`` ini value): after the project's own tests, a node ``fact-harness`` holds

* ``fact-harness::article[ID]`` per gold article: fails when the extractor failed on that article
  (raised, returned malformed facts, timed out …; ``Result.errors``), showing the reason; passes
  otherwise, whatever the scores;
* ``fact-harness::gate[min-METRIC SCOPE]`` per ``--fact-min-precision``, ``--fact-min-recall`` or
  ``--fact-min-f1 [TYPE=]X``: fails when the metric is
  below the threshold (the message gives both), is skipped when the gate is not applicable (the gold
  has no facts of that type), passes otherwise.

The extractor is run and scored once per session, lazily, by the first of these items to run (a
scoring problem — an unknown extractor, invalid gold — makes every item an *error* with the
reason). The terminal summary then has a ``fact-harness`` line with overall precision, recall and F1.
Items are ordinary test items: ``-k article``, ``-k "gate and figure"``, ``--deselect``, ``--lf`` and
``--collect-only`` work on them. Under pytest-xdist each worker scores on its own.

Without an extractor nothing is collected, loaded or scored: the plugin only reads its options, and
this module imports the scoring modules (scikit-learn, scipy) on first use only.

Settings, command line first, then the ini file (``pytest.ini``, ``tox.ini``, ``setup.cfg`` or
``[tool.pytest.ini_options]``):

==========================  ========================  ====================================================
option                      ini                       meaning
==========================  ========================  ====================================================
``--fact-extractor SPEC``   ``fact_extractor``        built-in, ``pkg.mod:attr``, ``path/file.py:attr``,
                                                      plugin name; ``--fact-extractor=`` (empty) turns an
                                                      ini-configured extractor off for one run
``--fact-min-recall X``     ``fact_min_recall``       ``X`` or ``TYPE=X`` in [0, 1]; repeatable (ini: one
                                                      per line); the command line overrides the ini per
                                                      metric and scope
``--fact-min-precision X``  ``fact_min_precision``    the same for precision
``--fact-min-f1 X``         ``fact_min_f1``           the same for F1
``--fact-gold DIR``         ``fact_gold``             gold directory (default: as ``fact-harness score``)
``--fact-seeds DIR``        ``fact_seeds``            seeds directory (default: beside the gold, else as
                                                      ``fact-harness score``)
==========================  ========================  ====================================================

Thresholds from the ini file are read only when an extractor is configured (a project may keep its
gates in the ini file and pass ``--fact-extractor`` in CI only). Relative paths — directories and
``file.py:attr`` extractors — are relative to the directory pytest was invoked from when given on the
command line, and to the ini file's directory when read from it. Bad values (an unknown type, a
threshold outside [0, 1], a missing directory, a ``--fact-min-…`` gate without an extractor) stop
pytest with a usage error (exit code 4) before anything runs.

Items cannot be named as command-line arguments (``fact-harness`` is not a file): select them with
``-k``, ``--deselect`` or ``--lf``.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import pluggy

    from harness.config import RunConfig
    from harness.gates import Threshold
    from harness.result import Check, Result

# Imports of harness.api / harness.gates / harness.result stay inside functions: they pull in
# scikit-learn and scipy (about a second), which this module must not add to every pytest run.

NODE_NAME = "fact-harness"
"""Name (and node id) of the collector holding the benchmark items."""

GATE_METRICS = ("precision", "recall", "f1")
"""The metrics a gate can bound: ``--fact-min-precision``, ``--fact-min-recall``, ``--fact-min-f1``."""


@dataclasses.dataclass
class FactHarnessState:
    """The plugin's settings for one pytest session and the cached scoring (kept in ``config.stash``).

    ``extractor`` is the SPEC handed to :func:`harness.api.score` (a relative ``file.py:attr`` made
    absolute); ``extractor_label`` is the SPEC as the user wrote it, for messages. ``None`` means no
    benchmark items. The extractor is scored at most once, by the first benchmark item to run; a
    scoring problem is kept in ``failure`` so every item reports it without retrying.
    """

    gold: Path | None = None
    seeds: Path | None = None
    extractor: str | None = None
    extractor_label: str | None = None
    thresholds: list[Threshold] = dataclasses.field(default_factory=list)
    config: RunConfig | None = None
    """The run configuration: ``[tool.fact-harness]`` of the nearest pyproject.toml, this plugin's gates on top."""
    scored: bool = False
    result: Result | None = None
    checks: dict[str, Check] = dataclasses.field(default_factory=dict)
    failure: str | None = None

    def session_result(self) -> Result:
        """Score the configured extractor (first call only) and return the result.

        Raises ``pytest.fail(..., pytrace=False)`` with the reason when it could not be scored at all
        (unknown SPEC, import error, invalid gold …): the calling item is then reported as an error
        with that message and no traceback. Unexpected exceptions are reported with their traceback.
        """
        if not self.scored:
            assert self.extractor is not None, "session_result() needs a configured extractor"
            from harness.api import run
            from harness.corpus import GoldError
            from harness.extractors.loading import ExtractorSpecError
            from harness.extractors.runner import ExtractorStartError
            from harness.gates import GateConfigError
            from harness.predictions import PredictionsError

            expected = (ExtractorSpecError, ExtractorStartError, GoldError, PredictionsError, GateConfigError)
            try:
                result = run(self.extractor, gold=self.gold, seeds=self.seeds, config=self.config).result
                self.checks = {c.name: c for c in result.checks}
                self.result = result
            except expected as exc:
                self.failure = f"cannot score the extractor {self.extractor_label!r}: {exc}"
            except Exception as exc:
                details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                self.failure = f"cannot score the extractor {self.extractor_label!r}:\n{details}"
            self.scored = True
        if self.failure is not None:
            pytest.fail(self.failure, pytrace=False)
        assert self.result is not None
        return self.result


_STATE = pytest.StashKey[FactHarnessState]()


def _state(config: pytest.Config) -> FactHarnessState:
    try:
        return config.stash[_STATE]
    except KeyError:  # pytest_configure did not run (e.g. the plugin was registered late)
        state = config.stash[_STATE] = FactHarnessState()
        return state


# --------------------------------------------------------------------------- options


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``fact-harness`` option group and its ini fallbacks."""
    group = parser.getgroup("fact-harness", "fact-harness (fact-claim extractor benchmark)")
    group.addoption(
        "--fact-extractor", metavar="SPEC", default=None,
        help="score this extractor (baseline, oracle, empty, pkg.mod:attr, path/file.py:attr, a plugin name) and "
             "add one test item per gold article and per gate; an empty value turns off fact_extractor from the ini",
    )
    for metric in GATE_METRICS:
        group.addoption(
            f"--fact-min-{metric}", metavar="[TYPE=]X", action="append", default=[],
            help=f"gate: {metric} overall (X) or of a fact type (TYPE=X) must be at least X in [0, 1]; repeatable",
        )
    group.addoption("--fact-gold", metavar="DIR", default=None,
                    help="gold directory for --fact-extractor and the fact_harness fixture")
    group.addoption("--fact-seeds", metavar="DIR", default=None,
                    help="seeds (article text) directory; default: the seeds beside the gold")
    parser.addini("fact_extractor", "extractor SPEC to score as test items (see --fact-extractor)", type="string",
                  default="")
    for metric in GATE_METRICS:
        parser.addini(f"fact_min_{metric}", f"{metric} gates, one [TYPE=]X per line (see --fact-min-{metric})",
                      type="linelist", default=[])
    parser.addini("fact_gold", "gold directory, relative to the ini file (see --fact-gold)", type="string", default="")
    parser.addini("fact_seeds", "seeds directory, relative to the ini file (see --fact-seeds)", type="string",
                  default="")


def _ini_dir(config: pytest.Config) -> Path:
    """Where ini-relative paths start: the ini file's directory, else the rootdir."""
    return config.inipath.parent if config.inipath is not None else config.rootpath


def _directory(config: pytest.Config, name: str) -> Path | None:
    """``--fact-NAME`` (relative to the invocation directory) or ini ``fact_NAME``; must be a directory."""
    cli: str | None = config.getoption(f"fact_{name}")
    if cli:
        path, where = config.invocation_params.dir / cli, f"--fact-{name} {cli}"
    else:
        ini = str(config.getini(f"fact_{name}")).strip()
        if not ini:
            return None
        path, where = _ini_dir(config) / ini, f"fact_{name} = {ini} (ini)"
    if not path.is_dir():
        raise pytest.UsageError(f"{where}: no such directory {path}")
    return path


def _resolve_spec(spec: str, base: Path) -> str:
    """A ``path/file.py:attr`` SPEC with a relative path made relative to ``base``; other SPECs unchanged.

    Uses the loader's test for a file (the part before the last ``:`` ends in ``.py`` or contains a
    path separator), so built-ins, plugin names and ``pkg.mod:attr`` pass through untouched.
    """
    target, sep, attr = spec.rpartition(":")
    is_file = target.endswith(".py") or "/" in target or "\\" in target
    if not sep or not target or not is_file or Path(target).is_absolute():
        return spec
    return f"{base / target}:{attr}"


def _thresholds(metric: str, texts: Sequence[str], where: str) -> list[Threshold]:
    """Parse ``[TYPE=]X`` texts with :func:`harness.gates.parse_threshold`; a bad one is a usage error."""
    from harness.gates import GateConfigError, parse_threshold

    out = []
    for text in texts:
        try:
            out.append(parse_threshold(metric, text))
        except GateConfigError as exc:
            raise pytest.UsageError(exc.worded(where)) from None
    return out


def _run_config(config: pytest.Config) -> RunConfig:
    """``[tool.fact-harness]`` of the nearest pyproject.toml above the rootdir (a bad one is a usage error).

    The same settings ``fact-harness score`` reads there: gates, baseline, mode, tolerance …;
    this plugin's own options and ini values are applied on top.
    """
    from harness.config import find_pyproject, load_config
    from harness.gates import GateConfigError

    try:
        return load_config(find_pyproject(config.rootpath))
    except GateConfigError as exc:
        raise pytest.UsageError(str(exc)) from None


def pytest_configure(config: pytest.Config) -> None:
    """Read and check the settings into a :class:`FactHarnessState`; bad ones are usage errors.

    Cheap when nothing is configured: the scoring modules are imported only to parse thresholds.
    """
    state = FactHarnessState(gold=_directory(config, "gold"), seeds=_directory(config, "seeds"))
    cli_spec: str | None = config.getoption("fact_extractor")
    if cli_spec is not None:  # "" on the command line turns off an ini-configured extractor
        spec, base = cli_spec.strip(), config.invocation_params.dir
    else:
        spec, base = str(config.getini("fact_extractor")).strip(), _ini_dir(config)
    if spec:
        state.extractor, state.extractor_label = _resolve_spec(spec, base), spec
    cli: list[Threshold] = []
    ini: list[Threshold] = []
    for metric in GATE_METRICS:
        cli_gates: list[str] = config.getoption(f"fact_min_{metric}")
        if cli_gates:
            cli += _thresholds(metric, cli_gates, f"--fact-min-{metric}")
            if state.extractor is None:
                raise pytest.UsageError(f"--fact-min-{metric} needs an extractor to gate: give --fact-extractor "
                                        "SPEC (or set fact_extractor in the ini file)")
        if state.extractor is not None:
            ini_gates = [line.strip() for line in config.getini(f"fact_min_{metric}") if line.strip()]
            ini += _thresholds(metric, ini_gates, f"fact_min_{metric} (ini)")
    if state.extractor is not None:
        state.config = _run_config(config).override(thresholds=[*ini, *cli])
        state.thresholds = list(state.config.thresholds)
    config.stash[_STATE] = state


def pytest_report_header(config: pytest.Config) -> str | None:
    """One header line when benchmark items will run: the extractor and the gold."""
    state = _state(config)
    if state.extractor is None:
        return None
    gold = state.gold if state.gold is not None else "default"
    return f"fact-harness: extractor {state.extractor_label}, gold {gold}"


# --------------------------------------------------------------------------- the fixture


class FactHarness:
    """What the ``fact_harness`` fixture provides: scoring against the configured gold.

    The gold and seeds are ``--fact-gold`` / ``--fact-seeds`` (or the ini values), else the defaults of
    :func:`harness.api.score` (``./gold`` and ``./seeds`` in the working directory, else the bundled
    benchmark). Each :meth:`score` call reads the gold afresh, exactly as :func:`harness.api.score` does;
    what an extractor returned is kept for the session, so scoring the same extractor again (other
    settings, another test) does not run it again (``reuse=False`` runs it anew).
    """

    def __init__(self, state: FactHarnessState) -> None:
        self._state = state
        self._cache: dict[Any, Any] = {}

    @property
    def gold(self) -> Path | None:
        """The configured gold directory (``None``: the default one)."""
        return self._state.gold

    @property
    def seeds(self) -> Path | None:
        """The configured seeds directory (``None``: the default one)."""
        return self._state.seeds

    def score(self, extractor: Any = None, **options: Any) -> Result:
        """:func:`harness.api.score` against the configured gold; returns the :class:`~harness.result.Result`.

        ``extractor`` is a SPEC string or a Python extractor; ``options`` are the keyword arguments of
        :func:`harness.api.score` (``command=``, ``url=``, ``predictions=``, ``articles=``, ``mode=``,
        ``options=`` for the extractor, …); giving any of ``gold=``, ``seeds=`` or ``corpus=`` here
        replaces both configured directories (a lone ``gold=`` then finds ``seeds/`` beside it).
        Exceptions are those of :func:`harness.api.score` (an unknown SPEC raises ``ExtractorSpecError``);
        an extractor failing on an article does not raise but is listed in ``result.errors``, its gold
        counted as missed.
        """
        from harness.api import score

        if not {"gold", "seeds", "corpus"} & options.keys():
            options.update(gold=self.gold, seeds=self.seeds)
        if options.pop("reuse", True) and "predictions" not in options:
            options["memo"] = self._cache
        return score(extractor, **options)

    def __repr__(self) -> str:
        return f"<FactHarness gold={self.gold} seeds={self.seeds}>"


@pytest.fixture(scope="session")
def fact_harness(pytestconfig: pytest.Config) -> FactHarness:
    """Score extractors against the configured gold: ``fact_harness.score(extract).recall("figure")``."""
    return FactHarness(_state(pytestconfig))


# --------------------------------------------------------------------------- benchmark items


class FactHarnessCollector(pytest.Collector):
    """The ``fact-harness`` node: one item per gold article (in id order), then one per gate.

    Articles are the gold directory's ``*.yaml``/``*.yml`` file stems (the validator requires them to
    be the article ids), listed without reading the files: loading and scoring wait for the first
    item to run. A missing or empty gold directory is a collection error.
    """

    def collect(self) -> list[pytest.Item]:
        from harness.corpus import resolve_dirs
        from harness.validate import gold_files

        state = _state(self.config)
        gold_dir, _ = resolve_dirs(state.gold, state.seeds)
        files, problems = gold_files([gold_dir])
        if problems:
            raise self.CollectError("cannot list the gold articles: " + "; ".join(str(p) for p in problems))
        items: list[pytest.Item] = []
        for aid in sorted({f.stem for f in files}):
            name = f"article[{aid}]"
            items.append(ArticleItem.from_parent(self, name=name, nodeid=self._child_id(name), article=aid))
        for t in state.thresholds:
            name = f"gate[{t.name}]"
            items.append(GateItem.from_parent(self, name=name, nodeid=self._child_id(name), gate=t.name))
        return items

    def _child_id(self, name: str) -> str:
        # Given as text so that pytest parses the "[...]" part as parameters, exactly as it parses the
        # node ids it reads back (--lf, --deselect, the cache); a computed child id would not compare equal.
        return f"{self.nodeid}::{name}"


class FactHarnessItem(pytest.Item):
    """Common ground of the benchmark items: scoring in ``setup`` (once per session), readable locations."""

    result: Result | None = None

    @property
    def state(self) -> FactHarnessState:
        return _state(self.config)

    def setup(self) -> None:
        """Get the session's result, scoring the extractor if no item did yet (errors, not failures)."""
        self.result = self.state.session_result()

    def _result(self) -> Result:
        assert self.result is not None, "setup() did not run"
        return self.result

    def reportinfo(self) -> tuple[Path, int, str]:
        # A pseudo path named like the node id's path part, so locations read "fact-harness".
        return self.config.rootpath / NODE_NAME, 0, self.nodeid


class ArticleItem(FactHarnessItem):
    """Passes when the extractor ran on one article; fails with its one-line error otherwise."""

    def __init__(self, *, article: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.article = article

    def runtest(self) -> None:
        result = self._result()
        errors = {e.article: e.message for e in result.errors}
        counts = result.by_article.get(self.article)
        if counts is not None:
            from harness.metrics import total

            c = total(counts.values())
            self.user_properties.extend([("tp", c.tp), ("fp", c.fp), ("fn", c.fn)])
        if self.article in errors:
            self.user_properties.append(("error", errors[self.article]))
            pytest.fail(f"{errors[self.article]}\n(the extractor {self.state.extractor_label!r} failed on article "
                        f"{self.article}: its gold counts as missed; the other articles were scored)", pytrace=False)
        if counts is None:
            pytest.fail(f"article {self.article} was not scored: its gold file is not in the loaded corpus",
                        pytrace=False)


def _number(value: float, threshold: float) -> str:
    """``value`` to three decimals, or more when three would round it up to ``threshold``."""
    for digits in range(3, 13):
        text = f"{value:.{digits}f}"
        if float(text) < threshold:
            return text
    return repr(value)


class GateItem(FactHarnessItem):
    """One gate: fails below its threshold, is skipped when not applicable, passes otherwise."""

    def __init__(self, *, gate: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gate = gate

    def runtest(self) -> None:
        result = self._result()
        check = self.state.checks[self.gate]
        self.user_properties.extend([("threshold", check.threshold), ("actual", check.actual),
                                     ("status", check.status)])
        subject = f"overall {check.metric}" if check.scope == "overall" else f"{check.metric} of {check.scope}"
        if check.status == "not applicable":
            facts = "facts" if check.scope == "overall" else f"{check.scope} facts"
            pytest.skip(f"not applicable: the gold has no {facts}, so {subject} is undefined")
        if check.status != "fail":
            return
        c = result.counts(check.scope)
        counts = f"tp {c.tp}, fp {c.fp}, fn {c.fn}"
        if check.actual is None:
            pytest.fail(f"{subject} is undefined ({counts}), so the threshold {check.threshold} is not met",
                        pytrace=False)
        pytest.fail(f"{subject} is {_number(check.actual, check.threshold)}, below the threshold "
                    f"{check.threshold} ({counts})", pytrace=False)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """With an extractor configured, append the ``fact-harness`` items (before ``-k``/``-m`` select)."""
    if _state(config).extractor is None:
        return
    collector = FactHarnessCollector.from_parent(session, name=NODE_NAME, nodeid=NODE_NAME)
    # genitems runs the regular collection protocol: collect reports, counts, collection errors.
    items.extend(session.genitems(collector))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pluggy.Result[pytest.TestReport], None]:
    """Locate a skipped gate at its node id rather than at the line of this module that skipped it."""
    outcome = yield
    if isinstance(item, FactHarnessItem):
        report = outcome.get_result()
        if report.skipped and isinstance(report.longrepr, tuple):
            # No line number: the terminal then prints "SKIPPED [1] NODEID: reason" (pytest's own
            # reporters accept None here, though the attribute is annotated as int).
            report.longrepr = (item.nodeid, None, report.longrepr[2])  # type: ignore[assignment]


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """A short ``fact-harness`` section when the extractor was scored in this session."""
    state = config.stash.get(_STATE, None)
    if state is None or not state.scored:
        return
    terminalreporter.write_sep("-", "fact-harness")
    if state.result is None:
        lines = (state.failure or "unknown problem").strip().splitlines()
        terminalreporter.write_line(lines[0] if len(lines) == 1 else f"{lines[0]} {lines[-1]}")
        return
    r = state.result
    n, failed = len(r.by_article), len(r.errors)
    gates = ""
    if state.checks:
        statuses = [c.status for c in state.checks.values()]
        parts = [f"{statuses.count(s)} {word}" for s, word in
                 (("pass", "passed"), ("fail", "failed"), ("not applicable", "not applicable")) if s in statuses]
        gates = f"; gates: {', '.join(parts)}"
    terminalreporter.write_line(
        f"extractor {state.extractor_label}: precision {_ratio(r.precision())}, recall {_ratio(r.recall())}, "
        f"F1 {_ratio(r.f1())} over {n} article{'s' if n != 1 else ''}"
        f" ({failed} failed){gates}"
    )
