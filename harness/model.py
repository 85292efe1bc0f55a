"""Pydantic models of facts, gold files, prediction records and articles.

Three variants of every fact type exist, sharing the type's own fields:

* **gold facts** (``GoldFigure`` …) carry ``id``, verbatim ``evidence``, ``optional`` and ``note``;
* **negatives** (``NegativeFigure`` …) are gold facts an extractor must *not* produce (no ``optional``);
* **predictions** (``PredFigure`` …) carry an optional ``id``, ``evidence`` and ``confidence``.

In gold, ``speaker`` fields hold the *id* of a speaker fact; in predictions they hold a *name*.
All models forbid unknown fields, so a misspelt key is an error, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(value: object) -> str:
    """Normalise a date at its own precision to ISO text: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Accepts what hand-written YAML produces: ``2021-11-05`` unquoted (a ``datetime.date``),
    ``2014`` unquoted (an ``int``) and quoted strings. Rejects impossible calendar dates
    (``2021-02-30``), datetimes with a time part, booleans and other types.
    """
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time of day is expected (YYYY, YYYY-MM or YYYY-MM-DD)")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise ValueError("a date is expected (YYYY, YYYY-MM or YYYY-MM-DD), not a boolean")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"a date is expected (YYYY, YYYY-MM or YYYY-MM-DD), not {type(value).__name__}")
    m = _ISO_PARTIAL.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day is not None:
            dt.date(int(year), int(month), int(day))
        elif month is not None:
            dt.date(int(year), int(month), 1)
        elif int(year) < 1:
            raise ValueError
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None
    return value.strip()


def _full_date(value: object) -> str:
    text = parse_partial_date(value)
    if len(text) != 10:
        raise ValueError(f"{text!r}: a full date YYYY-MM-DD is expected here")
    return text


_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
        {"type": "integer", "minimum": 1, "maximum": 9999},
    ],
    "description": "ISO 8601 date at its own precision: YYYY, YYYY-MM or YYYY-MM-DD (unquoted is fine).",
}

PartialDate = Annotated[str, BeforeValidator(parse_partial_date), WithJsonSchema(_DATE_SCHEMA)]
"""A date at its own precision, stored as ISO text (``"2014"``, ``"2021-11"``, ``"2021-11-05"``)."""

FullDate = Annotated[
    str,
    BeforeValidator(_full_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD"}),
]

def _comparable_int(value: int) -> int:
    if abs(value) > 10**300:  # past a float's range: cannot be scaled or compared with other figures
        raise ValueError(f"a number of {len(str(abs(value)))} digits is too large (at most 1e300)")
    return value


Number = (Annotated[int, Field(strict=True), AfterValidator(_comparable_int)]
          | Annotated[float, Field(strict=True, allow_inf_nan=False)])
"""A finite number (an int stays an int, within ±1e300); strings, booleans, NaN and infinities are rejected."""

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", min_length=1, max_length=120)]
Evidence = Annotated[str, Field(min_length=1)] | Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- type-specific fields


class Distance(_Strict):
    """A distance stated for a place: ``value`` in ``unit`` ``direction`` of ``from``."""

    value: Number
    unit: NonEmpty
    from_: str | None = Field(default=None, alias="from", description="What the distance is measured from.")
    direction: str | None = None


class FigureFields(_Strict):
    """A stated quantity: ``value`` of ``unit`` (what is counted or measured)."""

    type: Literal["figure"] = "figure"
    value: Number = Field(description="The number itself: '$60 million' is 60000000 with unit USD.")
    unit: NonEmpty = Field(description="What is counted or measured: troops, people, km, mi, USD …")
    approx: bool = Field(default=False, description="True for about / nearly / estimated / more than.")
    subject: str | None = None
    speaker: str | None = Field(default=None, description="Gold: id of a speaker fact. Predictions: a name.")


class SpeakerFields(_Strict):
    """A person or organisation quoted or paraphrased as asserting something."""

    type: Literal["speaker"] = "speaker"
    name: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    role: str | None = None
    kind: Literal["person", "organization"] = "person"


class DateFields(_Strict):
    """A reference to a calendar day, month or year, resolved against the publication date."""

    type: Literal["date"] = "date"
    value: PartialDate
    text: str | None = Field(default=None, description="Surface form, e.g. 'Friday'.")


class PlaceFields(_Strict):
    """A named location where something is said to be or happen."""

    type: Literal["place"] = "place"
    name: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    distance: Distance | None = None


class ClaimFields(_Strict):
    """An attributed assertion: ``speaker`` claimed ``text``."""

    type: Literal["claim"] = "claim"
    speaker: NonEmpty = Field(description="Gold: id of a speaker fact. Predictions: a name.")
    text: NonEmpty = Field(description="What was claimed; a paraphrase is allowed.")


# --------------------------------------------------------------------------- gold facts and negatives


class _NegativeBase(_Strict):
    id: Slug = Field(description="Unique within the file: lowercase letters, digits, '-', '_' and '.'.")
    evidence: Evidence = Field(description="Verbatim quote(s) from the article.")
    note: str | None = None


class _GoldBase(_NegativeBase):
    optional: bool = Field(default=False, description="Ambiguous: matched counts neither way, missed is no miss.")
    alternatives: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Other acceptable readings of the same fact: each gives the fields that differ (another "
                    "speaker, another resolution of a date, another value) and its own verbatim evidence.",
        json_schema_extra={"items": {"type": "object", "required": ["evidence"],
                                     "properties": {"evidence": {"anyOf": [{"type": "string", "minLength": 1},
                                                                            {"type": "array", "minItems": 1,
                                                                             "items": {"type": "string", "minLength": 1}}]},
                                                    "note": {"type": "string"}}}},
    )

    def readings(self) -> list[Any]:
        """The fact and each of its alternatives as a fact of the same type (same id), the fact first.

        An alternative replaces the fields it gives; the others are the fact's own. Raises
        pydantic's ValidationError for an alternative that is not a valid fact (validation reports it
        located first, so scoring never meets one).
        """
        if not self.alternatives:
            return [self]
        base = self.model_dump(by_alias=True, exclude={"alternatives", "note"})
        return [self, *(type(self).model_validate({**base, **alt, "id": self.id}) for alt in self.alternatives)]
    review: str | None = Field(default=None, description="Left by 'fact-harness annotate': this draft fact needs "
                               "review; delete the field once checked ('validate --strict' fails while it is there).")


class GoldFigure(FigureFields, _GoldBase):
    tolerance: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = Field(
        default=None, description="Relative tolerance for this figure, overriding the run's."
    )


class GoldSpeaker(SpeakerFields, _GoldBase):
    pass


class GoldDate(DateFields, _GoldBase):
    pass


class GoldPlace(PlaceFields, _GoldBase):
    pass


class GoldClaim(ClaimFields, _GoldBase):
    pass


class NegativeFigure(FigureFields, _NegativeBase):
    pass


class NegativeSpeaker(SpeakerFields, _NegativeBase):
    pass


class NegativeDate(DateFields, _NegativeBase):
    pass


class NegativePlace(PlaceFields, _NegativeBase):
    pass


class NegativeClaim(ClaimFields, _NegativeBase):
    pass


GoldFact = Annotated[
    GoldFigure | GoldSpeaker | GoldDate | GoldPlace | GoldClaim, Field(discriminator="type")
]
NegativeFact = Annotated[
    NegativeFigure | NegativeSpeaker | NegativeDate | NegativePlace | NegativeClaim,
    Field(discriminator="type"),
]


class ArticleMeta(_Strict):
    """The ``article:`` block of a gold file."""

    id: NonEmpty = Field(description="The seed file's stem, e.g. 001_eab98a2f0f3a5ef7.")
    file: NonEmpty = Field(description="The seed text, relative to the seeds directory.")
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: FullDate | None = None
    note: str | None = Field(default=None, description="E.g. how the publication date was inferred.")


class GoldFile(_Strict):
    """One article's gold: its facts, the facts it must not yield, and its page furniture."""

    article: ArticleMeta
    furniture: list[NonEmpty] = Field(
        default_factory=list,
        description="Verbatim passages of the page that are not article body (ads, credits, link lists).",
    )
    facts: list[GoldFact] = Field(default_factory=list)
    negatives: list[NegativeFact] = Field(default_factory=list)


# --------------------------------------------------------------------------- predictions


class _PredBase(_Strict):
    id: str | None = None
    evidence: str | list[str] | None = None
    start: Annotated[int, Field(strict=True, ge=0)] | None = Field(
        default=None, description="Character offset where the evidence starts (with end; evidence may be left out).")
    end: Annotated[int, Field(strict=True, ge=0)] | None = Field(
        default=None, description="Character offset just past the evidence's end.")
    confidence: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = None


class PredFigure(FigureFields, _PredBase):
    pass


class PredSpeaker(SpeakerFields, _PredBase):
    pass


class PredDate(DateFields, _PredBase):
    pass


class PredPlace(PlaceFields, _PredBase):
    pass


class PredClaim(ClaimFields, _PredBase):
    pass


Prediction = Annotated[
    PredFigure | PredSpeaker | PredDate | PredPlace | PredClaim, Field(discriminator="type")
]


class PredictionRecord(_Strict):
    """One line of a predictions file: ``{"article": "<id>", "facts": [...]}``."""

    article: NonEmpty
    facts: list[Prediction] = Field(default_factory=list)




class Article(BaseModel):
    """An article as an extractor sees it."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None


def evidence_list(evidence: str | list[str] | None) -> list[str]:
    """The evidence of a fact as a list (empty when absent)."""
    if evidence is None:
        return []
    return [evidence] if isinstance(evidence, str) else list(evidence)


def fact_to_dict(fact: BaseModel) -> dict[str, Any]:
    """A fact as plain JSON-ready data: aliases applied (``from``), ``None`` and no alternatives left out."""
    data = fact.model_dump(mode="json", by_alias=True, exclude_none=True)
    if not data.get("alternatives", True):
        del data["alternatives"]
    return data
