"""`fact-harness init` sets up a project's own benchmark; writing commands never touch the installed package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.authoring import schema_text
from harness.cli import app
from harness.project import PACKAGE, PRE_COMMIT_HOOK, ProjectError, authoring_dirs, check_writable, init_project

runner = CliRunner()


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def test_init_creates_a_working_benchmark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = _invoke("init")
    assert r.exit_code == 0, r.output
    for rel in ("gold/schema.json", "gold/README.md", "gold/example.yaml", "seeds/example.txt", "pyproject.toml",
                ".pre-commit-config.yaml"):
        assert (tmp_path / rel).is_file(), rel
    assert (tmp_path / "gold/schema.json").read_text(encoding="utf-8") == schema_text()
    assert "GUIDELINES.md" in (tmp_path / "gold/README.md").read_text(encoding="utf-8")
    assert "[tool.fact-harness]" in (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    hook = (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "fact-harness-validate" in hook and "^(gold|seeds)/" in hook and "pass_filenames: false" in hook
    assert _invoke("validate", "--strict").exit_code == 0
    r = _invoke("score", "oracle", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["overall"]["f1"] == 1.0 and list(data["by_article"]) == ["example"]


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "example.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    done = init_project(tmp_path)
    assert (tmp_path / "gold" / "example.yaml").read_text(encoding="utf-8") == "mine\n"
    assert tmp_path / "gold" / "example.yaml" in done.kept
    pyproject = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert pyproject.startswith('[project]\nname = "x"\n') and "[tool.fact-harness]" in pyproject
    assert (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8") == "repos: []\n"
    assert any(PRE_COMMIT_HOOK.strip() in note for note in done.notes)
    again = init_project(tmp_path)
    assert not again.created and (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == pyproject


def test_new_in_a_folder_with_seeds_but_no_gold_creates_local_gold(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "x.txt").write_text("A title\n\nSome text.\n", encoding="utf-8")
    r = _invoke("new", "seeds/x.txt")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "gold" / "x.yaml").is_file()
    assert not list(PACKAGE.rglob("x.yaml"))


def test_new_in_an_empty_folder_suggests_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("A title\n", encoding="utf-8")
    r = _invoke("new", "x.txt")
    assert r.exit_code == 2
    assert "fact-harness init" in r.output and "site-packages" not in r.output and "_data" not in r.output
    assert not (tmp_path / "gold").exists()


def test_writing_commands_refuse_the_installed_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "x.txt").write_text("A title\n", encoding="utf-8")
    r = _invoke("new", "seeds/x.txt", "--gold", str(PACKAGE / "_data" / "gold"))
    assert r.exit_code == 2 and "inside the installed fact-harness package" in r.output
    r = _invoke("schema", "-o", str(PACKAGE / "schema-test.json"))
    assert r.exit_code == 2 and not (PACKAGE / "schema-test.json").exists()
    with pytest.raises(ProjectError):
        check_writable(PACKAGE / "_data" / "gold" / "y.yaml")
    with pytest.raises(ProjectError):
        init_project(PACKAGE / "_data")


def test_authoring_dirs_default_to_the_working_directory(tmp_path: Path) -> None:
    assert authoring_dirs(None, None) == (Path("gold"), Path("seeds"))
    (tmp_path / "seeds").mkdir()
    assert authoring_dirs(tmp_path / "gold", None) == (tmp_path / "gold", tmp_path / "seeds")
    assert authoring_dirs(None, tmp_path / "seeds") == (tmp_path / "gold", tmp_path / "seeds")
