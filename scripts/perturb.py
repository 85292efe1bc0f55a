"""Perturb judged-faithful predictions one part at a time, as extractors go wrong, for a new judging round.

    python scripts/perturb.py PAIRS.jsonl --start 1645 -o batch.jsonl

Reads judged pairs (``gold/judgements/pairs.jsonl`` format), takes those judged ``full`` and changes
one part of each prediction: a claim's speaker becomes another speaker of the article, a figure's
unit another unit of the article's figures (its value kept), a date one precision coarser, a place's
distance dropped or its direction turned round, a speaker's name cut to its surname. Each changed
prediction is paired with the same gold fact, shown expanded as make_pairs.py shows it (a batch can
be judged from the article alone); the verdicts are left to readers.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml
from make_pairs import batch_arguments, expanded

ROOT = Path(__file__).resolve().parent.parent
OPPOSITE = {"north": "south", "south": "north", "east": "west", "west": "east"}


def perturb(pred: dict[str, Any], facts: list[dict[str, Any]], rng: random.Random) -> dict[str, Any] | None:
    p = dict(pred)
    t = p["type"]
    if t == "claim":
        names = sorted({f["name"] for f in facts if f["type"] == "speaker"} - {p.get("speaker")})
        if not names:
            return None
        p["speaker"] = rng.choice(names)
    elif t == "figure":
        units = sorted({str(f["unit"]) for f in facts if f["type"] == "figure"} - {str(p.get("unit"))})
        if not units:
            return None
        p["unit"] = rng.choice(units)
    elif t == "date":
        value = str(p["value"])
        if len(value) <= 4:
            return None
        p["value"] = value[:7] if len(value) == 10 else value[:4]
    elif t == "place":
        d = p.get("distance")
        if not d:
            return None
        if d.get("direction") in OPPOSITE and rng.random() < 0.5:
            p["distance"] = {**d, "direction": OPPOSITE[d["direction"]]}
        else:
            del p["distance"]
    elif t == "speaker":
        words = str(p["name"]).split()
        if len(words) < 2:
            return None
        p["name"], p["aliases"] = words[-1], []
    return p


def main(argv: list[str] | None = None) -> int:
    args = batch_arguments(__doc__.splitlines()[0], "pairs", argv)
    if args is None:
        return 2
    rng = random.Random(args.seed)
    gold: dict[str, list[dict[str, Any]]] = {}
    n = args.start
    with args.output.open("w", encoding="utf-8") as out:
        for line in args.pairs.read_text(encoding="utf-8").splitlines():
            pair = json.loads(line)
            if pair["verdict"] != "full":
                continue
            article = pair["article"]
            if article not in gold:
                gold[article] = yaml.safe_load((args.gold / f"{article}.yaml").read_text(encoding="utf-8"))["facts"]
            changed = perturb(pair["prediction"], gold[article], rng)
            if changed is None or changed == pair["prediction"]:
                continue
            speakers = {f["id"]: f for f in gold[article] if f.get("type") == "speaker"}
            fact = next(f for f in gold[article] if f.get("id") == pair["gold_id"])
            out.write(json.dumps({"id": f"pair-{n:04d}", "article": article, "type": pair["type"],
                                  "gold_id": pair["gold_id"], "gold": expanded(fact, speakers),
                                  "prediction": changed, "source": "perturbed"},
                                 ensure_ascii=False, default=str) + "\n")
            n += 1
    print(f"{n - args.start} pair(s) → {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
