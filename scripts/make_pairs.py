"""Pair predictions with gold facts for judging, by plain word overlap (never by the matchers).

Each prediction is paired with the gold fact of its type that shares the most words with it (its
speaker's names count for a claim); a claim is also paired, with probability 0.4, with the best
*other* gold claim of that speaker; any prediction, with probability 0.08, with a random gold fact of
its type. Gold facts are shown to readers expanded (a claim's speaker as name, aliases and role) so a
batch can be judged from the article alone.

    python scripts/make_pairs.py PREDICTIONS.jsonl --source paraphrase --start 1030 -o batch.jsonl

Writes one item per line: ``{"id", "article", "type", "gold_id", "gold", "prediction", "source"}``.
Fields whose names start with ``_`` (a writer's notes) are dropped from the predictions.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

WORD = re.compile(r"[a-z0-9]+")
ROOT = Path(__file__).resolve().parent.parent


def words(value: Any) -> set[str]:
    """The lower-case words of every string and number inside ``value``."""
    if isinstance(value, dict):
        return set().union(*(words(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(words(v) for v in value)) if value else set()
    return set(WORD.findall(str(value).lower()))


def expanded(fact: dict[str, Any], speakers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The gold fact as a reader sees it: its speaker reference replaced by the speaker's names."""
    out = {k: v for k, v in fact.items() if k not in ("id", "note")}
    ref = fact.get("speaker")
    if isinstance(ref, str) and ref in speakers:
        s = speakers[ref]
        out["speaker"] = {k: s[k] for k in ("name", "aliases", "role") if k in s}
    return out


def gold_words(fact: dict[str, Any], speakers: dict[str, dict[str, Any]]) -> set[str]:
    shown = expanded(fact, speakers)
    shown.pop("evidence", None)
    return words(shown)


def pair(preds_path: Path, gold_dir: Path, source: str, start: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    n = start
    for line in preds_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        article = record["article"]
        doc = yaml.safe_load((gold_dir / f"{article}.yaml").read_text(encoding="utf-8"))
        facts = doc["facts"]
        speakers = {f["id"]: f for f in facts if f["type"] == "speaker"}
        for raw in record["facts"]:
            pred = {k: v for k, v in raw.items() if not k.startswith("_")}
            pw = words({k: v for k, v in pred.items() if k != "evidence"})
            same_type = [f for f in facts if f["type"] == pred["type"]]
            if not same_type:
                continue
            ranked = sorted(same_type, key=lambda f: (-len(pw & gold_words(f, speakers)), f["id"]))
            chosen = [ranked[0]]
            if pred["type"] == "claim" and rng.random() < 0.4:
                others = [f for f in ranked[1:] if f.get("speaker") == ranked[0].get("speaker")]
                if others:
                    chosen.append(others[0])
            if rng.random() < 0.08:
                extra = rng.choice(same_type)
                if extra not in chosen:
                    chosen.append(extra)
            for g in chosen:
                items.append({"id": f"pair-{n:04d}", "article": article, "type": pred["type"], "gold_id": g["id"],
                              "gold": expanded(g, speakers), "prediction": pred, "source": source})
                n += 1
    return items


def batch_arguments(description: str, source: str, argv: list[str] | None,
                    extra: Callable[[argparse.ArgumentParser], None] = lambda ap: None) -> argparse.Namespace | None:
    """The arguments every batch-making script takes (``source`` file, ``--start``, ``--seed``,
    ``--gold``, ``-o``); None (after saying why) when the output would overwrite the input."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument(source, type=Path)
    extra(ap)
    ap.add_argument("--start", type=int, required=True, help="the first pair number")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--gold", type=Path, default=ROOT / "gold")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    if args.output.exists() and args.output.resolve() == getattr(args, source).resolve():
        print(f"{Path(sys.argv[0]).stem}: the output would overwrite the input", file=sys.stderr)
        return None
    return args


def main(argv: list[str] | None = None) -> int:
    args = batch_arguments(__doc__.splitlines()[0], "predictions", argv, lambda ap: ap.add_argument(
        "--source", required=True, help="the extractor style (paraphrase, adversarial, …)"))
    if args is None:
        return 2
    items = pair(args.predictions, args.gold, args.source, args.start, args.seed)
    with args.output.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
    print(f"{len(items)} pair(s) → {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
