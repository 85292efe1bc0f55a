"""The prepared gold side and its cache entries: a warm run scores byte for byte as a fresh one, and
any change to what preparing read (gold, verdicts, seed, options, code) is another entry."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import harness
import harness.goldcache
from harness.corpus import load_corpus
from harness.goldcache import GoldCache
from harness.match import Options
from harness.match.names import NameForms
from harness.packs import PackStore
from harness.prepared import options_tag, prepare, prepared_gold
from harness.verdicts import verdict_path
from tests.conftest import REPO_ROOT

GOLD, SEEDS = REPO_ROOT / "gold", REPO_ROOT / "seeds"
ARTICLE = "003_0089d118242a6352"


@pytest.fixture(scope="module")
def baseline_predictions() -> dict[str, list[Any]]:
    run = harness.run("baseline")
    assert run.predictions is not None
    return dict(run.predictions)


def _copy(tmp_path: Path, *articles: str) -> tuple[Path, Path]:
    gold, seeds = tmp_path / "gold", tmp_path / "seeds"
    gold.mkdir()
    seeds.mkdir()
    for aid in articles:
        shutil.copy(GOLD / f"{aid}.yaml", gold)
        shutil.copy(SEEDS / f"{aid}.txt", seeds)
    return gold, seeds


def _prepared_files(cache: Path) -> list[str]:
    return sorted(k for k in PackStore(cache / "gold").stored_keys() if k.endswith(".prep"))


def test_a_warm_gold_cache_scores_the_seeds_byte_for_byte_as_a_fresh_run(
        baseline_predictions: dict[str, list[Any]], tmp_path: Path) -> None:
    fresh = harness.score_predictions(baseline_predictions).to_json()
    cold = harness.score_predictions(baseline_predictions, gold_cache=tmp_path).to_json()
    assert len(_prepared_files(tmp_path)) == 5
    warm = harness.score_predictions(baseline_predictions, gold_cache=str(tmp_path), jobs=2).to_json()  # a str too
    assert fresh == cold == warm
    assert 0 < json.loads(warm)["overall"]["f1"] < 1


def test_runs_in_fresh_processes_read_each_others_entries_alike(tmp_path: Path) -> None:
    """Each CLI run has its own string hashes (PYTHONHASHSEED); an entry written by one is read by the next."""
    preds = tmp_path / "p.jsonl"
    run = harness.run("baseline")
    assert run.predictions is not None
    preds.write_text("".join(json.dumps({"article": a, "facts": [f.model_dump(exclude_none=True, by_alias=True)
                                                                 for f in fs]}) + "\n"
                             for a, fs in run.predictions.items()), encoding="utf-8")
    outputs = []
    for k, extra in enumerate((["--no-cache"], [], [])):
        out = tmp_path / f"r{k}.json"
        env = {**os.environ, "PYTHONHASHSEED": str(k + 1), "FACT_HARNESS_CACHE": str(tmp_path / "cache")}
        subprocess.run([sys.executable, "-m", "harness", "score", "--predictions", str(preds), "--gold", str(GOLD),
                        "--seeds", str(SEEDS), "--format", "json", "--output", str(out), *extra],
                       check=False, capture_output=True, env=env, cwd=tmp_path)
        outputs.append(out.read_bytes())
    assert len(_prepared_files(tmp_path / "cache")) == 5
    assert outputs[0] == outputs[1] == outputs[2]


def test_name_forms_read_back_in_another_process_hash_as_fresh_ones(tmp_path: Path) -> None:
    forms = NameForms.of("Dmitry Peskov", ["Peskov"])
    hash(forms)  # remembered on the object
    blob = tmp_path / "forms.pickle"
    blob.write_bytes(pickle.dumps(forms))
    check = ("import pickle, sys; from harness.match.names import NameForms; "
             "f = pickle.loads(open(sys.argv[1], 'rb').read()); fresh = NameForms.of('Dmitry Peskov', ['Peskov']); "
             "assert f == fresh and hash(f) == hash(fresh) and len({f, fresh}) == 1")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", check, str(blob)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})


def test_an_unreadable_entry_is_prepared_afresh(tmp_path: Path) -> None:
    gold, seeds = _copy(tmp_path, ARTICLE)
    cache = GoldCache(tmp_path / "cache")
    corpus = load_corpus(gold, seeds, lazy=True, gold_cache=cache)
    first, _ = prepared_gold(corpus, ARTICLE, Options())
    (key,) = _prepared_files(tmp_path / "cache")
    stored = PackStore(tmp_path / "cache" / "gold").get(key)
    assert stored is not None
    head, _, _ = stored.partition(b"\n")
    PackStore(tmp_path / "cache" / "gold").put(key, head + b"\nnot a pickle")  # a later record of the same key
    again, problems = prepared_gold(load_corpus(gold, seeds, lazy=True, gold_cache=cache), ARTICLE, Options())
    assert again is not None and first is not None and not problems
    assert again.entry.gold == first.entry.gold
    assert [t.flat for t in again.types.values()] == [t.flat for t in first.types.values()]


def test_entries_follow_the_options_and_read_back_equal(tmp_path: Path) -> None:
    gold, seeds = _copy(tmp_path, ARTICLE)
    cache = GoldCache(tmp_path / "cache")
    corpus = load_corpus(gold, seeds, lazy=True, gold_cache=cache)
    for options in (Options(), Options(name_similarity=0.8)):
        made, _ = prepared_gold(corpus, ARTICLE, options)
        read, _ = prepared_gold(corpus, ARTICLE, options)
        fresh = prepare(corpus[ARTICLE], options)
        assert made is not None and read is not None and read is not made
        assert read.ctx.options == options
        assert {t: v.flat for t, v in read.types.items()} == {t: v.flat for t, v in fresh.types.items()}
    assert len(_prepared_files(tmp_path / "cache")) == 2
    assert options_tag(Options()) != options_tag(Options(name_similarity=0.8))


def test_the_entry_moves_with_its_gold_directory(tmp_path: Path) -> None:
    gold, seeds = _copy(tmp_path, ARTICLE)
    cache = GoldCache(tmp_path / "cache")
    prepared_gold(load_corpus(gold, seeds, lazy=True, gold_cache=cache), ARTICLE, Options())
    moved = tmp_path / "elsewhere"
    gold.rename(moved)
    read, _ = prepared_gold(load_corpus(moved, seeds, lazy=True, gold_cache=cache), ARTICLE, Options())
    assert read is not None and read.entry.path == moved / f"{ARTICLE}.yaml"
    assert len(_prepared_files(tmp_path / "cache")) == 1  # read back, not prepared again


def test_a_change_to_the_verdicts_or_the_code_is_another_key(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    gold, seeds = _copy(tmp_path, ARTICLE)
    cache = GoldCache(tmp_path / "cache")
    load_corpus(gold, seeds, gold_cache=cache)
    path = gold / f"{ARTICLE}.yaml"
    assert cache.load(path, seeds) is not None
    verdicts = verdict_path(path)
    verdicts.parent.mkdir()
    verdicts.write_text("", encoding="utf-8")  # recorded verdicts now exist, and they are invalid
    assert cache.load(path, seeds) is None
    with pytest.raises(harness.GoldError, match="the file is empty"):
        load_corpus(gold, seeds, gold_cache=cache)  # validated afresh, not read from the cache
    verdicts.unlink()
    assert cache.load(path, seeds) is not None
    monkeypatch.setattr(harness.goldcache, "code_digest", lambda: "another build of the harness")
    assert cache.load(path, seeds) is None


def test_the_code_digest_reads_the_package_and_is_stable() -> None:
    digest = harness.goldcache.code_digest()
    harness.goldcache.code_digest.cache_clear()
    assert harness.goldcache.code_digest() == digest
    assert len(digest) == 32
