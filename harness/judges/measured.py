"""Judges' measured agreement with people, recorded by ``calibrate`` and read back by every score report.

``fact-harness calibrate --judge NAME`` measures a judge on the judged pairs and records the result
in the judge cache (``<cache>/agreement/…``), keyed by the judge's identity (name, model, prompt
version, threshold), the matcher options, a hash of the judged-pair files and the harness version; a score run with the
same judge, options and pairs finds it there and reports it. Nothing is measured during a score
run: a judge never measured says so, with the command that measures it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from harness.judges.cache import DiskCache
from harness.version import __version__


def pairs_digest(paths: Sequence[Path]) -> str:
    """``sha256:…`` of the judged-pair files' bytes (in name order); "" when there are none."""
    if not paths:
        return ""
    h = hashlib.sha256()
    for p in sorted(paths):
        try:
            data = p.read_bytes().replace(b"\r\n", b"\n")
        except OSError:
            continue
        h.update(f"{p.name}\0{len(data)}\0".encode())
        h.update(data)
    return f"sha256:{h.hexdigest()}"


def _key(identity: Mapping[str, Any], options: Mapping[str, Any], digest: str) -> dict[str, Any]:
    """The record's key; the harness version is part of it, for the matchers decide every pair a
    judge leaves to them (all of them, for the lexical judge): another release measures afresh."""
    return {"identity": dict(identity), "options": dict(options), "pairs": digest, "harness": __version__}


def record(cache_dir: Path, identity: Mapping[str, Any], options: Mapping[str, Any], digest: str,
           agreement: Mapping[str, Any]) -> None:
    """Keep a judge's measured agreement (see the module docstring)."""
    DiskCache(cache_dir, "agreement").put(_key(identity, options, digest), dict(agreement))


def lookup(cache_dir: Path, identity: Mapping[str, Any], options: Mapping[str, Any], digest: str) -> dict[str, Any] | None:
    """The agreement recorded for this judge, options and pairs, or None."""
    if not digest:
        return None
    found = DiskCache(cache_dir, "agreement").get(_key(identity, options, digest))
    return dict(found) if isinstance(found, dict) else None


def judged_pair_files(gold_dir: Path) -> list[Path]:
    """The benchmark's judged pairs (as ``calibrate`` reads them by default)."""
    return sorted((gold_dir / "judgements").glob("*.jsonl"))


def matcher_options(options: Any) -> dict[str, Any]:
    """The matcher options an agreement depends on (a :class:`~harness.match.Options`)."""
    return {"tolerance": options.tolerance, "name_similarity": options.name_similarity,
            "claim_similarity": options.claim_similarity}


LEXICAL = {"name": "lexical", "model": "matchers", "prompt_version": "-"}
"""The identity under which the matchers' own agreement is recorded."""


def run_report(judge: Any, stats: Mapping[str, int], options: Any, gold_dir: Path, cache_dir: Path) -> dict[str, Any]:
    """What a score report says of its judge: identity, decisions, fallbacks (by why), measured agreement.

    Cache hits are left out: the same run from a warm or a cold cache gives the same report.
    """
    identity = judge.identity() if judge is not None else dict(LEXICAL)
    agreement = lookup(cache_dir, identity, matcher_options(options), pairs_digest(judged_pair_files(gold_dir)))
    report: dict[str, Any] = dict(identity)
    if judge is not None:
        report["decisions"] = int(stats.get("decisions", 0))
        report["fallbacks"] = int(stats.get("fallbacks", 0))
        report["fallback_reasons"] = {k.removeprefix("fallback: "): int(v) for k, v in sorted(stats.items())
                                      if k.startswith("fallback: ")}
    report["agreement"] = agreement
    return report
