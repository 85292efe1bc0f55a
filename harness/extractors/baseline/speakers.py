"""Who speaks: finding a speaker's noun phrase next to a speech verb and reading it as a subject.

This is where the baseline finds speakers. The speech verbs themselves are found in
:mod:`.attribution`, and the subjects are turned into final speaker facts in :mod:`.resolution`.

Rules in words:

* The speaker before a verb is the run of capitalised words, titles and organisation words that ends
  right before it, skipping time phrases, auxiliaries and adverbs ("Kremlin spokesman Dmitry Peskov
  on Friday dismissed"). An appositive counts too: "Dmitry Peskov, a Kremlin spokesperson, said".
* The speaker after an inverted verb ('"…," said Peskov') is the run of such words after it.
* "he", "she", "it" are pronouns to be resolved later; "what he described" is no speaker.
* A phrase ending in a group word ("Western officials") is an unnamed group of people; one ending in
  a document word ("the report") stands for the institution that issued it; one ending in an
  organisation word or being an organisation name ("the Kremlin", "Germany's foreign ministry") is
  an organisation ("the ministry" alone is to be resolved later).
* Otherwise the trailing name words are a person's name and the words before them, when they hold a
  title, the role ("Kremlin spokesman" Dmitry Peskov). A single country, capital or all-capitals word
  ("Russia", "TASS") is an organisation. Titles alone ("the official") are a role to be resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from harness.extractors.baseline.lexicon import (
    CAP_STOP,
    CORE_TITLES,
    FUNCTION_WORDS,
    GAZETTEER,
    GROUP_HEADS,
    NAME_PARTICLES,
    NATIONALITIES,
    NP_LOWER_WORDS,
    ORG_HEADS,
    ORG_NAMES,
    PRONOUNS,
    REPORT_HEADS,
    TITLE_WORDS,
    WEEKDAYS,
    Kind,
)
from harness.extractors.baseline.text import Span

TIME_PHRASE = (r"(?:(?:on|later|earlier|late|early)\s+)?(?:" + "|".join(WEEKDAYS) + r")(?:\s+(?:morning|afternoon|"
              r"evening|night))?|yesterday|today|tonight|afterwards?|again|later|earlier|(?:last|this|earlier this)"
              r"\s+(?:week|month|year)|in recent (?:days|weeks)")
"""A time phrase that may sit between a speaker and the verb, or start what follows the verb."""


@dataclass(frozen=True)
class Subject:
    """A parsed speaker noun phrase, before resolution.

    ``name`` is set for a named person or organisation; otherwise ``anaphor`` says what to resolve:
    a pronoun ("he", "it"), a document or institution head ("report", "ministry"), or a role phrase
    ("Russia's deputy UN ambassador").
    """

    span: Span
    name: str | None = None
    role: str | None = None
    kind: Kind = "person"
    anaphor: str | None = None
    confidence: float = 0.8


_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F][\w'’.\-]*")
_STRIP_BEFORE_VERB = re.compile(
    r"(?:,?\s+(?:" + TIME_PHRASE + r"|has|have|had|also|[a-z]+ly|is|are|was|were|been|will|would|also|then|"
    r"reportedly|instead|publicly|previously|recently|further|once|again|still|on\s+the\s+other\s+hand|"
    r"in\s+a\s+statement))+\s*$"
)


def np_tokens(text: str) -> list[re.Match[str]]:
    """The tokens of the noun phrase ending ``text``, walking back over contiguous capitalised, title and
    organisation words (and up to two other lowercase modifiers of an organisation head)."""
    tokens = list(_TOKEN.finditer(text))
    out: list[re.Match[str]] = []
    limit = len(text)
    generic = 0
    for tok in reversed(tokens):
        if text[tok.end():limit].strip():
            break
        word = tok.group()
        low = word.lower()
        if (word[0].isupper() and word not in CAP_STOP) or low in NP_LOWER_WORDS or low in NAME_PARTICLES \
                or low == "of" or (re.search(r"['’]s$", low) and out):
            pass
        elif out and out[0].group().lower() in ORG_HEADS and generic < 2 and word.isalpha() and word.islower() \
                and low not in FUNCTION_WORDS:
            generic += 1  # "the country's *disaster* agency", "the federal *statistics* office"
        else:
            break
        out.append(tok)
        limit = tok.start()
    out.reverse()
    while out and (out[0].group().lower() in NAME_PARTICLES or out[0].group() == "of"):
        out.pop(0)
    return out


def is_name_word(word: str) -> bool:
    """A word that can be part of a person's name: capitalised, not a title, organisation, nationality,
    possessive, acronym or sentence opener."""
    low = word.lower()
    if not word[0].isupper() or word in CAP_STOP or word in NATIONALITIES or word in ORG_NAMES:
        return False
    if low in TITLE_WORDS or low in ORG_HEADS or re.search(r"['’]s$", word):
        return False
    return not (word.isupper() and len(word) > 1)


def classify(words: list[str], span: Span) -> Subject | None:
    """Turn a speaker noun phrase into a :class:`Subject`.

    Rules, in order:

    * ends in a group head ("Western officials", "US officials") → an unnamed group (person, low
      confidence); a bare "officials" is dropped;
    * ends in a document head ("the report", "Ukrainian military report", "the assessment") → an
      anaphor for the institution that issued it;
    * ends in an organisation head or is an organisation name ("the Kremlin", "the Ukrainian Defense
      Ministry", "Ukrainian Ministry of Defense", "Germany's foreign ministry", "the country's disaster
      agency") → an organisation; a bare lowercase head ("the ministry") is an anaphor;
    * otherwise its trailing capitalised words are a person's name and the words before it, when they
      hold a title, the role ("Kremlin spokesman Dmitry Peskov"); a single word naming a country or
      capital ("Russia", "Moscow") or in capitals ("TASS") is an organisation;
    * a phrase of titles only ("Russia's deputy UN ambassador", "the official") is a role anaphor.
    """
    if not words:
        return None
    last = words[-1]
    low = last.lower().rstrip(".")
    if low in GROUP_HEADS:
        if len(words) >= 2 and any(w[0].isupper() for w in words):
            return Subject(span, name=" ".join(words), kind="person", confidence=0.5)
        return None
    if low in REPORT_HEADS:
        return Subject(span, name=" ".join(words) if any(w[0].isupper() for w in words) else None,
                       kind="organization", anaphor="report", confidence=0.6)
    head_at = max((i for i, w in enumerate(words) if w.lower() in ORG_HEADS or w in ORG_NAMES), default=-1)
    if head_at >= 0 and (head_at == len(words) - 1 or (words[head_at + 1] == "of"
                                                        and all(w[0].isupper() for w in words[head_at + 2:]))):
        head = words[head_at]
        if head[0].islower() and len(words) == 1:
            return Subject(span, kind="organization", anaphor=head.lower())
        return Subject(span, name=" ".join(words), kind="organization", confidence=0.75)
    k = len(words)
    while k > 0 and (is_name_word(words[k - 1]) or (words[k - 1] in NAME_PARTICLES and k < len(words))):
        k -= 1
    name_words, role_words = words[k:], words[:k]
    if name_words:
        name = " ".join(name_words)
        role = " ".join(role_words) if any(w.lower() in TITLE_WORDS for w in role_words) else None
        if len(name_words) == 1 and (name in GAZETTEER or name.isupper()):
            return Subject(span, name=name, kind="organization", confidence=0.6)
        return Subject(span, name=name, role=role, kind="person", confidence=0.8 if len(name_words) > 1 else 0.7)
    if len(words) == 1 and ((last.isupper() and len(last) >= 2) or last in ORG_NAMES):
        return Subject(span, name=last, kind="organization", confidence=0.6)
    if any(w.lower().rstrip(".") in CORE_TITLES for w in words):
        return Subject(span, role=" ".join(words), anaphor="role", confidence=0.6)
    return None


def subject_before(sentence: Span, end: int) -> Subject | None:
    """The speaker noun phrase ending right before a speech verb at ``end``.

    Time phrases, auxiliaries and adverbs in between are skipped ("Kremlin spokesman Dmitry Peskov on
    Friday dismissed", "Moscow has repeatedly denied"). An appositive is read as well: "Dmitry Peskov,
    a Kremlin spokesperson, blasted" and "Russia's deputy U.N. ambassador, Dmitry Polyansky, replied"
    give the name with the role. A pronoun gives a pronoun anaphor; "what he described" is no speaker.
    """
    text = sentence.text[:end]
    stripped = _STRIP_BEFORE_VERB.sub("", text)
    pronoun = re.search(r"(?:^|[\s,\"“”])(?P<p>[Hh]e|[Ss]he|[Ii]t)\s*$", stripped)
    if pronoun:
        if re.search(r"\bwhat\s+\w+\s*$", stripped):
            return None
        p = pronoun.group("p").lower()
        return Subject(sentence.sub(pronoun.start("p"), pronoun.end("p")), kind=PRONOUNS[p], anaphor=p,
                       confidence=0.6)
    appositive = re.search(r"(?P<a>[^,]{2,120}?),\s*(?P<b>[^,]{2,120}?),\s*$", stripped)
    if appositive:
        first = np_tokens(appositive.group("a"))
        second = np_tokens(appositive.group("b").rstrip())
        if first and second and _np_covers(second, appositive.group("b").strip()):
            a = classify([t.group() for t in first], sentence.sub(0, 0))
            b = classify([t.group() for t in second], sentence.sub(0, 0))
            start = appositive.start("a") + first[0].start()
            evidence = sentence.sub(start, end)
            if a is not None and a.name and a.kind == "person" and (b is None or b.name is None):
                role = b.role if b is not None else None
                return replace(a, span=evidence, role=role or a.role)
            if b is not None and b.name and b.kind == "person" and (a is None or a.name is None):
                role = a.role if a is not None else None
                return replace(b, span=evidence, role=role or b.role)
            if a is not None and a.name:
                return replace(a, span=evidence)
    tokens = np_tokens(stripped)
    if not tokens:
        return None
    start = tokens[0].start()
    det = re.search(r"\b(?:the|The)\s+$", stripped[:start])
    subject = classify([t.group() for t in tokens], sentence.sub(0, 0))
    if subject is None:
        return None
    return replace(subject, span=sentence.sub(det.start() if det else start, end))


def _np_covers(tokens: list[re.Match[str]], text: str) -> bool:
    """Whether the noun phrase starts near the beginning of ``text`` (an appositive is one phrase)."""
    lead = text[: tokens[0].start()].strip().lower()
    return lead in ("", "a", "an", "the") or (len(lead.split()) <= 1 and lead.endswith(("'s", "’s")))


def subject_after(sentence: Span, start: int) -> Subject | None:
    """The speaker after an inverted verb: '"…," said Peskov', "'…' says Kremlin despite …"."""
    text = sentence.text
    m = re.match(r"\s+(?:the\s+)?", text[start:])
    pos = start + (m.end() if m else 0)
    words: list[str] = []
    end = pos
    for tok in _TOKEN.finditer(text, pos):
        if text[end:tok.start()].strip():
            break
        word = tok.group()
        if not (word[0].isupper() and word not in CAP_STOP) and word.lower() not in NP_LOWER_WORDS:
            break
        words.append(word.rstrip("."))
        end = tok.start() + len(word.rstrip("."))
    subject = classify(words, sentence.sub(0, 0))
    return replace(subject, span=sentence.sub(start, end)) if subject else None
