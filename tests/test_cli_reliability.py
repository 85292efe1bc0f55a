"""The command under attack: no traceback, no input destroyed, signals and broken outputs handled.

Processes started here are killed by pid at the end of their test, whatever the outcome.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from tests.processes import alive, gone, read_pids, wait_for_pids

ROOT = Path(__file__).parents[1]
SAMPLES = str(ROOT / "tests" / "extractors" / "sample_extractors.py")
ONE = "001_eab98a2f0f3a5ef7"
runner = CliRunner()


def cli(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "harness", *args], cwd=ROOT, env=env, **kwargs)  # type: ignore[call-overload]


def finish(proc: subprocess.Popen[bytes], timeout: float = 30) -> tuple[int, bytes, bytes]:
    try:
        out, errs = proc.communicate(timeout=timeout)
    finally:
        proc.kill()
        proc.wait(5)
    return proc.returncode, out or b"", errs or b""


# ----------------------------------------------------------------- user text is never markup


def test_markup_in_user_text_is_printed_as_written(tmp_path: Path) -> None:
    r = runner.invoke(app, ["score", "--format", "[/x]"])
    assert r.exit_code == 2 and "unknown format '[/x]'" in r.output
    r = runner.invoke(app, ["score", "x[/x]"])
    assert r.exit_code == 2 and "'x[/x]'" in r.output
    r = runner.invoke(app, ["score", f"{SAMPLES}:weights_missing", "-a", ONE])
    assert r.exit_code == 3, r.output
    assert "weights not found [/opt/models/ner.bin] [red]x[/red] :smile:" in " ".join(r.output.split())
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"article": ONE, "facts": [{"type": "speaker", "name": "[red]Evil[/red] [/]"}]}) + "\n")
    r = runner.invoke(app, ["score", "-p", str(preds), "-a", ONE])
    assert r.exit_code == 0 and "[red]Evil[/red] [/]" in r.output


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "junit", "github", "html"])
def test_a_lone_surrogate_in_a_message_is_written_by_every_format(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    r = runner.invoke(app, ["score", f"{SAMPLES}:surrogate", "-a", ONE, "-f", fmt, "-o", str(out)])
    assert r.exit_code == 3, r.output
    assert "\\ud800" in out.read_text(encoding="utf-8")


# ----------------------------------------------------------------- outputs


@pytest.mark.parametrize("case", ["predictions", "gold", "baseline", "two-outputs", "seed", "symlink", "hard link"])
def test_an_output_that_is_an_input_is_refused(case: str, oracle_file: Path, tmp_path: Path) -> None:
    preds = tmp_path / "p.jsonl"
    preds.write_bytes(oracle_file.read_bytes())
    base = tmp_path / "base.json"
    assert runner.invoke(app, ["score", "-p", str(preds), "-f", "json", "-o", str(base)]).exit_code == 0
    gold = ROOT / "gold" / f"{ONE}.yaml"
    args = {
        "predictions": ["-p", str(preds), "-o", str(preds)],
        "gold": ["-p", str(preds), "-o", str(gold)],
        "baseline": ["-p", str(preds), "--baseline", str(base), "-o", str(base)],
        "two-outputs": ["oracle", "--save-predictions", str(tmp_path / "x"), "-o", str(tmp_path / "x")],
        "seed": ["-p", str(preds), "-o", str(ROOT / "seeds" / f"{ONE}.txt")],
        "symlink": ["-p", str(preds), "-o", str(tmp_path / "sym.json")],
        "hard link": ["-p", str(preds), "-o", str(tmp_path / "hard.json")],
    }[case]
    (tmp_path / "sym.json").symlink_to(preds)
    os.link(preds, tmp_path / "hard.json")
    before = {p: p.read_bytes() for p in (preds, gold, base)}
    r = runner.invoke(app, ["score", *args])
    assert r.exit_code == 2, r.output
    assert "input of this run" in r.output or "name the same file" in r.output
    assert {p: p.read_bytes() for p in before} == before and not (tmp_path / "x").exists()


def test_devices_are_written_through_and_symlinks_followed(oracle_file: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["score", "-p", str(oracle_file), "-o", "/dev/null"])
    assert r.exit_code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    r = runner.invoke(app, ["score", "-p", str(oracle_file), "-f", "json", "-o", str(link)])
    assert r.exit_code == 0 and link.is_symlink() and json.loads(target.read_text())["schema_version"]
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    r = runner.invoke(app, ["score", "-p", str(oracle_file), "-f", "json", "-o", str(fifo)])
    reader.join(10)
    assert r.exit_code == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode) and json.loads(got[0])
    r = runner.invoke(app, ["score", "-p", str(oracle_file), "-f", "json", "-o", "-"])
    assert r.exit_code == 0 and json.loads(r.stdout)


@pytest.mark.parametrize("option", ["-o", "--save-predictions", "--save-baseline"])
def test_an_unwritable_output_is_refused_before_running(option: str, tmp_path: Path, pids_file: Path) -> None:
    r = runner.invoke(app, ["score", f"{SAMPLES}:marking", option, str(tmp_path / "no" / "such" / "dir.json")])
    assert r.exit_code == 2 and "does not exist" in r.output
    r = runner.invoke(app, ["score", f"{SAMPLES}:marking", option, str(tmp_path)])
    assert r.exit_code == 2
    assert read_pids(pids_file) == []  # the extractor never ran


def test_an_extractor_that_prints_does_not_corrupt_the_report() -> None:
    code, out, errs = finish(cli("score", f"{SAMPLES}:chatty", "-f", "json", stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE))
    assert code == 0, errs
    assert json.loads(out)["extractor"] and b"chatty extractor" in errs


def test_stdout_closed_or_full_exits_4_without_a_traceback(oracle_file: Path) -> None:
    proc = cli("score", "-p", str(oracle_file), "-f", "json", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.close()  # like `| head -c 0`
    code, _, errs = finish(proc)
    assert code == 4 and b"Traceback" not in errs, errs
    with open("/dev/full", "wb") as full:
        code, _, errs = finish(cli("score", "-p", str(oracle_file), stdout=full, stderr=subprocess.PIPE))
    assert code == 4 and b"No space left on device" in errs and b"Traceback" not in errs


# ----------------------------------------------------------------- signals


def test_sigterm_kills_python_workers(pids_file: Path) -> None:
    proc = cli("score", f"{SAMPLES}:sleepy", "-j", "2", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        workers = wait_for_pids(pids_file, 2)
        proc.send_signal(signal.SIGTERM)
        code, _, errs = finish(proc, 10)
    finally:
        proc.kill()
    assert code == 143 and b"Traceback" not in errs, errs
    assert gone(workers)


def test_sigterm_kills_a_command_and_its_children(tmp_path: Path, pids_file: Path) -> None:
    prog = tmp_path / "prog.py"
    prog.write_text("import os, subprocess, sys, time\n"
                    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])\n"
                    "open(os.environ['FH_PIDS'], 'a').write(f'{os.getpid()} {child.pid}\\n')\n"
                    "time.sleep(30)\n")
    proc = cli("score", "--command", f"{sys.executable} {prog}", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        pids = wait_for_pids(pids_file, 2)
        proc.send_signal(signal.SIGTERM)
        code, _, errs = finish(proc, 10)
    finally:
        proc.kill()
    assert code == 143, errs
    assert gone(pids)


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    script = (
        "import signal, sys, time\n"
        "from pathlib import Path\n"
        "from harness import cli\n"
        "from harness.cli import common\n"
        "signal.signal(signal.SIGTERM, cli._on_signal)\n"
        "def slow(fh):\n"
        "    fh.write('half a report')\n"
        f"    Path({str(ready)!r}).touch()\n"
        "    time.sleep(30)\n"
        "try:\n"
        f"    common.write_atomic(Path({str(tmp_path / 'report.txt')!r}), slow)\n"
        "except cli.Terminated:\n"
        "    sys.exit(143)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        end = time.monotonic() + 10
        while not ready.exists() and time.monotonic() < end:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 143
    finally:
        proc.kill()
        proc.wait(5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ready"]


def test_a_forked_grandchild_does_not_hold_the_report_pipe_open(pids_file: Path) -> None:
    began = time.monotonic()
    code, out, _ = finish(cli("score", f"{SAMPLES}:forking", "-f", "json", stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL), 25)
    assert code == 0 and json.loads(out) and time.monotonic() - began < 20
    assert not any(alive(p) for p in read_pids(pids_file))


# ----------------------------------------------------------------- hostile inputs


@pytest.mark.parametrize(("content", "expected"), [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (json.dumps({"article": "x", "facts": [], "article_": 1}).replace('"article_"', '"article"'),
     "duplicate key 'article'"),
    (json.dumps({"article": ONE, "facts": [{"type": "figure", "unit": "troops", "value": 1}]}).replace(
        '"value": 1', '"value": 1' + "0" * 400), "too large"),
])
def test_hostile_predictions_are_located_errors(content: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(content + "\n")
    r = runner.invoke(app, ["score", "-p", str(path)])
    assert r.exit_code == 2 and expected in r.output and "p.jsonl:1" in r.output, r.output


def test_non_regular_predictions_are_refused_or_bounded(oracle_file: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["score", "-p", "/dev/zero"])
    assert r.exit_code == 2 and "not a regular file" in r.output
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(oracle_file.read_bytes()), daemon=True)
    writer.start()
    r = runner.invoke(app, ["score", "-p", str(fifo)])
    writer.join(10)
    assert r.exit_code == 0, r.output


def test_a_deep_saved_result_is_a_usage_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for args in (["report", str(deep)], ["score", "oracle", "--baseline", str(deep)], ["compare", str(deep), str(deep)]):
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and "nested too deeply" in r.output, (args, r.output)


def test_an_enormous_url_timeout_is_no_traceback() -> None:
    r = runner.invoke(app, ["score", "--url", "http://127.0.0.1:9/x", "--timeout", "1e12", "-a", ONE])
    assert r.exit_code == 3 and "request failed" in r.output, r.output
