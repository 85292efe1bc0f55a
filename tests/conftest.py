"""Shared fixtures: where the checkout's data lives, and a factory of small gold files in a tmp dir."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The caches of every run in the suite live in a temporary directory, never the user's."""
    root = tmp_path_factory.mktemp("fact-harness-cache")
    before = os.environ.get("FACT_HARNESS_CACHE")
    os.environ["FACT_HARNESS_CACHE"] = str(root)
    yield root
    if before is None:
        os.environ.pop("FACT_HARNESS_CACHE", None)
    else:
        os.environ["FACT_HARNESS_CACHE"] = before

SMALL_GOLD_ARTICLE = "001_eab98a2f0f3a5ef7"

SMALL_GOLD = """\
# yaml-language-server: $schema=schema.json
article:
  id: 001_eab98a2f0f3a5ef7
  file: 001_eab98a2f0f3a5ef7.txt
  title: Kremlin denies plans to invade Ukraine alleges NATO threats
  outlet: AP via MyNorthwest
  url: https://mynorthwest.com/3234305/kremlin-denies-plans-to-invade-ukraine-alleges-nato-threats/
  published: 2021-11-05
furniture:
  - "Copyright The Associated Press. All rights reserved."
facts:
  - id: spk-peskov
    type: speaker
    name: Dmitry Peskov
    evidence: "Kremlin spokesman Dmitry Peskov dismissed"
  - id: spk-ukr-defense-ministry
    type: speaker
    name: Ukrainian Defense Ministry
    kind: organization
    evidence: "The Ukrainian Defense Ministry claimed"
  - id: fig-troops-90000
    type: figure
    value: 90000
    unit: troops
    approx: true
    speaker: spk-ukr-defense-ministry
    evidence: "about 90,000 Russian troops"
  - id: date-friday
    type: date
    value: 2021-11-05
    text: Friday
    evidence: "The Kremlin on Friday rebuffed"
  - id: claim-no-threat
    type: claim
    speaker: spk-peskov
    text: Russia does not threaten anyone
    evidence: "Russia doesnt threaten anyone, Peskov said"
negatives:
  - id: neg-figure-army-41
    type: figure
    value: 41
    unit: armies
    evidence: "units of the Russian 41st army"
"""
"""A small valid gold file for seed 001; ``make_gold`` writes it, possibly altered."""


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Judge caches and recorded agreements go to a temporary directory, never the user's cache."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout's root directory (the one holding pyproject.toml)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def seeds_dir(repo_root: Path) -> Path:
    """The committed seed articles (read-only)."""
    return repo_root / "seeds"


@pytest.fixture(scope="session")
def gold_dir(repo_root: Path) -> Path:
    """The committed gold files (read-only)."""
    return repo_root / "gold"


MakeGold = Callable[..., Path]


@pytest.fixture
def make_gold(tmp_path: Path, seeds_dir: Path) -> MakeGold:
    """A factory writing a gold file into ``tmp_path/gold`` with the seeds copied to ``tmp_path/seeds``.

    ``make_gold(replacements=None, *, text=None, name=None)``:

    * ``replacements`` maps substrings of :data:`SMALL_GOLD` to their replacements; each must occur
      exactly once (so a test breaks loudly, not silently, when the template changes);
    * ``text`` replaces the template altogether;
    * ``name`` is the file name (default ``<article id>.yaml``).

    Returns the path of the written file. The seed ``*.txt`` files (not their checksums) are copied,
    so ``tmp_path / "seeds"`` is the seeds directory to validate against.
    """
    tmp_seeds = tmp_path / "seeds"
    tmp_gold = tmp_path / "gold"
    if not tmp_seeds.exists():
        tmp_seeds.mkdir()
        for seed in seeds_dir.glob("*.txt"):
            shutil.copyfile(seed, tmp_seeds / seed.name)
    tmp_gold.mkdir(exist_ok=True)

    def make(
        replacements: Mapping[str, str] | None = None, *, text: str | None = None, name: str | None = None
    ) -> Path:
        content = SMALL_GOLD if text is None else text
        for old, new in (replacements or {}).items():
            count = content.count(old)
            assert count == 1, f"make_gold: {old!r} occurs {count} times in the template, expected once"
            content = content.replace(old, new)
        path = tmp_gold / (name or f"{SMALL_GOLD_ARTICLE}.yaml")
        path.write_text(content, encoding="utf-8")
        return path

    return make


@pytest.fixture
def pids_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A file where extractors record the pids they start; every one is killed after the test."""
    import contextlib
    import os
    import signal

    from tests.processes import read_pids

    path = tmp_path / "pids"
    path.touch()
    monkeypatch.setenv("FH_PIDS", str(path))
    yield path
    for pid in read_pids(path):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def oracle_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled gold as a predictions file (what the oracle returns): it scores 1.0."""
    import json

    from harness import load_corpus
    from harness.extractors.oracle import gold_as_predictions

    path = tmp_path_factory.mktemp("preds") / "oracle.jsonl"
    lines = [json.dumps({"article": e.article.id, "facts": gold_as_predictions(e.gold)}) for e in load_corpus()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
