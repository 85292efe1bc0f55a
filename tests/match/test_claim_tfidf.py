"""The claim matcher's TF-IDF is scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``, computed directly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from harness.corpus import load_corpus
from harness.match.claim import idf_weights, tfidf_vector
from harness.match.reading import SENTENCE, analyze, read, stop_words
from harness.match.tfidf import cosine

ROOT = Path(__file__).parents[2]


def sklearn_vectors(docs: list[str], texts: list[str]) -> list[dict[str, float]]:
    """What the matcher used before: scikit-learn fitted on ``docs``, ``texts`` transformed, as {term: weight}."""
    vec = TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
    try:
        vec.fit(docs)
    except ValueError:  # no documents, or only stop words: nothing to weigh
        return [{} for _ in texts]
    terms = vec.get_feature_names_out()
    matrix = vec.transform(texts).tocsr()
    return [
        {str(terms[k]): float(w) for k, w in zip(matrix.indices[lo:hi], matrix.data[lo:hi], strict=True)}
        for lo, hi in zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)
    ]


def assert_same(ours: dict[str, float], theirs: dict[str, float]) -> None:
    assert ours.keys() == theirs.keys()
    for term, weight in ours.items():
        assert weight == pytest.approx(theirs[term], rel=1e-12, abs=1e-15)


def test_stop_words_are_scikit_learns() -> None:
    assert stop_words() == frozenset(ENGLISH_STOP_WORDS)


@pytest.mark.parametrize("article_id", load_corpus(ROOT / "gold", ROOT / "seeds").ids)
def test_matches_scikit_learn_on_every_seed_article(article_id: str) -> None:
    entry = load_corpus(ROOT / "gold", ROOT / "seeds")[article_id]
    claims = [f.text for f in entry.gold.facts if f.type == "claim"]
    docs = [s for s in SENTENCE.split(entry.article.text) if s.strip()] + claims
    texts = [*claims, "Russia does not threaten anybody", "an entirely unknown zyzzyva", ""]
    idf = idf_weights(docs)
    expected = sklearn_vectors(docs, texts)
    for text, theirs in zip(texts, expected, strict=True):
        assert_same(tfidf_vector(text, idf), theirs)


WORDS = st.sampled_from(["troops", "the", "border", "threaten", "threat", "Russia", "a", "of", "invasion",
                         "Ukraine", "said", "NATO", "would", "sanctions", "x", "alliance", "Kremlin"])
DOCS = st.lists(st.lists(WORDS, max_size=12).map(" ".join), max_size=8)


@settings(max_examples=150, deadline=None)
@given(docs=DOCS, texts=st.lists(st.lists(WORDS, max_size=10).map(" ".join), min_size=1, max_size=4))
def test_matches_scikit_learn_on_any_text(docs: list[str], texts: list[str]) -> None:
    idf = idf_weights(docs)
    for text, theirs in zip(texts, sklearn_vectors(docs, texts), strict=True):
        assert_same(tfidf_vector(text, idf), theirs)
        assert tfidf_vector(read(text), idf) == tfidf_vector(text, idf)  # a reading's terms are the text's


@pytest.mark.parametrize("docs", [[], ["the of a", "and"]])
def test_no_terms_no_similarity(docs: list[str]) -> None:
    idf = idf_weights(docs)
    assert idf == {}
    assert tfidf_vector("Russia does not threaten anyone", idf) == {}


def test_unknown_words_give_an_empty_vector_with_cosine_zero() -> None:
    idf = idf_weights(["Troops gathered at the border."])
    assert tfidf_vector("sanctions were announced", idf) == {}
    assert cosine({}, tfidf_vector("troops at the border", idf)) == 0.0


def test_vectors_are_unit_length_and_cosine_of_itself_is_one() -> None:
    idf = idf_weights(["Troops gathered at the border.", "Sanctions would follow an invasion."])
    v = tfidf_vector("troops troops sanctions border", idf)
    assert sum(w * w for w in v.values()) == pytest.approx(1.0)
    assert cosine(v, v) == pytest.approx(1.0)
