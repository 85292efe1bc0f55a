"""How a claim text is read: its words, terms, polarity, numbers, actors, modality, bounds, times,
verbs, condition and names — everything the claim rules (:mod:`harness.match.claim`) compare.

Words are folded (case, diacritics, punctuation) with contractions expanded; the lexicon's phrases
are read longest first (actors, synonyms folded to their group's first word, negations); stop words
are dropped and the rest stemmed with the Snowball English stemmer. Pure functions of the text and
the shipped lexicon, memoised and bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import snowballstemmer

from harness.lexicon import fold, lexicon, read_words
from harness.match.roles import ACTOR
from harness.match.verbs import finite_verbs, marked, times
from harness.normalize import same_at_precision, significant_digits
from harness.units import Unit, canonical, convert

SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
"""Where an article's text splits into sentences (for the idf, and the sentences a gold claim's evidence quotes)."""
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
STEMMER = snowballstemmer.stemmer("english")
"""English Snowball: PyStemmer's compiled build of it when installed (a dependency), which
``snowballstemmer`` picks itself; the pure-Python build otherwise. Both give the same stems
(``tests/match/test_claim_stemmer.py``)."""


@cache
def stop_words() -> frozenset[str]:
    """The stop word list in ``harness/data/stop_words.txt`` (scikit-learn's English list)."""
    text = resources.files("harness").joinpath("data/stop_words.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The word's Snowball English stem (memoised, bounded)."""
    return str(STEMMER.stemWord(word))


_US = re.compile(r"\bUS\b")
_JOINERS = frozenset(["and", "or", "the", "nor"])
"""Words that may stand between two actors of one coordination ("the U.S. and the United Kingdom")."""


def text_words(text: str) -> list[str]:
    """Folded words with contractions expanded: ``"Russia doesn't"`` and ``"Russia doesnt"`` → russia does not.

    A capitalised "US" is the country (lowercased it would be the pronoun).
    """
    return read_words(_US.sub("U.S.", text), lexicon().contractions)


@dataclass(frozen=True)
class Reading:
    """What a claim text says, for comparison: its terms, polarity, numbers and actors in order.

    ``actors`` are groups: actors joined by "and"/"or" ("the U.S. and the United Kingdom") form one
    group, whose members have no order among themselves. ``heads`` are the synonym groups' first
    words the text uses (for the antonym rule).
    """

    terms: tuple[str, ...]
    negative: bool
    numbers: frozenset[float]
    actors: tuple[frozenset[str], ...]
    heads: frozenset[str] = frozenset()
    opposed: frozenset[str] = frozenset()
    """Every word the lexicon's antonyms oppose to one of ``heads`` (a quick test for the antonym rule)."""
    modality: frozenset[str] = frozenset()
    """What the text says of its assertion's reality (rule 6): "possible" (may, could, potential …),
    "certain" (will, is going to, imminent …), "done" (already)."""
    bounds: frozenset[tuple[float, str]] = frozenset()
    """Numbers stated as a bound: (value, "<") for "nearly / close to / under N", (value, ">") for
    "more than / over / at least N"."""
    times: frozenset[tuple[str, str]] = frozenset()
    """(verb lemma, "to come" | "intended" | "now" | "done") for the text's verbs, and ("#marker",
    time) for its time markers (rule 6; :mod:`harness.match.verbs`)."""
    pivots: frozenset[str] = frozenset()
    """The terms of the text's finite verbs ("forced" → forc), which a sentence's roles turn on (rule 3)."""
    condition: frozenset[str] | None = None
    """The terms of the condition the text states its assertion on ("unless provoked by Ukraine" →
    provok; lexicon ``conditions``), actors left out; None when it states none."""
    condition_actors: frozenset[str] = frozenset()
    """The actors a condition's "by" names ("unless provoked by Ukraine" → Ukraine): two conditions
    brought about by different actors are two conditions ("provoked by NATO")."""
    names: frozenset[str] = frozenset()
    """Stems of the capitalised words inside the text that are no actor or stop word ("Black" and
    "Sea" in "… in the Black Sea"): the places and bodies it names (rule 3)."""
    by: bool = False
    """Whether the text has "by", as a passive does ("was forced back by a Russian jet"): rule 3's
    pivot test then abstains."""
    quantities: frozenset[tuple[float, Unit, int]] = frozenset()
    """Numbers written with a unit that converts (a length, a weight …: "160 miles", "260 km"), as
    (value, unit, significant figures written): two texts' numbers agree when one converts to the
    other at the precision written (rule 2)."""
    @property
    def actor_set(self) -> frozenset[str]:
        return frozenset(a for group in self.actors for a in group)


@dataclass(frozen=True)
class Scan:
    """One pass over a text's words through the lexicon (see :func:`read`)."""

    words: list[str]
    terms: tuple[str, ...]
    negative: bool
    groups: list[set[str]]
    heads: frozenset[str]


@lru_cache(maxsize=1 << 15)
def read(text: str) -> Reading:
    """Read a claim text by the rules in the module docstring (memoised, bounded: texts recur, but a
    large corpus's sentences must not pile up in memory)."""
    lex = lexicon()
    scanned = scan(text)
    words, heads, groups = scanned.words, scanned.heads, scanned.groups
    numbers = frozenset(float(n.replace(",", "")) for n in _NUMBER.findall(text))
    quantities = _quantities(text) if numbers else frozenset()
    seen: set[str] = set()
    actors = []
    for g in groups:
        fresh = frozenset(g - seen)
        if fresh:
            actors.append(fresh)
            seen |= fresh
    opposed = frozenset(b for a, b in lex.antonyms if a in heads)
    joined = f" {' '.join(words)} "
    modality = frozenset(kind for kind, markers in MODALITY.items() if any(f" {m} " in joined for m in markers))
    bounds = frozenset((float(m.group("n").replace(",", "")), side) for side, pattern in BOUNDS.items()
                       for m in pattern.finditer(text))
    pivots = frozenset(stem(w) for w in finite_verbs(words)) & frozenset(scanned.terms)
    condition = condition_of(words)
    return Reading(scanned.terms, scanned.negative, numbers, tuple(actors), heads, opposed, modality, bounds,
                   times(words) | marked(words), pivots, condition[0] if condition else None,
                   condition[1] if condition else frozenset(), capitalised_names(text), "by" in words,
                   quantities)


_UNIT_WORDS = re.compile(r"\s*([A-Za-z]+(?:\s+[A-Za-z]+){0,2})")


def _quantities(text: str) -> frozenset[tuple[float, Unit, int]]:
    """The numbers of ``text`` followed by a unit that converts (up to three words, longest first:
    "160 square miles"), with the significant figures they were written with."""
    found = set()
    for m in _NUMBER.finditer(text):
        after = _UNIT_WORDS.match(text, m.end())
        if after is None:
            continue
        words = after.group(1).split()
        for n in range(len(words), 0, -1):
            unit = canonical(" ".join(words[:n]))
            if unit.known and unit.unit.dimension is not None:
                value = float(m.group().replace(",", ""))
                found.add((value * unit.scale, unit.unit, significant_digits(value)))
                break
    return frozenset(found)


def converted(a: Reading, b: Reading) -> bool:
    """Whether a quantity of ``b`` in another unit converts to one of ``a``'s at the significant
    figures ``a`` wrote it with ("260 km" is "160 miles": 161.6 rounds to 160; rule 2)."""
    return any(bu != au and (c := convert(bv, bu, au)) is not None and same_at_precision(c, av, ad)
               for av, au, ad in a.quantities for bv, bu, bd in b.quantities)


_CAPITALISED = re.compile(r"(?<![.!?:\"“]\s)(?<!^)\b[A-Z][a-z]+\b")


def capitalised_names(text: str) -> frozenset[str]:
    """Rule 3's names of a text: its capitalised words but the first, after no sentence end."""
    lex, stop = lexicon(), stop_words()
    actor_words = {w for phrase in lex.actors for w in phrase.split()}
    out = set()
    for m in _CAPITALISED.finditer(text.strip()):
        w = fold(m.group())
        if w and w not in stop and w not in actor_words and w not in lex.actors:
            out.add(stem(w))
    return frozenset(out)


def condition_of(words: list[str]) -> tuple[frozenset[str], frozenset[str]] | None:
    """The non-actor terms after the text's first condition marker, up to the end, and the actors
    after its "by" (who would bring the condition about: "unless provoked by Ukraine"); None: no
    condition."""
    joined = f" {' '.join(words)} "
    at = min((joined.find(f" {c} ") for c in lexicon().conditions if f" {c} " in joined), default=-1)
    if at < 0:
        return None
    rest = joined[at:]
    agent = rest.find(" by ")
    return (frozenset(t for t in scan(rest).terms if not t.startswith(ACTOR)),
            frozenset(t for t in scan(rest[agent:]).terms if t.startswith(ACTOR)) if agent >= 0 else frozenset())


def scan(text: str) -> Scan:
    """The words of ``text`` read longest phrase first: phrases with a negative word that deny nothing
    (dropped), actors, synonyms (folded to their group's first word), negation, stop words; the terms
    (stemmed), the actor groups in order, the heads."""
    lex = lexicon()
    words = text_words(text)
    starts = lex.phrase_starts
    terms: list[str] = []
    groups: list[set[str]] = []
    heads: set[str] = set()
    last_actor_end = -1
    negative = False
    stop = stop_words()
    negation, not_negations, actors, synonyms = lex.negation, lex.not_negations, lex.actors, lex.synonyms
    n = len(words)
    i = 0
    while i < n:
        top = starts.get(words[i], 1)  # never more than the lexicon's longest entry
        for size in range(top if top <= n - i else n - i, 0, -1):
            phrase = words[i] if size == 1 else " ".join(words[i:i + size])
            if phrase in not_negations:  # "not only", "no doubt": nothing is denied, nothing is said
                i += size
                break
            if phrase in negation:
                negative = True
            if phrase in actors:
                actor = actors[phrase]
                between = words[last_actor_end:i] if last_actor_end >= 0 else None
                if groups and between is not None and all(w in _JOINERS for w in between):
                    groups[-1].add(actor)
                elif not any(actor in g for g in groups):
                    groups.append({actor})
                last_actor_end = i + size
                terms.append(ACTOR + actor)
                i += size
                break
            if phrase in synonyms:
                head = synonyms[phrase]
                heads.add(head)
                if phrase not in negation:
                    terms.append(stem(head.replace(" ", "_")))
                i += size
                break
            if size == 1:
                heads.add(phrase)
                auxiliary = phrase == "going" and i + 1 < n and words[i + 1] == "to"  # "is going to invade"
                if phrase not in negation and phrase not in stop and len(phrase) > 1 and not auxiliary:
                    terms.append(stem(phrase))
                i += 1
    return Scan(words, tuple(terms), negative, groups, frozenset(heads))


MODALITY = {
    "possible": ("may", "might", "could", "possibly", "possible", "potential", "potentially", "perhaps"),
    "certain": ("will", "shall", "is going to", "are going to", "imminent", "certain", "certainly", "definitely", "inevitable",
                "must", "need to", "needs to", "has to", "have to"),
    "done": ("already",),
}
"""Rule 6: markers of what a text says of its assertion's reality, by kind (folded words)."""

BOUNDS = {
    "<": re.compile(r"\b(?:nearly|almost|close to|under|less than|fewer than|up to|below|just under)\s+"
                    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)", re.IGNORECASE),
    ">": re.compile(r"\b(?:more than|over|above|at least|in excess of|upwards of|exceeding)\s+"
                    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)", re.IGNORECASE),
}


def analyze(text: str) -> list[str]:
    """The content terms of ``text`` (synonyms folded, stop and negation words dropped, stemmed).

    Read by the lexicon pass alone (the article's sentences are read only for their terms)."""
    return list(scan(text).terms)


__all__ = ["BOUNDS", "MODALITY", "SENTENCE", "STEMMER", "Reading", "Scan", "analyze", "capitalised_names",
           "condition_of", "read", "scan", "stem", "stop_words", "text_words"]
