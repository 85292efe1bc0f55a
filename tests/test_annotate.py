"""``fact-harness annotate``: draft gold from an extractor, marked for review, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from harness.cli import app
from harness.validate import check_file

runner = CliRunner()
ROOT = Path(__file__).parents[1]
SEED = "001_eab98a2f0f3a5ef7.txt"

EXTRACTOR = '''
def extract(article):
    return [
        {"type": "claim", "speaker": "Dmitry Peskov", "text": "Russia does not threaten anyone",
         "evidence": "Russia doesnt threaten anyone", "confidence": 0.9},
        {"type": "figure", "value": 90000, "unit": "troops"},
        {"type": "figure", "value": 90000, "unit": "troops", "evidence": "not in the article"},
    ]

def broken(article):
    raise ValueError("nope")
'''


def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / SEED, seeds)
    ext = tmp_path / "ext.py"
    ext.write_text(EXTRACTOR, encoding="utf-8")
    return seeds / SEED, tmp_path / "gold", ext


def test_draft_from_baseline_validates(tmp_path: Path) -> None:
    seed, gold, _ = setup(tmp_path)
    r = runner.invoke(app, ["annotate", "baseline", str(seed), "--gold", str(gold), "--seeds", str(seed.parent)])
    assert r.exit_code == 0, r.output
    path = gold / "001_eab98a2f0f3a5ef7.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["article"]["published"].isoformat() == "2021-11-05"
    assert text.count("# REVIEW") == len(data["facts"]) > 10
    checked = check_file(path, seed.parent)
    assert checked.problems == [], "\n".join(map(str, checked.problems))


def test_draft_ids_speakers_and_todo_evidence(tmp_path: Path) -> None:
    seed, gold, ext = setup(tmp_path)
    r = runner.invoke(app, ["annotate", f"{ext}:extract", str(seed), "--gold", str(gold), "--seeds", str(seed.parent)])
    assert r.exit_code == 0, r.output
    data = yaml.safe_load((gold / "001_eab98a2f0f3a5ef7.yaml").read_text(encoding="utf-8"))
    facts = {f["id"]: f for f in data["facts"]}
    assert set(facts) == {"claim-dmitry-peskov-russia-does-not-threaten-a", "spk-dmitry-peskov",
                          "fig-90000-troops", "fig-90000-troops-2"}
    assert facts["claim-dmitry-peskov-russia-does-not-threaten-a"]["speaker"] == "spk-dmitry-peskov"
    assert facts["spk-dmitry-peskov"]["evidence"] == "Dmitry Peskov"
    assert facts["fig-90000-troops"]["evidence"] == "TODO: quote the article"
    assert "confidence" not in facts["claim-dmitry-peskov-russia-does-not-threaten-a"]
    problems = check_file(gold / "001_eab98a2f0f3a5ef7.yaml", seed.parent).problems
    assert [p.where for p in problems] == ["facts[2].evidence", "facts[3].evidence"]  # the TODOs must be fixed


def test_never_overwrites_and_reports_failures(tmp_path: Path) -> None:
    seed, gold, ext = setup(tmp_path)
    gold.mkdir()
    existing = gold / "001_eab98a2f0f3a5ef7.yaml"
    existing.write_text("keep me\n", encoding="utf-8")
    r = runner.invoke(app, ["annotate", "baseline", str(seed), "--gold", str(gold), "--seeds", str(seed.parent)])
    assert r.exit_code == 2 and "already exists" in r.output
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    existing.unlink()
    r = runner.invoke(app, ["annotate", f"{ext}:broken", str(seed), "--gold", str(gold), "--seeds", str(seed.parent)])
    assert r.exit_code == 3 and "raised ValueError: nope" in r.output
    assert not existing.exists()
    r = runner.invoke(app, ["annotate", "nope", str(seed), "--gold", str(gold), "--seeds", str(seed.parent)])
    assert r.exit_code == 2 and "unknown extractor" in r.output
