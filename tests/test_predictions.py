"""Reading a predictions file: line breaks, encodings, and problems said before any scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import harness
from harness.predictions import PredictionIndex, PredictionsError

A, B = "001_eab98a2f0f3a5ef7", "002_6f25c81f1ace9927"
CLAIM = {"type": "claim", "speaker": "Dmitry Peskov", "text": "Russia does not threaten\u2028anyone"}


def _index(tmp_path: Path, data: bytes) -> PredictionIndex:
    path = tmp_path / "preds.jsonl"
    path.write_bytes(data)
    return PredictionIndex(path, {A, B})


def test_a_line_separator_inside_a_string_is_text(tmp_path: Path) -> None:
    lines = [json.dumps({"article": A, "facts": [CLAIM]}, ensure_ascii=False), json.dumps({"article": B, "facts": []})]
    index = _index(tmp_path, ("\n".join(lines) + "\n").encode())
    assert index.problems == []
    assert index.get(A)[0].text == CLAIM["text"]
    assert index.articles() == [A, B]


def test_crlf_blank_lines_and_a_byte_order_mark(tmp_path: Path) -> None:
    body = f'{json.dumps({"article": A, "facts": [CLAIM]})}\r\n\r\n   \r\n{json.dumps({"article": B, "facts": []})}'
    index = _index(tmp_path, b"\xef\xbb\xbf" + body.encode())
    assert index.problems == []
    assert len(index.get(A)) == 1 and index.get(B) == []


def test_an_id_written_with_escapes_is_read_by_parsing(tmp_path: Path) -> None:
    index = _index(tmp_path, b'{"article": "001_eab98a2f0f3a5ef\\u0037", "facts": []}\n')
    assert index.problems == [] and A in index


def test_a_line_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    good = json.dumps({"article": A, "facts": []}).encode()
    bad = b'{"facts": [], "article": "caf\xe9"}'
    index = _index(tmp_path, good + b"\n" + bad + b"\n")
    assert len(index.problems) == 1
    assert index.problems[0].endswith(":2: not UTF-8 text (byte 30 of the line); save the file as UTF-8")


def test_problems_found_while_indexing_stop_the_run_before_scoring(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_text(json.dumps({"article": A, "facts": []}) + "\n" + json.dumps({"article": "nope", "facts": []}) + "\n")
    scored: list[int] = []
    with pytest.raises(PredictionsError) as info:
        harness.score(predictions=path, progress=scored.append)
    assert scored == []  # nothing was scored
    assert info.value.problems == [f"{path.as_posix()}:2: unknown article id 'nope' (known: 000_69509773b3ea4668, "
                                   f"001_eab98a2f0f3a5ef7, 002_6f25c81f1ace9927, 003_0089d118242a6352, "
                                   f"004_ebae451186ceb249)"]
