"""Faults never stop a run: Python workers, --jobs, the JSON-lines subprocess protocol, web services."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from harness import load_corpus
from harness.api import score
from harness.corpus import Corpus
from harness.extractors.runner import ExtractorStartError, run_command, run_python, run_url
from tests.extractors import sample_extractors as samples

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def errors_of(outcomes: list[Any]) -> dict[str, str]:
    return {o.article[:3]: o.error for o in outcomes if o.error}


def test_python_faults_are_isolated(corpus: Corpus) -> None:
    outcomes = run_python(samples.faulty, corpus.articles, timeout=1.5, jobs=2)
    assert [o.article for o in outcomes] == sorted(a.id for a in corpus.articles)
    errors = errors_of(outcomes)
    assert errors == {
        "000": "raised RuntimeError: boom",
        "001": "malformed fact 1: value: expected a finite number, got 'many'",
        "002": "timed out after 1.5 s",
        "003": "extractor process died (exit code 7)",
        "004": "returned dict, expected a list of facts",
    }


def test_faulty_extractor_still_scores_others_and_reports(corpus: Corpus) -> None:
    result = score(samples.faulty, corpus=corpus, timeout=1.5, bootstrap=10)
    assert len(result.errors) == 5
    assert result.overall.fn == sum(1 for e in corpus for f in e.gold.facts if not f.optional)


@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_give_identical_results(corpus: Corpus, jobs: int) -> None:
    one = score("oracle", corpus=corpus, jobs=1, bootstrap=20).to_json()
    many = score("oracle", corpus=corpus, jobs=jobs, bootstrap=20).to_json()
    assert one == many


def test_model_instances_are_accepted(corpus: Corpus) -> None:
    outcomes = run_python(samples.models, corpus.articles[:1])
    assert outcomes[0].facts is not None and outcomes[0].facts[0].value == "2014"


# ----------------------------------------------------------------- subprocess protocol

PROGRAMS = {
    "echo": """
        import json, sys
        for line in sys.stdin:
            a = json.loads(line)
            print(json.dumps({"article": a["id"], "facts": [{"type": "date", "value": a["published"] or "2021"}]}), flush=True)
    """,
    "faulty": """
        import json, sys, time
        for line in sys.stdin:
            a = json.loads(line)
            p = a["id"][:3]
            if p == "000": print("debug: not json", flush=True)
            elif p == "001": print(json.dumps({"article": a["id"], "facts": [{"type": "speaker"}]}), flush=True)
            elif p == "002": time.sleep(60)
            elif p == "003": sys.exit(4)
            else: print(json.dumps({"article": a["id"], "facts": []}), flush=True)
    """,
    "dies": "import sys; sys.exit(9)",
}


@pytest.fixture
def program(tmp_path: Path) -> Iterator[Any]:
    def make(name: str) -> list[str]:
        path = tmp_path / f"{name}.py"
        path.write_text(textwrap.dedent(PROGRAMS[name]), encoding="utf-8")
        return [sys.executable, str(path)]

    yield make


def test_command_protocol(corpus: Corpus, program: Any) -> None:
    outcomes = run_command(program("echo"), corpus.articles)
    assert not errors_of(outcomes)
    assert outcomes[1].facts is not None and outcomes[1].facts[0].value == "2021-11-05"


def test_command_faults(corpus: Corpus, program: Any) -> None:
    outcomes = run_command(program("faulty"), corpus.articles, timeout=1.5)
    errors = errors_of(outcomes)
    assert errors["000"] == ("timed out after 1.5 s (extractor killed); it printed 1 line(s) that are not an answer, "
                             "the first: "
                             "'debug: not json'")
    assert errors["001"].startswith("malformed fact 0: name")
    assert errors["002"] == "timed out after 1.5 s (extractor killed)"
    assert errors["003"] == "extractor exited early (exit code 4) without answering"
    assert "004" not in errors  # restarted after the crash


def test_command_that_always_dies_stops_being_restarted(corpus: Corpus, program: Any) -> None:
    errors = errors_of(run_command(program("dies"), corpus.articles))
    assert len(errors) == 5
    assert errors["004"].startswith("not run:") and "3 failures in a row" in errors["004"]


def test_command_that_cannot_start(corpus: Corpus) -> None:
    with pytest.raises(ExtractorStartError, match="cannot start"):
        run_command("/no/such/program --flag", corpus.articles)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js for the example (CI installs nodejs)")
def test_node_example(corpus: Corpus) -> None:
    result = score(command=["node", str(ROOT / "examples" / "extractor.mjs")], corpus=corpus, bootstrap=10)
    assert not result.errors
    assert result.by_type["figure"].tp > 0 and result.by_type["date"].tp > 0


# ----------------------------------------------------------------- web service on loopback


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prefix = body["id"][:3]
        if prefix == "000":
            self.send_response(500)
            self.end_headers()
            return
        payload = b"not json" if prefix == "001" else json.dumps(
            {"facts": [{"type": "date", "value": body["published"] or "2021"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/extract"
    httpd.shutdown()
    httpd.server_close()


def test_url_protocol(corpus: Corpus, server: str) -> None:
    outcomes = run_url(server, corpus.articles, timeout=5, jobs=2)
    errors = errors_of(outcomes)
    assert errors == {"000": "HTTP 500 Internal Server Error", "001": "answer is not JSON: 'not json'"}
    assert outcomes[2].facts is not None


def test_url_connection_refused(corpus: Corpus) -> None:
    outcomes = run_url("http://127.0.0.1:9/none", corpus.articles[:1], timeout=2)
    assert outcomes[0].error is not None and outcomes[0].error.startswith("request failed")


# ----------------------------------------------------------------- outcomes kept compact


def test_an_outcome_keeps_its_facts_as_json_and_rebuilds_the_same_models() -> None:
    from harness.extractors.runner import Extraction, validate_facts

    raw = [{"type": "place", "name": "Yelnya", "distance": {"value": 260, "unit": "km", "from": "the Ukrainian border"}},
           {"type": "figure", "value": 90000, "unit": "troops", "approx": True, "confidence": 0.25},
           {"type": "date", "value": "2021-11-05"}]
    outcome = validate_facts("001", raw)
    assert isinstance(outcome.facts_json, bytes) and b'"from":"the Ukrainian border"' in outcome.facts_json
    first, second = outcome.facts, outcome.facts
    assert first == second and first is not second  # rebuilt on every read
    assert first is not None and first[0].distance.from_ == "the Ukrainian border" and first[1].value == 90000
    assert outcome == validate_facts("001", raw) and outcome != Extraction("001", error="boom")
    assert Extraction("001", error="boom").facts is None
    assert "Yelnya" in repr(outcome)


def test_stored_predictions_read_one_article_at_a_time() -> None:
    from harness.extractors.runner import validate_facts
    from harness.predictions import StoredPredictions

    stored = StoredPredictions({"a": validate_facts("a", [{"type": "date", "value": "2014"}]).facts_json or b"",
                                "b": b"[]"})
    assert list(stored) == ["a", "b"] and len(stored) == 2 and "a" in stored
    assert stored["a"][0].value == "2014" and stored["b"] == []
    assert stored.get("c") is None


def test_the_oracle_reads_each_articles_gold_when_asked() -> None:
    from harness.extractors.oracle import Oracle, gold_as_predictions

    lazy = load_corpus(lazy=True)
    oracle = Oracle(lazy)
    article = next(iter(lazy)).article
    assert oracle(article) == gold_as_predictions(lazy[article.id].gold)
    assert oracle(article.model_copy(update={"id": "elsewhere"})) == []
