"""What the article names around a gold fact: what a prediction of that fact may name.

A prediction that names a place or body (a capitalised word, no actor) which neither the gold fact's
own words, the article's sentences its evidence quotes, nor any of the article's speakers name in
any form puts the fact somewhere else: a claim "stationed in Crimea" where the article says "in
rebel-controlled areas", a figure of "troops remaining in Yelnya" for the troops near the border.
Claims read it from their text, figures from their ``subject``.

Names are compared stemmed and by :func:`harness.match.roles.named_in` (one a prefix of the other:
"Ukrainian" is named by "Ukraine"), and also as the name rule reads them ("Zelenskyy" is
"Zelensky"). Days and months, written out or shortened ("Nov. 8"), are a time, not a name; a text
in title case (a headline: most of its longer words capitalised) names nothing by its capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from harness.match.base import Context
from harness.match.names import normal_words
from harness.match.reading import SENTENCE, capitalised_names, scan, stem
from harness.match.roles import named_in

CALENDAR = frozenset(stem(w) for w in (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december"))
"""Names of days and months: a time, not a place or body."""


def calendar(name: str) -> bool:
    """Whether a stemmed name is a day or month, written out or shortened ("Nov", "Sept", "Mon")."""
    return len(name) >= 3 and any(c.startswith(name) for c in CALENDAR)


def title_case(text: str) -> bool:
    """Whether most of the text's words of four letters or more are capitalised (a headline's case)."""
    words = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 > len(words)


def names_of(text: str) -> frozenset[str]:
    """The places and bodies a text names: its capitalised words (stemmed) but the first, no actor,
    day or month; none for a text in title case."""
    if title_case(text):
        return frozenset()
    return frozenset(n for n in capitalised_names(text) if not calendar(n))


def known_names(key: str, own: Iterable[str], quotes: Sequence[str], ctx: Context) -> frozenset[str]:
    """Every name and term a prediction of a gold fact may use: ``own`` (the gold's own names and
    terms), the names, terms and words of the article's sentences holding each of its evidence
    ``quotes`` and of the quotes themselves (a word a synonym group folds is still that word: "41st
    army" names the "Army"), and every word of the article's speakers' names. Memoised per
    article by ``key`` (a gold fact's type and id)."""
    memo: dict[str, frozenset[str]] = ctx.cache.setdefault("known-names", {})
    if key not in memo:
        sentences = ctx.cache.get("article-sentences")
        if sentences is None:
            sentences = ctx.cache["article-sentences"] = [" ".join(x.split()) for x in SENTENCE.split(ctx.article_text)]
        known = set(own)
        for q in quotes:
            quote = " ".join(q.split())
            for sentence in (*(x for x in sentences if quote[:40] in x or (x and x in quote)), quote):
                read = scan(sentence)
                known |= capitalised_names(" x " + sentence) | set(read.terms) | {stem(w) for w in read.words}
        for forms in ctx.speakers.values():
            if forms is not None:
                known |= {stem(w) for w in forms.distinct_words}
        memo[key] = frozenset(known)
    return memo[key]


def new_names(names: Iterable[str], known: frozenset[str]) -> list[str]:
    """The ``names`` that ``known`` has in no form, sorted: neither as written nor as the name rule
    reads the word (transliteration and endings: "Zelenskyy" is named by "Zelensky")."""
    return sorted(n for n in names
                  if not named_in(n, known) and not any(named_in(stem(w), known) for w in normal_words(n)))


__all__ = ["CALENDAR", "calendar", "known_names", "names_of", "new_names", "title_case"]
