"""The unit vocabulary (``harness/data/units.yaml``) and conversions between units.

A unit string is canonicalised once: case and punctuation folded, a plural "s" dropped, synonyms
mapped to their canonical unit, and scale words ("million USD") turned into a multiplier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Unit:
    """A canonical unit: ``name``; ``dimension``/``factor`` when it converts to others (value × factor = base)."""

    name: str
    dimension: str | None = None
    factor: float = 1.0


@dataclass(frozen=True)
class Vocabulary:
    units: dict[str, Unit]
    synonyms: dict[str, str]
    scales: dict[str, float]


_PUNCT = re.compile(r"[^\w$€%]+")


def _fold(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower().replace("-", " ")).split())


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary, read once."""
    text = resources.files("harness").joinpath("data/units.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    units: dict[str, Unit] = {}
    synonyms: dict[str, str] = {}
    for name, spec in raw["units"].items():
        spec = spec or {}
        units[name] = Unit(name, spec.get("dimension"), float(spec.get("factor", 1.0)))
        for form in [name, *spec.get("synonyms", [])]:
            key = _fold(str(form))
            synonyms[key] = name
            synonyms[" ".join(_singular(w) for w in key.split())] = name
    scales = {str(k): float(v) for k, v in raw.get("scale_words", {}).items()}
    return Vocabulary(units, synonyms, scales)


@dataclass(frozen=True)
class CanonicalUnit:
    """A parsed unit: the canonical ``unit`` (or the folded text when unknown) and a value ``scale``."""

    unit: Unit
    scale: float = 1.0
    known: bool = True


@lru_cache(maxsize=1 << 14)  # unit texts repeat; bounded so odd corpora cannot grow it without limit
def canonical(unit_text: str) -> CanonicalUnit:
    """Canonicalise a unit string; unknown units become a unit named after their folded singular form.

    A unit string is read by its leading unit: a restatement in parentheses or after a comma is
    ignored ("km (160 miles)" is km).
    """
    vocab = vocabulary()
    lead = re.split(r"[(\[,;/]", unit_text, maxsplit=1)[0]
    key = _fold(lead) or _fold(unit_text)
    words = key.split()
    scale = 1.0
    if len(words) > 1:
        kept = []
        for w in words:
            if w in vocab.scales and scale == 1.0:
                scale = vocab.scales[w]
            else:
                kept.append(w)
        words = kept or words
    for candidate in (" ".join(words), " ".join(_singular(w) for w in words)):
        if candidate in vocab.synonyms:
            return CanonicalUnit(vocab.units[vocab.synonyms[candidate]], scale)
    # "Russian troops" → look for a known head noun at the end
    if len(words) > 1:
        for tail in (words[-1], _singular(words[-1])):
            if tail in vocab.synonyms:
                return CanonicalUnit(vocab.units[vocab.synonyms[tail]], scale)
    name = " ".join(_singular(w) for w in words) or key
    return CanonicalUnit(Unit(name), scale, known=False)


def convert(value: float, source: Unit, target: Unit) -> float | None:
    """``value`` in ``source`` expressed in ``target``; None when they measure different things."""
    if source.name == target.name:
        return value
    if source.dimension is None or source.dimension != target.dimension:
        return None
    return value * source.factor / target.factor


@lru_cache(maxsize=1 << 14)
def units_named(text: str) -> frozenset[Unit]:
    """Every known unit that a word or a run of up to three words of ``text`` names, case and plural
    folded ("Russian forces stationed in eastern Ukraine" names troops; "killed in the insurgency"
    names people)."""
    vocab = vocabulary()
    words = _fold(text).split()
    found = set()
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            for key in (" ".join(run), " ".join(_singular(w) for w in run)):
                if key in vocab.synonyms:
                    found.add(vocab.units[vocab.synonyms[key]])
    return frozenset(found)


@cache
def dimensioned() -> tuple[Unit, ...]:
    """Every known unit that has a dimension (converts to others)."""
    return tuple(u for u in vocabulary().units.values() if u.dimension is not None)


def same_dimension(unit: Unit) -> list[Unit]:
    """Every other known unit that measures what ``unit`` measures (km → mi, m …)."""
    if unit.dimension is None:
        return []
    return [u for u in vocabulary().units.values() if u.dimension == unit.dimension and u.name != unit.name]
