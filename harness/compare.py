"""Comparing saved results: side-by-side metrics with deltas, and the facts that changed fate."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from harness.details import Detail
from harness.metrics import METRICS
from harness.outcomes import GOLD_OUTCOMES, counted
from harness.result import Result
from harness.types import FACT_TYPES


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
    """Gold facts found in ``old`` but missed in ``new`` (and back), spurious predictions new in ``new`` (and gone).

    One pass over each run's details; of ``old`` only the keys of its found and missed facts are
    kept (and its spurious predictions), so memory follows the changes, not the corpus.
    """
    def fate(r: Result, d: Detail) -> str:
        """``spurious``, ``found``, ``missed`` or ``other``, by the run's own counting policy.

        A prediction matching no gold fact that the run counted as a false positive is spurious (a
        counted duplicate too); a gold fact counted as a true positive is found, as a false
        negative missed.
        """
        c = counted(d.outcome, mode=r.mode, optional=d.optional,
                    count_duplicates=bool(r.options.get("count_duplicates")))
        if d.outcome not in GOLD_OUTCOMES:
            return "spurious" if c.fp else "other"
        return "found" if c.tp else "missed" if c.fn else "other"

    old_found: set[tuple[str, str, str | None]] = set()
    old_missed: set[tuple[str, str, str | None]] = set()
    old_sp: dict[tuple[str, str, str], Detail] = {}
    for d in old.details:
        f = fate(old, d)
        if f == "spurious":
            old_sp[_key(d)] = d
        elif f == "found":
            old_found.add((d.article, d.type, d.gold_id))
        elif f == "missed":
            old_missed.add((d.article, d.type, d.gold_id))
    newly_missed: dict[tuple[str, str, str | None], Detail] = {}
    newly_found: dict[tuple[str, str, str | None], Detail] = {}
    new_sp: set[tuple[str, str, str]] = set()
    newly_spurious: dict[tuple[str, str, str], Detail] = {}
    for d in new.details:
        f = fate(new, d)
        if f == "spurious":
            k = _key(d)
            new_sp.add(k)
            if k not in old_sp:
                newly_spurious[k] = d
            continue
        g = (d.article, d.type, d.gold_id)
        if f == "missed" and g in old_found:
            newly_missed[g] = d
        elif f == "found" and g in old_missed:
            newly_found[g] = d
    return FactDiff(
        newly_missed=[newly_missed[k] for k in sorted(newly_missed, key=str)],
        newly_found=[newly_found[k] for k in sorted(newly_found, key=str)],
        newly_spurious=[newly_spurious[k] for k in sorted(newly_spurious)],
        no_longer_spurious=[old_sp[k] for k in sorted(old_sp) if k not in new_sp],
    )
