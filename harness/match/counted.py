"""Figures: what is counted — a prediction's ``subject`` against the gold figure's.

A right value about a different thing is no match (GUIDELINES: one figure per quantity-with-subject).
When a prediction gives a subject, two readings of it can show that it counts something else:

* **its unit words** — the units its words name (``harness/data/units.yaml``: "Russian forces" names
  troops, "killed" and "dead" name people, "distance" names nothing), each read as what it measures
  (a length, a duration) or, for a count, as the thing counted. When the subject names some and
  none is what the gold counts (its unit, or one its own subject names), the prediction counts
  another thing ("Russian troops in eastern Ukraine" for 14,000 people killed). Words for people
  in general ("people", "persons", "individuals") name no kind (troops are people too), and
  "time" and "percentage" name no counted thing;
* **whose they are** — the actors (``actors`` in ``harness/data/lexicon.yaml``) named in the three
  words before its first unit word ("*Ukrainian* troops", "*Russian* military personnel"): when both
  subjects name such an owner and they share none, the prediction counts another side's;
* **its names** — the places and bodies it names that neither the gold's subject, the article's
  sentences the gold's evidence quotes, nor the article's speakers name in any form
  (:mod:`harness.match.mentioned`: "troops remaining in Yelnya" for the troops near the border).

A prediction without a subject, or a gold figure without evidence for the names, abstains: the
value and unit alone decide (:mod:`harness.match.figure`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from harness.lexicon import lexicon
from harness.match.base import Context
from harness.match.mentioned import known_names, names_of, new_names
from harness.match.reading import capitalised_names, scan
from harness.units import Unit, canonical, units_named

_GENERIC = re.compile(r"\b(?:person|persons|people|individual|individuals)\b", re.IGNORECASE)
"""Words for people in general: they say nothing of which people are counted."""

_NOT_COUNTED = frozenset(["times", "percent"])
"""Units a subject's words may name without saying what is counted ("the time since…")."""


@dataclass(frozen=True)
class Counted:
    """What a figure's subject says it counts: the things or measures its unit words name, its names."""

    things: frozenset[str]
    names: frozenset[str]
    owners: frozenset[str] = frozenset()
    """The actors named just before its first unit word (whose troops, whose dead)."""
    own: frozenset[str] = frozenset()
    """The subject's names and terms as a gold figure's (what a prediction of it may name); empty for predictions."""


def thing(unit: Unit) -> str:
    """What a unit counts or measures: its dimension ("length" for km and mi), else its name."""
    return unit.dimension or unit.name


@lru_cache(maxsize=1 << 14)
def counted(subject: str, gold: bool = False) -> Counted:
    """Read a subject once; ``gold`` also keeps its names and terms for :func:`known_names`."""
    things = frozenset(thing(u) for u in units_named(_GENERIC.sub(" ", subject)) if u.name not in _NOT_COUNTED)
    own = frozenset(capitalised_names(" x " + subject) | set(scan(subject).terms)) if gold else frozenset()
    return Counted(things, names_of(subject), _owners(subject), own)


_WORD = re.compile(r"[a-z]+")


def _owners(subject: str) -> frozenset[str]:
    """The actors among the (up to) three words before the subject's first unit word."""
    words = _WORD.findall(subject.lower())
    actors = lexicon().actors
    for i in range(len(words)):
        for n in (2, 1):
            if units_named(" ".join(words[i:i + n])) and all(w not in actors for w in words[i:i + n]):
                before = words[max(0, i - 3):i]
                found = {actors[w] for w in before if w in actors}
                found |= {actors[f"{a} {b}"] for a, b in itertools.pairwise(before) if f"{a} {b}" in actors}
                return frozenset(found)
    return frozenset()


def other_thing(gold_unit: str, gold: Counted | None, gold_key: str, quotes: tuple[str, ...],
                pred: Counted | None, ctx: Context) -> str | None:
    """The reason a prediction's subject counts something other than the gold figure, or None.

    ``gold_key`` names the gold figure (type, id and subject) for the memo of what it may name.
    """
    if pred is None:
        return None
    gold_things = {thing(canonical(gold_unit).unit)} | (gold.things if gold is not None else set())
    if pred.things and not pred.things & gold_things:
        return (f"the subject counts {_join(pred.things)}, the gold figure {_join(gold_things)}: "
                "another thing counted")
    if gold is not None and gold.owners and pred.owners and not gold.owners & pred.owners:
        return (f"the subject counts {_join(pred.owners)}'s, the gold figure {_join(gold.owners)}'s: "
                "another thing counted")
    if pred.names and quotes:
        new = new_names(pred.names, known_names(gold_key, gold.own if gold is not None else (), quotes, ctx))
        if new:
            return (f"the subject names {', '.join(new)}, which neither the gold's subject, its sentences "
                    "nor the article's speakers name: another thing counted")
    return None


def _join(things: frozenset[str] | set[str]) -> str:
    return " / ".join(sorted(things))


__all__ = ["Counted", "counted", "other_thing", "thing"]
