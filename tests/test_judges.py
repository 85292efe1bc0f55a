"""Judges: a real chat-completions server on 127.0.0.1, a tiny model2vec model built here, the disk
cache (hits, invalidation), fallbacks, recorded verdicts taking precedence, calibrate --judge."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import harness
from harness.cli import app
from harness.judges import JudgeError
from harness.judges.llm import LLMJudge, parse_answer
from tests.conftest import SMALL_GOLD_ARTICLE, MakeGold

runner = CliRunner()

RIGHT = {"type": "claim", "speaker": "Dmitry Peskov", "text": "Russia does not threaten anyone"}
WRONG_SPEAKER = {"type": "claim", "speaker": "Joe Biden", "text": "Russia does not threaten anyone"}
SPEAKER = {"type": "speaker", "name": "Dmitry Peskov"}


class ChatServer:
    """A chat-completions server: ``mode`` is right, wrong-json, extra-keys, slow or 500; counts requests."""

    def __init__(self) -> None:
        self.mode = "right"
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                if outer.mode == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                if outer.mode == "slow":
                    time.sleep(1.0)
                pair = json.loads(body["messages"][1]["content"])
                g, p = pair["gold"], pair["prediction"]
                same = g["text"].lower() == p["text"].lower()
                verdict = ("full" if g["speaker"] == p["speaker"] else "partial") if same else "none"
                content = {"right": json.dumps({"verdict": verdict, "reason": "the server compared them"}),
                           "wrong-json": "Sure! The verdict is full.",
                           "extra-keys": json.dumps({"verdict": verdict, "reason": "x", "score": 1}),
                           "slow": json.dumps({"verdict": verdict, "reason": "slowly"})}[outer.mode]
                data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout test)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[ChatServer]:
    s = ChatServer()
    yield s
    s.stop()


def _score(make_gold: MakeGold, facts: list[dict[str, Any]], **settings: Any) -> harness.Result:
    path = make_gold()
    return harness.score(predictions={SMALL_GOLD_ARTICLE: facts}, gold=path.parent, seeds=path.parent.parent / "seeds",
                         **settings)


def _claims(result: harness.Result) -> list[harness.Detail]:
    return [d for d in result.details if d.type == "claim"]


def test_parse_answer_is_strict() -> None:
    assert parse_answer('{"verdict": "full", "reason": "same"}') == ("full", "same")
    for bad in ('{"verdict": "yes", "reason": "x"}', '```json\n{"verdict": "full", "reason": "x"}\n```',
                '{"verdict": "full"}', '{"verdict": "full", "reason": "x", "extra": 1}', "full", None):
        with pytest.raises(JudgeError):
            parse_answer(bad)


def test_llm_judge_decides_and_caches(make_gold: MakeGold, server: ChatServer, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUDGE_KEY", "sekret")
    cache = tmp_path / "cache"
    settings = {"judge": "llm", "judge_url": server.url, "judge_model": "m1", "judge_cache": cache,
                "judge_key_env": "JUDGE_KEY"}
    r = _score(make_gold, [RIGHT, WRONG_SPEAKER, SPEAKER], **settings)
    tp = next(d for d in _claims(r) if d.outcome == "tp")
    assert tp.decided_by == "judge:llm" and "the server compared them" in tp.reason
    assert server.requests[0]["path"] == "/v1/chat/completions"
    assert server.requests[0]["auth"] == "Bearer sekret" and server.requests[0]["body"]["model"] == "m1"
    assert r.judge is not None and r.judge["name"] == "llm" and r.judge["fallbacks"] == 0
    asked = len(server.requests)
    assert asked >= 2
    again = _score(make_gold, [RIGHT, WRONG_SPEAKER, SPEAKER], **settings)
    assert len(server.requests) == asked  # every verdict from the cache
    assert again.to_json() == r.to_json()
    _score(make_gold, [RIGHT], **{**settings, "judge_model": "m2"})
    assert len(server.requests) == asked + 1  # another model misses
    monkeypatch.setattr(LLMJudge, "prompt_version", "claim-v0-test")
    _score(make_gold, [RIGHT], **settings)
    assert len(server.requests) == asked + 2  # another prompt version misses


@pytest.mark.parametrize(("mode", "why"), [("500", "HTTP 500"), ("wrong-json", "unparseable answer"),
                                           ("extra-keys", "unparseable answer"), ("slow", "timeout")])
def test_a_failing_judge_falls_back_to_lexical(make_gold: MakeGold, server: ChatServer, tmp_path: Path,
                                               mode: str, why: str) -> None:
    server.mode = mode
    r = _score(make_gold, [RIGHT, SPEAKER], judge="llm", judge_url=server.url, judge_model="m",
               judge_cache=tmp_path / "cache", judge_timeout=0.2)
    (claim,) = _claims(r)
    assert claim.outcome == "tp" and claim.decided_by == "matcher"  # the lexical verdict, the run went on
    assert r.judge is not None and r.judge["fallbacks"] == 1 and r.judge["fallback_reasons"] == {why: 1}
    assert not list((tmp_path / "cache").rglob("*.json"))  # failures are never cached
    server.mode = "right"
    r = _score(make_gold, [RIGHT, SPEAKER], judge="llm", judge_url=server.url, judge_model="m",
               judge_cache=tmp_path / "cache")
    assert r.judge is not None and r.judge["fallbacks"] == 0  # retried on the next run


def test_cli_run_repeated_with_the_server_stopped_is_byte_identical(make_gold: MakeGold, tmp_path: Path) -> None:
    path = make_gold()
    preds = tmp_path / "preds.jsonl"
    preds.write_text(json.dumps({"article": SMALL_GOLD_ARTICLE, "facts": [RIGHT, WRONG_SPEAKER, SPEAKER]}) + "\n")
    srv = ChatServer()
    args = ["score", "-p", str(preds), "--gold", str(path.parent), "--judge", "llm", "--judge-url", srv.url,
            "--judge-model", "m", "--judge-cache", str(tmp_path / "cache"), "--judge-timeout", "2", "-f", "json"]
    try:
        first = runner.invoke(app, [*args, "-o", str(tmp_path / "a.json")])
    finally:
        srv.stop()
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, [*args, "-o", str(tmp_path / "b.json")])
    assert second.exit_code == 0, second.output
    a, b = (tmp_path / "a.json").read_bytes(), (tmp_path / "b.json").read_bytes()
    assert a == b
    data = json.loads(a)
    assert data["judge"]["name"] == "llm" and data["options"]["judge"] == "llm:m:claim-v1"
    assert any(d.get("decided_by") == "judge:llm" for d in data["details"])
    cold = runner.invoke(app, [*args[:-6], "--judge-cache", str(tmp_path / "empty"), "--judge-timeout", "1",
                               "-f", "json", "-o", str(tmp_path / "c.json")])
    assert cold.exit_code == 0, cold.output  # server gone, no cache: every pair falls back, the run goes on
    assert json.loads((tmp_path / "c.json").read_text())["judge"]["fallbacks"] >= 1


def _tiny_model(path: Path, seed: int = 0) -> Path:
    """A model2vec model directory with random vectors over a few words, built here."""
    import numpy as np
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    words = ["[UNK]", "[PAD]", "russia", "does", "not", "threaten", "anyone", "moscow", "poses", "no", "danger", "joe", "biden", "troops"]
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    path.mkdir(parents=True)
    tok.save(str(path / "tokenizer.json"))
    vectors = np.random.default_rng(seed).normal(size=(len(words), 16)).astype(np.float32)
    save_file({"embeddings": vectors}, str(path / "model.safetensors"))
    (path / "config.json").write_text(json.dumps({"model_type": "model2vec", "hidden_dim": 16, "normalize": True}))
    return path


def test_embedding_judge(make_gold: MakeGold, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("model2vec")
    from harness.judges.embedding import EmbeddingJudge

    model = _tiny_model(tmp_path / "tiny")
    cache = tmp_path / "cache"
    settings = {"judge": "embedding", "judge_model": str(model), "judge_cache": cache}
    r = _score(make_gold, [RIGHT, SPEAKER], **settings)
    (claim,) = _claims(r)
    assert claim.outcome == "tp" and claim.decided_by == "judge:embedding" and "cosine 1.00" in claim.reason
    far = _score(make_gold, [{**RIGHT, "text": "Joe Biden troops"}, SPEAKER], **settings)
    assert {d.outcome for d in _claims(far)} <= {"fp", "fn"}

    def broken(self: EmbeddingJudge, texts: list[str]) -> Any:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(EmbeddingJudge, "_encode", broken)
    assert _score(make_gold, [RIGHT, SPEAKER], **settings).to_json() == r.to_json()  # a cache hit
    other = _tiny_model(tmp_path / "other", seed=1)
    with pytest.raises(AssertionError, match="the cache should have answered"):
        _score(make_gold, [RIGHT, SPEAKER], **{**settings, "judge_model": str(other)})  # another model misses


def test_embedding_judge_needs_a_local_directory(make_gold: MakeGold, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a directory"):
        _score(make_gold, [RIGHT], judge="embedding", judge_model=str(tmp_path / "minishlab/potion-base-8M"))
    with pytest.raises(ValueError, match="judge-url"):
        _score(make_gold, [RIGHT], judge="llm", judge_model="m")


def test_verdict_takes_precedence_over_matcher_and_judge(make_gold: MakeGold, server: ChatServer,
                                                         tmp_path: Path) -> None:
    path = make_gold()
    (path.parent / "verdicts").mkdir()
    (path.parent / "verdicts" / f"{SMALL_GOLD_ARTICLE}.yaml").write_text(
        f"article: {SMALL_GOLD_ARTICLE}\nverdicts:\n"
        "  - gold_id: claim-no-threat\n"
        "    prediction: {type: claim, speaker: dmitry  peskov, text: 'Russia does not threaten anyone.'}\n"
        "    verdict: none\n    by: reviewer\n    note: a test says so\n")
    seeds = path.parent.parent / "seeds"
    for settings in ({}, {"judge": "llm", "judge_url": server.url, "judge_model": "m", "judge_cache": tmp_path}):
        r = harness.score(predictions={SMALL_GOLD_ARTICLE: [{**RIGHT, "evidence": "Russia doesnt threaten anyone"},
                                                            SPEAKER]},
                          gold=path.parent, seeds=seeds, **settings)
        by_outcome = {d.outcome: d for d in _claims(r)}
        assert set(by_outcome) == {"fp", "fn"}
        assert by_outcome["fp"].decided_by == "verdict" and by_outcome["fn"].decided_by == "verdict"
    assert not server.requests  # the verdict decided: the judge was never asked


def test_calibrate_judge_records_agreement_for_score_reports(make_gold: MakeGold, server: ChatServer,
                                                             tmp_path: Path) -> None:
    path = make_gold()
    pairs = path.parent / "judgements"
    pairs.mkdir()
    rows = [("p1", RIGHT, "full"), ("p2", WRONG_SPEAKER, "partial"), ("p3", {**RIGHT, "text": "Troops are massing"},
                                                                        "none")]
    pairs.joinpath("pairs.jsonl").write_text("".join(
        json.dumps({"id": i, "article": SMALL_GOLD_ARTICLE, "type": "claim", "gold_id": "claim-no-threat",
                    "prediction": p, "verdict": v, "why": "test", "split": "test"}) + "\n" for i, p, v in rows))
    judge = ["--judge-url", server.url, "--judge-model", "m", "--judge-cache", str(tmp_path / "cache")]
    r = runner.invoke(app, ["calibrate", "--gold", str(path.parent), "--judge", "lexical", "--judge", "llm", *judge,
                            "-f", "json"])
    assert r.exit_code == 0, r.output
    measured = {j["judge"]["name"]: j for j in json.loads(r.stdout)["judges"]}
    assert measured["llm"]["claim_agreement"]["agreement"] == 1.0 and measured["llm"]["fallbacks"] == 0
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"article": SMALL_GOLD_ARTICLE, "facts": [RIGHT, SPEAKER]}) + "\n")
    r = runner.invoke(app, ["score", "-p", str(preds), "--gold", str(path.parent), "--judge", "llm", *judge])
    assert r.exit_code == 0, r.output
    assert "judge llm (model m, prompt claim-v1) · agreement with readers 1.000" in r.output


@pytest.mark.parametrize(("agreement", "expected"), [
    ({"pairs": 10, "agreement": 0.9, "kappa": 0.8, "test_pairs": 4, "test_agreement": 0.75},
     "judge lexical (the matchers) · agreement with readers 0.750 on the 4 unseen-article (test) claim pairs, "
     "0.900 (κ 0.800) on all 10 judged claim pairs"),
    ({"pairs": 10, "agreement": 0.9, "kappa": 0.8, "test_pairs": 0, "test_agreement": None},
     "judge lexical (the matchers) · agreement with readers 0.900 (κ 0.800) on all 10 judged claim pairs"),
    (None, "judge lexical (the matchers) · agreement not measured: run fact-harness calibrate"),
])
def test_judge_line_puts_the_unseen_articles_agreement_first(agreement: dict[str, Any] | None, expected: str) -> None:
    from harness.judges.report import judge_line
    assert judge_line({"name": "lexical", "agreement": agreement}) == expected


def test_a_recorded_agreement_is_for_one_harness_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The matchers decide what a judge leaves to them, so another release's measurement is not this one's."""
    from harness.judges import measured

    identity, options = dict(measured.LEXICAL), {"tolerance": 0.01}
    measured.record(tmp_path, identity, options, "sha256:x", {"agreement": 0.9})
    assert measured.lookup(tmp_path, identity, options, "sha256:x") == {"agreement": 0.9}
    monkeypatch.setattr(measured, "__version__", "999.0")
    assert measured.lookup(tmp_path, identity, options, "sha256:x") is None
