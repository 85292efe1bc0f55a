"""Recorded verdicts: a person's decision on one (gold fact, prediction) pair, kept beside the gold.

However good the matchers get, some pairs need judgement. A reviewer records it once, and every
later run reuses it (as TAC KBP's assessments are reused): scoring consults the verdicts of an
article **before** its matchers, its evidence rules and any judge, and each detail says what
decided it (``decided_by``: ``verdict``, ``matcher`` or ``judge:<name>``).

One YAML file per article, in a ``verdicts/`` directory inside the gold directory, named after the
article (``gold/verdicts/<article-id>.yaml``), so a gold file is never rewritten by a tool::

    # yaml-language-server: $schema=schema.json
    article: 001_eab98a2f0f3a5ef7
    verdicts:
      - gold_id: claim-peskov-no-threat
        prediction: {type: claim, speaker: Peskov, text: Moscow poses no danger to anybody}
        verdict: full                 # full | partial | none
        by: alice                     # who decided
        note: the same denial in other words   # optional

A verdict applies to every prediction whose **normalised fields** equal its prediction's: the
type's own fields only (``id``, ``evidence`` and ``confidence`` are left out), text folded for
case, Unicode form, typographic quotes and spacing, a final full stop dropped, lists compared as
sets, 90000.0 read as 90000. ``fact-harness validate`` checks every verdict file: the schema,
that the article is the file's, that each gold id names a gold fact of the prediction's type, and
that no two verdicts on the same pair disagree. ``fact-harness calibrate`` never reads verdicts.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from harness.evidence import fold
from harness.match.base import Level, Match
from harness.model import GoldFile, Prediction

VERDICTS_DIR = "verdicts"
"""The directory, inside the gold directory, holding one verdict file per article."""

LEVELS = {"full": Level.FULL, "partial": Level.PARTIAL, "none": Level.NONE}
_NOT_KEY = {"id", "evidence", "confidence"}


class RecordedVerdict(BaseModel):
    """One recorded decision on a (gold fact, prediction) pair."""

    model_config = ConfigDict(extra="forbid")

    gold_id: str = Field(min_length=1, description="The id of a gold fact in the article's gold file.")
    prediction: Prediction = Field(description="The prediction judged, in the prediction format.")
    verdict: Literal["full", "partial", "none"]
    by: str = Field(min_length=1, description="Who decided.")
    note: str | None = Field(default=None, description="Why, in a sentence.")

    def match(self) -> Match:
        """The verdict as a matcher's answer, decided by ``verdict``."""
        why = f"recorded verdict {self.verdict} by {self.by}" + (f": {self.note}" if self.note else "")
        similarity = {"full": 1.0, "partial": 0.5, "none": 0.0}[self.verdict]
        return Match(LEVELS[self.verdict], why, similarity, decided_by="verdict")


class VerdictFile(BaseModel):
    """One article's verdict file."""

    model_config = ConfigDict(extra="forbid")

    article: str = Field(min_length=1, description="The article id: the file's stem, and its gold file's.")
    verdicts: list[RecordedVerdict] = Field(default_factory=list)


def schema_text() -> str:
    """The JSON Schema of a verdict file (committed as gold/verdicts/schema.json)."""
    schema = VerdictFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "fact-harness verdict file"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def verdict_path(gold_path: Path) -> Path:
    """Where the verdicts of the article whose gold file is ``gold_path`` live."""
    return gold_path.parent / VERDICTS_DIR / f"{gold_path.stem}.yaml"


_PREDICTION: TypeAdapter[Any] = TypeAdapter(Prediction)


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        text = fold(unicodedata.normalize("NFKC", value)).casefold()
        return text[:-1].rstrip() if text.endswith(".") else text
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return sorted((_norm(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def prediction_key(fact: Any) -> str:
    """The normalised fields of a prediction (a model instance or a dict in the prediction format)."""
    if isinstance(fact, dict):
        fact = _PREDICTION.validate_python(fact)
    data = fact.model_dump(mode="json", by_alias=True, exclude=_NOT_KEY, exclude_defaults=True)
    data["type"] = fact.type
    return json.dumps(_norm(data), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class VerdictBook:
    """An article's verdicts by normalised prediction, for lookup while scoring."""

    by_key: dict[str, dict[str, RecordedVerdict]] = field(default_factory=dict)

    @classmethod
    def of(cls, verdicts: Iterable[RecordedVerdict]) -> VerdictBook:
        book: dict[str, dict[str, RecordedVerdict]] = {}
        for v in verdicts:
            book.setdefault(prediction_key(v.prediction), {}).setdefault(v.gold_id, v)
        return cls(book)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def for_key(self, key: str) -> dict[str, RecordedVerdict]:
        """Every verdict on a prediction with these normalised fields, by gold id."""
        return self.by_key.get(key, {})

    def get(self, gold_id: str, key: str) -> RecordedVerdict | None:
        return self.by_key.get(key, {}).get(gold_id)


def check_verdicts(path: Path, gold: GoldFile, file: str) -> tuple[VerdictFile | None, list[Any]]:
    """Read and check one verdict file against its article's gold; returns it (None when unusable) and
    every problem, located (:class:`~harness.validate.Problem`)."""
    from harness.validate import Problem, schema_problems
    from harness.yaml_source import YamlProblem, load_located

    def fail(message: str, line: int = 1, col: int = 1, where: str = "") -> tuple[None, list[Any]]:
        return None, [Problem(file, line, col, where, message)]

    try:
        source = path.read_bytes().decode("utf-8")
    except OSError as exc:
        return fail(f"cannot read the file: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8 text (byte offset {exc.start}); save the file as UTF-8")
    try:
        located = load_located(source)
    except YamlProblem as exc:
        from harness.problems import format_path

        return fail(exc.message, exc.line, exc.column, format_path(exc.path))
    if not isinstance(located.data, dict):
        return fail("the top level must be a mapping with 'article:' and 'verdicts:'")
    try:
        book = VerdictFile.model_validate(located.data)
    except ValidationError as exc:
        return None, sorted(schema_problems(exc, located, file))
    problems: list[Any] = []
    if book.article != gold.article.id or path.stem != gold.article.id:
        line, col = located.position(("article",))
        problems.append(Problem(file, line, col, "article",
                                f"verdicts for {book.article!r} in the verdict file of {gold.article.id!r}: "
                                f"the file must be named after its article and say so ({gold.article.id})"))
    facts = {f.id: f for f in gold.facts}
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    for i, v in enumerate(book.verdicts):
        here = ("verdicts", i)
        fact = facts.get(v.gold_id)
        if fact is None:
            close = difflib.get_close_matches(v.gold_id, sorted(facts), n=1, cutoff=0.6)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            negative = " (it is a negative: verdicts judge gold facts)" if v.gold_id in {n.id for n in gold.negatives} else ""
            line, col = located.position((*here, "gold_id"))
            problems.append(Problem(file, line, col, f"verdicts[{i}].gold_id",
                                    f"{v.gold_id!r} is not the id of a gold fact of {gold.article.id}{negative}{hint}"))
            continue
        if fact.type != v.prediction.type:
            line, col = located.position((*here, "prediction", "type"))
            problems.append(Problem(file, line, col, f"verdicts[{i}].prediction.type",
                                    f"the prediction is a {v.prediction.type} but {v.gold_id!r} is a {fact.type}"))
            continue
        key = (v.gold_id, prediction_key(v.prediction))
        if key in seen and seen[key][1] != v.verdict:
            k, other = seen[key]
            line, col = located.position((*here, "verdict"))
            problems.append(Problem(file, line, col, f"verdicts[{i}].verdict",
                                    f"{v.verdict!r} disagrees with verdicts[{k}] ({other!r}) on the same pair "
                                    "(the same gold fact and prediction fields): keep one"))
        seen.setdefault(key, (i, v.verdict))
    return (None if problems else book), sorted(problems)


def orphan_problems(gold_dir: Path, articles: Sequence[str]) -> list[Any]:
    """A problem for every verdict file in ``gold_dir`` whose article has no gold file."""
    from harness.problems import display_path
    from harness.validate import Problem

    directory = gold_dir / VERDICTS_DIR
    if not directory.is_dir():
        return []
    known = set(articles)
    return [Problem(display_path(p), 1, 1, "article", f"verdicts for {p.stem!r}, which has no gold file "
                    f"{p.stem}.yaml in {display_path(gold_dir)}")
            for p in sorted(directory.glob("*.yaml")) if p.stem not in known]


def render_entry(v: RecordedVerdict) -> str:
    """One verdict as the YAML lines of a list item (the layout tools write; flow-style prediction)."""
    pred = v.prediction.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    pred = {"type": v.prediction.type, **pred}
    lines = [f"  - gold_id: {json.dumps(v.gold_id)}",
             f"    prediction: {json.dumps(pred, ensure_ascii=False)}",
             f"    verdict: {v.verdict}",
             f"    by: {json.dumps(v.by, ensure_ascii=False)}"]
    if v.note:
        lines.append(f"    note: {json.dumps(v.note, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def render_file(article: str, verdicts: Sequence[RecordedVerdict]) -> str:
    """A whole verdict file."""
    head = (f"# yaml-language-server: $schema=schema.json\n# Recorded verdicts for {article}; see gold/verdicts/README.md\n"
            f"article: {article}\nverdicts:\n")
    if not verdicts:
        return head.replace("verdicts:\n", "verdicts: []\n")
    return head + "".join(render_entry(v) for v in verdicts)


__all__ = ["LEVELS", "VERDICTS_DIR", "RecordedVerdict", "VerdictBook", "VerdictFile", "check_verdicts",
           "orphan_problems", "prediction_key", "render_entry", "render_file", "schema_text", "verdict_path"]
