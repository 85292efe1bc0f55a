"""The verbs of a claim text: their time (to come / done) and which are finite, from seed wording."""

from __future__ import annotations

import pytest

from harness.match.reading import text_words
from harness.match.verbs import DONE, INTENDED, NOW, TO_COME, finite_verbs, marked, time_differs, times

TIMES = [
    ("Macron will speak with Putin in the coming days", {("speak", TO_COME)}),
    ("Macron spoke with Putin on Friday", {("speak", DONE)}),
    ("he'll speak with Putin", {("speak", TO_COME)}),
    ("Russia will not invade the nation at any moment", {("invade", TO_COME)}),
    ("Russia has stationed close to 100,000 soldiers", {("station", DONE)}),
    ("Russia stationed close to 100,000 soldiers", {("station", DONE)}),
    ("troops are stationed near the border", set()),  # a state, not an event
    ("Russia is going to be deployed", {("deploy", TO_COME)}),
    ("Moscow plans to build a base", {("build", INTENDED)}),
    ("the bloc is discussing the situation with partners", {("discuss", NOW)}),
    ("Moscow is planning an invasion", set()),  # an intention going on is not the assertion's now
    ("Russia did not invade", set()),  # "did" is an auxiliary; "invade" is its base form
    ("Russia would invade", set()),  # a modal: neither to come for certain nor done
    ("Russia was never planning on invading Ukraine", set()),
    ("the U.S. put sanctions on Russia", set()),  # "put" is also the base form: never read as done
]


@pytest.mark.parametrize(("text", "expected"), TIMES)
def test_times(text: str, expected: set[tuple[str, str]]) -> None:
    assert times(text_words(text)) == expected


def test_time_differs_only_on_a_verb_both_use_one_way_each() -> None:
    future = times(text_words("Macron will speak with Putin"))
    past = times(text_words("Macron spoke with Putin"))
    both = times(text_words("Macron spoke of Ukraine and said he will speak with Putin"))
    assert time_differs(future, past) == ("speak", TO_COME, DONE)
    assert time_differs(past, future) == ("speak", DONE, TO_COME)
    assert time_differs(future, future) is None
    assert time_differs(future, both) is None  # a text saying both ways is not counted for that verb
    assert time_differs(past, times(text_words("Macron met Putin"))) is None  # no verb in common, one time
    # no verb in common, but one text wholly to come and the other done
    assert time_differs(future, times(text_words("Macron met Putin"))) == ("its time", TO_COME, DONE)


FINITE = [
    ("One of its fighter planes forced a British surveillance plane to reverse course", {"forced"}),
    ("Russia accuses NATO of provocations", {"accuses"}),
    ("Western allies are concerned about a potential attack", set()),  # a participle after "are"
    ("The plane was forced back", set()),  # a passive
    ("Peskov said Russia threatens no one", {"threatens"}),  # reporting verbs move freely: not finite here
]


@pytest.mark.parametrize(("text", "expected"), FINITE)
def test_finite_verbs(text: str, expected: set[str]) -> None:
    assert finite_verbs(text_words(text)) == expected


def test_a_text_wholly_to_come_is_not_one_going_on_or_done() -> None:
    def when(text: str) -> frozenset[tuple[str, str]]:
        return times(text_words(text)) | marked(text_words(text))

    assert time_differs(when("the bloc is discussing the situation with partners"),
                        when("the bloc will begin talks with partners next month")) == ("its time", NOW, TO_COME)
    assert time_differs(when("units of the 41st army have remained in Yelnya"),
                        when("units of the 41st army will soon be deployed to Yelnya")) == ("its time", DONE, TO_COME)
    # markers alone: now against past
    assert time_differs(when("in the past Moscow invented provocations"),
                        when("Moscow currently invents provocations")) == ("its time", DONE, NOW)
    # a complement's intention is not the assertion's time; frames (said, denied) are the report's
    assert time_differs(when("reports that Moscow intends to invade Ukraine are hollow"),
                        when("reports of a planned invasion were hollow")) is None
    assert time_differs(when("Russia will not invade"), when("Peskov denied that Russia would invade")) is None
