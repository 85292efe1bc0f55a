"""Figure facts: numbers with a unit ("100,000 Russian troops", "$60 million", "about 260 kilometers").

Rules in words:

* A figure is a number — digits (with thousands commas) or a spelled-out number from two to ninety —
  optionally after a hedge ("about", "more than" … → approximate) and a currency sign, optionally
  followed by a scale word ("million"), and then a unit.
* The unit is a known unit word after the number, possibly behind up to two modifiers ("Russian",
  "additional"); failing that, a lowercase plural noun right after a digit number is taken as the
  unit itself, with low confidence ("40 tanks"). A currency sign is the unit by itself.
* Not figures: years 1900–2099 standing alone, ordinals, days of a month ("Nov. 8"), numbers glued
  to letters or hyphens ("F-16", "three-day"), numbers without a unit.
* "people" in a sentence about troops (and not about casualties) are counted as troops.
* A restatement in another unit of the same kind right after a figure ("260 km (160 miles)") is part
  of that figure, not a second one.
* "doubled" / "tripled" / "quadruple" and "N-fold" are figures in "times"; "tens of thousands of
  troops" is an approximate 10,000 troops with low confidence.
* Over the whole body, one fact per (value, unit): the first mention wins.

The vocabulary is shared with the scorer where that gives the same output: a unit word's unit, the
currency signs' units, the scale words' values and which units are lengths come from
``harness/data/units.yaml`` (through :mod:`harness.units`), so the baseline emits the scorer's
canonical unit names. ``data/figures.yaml`` lists which of those words the baseline reads after a
number, and the extra ones it needs that units.yaml does not have: more words for its units
("sailors", "victims"), units it has no name for ("weeks", "days"), things counted ("tanks"), the
pound sign, and the rule that all currencies count as one dimension for restatements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from harness.extractors.baseline.lexicon import (
    APPROX_WORDS,
    CAP_STOP,
    CURRENCIES,
    DIMENSION,
    MONTH_FORMS,
    MONTHS,
    NUMBER_WORDS,
    SCALES,
    UNIT_MODIFIERS,
    UNIT_WORDS,
    VAGUE_BASE,
    alternation,
)
from harness.extractors.baseline.text import Fact, Span

CASUALTY_WORDS = re.compile(r"\b(?:dead|killed|died|deaths?|lives|casualt\w*|victims?|wounded|injured)\b", re.I)


APPROX_PATTERN = alternation(APPROX_WORDS)
DIGITS_PATTERN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM_WORD = "|".join(NUMBER_WORDS)
_CURRENCY = alternation(CURRENCIES)
_SCALE = "|".join(SCALES)
_FIGURE = re.compile(
    rf"(?:\b(?P<approx>{APPROX_PATTERN})\s+)?"
    rf"(?P<cur>{_CURRENCY})?\s?"
    rf"(?:(?<![\w.,-])(?P<num>{DIGITS_PATTERN})(?![\w-]|[.,]\d)|\b(?P<word>{_NUM_WORD})\b(?!-))"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?",
    re.I,
)
_MULTIPLIER = re.compile(r"\b(?P<stem>doubl|tripl|quadrupl)(?:e|ed|es|ing)\b|\b(?P<n>\w+)-fold\b", re.I)
_VAGUE = re.compile(
    r"\b(?P<a>tens|dozens|hundreds|thousands|millions)(?:\s+of\s+(?P<b>thousands|millions))?"
    r"(?:\s+or\s+(?:even\s+)?(?:tens|dozens|hundreds|thousands|millions)(?:\s+of\s+(?:thousands|millions))?)?"
    r"\s+of\s+",
    re.I,
)
_MONTH_BEFORE = re.compile(r"\b(?:" + alternation(MONTH_FORMS) + r")\.?\s*$")
_MONTH_AFTER = re.compile(r"^\s*(?:of\s+)?(?:" + "|".join(MONTHS) + r")\b")
_UNIT_PHRASE = re.compile(r"\s*(" + alternation(w for w in UNIT_WORDS if " " in w) + r")\b", re.I)
_UNIT_TOKEN = re.compile(r"\s*(%|[A-Za-z](?:[\w'’-]|\.(?=\w))*)")


@dataclass(frozen=True)
class UnitHit:
    """A unit found after a number: the unit emitted, where it ends, whether it was guessed."""

    unit: str
    end: int
    guessed: bool = False


def parse_number(digits: str | None, word: str | None, scale: str | None) -> float | None:
    """The value of "2,100", "eight", "60 million" (scale words multiply)."""
    if digits:
        value = float(digits.replace(",", ""))
    elif word:
        value = float(NUMBER_WORDS[word.lower()])
    else:
        return None
    return value * SCALES.get((scale or "").lower(), 1.0)


def as_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def unit_after(text: str, pos: int) -> UnitHit | None:
    """The unit following a number at ``pos``.

    Rules: a unit word of :data:`UNIT_WORDS` ("km", "soldiers", "dead", "military personnel", "%"),
    possibly after up to two modifiers (capitalised words such as "Russian", or words of
    :data:`UNIT_MODIFIERS`); failing that, a lowercase plural noun right after the number becomes the
    unit itself, marked as guessed ("40 tanks" → tanks).
    """
    cursor = pos
    for _ in range(3):
        phrase = _UNIT_PHRASE.match(text, cursor)
        if phrase:
            return UnitHit(UNIT_WORDS[phrase.group(1).lower()], phrase.end())
        tok = _UNIT_TOKEN.match(text, cursor)
        if tok is None:
            return None
        word = tok.group(1)
        if word.lower() in UNIT_WORDS:
            return UnitHit(UNIT_WORDS[word.lower()], tok.end())
        is_modifier = word.lower() in UNIT_MODIFIERS or (word[0].isupper() and word not in CAP_STOP)
        if not is_modifier:
            if cursor == pos and re.fullmatch(r"[a-z]{3,}s", word) and word not in ("was", "has", "is", "as"):
                return UnitHit(word, tok.end(), guessed=True)
            return None
        cursor = tok.end()
    return None


def _is_date_number(text: str, start: int, end: int) -> bool:
    """"Nov. 8", "8 November": a day of a month, not a quantity."""
    return bool(_MONTH_BEFORE.search(text[:start]) or _MONTH_AFTER.match(text[end:]))


def _restatement(text: str, pos: int, unit: str) -> int:
    """End of a restatement in another unit of the same dimension right after a figure.

    "about 260 kilometers (about 160 miles)" and "260 kilometers about 160 miles" are one figure in the
    first unit; the restatement is swallowed so it yields no second figure. Returns ``pos`` when none.
    """
    if unit not in DIMENSION:
        return pos
    m = re.match(rf"\s*[(\[]?\s*(?:(?:{APPROX_PATTERN})\s+)?(?:{_CURRENCY})?\s?(?:{DIGITS_PATTERN})"
                 r"(?:\s?(?:thousand|million|billion|bn))?", text[pos:], re.I)
    if m is None:
        return pos
    end = pos + m.end()
    hit = unit_after(text, end)
    second = hit.unit if hit else ("USD" if "$" in m.group() else None)
    if second is None or DIMENSION.get(second) != DIMENSION[unit]:
        return pos
    end = hit.end if hit else end
    close = re.match(r"\s*[)\]]", text[end:])
    return end + (close.end() if close else 0)


def _troops_in_context(sentence: str, start: int) -> bool:
    """"… troop numbers … to 120,000 people": people counted in a sentence about troops are troops."""
    return bool(re.search(r"\btroops?\b", sentence[:start], re.I)) and not CASUALTY_WORDS.search(sentence)


def figures_in(sentence: Span) -> Iterator[Fact]:
    """Figures of one sentence.

    Rules: a number (digits with thousands commas, or a number word two…ninety), optionally preceded by a
    hedge (:data:`APPROX_WORDS` → ``approx``) and a currency sign, optionally followed by a scale word
    ("$60 million" → 60000000 USD), then a unit (:func:`unit_after`). Skipped: years 1900–2099 written
    alone, ordinals ("41st"), days of months ("Nov. 8"), numbers glued to words or hyphens ("F-16",
    "three-day"), numbers without a unit. A restatement in a second unit is folded in
    (:func:`_restatement`). Multipliers: "doubling/tripled/quadruple" → 2/3/4 times, "N-fold" → N times.
    Vague quantities: "tens of thousands of troops" → 10000 troops, approximate, low confidence.
    """
    text = sentence.text
    consumed = 0
    for m in _FIGURE.finditer(text):
        if m.start() < consumed:
            continue
        num_start = m.start("num") if m.group("num") else m.start("word")
        num_end = m.end("num") if m.group("num") else m.end("word")
        value = parse_number(m.group("num"), m.group("word"), m.group("scale"))
        if value is None or _is_date_number(text, num_start, num_end):
            continue
        cur = m.group("cur")
        hit = unit_after(text, m.end())
        if cur:
            unit, end, confidence = CURRENCIES[cur.upper()], m.end(), 0.9
        elif hit is not None:
            unit, end, confidence = hit.unit, hit.end, (0.4 if hit.guessed else 0.85)
            if m.group("word") and hit.guessed:
                continue
        else:
            continue
        digits = m.group("num") or ""
        if not cur and re.fullmatch(r"(19|20)\d\d", digits) and (hit is None or hit.guessed):
            continue  # a year, not a quantity
        if unit == "people" and text[num_end:end].strip().lower() == "people" and _troops_in_context(text, num_start):
            unit, confidence = "troops", 0.6
        start = m.start("approx") if m.group("approx") else (m.start("cur") if cur else num_start)
        consumed = _restatement(text, end, unit)
        yield {
            "type": "figure", "value": as_number(value), "unit": unit, "approx": bool(m.group("approx")),
            "evidence": text[start:end], "confidence": confidence,
        }
    yield from _multipliers(sentence)
    yield from _vague(sentence)


def _multipliers(sentence: Span) -> Iterator[Fact]:
    for m in _MULTIPLIER.finditer(sentence.text):
        stem = (m.group("stem") or "").lower()
        factor = {"doubl": 2, "tripl": 3, "quadrupl": 4}.get(stem)
        if factor is None:
            n = (m.group("n") or "").lower()
            factor = NUMBER_WORDS.get(n) or (int(n) if n.isdigit() else None)
        if factor:
            yield {"type": "figure", "value": factor, "unit": "times", "approx": False,
                   "evidence": m.group(), "confidence": 0.7}


def _vague(sentence: Span) -> Iterator[Fact]:
    text = sentence.text
    for m in _VAGUE.finditer(text):
        hit = unit_after(text, m.end())
        if hit is None or hit.guessed:
            continue
        value = VAGUE_BASE[m.group("a").lower()] * VAGUE_BASE.get((m.group("b") or "").lower(), 1)
        yield {"type": "figure", "value": value, "unit": hit.unit, "approx": True,
               "evidence": text[m.start():hit.end], "confidence": 0.4}


def extract_figures(body: list[Span]) -> list[Fact]:
    """Figures of the whole body, one per (value, unit) — the first mention wins."""
    seen: set[tuple[float, str]] = set()
    out = []
    for sentence in body:
        for fact in figures_in(sentence):
            key = (float(fact["value"]), fact["unit"])
            if key not in seen:
                seen.add(key)
                out.append(fact)
    return out
