"""scripts/calibrate_unseen.py: dev agreement with the shipped lexicon and with its synonyms removed."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from harness.lexicon import parse

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "calibrate_unseen.py"


def _module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("calibrate_unseen", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_the_synonym_groups_are_removed() -> None:
    text = resources.files("harness").joinpath("data/lexicon.yaml").read_text(encoding="utf-8")
    shipped, edited = parse(text), parse(_module().without_synonyms(text))
    assert len(shipped.synonyms) > 100 and set(edited.synonyms) == {"say", "says", "said"}
    assert (edited.negation, edited.antonyms, edited.actors, edited.conditions) == (
        shipped.negation, shipped.antonyms, shipped.actors, shipped.conditions)


def test_both_readings_are_measured_on_the_same_pairs(tmp_path: Path) -> None:
    pairs = [json.loads(line) for line in (ROOT / "gold" / "judgements" / "pairs.jsonl").read_text().splitlines()]
    few = tmp_path / "few.jsonl"
    few.write_text("".join(json.dumps(p) + "\n" for p in pairs if p["split"] == "dev")[:40_000].rsplit("\n", 1)[0]
                   + "\n", encoding="utf-8")
    r = subprocess.run([sys.executable, str(SCRIPT), str(few)], capture_output=True, text=True, check=False,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[1].startswith("shipped lexicon") and lines[2].startswith("without its synonyms")
    assert all(0.0 <= float(x) <= 1.0 for line in lines[1:] for x in line.split()[-6:] if x != "—")
