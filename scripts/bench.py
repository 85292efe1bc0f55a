"""Benchmark: fact-harness against the cost of merely reading its inputs, and against a peer.

Generates a synthetic corpus in a temporary directory — N articles × M facts of all five types, as gold
YAML plus an article text that contains every evidence quote, and a predictions JSONL with realistic
noise (unit variants km/miles, aliases and transliterations, approximate values, dates at another
precision, missing and extra facts, duplicates) — then measures, on the same files:

(a) floor   — load the same files (PyYAML's C loader + json) and intersect exact (type, value)
              tuples per article: the least any scorer must do (the faster of two runs);
(b) harness — ``fact-harness score --predictions`` end to end, as a separate process;
(c) api     — ``harness.score(predictions=…)`` in this process (the same work without start-up);
(d) peer    — nervaluate (``pip install nervaluate``) on the same facts cast as labelled spans: each
              gold fact is its first evidence quote's character span labelled with the fact type,
              each prediction the span of the text it quotes; nervaluate's strict/exact schema then
              counts a prediction right when span and label agree. It therefore sees no units,
              names or dates — it is the cheapest span matcher users pick today, not an equal.

Prints articles/s, facts/s, peak RSS and the ratios b/a and b/d; ``--json`` prints one JSON object.

    python scripts/bench.py --articles 1000 --facts 50
    python scripts/bench.py --articles 10000 --facts 50 --json
    python scripts/bench.py --articles 10000 --targets      # measure at 1,000 and 10,000; exit 1 if a target is missed
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from harness.workers import default_jobs

FIRST = ["Dmitry", "Antony", "Ursula", "Peter", "Valeriy", "Oleksiy", "John", "Jens", "Emmanuel", "Florence",
         "Yuras", "Angela", "Sylvie", "Lorne", "Matthew", "Olena", "Andriy", "Maria", "Jean", "Volodymyr"]
LAST = ["Peskov", "Blinken", "Leyen", "Stano", "Zaluzhny", "Reznikov", "Kirby", "Stoltenberg", "Macron", "Parly",
        "Karmanau", "Charlton", "Corbet", "Cook", "Lee", "Kovalenko", "Demchenko", "Shevchenko", "Drian", "Zelensky"]
TRANSLIT = {"Zelensky": "Zelenskiy", "Zaluzhny": "Zaluzhnyi", "Kovalenko": "Kovalenco", "Shevchenko": "Shevchenco"}
UNITS = [("troops", "troops"), ("km", "kilometers"), ("people", "people"), ("USD", "dollars")]
VERBS = ["said", "warned", "claimed", "told reporters", "insisted"]
CLAIMS = ["the troops will stay near the border", "talks with the alliance must continue",
          "sanctions would follow any attack", "the exercises ended last week", "no decision has been taken yet",
          "the deployment threatens regional security", "the supply lines are being extended"]


def _fact_block(rng: random.Random, k: int, sentences: list[str],
                dense: bool = False) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Five facts (one of each type) around one speaker, and the sentences that state them.

    ``dense``: values drawn from small pools, so that one long article repeats the same dates,
    figures, names, places and claims many times over (identical and near-identical facts).
    """
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}{k}" if not dense else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    sid = f"spk-{k}"
    value = rng.randrange(100, 200_000) if not dense else rng.choice([1_000, 5_000, 90_000, 100_000, 175_000])
    unit, word = rng.choice(UNITS)
    if dense:
        year, month, day = 2021, rng.choice([11, 12]), rng.choice([1, 5, 12])
    else:
        year, month, day = rng.randrange(2015, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
    place = f"Town{k}x{rng.randrange(1000)}" if not dense else f"Town{rng.randrange(20)}"
    dist = rng.randrange(20, 900) if not dense else rng.choice([50, 260, 500])
    claim = rng.choice(CLAIMS) + (f" in sector {k}" if not dense else "")
    figure_ev = f"{value:,} {word}"
    sentences += [
        f"{name} {rng.choice(VERBS)} that {claim}.",
        f"Officials counted {figure_ev} by {year}-{month:02d}-{day:02d}.",
        f"Units remain in {place}, about {dist} kilometers north of the border.",
    ]
    gold = [
        {"id": sid, "type": "speaker", "name": name, "evidence": name},
        {"id": f"fig-{k}", "type": "figure", "value": value, "unit": unit, "approx": False, "evidence": figure_ev},
        {"id": f"date-{k}", "type": "date", "value": f"{year}-{month:02d}-{day:02d}",
         "evidence": f"{year}-{month:02d}-{day:02d}"},
        {"id": f"place-{k}", "type": "place", "name": place,
         "distance": {"value": dist, "unit": "km", "from": "the border", "direction": "north"},
         "evidence": f"{place}, about {dist} kilometers north of the border"},
        {"id": f"claim-{k}", "type": "claim", "speaker": sid, "text": claim, "evidence": claim},
    ]
    return gold, {"name": name, "value": value, "unit": unit, "date": (year, month, day), "place": place,
                  "dist": dist, "claim": claim}


def _noisy(rng: random.Random, g: dict[str, Any], facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Predictions for one fact block: variants, approximations, other precisions, misses, extras, duplicates."""
    out: list[dict[str, Any]] = []
    first, last = facts["name"].split(" ", 1)
    base = last.rstrip("0123456789")
    variant = TRANSLIT.get(base, base) + last[len(base):] if rng.random() < 0.3 else last
    if rng.random() < 0.85:
        out.append({"type": "speaker", "name": rng.choice([f"{first} {variant}", variant, f"Mr {first} {last}"]),
                    "evidence": facts["name"]})
    if rng.random() < 0.85:
        v, unit = facts["value"], facts["unit"]
        if unit == "km" and rng.random() < 0.5:
            v, unit = round(v / 1.609344), "miles"
        elif rng.random() < 0.3:
            v = round(v * rng.uniform(0.995, 1.005))
        out.append({"type": "figure", "value": v, "unit": unit, "evidence": f"{facts['value']:,}"})
    if rng.random() < 0.85:
        y, m, d = facts["date"]
        value = f"{y}-{m:02d}" if rng.random() < 0.15 else f"{y}-{m:02d}-{d:02d}"
        out.append({"type": "date", "value": value, "evidence": f"{y}-{m:02d}-{d:02d}"})
    if rng.random() < 0.85:
        place: dict[str, Any] = {"type": "place", "name": facts["place"], "evidence": facts["place"]}
        if rng.random() < 0.7:
            place["distance"] = ({"value": round(facts["dist"] / 1.609344), "unit": "mi"} if rng.random() < 0.3
                                 else {"value": facts["dist"], "unit": "km"})
        out.append(place)
    if rng.random() < 0.85:
        out.append({"type": "claim", "speaker": f"{first} {last}", "text": facts["claim"], "evidence": facts["claim"]})
    if rng.random() < 0.1:
        out.append({"type": "figure", "value": rng.randrange(1, 10_000), "unit": "people"})
    if rng.random() < 0.05 and out:
        out.append(dict(out[0]))
    for p in out:
        if rng.random() < 0.5:
            p["confidence"] = round(rng.random(), 3)
    return out


def generate(root: Path, n_articles: int, n_facts: int, seed: int, dense: bool = False) -> tuple[Path, Path, Path]:
    """Write seeds/, gold/ and predictions.jsonl under ``root``; returns their paths."""
    rng = random.Random(seed)
    seeds, gold = root / "seeds", root / "gold"
    seeds.mkdir(parents=True)
    gold.mkdir()
    preds_path = root / "predictions.jsonl"
    blocks = max(1, n_facts // 5)
    with preds_path.open("w", encoding="utf-8") as preds:
        for a in range(n_articles):
            aid = f"{a:06d}_synthetic"
            sentences: list[str] = [f"Report {a}."]
            facts: list[dict[str, Any]] = []
            predicted: list[dict[str, Any]] = []
            for k in range(blocks):
                g, info = _fact_block(rng, k, sentences, dense)
                facts.extend(g)
                predicted.extend(_noisy(rng, g[0], info))
            (seeds / f"{aid}.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
            doc = {"article": {"id": aid, "file": f"{aid}.txt", "published": "2021-11-05"}, "facts": facts}
            (gold / f"{aid}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True),
                                              encoding="utf-8")
            preds.write(json.dumps({"article": aid, "facts": predicted}) + "\n")
    return seeds, gold, preds_path


def _key(f: dict[str, Any]) -> tuple[str, str]:
    value = f.get("value", f.get("name", f.get("text")))
    return (f["type"], str(value))


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_predictions(preds: Path) -> dict[str, list[dict[str, Any]]]:
    """Every predictions line as plain JSON: article id → facts."""
    with preds.open(encoding="utf-8") as fh:
        return {(record := json.loads(line))["article"]: record["facts"] for line in fh}


def floor(gold: Path, preds: Path) -> tuple[float, int]:
    """(a): read every file (C YAML loader + json) and intersect exact (type, value) tuples per article."""
    start = time.perf_counter()
    loader = LOADER
    predicted = {a: {_key(f) for f in facts} for a, facts in read_predictions(preds).items()}
    hits = 0
    for path in sorted(gold.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        (gold.parent / "seeds" / doc["article"]["file"]).read_text(encoding="utf-8")  # the harness reads it too
        hits += len({_key(f) for f in doc["facts"]} & predicted.get(doc["article"]["id"], set()))
    return time.perf_counter() - start, hits


_MEASURE = """
import json, os, subprocess, sys, time
with open(sys.argv[1], "wb") as err:
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "maxrss_kb": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}))
"""
"""Runs a command and reports its time and peak RSS. It is started as a small process of its own because
the kernel carries a process's RSS high-water mark across ``exec``: a command forked straight from this
(large) benchmark process would report this process's size as its own peak."""


def harness_process(gold: Path, seeds: Path, preds: Path, out: Path, jobs: int | None,
                    extra: list[str] | None = None) -> tuple[float, float]:
    """(b): the CLI end to end in a child process; returns (seconds, peak RSS in MB).

    The peak is that of the largest single process (the CLI or one of its scoring workers, which
    share the CLI's pages until they write to them), as ``wait4`` reports it.
    """
    cmd = [sys.executable, "-m", "harness", "score", "--predictions", str(preds), "--gold", str(gold),
           "--seeds", str(seeds), "--format", "json", "--output", str(out)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    cmd += extra or []
    stderr = out.with_name("harness.stderr")
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(stderr), *cmd], capture_output=True, text=True,
                         check=True, env={**os.environ, "FACT_HARNESS_CACHE": str(out.parent / "cache")})
    report = json.loads(run.stdout)
    if report["exit"] not in (0, 1):
        raise SystemExit(f"fact-harness failed:\n{stderr.read_text(errors='replace')}")
    return report["seconds"], report["maxrss_kb"] / 1024


def api(gold: Path, seeds: Path, preds: Path) -> float:
    """(c): the Python API in this process."""
    import harness

    start = time.perf_counter()
    harness.score(predictions=preds, gold=gold, seeds=seeds)
    return time.perf_counter() - start


def peer(gold: Path, seeds: Path, preds: Path) -> float | None:
    """(d): nervaluate on the same facts as labelled character spans (see the module docstring)."""
    try:
        from nervaluate import Evaluator
    except ImportError:
        return None
    start = time.perf_counter()
    loader = LOADER
    predicted = read_predictions(preds)
    true_docs, pred_docs = [], []
    for path in sorted(gold.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        text = (seeds / doc["article"]["file"]).read_text(encoding="utf-8")

        def span(fact: dict[str, Any], text: str = text) -> dict[str, Any] | None:
            ev = fact.get("evidence")
            quote = ev[0] if isinstance(ev, list) else ev
            at = text.find(quote) if quote else -1
            return None if at < 0 else {"label": fact["type"], "start": at, "end": at + len(quote)}

        true_docs.append([s for f in doc["facts"] if (s := span(f))])
        pred_docs.append([s for f in predicted.get(doc["article"]["id"], []) if (s := span(f))])
    Evaluator(true_docs, pred_docs, tags=["figure", "speaker", "date", "place", "claim"]).evaluate()
    return time.perf_counter() - start


def measure(n_articles: int, n_facts: int, seed: int, jobs: int | None, keep: Path | None) -> dict[str, Any]:
    """Generate one corpus and time (a)–(d) on it; the report's keys are those ``--json`` prints."""
    root = keep or Path(tempfile.mkdtemp(prefix="fact-harness-bench-"))
    try:
        t0 = time.perf_counter()
        seeds, gold, preds = generate(root, n_articles, n_facts, seed)
        gen_s = time.perf_counter() - t0
        os.sync()  # the fresh files reach the disk now, not while something is being timed
        floor_s = min(floor(gold, preds)[0] for _ in range(2))  # its best of two: the stricter comparison
        nocache_s, _ = harness_process(gold, seeds, preds, root / "result.json", jobs, extra=["--no-cache"])
        harness_s, rss = harness_process(gold, seeds, preds, root / "result.json", jobs)  # cold gold cache
        warm_s, warm_rss = harness_process(gold, seeds, preds, root / "result.json", jobs)  # warm gold cache
        api_s = api(gold, seeds, preds)
        peer_s = peer(gold, seeds, preds)
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return {
        "articles": n_articles,
        "facts": n_articles * (n_facts // 5) * 5,
        "floor_s": round(floor_s, 3),
        "harness_s": round(harness_s, 3),
        "api_s": round(api_s, 3),
        "peer_s": None if peer_s is None else round(peer_s, 3),
        "ratio_vs_floor": round(harness_s / floor_s, 2),
        "ratio_vs_peer": None if peer_s is None else round(harness_s / peer_s, 2),
        "no_cache_s": round(nocache_s, 3),
        "warm_s": round(warm_s, 3),
        "warm_vs_floor": round(warm_s / floor_s, 2),
        "peer_vs_warm": None if peer_s is None else round(peer_s / warm_s, 2),
        "cold_vs_no_cache": round(harness_s / nocache_s, 2),
        "peak_rss_mb": round(max(rss, warm_rss), 1),
        "jobs": jobs or default_jobs(),
        "cores": os.cpu_count(),
        "generate_s": round(gen_s, 1),
    }


def measure_big_runs(n_articles: int, seed: int) -> dict[str, Any]:
    """The baseline extractor over ``n_articles`` synthetic articles: extracting afresh, every article from the
    extraction cache, and on a local Dask cluster (2 workers) against local worker processes (--jobs 2)."""
    root = Path(tempfile.mkdtemp(prefix="fact-harness-big-"))
    try:
        seeds, gold, _ = generate(root, n_articles, 50, seed)

        def run(*extra: str) -> float:
            cmd = ["baseline", "--gold", str(gold), "--seeds", str(seeds), "--format", "json",
                   "--output", str(root / "r.json"), *extra]
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "harness", "score", *cmd], capture_output=True, check=False,
                           env={**os.environ, "FACT_HARNESS_CACHE": str(root / "cache")})
            return time.perf_counter() - start

        local = run("--jobs", "2")
        local_json = (root / "r.json").read_bytes()
        cold = run("--jobs", "2", "--cache", str(root / "cache"))
        warm = run("--jobs", "2", "--cache", str(root / "cache"))
        out: dict[str, Any] = {"articles": n_articles, "local_s": round(local, 2), "cache_cold_s": round(cold, 2),
                               "cache_warm_s": round(warm, 2)}
        try:
            import distributed  # noqa: F401
        except ImportError:
            out["dask_s"] = None
        else:
            out["dask_s"] = round(run("--jobs", "2", "--executor", "dask"), 2)
            out["dask_identical"] = (root / "r.json").read_bytes() == local_json
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return out


DENSE_SECONDS, DENSE_RSS_MB = 5.0, 500.0


def measure_dense(n_facts: int, seed: int) -> dict[str, Any]:
    """One article of ``n_facts`` facts drawn from small pools of values (many identical and near-identical
    facts of each type), scored by the CLI end to end: time and peak RSS."""
    root = Path(tempfile.mkdtemp(prefix="fact-harness-dense-"))
    try:
        seeds, gold, preds = generate(root, 1, n_facts, seed, dense=True)
        size = (next(gold.glob("*.yaml"))).stat().st_size
        seconds, rss = harness_process(gold, seeds, preds, root / "result.json", 1, extra=["--no-cache"])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {"facts": (n_facts // 5) * 5, "gold_bytes": size, "harness_s": round(seconds, 2),
            "peak_rss_mb": round(rss, 1), "met": seconds < DENSE_SECONDS and rss < DENSE_RSS_MB}


def show(report: dict[str, Any]) -> None:
    """The report as a small table."""
    n, facts = report["articles"], report["facts"]
    print(f"{n:,} articles, {facts:,} gold facts (corpus generated in {report['generate_s']} s)")
    for label, key in ((f"harness CLI (b), {report['jobs']} job(s)", "harness_s"),
                       ("  … no gold cache", "no_cache_s"), ("  … warm gold cache", "warm_s"), ("floor (a)", "floor_s"),
                       ("harness API (c), in-process", "api_s"), ("nervaluate (d)", "peer_s")):
        s = report[key]
        if s is None:
            print(f"  {label:<30} not measured (pip install nervaluate)")
            continue
        print(f"  {label:<30} {s:8.2f} s  {n / s:8,.0f} articles/s  {facts / s:10,.0f} facts/s  "
              f"{1000 * s / n:6.2f} ms/article")
    print(f"  warm/a = {report['warm_vs_floor']}  d/warm = {report['peer_vs_warm']}  "
          f"cold/no-cache = {report['cold_vs_no_cache']}")
    print(f"  b/a = {report['ratio_vs_floor']}  b/d = {report['ratio_vs_peer']}  "
          f"peak RSS (b) = {report['peak_rss_mb']:.0f} MB")


TARGET_RATIO, TARGET_RSS_MB, TARGET_GROWTH = 3.0, 500.0, 1.3


def check_targets(small: dict[str, Any], large: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """The issue's targets at the large size: (target, measured, met)."""
    growth = (large["harness_s"] / large["articles"]) / (small["harness_s"] / small["articles"])
    return [
        ("warm gold cache ≤ 1.0× the floor", f"{large['warm_vs_floor']}×", large["warm_vs_floor"] <= 1.0),
        ("warm gold cache ≥ 3× faster than nervaluate", f"{large['peer_vs_warm']}×",
         large["peer_vs_warm"] is not None and large["peer_vs_warm"] >= 3.0),
        ("cold gold cache no slower than no cache (within 5%)", f"{large['cold_vs_no_cache']}×",
         large["cold_vs_no_cache"] <= 1.05),
        (f"end to end ≤ {TARGET_RATIO:g}× the floor", f"{large['ratio_vs_floor']}×",
         large["ratio_vs_floor"] <= TARGET_RATIO),
        (f"peak RSS ≤ {TARGET_RSS_MB:g} MB", f"{large['peak_rss_mb']:.0f} MB", large["peak_rss_mb"] <= TARGET_RSS_MB),
        (f"per-article cost at {large['articles']:,} within {TARGET_GROWTH}× of {small['articles']:,}",
         f"{growth:.2f}×", growth <= TARGET_GROWTH),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="N articles (default 1000)")
    parser.add_argument("--facts", type=int, default=50, help="M facts per article (default 50)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the synthetic corpus")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", type=Path, help="write the corpus here instead of a temporary directory")
    parser.add_argument("--jobs", type=int, help="worker processes for (b) (default: the CLI's, one per core)")
    parser.add_argument("--targets", action="store_true",
                        help="check the targets: measure at N/10 and at N (use --articles 10000), print each "
                             "target as met or not, exit 1 when one is not")
    parser.add_argument("--facts-per-article", type=int, metavar="M",
                        help="instead: one article of M facts with many identical and near-identical values, "
                             f"scored end to end (target: under {DENSE_SECONDS:g} s and {DENSE_RSS_MB:g} MB)")
    parser.add_argument("--big-runs", type=int, metavar="N",
                        help="instead: the baseline extractor over N articles, uncached, cold and warm extraction "
                             "cache, and on a local Dask cluster")
    args = parser.parse_args(argv)
    if args.big_runs:
        print(json.dumps(measure_big_runs(args.big_runs, args.seed)))
        return 0
    if args.facts_per_article:
        dense = measure_dense(args.facts_per_article, args.seed)
        if args.json:
            print(json.dumps(dense))
        else:
            print(f"one article, {dense['facts']:,} facts ({dense['gold_bytes'] / 1e6:.1f} MB of gold): "
                  f"{dense['harness_s']:.2f} s, peak RSS {dense['peak_rss_mb']:.0f} MB — "
                  f"{'met' if dense['met'] else 'NOT MET'} (< {DENSE_SECONDS:g} s, < {DENSE_RSS_MB:g} MB)")
        return 0 if dense["met"] else 1
    if args.articles < 1 or args.facts < 5:
        parser.error("--articles must be ≥ 1 and --facts ≥ 5")
    if args.targets and (args.keep or args.json or args.articles < 10):
        parser.error("--targets takes neither --keep nor --json, and needs --articles ≥ 10")
    if not args.json:
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"PyYAML C loader: {'yes' if LOADER is not yaml.SafeLoader else 'no'}")
    if not args.targets:
        report = measure(args.articles, args.facts, args.seed, args.jobs, args.keep)
        if args.json:
            print(json.dumps(report))
        else:
            show(report)
        return 0
    small = measure(args.articles // 10, args.facts, args.seed, args.jobs, None)
    show(small)
    large = measure(args.articles, args.facts, args.seed, args.jobs, None)
    show(large)
    results = check_targets(small, large)
    for target, measured, met in results:
        print(f"  {'met' if met else 'NOT MET':<8} {target}: {measured}")
    return 0 if all(met for _, _, met in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
