"""Every way to name an extractor: built-ins, module:attr, file.py:attr, plugins, and the errors."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from harness import load_corpus
from harness.extractors import loading
from harness.extractors.loading import ExtractorSpecError, load_extractor, parse_options
from harness.model import Article

ART = Article(id="a", text="t", published="2021-11-05")
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus()


@pytest.mark.parametrize(
    ("spec", "options", "expected"),
    [
        ("tests.extractors.sample_extractors:extract", {}, [{"type": "date", "value": "2021-11-05"}]),
        (f"{HERE}/sample_extractors.py:extract", {}, [{"type": "date", "value": "2021-11-05"}]),
        ("tests.extractors.sample_extractors:WithOptions", {"year": 2014, "unit": "soldiers"},
         [{"type": "date", "value": 2014}, {"type": "figure", "value": 90000, "unit": "soldiers"}]),
        ("tests.extractors.sample_extractors:factory", {"year": 1999}, [{"type": "date", "value": 1999}]),
        ("empty", {}, []),
    ],
)
def test_specs(spec: str, options: dict[str, object], expected: list[object], corpus) -> None:  # type: ignore[no-untyped-def]
    _, extract = load_extractor(spec, corpus, options)
    assert list(extract(ART)) == expected


def test_python_objects_and_oracle(corpus) -> None:  # type: ignore[no-untyped-def]
    from tests.extractors.sample_extractors import WithOptions, extract

    assert load_extractor(extract, corpus)[1] is extract
    name, fn = load_extractor(WithOptions, corpus, {"year": 2000})
    assert name == "WithOptions" and next(iter(fn(ART)))["value"] == 2000
    _, oracle = load_extractor("oracle", corpus)
    entry = next(iter(corpus))
    assert len(list(oracle(entry.article))) == len(entry.gold.facts)


@pytest.mark.parametrize(
    ("spec", "options", "message"),
    [
        ("nope", {}, "unknown extractor 'nope': use one of baseline, oracle, empty"),
        ("tests.extractors.sample_extractors:missing", {}, "has no attribute 'missing' (callables there:"),
        ("no_such_module_x:f", {}, "cannot import module 'no_such_module_x'"),
        ("/no/such/file.py:f", {}, "no such file /no/such/file.py"),
        ("tests.extractors.sample_extractors:extract", {"year": 1}, "is an extract function; it takes no --option"),
        ("tests.extractors.sample_extractors:WithOptions", {"colour": "red"}, "cannot construct WithOptions"),
        ("tests.extractors.sample_extractors:not_callable", {}, "neither callable nor has an extract() method"),
        ("empty", {"x": 1}, "'empty' takes no options"),
    ],
)
def test_spec_errors(spec: str, options: dict[str, object], message: str, corpus) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExtractorSpecError) as info:
        load_extractor(spec, corpus, options)
    assert message in str(info.value)


def test_installed_plugin(monkeypatch: pytest.MonkeyPatch, corpus) -> None:  # type: ignore[no-untyped-def]
    ep = EntryPoint(name="sample", value="tests.extractors.sample_extractors:WithOptions",
                    group=loading.ENTRY_POINT_GROUP)
    monkeypatch.setattr(loading, "entry_points", lambda group: [ep] if group == loading.ENTRY_POINT_GROUP else [])
    assert loading.plugins() == {"sample": "tests.extractors.sample_extractors:WithOptions"}
    name, fn = load_extractor("sample", corpus, {"year": 1990})
    assert name == "sample" and next(iter(fn(ART)))["value"] == 1990
    with pytest.raises(ExtractorSpecError, match="use one of baseline, oracle, empty, sample"):
        load_extractor("nope", corpus)


def test_parse_options() -> None:
    assert parse_options(["a=1", "b=0.5", "c=true", "d=text", "e=", "min-score=2"]) == {
        "a": 1, "b": 0.5, "c": True, "d": "text", "e": "", "min_score": 2}
    with pytest.raises(ExtractorSpecError, match="expected KEY=VALUE"):
        parse_options(["novalue"])
