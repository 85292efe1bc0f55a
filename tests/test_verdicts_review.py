"""Recorded verdicts (validation, precedence, byte-identical results without them) and the review round trip."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

import harness
from harness.cli import app
from harness.validate import validate_paths
from harness.verdicts import prediction_key
from tests.conftest import SMALL_GOLD_ARTICLE, MakeGold

runner = CliRunner()

PARAPHRASE = {"type": "claim", "speaker": "Peskov", "text": "No country has anything to fear from Moscow"}
SPEAKER = {"type": "speaker", "name": "Dmitry Peskov"}


def _verdicts(gold: Path, body: str) -> Path:
    path = gold.parent / "verdicts" / f"{SMALL_GOLD_ARTICLE}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"article: {SMALL_GOLD_ARTICLE}\nverdicts:\n{body}", encoding="utf-8")
    return path


def test_prediction_key_normalises_fields() -> None:
    a = prediction_key({"type": "claim", "speaker": "Peskov", "text": "Moscow  poses no danger.", "evidence": "x",
                        "confidence": 0.3})
    assert a == prediction_key({"type": "claim", "speaker": "peskov", "text": "moscow poses no danger"})
    assert prediction_key({"type": "figure", "value": 90000.0, "unit": "troops"}) == \
        prediction_key({"type": "figure", "value": 90000, "unit": "troops", "approx": False})


def test_validate_locates_verdict_problems(make_gold: MakeGold) -> None:
    gold = make_gold()
    path = _verdicts(gold, """\
  - gold_id: claim-no-threat
    prediction: {type: claim, speaker: Peskov, text: No country has anything to fear from Moscow}
    verdict: full
    by: alice
  - gold_id: claim-no-threat
    prediction: {type: claim, speaker: PESKOV, text: "No country has anything to fear from Moscow."}
    verdict: none
    by: bob
  - gold_id: claim-no-thret
    prediction: {type: claim, speaker: Peskov, text: x}
    verdict: full
    by: bob
  - gold_id: fig-troops-90000
    prediction: {type: claim, speaker: Peskov, text: x}
    verdict: full
    by: bob
""")
    problems = [str(p) for p in validate_paths([gold.parent], gold.parent.parent / "seeds")]
    text = "\n".join(problems)
    assert f"{path.parent.name}/{path.name}" in text
    assert ":9:14: verdicts[1].verdict: 'none' disagrees with verdicts[0] ('full')" in text
    assert ":11:14: verdicts[2].gold_id: 'claim-no-thret' is not the id of a gold fact" in text
    assert "did you mean 'claim-no-threat'" in text
    assert ":16:24: verdicts[3].prediction.type: the prediction is a claim but 'fig-troops-90000' is a figure" in text
    path.write_text(f"article: {SMALL_GOLD_ARTICLE}\nverdicts:\n  - gold_id: date-friday\n"
                    "    prediction: {type: date, value: '2021-13-01'}\n    verdict: maybe\n")
    text = "\n".join(str(p) for p in validate_paths([gold.parent], gold.parent.parent / "seeds"))
    assert ":4:37: verdicts[0].prediction.value: '2021-13-01' is not a real calendar date" in text
    assert ":5:14: verdicts[0].verdict:" in text and "missing required field 'by'" in text
    (gold.parent / "verdicts" / "999_nothing.yaml").write_text("article: 999_nothing\nverdicts: []\n")
    path.write_text(f"article: {SMALL_GOLD_ARTICLE}\nverdicts: []\n")
    problems = [str(p) for p in validate_paths([gold.parent], gold.parent.parent / "seeds")]
    assert len(problems) == 1 and "999_nothing" in problems[0] and "has no gold file" in problems[0]


def test_verdicts_decide_before_the_matcher_and_change_the_fingerprint(make_gold: MakeGold) -> None:
    gold = make_gold()
    seeds = gold.parent.parent / "seeds"
    without = harness.score(predictions={SMALL_GOLD_ARTICLE: [PARAPHRASE, SPEAKER]}, gold=gold.parent, seeds=seeds)
    assert {d.outcome for d in without.details if d.type == "claim"} == {"fp", "fn"}
    assert all("decided_by" not in d.to_dict() for d in without.details)  # the matcher: left out of the JSON
    _verdicts(gold, "  - {gold_id: claim-no-threat, prediction: {type: claim, speaker: Peskov, text: "
                    "No country has anything to fear from Moscow}, verdict: full, by: alice, note: same denial}\n")
    with_v = harness.score(predictions={SMALL_GOLD_ARTICLE: [PARAPHRASE, SPEAKER]}, gold=gold.parent, seeds=seeds)
    (claim,) = [d for d in with_v.details if d.type == "claim"]
    assert claim.outcome == "tp" and claim.decided_by == "verdict"
    assert claim.reason == "recorded verdict full by alice: same denial"
    assert with_v.fingerprint is not None and without.fingerprint is not None
    assert with_v.fingerprint.gold != without.fingerprint.gold
    assert '"decided_by": "verdict"' in with_v.to_json()
    assert harness.Result.from_dict(json.loads(with_v.to_json())).to_json() == with_v.to_json()


def test_calibrate_ignores_verdicts(make_gold: MakeGold, tmp_path: Path) -> None:
    gold = make_gold()
    _verdicts(gold, "  - {gold_id: claim-no-threat, prediction: {type: claim, speaker: Peskov, text: "
                    "No country has anything to fear from Moscow}, verdict: full, by: alice}\n")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "p1", "article": SMALL_GOLD_ARTICLE, "type": "claim", "gold_id": "claim-no-threat",
                                 "prediction": PARAPHRASE, "verdict": "full", "why": "t"}) + "\n")
    r = runner.invoke(app, ["calibrate", str(pairs), "--gold", str(gold.parent), "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["disagreements"][0]["harness"] == "none"  # the matcher's, not the verdict's


def test_review_round_trip(make_gold: MakeGold, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gold = make_gold()
    monkeypatch.chdir(tmp_path)
    preds = tmp_path / "preds.jsonl"
    preds.write_text(json.dumps({"article": SMALL_GOLD_ARTICLE, "facts": [
        {**PARAPHRASE, "evidence": "Russia doesnt threaten anyone"}, SPEAKER,
        {"type": "figure", "value": 90000, "unit": "soldiers", "approx": True}]}) + "\n")
    r = runner.invoke(app, ["score", "-p", str(preds), "--gold", str(gold.parent), "-f", "json", "-o", "run.json"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["review", "run.json", "--gold", str(gold.parent), "-o", "review.yaml"])
    assert r.exit_code == 0, r.output
    review = yaml.safe_load(Path("review.yaml").read_text())
    assert review["run"] == "run.json"
    items = {i["gold_id"]: i for i in review["items"]}
    claim = items["claim-no-threat"]
    assert claim["outcome"] == "fn, fp" and claim["prediction"]["text"] == PARAPHRASE["text"]
    assert claim["passage"] and "threaten anyone" in claim["passage"] and claim["gold"].startswith("Dmitry Peskov")
    claim["verdict"] = "full"
    review["items"][0]["verdict"] = None
    Path("review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
    r = runner.invoke(app, ["review", "--apply", "review.yaml", "--gold", str(gold.parent), "-o", "after.json"])
    assert r.exit_code == 2 and "who decided" in r.output  # no by: a located error, nothing merged
    assert not (gold.parent / "verdicts").exists()
    review["by"] = "alice"
    Path("review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
    r = runner.invoke(app, ["review", "--apply", "review.yaml", "--gold", str(gold.parent), "-o", "after.json"])
    assert r.exit_code == 0, r.output
    assert "merged 1 verdict(s)" in r.output and "re-scored run.json" in r.output
    after = json.loads(Path("after.json").read_text())
    (tp,) = [d for d in after["details"] if d["type"] == "claim"]
    assert tp["outcome"] == "tp" and tp["decided_by"] == "verdict"
    assert [str(p) for p in validate_paths([gold.parent], gold.parent.parent / "seeds")] == []
    # a contradicting verdict is never merged silently
    claim["verdict"] = "none"
    Path("review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
    before = (gold.parent / "verdicts" / f"{SMALL_GOLD_ARTICLE}.yaml").read_text()
    r = runner.invoke(app, ["review", "--apply", "review.yaml", "--gold", str(gold.parent)])
    assert r.exit_code == 2 and "'none' by alice, but 'full' by alice is recorded" in r.output
    assert (gold.parent / "verdicts" / f"{SMALL_GOLD_ARTICLE}.yaml").read_text() == before
    r = runner.invoke(app, ["review", "--apply", "review.yaml", "--gold", str(gold.parent), "--replace"])
    assert r.exit_code == 0 and "replaced" in r.output
    # the decided pair is not listed again
    r = runner.invoke(app, ["review", "run.json", "--gold", str(gold.parent)])
    assert r.exit_code == 0


def test_review_apply_locates_malformed_items(make_gold: MakeGold, tmp_path: Path) -> None:
    gold = make_gold()
    bad = tmp_path / "review.yaml"
    bad.write_text(f"""by: alice
items:
  - article: {SMALL_GOLD_ARTICLE}
    gold_id: claim-no-threat
    prediction: {{type: claim, speaker: Peskov}}
    verdict: full
  - article: {SMALL_GOLD_ARTICLE}
    gold_id: nope
    prediction: {{type: claim, speaker: Peskov, text: t}}
    verdict: full
  - article: {SMALL_GOLD_ARTICLE}
    gold_id: claim-no-threat
    prediction: {{type: claim, speaker: Peskov, text: t}}
    verdict: yes please
""")
    r = runner.invoke(app, ["review", "--apply", str(bad), "--gold", str(gold.parent)])
    assert r.exit_code == 2
    assert "review.yaml:5:17: items[0].prediction: not a valid prediction" in r.output
    assert "review.yaml:8:14: items[1].gold_id: 'nope' is not the id of a gold fact" in r.output
    assert "review.yaml:14:14: items[2].verdict: verdict must be full, partial or none" in r.output


def test_committed_verdict_schema_is_current(gold_dir: Path) -> None:
    from harness.verdicts import schema_text

    assert (gold_dir / "verdicts" / "schema.json").read_text(encoding="utf-8") == schema_text(), (
        "regenerate: python -c \"from harness.verdicts import schema_text; "
        "open('gold/verdicts/schema.json', 'w').write(schema_text())\"")
