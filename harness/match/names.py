"""Matching names of people, organisations and places — shared by the speaker, place and claim matchers.

Every name is normalised once: case, diacritics, punctuation and British spellings folded, leading
titles (Mr, President, Lt. Gen. …) and a trailing speech verb ("Mr Peskov said") dropped; then each
word is read through the lexicon (``harness/data/lexicon.yaml``): transliterations
(Dmitri/Dmitriy/Dmitry; an ending -iy, -yy, -ii, -yi or -i reads as -y, so Zelenskiy = Zelenskyy =
Zelensky, and -ia as -ya, so Yelnia = Yelnya; an apostrophe inside a word is dropped: Yel'nya),
demonyms as their country (Ukrainian = Ukraine) and organisation aliases (Foreign Office = Foreign
Ministry, Élysée Palace = Elysee).

Rule, in order (first that holds wins):

1. **full** — the two names are equal, or have the same words in any order ("Ministry of Defence of
   Ukraine" = "Ukrainian Defense Ministry");
2. one name contains every word of the other's of two or more words: **full** when the shorter one
   keeps what identifies the entity — a person's surname, an organisation's country ("Kremlin
   spokesman Dmitry Peskov" ⊇ "Dmitry Peskov"); otherwise a truncated person's name is **none**
   ("Ursula von der") and an organisation without its country is **partial** ("Defence Ministry"
   for the Ukrainian Defence Ministry: a generic head);
3. (speakers only) the prediction is a single surname of a person (or a spelling variant, rule 4)
   that only one of the article's gold speakers bears: **full** ("Peskov"); **partial** when several
   do. A surname with particles is whole only with them ("von der Leyen", not "Leyen");
4. **full** — spelling variants: the same number of words, each pair equal or with a
   character-trigram Dice similarity ≥ ``name_similarity`` (default 0.7), or one word misspelt by
   one letter, its longer spelling of six letters or more (inserted, dropped, changed or two
   swapped: "Macorn", "Polyanksy", "von der Leyden"; never "Stan" for "Stano") — but never a word that is the other plus a final "s" (an NER misreading of a possessive:
   "Russias", "Peskovs");
5. otherwise **none**.

Before all of these: a predicted name made only of generic heads (``generic_heads`` in the lexicon:
"the official", "the spokesman", "Defense Ministry") designates a role, not an entity (unless the gold
name is itself generic): (speakers) **partial** when the gold speaker is the only one of the article
whose name forms contain those words, **none** when several are ("Defense Ministry" with two
defence ministries), when the name is one word ("the official", "the spokesman", "the ministry":
a bare role designates no one) or the gold's forms are not among them; (places) **none**.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from harness.lexicon import lexicon
from harness.match.base import NO_MATCH, Context, Level, Match
from harness.normalize import NAME_STOP_WORDS, TITLES, TRAILING_VERBS, dice, fold_name, name_key, ngrams

PARTICLES = frozenset(["von", "der", "van", "den", "de", "del", "da", "di", "la", "le", "al", "bin", "ibn"])
"""Words that belong to the surname that follows them (von der Leyen, Le Drian)."""


@lru_cache(maxsize=1 << 16)
def _word(word: str) -> str:
    """One name word read through the lexicon: transliteration, then the ending rule, then demonym."""
    lex = lexicon()
    word = lex.transliterations.get(word, word)
    if word in lex.demonyms:
        return lex.demonyms[word]
    if len(word) >= 5:
        for ending in ("iy", "yy", "ii", "yi"):
            if word.endswith(ending):
                word = word[: -len(ending)] + "y"
                break
        else:
            if word.endswith("i") and not word.endswith(("ei", "ai", "oi", "ui")):
                word = word[:-1] + "y"
            elif word.endswith("ia") and not word.endswith("iia"):
                word = word[:-2] + "ya"
    word = lex.transliterations.get(word, word)
    return lex.demonyms.get(word, word)


@lru_cache(maxsize=1 << 16)
def normal_words(name: str) -> tuple[str, ...]:
    """A name's normalised words (see the module docstring), organisation aliases folded to one form."""
    folded = f" {fold_name(name)} "
    for alias, form in lexicon().organisation_aliases:
        if alias in folded:
            folded = folded.replace(alias, form)
    return tuple(_word(w) for w in name_key(folded.strip()).split())


@dataclass(frozen=True)
class NameForms:
    """Every surface form of one entity, normalised once; ``person`` when it is a person's."""

    display: str
    keys: frozenset[str]
    token_sets: tuple[frozenset[str], ...]
    words: tuple[tuple[str, ...], ...]
    person: bool = True

    @classmethod
    def of(cls, name: str, aliases: list[str] | tuple[str, ...] = (), *, person: bool = True) -> NameForms:
        words = [normal_words(f) for f in (name, *aliases)]
        words = [w for w in words if w]
        return cls(
            display=name,
            keys=frozenset(" ".join(w) for w in words),
            token_sets=tuple(frozenset(w) for w in words),
            words=tuple(words),
            person=person,
        )

    def __hash__(self) -> int:
        """The fields' hash, computed once (name forms are dictionary keys in the matchers' memos)."""
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = hash((self.display, self.keys, self.token_sets, self.words, self.person))
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the remembered hash: a string's hash differs from process to process."""
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @cached_property
    def generic(self) -> bool:
        """Every form is made of generic heads alone ("the official", "Defense Ministry"); computed once."""
        heads = lexicon().generic_heads
        return bool(self.words) and all(all(w in heads for w in words) for words in self.words)

    @cached_property
    def distinct_words(self) -> frozenset[str]:
        """Every word of every form."""
        return frozenset(w for ws in self.words for w in ws)

    @cached_property
    def grams(self) -> frozenset[str]:
        """Every character trigram of every word of every form: a name match needs one in common."""
        return frozenset(g for words in self.words for w in words for g in _grams(w))

    @property
    def surnames(self) -> set[str]:
        """A person's surnames (last word with its particles) from every form of two or more words."""
        if not self.person:
            return set()
        out = set()
        for words in self.words:
            if len(words) < 2:
                continue
            i = len(words) - 1
            while i > 0 and words[i - 1] in PARTICLES:
                i -= 1
            out.add(" ".join(words[i:]))
        return out

    @property
    def countries(self) -> frozenset[str]:
        """The countries an organisation's name forms name (its identifying words)."""
        known = set(lexicon().demonyms.values())
        return frozenset(w for words in self.words for w in words if w in known)


def _contained(gold: NameForms, small: frozenset[str], big: frozenset[str], gold_is_big: bool) -> Match | None:
    """Rule 2 for one pair of forms; None when it does not apply."""
    if len(small) < 2 or not small < big:
        return None
    if not gold_is_big:
        return Match(Level.FULL, "one name contains the other", 0.95)
    if gold.person:
        if any(set(s.split()) <= small for s in gold.surnames) or not gold.surnames:
            return Match(Level.FULL, "one name contains the other", 0.95)
        return Match(Level.NONE, "a truncated name: the surname is missing", 0.0)
    if gold.countries & big and not gold.countries & small:
        return Match(Level.PARTIAL, "a generic name: the organisation's country is missing", 0.5)
    return Match(Level.FULL, "one name contains the other", 0.95)


def _generic(gold: NameForms, pred: NameForms, ctx: Context, people: bool) -> Match:
    """A generic name: partial when the gold speaker is the only one of the article it fits, else none."""
    def fits(forms: NameForms) -> bool:
        return any(set(p) <= set(g) for p in pred.words for g in forms.words)

    if not people or not fits(gold) or all(len(words) == 1 for words in pred.words):
        return Match(Level.NONE, f"{pred.display!r} is a generic head, not a name", 0.0)
    owners = {sid for sid, forms in ctx.speakers.items() if fits(forms)}
    if len(owners) <= 1:
        return Match(Level.PARTIAL, f"{pred.display!r} is a generic head, though only this speaker fits it here", 0.5)
    return Match(Level.NONE, f"{pred.display!r} is a generic head {len(owners)} of the article's speakers fit", 0.0)


def match_names(gold: NameForms, pred: NameForms, ctx: Context, *, people: bool = True) -> Match:
    """Compare two entities' names by the rule in the module docstring (rule 3 only when ``people``)."""
    if pred.generic and not gold.generic:
        return _generic(gold, pred, ctx, people)
    shared = gold.keys & pred.keys
    if shared:
        return Match(Level.FULL, f"name {next(iter(sorted(shared)))!r} matches", 1.0)
    found: Match | None = None
    for g in gold.token_sets:
        for q in pred.token_sets:
            if g == q:
                return Match(Level.FULL, "same name words in another order", 1.0)
            m = _contained(gold, q, g, True) if len(q) <= len(g) else _contained(gold, g, q, False)
            if m is not None and (found is None or m.level > found.level):
                found = m
    if found is not None and found.level is Level.FULL:
        return found
    threshold = ctx.options.name_similarity
    if people and gold.person:
        for p in pred.words:
            if len(p) != 1:
                continue
            (word,) = p
            surname = next((s for s in sorted(gold.surnames) if " " not in s and _similar(s, word, threshold)), None)
            if surname is not None:
                owners = ctx.surname_owners.get(surname, set())
                if len(owners) <= 1:
                    return Match(Level.FULL, f"surname {word!r} is unambiguous in this article", 0.9)
                return Match(Level.PARTIAL, f"surname {word!r} is shared by {len(owners)} speakers here", 0.5)
    best = max((_word_similarity(g, p, threshold) for g in gold.words for p in pred.words), default=0.0)
    if best >= threshold:
        return Match(Level.FULL, f"spelling variant (trigram similarity {best:.2f} ≥ {threshold})", best)
    typo = next((p for g in gold.words for p in pred.words if _misspelt(g, p)), None)
    if typo is not None:
        return Match(Level.FULL, f"a one-letter misspelling ({' '.join(typo)!r})", 0.85)
    return found if found is not None else NO_MATCH


TYPO_LENGTH = 6
"""Words at least this long may differ by one letter (a typo) and still be the same name (rule 4)."""


@lru_cache(maxsize=65536)
def _misspelt(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two names of as many words, each the same or — one of them at most, its longer spelling of at
    least :data:`TYPO_LENGTH` letters — one letter inserted, dropped, changed or two letters swapped."""
    if len(a) != len(b) or not a:
        return False
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differing) == 1 and _one_edit(*differing[0])


def _one_edit(x: str, y: str) -> bool:
    """One letter inserted, dropped, changed, or two neighbours swapped — never a final "s" added
    (a possessive misread), the longer word of at least :data:`TYPO_LENGTH` letters ("Leyden" for
    "Leyen"; never "Stan" for "Stano")."""
    if (max(len(x), len(y)) < TYPO_LENGTH or abs(len(x) - len(y)) > 1 or x + "s" == y or y + "s" == x
            or not (x.isalpha() and y.isalpha())):
        return False  # short words, possessives, and words with digits (a number is not a typo)
    if len(x) == len(y):
        diff = [k for k in range(len(x)) if x[k] != y[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]])
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


_LETTERS = re.compile(r"[a-z]+")


def is_role(name: str) -> bool:
    """``name`` is made only of generic heads ("the official", "Secretary of State"), as
    :attr:`NameForms.generic` reads it. A name holding a word that is neither a generic head, a title
    nor a joining word is not read at all (most names: the quick answer is no)."""
    return set(_LETTERS.findall(name.lower())) <= _role_words() and NameForms.of(name).generic


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """Every word a role name can hold: generic heads, titles, joining words, and the words of the
    lexicon's organisation aliases (which may fold to a generic name: "MFA" → foreign ministry)."""
    lex = lexicon()
    org_words = {w for alias in lex.organisations for w in _LETTERS.findall(alias)}
    return frozenset(lex.generic_heads | NAME_STOP_WORDS | TITLES | TRAILING_VERBS | org_words)


def name_candidates(gold: Sequence[NameForms | None], pred: Sequence[NameForms | None],
                    threshold: float) -> set[tuple[int, int]]:
    """A superset of the pairs :func:`match_names` can match at ``threshold`` (blocking).

    Every rule of :func:`match_names` needs one word of each name that is the same, spelt alike
    (trigram Dice ≥ ``threshold``) or misspelt by one letter. Two words that alike share a trigram
    among the first few of each in one fixed order of trigrams: a word of ``n`` trigrams must share
    at least ``threshold·n / (2 − threshold)`` of them, so the first common one comes within its
    first ``n − ⌈threshold·n / (2 − threshold)⌉ + 1`` (prefix filtering). Any order fixed for the
    call will do; the rarest trigrams of the call's words come first (ties alphabetical), so that a
    trigram most names share ("tow" of every "Town…") is rarely a key. Two words one letter apart
    share a form with one letter deleted (or one is such a form of the other). Only those keys are
    indexed and probed; a threshold of 0 or less keeps every pair.
    """
    if threshold <= 0:
        return {(i, j) for i, g in enumerate(gold) if g is not None for j, p in enumerate(pred) if p is not None}
    t = min(threshold, 1.0)  # a stricter threshold only prunes more; 1.0 keeps equal words
    words = {w for forms in (*gold, *pred) if forms is not None for w in forms.distinct_words}
    frequency = Counter(itertools.chain.from_iterable(map(_grams, words)))
    keys = {w: _word_keys(w, t, frequency) for w in words}
    index: dict[str, set[int]] = {}
    for i, g in enumerate(gold):
        if g is not None:
            for w in g.distinct_words:
                for key in keys[w]:
                    index.setdefault(key, set()).add(i)
    pairs: set[tuple[int, int]] = set()
    for j, p in enumerate(pred):
        if p is not None:
            for w in p.distinct_words:
                for key in keys[w]:
                    for i in index.get(key, ()):
                        pairs.add((i, j))
    return pairs


def _word_keys(word: str, threshold: float, frequency: Counter[str]) -> tuple[str, ...]:
    """A word's blocking keys at ``threshold``: its first trigrams in the call's order (rarest first,
    by ``frequency``) — as many as prefix filtering needs (see :func:`name_candidates`) — and its
    one-deletion forms."""
    grams = sorted(_sorted_grams(word), key=frequency.__getitem__)  # stable: ties stay alphabetical
    keep = len(grams) - math.ceil(threshold * len(grams) / (2 - threshold) - 1e-9) + 1
    return (*grams[:max(1, min(keep, len(grams)))], *("\0" + d for d in _deletions(word)))


@lru_cache(maxsize=65536)
def _sorted_grams(word: str) -> tuple[str, ...]:
    return tuple(sorted(_grams(word)))


@lru_cache(maxsize=65536)
def _deletions(word: str) -> tuple[str, ...]:
    """The word and every form of it with one letter deleted, for a word a misspelling may differ in
    (:func:`_one_edit`); a word one letter shorter than that is only itself (the longer spelling's
    deletion); none for any other word."""
    if len(word) < TYPO_LENGTH - 1 or not word.isalpha():
        return ()
    if len(word) < TYPO_LENGTH:
        return (word,)
    return (word, *{word[:k] + word[k + 1:] for k in range(len(word))})


@lru_cache(maxsize=65536)
def _grams(word: str) -> frozenset[str]:
    return ngrams(word)


def _similar(a: str, b: str, threshold: float) -> bool:
    if a == b:
        return True
    if a + "s" == b or b + "s" == a:
        return False
    return dice(_grams(a), _grams(b)) >= threshold or _one_edit(a, b)


def _word_similarity(a: tuple[str, ...], b: tuple[str, ...], threshold: float) -> float:
    """The lowest word-by-word trigram similarity of two equally long names (0 when lengths differ)."""
    if len(a) != len(b) or not a:
        return 0.0
    worst = 1.0
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        if x + "s" == y or y + "s" == x:
            return 0.0
        worst = min(worst, dice(_grams(x), _grams(y)))
    return worst


def speaker_forms_of(fact: Any) -> NameForms:
    """Name forms of a speaker or place fact (``name`` plus ``aliases``); places and organisations are not persons."""
    person = getattr(fact, "kind", "person") == "person" and fact.type == "speaker"
    return NameForms.of(fact.name, tuple(getattr(fact, "aliases", ()) or ()), person=person)
