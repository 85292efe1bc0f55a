"""Hostile extractors: no hang past the timeout, no traceback, no process left behind.

Servers listen on loopback only and stop with their test; every process a test starts is killed by
its pid at the end, whatever the outcome.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.extractors.runner import run_command, run_python, run_url
from harness.model import Article
from tests.extractors import sample_extractors as samples
from tests.processes import gone, read_pids, wait_for_pids

ARTICLES = [Article(id=f"a{i}", text="About 90,000 troops.", published="2021-11-05") for i in range(3)]


def program(tmp_path: Path, source: str) -> list[str]:
    path = tmp_path / "prog.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return [sys.executable, str(path)]


# ----------------------------------------------------------------- --command


def test_a_program_that_closes_stdout_and_keeps_running_is_killed(tmp_path: Path, pids_file: Path) -> None:
    argv = program(tmp_path, """
        import json, os, subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], stdout=subprocess.DEVNULL)
        with open(os.environ["FH_PIDS"], "a") as fh:
            fh.write(f"{os.getpid()} {child.pid}\\n")
        a = json.loads(sys.stdin.readline())
        print(json.dumps({"article": a["id"], "facts": []}), flush=True)
        os.close(1)
        time.sleep(30)
    """)
    began = time.monotonic()
    outcomes = run_command(argv, ARTICLES[:2], timeout=2)
    assert time.monotonic() - began < 8
    assert outcomes[0].error is None
    assert outcomes[1].error is not None and "closed its stdout without answering" in outcomes[1].error
    assert gone(read_pids(pids_file))


def test_a_program_that_never_reads_stdin_cannot_block_a_large_article(tmp_path: Path, pids_file: Path) -> None:
    argv = program(tmp_path, """
        import os, time
        with open(os.environ["FH_PIDS"], "a") as fh:
            fh.write(f"{os.getpid()}\\n")
        time.sleep(30)
    """)
    big = [Article(id="big", text="troops " * 40_000)]  # 280 KB: more than a pipe holds
    began = time.monotonic()
    (outcome,) = run_command(argv, big, timeout=1)
    assert time.monotonic() - began < 5
    assert outcome.error == "timed out after 1 s (extractor killed) — it did not read the article"
    assert gone(read_pids(pids_file))


def test_a_hanging_program_is_killed_with_its_children(tmp_path: Path, pids_file: Path) -> None:
    argv = program(tmp_path, """
        import os, subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        with open(os.environ["FH_PIDS"], "a") as fh:
            fh.write(f"{os.getpid()} {child.pid}\\n")
        sys.stdin.readline()
        time.sleep(30)
    """)
    (outcome,) = run_command(argv, ARTICLES[:1], timeout=1)
    assert outcome.error is not None and outcome.error.startswith("timed out after 1 s (extractor killed)")
    assert gone(read_pids(pids_file))


def test_children_are_killed_when_the_run_ends(tmp_path: Path, pids_file: Path) -> None:
    argv = program(tmp_path, """
        import json, os, subprocess, sys
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        with open(os.environ["FH_PIDS"], "a") as fh:
            fh.write(f"{child.pid}\\n")
        for line in sys.stdin:
            print(json.dumps({"article": json.loads(line)["id"], "facts": []}), flush=True)
    """)
    outcomes = run_command(argv, ARTICLES, timeout=5)
    assert all(o.error is None for o in outcomes)
    assert gone(read_pids(pids_file))


def test_a_banner_line_fails_no_article(tmp_path: Path) -> None:
    argv = program(tmp_path, """
        import json, sys
        print("extractor v1.2 loading model...", flush=True)
        print("[INFO] ready", flush=True)
        for line in sys.stdin:
            a = json.loads(line)
            print(json.dumps({"article": a["id"], "facts": [{"type": "date", "value": "2021"}]}), flush=True)
    """)
    outcomes = run_command(argv, ARTICLES, timeout=5)
    assert [o.error for o in outcomes] == [None, None, None]


def test_an_answer_without_its_article_is_an_error_naming_the_line(tmp_path: Path) -> None:
    argv = program(tmp_path, """
        import json, sys
        for line in sys.stdin:
            print(json.dumps({"facts": []}), flush=True)
    """)
    outcomes = run_command(argv, ARTICLES[:2], timeout=5)
    assert outcomes[0].error == ('line 1 of its output has no "article": every answer must name its article '
                                 "('a0' was asked)")
    assert outcomes[1].error is not None and outcomes[1].error.startswith("line 2 of its output")


@pytest.mark.parametrize(("line", "expected"), [
    ('{"article": "a0", "facts": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"article": "a0", "article": "a1", "facts": []}', "duplicate key 'article'"),
    ('{"article": "a0", "facts": [{"type": "figure", "unit": "troops", "value": 1' + "0" * 400 + "}]}", "too large"),
], ids=["deep", "duplicate-key", "huge-int"])
def test_hostile_answer_lines_fail_their_article(tmp_path: Path, line: str, expected: str) -> None:
    (tmp_path / "answer").write_text(line + "\n")
    argv = program(tmp_path, f"""
        import sys
        sys.stdin.readline()
        sys.stdout.write(open({str(tmp_path / "answer")!r}).read())
        sys.stdout.flush()
        sys.stdin.readline()
    """)
    (outcome,) = run_command(argv, ARTICLES[:1], timeout=5)
    assert outcome.error is not None and expected in outcome.error, outcome.error


# ----------------------------------------------------------------- --url: raw servers on loopback


Script = Callable[[socket.socket], None]


@pytest.fixture
def raw_server() -> Iterator[Callable[[Script], str]]:
    """Serve each connection with a script on 127.0.0.1; closed with every connection at the end."""
    listeners: list[socket.socket] = []
    conns: list[socket.socket] = []
    stop = threading.Event()

    def serve(script: Script) -> str:
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        srv.settimeout(0.2)
        listeners.append(srv)

        def loop() -> None:
            while not stop.is_set():
                try:
                    conn, _ = srv.accept()
                except OSError:
                    continue
                conns.append(conn)
                threading.Thread(target=handle, args=(conn,), daemon=True).start()

        def handle(conn: socket.socket) -> None:
            with contextlib.suppress(OSError):
                conn.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                head, _, rest = data.partition(b"\r\n\r\n")
                length = int(next((h.split(b":")[1] for h in head.split(b"\r\n")
                                   if h.lower().startswith(b"content-length")), b"0"))
                while len(rest) < length:
                    rest += conn.recv(65536)
                script(conn)
            with contextlib.suppress(OSError):
                conn.close()

        threading.Thread(target=loop, daemon=True).start()
        return f"http://127.0.0.1:{srv.getsockname()[1]}/extract"

    yield serve
    stop.set()
    for s in listeners + conns:
        with contextlib.suppress(OSError):
            s.close()


def drip(data: bytes) -> Script:
    def script(conn: socket.socket) -> None:
        for i in range(len(data)):
            conn.sendall(data[i:i + 1])
            time.sleep(0.2)
    return script


def send(data: bytes) -> Script:
    return lambda conn: conn.sendall(data)


def answer(body: bytes, status: str = "200 OK", headers: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{headers}"
            "Connection: close\r\n\r\n").encode() + body


OK = b'{"facts": [{"type": "date", "value": "2021"}]}'


@pytest.mark.parametrize("script", [
    drip(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"x" * 200),
    drip(answer(OK + b" " * 200)),
], ids=["headers", "body"])
def test_a_dripping_server_cannot_stretch_the_timeout(raw_server: Any, script: Script) -> None:
    url = raw_server(script)
    began = time.monotonic()
    (outcome,) = run_url(url, ARTICLES[:1], timeout=1)
    assert time.monotonic() - began < 3
    assert outcome.error == "timed out after 1 s"


@pytest.mark.parametrize(("reply", "expected"), [
    (answer(b'{"facts": ["\xff\xfe"]}'), "answer is not JSON (not UTF-8"),
    (answer(b"[" * 100_000 + b"]" * 100_000), "answer is not JSON (nested too deeply)"),
    (answer(b'{"facts": [], "facts": []}'), "answer is not JSON (duplicate key 'facts'"),
    (answer(OK)[:-10], "answer cut short"),
    (b"HTTP/1.1 abc nonsense\r\n\r\n", "not an HTTP answer"),
    (b"garbage\r\n\r\n", "not an HTTP answer"),
    (answer(b'{"facts": [{"type": "figure", "unit": "troops", "value": 1' + b"0" * 400 + b"}]}"), "too large"),
], ids=["not-utf8", "deep", "duplicate-key", "short", "bad-status", "garbage", "huge-int"])
def test_a_broken_answer_fails_its_article(raw_server: Any, reply: bytes, expected: str) -> None:
    url = raw_server(send(reply))
    outcomes = run_url(url, ARTICLES[:2], timeout=5)
    assert all(o.error is not None and expected in o.error for o in outcomes), [o.error for o in outcomes]


def test_redirects_elsewhere_are_refused_and_same_origin_307_followed(raw_server: Any) -> None:
    hits: list[int] = []

    def elsewhere(conn: socket.socket) -> None:
        hits.append(1)
        conn.sendall(answer(OK))

    other = raw_server(elsewhere)
    url = raw_server(send(answer(b"", "307 Temporary Redirect", f"Location: {other}\r\n")))
    (outcome,) = run_url(url, ARTICLES[:1], timeout=5)
    assert outcome.error is not None and "redirect to another host" in outcome.error and not hits

    final = raw_server(send(answer(OK)))
    port = final.split(":")[2].split("/")[0]
    same_host = raw_server(send(answer(b"", "302 Found", "Location: /elsewhere\r\n")))
    (outcome,) = run_url(same_host, ARTICLES[:1], timeout=5)
    assert outcome.error is not None and "not followed" in outcome.error
    assert port  # a 307 to the same origin (scheme, host and port) is followed:

    class Two:
        n = 0

    def twice(conn: socket.socket) -> None:
        Two.n += 1
        conn.sendall(answer(b"", "307 Temporary Redirect", "Location: /again\r\n") if Two.n == 1 else answer(OK))

    (outcome,) = run_url(raw_server(twice), ARTICLES[:1], timeout=5)
    assert outcome.error is None and Two.n == 2


def test_an_enormous_timeout_is_not_an_error(raw_server: Any) -> None:
    (outcome,) = run_url(raw_server(send(answer(OK))), ARTICLES[:1], timeout=1e12)
    assert outcome.error is None


# ----------------------------------------------------------------- Python workers


def test_a_value_that_cannot_be_unpickled_fails_its_article() -> None:
    outcomes = run_python(samples.unloadable, ARTICLES[:2], timeout=5)
    assert all(o.error is not None and o.error.startswith("returned a value that cannot be read back: RuntimeError")
               for o in outcomes)


def test_a_lone_surrogate_in_a_message_is_made_writable() -> None:
    (outcome,) = run_python(samples.surrogate, ARTICLES[:1], timeout=5)
    assert outcome.error == "raised ValueError: bad \\ud800 text"
    outcome.error.encode("utf-8")


def test_a_timed_out_worker_is_killed_with_its_children(pids_file: Path) -> None:
    (outcome,) = run_python(samples.sleepy, ARTICLES[:1], timeout=0.5)
    assert outcome.error == "timed out after 0.5 s"
    assert gone(read_pids(pids_file))


def test_a_worker_ends_when_the_harness_is_killed(tmp_path: Path, pids_file: Path) -> None:
    script = ("from harness.extractors.runner import run_python\n"
              "from harness.model import Article\n"
              "from tests.extractors.sample_extractors import sleepy\n"
              "run_python(sleepy, [Article(id='a', text='x')], timeout=60)\n")
    import subprocess

    proc = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2],
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    try:
        (worker,) = wait_for_pids(pids_file, 1)
        proc.kill()  # no chance to clean up: the worker must notice by itself
        proc.wait(5)
        assert gone([worker])
    finally:
        proc.kill()
        proc.wait(5)
