"""The JSON form of a :class:`~harness.result.Result`: writing it (streamed) and reading it back.

Layout (``schema_version`` 1): ``schema_version``, ``harness_version``, ``extractor``, ``mode``,
``options``, ``fingerprint`` (article ids, gold hash, mode, options, harness version), ``overall``, ``by_type``, ``by_article``, ``macro``, ``confidence_intervals``,
``average_precision``, ``ungrounded``, ``human_agreement`` (when the gold ships one), ``checks``, ``article_regressions``, ``details`` (one compact object per
line, so a large result streams both ways) and ``errors``. The same result always gives the same
bytes.
"""

from __future__ import annotations

import io
import json
import mmap
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from harness.details import Detail, DetailStore
from harness.fingerprint import Fingerprint
from harness.gates import Check
from harness.metrics import Counts, total
from harness.result import SCHEMA_VERSION, ArticleError, Result
from harness.version import __version__


def to_dict(result: Result) -> dict[str, Any]:
    """The whole result as JSON-ready data (details included: large on big corpora)."""
    d = to_dict_head(result)
    d["details"] = [x.to_dict() for x in result.details]
    return d


def to_dict_head(result: Result) -> dict[str, Any]:
    """Everything but the details, which hold a placeholder at their place in the layout."""
    head: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "harness_version": result.harness_version,
        "extractor": result.extractor,
        "mode": result.mode,
        "options": result.options,
    }
    if result.fingerprint is not None:
        head["fingerprint"] = result.fingerprint.to_dict()
    return head | {
        "overall": result.overall.to_dict(),
        "by_type": {t: c.to_dict() for t, c in result.by_type.items()},
        "by_article": {
            a: {**total(types.values()).to_dict(), "by_type": {t: c.to_dict() for t, c in types.items()}}
            for a, types in result.by_article.items()
        },
        "macro": result.macro,
        "confidence_intervals": result.confidence_intervals,
        "average_precision": result.average_precision,
        "ungrounded": result.ungrounded,
        **({"human_agreement": result.human_agreement} if result.human_agreement else {}),
        "checks": [c.to_dict() for c in result.checks],
        "article_regressions": result.article_regressions,
        "details": "__DETAILS__",
        "errors": [e.to_dict() for e in result.errors],
        "missing_articles": result.missing_articles,
        "warnings": result.warnings,
    } | ({"judge": result.judge} if result.judge is not None and result.judge.get("name") != "lexical" else {}) \
      | ({"from_cache": result.from_cache} if result.from_cache is not None else {})


def write_json(result: Result, out: TextIO) -> None:
    """Write the JSON result to ``out``, details streamed one per line (memory stays flat).

    Deterministic: the same inputs give byte-identical text.
    """
    head = to_dict_head(result)
    text = json.dumps(head, indent=2, ensure_ascii=False, allow_nan=False)
    before, _, after = text.partition('"details": "__DETAILS__"')
    out.write(before + '"details": [')
    out.write("\n  ]" if result.details.write_items(out, "\n    ", ",\n    ") else "]")
    out.write(after + "\n")


def to_json(result: Result) -> str:
    """The JSON result as text (see :func:`write_json`)."""
    buf = io.StringIO()
    write_json(result, buf)
    return buf.getvalue()


def from_dict(data: Any, source: str = "result") -> Result:
    """Read a saved result; raises ValueError with a clear message for other layouts."""
    if not isinstance(data, dict) or "schema_version" not in data:
        raise ValueError(f"{source}: not a fact-harness JSON result (no 'schema_version')")
    if data["schema_version"] != SCHEMA_VERSION:
        raise ValueError(
            f"{source}: result layout version {data['schema_version']} is not supported by this "
            f"fact-harness ({__version__}, layout {SCHEMA_VERSION}); re-run the scoring with this version"
        )
    try:
        def c(block: dict[str, Any]) -> Counts:
            return Counts(int(block["tp"]), int(block["fp"]), int(block["fn"]))

        return Result(
            extractor=str(data["extractor"]),
            mode=str(data["mode"]),
            overall=c(data["overall"]),
            by_type={t: c(b) for t, b in data["by_type"].items()},
            by_article={a: {t: c(b) for t, b in v["by_type"].items()} for a, v in data["by_article"].items()},
            macro=data["macro"],
            confidence_intervals=data["confidence_intervals"],
            average_precision=data["average_precision"],
            ungrounded={str(k): int(v) for k, v in data.get("ungrounded", {}).items()},
            human_agreement={str(k): None if v is None else float(v)
                             for k, v in (data.get("human_agreement") or {}).items()},
            details=DetailStore(Detail.from_dict(d) for d in data["details"]),
            errors=[ArticleError(e["article"], e["message"]) for e in data["errors"]],
            options=data.get("options", {}),
            checks=[Check.from_dict(ch) for ch in data.get("checks", [])],
            article_regressions=dict(data.get("article_regressions", {})),
            harness_version=str(data.get("harness_version", "?")),
            fingerprint=Fingerprint.from_dict(data["fingerprint"]) if data.get("fingerprint") is not None else None,
            judge=dict(data["judge"]) if isinstance(data.get("judge"), dict) else None,
            missing_articles=[str(a) for a in data.get("missing_articles", [])],
            warnings=[str(w) for w in data.get("warnings", [])],
            from_cache=int(data["from_cache"]) if data.get("from_cache") is not None else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"{source}: malformed fact-harness result ({type(exc).__name__}: {exc})") from None


_DETAILS_OPEN = b'\n  "details": ['
_DETAILS_CLOSE = b"\n  ]"
_DETAIL_KEYS = frozenset({"article", "type", "outcome"})
"""What :meth:`Detail.from_dict` needs of a detail; the rest has defaults."""


def read_result(path: Path) -> Result:
    """A saved JSON result, read without ever holding every detail as parsed JSON.

    A file as :meth:`Result.write_json` wrote it (details one per line) has its head parsed alone
    and its details streamed line by line into the result's store; any other layout of the same
    JSON (re-indented, say) is parsed whole. Raises OSError when the file cannot be read,
    ``json.JSONDecodeError`` when it is not JSON, and ValueError for JSON of another layout.
    """
    source = str(path)
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        raw: bytes | mmap.mmap = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    try:
        streamed = _read_streamed(raw, source)
        if streamed is not None:
            return streamed
        return from_dict(json.loads(raw[:]), source=source)
    finally:
        if isinstance(raw, mmap.mmap):
            raw.close()


def _read_streamed(raw: bytes | mmap.mmap, source: str) -> Result | None:
    """The result when ``raw`` has the streamed layout, else None (the caller then parses it whole)."""
    start = raw.find(_DETAILS_OPEN)
    if start < 0:
        return None
    body = start + len(_DETAILS_OPEN)
    if raw[body:body + 1] == b"]":
        close, after = body, body + 1
    else:
        close = raw.find(_DETAILS_CLOSE, body)
        if close < 0:
            return None
        after = close + len(_DETAILS_CLOSE)
    try:
        head = json.loads(raw[:start] + b'\n  "details": []' + raw[after:])
    except ValueError:
        return None
    if not isinstance(head, dict) or not isinstance(head.get("details"), list):
        return None
    result = from_dict(head, source=source)

    def lines() -> Iterator[bytes]:
        """Each detail's JSON line, checked to be a detail but kept as written (not decoded again)."""
        pos = body
        while pos < close:
            end = raw.find(b"\n", pos + 1, close)
            end = close if end < 0 else end
            line = raw[pos:end].strip().rstrip(b",")
            pos = end
            if line:
                detail = json.loads(line)
                if not isinstance(detail, dict) or not detail.keys() >= _DETAIL_KEYS:
                    raise ValueError(f"a detail lacks {sorted(_DETAIL_KEYS - set(detail))}"
                                     if isinstance(detail, dict) else "a detail is not an object")
                yield line

    try:
        result.details.extend_json_lines(lines())
    except ValueError as exc:
        raise ValueError(f"{source}: malformed fact-harness result ({type(exc).__name__}: {exc})") from None
    return result
