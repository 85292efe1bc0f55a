"""Locating verbatim evidence quotes in article text.

A quote is found when it occurs in the article after both are *folded*: every run of whitespace
becomes one space and typographic quotes/apostrophes become ASCII (’ ‘ ‚ ‛ ′ → ', “ ” „ ‟ ″ → ").
Case, punctuation and everything else must match exactly.
"""

from __future__ import annotations

import difflib
import re

_QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Whitespace runs to one space, typographic quotes to ASCII, ends stripped."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


class FoldedText:
    """An article's folded text; the map from folded offsets back to original ones is built on first use."""

    __slots__ = ("_found", "_origin", "folded", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self._origin: list[int] | None = None
        self._found: dict[str, tuple[tuple[int, int], ...]] = {}

    @classmethod
    def of(cls, text: str) -> FoldedText:
        return cls(text)

    @property
    def origin(self) -> list[int]:
        """``origin[k]`` is the original offset of folded character ``k`` (plus the text's length at the end)."""
        if self._origin is None:
            origin: list[int] = []
            translated = self.text.translate(_QUOTES)
            lead = len(translated) - len(translated.lstrip())
            pos = lead
            for m in _SPACE.finditer(translated, lead):
                origin.extend(range(pos, m.start()))
                if m.end() < len(translated):
                    origin.append(m.start())  # the run's single space
                pos = m.end()
            origin.extend(range(pos, len(translated)))
            origin.append(len(self.text))
            self._origin = origin
        return self._origin

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Every (start, end) span of ``quote`` in the *original* text; empty when absent."""
        needle = fold(quote)
        if not needle:
            return []
        spans: list[tuple[int, int]] = []
        start = self.folded.find(needle)
        while start != -1:
            end = start + len(needle)
            origin = self.origin
            spans.append((origin[start], origin[end - 1] + 1))
            start = self.folded.find(needle, start + 1)
        return spans

    def find_folded(self, quote: str) -> list[tuple[int, int]]:
        """Every (start, end) span of ``quote`` in the *folded* text (cheap: no offset map needed).

        Memoised per text: an article's gold and predictions quote the same passages again and again.
        """
        found = self._found.get(quote)
        if found is None:
            needle = fold(quote)
            spans: list[tuple[int, int]] = []
            if needle:
                start = self.folded.find(needle)
                while start != -1:
                    spans.append((start, start + len(needle)))
                    start = self.folded.find(needle, start + 1)
            found = self._found[quote] = tuple(spans)
        return list(found)

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
