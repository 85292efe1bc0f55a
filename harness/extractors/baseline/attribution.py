"""Speech events: where an attribution is, who it names and what it says.

Rules in words:

* A speech verb ("said", "told", "warned", "denied", "responded by saying" …, and title-case headline
  verbs such as "Says") with a speaker before it, or, after a quotation, a speaker after it ('"…,"
  said Peskov'). "X and Y warned" gives an event for each person.
* "X quoted Y as saying …": Y is the speaker of the claim; X is only a source and gets no claim.
* A passive "was denied by X …": X is the speaker and the sentence is the claim.
* "<clause>, according to X" and "According to X, <clause>", where X is a person, a body or an outlet
  ("according to a report published in …").
* Claims belong to the innermost speaker: an attribution that contains another gives up its claim;
  an outlet cited with "according to" gives up its claim when the sentence has another speaker.
* A paragraph that is only a quotation belongs to the next paragraph's closing attribution when the
  quote runs on, else to the previous paragraph's attribution of a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from harness.extractors.baseline.claims import Said, claims_for, cut_attribution, split_claims
from harness.extractors.baseline.lexicon import (
    HEADLINE_VERBS,
    MULTIWORD_VERBS,
    PASSIVE_VERBS,
    REPORT_HEADS,
    SPEECH_VERBS,
    TITLE_WORDS,
    alternation,
)
from harness.extractors.baseline.speakers import Subject, classify, np_tokens, subject_after, subject_before
from harness.extractors.baseline.text import Span, quote_depth, sentences

_VERB = re.compile(
    r"(?<![\w-])(?P<verb>" + "|".join(MULTIWORD_VERBS) + "|" + "|".join(SPEECH_VERBS) + r")(?![\w-])"
    r"|(?<=[A-Za-z]\s)(?P<hverb>" + "|".join(HEADLINE_VERBS) + r")\b"
)


@dataclass(frozen=True)
class Event:
    """One attribution: who (``subject``), the words carrying it (``evidence``), what was said
    (``said``), the sentence or paragraph holding it (``context``) and how it was found (``origin``:
    verb, according, outlet, passive, continuation)."""

    subject: Subject
    evidence: Span
    said: Said
    context: Span
    origin: str = "verb"


def _according_to(sentence: Span) -> Iterator[Event]:
    """"<clause>, according to X." and "According to X, <clause>".

    X may be a person or body ("according to Pentagon spokesman John Kirby", "according to the
    official") or an outlet ("according to a report published in Duty To America News").
    """
    text = sentence.text
    for m in re.finditer(r"\b[Aa]ccording to\s+(?P<np>(?:[^,.;]|\.(?!\s*$)){2,90})", text):
        np_text = m.group("np")
        outlet = re.search(r"\b(?:published|report|article|story)\s+(?:published\s+)?(?:in|by)\s+"
                           r"(?P<o>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|To|to|the))*)", np_text)
        origin = "according"
        if outlet:
            o = outlet.group("o").rstrip()
            subject: Subject | None = Subject(sentence.sub(m.start(), m.start("np") + outlet.end("o")),
                                              name=o, kind="organization", confidence=0.4)
            origin = "outlet"
        else:
            trimmed = re.sub(r"^(?:the|a|an|its|their)\s+(?:\w+\s+){0,2}?(?=[A-Z]|\w+\s*$|(?:" +
                             alternation(TITLE_WORDS | REPORT_HEADS) + r")\b)", "", np_text)
            tokens = np_tokens(trimmed.rstrip())
            subject = classify([t.group() for t in tokens], sentence) if tokens else None
            if subject is not None:
                subject = replace(subject, span=sentence.sub(m.start(), m.end("np")))
        if subject is None:
            continue
        if not text[: m.start()].strip():
            region = (sentence.start + m.end(), sentence.end)
        else:
            region = (sentence.start, sentence.start + m.start())
        clause = sentence.text[region[0] - sentence.start : region[1] - sentence.start]
        yield Event(subject, subject.span, Said(tuple(split_claims(clause)), region, False), sentence, origin)


def _passive(sentence: Span) -> Iterator[Event]:
    """"… have been denied by Russia as provocative", "was labeled by the Russian Defense Ministry as …":
    the speaker follows "by"; the claim is the sentence."""
    text = sentence.text
    pattern = r"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?(?:" + "|".join(PASSIVE_VERBS) + r")\s+by\s+"
    for m in re.finditer(pattern, text):
        subject = subject_after(sentence, m.end() - 1)
        if subject is None or subject.name is None:
            continue
        evidence = sentence.sub(m.start(), subject.span.end - sentence.start)
        said = Said(tuple(split_claims(cut_attribution(text))), (sentence.start, sentence.end), False)
        yield Event(replace(subject, span=evidence), evidence, said, sentence, "passive")


def _verb_events(sentence: Span) -> Iterator[Event]:
    """Events around a speech verb: "X said …", '"…," X said', '"…," said X', "X and Y warned …",
    "X quoted Y as saying …" (Y speaks; X, only the source, gets no claim), "X responded by saying …"."""
    text = sentence.text
    for m in _VERB.finditer(text):
        verb = m.group("verb") or m.group("hverb")
        v0, v1 = m.span("verb") if m.group("verb") else m.span("hverb")
        subject = subject_before(sentence, v0)
        if subject is None and re.search(r"[,\"”’']\s*$", text[:v0]):
            subject = subject_after(sentence, v1)
            if subject is not None:
                said = Said(tuple(split_claims(text[:v0])), (sentence.start, sentence.start + v0), True)
                yield Event(subject, sentence.sub(v0, subject.span.end - sentence.start), said, sentence)
            continue
        if subject is None:
            continue
        evidence = sentence.sub(subject.span.start - sentence.start, v1)
        subject = replace(subject, span=evidence)
        said = claims_for(sentence, subject, v1, verb)
        if verb == "quoted":
            quoted = re.match(r"\s+(?P<np>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+as\s+saying", text[v1:])
            person = classify(quoted.group("np").split(), sentence) if quoted else None
            if quoted is None or person is None:
                continue
            span = sentence.sub(v1 + quoted.start("np"), v1 + quoted.end("np"))
            yield Event(replace(person, span=span), span, claims_for(sentence, subject, v1 + quoted.end(), "said"),
                        sentence)
            said = replace(said, claims=())  # the outlet quoting is a source, not the speaker
        yield Event(subject, evidence, said, sentence)
        coordinated = re.search(r"\s+and\s+$", text[: subject.span.start - sentence.start])
        if coordinated and subject.kind == "person" and subject.name:
            other = subject_before(sentence, coordinated.start())
            if other is not None and other.name and other.kind == "person":
                yield Event(other, sentence.sub(other.span.start - sentence.start, v1), said, sentence)


def _drop_sourcing(events: list[Event]) -> list[Event]:
    """Claims belong to the innermost speaker.

    Rules: an attribution whose claim region holds another attribution ("Putin responded by saying …,
    the Elysee said") keeps its speaker but gives up the claim; an outlet cited with "according to a
    report in X" gives up its claim when the sentence has another speaker.
    """
    out = []
    for e in events:
        inner = [f for f in events if f is not e and f.said is not e.said
                 and e.said.region[0] <= f.evidence.start and f.evidence.end <= e.said.region[1]]
        if (e.said.trailing and inner) or (e.origin == "outlet" and len(events) > 1):
            e = replace(e, said=replace(e.said, claims=()))
        out.append(e)
    return out


def events_in(sentence: Span) -> list[Event]:
    """Speech events of one sentence: verb events, passives ("denied by X") and "according to X"."""
    return _drop_sourcing([*_verb_events(sentence), *_passive(sentence), *_according_to(sentence)])


def _starts_with_quote(text: str) -> bool:
    return text.lstrip()[:1] in ('"', "“")


def _quote_source(per_line: list[list[Event]], i: int, line: Span) -> Event | None:
    """Whose words a paragraph made only of a quotation is.

    Rules: when its quote stays open at the paragraph end, the quote runs on to the next paragraph, so
    that paragraph's closing attribution ('"…," Reznikov told CNN'); otherwise the previous paragraph's
    last attribution of a quotation ('"…," Mr Peskov said' followed by '"We can't stay indifferent …"').
    """
    if quote_depth(line.text) > 0 and i + 1 < len(per_line):
        following = [e for e in per_line[i + 1] if e.said.trailing]
        if following:
            return following[0]
    if i > 0:
        previous = [e for e in per_line[i - 1] if (e.said.trailing or e.origin == "continuation")
                    and _starts_with_quote(e.context.text)]
        if previous:
            return previous[-1]
    return None


def find_events(lines: list[Span]) -> list[Event]:
    """Every speech event of the body, in text order, including quote-only paragraphs (:func:`_quote_source`)."""
    per_line = [[e for s in sentences(line) for e in events_in(s)] for line in lines]
    for i, line in enumerate(lines):
        if per_line[i] or not _starts_with_quote(line.text):
            continue
        source = _quote_source(per_line, i, line)
        if source is not None:
            said = Said(tuple(split_claims(line.text)), (line.start, line.end), False)
            per_line[i] = [Event(source.subject, source.evidence, said, line, "continuation")]
    events = [e for line_events in per_line for e in line_events]
    return sorted(events, key=lambda e: (e.evidence.start, e.evidence.end))
