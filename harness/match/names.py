"""Matching names of people, organisations and places — shared by the speaker, place and claim matchers.

Rule, in order (first that holds wins):

1. **full** — the two names are equal after normalisation (case, diacritics, punctuation, British
   spellings, leading titles such as Mr, President, Lt. Gen. removed), or have the same content words
   in any order ("Ukrainian Ministry of Defense" = "Ukrainian Defence Ministry");
2. **full** — one name contains every word of the other's full name of two or more words
   ("Kremlin spokesman Dmitry Peskov" ⊇ "Dmitry Peskov");
3. **full** (speakers only) — the prediction is a single surname that only one of the article's gold speakers bears
   ("Peskov"); **partial** when several do;
4. **full** — character-trigram Dice similarity ≥ ``name_similarity`` (default 0.7): transliteration
   variants such as Zelensky / Zelenskiy;
5. otherwise **none**.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.match.base import NO_MATCH, Context, Level, Match
from harness.normalize import dice, name_key, ngrams, token_set


@dataclass(frozen=True)
class NameForms:
    """Every surface form of one entity, normalised once."""

    display: str
    keys: frozenset[str]
    token_sets: tuple[frozenset[str], ...]
    grams: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, name: str, aliases: list[str] | tuple[str, ...] = ()) -> NameForms:
        forms = [name, *aliases]
        keys = [name_key(f) for f in forms]
        return cls(
            display=name,
            keys=frozenset(keys),
            token_sets=tuple(frozenset(k.split()) for k in keys),
            grams=tuple(ngrams(k) for k in keys),
        )

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
    for p in pred.token_sets if people else ():
        if len(p) == 1:
            (word,) = tuple(p)
            if word in gold.surnames:
                owners = ctx.surname_owners.get(word, set())
                if len(owners) <= 1:
                    return Match(Level.FULL, f"surname {word!r} is unambiguous in this article", 0.9)
                return Match(Level.PARTIAL, f"surname {word!r} is shared by {len(owners)} speakers here", 0.5)
    best = max((dice(g, p) for g in gold.grams for p in pred.grams), default=0.0)
    threshold = ctx.options.name_similarity
    if best >= threshold:
        return Match(Level.FULL, f"spelling variant (trigram similarity {best:.2f} ≥ {threshold})", best)
    return NO_MATCH


def speaker_forms_of(fact: object) -> NameForms:
    """Name forms of a speaker or place fact (``name`` plus ``aliases``)."""
    return NameForms.of(getattr(fact, "name"), tuple(getattr(fact, "aliases", ()) or ()))
