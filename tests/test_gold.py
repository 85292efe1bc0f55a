"""Cross-file invariants of the landed gold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness import FACT_TYPES, load_corpus
from harness.api import score
from harness.corpus import Corpus
from harness.evidence import FoldedText
from harness.match import MATCHERS, Level
from harness.match.base import Options
from harness.model import evidence_list, fact_to_dict
from harness.scoring import build_context

ROOT = Path(__file__).parents[1]
WIRE = ("000_69509773b3ea4668", "001_eab98a2f0f3a5ef7", "002_6f25c81f1ace9927")

# Fields that must agree when the same fact id appears in several wire articles.
SAME = {"figure": ("value", "unit", "approx", "speaker"), "speaker": ("name", "role", "kind"), "date": ("value",),
        "place": ("name", "distance"), "claim": ("speaker",)}
# Differences forced by an article's own wording (documented in gold/README.md).
WORDING = {
    ("fig-troops-90000", "approx", "002_6f25c81f1ace9927"),  # "90,000 troops", no "about"
    ("fig-troops-90000", "speaker", "000_69509773b3ea4668"),  # credited to satellite pictures
    ("place-yelnya", "distance", "002_6f25c81f1ace9927"),  # "about 160 miles" only
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT / "gold", ROOT / "seeds")


def test_every_article_has_every_type(corpus: Corpus) -> None:
    for entry in corpus:
        present = {f.type for f in entry.gold.facts if not f.optional}
        assert present == set(FACT_TYPES), (entry.article.id, set(FACT_TYPES) - present)


def test_speaker_references_resolve(corpus: Corpus) -> None:
    for entry in corpus:
        speakers = {f.id for f in entry.gold.facts if f.type == "speaker"}
        for f in entry.gold.facts:
            if f.type in ("figure", "claim") and f.speaker is not None:
                assert f.speaker in speakers, (entry.article.id, f.id, f.speaker)


def test_no_fact_evidence_lies_in_furniture(corpus: Corpus) -> None:
    for entry in corpus:
        text = FoldedText.of(entry.article.text)
        furniture = [span for passage in entry.gold.furniture for span in text.find_all(passage)]
        for f in entry.gold.facts:
            for quote in evidence_list(f.evidence):
                spans = text.find_all(quote)
                assert spans, (entry.article.id, f.id, quote)
                assert not all(any(a <= s and e <= b for a, b in furniture) for s, e in spans), (entry.article.id, f.id)


def test_wire_facts_are_annotated_identically(corpus: Corpus) -> None:
    by_article = {a: {f.id: fact_to_dict(f) for f in corpus[a].gold.facts} for a in WIRE}
    shared = {fid for a in WIRE for fid in by_article[a]}
    compared = 0
    for fid in sorted(shared):
        present = [a for a in WIRE if fid in by_article[a]]
        if len(present) < 2:
            continue
        compared += 1
        ftype = by_article[present[0]][fid]["type"]
        for key in SAME[ftype]:
            reference = next((by_article[a][fid].get(key) for a in present if (fid, key, a) not in WORDING), None)
            for a in present:
                if (fid, key, a) in WORDING:
                    continue
                assert by_article[a][fid].get(key) == reference, (fid, key, a)
    assert compared >= 30  # the wire group shares most of its facts


def test_negatives_never_match_a_gold_fact(corpus: Corpus) -> None:
    """A negative that a gold fact also satisfies would make one prediction both right and wrong."""
    for entry in corpus:
        ctx = build_context(entry, Options())
        for neg in entry.gold.negatives:
            m = MATCHERS[neg.type]
            as_pred: Any = neg
            if neg.type == "claim" and neg.speaker in ctx.speakers:
                continue  # negative claims are judged by their own speaker
            key = m.prepare_pred(as_pred, ctx)
            for f in entry.gold.facts:
                if f.type == neg.type:
                    assert m.compare(m.prepare_gold(f, ctx), key, ctx).level is not Level.FULL, (entry.article.id, neg.id, f.id)


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_oracle_scores_exactly_one(corpus: Corpus, mode: str) -> None:
    result = score("oracle", corpus=corpus, mode=mode, bootstrap=20)
    assert not result.errors
    assert (result.overall.precision, result.overall.recall, result.overall.f1) == (1.0, 1.0, 1.0)
    for t in FACT_TYPES:
        assert result.by_type[t].f1 == 1.0


def test_gold_readme_counts_are_current() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "gold_stats.py"), "--check"], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
