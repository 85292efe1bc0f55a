"""Normalising names and numbers — done once per fact, before any pair is compared."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "president", "vice", "prime", "minister", "secretary", "gen", "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain", "adm", "admiral", "sgt", "chancellor", "premier", "king", "queen", "prince", "minister", "spokesman", "spokeswoman", "spokesperson", "ambassador", "deputy", "chief", "commander", "the"]
)
"""Words dropped from the *start* of a name: honorifics, ranks and office titles. Words that also
name an organisation ("foreign", "defense", "state") are not among them: "Defence Ministry" keeps
its words, and "Foreign Minister Jean-Yves Le Drian" still contains "Jean-Yves Le Drian"."""

TRAILING_VERBS = frozenset(["said", "says", "say", "told", "tells", "added", "adds", "stated", "claimed", "warned"])
"""Speech verbs dropped from the *end* of a name: a span cut one word too far ("Mr Peskov said")."""

NAME_STOP_WORDS = frozenset({"the", "of", "and", "for", "a", "an", "s"})
"""Joining words dropped anywhere in a name ("the Ministry of Defense")."""
_SPELLING = {"defence": "defense", "kiev": "kyiv", "organisation": "organization"}
_NON_WORD = re.compile(r"[^\w]+")
_POSSESSIVE = re.compile(r"'s\b")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")

_memo = lru_cache(maxsize=1 << 16)
"""Memoise a pure function of a name or word: names recur across facts and articles, but the memo is
bounded so that memory stays flat however many distinct names a corpus holds."""


@_memo
def fold_name(text: str) -> str:
    """Lowercase, strip diacritics and punctuation, fold British spellings: ``"Mr. Zelenskyy's"`` → ``"mr zelenskyy s"``."""
    plain = text if text.isascii() else _without_marks(text)
    plain = _POSSESSIVE.sub("", plain.replace("’", "'").replace("'s ", " ").lower())
    plain = _INNER_APOSTROPHE.sub("", plain)  # Yel'nya = Yelnya
    words = _NON_WORD.sub(" ", plain).split()
    return " ".join(_SPELLING.get(w, w) for w in words)


def _without_marks(text: str) -> str:
    """``text`` decomposed (NFKD) with its combining marks dropped: "Élysée" → "Elysee". ASCII text is
    left as it is by both, so callers skip it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@_memo
def name_key(text: str) -> str:
    """A name reduced for equality: folded, leading titles and stop words removed.

    ``"Lt. Gen. Valeriy Zaluzhny"`` → ``"valeriy zaluzhny"``; ``"the Ukrainian Defence Ministry"`` →
    ``"ukrainian defense ministry"``. When nothing but titles remains, the folded text is kept.
    """
    words = fold_name(text).split()
    while len(words) > 1 and words[-1] in TRAILING_VERBS:
        words = words[:-1]
    i = 0
    while i < len(words) - 1 and words[i] in TITLES:
        i += 1
    kept = [w for w in words[i:] if w not in NAME_STOP_WORDS]
    return " ".join(kept) or " ".join(words)


@_memo
def ngrams(text: str, n: int = 3) -> frozenset[str]:
    """Character n-grams of ``text`` padded with spaces (so word edges count)."""
    padded = f" {text} "
    return frozenset(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Sørensen–Dice coefficient of two sets, in [0, 1] (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def significant_digits(value: float) -> int:
    """Significant figures as written: 260 → 2, 160 → 2, 500 → 1, 257.5 → 4, 2100 → 2, 0 → 1.

    Trailing zeros of an integer are taken as not significant, the writer's usual intent.
    """
    if value == 0 or not math.isfinite(value):
        return 1
    digits = Decimal(repr(float(value))).normalize().as_tuple().digits
    return max(1, len(digits))


def same_at_precision(value: float, written: float, digits: int) -> bool:
    """Whether ``value`` (a conversion, say) is ``written`` at the ``digits`` significant figures it
    was written with: 257.5 is 260 at two."""
    return round_sig(value, digits) == round_sig(written, digits)


def round_sig(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant figures (half away from zero on exact ties)."""
    if value == 0 or not math.isfinite(value):
        return value
    exponent = math.floor(math.log10(abs(value)))
    quantum = Decimal(1).scaleb(exponent - digits + 1)
    return float(Decimal(repr(value)).quantize(quantum, rounding="ROUND_HALF_UP"))
