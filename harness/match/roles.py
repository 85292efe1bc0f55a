"""Claims, rule 3: roles — who does what to whom, as the actors and words around a verb show.

Pure functions of two claim readings (:class:`harness.match.reading.Reading`): the order of the actors
both texts name, words that change sides of a verb both texts turn on, an actor standing in the very
place of another, and the places and bodies one text names that the other has in no form. The
claim matcher's module docstring states the rule; these are its parts.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.match.reading import Reading

ACTOR = "@"
"""Prefix of an actor's term ("@russia"): actors are read as terms of their own."""


def named_in(name: str, others: Iterable[str]) -> bool:
    """Whether ``others`` has the name in some form: one a prefix of the other counts (Nov / November)."""
    return any(o.startswith(name) or (len(o) >= 3 and name.startswith(o)) for o in others)


def own_names(a: Reading, b: Reading) -> set[str]:
    """The names of ``a`` that ``b`` has in no form (:func:`named_in`)."""
    others = b.names | set(b.terms)
    return {n for n in a.names if not named_in(n, others)}


def in_order(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> bool:
    """True unless the actors both texts name come in different orders (a group's members are unordered)."""
    shared = frozenset(x for g in a for x in g) & frozenset(x for g in b for x in g)

    def order(groups: Sequence[frozenset[str]]) -> list[frozenset[str]]:
        return [g & shared for g in groups if g & shared]

    oa, ob = order(a), order(b)
    flat_a = [x for g in oa for x in sorted(g)]
    flat_b = [x for g in ob for x in sorted(g)]
    if flat_a == flat_b:
        return True
    pos_a = {x: k for k, g in enumerate(oa) for x in g}
    pos_b = {x: k for k, g in enumerate(ob) for x in g}
    return not any(pos_a[x] < pos_a[y] and pos_b[x] > pos_b[y] for x in shared for y in shared)


SAME_FRAME = 0.6
"""How alike in order the two texts' other words must be for a change in the actors' order to be a
reversal of roles (rule 3): a sentence turned round ("X fully supports Y" / "Y has X's full
backing") reorders its actors without reversing them."""


def same_frame(g: Reading, p: Reading) -> bool:
    """Whether the words other than actors come in much the same order in both texts (rule 3)."""
    a = [t for t in g.terms if not t.startswith(ACTOR)]
    b = [t for t in p.terms if not t.startswith(ACTOR)]
    if not a or not b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_FRAME


def swapped_around(g: Reading, p: Reading) -> tuple[str, str, str] | None:
    """A verb both texts turn on, with a word that moves from after it to before it and another that
    moves the other way: the doer and the done-to exchanged ("its fighter forced a British plane" /
    "a British plane forced a Russian fighter"); (verb, one word, the other) or None (rule 3).

    Only a verb and words each text uses once are read, and the test abstains when either text has
    "by" (a passive turns a sentence round without changing who did what).
    """
    if g.by or p.by:
        return None
    for verb in sorted(g.pivots & p.pivots):
        if g.terms.count(verb) != 1 or p.terms.count(verb) != 1:
            continue
        gv, pv = g.terms.index(verb), p.terms.index(verb)
        once = sorted(t for t in set(g.terms) & set(p.terms)
                      if t != verb and g.terms.count(t) == 1 and p.terms.count(t) == 1)
        forward = [t for t in once if g.terms.index(t) < gv and p.terms.index(t) > pv]
        backward = [t for t in once if g.terms.index(t) > gv and p.terms.index(t) < pv]
        if forward and backward:
            return verb, backward[0].lstrip(ACTOR), forward[0].lstrip(ACTOR)
    return None


def replaced_actor(g: Reading, p: Reading) -> tuple[str, str] | None:
    """An actor the prediction names in the very place the gold names another — the words around
    it the same ("does not suggest Moscow is planning" / "… Ukraine is planning"); (gold's, prediction's)
    or None (rule 3). A sentence turned into the passive exchanges its actors' places without
    changing who did what, so the test abstains when either text has "by" and both name the same
    actors."""
    if not g.actor_set or not p.actor_set or ((g.by or p.by) and g.actor_set == p.actor_set):
        return None  # no actor on one side: none can stand in another's place
    whole = (0, len(g.terms), 0, len(p.terms))  # the texts share nothing: no place to compare
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, g.terms, p.terms, autojunk=False).get_opcodes():
        if op != "replace" or (i1, i2, j1, j2) == whole:
            continue
        mine, theirs = set(g.terms[i1:i2]), set(p.terms[j1:j2])
        if all(t.startswith(ACTOR) for t in mine | theirs) and mine.isdisjoint(theirs):
            return (", ".join(sorted(t.lstrip(ACTOR) for t in mine)),
                    ", ".join(sorted(t.lstrip(ACTOR) for t in theirs)))
    return None


__all__ = ["ACTOR", "SAME_FRAME", "in_order", "named_in", "own_names", "replaced_actor", "same_frame", "swapped_around"]
