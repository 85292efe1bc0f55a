"""The matchers' editable vocabulary (``harness/data/lexicon.yaml``), loaded and checked once.

What it holds, each part used by one rule: ``negation`` (the polarity of a claim), ``not_negations``
(phrases with a negative word that deny nothing: "not only", "no doubt"), ``contractions``,
``synonyms`` (interchangeable words and phrases of news attribution), ``antonyms``, ``complements``
(antonyms of which the one negated says the other: "not reassuring" is "worrying"), ``not_dates`` (phrases that are no calendar reference), ``actors`` (who claims are
about, for the role-order rule), ``demonyms`` and ``organisations`` (organisation names in any
form), ``transliterations`` (name spellings), ``generic_heads`` (words naming a role, not an
entity: "official", "spokesman"), ``conditions`` (words making an assertion conditional, or giving its reason or purpose) and
``time_markers`` (words putting it at a time). Every entry is folded the way the text it is compared
with is folded (:func:`fold`), so the file may be written in ordinary spelling. The loader refuses
an unknown key, an empty entry, and a word that two groups of one section both claim, naming it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

_NON_WORD = re.compile(r"[^\w]+")

NonEmpty = list[str]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    negation: list[str] = Field(min_length=1)
    not_negations: list[str] = Field(default_factory=list)
    contractions: dict[str, str] = Field(default_factory=dict)
    synonyms: list[list[str]] = Field(default_factory=list)
    antonyms: list[list[str]] = Field(default_factory=list)
    complements: list[list[str]] = Field(default_factory=list)
    not_dates: list[str] = Field(default_factory=list)
    actors: dict[str, list[str]] = Field(default_factory=dict)
    demonyms: dict[str, list[str]] = Field(default_factory=dict)
    organisations: list[list[str]] = Field(default_factory=list)
    transliterations: list[list[str]] = Field(default_factory=list)
    generic_heads: list[str] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    time_markers: dict[Literal["to come", "now", "done"], list[str]] = Field(default_factory=dict)


class LexiconError(ValueError):
    """The lexicon file cannot be used; the message names the file, the section and the entry."""


def fold(text: str) -> str:
    """Lowercase, diacritics and punctuation removed, runs of spaces one space: ``"Élysée"`` → ``"elysee"``."""
    if text.isascii():
        plain = text.lower()  # nothing to decompose
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'").lower()
    return " ".join(_NON_WORD.sub(" ", plain).split())


_IRREGULAR_NT = (("can't", "can not"), ("won't", "will not"), ("shan't", "shall not"))


def spelt_out(text: str) -> str:
    """Lowercase with "n't" written out as a word, the irregular ones whole ("can't" → can not, "won't" →
    will not, "doesn't" → does not), as every text and phrase the lexicon is compared with is read."""
    text = text.replace("’", "'").lower()
    for short, full in _IRREGULAR_NT:
        text = text.replace(short, full)
    return text.replace("n't", " not")


def read_words(text: str, contractions: dict[str, str]) -> list[str]:
    """The folded words of ``text`` with "n't" (:func:`spelt_out`) and the folded ``contractions``
    written out: how every text and every multi-word entry is read (``"doesnt"`` → does not)."""
    out: list[str] = []
    for w in fold(spelt_out(text)).split():
        out.extend(contractions.get(w, w).split())
    return out


def _groups(section: str, groups: list[list[str]], source: str) -> dict[str, str]:
    """Every folded member of every group → the group's first member (folded)."""
    out: dict[str, str] = {}
    for k, group in enumerate(groups):
        members = [fold(m) for m in group]
        if not members or not all(members):
            raise LexiconError(f"{source}: {section}[{k}]: an empty group or entry")
        for m in members:
            if m in out and out[m] != members[0]:
                raise LexiconError(f"{source}: {section}[{k}]: {m!r} is already in the group of {out[m]!r}")
            out[m] = members[0]
    return out


def _phrases(section: str, phrases: list[str], source: str) -> tuple[str, ...]:
    out = tuple(fold(p) for p in phrases)
    if not all(out):
        raise LexiconError(f"{source}: {section}: an empty entry")
    return out


def _antonyms(pairs: list[list[str]], source: str) -> frozenset[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for k, pair in enumerate(pairs):
        if len(pair) != 2 or not all(fold(w) for w in pair):
            raise LexiconError(f"{source}: antonyms[{k}]: give exactly two words")
        a, b = fold(pair[0]), fold(pair[1])
        out |= {(a, b), (b, a)}
    return frozenset(out)


def _complements(pairs: list[list[str]], antonyms: frozenset[tuple[str, str]], negation: frozenset[str],
                 source: str) -> frozenset[tuple[str, str]]:
    """The ``complements``: each a pair of ``antonyms`` too, neither word a negation ("unfounded" is
    negative itself: "not accurate" is not said by it)."""
    found = _antonyms(pairs, source)
    for k, pair in enumerate(pairs):
        a, b = fold(pair[0]), fold(pair[1])
        if (a, b) not in antonyms:
            raise LexiconError(f"{source}: complements[{k}]: {pair[0]!r} / {pair[1]!r} is no pair of antonyms")
        negative = next((w for w in (a, b) if w in negation), None)
        if negative is not None:
            raise LexiconError(f"{source}: complements[{k}]: {negative!r} is a negation word")
    return found


def _not_negations(phrases: list[str], negation: frozenset[str], contractions: dict[str, str],
                   source: str) -> frozenset[str]:
    """The ``not_negations``, each read as a text is (:func:`read_words`: "can't" is "can not"). Each must
    hold a negation word (else it changes nothing) and be no negation entry itself."""
    out: set[str] = set()
    for k, phrase in enumerate(phrases):
        words = read_words(phrase, contractions)
        folded = " ".join(words)
        if not folded:
            raise LexiconError(f"{source}: not_negations[{k}]: an empty entry")
        if folded in negation:
            raise LexiconError(f"{source}: not_negations[{k}]: {folded!r} is a negation entry too")
        if not any(" ".join(words[a:b]) in negation for a in range(len(words)) for b in range(a + 1, len(words) + 1)):
            raise LexiconError(f"{source}: not_negations[{k}]: {folded!r} holds no negation word, so it changes "
                               "nothing; leave it out")
        out.add(folded)
    return frozenset(out)


@dataclass(frozen=True)
class Lexicon:
    """The folded lexicon: lookups for each rule."""

    negation: frozenset[str]
    contractions: dict[str, str]
    synonyms: dict[str, str]
    antonyms: frozenset[tuple[str, str]]
    """Pairs of opposite words (synonym-group heads), both orders."""
    not_dates: tuple[str, ...]
    """Folded phrases that are no calendar reference ("this week", "ago")."""
    actors: dict[str, str]
    demonyms: dict[str, str]
    organisations: dict[str, str]
    transliterations: dict[str, str]
    generic_heads: frozenset[str] = frozenset()
    """Folded words that name a role, not an entity ("official", "spokesman", "ministry")."""
    conditions: tuple[str, ...] = ()
    """Folded words and phrases that make an assertion conditional ("unless", "if", "barring")."""
    time_markers: tuple[tuple[str, str], ...] = ()
    """(folded phrase, "to come" | "now" | "done"): words that put an assertion at a time ("next
    month", "currently", "in the past")."""
    not_negations: frozenset[str] = frozenset()
    """Folded phrases holding a negation word that deny nothing ("not only", "no doubt", "could not
    rule out"): read as one unit, neither negative nor a term."""
    complements: frozenset[tuple[str, str]] = frozenset()
    """Opposite words of which the one negated says the other ("not reassuring" is "worrying"),
    both orders: a subset of ``antonyms``."""

    @cached_property
    def phrase_starts(self) -> dict[str, int]:
        """First word of each synonym, actor, negation or not-negation entry → the most words such an entry has
        (a text's words are read longest phrase first, so only these lengths need trying; computed once)."""
        out: dict[str, int] = {}
        for entry in (*self.synonyms, *self.actors, *self.negation, *self.not_negations):
            words = entry.split()
            if words:
                out[words[0]] = max(out.get(words[0], 1), len(words))
        return out

    @cached_property
    def organisation_aliases(self) -> tuple[tuple[str, str], ...]:
        """(`` alias ``, `` form ``) of every organisation alias, each padded with a space either side,
        longest alias first (ties in the lexicon's order): the order names are folded in (computed once)."""
        orgs = self.organisations
        return tuple((f" {alias} ", f" {orgs[alias]} ") for alias in sorted(orgs, key=lambda a: -len(a)))

    @cached_property
    def complement_partners(self) -> dict[str, frozenset[str]]:
        """Each word of ``complements`` → the words it is paired with (computed once)."""
        out: dict[str, set[str]] = {}
        for a, b in self.complements:
            out.setdefault(a, set()).add(b)
        return {a: frozenset(bs) for a, bs in out.items()}


def parse(text: str, source: str = "lexicon") -> Lexicon:
    """A lexicon from YAML text; raises :class:`LexiconError` naming what is wrong."""
    try:
        data = _File.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{source}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        e = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in e["loc"])
        hint = (" — YAML read a bare word as true/false: write it in quotes (\"no\", \"false\")"
                if isinstance(e.get("input"), bool) else "")
        raise LexiconError(f"{source}: {where}: {e['msg']}{hint}") from None
    negation = [fold(w) for w in data.negation]
    if not all(negation):
        raise LexiconError(f"{source}: negation: an empty entry")
    contractions = {fold(k) if k.strip("'") != "n't" else k: v for k, v in data.contractions.items()}
    antonyms = _antonyms(data.antonyms, source)
    return Lexicon(
        negation=frozenset(negation),
        not_negations=_not_negations(data.not_negations, frozenset(negation), contractions, source),
        contractions=contractions,
        synonyms=_groups("synonyms", data.synonyms, source),
        antonyms=antonyms,
        complements=_complements(data.complements, antonyms, frozenset(negation), source),
        not_dates=tuple(fold(p) for p in data.not_dates if fold(p)),
        actors=_groups("actors", [[name, *forms] for name, forms in data.actors.items()], source),
        demonyms=_groups("demonyms", [[name, *forms] for name, forms in data.demonyms.items()], source),
        organisations=_groups("organisations", data.organisations, source),
        transliterations=_groups("transliterations", data.transliterations, source),
        generic_heads=frozenset(fold(w) for w in data.generic_heads if fold(w)),
        conditions=_phrases("conditions", data.conditions, source),
        time_markers=tuple((phrase, when) for when, phrases in data.time_markers.items()
                           for phrase in _phrases(f"time_markers.{when}", phrases, source)),
    )


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon, ``harness/data/lexicon.yaml`` (read once)."""
    text = resources.files("harness").joinpath("data/lexicon.yaml").read_text(encoding="utf-8")
    return parse(text, "harness/data/lexicon.yaml")


def load(path: Path) -> Lexicon:
    """A lexicon from a file (to check an edited copy)."""
    return parse(path.read_text(encoding="utf-8"), str(path))


__all__ = ["Lexicon", "LexiconError", "fold", "lexicon", "load", "parse", "read_words", "spelt_out"]
