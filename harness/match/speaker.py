"""Speakers: matched by name or any alias, by the name rule of :mod:`harness.match.names`."""

from __future__ import annotations

from typing import Any

from harness.match.base import Context, Match
from harness.match.names import NameForms, match_names, name_candidates, speaker_forms_of


class SpeakerMatcher:
    type = "speaker"

    def prepare_gold(self, fact: Any, ctx: Context) -> NameForms:
        # The article context already normalised every gold speaker (ids are unique in a file).
        forms = ctx.speakers.get(fact.id)
        return forms if forms is not None else speaker_forms_of(fact)

    def prepare_pred(self, fact: Any, ctx: Context) -> NameForms:
        return speaker_forms_of(fact)

    def candidates(self, gold: list[NameForms], pred: list[NameForms], ctx: Context) -> set[tuple[int, int]]:
        return name_candidates(gold, pred)

    def compare(self, gold: NameForms, pred: NameForms, ctx: Context) -> Match:
        return match_names(gold, pred, ctx, people=True)


MATCHER = SpeakerMatcher()
