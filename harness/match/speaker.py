"""Speakers: matched by name or any alias, by the name rule of :mod:`harness.match.names`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.match.base import Context, Match
from harness.match.names import NameForms, match_names, name_candidates, speaker_forms_of


class SpeakerMatcher:
    type = "speaker"

    def setup(self, ctx: Context, facts: Sequence[Any], negatives: Sequence[Any]) -> None:
        """Normalise every gold speaker (facts and negatives) once, and note who bears each surname.

        Claims find their speaker's forms here by id; the surname rule counts only speaker facts,
        not negatives.
        """
        for fact in (*facts, *negatives):
            ctx.speakers[fact.id] = speaker_forms_of(fact)
        for fact in facts:
            for surname in ctx.speakers[fact.id].surnames:
                ctx.surname_owners.setdefault(surname, set()).add(fact.id)

    def prepare_gold(self, fact: Any, ctx: Context) -> NameForms:
        # Not looked up by id in the context: an alternative reading of a speaker has the fact's id.
        return speaker_forms_of(fact)

    def prepare_pred(self, fact: Any, ctx: Context) -> NameForms:
        return speaker_forms_of(fact)

    def candidates(self, gold: list[NameForms], pred: list[NameForms], ctx: Context) -> set[tuple[int, int]]:
        return name_candidates(gold, pred, ctx.options.name_similarity)

    def compare(self, gold: NameForms, pred: NameForms, ctx: Context) -> Match:
        return match_names(gold, pred, ctx, people=True)


MATCHER = SpeakerMatcher()
