"""The human ceiling shipped with a benchmark: how well two careful annotators agreed, per type.

``fact-harness agree GOLD GOLD/second-pass --format json -o GOLD/second-pass/agreement.json``
writes it; every run over that gold reads it (:func:`load_ceiling`) and every report shows each
type's human agreement F1 beside the extractor's F1 — what an extractor can be expected to reach.
A gold directory without the file simply has no ceiling.
"""

from __future__ import annotations

import json
from pathlib import Path

from harness.types import FACT_TYPES

CEILING_FILE = Path("second-pass") / "agreement.json"
"""Where, inside a gold directory, the agreement of its second annotation is kept."""


def load_ceiling(gold_dir: Path) -> dict[str, float | None]:
    """``{"overall": F1, type: F1 …}`` from ``<gold_dir>/second-pass/agreement.json``; empty when absent.

    Raises ValueError naming the file when it exists but is not an ``agree`` JSON result.
    """
    path = gold_dir / CEILING_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out: dict[str, float | None] = {"overall": _f1(data["overall"])}
        for t in FACT_TYPES:
            if t in data.get("by_type", {}):
                out[t] = _f1(data["by_type"][t])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not the JSON of fact-harness agree ({type(exc).__name__}: {exc})") from None
    return out


def _f1(block: dict[str, object]) -> float | None:
    value = block.get("f1")
    if value is not None and not isinstance(value, (int, float)):
        raise TypeError(f"f1 is {value!r}")
    return None if value is None else float(value)
