"""The HTML report: self-contained, escaped, highlights by outcome, charts optional, changes marked,
and — in headless Chromium — a DOM whose numbers match the JSON result, with no console errors."""

from __future__ import annotations

import builtins
import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from harness.api import score
from harness.compare import diff
from harness.corpus import Corpus, load_corpus
from harness.extractors.oracle import gold_as_predictions
from harness.gates import thresholds_from
from harness.model import Article
from harness.report import html as html_report
from harness.report.table import fmt
from harness.result import Result

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
INJECTION = "<script>alert('reason')</script>"


# --------------------------------------------------------------------------------------------- fixtures


def mixed_extractor(corpus: Corpus, *, keep: int) -> Callable[[Article], list[dict[str, Any]]]:
    """Half the gold (every other fact, starting at ``keep``), some figures with a wrong unit (partial),
    plus wrong facts: a place quoting the article's opening words (a highlighted false positive) and
    Matthew Lee (a gold negative in one article). Every prediction carries a confidence."""

    def extract(article: Article) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for i, fact in enumerate(gold_as_predictions(corpus[article.id].gold)):
            if i % 2 != keep:
                continue
            fact = {**fact, "confidence": round(0.95 - 0.04 * (i % 12), 2)}
            if fact["type"] == "figure" and i % 4 == keep:
                fact["unit"] = "widgets"
            out.append(fact)
        opening = article.text.split("\n", 1)[0][:40]
        out.append({"type": "place", "name": "Atlantis", "confidence": 0.3, "evidence": opening})
        out.append({"type": "speaker", "name": "Matthew Lee", "confidence": 0.2})
        return out

    extract.__qualname__ = extract.__name__ = f"half-gold-{'even' if keep == 0 else 'odd'}"
    return extract


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def result(corpus: Corpus) -> Result:
    r = score(mixed_extractor(corpus, keep=0), corpus=corpus, bootstrap=50,
              thresholds=thresholds_from({"precision": ["0.5"], "recall": ["0.9"], "f1": []}))
    outcomes = Counter(d.outcome for d in r.details)
    assert {"tp", "partial", "fn", "fp", "negative"} <= set(outcomes), outcomes  # the fixture covers them all
    assert any(d.optional for d in r.details)
    return r


@pytest.fixture(scope="module")
def previous(corpus: Corpus) -> Result:
    """An earlier run, through a saved JSON result (as ``fact-harness report OLD.json NEW.json`` reads it)."""
    r = score(mixed_extractor(corpus, keep=1), corpus=corpus, bootstrap=50)
    return Result.from_dict(json.loads(r.to_json()))


@pytest.fixture(scope="module")
def page(result: Result, corpus: Corpus) -> str:
    return html_report.render(result, corpus)


class Dom(HTMLParser):
    """Every start tag as (tag, attributes), and the text of the whole document."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self._number: dict[str, str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "num" in a.get("class", "").split():  # a number: keep its text as "#text"
            self._number = a
            a["#text"] = ""

    def handle_endtag(self, tag: str) -> None:
        self._number = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._number is not None:
            self._number["#text"] += data

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def find(self, tag: str | None = None, **attrs: str) -> list[dict[str, str]]:
        """Tags named ``tag`` (any when None) whose attributes include ``attrs`` (``class_`` tests one class)."""
        want_class = attrs.pop("class_", None)
        found = []
        for name, a in self.tags:
            if tag is not None and name != tag:
                continue
            if want_class is not None and want_class not in a.get("class", "").split():
                continue
            if all(a.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                found.append(a)
        return found


def numbers(dom: Dom) -> dict[tuple[str, str], tuple[str, str]]:
    """(scope, metric) → (data-value, text shown) of every number in the report."""
    return {(a["data-scope"], a["data-metric"]): (a["data-value"], a["#text"]) for a in dom.find("span", class_="num")}


def check_numbers(dom: Dom, result: Result) -> None:
    """Every count and ratio in the DOM equals the JSON result's, overall, per type and per article —
    both the machine-readable value and the text a reader sees."""
    data = json.loads(result.to_json())
    shown = numbers(dom)
    blocks = [("overall", data["overall"]), *data["by_type"].items(), *data["by_article"].items(),
              *((f"macro {k.replace('_', ' ')}", v) for k, v in data["macro"].items()),
              *((t, {"average_precision": ap}) for t, ap in data["average_precision"].items()),
              *((s, {"human_f1": v}) for s, v in data.get("human_agreement", {}).items())]
    checked = 0
    for scope, block in blocks:
        for key in ("tp", "fp", "fn", "precision", "recall", "f1", "average_precision", "human_f1"):
            if key not in block:
                continue
            value = block[key]
            if key in ("tp", "fp", "fn"):
                expected = (str(value), str(value))
            else:
                expected = ("null", "–") if value is None else (f"{value:.6f}", fmt(value))
            assert shown[(scope, key)] == expected, (scope, key)
            checked += 1
    assert checked == len(shown)  # and nothing else is shown as a number


# --------------------------------------------------------------------------------------------- unit tests


def test_page_basics(page: str, result: Result) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    dom = Dom(page)
    assert result.extractor in dom.text and "mode" in dom.text
    assert dom.find("p", class_="verdict", data_verdict="fail")  # the 0.9 recall gate fails
    assert "✗ 1 gate check(s) failed" in dom.text
    check_numbers(dom, result)


def test_scores_table_text_matches_result(page: str, result: Result) -> None:
    dom = Dom(page)
    text = dom.text
    for t, c in result.by_type.items():
        ci = result.confidence_intervals["by_type"][t]
        assert fmt(c.f1) in text and (ci["f1"] is None or f"{ci['f1'][0]:.2f}–{ci['f1'][1]:.2f}" in text)


def test_self_contained(page: str, corpus: Corpus, result: Result) -> None:
    article_urls = {corpus[a].article.url for a in result.by_article}
    dom = Dom(page)
    for _, attrs in dom.tags:
        for name in ("src", "href", "xlink:href", "action", "srcset", "data"):
            value = attrs.get(name)
            if value is None:
                continue
            assert value.startswith("#") or value in article_urls, f"{name}={value!r} leaves the file"
    assert not dom.find("link") and not dom.find("script", src="") and not dom.find("iframe")
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page) and "@import" not in page
    assert all(not a.get("src") for tag, a in dom.tags if tag in ("script", "img"))


def test_escapes_everything(result: Result, corpus: Corpus) -> None:
    data = result.to_dict()
    data["extractor"] = "<img src=x onerror=alert(1)>"
    data["details"][0]["reason"] = INJECTION
    data["errors"] = [{"article": data["details"][0]["article"], "message": "</table><b>bold</b>"}]
    hostile = Result.from_dict(data)
    page = html_report.render(hostile, corpus)
    assert INJECTION not in page and "&lt;script&gt;alert(&#x27;reason&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "</table><b>" not in page
    dom = Dom(page)
    assert INJECTION in dom.text and "<img src=x onerror=alert(1)>" in dom.text
    assert len(dom.find("script")) == 1  # only the report's own script


def test_highlights_by_outcome(page: str, result: Result) -> None:
    dom = Dom(page)
    marks = dom.find("mark", class_="hl")
    for outcome in ("tp", "partial", "fn", "fp", "negative"):
        assert any(f"o-{outcome}" in m["class"].split() for m in marks if m.get("data-pairs")), outcome
    assert any("opt" in m["class"].split() for m in marks if m.get("data-pairs"))
    # every gold fact's row links to a badge in the text, and the badge back to the row
    badges = {a["id"]: a for a in dom.find("a", class_="tag") if a.get("id")}
    gold_rows = [a for a in dom.find("tr") if a.get("data-outcome") in ("tp", "partial", "fn")]
    assert len(gold_rows) == sum(d.outcome in ("tp", "partial", "fn") for d in result.details)
    for row in gold_rows:
        badge = badges[f"ev-{row['id']}"]
        assert badge["href"] == f"#{row['id']}" and f"o-{row['data-outcome']}" in badge["class"]
    assert all(b["aria-label"] and b["title"] for b in dom.find("a", class_="tag"))


def test_highlight_cuts_overlaps_and_escapes() -> None:
    text = 'A <b> & "q" tail'
    spans = [html_report.Span(0, 7, "r1", "figure", "tp", False, "found <x>"),
             html_report.Span(3, 12, "r2", "claim", "fn", True, "missed")]
    out = html_report.highlight(text, spans)
    assert "<b>" not in out and "&lt;" in out and "&amp;" in out and "found &lt;x&gt;" in out
    dom = Dom(out)
    marks = dom.find("mark")
    # the worst outcome colours; the innermost fact's type styles the segment, so a nested fact stays visible
    assert [m["class"] for m in marks] == ["hl o-tp t-figure", "hl o-fn t-figure nested", "hl o-fn t-claim opt"]
    assert marks[1]["data-pairs"] == "claim:fn:1 figure:tp:0"
    badges = dom.find("a", class_="tag")
    assert [(b["id"], b["href"]) for b in badges] == [("ev-r1", "#r1"), ("ev-r2", "#r2")]
    assert "<small>fig</small>" in out and "<small>claim</small>" in out  # each highlight labelled by its type
    assert dom.text.replace("✓fig", "").replace("✗claim", "") == text


def test_outcomes_have_words_not_just_colour(page: str) -> None:
    text = Dom(page).text
    for icon_label in ("✓ found", "◐ partial", "✗ missed", "⚠ false positive", "⊘ negative"):
        assert icon_label in text


def test_rows_and_filters(page: str, result: Result) -> None:
    dom = Dom(page)
    rows = [a for a in dom.find("tr") if "data-pairs" in a]
    assert len(rows) == len(result.details)
    assert all(re.fullmatch(r"[a-z]+:[a-z]+:[01]", r["data-pairs"]) for r in rows)
    form = dom.find("form", id="filters")[0]
    assert "hidden" in form  # shown by the script only: without JavaScript everything is visible
    assert {a["value"] for a in dom.find("input", name="outcome")} == set(html_report.OUTCOME_LABELS)


def test_article_table_links_to_sections(page: str, result: Result) -> None:
    dom = Dom(page)
    sections = {a["id"] for a in dom.find("section", class_="article")}
    targets = {a["href"][1:] for a in dom.find("a") if a.get("href", "").startswith("#")}
    assert len(sections) == len(result.by_article) and sections <= targets


def test_a_large_result_gives_sections_to_the_articles_most_worth_a_look(result: Result, corpus: Corpus) -> None:
    from harness.metrics import total

    cost = {a: total(t.values()).fp + total(t.values()).fn for a, t in result.by_article.items()}
    worst = sorted(cost, key=lambda a: (-cost[a], a))[:2]
    assert html_report.shown_articles(result, 2) == [a for a in result.by_article if a in worst]
    assert html_report.shown_articles(result, 0) == list(result.by_article)
    assert html_report.shown_articles(result, None) == html_report.shown_articles(result, 9) == list(result.by_article)

    dom = Dom(html_report.render(result, corpus, max_articles=2))
    sections = [a["id"] for a in dom.find("section", class_="article")]
    assert sections == [f"a-{a}" for a in result.by_article if a in worst]
    assert "Showing 2 of 5 articles" in dom.text
    hrefs = {a["href"] for a in dom.find("a")}
    assert {f"#a-{a}" for a in worst} <= hrefs
    assert not any(h == f"#a-{a}" for h in hrefs for a in result.by_article if a not in worst)
    assert dom.find("p", id="capped")
    assert "capped" not in html_report.render(result, corpus)  # five articles: every one has a section


def test_an_article_with_an_error_is_shown_first(result: Result, corpus: Corpus) -> None:
    from harness.result import ArticleError

    quiet = min(result.by_article, key=lambda a: sum(c.fp + c.fn for c in result.by_article[a].values()))
    flagged = dataclasses.replace(Result.from_dict(json.loads(result.to_json())),
                                  errors=[ArticleError(quiet, "raised RuntimeError: boom")])
    assert quiet in html_report.shown_articles(flagged, 1)


def test_report_max_articles_option(tmp_path: Path, result: Result) -> None:
    from typer.testing import CliRunner

    from harness.cli import app

    saved = tmp_path / "run.json"
    saved.write_text(result.to_json(), encoding="utf-8")
    out = tmp_path / "r.html"
    r = CliRunner().invoke(app, ["report", str(saved), "-o", str(out), "--max-articles", "1"])
    assert r.exit_code == 0, r.output
    assert len(Dom(out.read_text(encoding="utf-8")).find("section", class_="article")) == 1
    r = CliRunner().invoke(app, ["report", str(saved), "--max-articles", "-1"])
    assert r.exit_code == 2 and "--max-articles must be 0" in r.output


def test_ids_are_unique(page: str) -> None:
    ids = [a["id"] for _, a in Dom(page).tags if "id" in a]
    duplicated = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicated


def test_deterministic(result: Result, corpus: Corpus, page: str) -> None:
    assert html_report.render(result, corpus) == page


def test_charts_are_inline_matplotlib_svg(page: str) -> None:
    pytest.importorskip("matplotlib")
    dom = Dom(page)
    assert len(dom.find("svg")) == 2  # per-type bars, precision–recall curves (predictions carry confidence)
    assert html_report.CHARTS_NOTE not in dom.text
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page and "<dc:date>" not in page
    assert all(f["role"] == "img" and f["aria-label"] for f in dom.find("div", class_="svg"))


def test_without_matplotlib(result: Result, corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    page = html_report.render(result, corpus)
    dom = Dom(page)
    assert "charts need: pip install 'fact-harness[html]'" in dom.text
    assert not dom.find("svg")
    check_numbers(dom, result)  # the tables are all there
    assert dom.find("mark", class_="hl") and len(dom.find("section", class_="article")) == len(result.by_article)


def test_without_corpus(result: Result) -> None:
    dom = Dom(html_report.render(result))
    assert dom.find("p", id="no-corpus")
    assert not dom.find("div", class_="text") and not [m for m in dom.find("mark") if "data-pairs" in m]
    assert len([a for a in dom.find("tr") if "data-pairs" in a]) == len(result.details)
    check_numbers(dom, result)


def test_precision_recall_curve() -> None:
    points = html_report.curve([(0.9, True), (0.8, False), (0.8, True), (0.1, False)], n_gold=4)
    assert points == [(0.0, 1.0), (0.25, 1.0), (0.5, 2 / 3), (0.5, 0.5)]
    assert html_report.curve([], n_gold=3) == []


def test_pr_curves_only_with_confidence(result: Result) -> None:
    curves = html_report.pr_curves(result)
    assert set(curves) == {t for t, ap in result.average_precision.items() if ap is not None}
    data = result.to_dict()
    for d in data["details"]:
        if d["prediction"]:
            d["prediction"].pop("confidence", None)
    assert html_report.pr_curves(Result.from_dict(data)) == {}


def test_two_results_mark_changes(result: Result, previous: Result, corpus: Corpus) -> None:
    page = html_report.render(result, corpus, previous)
    dom = Dom(page)
    changes = diff(previous, result)
    assert changes.newly_found and changes.newly_missed  # the fixture changes both ways
    assert dom.find("section", id="changes")
    changed = Counter(a["data-changed"] for a in dom.find("tr") if "data-changed" in a)
    assert changed["newly found"] == len(changes.newly_found)
    assert changed["newly missed"] == len(changes.newly_missed)
    assert changed["new false positive"] == len(changes.newly_spurious)
    assert f"{len(changes.newly_missed)} newly missed" in dom.text
    deltas = dom.find("span", class_="delta")
    assert any("up" in d["class"] or "down" in d["class"] for d in deltas)
    assert "Δ F1" in dom.text and previous.extractor in dom.text
    # without a previous result nothing is marked
    assert not Dom(html_report.render(result, corpus)).find("span", class_="delta")


def test_long_change_lists_are_cut_with_a_count(result: Result, previous: Result, corpus: Corpus,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    changes = diff(previous, result)
    monkeypatch.setattr(html_report, "MAX_CHANGES", 1)
    dom = Dom(html_report.render(result, corpus, previous))
    assert len(changes.newly_missed) > 1
    assert len(dom.find("li", class_="more")) == sum(len(g) > 1 for g in (
        changes.newly_missed, changes.newly_found, changes.newly_spurious, changes.no_longer_spurious))
    assert f"… and {len(changes.newly_missed) - 1:,} more" in dom.text


def test_unsafe_article_url_is_not_a_link(result: Result, corpus: Corpus) -> None:
    entry = corpus[next(iter(result.by_article))]
    article = entry.article.model_copy(update={"url": "javascript:alert(1)"})
    patched = type(entry)(article, entry.gold, entry.path)
    fake = _CorpusWith(corpus, {article.id: patched})
    page = html_report.render(result, fake)  # type: ignore[arg-type]
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page


class _CorpusWith:
    """A corpus with some entries replaced (only what the report uses: ``in`` and ``[]``)."""

    def __init__(self, corpus: Corpus, replaced: dict[str, Any]) -> None:
        self.corpus, self.replaced = corpus, replaced

    def __contains__(self, article: object) -> bool:
        return article in self.corpus

    def __getitem__(self, article: str) -> Any:
        return self.replaced.get(article) or self.corpus[article]


# --------------------------------------------------------------------------------------------- the browser


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The first Chromium-family browser on PATH."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Callable[..., tuple[str, str]]]:
    """Run headless Chromium on a page with extra flags; returns (stdout, stderr)."""
    binary = find_chromium()
    assert binary is not None

    def run(url: str, *extra: str) -> tuple[str, str]:
        args = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}", *extra, url]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"chromium did not finish within 120 s: {' '.join(args)}")
        assert proc.returncode == 0, err[-2000:]
        return out, err

    yield run


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no chromium binary on PATH (chromium, chromium-browser, "
                    "google-chrome); CI installs it with: apt-get install -y chromium")
def test_report_in_headless_chromium(result: Result, previous: Result, corpus: Corpus, tmp_path: Path,
                                     chromium: Callable[..., tuple[str, str]]) -> None:
    report = tmp_path / "report.html"
    report.write_text(html_report.render(result, corpus, previous), encoding="utf-8")
    url = report.as_uri()

    dom_text, log = chromium(url, "--enable-logging=stderr", "--v=0", "--dump-dom")
    console = [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert not console, "the page logged to the console:\n" + "\n".join(console)
    dom = Dom(dom_text)
    body = dom.find("body")[0]
    assert body["data-js"] == "ok"  # the script ran to its end
    check_numbers(dom, result)
    assert dom.find("mark", class_="o-tp") and dom.find("mark", class_="o-fn")
    assert not dom.find("mark", class_="off")  # every filter starts on
    form = dom.find("form", id="filters")[0]
    assert "hidden" not in form
    n = len(result.details)
    assert f"{n} of {n} facts shown" in dom.text

    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        shot = ARTIFACTS / f"html-report-{width}.png"
        shot.unlink(missing_ok=True)
        chromium(url, f"--screenshot={shot}", f"--window-size={width},2000", "--hide-scrollbars")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_large_run_opens_on_the_failures_only(result: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.report.html import articles

    small = articles.filters(result)
    assert 'value="tp" checked' in small and "failures-first" not in small
    monkeypatch.setattr(articles, "LARGE_RUN", 1)
    large = articles.filters(result)
    assert 'value="tp">' in large and 'value="duplicate">' in large and 'value="fn" checked' in large
    assert 'value="1">' in large and "only what cost points is shown" in large
