"""The claim matcher's stemmer: the compiled Snowball build gives the stems the pure-Python one gives.

Scores must not depend on which build an installation has, so every word the benchmark's texts use
(seed articles, gold, judged pairs, the lexicon) is stemmed both ways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from snowballstemmer import english_stemmer

from harness.match import reading

ROOT = Path(__file__).resolve().parents[2]


def _vocabulary() -> list[str]:
    files = [*ROOT.glob("seeds/*.txt"), *ROOT.glob("gold/*.yaml"), *ROOT.glob("gold/judgements/*.jsonl"),
             *ROOT.glob("harness/data/*")]
    words: set[str] = set()
    for f in files:
        words.update(re.findall(r"[a-z][a-z_'\-]*", f.read_text(encoding="utf-8", errors="replace").lower()))
    return sorted(words)


def test_the_stemmer_in_use_is_the_compiled_one() -> None:
    pytest.importorskip("Stemmer", reason="PyStemmer is a dependency; without it the pure-Python build is used")
    assert type(reading.STEMMER).__module__ == "Stemmer"


def test_compiled_and_pure_python_stemmers_agree_on_every_benchmark_word() -> None:
    words = _vocabulary()
    assert len(words) > 2000
    pure = english_stemmer.EnglishStemmer()
    differ = [w for w in words if reading.STEMMER.stemWord(w) != pure.stemWord(w)]
    assert differ == []
    assert reading.STEMMER.stemWord("invading") == "invad" and reading.STEMMER.stemWord("troops") == "troop"
