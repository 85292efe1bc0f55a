"""The extractor object: ``Baseline()(article)`` runs the whole pipeline on one article.

The steps are the body (:mod:`.text`), figures, speakers, dates, places and claims, in that order of
output; ``min_confidence`` drops facts below it.
"""

from __future__ import annotations

from harness.extractors.baseline.attribution import find_events
from harness.extractors.baseline.dates import extract_dates
from harness.extractors.baseline.figures import extract_figures
from harness.extractors.baseline.places import extract_places
from harness.extractors.baseline.resolution import resolve_events, speaker_fact
from harness.extractors.baseline.text import Fact, body_lines, sentences
from harness.model import Article


class Baseline:
    """The rule-based baseline extractor: ``Baseline()(article) -> list of fact dicts``.

    Option ``min_confidence`` (default 0.0): drop facts whose confidence is below it.
    """

    def __init__(self, *, min_confidence: float = 0.0) -> None:
        if isinstance(min_confidence, bool) or not isinstance(min_confidence, (int, float)):
            raise TypeError(f"min_confidence must be a number, not {type(min_confidence).__name__}")
        if not 0.0 <= float(min_confidence) <= 1.0:
            raise TypeError(f"min_confidence must lie in [0, 1], not {min_confidence}")
        self.min_confidence = float(min_confidence)

    def __call__(self, article: Article) -> list[Fact]:
        lines = body_lines(article.text)
        body = [s for line in lines for s in sentences(line)]
        events = find_events(lines)
        speakers, claims = resolve_events(events, body)
        people = frozenset(w for s in speakers if s.kind == "person" for w in s.name.split())
        facts = [
            *extract_figures(body),
            *(speaker_fact(s) for s in speakers),
            *extract_dates(body, article.published),
            *extract_places(body, people),
            *claims,
        ]
        return [f for f in facts if f.get("confidence", 1.0) >= self.min_confidence]
