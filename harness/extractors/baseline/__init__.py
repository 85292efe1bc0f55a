"""The built-in ``baseline`` extractor: regular expressions and small gazetteers, nothing learned.

It is the floor every real extractor should beat. It reads only the article it is given (text and
publication date), never the gold, and knows nothing about any particular article: its vocabulary is
generic news English (speech verbs, titles, unit words, month and weekday names) plus a small
gazetteer of world geography.

Where things are, one module per job:

* :mod:`.extractor` — :class:`Baseline`, the entry point, which runs the pipeline below;
* :mod:`.text` — page furniture, body lines, sentence splitting, and :class:`Span` (a piece of the
  article with its offsets);
* :mod:`.lexicon` — the word lists and gazetteers, read from the data files in ``data/``;
* :mod:`.figures`, :mod:`.dates`, :mod:`.places` — one rule set per fact type, sentence by sentence;
* :mod:`.speakers` — who speaks: a speaker noun phrase turned into a name, role, kind or anaphor;
* :mod:`.claims` — what was said: the claim texts of one attribution;
* :mod:`.attribution` — speech events: a speech verb (or "according to", a passive, a quote-only
  paragraph) with its speaker and what was said;
* :mod:`.resolution` — pronouns, surnames and "the ministry" mapped to full speakers; speaker and
  claim facts.

Pipeline, one article at a time:

1. **Body.** Page furniture lines are dropped (:func:`body_lines`); the remaining lines are split into
   sentences (:func:`sentences`) that keep their offsets, so every ``evidence`` is an exact span of
   ``article.text``.
2. **Figures** (:func:`extract_figures`), **dates** (:func:`extract_dates`) and **places**
   (:func:`extract_places`) are found sentence by sentence.
3. **Speech events** (:func:`find_events`): a speech verb with its subject noun phrase and what was
   said. Subjects are then resolved (:func:`resolve_events`): titles split off into a role, bare
   surnames mapped to the full name used elsewhere in the article, pronouns and phrases such as
   "the ministry" / "the report" / "the official" mapped to the most recent fitting speaker.
   Speaker and claim facts come from the resolved events.

Every fact carries ``evidence`` and a ``confidence`` in [0, 1]; ``Baseline(min_confidence=x)`` drops
facts below ``x``.
"""

from __future__ import annotations

from harness.extractors.baseline.attribution import Event, events_in, find_events
from harness.extractors.baseline.claims import Said, claims_for, cut_attribution, split_claims
from harness.extractors.baseline.dates import dates_in, extract_dates, parse_published, resolve_weekday
from harness.extractors.baseline.extractor import Baseline
from harness.extractors.baseline.figures import UnitHit, extract_figures, figures_in, parse_number, unit_after
from harness.extractors.baseline.lexicon import GAZETTEER, Kind, PlaceEntry
from harness.extractors.baseline.places import extract_places, places_in
from harness.extractors.baseline.resolution import Resolver, Speaker, claim_confidence, resolve_events, speaker_fact
from harness.extractors.baseline.speakers import Subject, classify, subject_after, subject_before
from harness.extractors.baseline.text import Fact, Span, body_lines, is_furniture, sentences

__all__ = [
    "GAZETTEER", "Baseline", "Event", "Fact", "Kind", "PlaceEntry", "Resolver", "Said", "Span", "Speaker", "Subject",
    "UnitHit", "body_lines", "claim_confidence", "claims_for", "classify", "cut_attribution", "dates_in",
    "events_in", "extract_dates", "extract_figures", "extract_places", "figures_in", "find_events", "is_furniture",
    "parse_number", "parse_published", "places_in", "resolve_events", "resolve_weekday", "sentences",
    "speaker_fact", "split_claims", "subject_after", "subject_before", "unit_after",
]
