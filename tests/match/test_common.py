"""One invariance table over every matcher (in the spirit of scikit-learn's ``test_common.py``).

For every gold fact of the bundled benchmark, whatever its type: an exact copy of it as a
prediction is a full match; corrupting a key field never raises the level; and a pair's verdict
never depends on the order pairs are decided in. A last test checks no registered type is missing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import harness
from harness.extractors.oracle import gold_as_predictions
from harness.match import Level, Options
from harness.predictions import parse_facts
from harness.scoring import build_context, decide_readings
from harness.types import REGISTRY

CORPUS = harness.load_corpus()

CORRUPT: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "figure": lambda f: {**f, "value": f["value"] * 7 + 3},
    "speaker": lambda f: {**f, "name": "Xavier Quolloquist", "aliases": []},
    "date": lambda f: {**f, "value": str(int(str(f["value"])[:4]) + 5) + str(f["value"])[4:]},
    "place": lambda f: {**f, "name": "Atlantis", "aliases": []},
    "claim": lambda f: {**f, "text": "The moon is made of green cheese and always was"},
}
"""Per type, a change of the field that identifies the fact."""


def _cases() -> list[tuple[str, int]]:
    return [(e.article.id, i) for e in CORPUS for i in range(len(e.gold.facts))]


def _verdict(article: str, index: int, prediction: dict[str, Any]) -> Level:
    entry = CORPUS[article]
    ctx = build_context(entry, Options())
    gold = entry.gold.facts[index]
    matcher = REGISTRY[gold.type].matcher
    (pred,) = parse_facts([prediction])
    readings = gold.readings()
    m = decide_readings(gold.type, matcher, readings, [matcher.prepare_gold(r, ctx) for r in readings],
                        matcher.prepare_pred(pred, ctx), ctx.index.ground(pred.evidence), ctx)
    return m.level


@pytest.mark.parametrize(("article", "index"), _cases())
def test_an_exact_copy_is_a_full_match_and_corruption_never_raises_the_level(article: str, index: int) -> None:
    entry = CORPUS[article]
    copy = gold_as_predictions(entry.gold)[index]
    exact = _verdict(article, index, copy)
    assert exact is Level.FULL, (entry.gold.facts[index].id, exact)
    corrupted = _verdict(article, index, CORRUPT[copy["type"]](copy))
    assert corrupted <= exact
    assert corrupted is not Level.FULL, entry.gold.facts[index].id


@pytest.mark.parametrize("article", CORPUS.ids)
def test_verdicts_never_depend_on_the_order_pairs_are_decided_in(article: str) -> None:
    entry = CORPUS[article]
    preds = parse_facts(gold_as_predictions(entry.gold))
    pairs = [(i, j) for i, g in enumerate(entry.gold.facts) for j, p in enumerate(preds) if p.type == g.type]

    def decide_all(order: list[tuple[int, int]]) -> dict[tuple[int, int], Level]:
        ctx = build_context(entry, Options())
        out = {}
        keys = {j: REGISTRY[p.type].matcher.prepare_pred(p, ctx) for j, p in enumerate(preds)}
        for i, j in order:
            gold = entry.gold.facts[i]
            matcher = REGISTRY[gold.type].matcher
            readings = gold.readings()
            out[(i, j)] = decide_readings(gold.type, matcher, readings,
                                          [matcher.prepare_gold(r, ctx) for r in readings], keys[j],
                                          ctx.index.ground(preds[j].evidence), ctx).level
        return out

    shuffled = list(pairs)
    random.Random(article).shuffle(shuffled)
    assert decide_all(pairs) == decide_all(shuffled)


def test_every_registered_type_is_in_the_table() -> None:
    assert set(CORRUPT) == set(REGISTRY)
    assert {f.type for e in CORPUS for f in e.gold.facts} == set(REGISTRY)


def test_is_role_answers_as_the_name_forms_do() -> None:
    """The quick test of a role name agrees with reading the name, on every speaker name and alias of
    the gold and the second annotation, the lexicon's organisation aliases and the generic heads."""
    import yaml

    from harness.lexicon import lexicon
    from harness.match.names import NameForms, is_role

    root = Path(__file__).resolve().parents[2]
    lex = lexicon()
    names = {*lex.organisations, *lex.organisations.values(), *lex.generic_heads,
             *(f"the {h}" for h in lex.generic_heads), *(f"Mr {h}" for h in lex.generic_heads)}
    for f in [*root.glob("gold/*.yaml"), *root.glob("gold/second-pass/*.yaml")]:
        for fact in yaml.safe_load(f.read_text(encoding="utf-8"))["facts"]:
            if fact.get("type") == "speaker":
                names.update([fact["name"], *fact.get("aliases", [])])
    assert len(names) > 200
    assert [n for n in sorted(names) if is_role(n) != NameForms.of(n).generic] == []
    assert is_role("the official") and is_role("Secretary of State") and not is_role("Kremlin spokesperson")
