"""Comparing saved results: side-by-side metrics with deltas, the facts that changed fate, and whether a
difference is real (the paired tests of :mod:`harness.significance`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from harness.details import Detail
from harness.metrics import METRICS
from harness.outcomes import GOLD_OUTCOMES, counted
from harness.result import Result
from harness.significance import RESAMPLES, SEED, SHUFFLES, mcnemar_counts, paired_counts
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


def gold_fates(r: Result) -> tuple[dict[tuple[str, str, str | None], bool], dict[tuple[str, str, str | None], str]]:
    """Each gold fact the run counted (found: True, missed: False) and its type; optional facts are left out."""
    fates: dict[tuple[str, str, str | None], bool] = {}
    types: dict[tuple[str, str, str | None], str] = {}
    for d in r.details:
        if d.outcome not in GOLD_OUTCOMES:
            continue
        c = r.counted(d)
        if c.tp or c.fn:
            key = (d.article, d.type, d.gold_id)
            fates[key] = bool(c.tp)
            types[key] = d.type
    return fates, types


def significance(a: Result, b: Result, *, resamples: int = RESAMPLES, shuffles: int = SHUFFLES,
                 seed: int = SEED) -> dict[str, Any]:
    """The paired tests of B − A (:mod:`harness.significance`) as the ``significance`` block of ``compare``.

    Bootstrap intervals and approximate-randomization p-values over the articles both runs scored,
    Holm-corrected across the scopes per metric, and the exact McNemar test on the gold facts both
    runs judged (b found by A only, c found by B only).
    """
    out = paired_counts(a.by_article, b.by_article, FACT_TYPES, resamples=resamples, shuffles=shuffles, seed=seed)
    fates_a, types = gold_fates(a)
    fates_b, _ = gold_fates(b)
    out["mcnemar"] = mcnemar_counts(fates_a, fates_b, types, FACT_TYPES)
    return out


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.3f}".replace("-", "−")


def _p(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _fraction(p: float) -> str:
    inverse = 1 / p if p else 0
    return f" (1/{round(inverse)})" if p and abs(inverse - round(inverse)) < 1e-6 else ""


def significance_rows(sig: Mapping[str, Any]) -> list[list[str]]:
    """One row per scope and metric: scope, metric, Δ, interval, p, Holm p (for tables)."""
    rows = []
    for scope, metrics in sig["scopes"].items():
        for m, st in metrics.items():
            ci = st["ci"]
            interval = "–" if ci is None else f"[{_signed(ci[0])}, {_signed(ci[1])}]"
            rows.append([scope, m, _signed(st["delta"]), interval, _p(st["p_value"]), _p(st["p_holm"])])
    return rows


def mcnemar_rows(sig: Mapping[str, Any]) -> list[list[str]]:
    """One row per scope: scope, b (found by A only), c (found by B only), exact p."""
    return [[scope, str(x["b"]), str(x["c"]), _p(x["p_value"])] for scope, x in sig["mcnemar"].items()]


def significance_note(sig: Mapping[str, Any]) -> str:
    """What was computed, and the smallest p-value the article-level test can give."""
    n, min_p = sig["articles"], sig["min_p"]
    return (f"Paired over {n} {sig['unit']}(s), B − A: {sig['level']:.0%} bootstrap intervals "
            f"({sig['resamples']} resamples), approximate-randomization p ({sig['shuffles']} shuffles, two-sided; "
            f"Holm across scopes per metric), seed {sig['seed']}. With {n} articles the article-level test cannot "
            f"give p below {min_p:.4g}{_fraction(min_p)}: \"not significant\" is not \"no difference\". "
            "McNemar: exact, on the gold facts found by one run only (b by A, c by B).")


def markdown(rows: Sequence[Mapping[str, Any]], sig: Mapping[str, Any] | None) -> str:
    """``compare --format markdown``: scores side by side, then the significance of B − A."""
    runs = rows[0]["runs"] if rows else []
    head = ["scope", *[f"{chr(65 + i) if i < 26 else i}: {r['extractor']} P / R / F1" for i, r in enumerate(runs)]]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * len(runs) + "|"]
    for row in rows:
        cells = []
        for i, run in enumerate(row["runs"]):
            text = " / ".join(_p3(run[m]) for m in METRICS)
            if i:
                text += f" (Δ F1 {_signed(run['f1_delta'])})"
            cells.append(text)
        lines.append(f"| {row['scope']} | " + " | ".join(cells) + " |")
    if sig is None:
        lines += ["", "_Significance is computed for two runs: compare A.json B.json._"]
        return "\n".join(lines) + "\n"
    lines += ["", "**Is the difference real?** B − A", "",
              "| scope | metric | Δ | 95% CI | p | p (Holm) |", "|---|---|---:|---:|---:|---:|"]
    lines += ["| " + " | ".join(r) + " |" for r in significance_rows(sig)]
    lines += ["", "| McNemar | b (A only) | c (B only) | p |", "|---|---:|---:|---:|"]
    lines += ["| " + " | ".join(r) + " |" for r in mcnemar_rows(sig)]
    lines += ["", significance_note(sig)]
    return "\n".join(lines) + "\n"


def _p3(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
