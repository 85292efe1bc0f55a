"""Print the per-article counts table of gold/README.md (facts by type, optional, negatives).

    python scripts/gold_stats.py            # print the table
    python scripts/gold_stats.py --check    # exit 1 when gold/README.md's table is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from harness import FACT_TYPES, load_corpus

BEGIN, END = "<!-- counts:begin -->", "<!-- counts:end -->"


def table() -> str:
    corpus = load_corpus(Path(__file__).parents[1] / "gold", Path(__file__).parents[1] / "seeds")
    head = "| article | " + " | ".join(FACT_TYPES) + " | facts | of which optional | negatives |"
    rows = [head, "|" + "---|" * (len(FACT_TYPES) + 4)]
    totals = [0] * (len(FACT_TYPES) + 3)
    for entry in corpus:
        facts = entry.gold.facts
        cells = [sum(f.type == t for f in facts) for t in FACT_TYPES]
        cells += [len(facts), sum(f.optional for f in facts), len(entry.gold.negatives)]
        totals = [a + b for a, b in zip(totals, cells, strict=True)]
        rows.append(f"| {entry.article.id} | " + " | ".join(map(str, cells)) + " |")
    rows.append("| **all** | " + " | ".join(f"**{n}**" for n in totals) + " |")
    return "\n".join(rows)


def main() -> int:
    text = table()
    if "--check" in sys.argv:
        readme = (Path(__file__).parents[1] / "gold" / "README.md").read_text(encoding="utf-8")
        current = readme.split(BEGIN)[1].split(END)[0].strip()
        if current != text:
            print("gold/README.md counts are out of date; run: python scripts/gold_stats.py", file=sys.stderr)
            return 1
        return 0
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
