"""Locating verbatim evidence quotes in article text.

A quote is found when it occurs in the article after both are *folded*: every run of whitespace
becomes one space and typographic quotes/apostrophes become ASCII (’ ‘ ‚ ‛ ′ → ', “ ” „ ‟ ″ → ").
Case, punctuation and everything else must match exactly.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Whitespace runs to one space, typographic quotes to ASCII, ends stripped."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True)
class FoldedText:
    """An article's folded text with a map from folded offsets back to original offsets."""

    folded: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> FoldedText:
        out: list[str] = []
        origin: list[int] = []
        translated = text.translate(_QUOTES)
        in_space = True  # drop leading whitespace
        for i, ch in enumerate(translated):
            if ch.isspace():
                if not in_space:
                    out.append(" ")
                    origin.append(i)
                in_space = True
            else:
                out.append(ch)
                origin.append(i)
                in_space = False
        origin.append(len(text))
        return cls("".join(out), tuple(origin))

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Every (start, end) span of ``quote`` in the *original* text; empty when absent."""
        needle = fold(quote)
        if not needle:
            return []
        spans = []
        start = self.folded.find(needle)
        while start != -1:
            end = start + len(needle)
            spans.append((self.origin[start], self.origin[end - 1] + 1))
            start = self.folded.find(needle, start + 1)
        return spans

    def contains(self, quote: str) -> bool:
        needle = fold(quote)
        return bool(needle) and needle in self.folded

    def closest(self, quote: str) -> str | None:
        """The passage of the article most similar to ``quote`` (for a did-you-mean hint), or None."""
        needle = fold(quote)
        if not needle or not self.folded:
            return None
        width = len(needle)
        best, best_ratio = None, 0.0
        starts = [0] + [m.end() for m in re.finditer(r"\s", self.folded)]
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        for s in starts:
            window = self.folded[s : s + width]
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
        return best if best_ratio >= 0.5 else None
