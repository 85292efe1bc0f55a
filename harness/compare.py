"""Comparing saved results: side-by-side metrics with deltas, and the facts that changed fate."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from harness.details import Detail
from harness.metrics import METRICS
from harness.model import FACT_TYPES
from harness.result import Result


def side_by_side(results: Sequence[Result]) -> list[dict[str, Any]]:
    """Rows (overall, then each type) of every result's P/R/F1, with deltas against the first result."""
    rows: list[dict[str, Any]] = []
    for scope in ("overall", *FACT_TYPES):
        runs: list[dict[str, Any]] = []
        row: dict[str, Any] = {"scope": scope, "runs": runs}
        first = results[0].counts(None if scope == "overall" else scope)
        for r in results:
            c = r.counts(None if scope == "overall" else scope)
            entry: dict[str, Any] = {"extractor": r.extractor}
            for m in METRICS:
                v, v0 = c.metric(m), first.metric(m)
                entry[m] = v
                entry[f"{m}_delta"] = None if v is None or v0 is None else round(v - v0, 6)
            runs.append(entry)
        rows.append(row)
    return rows


def _key(d: Detail) -> tuple[str, str, str]:
    return (d.article, d.type, json.dumps(d.prediction, sort_keys=True))


@dataclass
class FactDiff:
    """What changed between two runs on the same gold."""

    newly_missed: list[Detail]
    newly_found: list[Detail]
    newly_spurious: list[Detail]
    no_longer_spurious: list[Detail]


def diff(old: Result, new: Result) -> FactDiff:
    """Gold facts found in ``old`` but missed in ``new`` (and back), spurious predictions new in ``new`` (and gone)."""
    def found(r: Result) -> dict[tuple[str, str, str | None], Detail]:
        ok = {"tp"} | ({"partial"} if r.mode == "lenient" else set())
        return {(d.article, d.type, d.gold_id): d for d in r.details if d.outcome in ok and not d.optional}

    def missed(r: Result) -> dict[tuple[str, str, str | None], Detail]:
        bad = {"fn"} | ({"partial"} if r.mode == "strict" else set())
        return {(d.article, d.type, d.gold_id): d for d in r.details if d.outcome in bad and not d.optional}

    def spurious(r: Result) -> dict[tuple[str, str, str], Detail]:
        return {_key(d): d for d in r.details if d.outcome in ("fp", "negative")}

    old_found, new_missed = found(old), missed(new)
    new_found, old_missed = found(new), missed(old)
    old_sp, new_sp = spurious(old), spurious(new)
    return FactDiff(
        newly_missed=[new_missed[k] for k in sorted(new_missed, key=str) if k in old_found],
        newly_found=[new_found[k] for k in sorted(new_found, key=str) if k in old_missed],
        newly_spurious=[new_sp[k] for k in sorted(new_sp) if k not in old_sp],
        no_longer_spurious=[old_sp[k] for k in sorted(old_sp) if k not in new_sp],
    )
