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


def _walkthrough() -> tuple[list[str], str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Your own benchmark, from nothing to a gate in CI"):readme.index("## Score your extractor")]
    bash = re.search(r"```bash\n(.*?)```", section, flags=re.S)
    python = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert bash and python
    return [line.split("  #")[0].strip() for line in bash.group(1).splitlines() if line.strip()], python.group(1)


def test_walkthrough_commands_run(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every command of the README's walkthrough, in order, in an empty directory (pip install aside)."""
    import shlex

    from typer.testing import CliRunner

    from harness.cli import app

    commands, extractor = _walkthrough()
    assert commands[0].startswith("pip install") and len(commands) == 8
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_extractor.py").write_text(extractor, encoding="utf-8")
    runner = CliRunner()
    for command in commands[1:]:
        argv = shlex.split(command)
        assert argv[0] == "fact-harness", command
        r = runner.invoke(app, argv[1:])
        assert r.exit_code == 0, f"{command}\n{r.output}"
    assert (tmp_path / "fact-harness-baseline.json").is_file()
    assert (tmp_path / ".pre-commit-config.yaml").is_file()


def test_readme_refs_exist() -> None:
    """No recipe names a tag that does not exist: the action and hook are referred to by branch."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "@v0.1.0" not in readme and "rev: v0.1.0" not in readme
    assert "fact-harness@main" in readme and "rev: main" in readme
