"""A project's own benchmark: where writing commands put files, and ``fact-harness init``.

Reading commands may fall back on the benchmark bundled with the package; writing commands
(``new``, ``annotate``, ``init``, every ``--output``) never write into the installed package: they
use ``--gold`` / ``--seeds`` when given, else ``./gold`` and ``./seeds`` of the working directory,
created when missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from harness.authoring import schema_text

PACKAGE = Path(__file__).resolve().parent
"""The installed ``harness`` package (its ``_data`` holds the bundled benchmark)."""


class ProjectError(Exception):
    """A write that must not happen (into the installed package), or a project that cannot be set up."""


def inside_package(path: Path) -> bool:
    """Whether ``path`` lies inside the installed ``harness`` package."""
    return path.resolve().is_relative_to(PACKAGE)


def check_writable(path: Path) -> None:
    """Raise :class:`ProjectError` when ``path`` lies inside the installed package's files."""
    if inside_package(path):
        raise ProjectError(f"refusing to write {path}: it lies inside the installed fact-harness package "
                           f"({PACKAGE}); keep your own benchmark in ./gold and ./seeds (fact-harness init) "
                           "or pass --gold DIR / --seeds DIR")


def authoring_dirs(gold: Path | None, seeds: Path | None) -> tuple[Path, Path]:
    """The gold and seeds directories a writing command uses: the ones given, else ``./gold`` and ``./seeds``.

    When only one is given, the other is its sibling. Never the bundled benchmark: raises
    :class:`ProjectError` when either lies inside the installed package.
    """
    if gold is None:
        gold = seeds.parent / "gold" if seeds is not None else Path("gold")
    if seeds is None:
        seeds = gold.parent / "seeds" if (gold.parent / "seeds").is_dir() else Path("seeds")
    check_writable(gold)
    check_writable(seeds)
    return gold, seeds


def bundled_guidelines() -> Path | None:
    """The annotation guidelines shipped with the package (or beside it, in a checkout)."""
    for candidate in (PACKAGE / "_data" / "gold" / "GUIDELINES.md", PACKAGE.parent / "gold" / "GUIDELINES.md"):
        if candidate.is_file():
            return candidate
    return None


EXAMPLE_ID = "example"

EXAMPLE_ARTICLE = """\
City council approves new river bridge
20240308

The city council on Thursday approved a 12 million euro plan to build a new bridge over the river, \
Mayor Anna Lind said.

"The bridge will cut the commute for about 40,000 people," Lind told reporters. Work is expected to \
start in 2025.
"""

EXAMPLE_GOLD = """\
# yaml-language-server: $schema=schema.json
# An example to copy from: replace it with your own articles (fact-harness new seeds/ID.txt).
article:
  id: example
  file: example.txt
  title: "City council approves new river bridge"
  outlet: null
  url: null
  published: 2024-03-08
furniture: []
facts:
  - id: spk-anna-lind
    type: speaker
    name: Anna Lind
    aliases: [Lind]
    role: Mayor
    evidence: "Mayor Anna Lind said"
  - id: fig-plan-12m-eur
    type: figure
    value: 12000000
    unit: EUR
    subject: bridge plan
    evidence: "12 million euro plan"
  - id: fig-commuters-40000
    type: figure
    value: 40000
    unit: people
    approx: true
    speaker: spk-anna-lind
    evidence: "about 40,000 people"
  - id: date-2024-03-07
    type: date
    value: 2024-03-07
    text: Thursday
    evidence: "on Thursday approved"
  - id: date-2025
    type: date
    value: 2025
    evidence: "start in 2025"
  - id: claim-lind-commute
    type: claim
    speaker: spk-anna-lind
    text: the bridge will cut the commute for about 40,000 people
    evidence: "The bridge will cut the commute for about 40,000 people"
negatives: []
"""

PYPROJECT_BLOCK = """\
[tool.fact-harness]
# Settings of `fact-harness score` (command-line options win, key by key). Gates, for example:
# min-recall = {overall = 0.8, figure = 0.9}
# min-precision = 0.7
# baseline = "fact-harness-baseline.json"
# max-drop = 0.02
mode = "strict"
"""

PRE_COMMIT_HOOK = """\
  - repo: local
    hooks:
      - id: fact-harness-validate
        name: fact-harness validate
        entry: fact-harness validate --strict
        language: system
        files: ^(gold|seeds)/
        pass_filenames: false
"""

PRE_COMMIT_CONFIG = "repos:\n" + PRE_COMMIT_HOOK


def gold_readme(guidelines: Path | None) -> str:
    where = f" (installed with fact-harness at {guidelines})" if guidelines else ""
    return (
        "# Gold\n\n"
        "One YAML file per article of `../seeds/`, named after the article id (the seed file's stem).\n\n"
        "- What is and is not a fact of each type: the annotation guidelines, `gold/GUIDELINES.md` of the "
        f"fact-harness repository{where}.\n"
        "- `schema.json` lets editors validate and complete gold files (`fact-harness schema -o gold/schema.json` "
        "refreshes it).\n"
        "- New article: put its text in `seeds/ID.txt`, run `fact-harness new seeds/ID.txt`, add facts, then "
        "`fact-harness validate --strict`.\n"
    )


@dataclass
class InitReport:
    """What ``init`` did: files created, files kept as they were, and advice to print."""

    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _create(path: Path, text: str, report: InitReport) -> None:
    try:
        with path.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        report.kept.append(path)
        return
    report.created.append(path)


def init_project(directory: Path, *, example: bool = True) -> InitReport:
    """Set up a project's own benchmark in ``directory``; never overwrites a file.

    Creates ``gold/`` (``schema.json``, a README pointing at the guidelines, an example gold file),
    ``seeds/`` (the example article), a ``[tool.fact-harness]`` block in ``pyproject.toml``
    (appended when the file has none, the file created when absent) and a pre-commit hook
    (``.pre-commit-config.yaml`` created when absent; else the snippet is given as a note).
    """
    check_writable(directory)
    report = InitReport()
    gold, seeds = directory / "gold", directory / "seeds"
    for d in (directory, gold, seeds):
        if d.exists() and not d.is_dir():
            raise ProjectError(f"{d} exists and is not a directory")
    directory.mkdir(parents=True, exist_ok=True)
    gold.mkdir(exist_ok=True)
    seeds.mkdir(exist_ok=True)
    _create(gold / "schema.json", schema_text(), report)
    _create(gold / "README.md", gold_readme(bundled_guidelines()), report)
    if example:
        _create(seeds / f"{EXAMPLE_ID}.txt", EXAMPLE_ARTICLE, report)
        _create(gold / f"{EXAMPLE_ID}.yaml", EXAMPLE_GOLD, report)
    pyproject = directory / "pyproject.toml"
    if not pyproject.exists():
        _create(pyproject, PYPROJECT_BLOCK, report)
    else:
        text = pyproject.read_text(encoding="utf-8")
        if "[tool.fact-harness]" in text:
            report.kept.append(pyproject)
        else:
            with pyproject.open("a", encoding="utf-8", newline="\n") as fh:
                fh.write(("" if text.endswith("\n") or not text else "\n") + "\n" + PYPROJECT_BLOCK)
            report.notes.append(f"added a [tool.fact-harness] block to {pyproject}")
    hooks = directory / ".pre-commit-config.yaml"
    if not hooks.exists():
        _create(hooks, PRE_COMMIT_CONFIG, report)
    elif "fact-harness-validate" not in hooks.read_text(encoding="utf-8"):
        report.kept.append(hooks)
        report.notes.append(f"{hooks} exists: add this hook under its 'repos:'\n{PRE_COMMIT_HOOK.rstrip()}")
    else:
        report.kept.append(hooks)
    return report
