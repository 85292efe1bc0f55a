"""Regression fixtures: the JSON results of the built-in extractors on the bundled benchmark, byte for byte.

The fixtures in ``tests/fixtures/regression/`` were written by ``fact-harness score NAME --mode MODE
--format json``. A change that alters any of them changes what users are told; such a change must
regenerate the fixture deliberately (same command) and say why in its commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import harness

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "regression"

CASES = [
    ("baseline", "strict", {}),
    ("baseline", "lenient", {}),
    ("oracle", "strict", {}),
    ("oracle", "lenient", {}),
    ("empty", "strict", {}),
    ("empty", "lenient", {}),
    ("baseline", "strict", {"count_duplicates": True}),
]


def _name(extractor: str, mode: str, extra: dict[str, object]) -> str:
    suffix = "".join(f"-{k.replace('_', '-')}" for k in extra)
    return f"{extractor}-{mode}{suffix}.json"


@pytest.mark.parametrize(("extractor", "mode", "extra"), CASES, ids=[_name(*c) for c in CASES])
def test_json_result_is_unchanged(extractor: str, mode: str, extra: dict[str, object], gold_dir: Path,
                                  seeds_dir: Path) -> None:
    result = harness.score(extractor, mode=mode, gold=gold_dir, seeds=seeds_dir, **extra)  # type: ignore[arg-type]
    expected = (FIXTURES / _name(extractor, mode, extra)).read_text(encoding="utf-8")
    assert result.to_json() == expected
