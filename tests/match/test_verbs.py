"""The verbs of a claim text: their time (to come / done) and which are finite, from seed wording."""

from __future__ import annotations

import pytest

from harness.match.claim import _words
from harness.match.verbs import DONE, TO_COME, finite_verbs, time_differs, times

TIMES = [
    ("Macron will speak with Putin in the coming days", {("speak", TO_COME)}),
    ("Macron spoke with Putin on Friday", {("speak", DONE)}),
    ("he'll speak with Putin", {("speak", TO_COME)}),
    ("Russia will not invade the nation at any moment", {("invade", TO_COME)}),
    ("Russia has stationed close to 100,000 soldiers", {("station", DONE)}),
    ("Russia stationed close to 100,000 soldiers", {("station", DONE)}),
    ("troops are stationed near the border", set()),  # a state, not an event
    ("Russia is going to be deployed", {("deploy", TO_COME)}),
    ("Moscow plans to build a base", {("build", TO_COME)}),
    ("Russia did not invade", set()),  # "did" is an auxiliary; "invade" is its base form
    ("Russia would invade", set()),  # a modal: neither to come for certain nor done
    ("Russia was never planning on invading Ukraine", set()),
    ("the U.S. put sanctions on Russia", set()),  # "put" is also the base form: never read as done
]


@pytest.mark.parametrize(("text", "expected"), TIMES)
def test_times(text: str, expected: set[tuple[str, str]]) -> None:
    assert times(_words(text)) == expected


def test_time_differs_only_on_a_verb_both_use_one_way_each() -> None:
    future = times(_words("Macron will speak with Putin"))
    past = times(_words("Macron spoke with Putin"))
    both = times(_words("Macron spoke of Ukraine and said he will speak with Putin"))
    assert time_differs(future, past) == ("speak", TO_COME, DONE)
    assert time_differs(past, future) == ("speak", DONE, TO_COME)
    assert time_differs(future, future) is None
    assert time_differs(future, both) is None  # a text saying both ways is not counted for that verb
    assert time_differs(future, times(_words("Macron met Putin"))) is None  # no verb in common


FINITE = [
    ("One of its fighter planes forced a British surveillance plane to reverse course", {"forced"}),
    ("Russia accuses NATO of provocations", {"accuses"}),
    ("Western allies are concerned about a potential attack", set()),  # a participle after "are"
    ("The plane was forced back", set()),  # a passive
    ("Peskov said Russia threatens no one", {"threatens"}),  # reporting verbs move freely: not finite here
]


@pytest.mark.parametrize(("text", "expected"), FINITE)
def test_finite_verbs(text: str, expected: set[str]) -> None:
    assert finite_verbs(_words(text)) == expected
