"""Matching names of people, organisations and places — shared by the speaker, place and claim matchers.

Rule, in order (first that holds wins):

1. **full** — the two names are equal after normalisation (case, diacritics, punctuation, British
   spellings, leading titles such as Mr, President, Lt. Gen. removed), or have the same content words
   in any order ("Ukrainian Ministry of Defense" = "Ukrainian Defence Ministry");
2. **full** — one name contains every word of the other's full name of two or more words
   ("Kremlin spokesman Dmitry Peskov" ⊇ "Dmitry Peskov");
3. **full** (speakers only) — the prediction is a single surname (or a spelling variant of one, as in
   rule 4) that only one of the article's gold speakers bears ("Peskov"); **partial** when several do;
4. **full** — transliteration variants: the same number of words, each pair equal or with a
   character-trigram Dice similarity ≥ ``name_similarity`` (default 0.7): Zelensky / Zelenskiy,
   Valeriy Zaluzhny / Valerii Zaluzhnyi — but not Russian / Ukrainian Defense Ministry;
5. otherwise **none**.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from harness.match.base import NO_MATCH, Context, Level, Match
from harness.normalize import dice, name_key, ngrams


@dataclass(frozen=True)
class NameForms:
    """Every surface form of one entity, normalised once."""

    display: str
    keys: frozenset[str]
    token_sets: tuple[frozenset[str], ...]
    words: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, name: str, aliases: list[str] | tuple[str, ...] = ()) -> NameForms:
        forms = [name, *aliases]
        keys = [name_key(f) for f in forms]
        return cls(
            display=name,
            keys=frozenset(keys),
            token_sets=tuple(frozenset(k.split()) for k in keys),
            words=tuple(tuple(k.split()) for k in keys),
        )

    @property
    def grams(self) -> set[str]:
        """Every character trigram of every word of every form: a name match needs one in common."""
        return {g for words in self.words for w in words for g in ngrams(w)}

    @property
    def surnames(self) -> set[str]:
        return {k.split()[-1] for k in self.keys if k}


def match_names(gold: NameForms, pred: NameForms, ctx: Context, *, people: bool = True) -> Match:
    """Compare two entities' names by the rule in the module docstring (rule 3 only when ``people``)."""
    shared = gold.keys & pred.keys
    if shared:
        return Match(Level.FULL, f"name {next(iter(sorted(shared)))!r} matches", 1.0)
    for g in gold.token_sets:
        for p in pred.token_sets:
            if g == p:
                return Match(Level.FULL, "same name words in another order", 1.0)
            small, big = (g, p) if len(g) <= len(p) else (p, g)
            if len(small) >= 2 and small <= big:
                return Match(Level.FULL, "one name contains the other", 0.95)
    threshold = ctx.options.name_similarity
    for p in pred.token_sets if people else ():
        if len(p) == 1:
            (word,) = tuple(p)
            surname = next((s for s in sorted(gold.surnames) if _similar(s, word, threshold)), None)
            if surname is not None:
                owners = ctx.surname_owners.get(surname, set())
                if len(owners) <= 1:
                    return Match(Level.FULL, f"surname {word!r} is unambiguous in this article", 0.9)
                return Match(Level.PARTIAL, f"surname {word!r} is shared by {len(owners)} speakers here", 0.5)
    best = max((_word_similarity(g, p, threshold) for g in gold.words for p in pred.words), default=0.0)
    if best >= threshold:
        return Match(Level.FULL, f"spelling variant (trigram similarity {best:.2f} ≥ {threshold})", best)
    return NO_MATCH


def name_candidates(gold: Sequence[NameForms | None], pred: Sequence[NameForms | None]) -> set[tuple[int, int]]:
    """Pairs sharing a word trigram — a superset of the pairs :func:`match_names` can match (blocking)."""
    index: dict[str, list[int]] = {}
    for i, g in enumerate(gold):
        if g is not None:
            for gram in g.grams:
                index.setdefault(gram, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for j, p in enumerate(pred):
        if p is not None:
            for gram in p.grams:
                for i in index.get(gram, ()):
                    pairs.add((i, j))
    return pairs


def _similar(a: str, b: str, threshold: float) -> bool:
    return a == b or dice(ngrams(a), ngrams(b)) >= threshold


def _word_similarity(a: tuple[str, ...], b: tuple[str, ...], threshold: float) -> float:
    """The lowest word-by-word trigram similarity of two equally long names (0 when lengths differ)."""
    if len(a) != len(b) or not a:
        return 0.0
    return min(1.0 if x == y else dice(ngrams(x), ngrams(y)) for x, y in zip(a, b, strict=True))


def speaker_forms_of(fact: Any) -> NameForms:
    """Name forms of a speaker or place fact (``name`` plus ``aliases``)."""
    return NameForms.of(fact.name, tuple(getattr(fact, "aliases", ()) or ()))
