"""``fact-harness agree``: identical gold agrees perfectly, swapping the annotations leaves the
agreement F1 unchanged, order never matters, and optional facts count neither way on either side."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from harness.agree import agree
from harness.cli import app
from harness.corpus import load_corpus
from harness.types import FACT_TYPES

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def test_identical_gold_agrees_perfectly() -> None:
    gold = load_corpus(ROOT / "gold", ROOT / "seeds")
    ag = agree(gold, gold)
    assert ag.f1() == 1.0
    assert all(ag.f1(t) in (1.0, None) for t in FACT_TYPES)
    assert not ag.disagreements


def test_swapping_the_annotations_leaves_f1_unchanged() -> None:
    a = load_corpus(ROOT / "gold", ROOT / "seeds")
    b = load_corpus(ROOT / "gold" / "second-pass", ROOT / "seeds")
    ab, ba = agree(a, b), agree(b, a)
    for scope in ("overall", *FACT_TYPES):
        assert ab.f1(scope) == ba.f1(scope)


def _reordered(tmp: Path) -> Path:
    """The bundled gold with every list of facts reversed (same facts, other order)."""
    out = tmp / "gold"
    out.mkdir()
    for f in sorted((ROOT / "gold").glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        data["facts"] = list(reversed(data["facts"]))
        data["negatives"] = list(reversed(data.get("negatives", [])))
        (out / f.name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def test_order_never_matters(tmp_path: Path) -> None:
    b = load_corpus(ROOT / "gold" / "second-pass", ROOT / "seeds")
    plain = agree(load_corpus(ROOT / "gold", ROOT / "seeds"), b)
    shuffled = agree(load_corpus(_reordered(tmp_path), ROOT / "seeds"), b)
    assert plain.to_dict()["by_type"] == shuffled.to_dict()["by_type"]


def test_optional_facts_count_neither_way_on_either_side(tmp_path: Path) -> None:
    gold = tmp_path / "b"
    gold.mkdir()
    src = ROOT / "gold" / "001_eab98a2f0f3a5ef7.yaml"
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    data["facts"].append({"id": "fig-extra", "type": "figure", "value": 7, "unit": "warships", "optional": True,
                          "note": "an extra optional reading", "evidence": "about 90,000 Russian troops"})
    (gold / src.name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    a = load_corpus(ROOT / "gold", ROOT / "seeds")
    ag = agree(a, load_corpus(gold, ROOT / "seeds"))
    assert ag.block("figure")["fp"] == 0 and ag.f1() == 1.0


def test_cli_formats(tmp_path: Path) -> None:
    r = runner.invoke(app, ["agree", str(ROOT / "gold"), str(ROOT / "gold" / "second-pass"), "--seeds",
                            str(ROOT / "seeds"), "-f", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert set(data) >= {"overall", "by_type", "by_article", "disagreements"}
    assert 0.9 <= data["overall"]["f1"] <= 1.0
    r = runner.invoke(app, ["agree", str(ROOT / "gold"), str(ROOT / "gold"), "--seeds", str(ROOT / "seeds"),
                            "-f", "markdown"])
    assert r.exit_code == 0 and "| overall |" in r.stdout
    copy = tmp_path / "g"
    shutil.copytree(ROOT / "gold", copy, ignore=shutil.ignore_patterns("second-pass", "judgements"))
    r = runner.invoke(app, ["agree", str(ROOT / "gold"), str(copy), "--seeds", str(ROOT / "seeds")])
    assert r.exit_code == 0 and "1.000" in r.stdout


def test_the_shipped_ceiling_is_the_agreement_of_the_shipped_annotations() -> None:
    """gold/second-pass/agreement.json must be regenerated whenever the gold or the matchers change:
    fact-harness agree gold gold/second-pass --format json -o gold/second-pass/agreement.json"""
    a = load_corpus(ROOT / "gold", ROOT / "seeds")
    b = load_corpus(ROOT / "gold" / "second-pass", ROOT / "seeds")
    shipped = json.loads((ROOT / "gold" / "second-pass" / "agreement.json").read_text(encoding="utf-8"))
    fresh = agree(a, b).to_dict()
    assert {k: shipped[k] for k in ("overall", "by_type")} == {k: fresh[k] for k in ("overall", "by_type")}


def test_every_report_shows_the_ceiling() -> None:
    import harness
    from harness.report.markdown import render as markdown
    from harness.report.table import render as table

    r = harness.score("baseline", bootstrap=0)
    assert r.human_agreement["overall"] is not None
    assert "human F1" in table(r) and "human F1" in markdown(r)
    assert "human_agreement" in json.loads(r.to_json())
