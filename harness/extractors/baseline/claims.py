"""What was said: the claim texts of one attribution.

Rules in words:

* When the attribution closes the sentence ('"Russia doesn't threaten anyone," Peskov said'), the
  claim is the clause before the speaker, plus anything after ", adding that …".
* Otherwise the claim is what follows the verb ("said (that) …"; after a listener, "told reporters
  that …", only the that-clause) up to the sentence end or a further attribution of its own
  (", the Elysee said", ", according to …").
* A passage splits into several claims at ", adding that …", ", noting …" and similar participles,
  and at "and that …" / "but that …".
* Each claim loses a leading dateline ("MOSCOW (AP) —"), a leading "that", quotation marks and
  dangling punctuation, and is cut to at most 35 words; pieces under three words are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.extractors.baseline.lexicon import NP_LOWER_WORDS, OBJECT_VERBS, PARTICIPLES, alternation
from harness.extractors.baseline.speakers import TIME_PHRASE, Subject
from harness.extractors.baseline.text import Span

_LEADING_ADJUNCT = re.compile(
    r"^(?:\s*(?:" + TIME_PHRASE + r"|to reporters|reporters|journalists|in a statement|in an interview|"
    r"on \w+ television|publicly|repeatedly|also))+\s*"
)
_TRAILING_START = re.compile(r"^(?:$|[,.;:!?\"”’']|(?:in|during|at|on|as|after|before|while|when|with|via|"
                             r"through|from|according|afterwards?|later|earlier|in a statement)\b)")
_PARTICIPLE_SPLIT = re.compile(
    r",\s+(?:(?:[a-z]+ly|instead|also)\s+)?(?:" + "|".join(PARTICIPLES) + r")\s+(?:that\s+)?"
)
_QUOTES = "\"“”‘’'"
_NP_WORD = r"(?:[A-Z][\w.'’-]*|" + alternation(NP_LOWER_WORDS) + r")"
_TRAILING_ATTRIBUTION = re.compile(
    r"[,;]?[\"”’]?,\s+(?:(?:(?:the|a|an)\s+)?(?:(?:" + _NP_WORD + r"|for|of|at|from)\s+(?:the\s+)?){1,8}?"
    r"|(?:he|she|it|they)\s+)"
    r"(?:said|says|added|adds|told|noted|reported)\b|,\s+according\s+to\b"
)
MAX_CLAIM_WORDS = 35


_DATELINE = re.compile(r"^\s*[A-Z]{3,}(?:[ ,]+[A-Z]{2,})*\s*(?:\(?(?:AP|AFP|Reuters)\)?)?\s*[-–—]*\s+(?=[A-Z\"“])")


def _clean_claim(text: str) -> str:
    """Trim a dateline ("MOSCOW (AP) —"), quotes, "that", dangling punctuation; cut to
    :data:`MAX_CLAIM_WORDS` words."""
    text = _DATELINE.sub("", text)
    text = re.sub(r"^\s*(?:that\s+)", "", text.strip())
    text = text.strip(" ,;:-–—" + _QUOTES)
    text = re.sub(r"[\"“”]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.")
    words = text.split()
    return " ".join(words[:MAX_CLAIM_WORDS])


def split_claims(text: str) -> list[str]:
    """One reported passage → its claims: split at ", adding that …", ", instead complaining …", "and
    that …" and "but that …"; pieces under three words are dropped."""
    parts = []
    for piece in _PARTICIPLE_SPLIT.split(text):
        parts.extend(re.split(r",?\s+(?:and|but)\s+that\s+", piece))
    return [c for c in (_clean_claim(p) for p in parts) if len(c.split()) >= 3]


def cut_attribution(text: str) -> str:
    """``text`` up to a trailing attribution of its own (", the Elysee said", ", according to …")."""
    m = _TRAILING_ATTRIBUTION.search(text)
    return text[: m.start()] if m else text


def _forward_claim(after: str, verb: str) -> str:
    """What follows a speech verb: the that-clause after a listener ("told reporters that …"), else all of it."""
    after = _LEADING_ADJUNCT.sub("", after)
    if verb.lower() in OBJECT_VERBS:
        that = re.search(r"\bthat\s+", after)
        if that and len(after[: that.start()].split()) <= 12:
            return after[that.end():]
    return after


def _is_trailing(after: str, verb: str) -> bool:
    """Whether the attribution closes the sentence ('"…," Peskov said during a call.')."""
    rest = _LEADING_ADJUNCT.sub("", after).strip()
    if _TRAILING_START.match(rest):
        return True
    return verb.lower() in OBJECT_VERBS and " that " not in f" {rest} " and len(rest.split()) <= 6


@dataclass(frozen=True)
class Said:
    """What an attribution says: its claims, the part of the article they come from, and whether the
    attribution followed them (``trailing``: '"…," X said')."""

    claims: tuple[str, ...]
    region: tuple[int, int]
    trailing: bool


def claims_for(sentence: Span, subject: Subject, verb_end: int, verb: str) -> Said:
    """Claims of one attribution.

    Rules: when the attribution closes the sentence and a clause ends with a comma before the speaker
    ('"Russia doesn't threaten anyone," Peskov said'; "…, the Elysee said"), the claim is that clause
    (plus any ", adding that …" after the attribution); otherwise it is what follows the verb ("said
    (that) …", "told reporters that …", "dismissed … as …") up to the sentence end or a further
    attribution (", the Elysee said"). Either is split by :func:`split_claims`.
    """
    text = sentence.text
    after = text[verb_end:]
    subject_start = subject.span.start - sentence.start
    before = text[:subject_start]
    if _is_trailing(after, verb) and re.search(r"[,”\"’]\s*[\"”’]?\s*$", before) and len(before.split()) >= 3:
        claims = split_claims(before)
        rest = _LEADING_ADJUNCT.sub("", after)
        participle = _PARTICIPLE_SPLIT.search(rest)
        if participle:
            claims += split_claims(rest[participle.end():])
        return Said(tuple(claims), (sentence.start, sentence.start + subject_start), True)
    said = cut_attribution(after)
    region = (sentence.start + verb_end, sentence.start + verb_end + len(said))
    return Said(tuple(split_claims(_forward_claim(said, verb))), region, False)
