"""Agreement with the readers as if the articles' wording were new to the lexicon.

The lexicon's synonym groups were written on the dev articles, so dev agreement flatters the claim
matcher on wording it has never seen. This script measures the same judged pairs twice — with the
shipped lexicon, and with a copy whose synonym groups are all removed (negations, antonyms, actors and
the rest kept) — and prints both, per type. A change to the claim rules that helps only the first is
likely fitted to the dev articles; one that helps both is more likely to carry over to unseen ones.

    python scripts/calibrate_unseen.py                      # the dev split
    python scripts/calibrate_unseen.py --claim-similarity 0.4

Extra arguments go to ``fact-harness calibrate`` (``--split dev`` unless a ``--split`` or files are
given). The package is copied to a temporary directory and the copy's lexicon edited: nothing in the
checkout or the installed package is written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import harness

PACKAGE = Path(harness.__file__).resolve().parent


def without_synonyms(text: str) -> str:
    """The lexicon's YAML with every synonym group removed (one harmless group kept: the key must
    stay a list)."""
    start = text.index("\nsynonyms:\n") + 1
    end = text.index("\n# Words of opposite meaning", start)
    return text[:start] + "synonyms:\n  - [say, says, said]\n" + text[end:]


def calibrate(where: Path, corpus: harness.Corpus, args: list[str]) -> dict[str, Any]:
    """``fact-harness calibrate`` run from ``where``: the package found there, if any, is the one run."""
    env = {**os.environ, "FACT_HARNESS_CACHE": str(where / ".cache")}
    run = subprocess.run([sys.executable, "-m", "harness", "calibrate", *args, "--gold", str(corpus.gold_dir),
                          "--seeds", str(corpus.seeds_dir), "--format", "json"],
                         capture_output=True, text=True, env=env, check=False, cwd=where)
    if run.returncode not in (0, 1):
        sys.exit(f"calibrate failed: {run.stderr.strip()}")
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def main(argv: list[str]) -> int:
    files = [a for a in argv if a.endswith(".jsonl")]
    args = [str(Path(a).resolve()) if a in files else a for a in argv]
    if "--split" not in argv and not files:
        args = ["--split", "dev", *args]
    corpus = harness.load_corpus()
    with tempfile.TemporaryDirectory() as plain, tempfile.TemporaryDirectory() as edited:
        copy = Path(edited) / "harness"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        lexicon = copy / "data" / "lexicon.yaml"
        lexicon.write_text(without_synonyms(lexicon.read_text(encoding="utf-8")), encoding="utf-8")
        shipped = calibrate(Path(plain), corpus, args)
        unseen = calibrate(Path(edited), corpus, args)
    types = sorted(set(shipped["by_type"]) | set(unseen["by_type"]))
    print(f"{'':<22}{'overall':>9}" + "".join(f"{t:>9}" for t in types))
    for name, result in (("shipped lexicon", shipped), ("without its synonyms", unseen)):
        cells = "".join(f"{result['by_type'][t]['agreement']:>9.3f}" if t in result["by_type"] else f"{'—':>9}"
                        for t in types)
        print(f"{name:<22}{result['agreement']:>9.3f}{cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
