"""The extraction cache, the compiled gold cache and resumable runs."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import harness
import harness.corpus
import harness.verdicts
from harness.cache import ExtractionCache, article_hash, identity
from harness.cache import clear as clear_cache
from harness.cache import info as cache_info
from harness.corpus import load_corpus
from harness.goldcache import GoldCache
from harness.resume import read_partial
from tests.conftest import REPO_ROOT

GOLD, SEEDS = REPO_ROOT / "gold", REPO_ROOT / "seeds"

COUNTING = '''
import os, time
from pathlib import Path

def extract(article):
    log = Path(os.environ["FH_TEST_LOG"])
    with log.open("a") as fh:
        fh.write(article.id + "\\n")
    time.sleep(float(os.environ.get("FH_TEST_SLEEP", "0")))
    if article.id.startswith(os.environ.get("FH_TEST_FAIL", "-")):
        raise RuntimeError("flaky service")
    return [{"type": "date", "value": "2021-11-05", "evidence": "Friday"},
            {"type": "speaker", "name": "Dmitry Peskov"}]
'''


@pytest.fixture
def counting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    source = tmp_path / "counting.py"
    source.write_text(COUNTING, encoding="utf-8")
    log = tmp_path / "calls.log"
    monkeypatch.setenv("FH_TEST_LOG", str(log))
    return f"{source}:extract", log


def calls(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


def as_json(result: harness.Result) -> str:
    out = io.StringIO()
    result.write_json(out)
    return out.getvalue()


def test_hits_are_never_extracted_again_and_errors_are_not_cached(counting, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    spec, log = counting
    cache = tmp_path / "cache"
    monkeypatch.setenv("FH_TEST_FAIL", "002")
    first = harness.score(spec, cache=cache, gold=GOLD, seeds=SEEDS)
    assert first.from_cache == 0 and [e.article for e in first.errors] == ["002_6f25c81f1ace9927"]
    assert len(calls(log)) == 5
    monkeypatch.delenv("FH_TEST_FAIL")
    second = harness.score(spec, cache=cache, gold=GOLD, seeds=SEEDS)
    assert calls(log)[5:] == ["002_6f25c81f1ace9927"]  # only the failed article is asked again
    assert second.from_cache == 4 and not second.errors
    third = harness.score(spec, cache=cache, gold=GOLD, seeds=SEEDS)
    assert len(calls(log)) == 6 and third.from_cache == 5
    uncached = harness.score(spec, gold=GOLD, seeds=SEEDS)
    assert uncached.from_cache is None
    cached_json = json.loads(as_json(third))
    assert cached_json.pop("from_cache") == 5
    assert cached_json == json.loads(as_json(uncached))  # the same result, said to come from the cache
    found = cache_info(cache)
    assert found.extractions == 5 and found.extractors == 1
    assert clear_cache(cache).extractions == 5 and cache_info(cache).extractions == 0


def test_the_key_follows_the_extractor_its_options_and_the_article(tmp_path: Path) -> None:
    source = tmp_path / "ex.py"
    source.write_text("def extract(article):\n    return []\n", encoding="utf-8")
    spec = f"{source}:extract"
    base = identity(spec)
    assert base == identity(spec) and base is not None
    assert identity(spec, options={"threshold": 0.5}) != base
    source.write_text("def extract(article):\n    return []  # changed\n", encoding="utf-8")
    assert identity(spec) != base
    assert identity("baseline") != identity("baseline", options={"x": 1})
    assert identity("oracle") is None  # follows the gold, not the article
    assert identity(command="node examples/extractor.mjs") != identity(command="node other.mjs")
    corpus = load_corpus(GOLD, SEEDS)
    article = corpus.articles[0]
    cache = ExtractionCache(tmp_path / "c", base)
    cache.put(article, b"[]")
    assert cache.get(article) == b"[]"
    changed = article.model_copy(update={"text": article.text + " More."})
    assert cache.get(changed) is None


def test_extractions_live_in_packs_and_earlier_entries_are_still_read(tmp_path: Path) -> None:
    corpus = load_corpus(GOLD, SEEDS)
    first, second, third = corpus.articles[:3]
    root = tmp_path / "c"
    cache = ExtractionCache(root, "ident")
    cache.put(first, b"[1]")
    cache.close()
    files = [p.name for p in cache.directory.iterdir()]
    assert len(files) == 1 and files[0].endswith(".pack")  # no file per article
    legacy = cache.directory / f"{article_hash(second)}.json"  # an entry of an earlier release
    legacy.write_bytes(b"[2]")
    reopened = ExtractionCache(root, "ident")
    assert reopened.get(first) == b"[1]" and reopened.get(second) == b"[2]" and reopened.get(third) is None
    assert cache_info(root).extractions == 2 and cache_info(root).extractors == 1
    reopened.put(second, b"[2]")  # the same entry in both forms counts once
    assert cache_info(root).extractions == 2
    reopened.close()
    pack = next(p for p in cache.directory.glob("*.pack") if b"[1]" in p.read_bytes())  # each store writes its own
    data = bytearray(pack.read_bytes())
    data[data.index(b"[1]") + 1] ^= 0xFF  # a damaged record is no entry: the article is extracted again
    pack.write_bytes(bytes(data))
    assert ExtractionCache(root, "ident").get(first) is None


def test_compiled_gold_is_reused_and_any_change_invalidates_it(tmp_path: Path) -> None:
    gold, seeds = tmp_path / "gold", tmp_path / "seeds"
    gold.mkdir()
    seeds.mkdir()
    aid = "001_eab98a2f0f3a5ef7"
    (gold / f"{aid}.yaml").write_bytes((GOLD / f"{aid}.yaml").read_bytes())
    (seeds / f"{aid}.txt").write_bytes((SEEDS / f"{aid}.txt").read_bytes())
    cache = GoldCache(tmp_path / "cache")
    first = load_corpus(gold, seeds, gold_cache=cache)
    assert cache_info(tmp_path / "cache").gold == 1
    assert cache.load(gold / f"{aid}.yaml", seeds) is not None
    again = load_corpus(gold, seeds, lazy=True, gold_cache=cache)
    assert again[aid].gold == first[aid].gold
    (seeds / f"{aid}.txt").write_text("A different article.", encoding="utf-8")  # the seed changed
    assert cache.load(gold / f"{aid}.yaml", seeds) is None
    with pytest.raises(harness.GoldError):
        load_corpus(gold, seeds, gold_cache=cache)  # validated afresh: its evidence is gone


@pytest.mark.parametrize("edited", ["gold", "seed", "verdicts", "none"])
def test_a_file_edited_while_it_is_validated_is_stored_under_no_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: str) -> None:
    gold, seeds = tmp_path / "gold", tmp_path / "seeds"
    gold.mkdir()
    seeds.mkdir()
    aid = "001_eab98a2f0f3a5ef7"
    gold_path, seed_path = gold / f"{aid}.yaml", seeds / f"{aid}.txt"
    gold_path.write_bytes((GOLD / f"{aid}.yaml").read_bytes())
    seed_path.write_bytes((SEEDS / f"{aid}.txt").read_bytes())
    real = harness.corpus.check_file

    def check_then_edit(path: Path, seeds_dir: Path) -> Any:
        checked = real(path, seeds_dir)  # validated as it was; the edit lands before the entry is stored
        if edited == "gold":
            gold_path.write_bytes(gold_path.read_bytes() + b"# edited\n")
        elif edited == "seed":
            seed_path.write_bytes(seed_path.read_bytes() + b" More.")
        elif edited == "verdicts":
            harness.verdicts.verdict_path(gold_path).parent.mkdir(parents=True, exist_ok=True)
            harness.verdicts.verdict_path(gold_path).write_text("", encoding="utf-8")
        return checked

    monkeypatch.setattr(harness.corpus, "check_file", check_then_edit)
    cache = GoldCache(tmp_path / "cache")
    load_corpus(gold, seeds, gold_cache=cache)
    fresh = GoldCache(tmp_path / "cache")  # another run: only what is on disk
    stored = fresh.load(gold_path, seeds)
    if edited == "none":
        assert stored is not None and cache_info(tmp_path / "cache").gold == 1
    else:  # the entry would name the new bytes but hold the old ones: none is kept
        assert stored is None and cache_info(tmp_path / "cache").gold == 0


def test_a_torn_last_line_is_detected_and_extracted_again(counting, tmp_path) -> None:  # type: ignore[no-untyped-def]
    spec, log = counting
    full = tmp_path / "full.jsonl"
    reference = harness.run(spec, gold=GOLD, seeds=SEEDS, save_predictions=full)
    lines = full.read_bytes().splitlines(keepends=True)
    partial = tmp_path / "partial.jsonl"
    partial.write_bytes(lines[0] + lines[1] + lines[2][: len(lines[2]) // 2])
    found = read_partial(partial, set(load_corpus(GOLD, SEEDS, lazy=True).ids))
    assert len(found.done) == 2 and found.torn is not None
    before = len(calls(log))
    resumed = harness.run(spec, gold=GOLD, seeds=SEEDS, resume=partial, save_predictions=partial)
    assert len(calls(log)) - before == 3
    assert any("incomplete" in n or "no line end" in n for n in resumed.notes)
    assert partial.read_bytes() == full.read_bytes()
    assert as_json(resumed.result) == as_json(reference.result)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_run_stopped_by_sigterm_resumes_to_the_same_bytes(counting, tmp_path) -> None:  # type: ignore[no-untyped-def]
    spec, log = counting
    env = {**os.environ, "FH_TEST_SLEEP": "0.4"}
    cli = [sys.executable, "-m", "harness", "score", spec, "--gold", str(GOLD), "--seeds", str(SEEDS),
           "--format", "json", "--no-cache"]
    preds = tmp_path / "run.jsonl"
    proc = subprocess.Popen([*cli, "--save-predictions", str(preds), "--output", str(tmp_path / "never.json")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not preds.exists() or preds.read_bytes().count(b"\n") < 2):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert proc.returncode != 0 and not (tmp_path / "never.json").exists()
    kept = preds.read_bytes().count(b"\n")
    assert 2 <= kept < 5
    done = len(calls(log))
    resumed = subprocess.run([*cli, "--resume", str(preds), "--output", str(tmp_path / "resumed.json")],
                             env={**env, "FH_TEST_SLEEP": "0"}, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert len(calls(log)) - done == 5 - kept  # only what was missing was extracted
    whole = tmp_path / "whole.jsonl"
    straight = subprocess.run([*cli, "--save-predictions", str(whole), "--output", str(tmp_path / "whole.json")],
                              env={**env, "FH_TEST_SLEEP": "0"}, capture_output=True, text=True)
    assert straight.returncode == 0, straight.stderr
    assert preds.read_bytes() == whole.read_bytes()
    assert (tmp_path / "resumed.json").read_bytes() == (tmp_path / "whole.json").read_bytes()


def test_cache_commands(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from harness.cli import app

    root = tmp_path / "c"
    runner = CliRunner()
    ran = runner.invoke(app, ["score", "baseline", "--gold", str(GOLD), "--seeds", str(SEEDS), "--format", "json",
                              "--output", str(tmp_path / "r.json"), "--cache", str(root)])
    assert ran.exit_code == 0, ran.output
    again = runner.invoke(app, ["score", "baseline", "--gold", str(GOLD), "--seeds", str(SEEDS), "--cache", str(root)])
    assert again.exit_code == 0 and "extraction cache: 5 of 5 article(s)" in again.output
    shown = runner.invoke(app, ["cache", "info", "--cache", str(root)])
    assert "extractions: 5 article(s) of 1 extractor identity" in shown.output
    assert "compiled gold: 5 file(s)" in shown.output
    assert "prepared gold: 5 article entries" in shown.output
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(root)])
    assert cleared.exit_code == 0 and "5 extraction(s)" in cleared.output and "5 prepared gold entries" in cleared.output
    assert cache_info(root).extractions == 0 and cache_info(root).gold == 0 and cache_info(root).prepared == 0
