"""Where a prediction's evidence lies in its article, and what that ties the prediction to.

A prediction may quote the passage it was read from (``evidence``). The quote is looked up in the
article after folding whitespace and typographic quotes (as gold evidence is). Then:

* **not found** — the prediction is *ungrounded*: its detail says ``grounded: false`` with the
  quote, reports count ungrounded predictions per type, and ``--require-evidence`` makes every
  ungrounded prediction (or one with no evidence at all) a false positive;
* **inside a page-furniture passage** (a credit, a donation blurb, a scrape date) — a date read from
  furniture matches no body date, whatever its value; it can still match a gold negative;
* **quoting the evidence of another gold fact of its type, and none of this one's** — for figures
  and dates, whose values coincide easily, the prediction is about that other fact: it does not
  match this one ("100,000 Russian soldiers" is not the troops Zelensky says he had).

A quote found several times counts as found where any occurrence lies; an occurrence outside
furniture wins over one inside.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.evidence import FoldedText
from harness.model import evidence_list

Span = tuple[int, int]

MENTION_TYPES = frozenset({"figure", "date"})
"""Types whose matches must not come from another gold fact's quoted mention (see the module docstring)."""

FURNITURE_TYPES = frozenset({"date"})
"""Types whose values read from page furniture never match a body fact: years in credits, "today" in
a donation blurb, a scrape date. (A caption or headline that repeats a body claim is still that
claim, so the rule is kept to the type whose values coincide by the calendar.)"""


@dataclass(frozen=True)
class Grounding:
    """Where one prediction's evidence was found (folded offsets)."""

    quoted: bool
    """The prediction gave evidence."""
    found: bool
    """Every quote of it occurs in the article."""
    furniture: bool = False
    """Every occurrence lies inside a furniture passage."""
    spans: tuple[Span, ...] = ()
    missing: str | None = None
    """The first quote not found, for the reason."""

    @property
    def grounded(self) -> bool | None:
        """None without evidence; else whether the evidence was found."""
        return self.found if self.quoted else None


NO_EVIDENCE = Grounding(quoted=False, found=False)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class ArticleIndex:
    """An article's folded text, its furniture spans and each gold fact's evidence spans, built once."""

    text: FoldedText
    furniture: list[Span] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    """Gold fact or negative id → folded spans of its evidence."""
    by_type: dict[str, list[str]] = field(default_factory=dict)
    """Type → ids of its gold facts (not negatives)."""
    _quoted: dict[tuple[str, tuple[Span, ...]], tuple[str, ...]] = field(default_factory=dict, repr=False)
    """(type, a prediction's spans) → the gold facts of that type whose evidence they overlap, in
    ``by_type`` order (memoised: many predictions quote the same passages)."""
    _quoted_sets: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False)
    """Each tuple of ``_quoted`` as a set, for membership tests."""
    _spans: dict[str, tuple[list[int], list[tuple[Span, tuple[str, ...]]], int]] = field(
        default_factory=dict, repr=False)
    """Type → its gold evidence spans, distinct and sorted (starts, (span, ids)), and the longest span."""
    _grounds: dict[str | tuple[str, ...] | None, Grounding] = field(default_factory=dict, repr=False)
    """A prediction's evidence → its grounding (memoised: a claim's is asked for twice)."""

    @classmethod
    def of(cls, text: str, furniture: Iterable[str], facts: Sequence[Any], negatives: Sequence[Any]) -> ArticleIndex:
        index = cls(FoldedText(text))
        for passage in furniture:
            index.furniture.extend(index.text.find_folded(passage))
        for fact in (*facts, *negatives):
            spans = [s for quote in evidence_list(fact.evidence) for s in index.text.find_folded(quote)]
            index.evidence[fact.id] = spans
        for fact in facts:
            index.by_type.setdefault(fact.type, []).append(fact.id)
        return index

    def ground(self, evidence: str | list[str] | None) -> Grounding:
        """Locate a prediction's evidence (see the module docstring)."""
        key = tuple(evidence) if isinstance(evidence, list) else evidence
        found = self._grounds.get(key)
        if found is None:
            found = self._grounds[key] = self._ground(evidence)
        return found

    def _ground(self, evidence: str | list[str] | None) -> Grounding:
        quotes = [q for q in evidence_list(evidence) if q.strip()]  # what folds to nothing is all whitespace
        if not quotes:
            return NO_EVIDENCE
        spans: list[Span] = []
        for quote in quotes:
            found = self.text.find_folded(quote)
            if not found:
                return Grounding(quoted=True, found=False, missing=quote)
            spans.extend(found)
        body = [s for s in spans if not any(_overlaps(s, f) and f[0] <= s[0] and s[1] <= f[1] for f in self.furniture)]
        return Grounding(quoted=True, found=True, furniture=not body, spans=tuple(body or spans))

    def other_mention(self, grounding: Grounding, gold_id: str, ftype: str) -> str | None:
        """The other gold fact of ``ftype`` whose evidence the prediction quotes, when it quotes none of ``gold_id``'s."""
        if ftype not in MENTION_TYPES or not grounding.spans:
            return None
        quoted = self._quoted_facts(ftype, grounding.spans)
        if not quoted or gold_id in self._quoted_sets[quoted]:
            return None
        return quoted[0]

    def quoted(self, grounding: Grounding, ftype: str) -> frozenset[str] | None:
        """The gold facts of ``ftype`` the prediction's evidence quotes, or None when it quotes none
        (or has no evidence): then :meth:`other_mention` is None for every gold fact; otherwise it is
        None exactly for the facts in the set."""
        if ftype not in MENTION_TYPES:
            return None
        return self.quoting(grounding, ftype) or None

    def quoting(self, grounding: Grounding, ftype: str) -> frozenset[str]:
        """The gold facts of ``ftype`` (any type) whose evidence the prediction's evidence overlaps:
        the passages it says it read."""
        if not grounding.spans:
            return frozenset()
        found = self._quoted_facts(ftype, grounding.spans)
        return self._quoted_sets[found] if found else frozenset()

    def _quoted_facts(self, ftype: str, spans: tuple[Span, ...]) -> tuple[str, ...]:
        """The gold facts of ``ftype`` whose evidence overlaps ``spans``, in ``by_type`` order.

        Found through the type's distinct evidence spans sorted by start: a span can only overlap
        one that starts before it ends and less than the longest span's length before it starts.
        """
        key = (ftype, spans)
        found = self._quoted.get(key)
        if found is not None:
            return found
        if ftype not in self._spans:
            grouped: dict[Span, list[str]] = {}
            for fid in self.by_type.get(ftype, ()):
                for e in self.evidence.get(fid, ()):
                    ids = grouped.setdefault(e, [])
                    if not ids or ids[-1] != fid:
                        ids.append(fid)
            entries = sorted((span, tuple(ids)) for span, ids in grouped.items())
            longest = max((e[1] - e[0] for e, _ in entries), default=0)
            self._spans[ftype] = ([e[0] for e, _ in entries], entries, longest)
        starts, entries, longest = self._spans[ftype]
        hit: set[str] = set()
        for s in spans:
            k = bisect.bisect_left(starts, s[1]) - 1
            while k >= 0 and starts[k] > s[0] - longest:
                if _overlaps(s, entries[k][0]):
                    hit.update(entries[k][1])
                k -= 1
        order = self.by_type.get(ftype, [])
        found = tuple(fid for fid in order if fid in hit) if len(hit) < len(order) else tuple(order)
        self._quoted[key] = found
        if found not in self._quoted_sets:
            self._quoted_sets[found] = frozenset(found)
        return found

    def quotes_negative(self, grounding: Grounding, negative_id: str) -> bool:
        """Whether the prediction's evidence overlaps the evidence of the gold negative ``negative_id``."""
        return any(_overlaps(s, e) for s in grounding.spans for e in self.evidence.get(negative_id, ()))
