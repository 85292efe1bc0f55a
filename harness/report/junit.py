"""JUnit XML: one testcase per gate check and one per article, so CI systems show what failed or regressed.

An article's testcase fails when the extractor failed on it, or — when the result holds regression
checks — when the article's F1 fell below its baseline by more than the allowed drop
(``Result.article_regressions``). Gate testcases fail with the threshold and the actual value; ``not
applicable`` gates are skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from harness.metrics import total
from harness.report.table import fmt
from harness.result import Result

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (or that would confuse a reader): control characters, lone surrogates."""


def _xml_text(text: str) -> str:
    """``text`` with each character XML cannot hold written as a visible escape (``\\x1b``)."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def render(result: Result) -> str:
    """The JUnit XML; every text from the result is made safe for XML (see :func:`_xml_text`)."""
    suite = ET.Element("testsuite", name="fact-harness", timestamp="", hostname="")
    regressions = result.article_regressions
    tests = failures = skipped = 0
    for ch in result.checks:
        tests += 1
        case = ET.SubElement(suite, "testcase", classname="fact-harness.gates", name=ch.name)
        if ch.status == "fail":
            failures += 1
            what = f"{ch.metric} of {ch.scope} is {fmt(ch.actual)}, below {fmt(ch.threshold)}"
            if ch.kind == "regression":
                what += f" (baseline {fmt(ch.baseline)})"
            if ch.statistical:
                what += f"; {ch.evidence()}"
            ET.SubElement(case, "failure", message=what, type="gate").text = what
        elif ch.statistical:
            ET.SubElement(case, "system-out").text = ch.evidence()
        elif ch.status == "not applicable":
            skipped += 1
            ET.SubElement(case, "skipped", message=f"no gold {ch.scope} facts: not applicable")
    errors = {e.article: e.message for e in result.errors}
    missing = set(result.missing_articles)
    for article, types in result.by_article.items():
        tests += 1
        c = total(types.values())
        case = ET.SubElement(suite, "testcase", classname="fact-harness.articles", name=article)
        ET.SubElement(case, "system-out").text = (
            f"tp={c.tp} fp={c.fp} fn={c.fn} precision={fmt(c.precision)} recall={fmt(c.recall)} f1={fmt(c.f1)}")
        if article in errors:
            failures += 1
            ET.SubElement(case, "failure", message=errors[article], type="extractor-error").text = errors[article]
        elif article in regressions:
            failures += 1
            msg = regressions[article]
            ET.SubElement(case, "failure", message=msg, type="regression").text = msg
        elif article in missing:
            skipped += 1
            ET.SubElement(case, "skipped", message="no predictions for this article (its gold counts as missed)")
    if result.from_cache is not None:
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="from_cache", value=str(result.from_cache))
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    for key in ("timestamp", "hostname"):
        del suite.attrib[key]
    for element in suite.iter():
        element.attrib = {k: _xml_text(v) for k, v in element.attrib.items()}
        if element.text:
            element.text = _xml_text(element.text)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
