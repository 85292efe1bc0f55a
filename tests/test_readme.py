"""The README's examples work: its gold example validates against the real article."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from harness.validate import check_file

ROOT = Path(__file__).parents[1]


def test_gold_example_validates(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(# yaml-language-server.*?)```", readme, flags=re.S)
    assert len(blocks) == 1
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "001_eab98a2f0f3a5ef7.txt", seeds)
    path = tmp_path / "001_eab98a2f0f3a5ef7.yaml"
    path.write_text(blocks[0], encoding="utf-8")
    checked = check_file(path, seeds)
    assert checked.problems == [], "\n".join(map(str, checked.problems))
    assert checked.gold is not None and len(checked.gold.facts) == 5


def test_readme_test_command_matches_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test,html]" && python -m pytest' in readme
    assert 'python -m pip install --quiet ".[test,html]"' in ci and "\npython -m pytest" in ci
