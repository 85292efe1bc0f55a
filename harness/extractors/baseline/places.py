"""Place facts: countries, capitals, regions and towns named as locations.

Rules in words:

* A region, sea or non-capital city of the gazetteer is a place wherever it is named; a variant
  spelling ("Kiev", "Crimean Peninsula") gives the canonical name, with the variants as aliases.
* A country or capital is a place only as a location — after "in", "near", "at", "across", "the
  neighboring country of" … — not as an actor ("Moscow denied"), not as a possessive ("Ukraine's
  border") and not as a modifier ("the U.S. naval deployment").
* A direction with a country is a region: "eastern Ukraine", "Ukraine's east", "the east of Ukraine";
  "the east of the country" means the country named last.
* "the town/city/region of <Name>" and "in/near/at <Name>" name places outside the gazetteer, unless
  the name is an outlet, an organisation, a person of the article, a nationality, a weekday or month.
* "<Place>, a town about 260 kilometers … north of <X>" gives the place with its distance.
* Over the whole body, one fact per name; a mention with a distance wins over one without.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from harness.extractors.baseline.figures import APPROX_PATTERN, DIGITS_PATTERN, as_number
from harness.extractors.baseline.lexicon import (
    CAP_STOP,
    COUNTRIES,
    DIRECTIONS,
    FOLLOW_WORDS,
    GAZETTEER,
    LOCATIVES,
    NATIONALITIES,
    ORG_HEADS,
    OUTLET_WORDS,
    TITLE_WORDS,
    alternation,
)
from harness.extractors.baseline.text import Fact, Span

_PLACE = re.compile(r"(?<![\w-])(?P<name>" + alternation(GAZETTEER) + r")(?P<poss>'s|’s|s)?(?![\w-])")
_TOWN_OF = re.compile(r"\b(?:town|city|village|region|province|district|port|island)\s+of\s+"
                      r"(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)\b")
_MODIFIER_AFTER = re.compile(r"^\s+(?!(?:" + alternation(FOLLOW_WORDS) + r")\b)[a-z]")
_DIRECTION_OF = re.compile(r"\bthe\s+(?P<dir>" + "|".join(DIRECTIONS) + r")\s+of\s+(?:the\s+country\b|(?P<country>"
                           + alternation(f for f, e in GAZETTEER.items() if e.name in COUNTRIES) + r")\b)")
_LOCATIVE_BEFORE = re.compile(r"\b(?:" + alternation(LOCATIVES) + r")\s+(?:the\s+)?$"
                              r"|\b(?:" + alternation(LOCATIVES) + r")\s+(?:the\s+)?[A-Z][\w.]*(?:,\s*[A-Z][\w.]*)*"
                              r",?\s+(?:and|or)\s+(?:the\s+)?$")
_DIRECTION_ADJ = re.compile(r"\b(?P<dir>(?:north|south)?-?(?:eastern|western)|northern|southern|central)\s+$", re.I)
_DIRECTION_NOUN = re.compile(r"^\s+(?P<dir>" + "|".join(DIRECTIONS) + r")\b(?!\s+of\b)")
_PREP_NAME = re.compile(r"\b(?P<prep>in|near|at|outside|around)\s+(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2})\b")
_OUTLET_BEFORE = re.compile(r"\b(?:published|reported|appeared|wrote|article|report|story|interview|told|quoted)"
                            r"\s+(?:in|at|to|by)\s+$", re.I)
_DISTANCE = re.compile(
    r"(?P<place>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?),\s+(?:an?\s+)?(?:\w+\s+){0,2}?"
    r"(?:town|city|village|region|base|settlement|port|airfield|area|district)\s+"
    rf"(?:(?P<approx>{APPROX_PATTERN})\s+)?(?P<num>{DIGITS_PATTERN})\s*(?P<unit>kilometers|kilometres|km|miles|mi)\b"
    r"(?P<rest>.*?)\b(?P<dir>" + "|".join(DIRECTIONS) + r")\s+of\s+(?:the\s+)?(?P<from>[^,.;:()]+)",
)


def _direction_name(direction: str, country: str) -> str:
    """"east" + "Ukraine" → "eastern Ukraine" (the usual English name of the region)."""
    d = direction.lower().replace("-", "")
    adj = {"east": "eastern", "west": "western", "north": "northern", "south": "southern",
           "northeast": "northeastern", "northwest": "northwestern", "southeast": "southeastern",
           "southwest": "southwestern"}.get(d, d)
    return f"{adj} {country}"


def places_in(
    sentence: Span, people: frozenset[str], last_country: str | None = None
) -> Iterator[tuple[str, Span, float, dict[str, Any] | None]]:
    """Places of one sentence as (name, mention, confidence, distance or None).

    Rules:

    * a region, sea or non-capital city of the gazetteer, wherever it is named ("Black Sea", "Crimean
      Peninsula" → Crimea);
    * a country or capital only as a location: after a locative ("in", "near", "at", "into", "across",
      "the neighboring country of" …, also "in Ukraine and Belarus"), not as an actor ("Moscow denied");
    * a possessive ("Ukraine's border") or a country used as a modifier ("the U.S. naval deployment") is
      no location;
    * direction + country → a region: "eastern Ukraine", "Ukraine's east", "Ukraines east", "the east
      of Ukraine", and "the east of the country" with the country last named (``last_country`` when
      not in this sentence);
    * "the town/city/region of <Name>" ("near the town of Kula");
    * "in/near/at <Capitalised Name>" for names outside the gazetteer ("in Yelnya"), unless it names an
      outlet ("published in Duty To America News"), a person, a weekday or month;
    * "<Place>, a town about 260 kilometers … north of the <X>" → the place with its distance.
    """
    text = sentence.text
    for m in _DISTANCE.finditer(text):
        place = m.group("place")
        if place in CAP_STOP or place.split()[0] in CAP_STOP:
            continue
        distance = {"value": as_number(float(m.group("num").replace(",", ""))),
                    "unit": "km" if m.group("unit").startswith("k") else "mi",
                    "from": " ".join(m.group("from").split()[:6]), "direction": m.group("dir").lower()}
        yield place, sentence.sub(m.start(), m.end("from")), 0.8, distance
    for m in _PLACE.finditer(text):
        entry = GAZETTEER[m.group("name")]
        before, after = text[: m.start()], text[m.end():]
        direction_after = _DIRECTION_NOUN.match(after) if m.group("poss") else None
        adjective = _DIRECTION_ADJ.search(before)
        if entry.name in COUNTRIES and (adjective or direction_after):
            if adjective:
                direction, start, end = adjective.group("dir"), adjective.start(), m.end()
            else:
                assert direction_after is not None
                direction, start, end = direction_after.group("dir"), m.start(), m.end() + direction_after.end()
            yield _direction_name(direction, entry.name), sentence.sub(start, end), 0.75, None
            continue
        if m.group("poss"):
            continue  # a possessive is a modifier: "Ukraine's border", "Kyivs attempts" (apostrophe lost)
        if entry.locative_only and (not _LOCATIVE_BEFORE.search(before) or _MODIFIER_AFTER.match(after)):
            continue
        yield entry.name, sentence.sub(m.start(), m.start() + len(m.group("name"))), 0.7, None
    for m in _DIRECTION_OF.finditer(text):
        country = m.group("country")
        if country is None:
            mentioned = [c.group("name") for c in _PLACE.finditer(text[: m.start()])
                         if GAZETTEER[c.group("name")].name in COUNTRIES]
            country = mentioned[-1] if mentioned else last_country
        if country is not None:
            name = _direction_name(m.group("dir"), GAZETTEER[country].name)
            yield name, sentence.sub(*m.span()), 0.6, None
    for m in _TOWN_OF.finditer(text):
        if m.group("name").split()[0] not in CAP_STOP and m.group("name") not in GAZETTEER:
            yield m.group("name"), sentence.sub(*m.span("name")), 0.6, None
    for m in _PREP_NAME.finditer(text):
        name = m.group("name")
        words = name.split()
        if (any(w in GAZETTEER for w in (name, words[0])) or words[0] in CAP_STOP or words[0] in TITLE_WORDS
                or any(w in OUTLET_WORDS or w.lower() in ORG_HEADS for w in words)
                or any(w in people for w in words) or words[0] in NATIONALITIES
                or _OUTLET_BEFORE.search(text[: m.start("name")]) or name[:-1] in GAZETTEER
                or re.match(r"\s*(?:'s|’s)", text[m.end():])):
            continue
        yield name, sentence.sub(*m.span("name")), 0.5, None


def extract_places(body: list[Span], people: frozenset[str] = frozenset()) -> list[Fact]:
    """Places of the whole body, one fact per name (a mention with a distance wins over one without).

    ``people`` holds the words of person names, which are never places.
    """
    out: dict[str, Fact] = {}
    last_country: str | None = None
    for sentence in body:
        for name, mention, confidence, distance in places_in(sentence, people, last_country):
            entry = GAZETTEER.get(name)
            fact = out.get(name)
            if fact is None:
                fact = {"type": "place", "name": name, "evidence": mention.text, "confidence": confidence}
                forms = [f for f in (entry.forms if entry else ()) if f != name]
                if forms:
                    fact["aliases"] = forms
                out[name] = fact
            elif (distance is None and " " in mention.text and len(mention.text) < 40
                  and mention.text not in (fact["evidence"], name, *fact.get("aliases", []))):
                fact.setdefault("aliases", []).append(mention.text)
            if distance is not None and "distance" not in fact:
                fact["distance"] = distance
                fact["evidence"] = mention.text
        countries = [m.group("name") for m in _PLACE.finditer(sentence.text)
                     if GAZETTEER[m.group("name")].name in COUNTRIES]
        last_country = countries[-1] if countries else last_country
    return list(out.values())
