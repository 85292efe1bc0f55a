"""The composite action's run steps, executed as GitHub runs them (bash -e, expressions substituted,
$GITHUB_OUTPUT per step), with pip stubbed out: no network. Also the pre-commit hook's definition."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.project import init_project

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPR = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def _outputs(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        key, _, value = line.partition("=")
        out[key] = value
    return out


def run_action(workspace: Path, inputs: dict[str, str]) -> tuple[int, dict[str, str], Path]:
    """Run every `run:` step of action.yml in ``workspace``; returns the last exit code, the action's outputs
    and the job summary file. `uses:` steps (setup-python, cache, upload-artifact) are GitHub's own."""
    values = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()} | inputs
    unknown = set(inputs) - set(ACTION["inputs"])
    assert not unknown, unknown
    shim = workspace.parent / "shim"
    shim.mkdir(exist_ok=True)
    (shim / "python").write_text(
        "#!/bin/bash\n"
        'if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "$*" >> "$FH_PIP_LOG"; exit 0; fi\n'
        f'exec "{sys.executable}" "$@"\n', encoding="utf-8")
    (shim / "python").chmod(0o755)
    summary = workspace.parent / "summary.md"
    steps: dict[str, dict[str, str]] = {}

    def expand(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            expr = m.group(1)
            if expr.startswith("inputs."):
                return values[expr.removeprefix("inputs.")]
            if expr == "github.action_path":
                return str(ROOT)
            step, _, key = expr.removeprefix("steps.").partition(".outputs.")
            return steps.get(step, {}).get(key, "")
        return EXPR.sub(one, text)

    code = 0
    for k, step in enumerate(ACTION["runs"]["steps"]):
        if "uses" in step:
            continue
        condition = step.get("if", "success()")
        if condition != "always()" and code != 0:
            continue
        assert step["shell"] == "bash"
        output = workspace.parent / f"output-{k}"
        env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": str(output),
               "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTION_PATH": str(ROOT),
               "GITHUB_WORKSPACE": str(workspace), "FH_PIP_LOG": str(workspace.parent / "pip.log"),
               "PATH": f"{shim}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
        env.update({key: expand(str(v)) for key, v in step.get("env", {}).items()})
        script = workspace.parent / f"step-{k}.sh"
        script.write_text(expand(step["run"]), encoding="utf-8")
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                           env=env, capture_output=True, text=True, timeout=120)
        code = r.returncode
        if "id" in step:
            steps[step["id"]] = _outputs(output)
    outputs = {name: expand(spec["value"]) for name, spec in ACTION["outputs"].items()}
    return code, outputs, summary


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "work space"  # a space in every path: nothing may be word-split
    init_project(ws)
    return ws


def test_action_passes_and_exposes_outputs(workspace: Path) -> None:
    code, out, summary = run_action(workspace, {"extractor": "oracle", "args": "--min-recall 0.9 --mode strict"})
    assert code == 0
    assert out["verdict"] == "pass" and out["f1"] == "1.0000" and out["recall"] == "1.0000"
    for name in ("fact-harness-junit.xml", "fact-harness.md", "fact-harness.html"):
        assert (workspace / "fact-harness-reports" / name).is_file(), name
    assert "fact-harness" in summary.read_text(encoding="utf-8")
    pip = (workspace.parent / "pip.log").read_text(encoding="utf-8")
    assert f"-m pip install {ROOT}" in pip  # the action's own checkout, not the package index


def test_action_command_is_not_word_split_and_a_failed_gate_fails(workspace: Path) -> None:
    program = workspace / "my extractor.py"
    program.write_text("import json, sys\nfor line in sys.stdin:\n"
                       "    print(json.dumps({'article': json.loads(line)['id'], 'facts': []}), flush=True)\n",
                       encoding="utf-8")
    code, out, _ = run_action(workspace, {"command": f'{sys.executable} "{program}"',
                                          "args": "--min-recall 0.5 --timeout '30'"})
    assert code == 1 and out["verdict"] == "gate-failed" and out["recall"] == "0.0000"


def test_action_requires_every_article_by_default(workspace: Path) -> None:
    (workspace / "preds.jsonl").write_text("", encoding="utf-8")
    code, out, _ = run_action(workspace, {"predictions": "preds.jsonl"})
    assert code == 2 and out["verdict"] == "bad-input" and out["f1"] == ""


def test_pre_commit_hook_covers_gold_and_seeds() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "fact-harness-validate" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "gold/x.yaml") and re.search(hook["files"], "seeds/x.txt")
    assert "--strict" in hook["entry"]
    init_hook: dict[str, Any] = yaml.safe_load(__import__("harness.project").project.PRE_COMMIT_CONFIG)
    local = init_hook["repos"][0]["hooks"][0]
    assert local["files"] == hook["files"] and local["pass_filenames"] is False
