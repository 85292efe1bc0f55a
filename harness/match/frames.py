"""The readings of a claim text beside the text itself: its clauses, and what it reports when it wraps
the assertion in a reporting frame.

A clause is a part split at ";", ":", a dash, "but" or ", with" (of three words or more); a frame is
a few words of attribution around the assertion ("X assured Y that …", "…, X warned", "X said …",
"According to X, …", "…, in X's view"). The claim matcher compares every reading of one text with
every reading of the other (:mod:`harness.match.claim`).
"""

from __future__ import annotations

import re
from functools import lru_cache

_CLAUSE = re.compile(r"\s*[;:]\s*|,?\s+\bbut\b\s+|,\s+with\s+|\s+[-–—]\s+")

_REPORTING = ("said|says|say|told|tells|warned|warns|assured|assures|added|adds|stated|states|claimed|claims|"
              "insisted|insists|argued|argues|noted|notes|stressed|stresses|emphasized|emphasised|emphasizes|"
              "reiterated|reiterates|explained|announced|announces|cautioned|urged|alleged|alleges|"
              "acknowledged|admitted|believes|believed|thinks|declared|declares|maintained|maintains|complained|"
              "complains|reported|reports|indicated|indicates|suggested|suggests|asserted|asserts|protested|"
              "protests|contended|contends|recalled|recalls|remarked|remarks|observed|observes|conceded|concedes|"
              "affirmed|affirms|confirmed|confirms|predicted|predicts|vowed|vows|pledged|pledges|promised|promises|"
              "countered|counters|replied|replies|responded|responds|wrote|writes|tweeted|tweets")
REPORTING_VERBS = tuple(_REPORTING.split("|"))
"""The verbs of reporting a frame is made of, as written ("said", "warns"); the claim matcher's verbs
module reads their lemmas."""
_FRAME_BEFORE = re.compile(rf"^(?:\S+\s+){{0,6}}?(?:{_REPORTING})\b(?:\s+\S+){{0,5}}?\s+that\s+(?P<rest>.+)$",
                           re.IGNORECASE)
_FRAME_SAID = re.compile(r"^(?:\S+\s+){0,6}?(?:said|says|told reporters|added|insisted|stressed|noted)\s+"
                         r"(?!that\b)(?P<rest>.+)$", re.IGNORECASE)
_FRAME_AFTER = re.compile(rf"^(?P<rest>.+?),\s+(?:\S+\s+){{1,5}}?(?:{_REPORTING})\b[^,]{{0,40}}$", re.IGNORECASE)
_SOURCE = (r"(?:according to\s+[^,]{1,60}|in the (?:words|view|opinion) of\s+[^,]{1,60}"
           r"|in\s+[^,]{1,60}?'s\s+(?:words|view|opinion|account))")
_FRAME_SOURCE = re.compile(rf"^{_SOURCE},\s+(?P<rest>.+)$", re.IGNORECASE)
_FRAME_SOURCE_AFTER = re.compile(rf"^(?P<rest>.+?),\s+{_SOURCE}\.?$", re.IGNORECASE)


def _without_frame(text: str) -> str | None:
    """What is reported, when ``text`` wraps it in a reporting frame of a few words.

    "Blinken assured Kuleba that the U.S. commitment is ironclad" reports "the U.S. commitment is
    ironclad"; so do "the U.S. commitment is ironclad, Blinken said", "Blinken said the U.S.
    commitment is ironclad", "According to Blinken, the U.S. commitment is ironclad" and "…, in the
    secretary's view". None when there is no frame.
    """
    split = framed(text)
    return None if split is None else split[1]


@lru_cache(maxsize=1 << 15)
def framed(text: str) -> tuple[str, str] | None:
    """``(frame, rest)`` when ``text`` wraps what it reports in a reporting frame: the frame's words
    (everything but the reported part: "Blinken said it was unlikely that") and the reported part.
    None when there is no frame. The claim matcher reads the frame too: a frame that negates or
    hedges ("it was unlikely that …") is part of the assertion."""
    stripped = text.strip()
    for frame in (_FRAME_SOURCE, _FRAME_SOURCE_AFTER, _FRAME_BEFORE, _FRAME_SAID, _FRAME_AFTER):
        m = frame.match(stripped)
        if m and len(m.group("rest").split()) >= 3:
            start, end = m.span("rest")
            return f"{stripped[:start]} {stripped[end:]}".strip(), m.group("rest").strip()
    return None


@lru_cache(maxsize=1 << 15)
def clauses(text: str) -> tuple[str, ...]:
    """The text and its other readings: its clauses (split at ; : — and before "but" or ", with"),
    and what it reports when it wraps the assertion in a reporting frame ("X said that …", "…, X said").
    Memoised, bounded, as claim readings are: texts recur."""
    parts = [p for p in _CLAUSE.split(text) if p and len(p.split()) >= 3]
    out = [text, *parts] if len(parts) > 1 else [text]
    reported = _without_frame(text)
    if reported is not None and reported not in out:
        out.append(reported)
    return tuple(out)


__all__ = ["REPORTING_VERBS", "clauses", "framed"]
