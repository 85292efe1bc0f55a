"""The baseline's vocabulary: word lists and gazetteers, read once from the data files beside this module.

The words live in ``data/*.yaml``, one file per job, so they can be read and extended without
touching the rules:

* ``text.yaml`` — abbreviations that end no sentence, capitalised words that are never names,
  function words;
* ``dates.yaml`` — weekday and month names, short month forms;
* ``figures.yaml`` — number and scale words, hedges, currency signs, unit words, counted nouns,
  which units may be restated, modifiers between a number and its unit, vague quantities;
* ``speakers.yaml`` — titles, organisation, document and group heads, organisation names,
  nationalities, pronouns, name particles;
* ``speech.yaml`` — speech verbs, headline verbs, listener verbs, passive verbs, participles;
* ``places.yaml`` — countries, capitals and regions with their other spellings, compass directions,
  locative words, and the words that may follow a place.

This module only checks the files' shapes and turns the lists into the forms the rules use: frozen
sets where only membership matters, tuples where order matters (weekdays, months, verbs tried in
turn), and the place gazetteer (every spelling → its place).

Units are not duplicated here: for the unit words and currency signs that ``harness/data/units.yaml``
knows, the unit emitted is its canonical name there (:func:`harness.units.canonical`); scale values
and the units of a restatable dimension come from it as well. ``figures.yaml`` holds only the choice
of words and the extra surface words units.yaml lacks; loading fails with :class:`LexiconError` when a
word listed as known to units.yaml is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

import yaml

from harness import units

Kind = Literal["person", "organization"]
"""What a speaker is."""


class LexiconError(ValueError):
    """A data file of the baseline does not have the expected shape."""


@cache
def _load(name: str) -> dict[str, Any]:
    """The mapping of ``data/<name>.yaml``."""
    text = resources.files("harness.extractors.baseline").joinpath(f"data/{name}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise LexiconError(f"data/{name}.yaml: expected a mapping at the top")
    return cast(dict[str, Any], data)


def _strings(file: str, key: str) -> tuple[str, ...]:
    """The list of strings under ``key`` of ``data/<file>.yaml``, in file order."""
    value = _load(file).get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"data/{file}.yaml: {key} must be a list of strings")
    return tuple(value)


def _words(file: str, key: str) -> frozenset[str]:
    return frozenset(_strings(file, key))


def _mapping(file: str, key: str, kind: type[Any]) -> dict[str, Any]:
    """The mapping under ``key`` of ``data/<file>.yaml`` (string keys, values of type ``kind``), in file order."""
    value = _load(file).get(key)
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, kind) for k, v in value.items()):
        raise LexiconError(f"data/{file}.yaml: {key} must map strings to {kind.__name__}")
    return cast(dict[str, Any], value)


def _places(key: str) -> dict[str, tuple[str, ...]]:
    """A gazetteer table of ``places.yaml``: canonical name → its other spellings."""
    forms = _mapping("places", "other_forms", list)
    return {name: tuple(str(f) for f in forms.get(name, ())) for name in _strings("places", key)}


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal ``items``, longest first (so "Sea of Azov" beats "Azov")."""
    return "|".join(re.escape(i) for i in sorted(set(items), key=lambda s: (-len(s), s)))


# --------------------------------------------------------------------------- text

ABBREVIATIONS = _words("text", "abbreviations")
FUNCTION_WORDS = _words("text", "function_words")

# --------------------------------------------------------------------------- dates

WEEKDAYS = _strings("dates", "weekdays")
MONTHS = _strings("dates", "months")
MONTH_FORMS: dict[str, int] = {m: i + 1 for i, m in enumerate(MONTHS)} | _mapping("dates", "month_abbreviations", int)
"""Month names and short forms → month number."""

CAP_STOP = _words("text", "capitalised_non_names") | frozenset(WEEKDAYS) | frozenset(MONTHS)
"""Capitalised words that never belong to a speaker's name (sentence openers, pronouns, dates)."""

# --------------------------------------------------------------------------- figures

NUMBER_WORDS: dict[str, int] = _mapping("figures", "number_words", int)


def _known_unit(surface: str) -> str:
    """The canonical unit harness/data/units.yaml gives ``surface``; an error when it does not know it."""
    found = units.canonical(surface)
    if not found.known or found.scale != 1.0:
        raise LexiconError(f"data/figures.yaml: harness/data/units.yaml does not know the unit {surface!r}; "
                           "list it with its unit among the more_… entries instead")
    return found.unit.name


def _scale(word: str) -> float:
    """The multiplier harness/data/units.yaml gives the scale word ``word``."""
    scales = units.vocabulary().scales
    if word not in scales:
        raise LexiconError(f"data/figures.yaml: {word!r} is no scale word of harness/data/units.yaml")
    return scales[word]


def _more(key: str) -> dict[str, str]:
    """A ``unit: [surface words]`` table of ``figures.yaml`` as surface word → unit."""
    return {word: unit for unit, words in _mapping("figures", key, list).items() for word in words}


SCALES: dict[str, float] = {word: _scale(word) for word in _strings("figures", "scale_words")}
"""Scale words after a number and their multipliers (values from units.yaml)."""
APPROX_WORDS = _strings("figures", "approx_words")
CURRENCIES: dict[str, str] = {sign: _known_unit(sign) for sign in _strings("figures", "currency_signs")} | _mapping(
    "figures", "more_currency_signs", str)
"""Currency signs before a number → the unit they give."""
UNIT_WORDS: dict[str, str] = (
    {word: _known_unit(word) for word in _strings("figures", "unit_words")}
    | _more("more_unit_words")
    | {word: word for word in _strings("figures", "counted_nouns")}
)
"""Unit words after a number → the unit emitted: units.yaml's canonical name where it has one."""
DIMENSION: dict[str, str] = {
    unit.name: unit.dimension for unit in units.vocabulary().units.values()
    if unit.dimension is not None and unit.dimension in _strings("figures", "restated_dimensions")
} | dict.fromkeys(_strings("figures", "restated_currencies"), "money")
"""Units that may be restated in another unit of the same dimension ("260 km (160 miles)")."""
UNIT_MODIFIERS = _words("figures", "unit_modifiers")
VAGUE_BASE: dict[str, int] = _mapping("figures", "vague_quantities", int)

# --------------------------------------------------------------------------- speakers

TITLE_WORDS = _words("speakers", "title_words")
CORE_TITLES = _words("speakers", "core_titles")
ORG_HEADS = _words("speakers", "organisation_heads")
REPORT_HEADS = _words("speakers", "report_heads")
ORG_NAMES = _words("speakers", "organisation_names")
OUTLET_WORDS = _words("speakers", "outlet_words")
GROUP_HEADS = _words("speakers", "group_heads")
NP_LOWER_WORDS = TITLE_WORDS | ORG_HEADS | REPORT_HEADS | GROUP_HEADS | _words("speakers", "noun_phrase_words")
"""Lowercase words that may sit inside a speaker noun phrase ("state border service spokesman")."""
NATIONALITIES = _words("speakers", "nationalities")
PRONOUNS = cast(dict[str, Kind], _mapping("speakers", "pronouns", str))
NAME_PARTICLES = _words("speakers", "name_particles")

# --------------------------------------------------------------------------- speech

SPEECH_VERBS = _strings("speech", "speech_verbs")
HEADLINE_VERBS = _strings("speech", "headline_verbs")
MULTIWORD_VERBS = _strings("speech", "multiword_verbs")
OBJECT_VERBS = _words("speech", "object_verbs")
PASSIVE_VERBS = _strings("speech", "passive_verbs")
PARTICIPLES = _strings("speech", "participles")

# --------------------------------------------------------------------------- places

COUNTRIES = _places("countries")
CAPITALS = _places("capitals")
REGIONS = _places("regions")
DIRECTIONS = _strings("places", "directions")
LOCATIVES = _strings("places", "locatives")
FOLLOW_WORDS = _words("places", "follow_words")


@dataclass(frozen=True)
class PlaceEntry:
    """A gazetteer place: canonical ``name``, every surface ``form``, and whether it needs a locative."""

    name: str
    forms: tuple[str, ...]
    locative_only: bool


def _gazetteer() -> dict[str, PlaceEntry]:
    """Surface form → entry, for every country, capital and region (the first listed wins a shared form)."""
    out: dict[str, PlaceEntry] = {}
    for table, locative in ((COUNTRIES, True), (CAPITALS, True), (REGIONS, False)):
        for name, variants in table.items():
            entry = PlaceEntry(name, (name, *variants), locative)
            for form in entry.forms:
                out.setdefault(form, entry)
    return out


GAZETTEER = _gazetteer()
"""Every spelling of every place → its entry."""
