"""What every matcher returns, and the per-article context matchers may consult."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Generic, Protocol, TypeVar


class Level(IntEnum):
    """How well a prediction agrees with a gold fact."""

    NONE = 0
    PARTIAL = 1
    FULL = 2


@dataclass(frozen=True)
class Match:
    """A matcher's verdict: ``level``, a one-line human ``reason``, and a ``similarity`` in [0, 1]
    used only to break ties between equally good pairings."""

    level: Level
    reason: str
    similarity: float = 1.0
    decided_by: str = "matcher"
    """What decided: ``matcher``, ``verdict`` (a recorded verdict) or ``judge:<name>``."""


NO_MATCH = Match(Level.NONE, "no match", 0.0)


@dataclass
class Options:
    """Run-wide matching settings."""

    tolerance: float = 0.01
    """Relative tolerance for figures (0.01 = 1%); a gold figure's own ``tolerance`` wins."""
    name_similarity: float = 0.7
    """Character-trigram Dice coefficient at or above which two names are transliteration variants."""
    claim_similarity: float = 0.35
    """Text similarity at or above which two claim texts say the same thing (the larger of the TF-IDF
    cosine and 0.8 × the share of terms found; :mod:`harness.match.claim`, rule 4). 0.35 agrees best
    with the readers on the dev pairs, with the shipped lexicon and without its synonyms alike."""


@dataclass
class Context:
    """Per-article facts a matcher may need besides the pair: the options, the article's speakers."""

    options: Options
    speakers: dict[str, Any] = field(default_factory=dict)
    """Prepared name forms of every gold speaker fact (facts and negatives) by id."""
    surname_owners: dict[str, set[str]] = field(default_factory=dict)
    """Surname (last word of a name form) → ids of the gold speakers using it."""
    article_text: str = ""
    index: Any = None
    """The article's :class:`~harness.grounding.ArticleIndex` (folded text, furniture, gold evidence spans)."""
    cache: dict[str, Any] = field(default_factory=dict)


G = TypeVar("G")
P = TypeVar("P")


class Matcher(Protocol, Generic[G, P]):
    """One fact type's matching rule: normalise each fact once, then compare prepared pairs.

    Per article, scoring first calls every type's :meth:`setup` with that type's gold facts and
    negatives (so one type can leave what others need in the context: the speaker matcher leaves
    the article's speakers for claims), then, type by type, prepares every fact, asks
    :meth:`candidates` which pairs can match at all (blocking) and compares only those. A matcher
    may also have ``rules_out(gold, pred) -> bool``: true only for pairs its own rules refuse
    whatever else they read (``compare`` is then no match). Scoring skips those pairs when the
    matcher decides; a judge deciding in its place still sees them.
    """

    type: str

    def setup(self, ctx: Context, facts: Sequence[Any], negatives: Sequence[Any]) -> None:
        """Record in ``ctx`` what this type's matching needs of the whole article (often nothing)."""
        ...

    def prepare_gold(self, fact: Any, ctx: Context) -> G: ...

    def prepare_pred(self, fact: Any, ctx: Context) -> P: ...

    def candidates(self, gold: list[G], pred: list[P], ctx: Context) -> set[tuple[int, int]]:
        """(gold index, prediction index) pairs that may match: a superset of those :meth:`compare` matches."""
        ...

    def compare(self, gold: G, pred: P, ctx: Context) -> Match: ...
