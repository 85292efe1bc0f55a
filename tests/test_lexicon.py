"""The matchers' lexicon: the shipped file loads, and an edited one is refused with a located reason."""

from __future__ import annotations

import pytest

from harness.lexicon import LexiconError, lexicon, parse, spelt_out


def test_the_shipped_lexicon_loads_folded() -> None:
    lex = lexicon()
    assert "unless" in lex.conditions and "in case" in lex.conditions
    assert ("in the past", "done") in lex.time_markers and ("next month", "to come") in lex.time_markers
    assert ("all", "some") in lex.antonyms and ("some", "all") in lex.antonyms
    assert "unlikely" in lex.negation
    assert "not only" in lex.not_negations and "not rule out" in lex.not_negations
    assert ("reassure", "concern") in lex.complements and lex.complements <= lex.antonyms
    assert ("increase", "decrease") not in lex.complements  # "did not increase" is not "decreased"


def test_contractions_are_spelt_out_alike_in_texts_and_entries() -> None:
    lex = parse("negation: [not]\nnot_negations: [can't rule out, won't rule out]\n", "edited.yaml")
    assert lex.not_negations == {"can not rule out", "will not rule out"}
    assert spelt_out("Russia can’t and won't; it doesn't") == "russia can not and will not; it does not"


@pytest.mark.parametrize(("text", "message"), [
    ("negation: [not]\nsynonym: [[a, b]]\n", "synonym"),  # an unknown key
    ("negation: [not]\nsynonyms: [[troops, soldiers], [forces, troops]]\n", "'troops' is already in the group"),
    ("negation: [not]\nconditions: [unless, '?']\n", "conditions: an empty entry"),
    ("negation: [not]\ntime_markers: {later: [soon]}\n", "time_markers"),  # not to come / now / done
    ("negation: [not]\ntime_markers: {now: ['...']}\n", "time_markers.now: an empty entry"),
    ("negation: [not]\nantonyms: [[all]]\n", "antonyms[0]: give exactly two words"),
    ("negation: [not]\nnot_negations: [beyond doubt]\n", "not_negations[0]: 'beyond doubt' holds no negation word"),
    ("negation: [not, no doubt]\nnot_negations: [no doubt]\n", "'no doubt' is a negation entry too"),
    ("negation: [not]\nantonyms: [[legal, illegal]]\ncomplements: [[legal, lawful]]\n",
     "complements[0]: 'legal' / 'lawful' is no pair of antonyms"),
    ("negation: [not, unfounded]\nantonyms: [[accurate, unfounded]]\ncomplements: [[accurate, unfounded]]\n",
     "complements[0]: 'unfounded' is a negation word"),
])
def test_an_edited_lexicon_is_refused_with_the_entry_named(text: str, message: str) -> None:
    with pytest.raises(LexiconError, match=r"^edited\.yaml: ") as info:
        parse(text, "edited.yaml")
    assert message in str(info.value)
