"""Text from extractors reaches every report inert: no markup, no HTML, no control characters obeyed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from harness.api import score
from harness.corpus import Corpus, load_corpus
from harness.model import Article
from harness.report import html as html_report
from harness.report import junit, markdown, table
from harness.result import Result

HOSTILE = "\x01\x1b[31m <img src=x onerror=alert(1)> [red]red[/red] [/] **bold** `tick` | pipe \u202eevil\u202c"


def hostile(article: Article) -> list[dict[str, Any]]:
    if article.id.startswith("000"):
        raise RuntimeError(HOSTILE)
    return [{"type": "speaker", "name": HOSTILE}]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def result(corpus: Corpus) -> Result:
    return score(hostile, corpus=corpus, bootstrap=10, timeout=10)


def test_junit_is_well_formed_with_control_characters(result: Result) -> None:
    text = junit.render(result)
    root = ET.fromstring(text.encode("utf-8"))
    messages = [f.get("message") or "" for f in root.iter("failure")]
    assert any("\\x01\\x1b[31m" in m for m in messages)


def test_markdown_escapes_html_and_markup(result: Result) -> None:
    text = markdown.render(result)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "\\[red\\]red\\[/red\\]" in text and "\\|" in text


def test_the_table_shows_markup_as_written(result: Result) -> None:
    text = table.render(result, width=400)
    assert "[red]red[/red] [/]" in text


def test_the_html_report_shows_bidi_controls_instead_of_obeying_them(result: Result, corpus: Corpus) -> None:
    import dataclasses

    page = html_report.render(dataclasses.replace(result, extractor="\u202eevil\u202c"), corpus, None)
    assert "\u202e" not in page and "[U+202E]evil[U+202C]" in page
    assert "<img src=x" not in page
