"""Details kept encoded: what they hold reads back the same, and the store writes them as they are."""

from __future__ import annotations

import pickle

from harness.details import Detail, DetailLines, DetailStore
from harness.outcomes import Outcome

DETAILS = [
    Detail("003", "date", Outcome.TP, "date-1", {"type": "date", "value": "2021-11-05"}, "same day"),
    Detail("003", "speaker", Outcome.FP, None, {"type": "speaker", "name": "Ségolène\nRoyal"}, "no gold speaker matches",
           grounded=False),
    Detail("003", "claim", Outcome.FN, "claim-2", None, "no prediction matches", optional=True, decided_by="verdict"),
    Detail("003", "speaker", Outcome.PARTIAL, "spk-1", {"type": "speaker", "name": "Peskov"}, "surname shared",
           grounded=False),
]


def test_encoded_details_read_back_equal_and_count_the_ungrounded() -> None:
    lines = DetailLines(DETAILS)
    assert len(lines) == 4 and list(lines) == DETAILS and lines[1] == DETAILS[1]
    assert lines.ungrounded == {"speaker": 2}
    again = pickle.loads(pickle.dumps(lines))
    assert list(again) == DETAILS and again.ungrounded == {"speaker": 2} and len(again) == 4
    assert len(DetailLines()) == 0 and list(DetailLines()) == []


def test_the_store_writes_encoded_details_as_it_writes_details() -> None:
    one, other = DetailStore(DETAILS), DetailStore()
    other.extend_lines(DetailLines(DETAILS[:1]))
    other.extend_lines(DetailLines())
    other.extend_lines(DetailLines(DETAILS[1:]))
    assert list(one.json_lines()) == list(other.json_lines())
    assert len(other) == 4 and list(other) == DETAILS


def test_details_are_written_in_blocks_as_line_by_line() -> None:
    import io

    many = [*DETAILS, Detail("004", "place", Outcome.TP, "p-1", {"type": "place", "name": "Єльня 🙂"}, "é" * 7)] * 5
    store = DetailStore(many)
    expected = "\n    " + ",\n    ".join(store.json_lines())
    for block in (1, 2, 3, 7, 64, 1 << 20):  # blocks that cut lines and multibyte characters anywhere
        out = io.StringIO()
        assert store.write_items(out, "\n    ", ",\n    ", block=block)
        assert out.getvalue() == expected
    assert list(store) == many  # the store reads on as before
    assert not DetailStore().write_items(io.StringIO(), "x", "y")
