"""The article as the baseline reads it: body lines without page furniture, split into sentences.

Rules in words:

* A line is *furniture* (not body) when it is empty, starts like a page element ("Read Also",
  "Related Articles", "Copyright", "(Photo", "Credit:", "Sign up", "Subscribe", "Advertisement" …),
  contains a credit ("contributed to this report", "All rights reserved"), is only a date, a URL or a
  domain name, has at most two words, or is a short exclamation of at most six words.
* The body ends at a *tail marker* line ("Related Articles", "Newsletter", "Read more", "More from …",
  "A Message from …"): what follows on a scraped page is other headlines or an appeal.
* A body line splits into sentences after ".", "!" or "?" (with any closing quotes) followed by space
  and a capital or digit — but not after an abbreviation ("U.S.", "Nov.", "Mr.") or a single-letter
  initial, and not inside a quotation when the line's quotes balance.

Every piece keeps its offsets (:class:`Span`), so evidence is always an exact slice of the article.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from harness.extractors.baseline.lexicon import ABBREVIATIONS

Fact = dict[str, Any]
"""A fact in the prediction format (``{"type": "figure", "value": ..., "evidence": ...}``)."""


@dataclass(frozen=True)
class Span:
    """A piece of the article: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def sub(self, start: int, end: int) -> Span:
        """The part ``[start, end)`` of this span, with offsets relative to this span's text."""
        return Span(self.start + start, self.start + end, self.text[start:end])


_FURNITURE_START = re.compile(
    r"^\s*(?:Read Also|Read More|Related Articles?|Related Stories|Related:|Copyright|©|\(Photo|Photo:|Photo credit"
    r"|Credit:|Image:|Sign up|Subscribe|Advertisement|Follow us|Share this|Click here|Watch:|Listen:|Preview\b)",
    re.I,
)
_FURNITURE_ANYWHERE = re.compile(
    r"Credit:|contributed (?:to this report|reporting)|All rights reserved|\(Photo\s*:", re.I)
_DATE_LINE = re.compile(
    r"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|\d{8}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})(?:\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?\s*$"
)
_URL_LINE = re.compile(r"^\s*(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)+/?)\s*$")
_TAIL_MARKER = re.compile(
    r"^\s*(?:Related Articles?|Related Stories|More Stories|Read more|Newsletter|Recommended|You may also like"
    r"|Most Read|Trending|More from .{1,40}|Sign up for .*newsletter.*|A Message from .{1,60})\s*:?\s*$",
    re.I,
)


def is_furniture(line: str) -> bool:
    """A line that is page furniture, not article body.

    Rules: lines starting with "Read Also", "Related Article(s)", "Copyright", "(Photo", "Credit:",
    "Sign up", "Subscribe", "Advertisement" …; lines containing a credit ("Credit:", "contributed to
    this report", "All rights reserved"); lines that are only a date ("Saturday, Apr 27, 2024",
    "20211105"), a URL or a domain name; lines of at most two words (site names, "Close", "0:00");
    short exclamations ("Support The Moscow Times!").
    """
    stripped = line.strip()
    if not stripped:
        return True
    if _FURNITURE_START.match(stripped) or _FURNITURE_ANYWHERE.search(stripped):
        return True
    if _DATE_LINE.match(stripped) or _URL_LINE.match(stripped):
        return True
    n_words = len(stripped.split())
    return n_words <= 2 or (n_words <= 6 and stripped.endswith("!"))


def body_lines(text: str) -> list[Span]:
    """The article's body lines: furniture lines dropped, and nothing kept after a tail marker.

    A *tail marker* is a line such as "Related Articles", "Newsletter", "Read more", "Sign up for our
    … newsletter" or "A Message from …": what follows it on a scraped page is a list of other headlines
    or an appeal, so the body ends there.
    """
    out: list[Span] = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if _TAIL_MARKER.match(line):
            break
        if not is_furniture(line):
            out.append(Span(m.start(), m.end(), line))
    return out


_BOUNDARY = re.compile(r"[.!?][\"”’']*\s+(?=[\"“‘']?[A-Z0-9])")


def quote_depth(text: str) -> int:
    """How many double quotes are open at the end of ``text`` (“ opens, ” closes, " toggles)."""
    depth = 0
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            depth = depth - 1 if depth > 0 else 1
    return depth


def sentences(line: Span) -> list[Span]:
    """Split a body line into sentences at ". ", "! ", "? " before a capital.

    Not a boundary: after an abbreviation ("U.S.", "Nov.", "Lt. Gen.", "Mr.") or an initial, or
    inside a double-quoted passage (unless the line's quotes are unbalanced).
    """
    text = line.text
    balanced = quote_depth(text) == 0
    cuts = [0]
    for m in _BOUNDARY.finditer(text):
        word = re.search(r"([\w.]+)$", text[: m.start()])
        before = word.group(1).lower().rstrip(".") if word else ""
        if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        if balanced and text[m.start() + 1 : m.end()].strip() == "" and quote_depth(text[: m.start() + 1]) > 0:
            continue
        cuts.append(m.end())
    cuts.append(len(text))
    out = []
    for a, b in itertools.pairwise(cuts):
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append(line.sub(a + lead, a + trail))
    return out
