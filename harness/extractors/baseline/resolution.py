"""Resolution: from speech events to speaker facts and claim facts.

Rules in words:

* A bare surname becomes the full name used elsewhere in the article ("Peskov" → "Dmitry Peskov"),
  from a named speaker or any "First Last" in the body.
* "he" / "she" is the person mentioned most recently before it; "it" the most recent organisation.
* "the report" is the most recent institution speaker, else the document phrase itself when it names
  an origin; "the ministry" is the most recent organisation speaker with that word.
* A role phrase ("the official", "Russia's deputy UN ambassador") is the person given that role
  elsewhere, else, for generic titles, the most recent person speaker.
* A pronoun adds no new speaker unless the person it points to is not one yet.
* One speaker fact per resolved name (a named mention's evidence and role win over an anaphor's,
  other spellings become aliases); one claim fact per speaker and text.
* Claim confidence: a quotation with its attribution 0.6, a paraphrase after a verb 0.5, a passive,
  "according to" or a quote-only paragraph 0.4.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from harness.extractors.baseline.attribution import Event
from harness.extractors.baseline.lexicon import CAP_STOP, GAZETTEER, NAME_PARTICLES, ORG_HEADS, Kind, alternation
from harness.extractors.baseline.speakers import Subject, is_name_word
from harness.extractors.baseline.text import Fact, Span


@dataclass
class Speaker:
    """A resolved speaker, merged over all its mentions."""

    name: str
    kind: Kind
    role: str | None
    evidence: str
    confidence: float
    named: bool = False
    forms: list[str] = field(default_factory=list)


def _fold_key(text: str) -> str:
    return re.sub(r"[^\w\s]", "", text.replace("’", "'").lower())


def role_key(text: str) -> frozenset[str]:
    """Words of a role for comparison: lowercase, possessives and dots dropped ("Russias" = "Russia's")."""
    words = []
    for w in re.sub(r"['’.]", "", text.lower()).split():
        if w in ("the", "a", "an", "of"):
            continue
        words.append(w[:-1] if len(w) > 3 and w.endswith("s") else w)
    return frozenset(words)


def _full_names(events: list[Event], body: list[Span]) -> dict[str, str]:
    """Surname → full name: from named speakers first, then from any "First Last" in the body."""
    out: dict[str, str] = {}
    for e in events:
        s = e.subject
        if s.name and s.kind == "person" and len(s.name.split()) > 1 and s.confidence >= 0.7:
            out.setdefault(s.name.split()[-1], s.name)
    for sentence in body:
        for m in re.finditer(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+(?:[A-Z][a-z]+|von|der|de|van|al|bin))*\s+"
                             r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", sentence.text):
            words = m.group().split()
            k = len(words)
            while k > 0 and (is_name_word(words[k - 1]) or words[k - 1] in NAME_PARTICLES):
                k -= 1
            name_words = words[k:]
            if len(name_words) >= 2 and not any(w in GAZETTEER or w in CAP_STOP for w in name_words):
                out.setdefault(name_words[-1], " ".join(name_words))
    return out


@dataclass
class Resolver:
    """Resolves subjects in text order, remembering the speakers seen so far.

    * a bare surname → the full name used elsewhere in the article ("Peskov" → "Dmitry Peskov");
    * "he"/"she" → the person named most recently before the pronoun (any mention, not only as speaker);
    * "it" → the most recent organisation speaker;
    * "the report"/"the assessment" → the most recent institution speaker (one with an organisation
      head word), else the document phrase itself when it names an origin ("Ukrainian military report");
    * "the ministry" → the most recent organisation speaker with that head word;
    * a role phrase ("Russia's deputy UN ambassador", "the official") → the person given that role
      elsewhere in the article, else (generic titles) the most recent person speaker.
    """

    full_names: dict[str, str]
    roles: list[tuple[frozenset[str], str]]
    person_mentions: list[tuple[int, str]]
    speakers: dict[str, Speaker] = field(default_factory=dict)
    last_person: str | None = None
    orgs: list[str] = field(default_factory=list)

    def name_of(self, subject: Subject, position: int) -> str | None:
        if subject.name is not None and subject.anaphor != "report":
            if subject.kind == "person" and len(subject.name.split()) == 1:
                return self.full_names.get(subject.name, subject.name)
            return subject.name
        anaphor = subject.anaphor
        if anaphor in ("he", "she"):
            before = [name for pos, name in self.person_mentions if pos < position]
            return before[-1] if before else self.last_person
        if anaphor == "it":
            return self.orgs[-1] if self.orgs else None
        if anaphor == "report":
            institutions = [o for o in self.orgs if any(w.lower() in ORG_HEADS for w in o.split())]
            if institutions:
                return institutions[-1]
            return subject.name
        if anaphor == "role" and subject.role:
            return self._by_role(subject.role)
        if anaphor:
            matching = [o for o in self.orgs if anaphor in o.lower()]
            return matching[-1] if matching else None
        return None

    def _by_role(self, role: str) -> str | None:
        key = role_key(role)
        for known, name in self.roles:
            if key and key <= known:
                return name
        generic = key <= role_key("the official spokesman spokesperson minister leader president diplomat")
        return self.last_person if generic else None

    def add(self, subject: Subject, name: str, evidence: Span) -> None:
        """Record a speaker mention; a named mention's evidence and role win over an anaphor's."""
        named = subject.name is not None and subject.anaphor is None
        kind: Kind = subject.kind if named or (subject.anaphor == "report" and subject.name) else (
            "person" if subject.anaphor in ("he", "she", "role") else "organization")
        current = self.speakers.get(name)
        if current is None:
            current = Speaker(name, kind, subject.role, evidence.text, subject.confidence, named=named)
            self.speakers[name] = current
        else:
            if named and not current.named:
                current.evidence, current.named = evidence.text, True
                current.role = subject.role or current.role
            else:
                current.role = current.role or subject.role
            current.confidence = max(current.confidence, subject.confidence)
        if subject.name and subject.name != name and subject.name not in current.forms:
            current.forms.append(subject.name)
        if current.kind == "person":
            self.last_person = name
        else:
            self.orgs.append(name)


def _person_mentions(body: list[Span], names: Iterable[str]) -> list[tuple[int, str]]:
    """(offset, full name) of every mention of a known person's surname in the body, in order."""
    by_surname = {n.split()[-1]: n for n in names}
    if not by_surname:
        return []
    pattern = re.compile(r"\b(" + alternation(by_surname) + r")\b")
    return sorted((s.start + m.start(), by_surname[m.group(1)]) for s in body for m in pattern.finditer(s.text))


def claim_confidence(event: Event) -> float:
    """A quotation with its attribution (0.6) is surer than a paraphrase after a verb (0.5), which is surer
    than a passive, an "according to", or a quote paragraph assigned to a neighbour's speaker (0.4)."""
    if event.origin in ("passive", "according", "outlet", "continuation"):
        return 0.4
    return 0.6 if event.said.trailing else 0.5


def resolve_events(events: list[Event], body: list[Span]) -> tuple[list[Speaker], list[Fact]]:
    """Speakers (one per resolved name) and claims (one per speaker and text) of the events.

    A pronoun or "it" only resolves to a speaker; it adds no new speaker unless the person it points to
    was not yet one ("He said …" after "On Friday, Blinken pointed at …").
    """
    full_names = _full_names(events, body)
    roles = [(role_key(e.subject.role), full_names.get(e.subject.name.split()[-1], e.subject.name))
             for e in events if e.subject.role and e.subject.name and e.subject.kind == "person"]
    persons = {full_names.get(e.subject.name.split()[-1], e.subject.name) for e in events
               if e.subject.name and e.subject.kind == "person" and e.subject.confidence >= 0.7}
    resolver = Resolver(full_names, roles, _person_mentions(body, persons))
    claims: dict[tuple[str, str], Fact] = {}
    for event in events:
        name = resolver.name_of(event.subject, event.evidence.start)
        if not name:
            continue
        if event.subject.anaphor not in ("he", "she", "it") or name not in resolver.speakers:
            resolver.add(event.subject, name, event.evidence)
        for text in event.said.claims:
            key = (name, _fold_key(text))
            if key not in claims:
                claims[key] = {"type": "claim", "speaker": name, "text": text,
                               "evidence": event.context.text, "confidence": claim_confidence(event)}
    return list(resolver.speakers.values()), list(claims.values())


def speaker_fact(s: Speaker) -> Fact:
    """A speaker in the prediction format."""
    fact: Fact = {"type": "speaker", "name": s.name, "kind": s.kind, "evidence": s.evidence,
                  "confidence": round(s.confidence, 2)}
    if s.role:
        fact["role"] = s.role
    if s.forms:
        fact["aliases"] = list(s.forms)
    return fact
