"""Every check a gold file must pass, each reported as a located :class:`Problem`.

Checks, in order: YAML (syntax, empty file, duplicate keys, unsafe tags, alias bombs), top level
is a mapping, schema (unknown / missing fields, wrong types, invalid dates — via the pydantic model),
then semantics: the article file exists inside the seeds directory and its stem is the article id,
fact ids are unique, ``speaker`` references name a speaker fact, every evidence and furniture quote
occurs verbatim in the article, and no fact's evidence lies in page furniture.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from harness.evidence import FoldedText
from harness.model import ArticleMeta, Distance, GoldFact, GoldFile, NegativeFact, evidence_list
from harness.problems import NUMBER_ERRORS, display_path, field_names, format_path
from harness.types import REGISTRY
from harness.workers import ordered_map
from harness.yaml_source import Located, YamlProblem, load_located, position_of
from harness.yaml_source import Path as DataPath


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file. ``line``/``column`` are 1-based; ``where`` is a data path."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{self.line}:{self.column}:{where} {self.message}"



_GOLD: dict[str, type[BaseModel]] = {name: t.gold for name, t in REGISTRY.items()}
_NEG: dict[str, type[BaseModel]] = {name: t.negative for name, t in REGISTRY.items()}


def _model_at(path: DataPath, data: Any) -> type[BaseModel] | None:
    """Which model describes the mapping at ``path`` of a gold file (for did-you-mean hints)."""
    if not path:
        return GoldFile
    if path[0] == "article":
        return ArticleMeta
    if path[0] in ("facts", "negatives") and len(path) >= 2:
        if len(path) >= 3 and path[2] == "distance":
            return Distance
        node = _get(data, path[:2])
        kind = node.get("type") if isinstance(node, dict) else None
        return (_GOLD if path[0] == "facts" else _NEG).get(str(kind))
    return None


def _get(data: Any, path: DataPath) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:  # noqa: SIM114 (separate arms keep the index types exact)
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _resolve(loc: tuple[str | int, ...], data: Any) -> tuple[DataPath, str | int | None]:
    """Map a pydantic ``loc`` onto the data path; also return the first step that is not in the data.

    Pydantic inserts discriminator tags (``figure``) and union member names (``int``, ``list[str]``)
    into ``loc``; they are skipped. A missing or extra field is the step absent from the data.
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
                continue
            if isinstance(part, str) and part in REGISTRY and node.get("type") == part:
                continue
            return tuple(path), part
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
            continue
        break  # a scalar: remaining steps are union member names
    return tuple(path), None




def schema_problems(error: ValidationError, located: Located, file: str) -> list[Problem]:
    """Turn pydantic's errors into located problems with fix hints, one per place."""
    grouped: dict[tuple[DataPath, str | int | None], list[dict[str, Any]]] = {}
    for err in error.errors(include_url=False):
        path, absent = _resolve(tuple(err["loc"]), located.data)
        if err["type"] == "extra_forbidden" and absent is None and path:
            path, absent = path[:-1], path[-1]  # the unknown key itself is in the data
        grouped.setdefault((path, absent), []).append(dict(err))
    problems = []
    for (path, absent), errs in grouped.items():
        kinds = {e["type"] for e in errs}
        value = _get(located.data, path)
        if "extra_forbidden" in kinds and absent is not None:
            field = str(absent)
            model = _model_at(path, located.data)
            hint = ""
            if model is not None:
                close = difflib.get_close_matches(field, field_names(model), n=1, cutoff=0.6)
                allowed = ", ".join(field_names(model))
                hint = f" — did you mean {close[0]!r}?" if close else f" (allowed: {allowed})"
            line, col = located.position((*path, field), key=True)
            problems.append(Problem(file, line, col, format_path((*path, field)), f"unknown field {field!r}{hint}"))
            continue
        if "missing" in kinds and absent is not None:
            line, col = located.position(path)
            problems.append(Problem(file, line, col, format_path(path), f"missing required field {str(absent)!r}"))
            continue
        line, col = located.position(path)
        if kinds & {"union_tag_invalid", "union_tag_not_found"}:
            given = value.get("type") if isinstance(value, dict) else None
            types = list(_GOLD)
            if given is None:
                message = f"missing 'type' (one of {', '.join(types)})"
            else:
                close = difflib.get_close_matches(str(given), types, n=1, cutoff=0.5)
                hint = f" — did you mean {close[0]!r}?" if close else ""
                message = f"unknown fact type {given!r}{hint} (one of {', '.join(types)})"
                line, col = located.position((*path, "type"))
                path = (*path, "type")
        elif kinds <= NUMBER_ERRORS:
            message = f"expected a finite number such as 90000 or 2.5, got {value!r}"
        else:
            messages = []
            for e in errs:
                msg = str(e["msg"])
                msg = msg.removeprefix("Value error, ")
                if msg not in messages:
                    messages.append(msg)
            message = "; or ".join(messages)
            if not isinstance(value, (dict, list)) and repr(value) not in message:
                message += f" (got {value!r})"
        problems.append(Problem(file, line, col, format_path(path), message))
    return problems


def _evidence_problems(
    gold: GoldFile, located: Located, file: str, text: FoldedText
) -> Iterable[Problem]:
    furniture_spans: list[tuple[int, int]] = []
    for i, passage in enumerate(gold.furniture):
        spans = text.find_folded(passage)
        if not spans:
            line, col = located.position(("furniture", i))
            yield Problem(file, line, col, f"furniture[{i}]", _not_found(passage, text))
        furniture_spans.extend(spans)
    quoted: list[tuple[DataPath, Any, bool]] = []  # (path of the evidence field, its value, body only)
    for section, facts in (("facts", gold.facts), ("negatives", gold.negatives)):
        for i, fact in enumerate(facts):
            quoted.append(((section, i, "evidence"), fact.evidence, section == "facts"))
            for k, alt in enumerate(getattr(fact, "alternatives", ())):
                if isinstance(alt.get("evidence"), (str, list)):
                    quoted.append(((section, i, "alternatives", k, "evidence"), alt["evidence"], True))
    for where, evidence, body_only in quoted:
        for j, quote in enumerate(evidence_list(evidence)):
            if not isinstance(quote, str) or not quote:
                continue
            path: DataPath = where + ((j,) if isinstance(evidence, list) else ())
            if len(quote.strip()) < MIN_EVIDENCE:
                line, col = located.position(path)
                yield Problem(file, line, col, format_path(path),
                              f"evidence {quote!r} is too short to locate the fact (at least {MIN_EVIDENCE} "
                              "characters): quote the words that state it")
                continue
            spans = text.find_folded(quote)
            if not spans:
                line, col = located.position(path)
                yield Problem(file, line, col, format_path(path), _not_found(quote, text))
            elif furniture_spans and body_only and all(
                any(fs <= s and e <= fe for fs, fe in furniture_spans) for s, e in spans
            ):
                line, col = located.position(path)
                yield Problem(
                    file, line, col, format_path(path),
                    "evidence lies in page furniture, which yields no facts — quote the article body, "
                    "or record it under 'negatives'",
                )


MIN_EVIDENCE = 3
"""Shortest evidence quote accepted: a letter or two occurs everywhere and locates nothing."""

_NOT_CONTENT = {"id", "evidence", "note", "optional", "tolerance", "alternatives"}


def _content(fact: BaseModel) -> dict[str, Any]:
    """What a fact states (its type's fields), with text folded for case and spacing."""
    def fold(value: Any) -> Any:
        if isinstance(value, str):
            return " ".join(value.casefold().split())
        if isinstance(value, list):
            return sorted((fold(v) for v in value), key=repr)
        if isinstance(value, dict):
            return {k: fold(v) for k, v in value.items()}
        return value

    folded: dict[str, Any] = fold(fact.model_dump(exclude=_NOT_CONTENT, exclude_defaults=True))
    return folded


def _negative_problems(gold: GoldFile, located: Located, file: str) -> Iterable[Problem]:
    """A negative stating exactly what a gold fact states can never apply: the gold fact takes the match."""
    facts: dict[str, str] = {}
    for fact in gold.facts:
        facts.setdefault(json.dumps(_content(fact), sort_keys=True, default=str), fact.id)
    for i, neg in enumerate(gold.negatives):
        same = facts.get(json.dumps(_content(neg), sort_keys=True, default=str))
        if same is not None:
            line, col = located.position(("negatives", i))
            yield Problem(file, line, col, f"negatives[{i}]",
                          f"identical to the gold fact {same!r}: a prediction matching it matches that fact "
                          "first, so this negative can never apply — remove it or make it differ")


def _not_found(quote: str, text: FoldedText) -> str:
    short = quote if len(quote) <= 80 else quote[:77] + "..."
    closest = text.closest(quote)
    hint = f" — closest passage: {closest!r}" if closest else ""
    return f"not found verbatim in the article: {short!r}{hint}"


def _reference_problems(gold: GoldFile, located: Located, file: str) -> Iterable[Problem]:
    seen: dict[str, DataPath] = {}
    speakers = {f.id for f in gold.facts if f.type == "speaker"}
    neg_speakers = speakers | {f.id for f in gold.negatives if f.type == "speaker"}
    for section, facts, valid in (("facts", gold.facts, speakers), ("negatives", gold.negatives, neg_speakers)):
        for i, fact in enumerate(facts):
            path: DataPath = (section, i, "id")
            if fact.id in seen:
                line, col = located.position(path)
                yield Problem(
                    file, line, col, format_path(path),
                    f"duplicate id {fact.id!r} (also {format_path(seen[fact.id])}); ids must be unique in the file",
                )
            else:
                seen[fact.id] = path
            for field in REGISTRY[fact.type].references:
                ref = getattr(fact, field, None)
                if ref is None or ref in valid:
                    continue
                close = difflib.get_close_matches(ref, sorted(valid), n=1, cutoff=0.5)
                hint = f" — did you mean {close[0]!r}?" if close else " — add a speaker fact with that id"
                ref_path: DataPath = (section, i, field)
                line, col = located.position(ref_path)
                yield Problem(
                    file, line, col, format_path(ref_path), f"{ref!r} is not the id of a speaker fact{hint}"
                )


_ANNOTATION = re.compile(r"\((?:repeated |renewed |a )?(?:denial|warning|criticism|complaint|accusation|assurance|"
                         r"threat|appeal|claim|statement|reported|paraphrase|quote|intent|prediction)\)", re.I)
"""An annotator's remark in parentheses ("(denial)"): it belongs in ``note``, not in what was claimed."""


def _claim_text_problems(gold: GoldFile, located: Located, file: str) -> Iterable[Problem]:
    """A gold claim's text is a plain statement: annotation words in parentheses are flagged."""
    for section, facts in (("facts", gold.facts), ("negatives", gold.negatives)):
        for i, fact in enumerate(facts):
            m = _ANNOTATION.search(fact.text) if fact.type == "claim" else None
            if m is not None:
                path: DataPath = (section, i, "text")
                line, col = located.position(path)
                yield Problem(file, line, col, format_path(path),
                              f"{m.group(0)!r} is an annotation, not part of the claim: move it to 'note' "
                              "(claim texts are compared with what extractors say)")


def _alias_problems(gold: GoldFile, located: Located, file: str) -> Iterable[Problem]:
    """A speaker's alias is a name: one made only of generic heads ("the official") is flagged.

    The name matcher never gives such a name full credit (a role designates no one in particular),
    so the alias would promise a match it never gets; the passage stays in ``evidence``. A speaker
    whose name is itself generic is left alone.
    """
    from harness.match.names import is_role

    for i, fact in enumerate(gold.facts):
        if fact.type != "speaker":
            continue
        for k, alias in enumerate(fact.aliases):
            if is_role(alias) and not is_role(fact.name):
                path: DataPath = ("facts", i, "aliases", k)
                line, col = located.position(path)
                yield Problem(file, line, col, format_path(path),
                              f"alias {alias!r} is a role, not a name: the matchers never credit it in full; "
                              "drop it (keep its passage in 'evidence')")


_NOT_IN_ALTERNATIVES = ("id", "type", "optional", "alternatives")
"""Fields an alternative reading cannot change: it is the same fact, of the same type and status."""


def _alternative_problems(gold: GoldFile, located: Located, file: str) -> Iterable[Problem]:
    """Each alternative checked as a fact of its type: its fields, its evidence, its speaker reference."""
    speakers = {f.id for f in gold.facts if f.type == "speaker"}
    for i, fact in enumerate(gold.facts):
        for k, alt in enumerate(fact.alternatives):
            here: DataPath = ("facts", i, "alternatives", k)
            bad = [key for key in alt if key in _NOT_IN_ALTERNATIVES]
            for key in bad:
                line, col = located.position((*here, key), key=True)
                yield Problem(file, line, col, format_path((*here, key)),
                              f"an alternative cannot change {key!r}: it is another reading of the same fact")
            if bad:
                continue
            if "evidence" not in alt:
                line, col = located.position(here)
                yield Problem(file, line, col, format_path(here),
                              "missing required field 'evidence': quote where the article supports this reading")
                continue
            base = fact.model_dump(by_alias=True, exclude={"alternatives", "note"})
            try:
                reading = type(fact).model_validate({**base, **alt})
            except ValidationError as exc:
                for e in exc.errors(include_url=False):
                    field = next((p for p in e["loc"] if isinstance(p, str) and p in alt), None)
                    path = (*here, field) if field else here
                    line, col = located.position(path, key=e["type"] == "extra_forbidden")
                    msg = "unknown field" if e["type"] == "extra_forbidden" else str(e["msg"])
                    if e["type"] == "extra_forbidden":
                        close = difflib.get_close_matches(str(e["loc"][-1]), field_names(type(fact)), n=1, cutoff=0.6)
                        msg += f" — did you mean {close[0]!r}?" if close else ""
                    yield Problem(file, line, col, format_path(path), msg.removeprefix("Value error, "))
                continue
            for field in REGISTRY[fact.type].references:
                ref = getattr(reading, field, None)
                if field in alt and ref is not None and ref not in speakers:
                    line, col = located.position((*here, field))
                    yield Problem(file, line, col, format_path((*here, field)),
                                  f"{ref!r} is not the id of a speaker fact")


@dataclass
class CheckedFile:
    """The outcome of checking one gold file: the model (when the schema held), its text, problems."""

    path: Path
    gold: GoldFile | None
    article_text: str | None
    problems: list[Problem]
    verdicts: Any = None
    """The article's recorded verdicts (a :class:`~harness.verdicts.VerdictFile`), None when it has none."""


def check_file(path: Path, seeds_dir: Path) -> CheckedFile:
    """Run every check on one gold file against the articles in ``seeds_dir``."""
    file = display_path(path)

    def fail(message: str, line: int = 1, col: int = 1, where: str = "") -> CheckedFile:
        return CheckedFile(path, None, None, [Problem(file, line, col, where, message)])

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"cannot read the file: {exc.strerror or exc}")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[:exc.start].decode("utf-8", "replace")
        line, col = position_of(prefix, len(prefix))
        return fail(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line, col)
    try:
        located = load_located(source)
    except YamlProblem as exc:
        return fail(exc.message, exc.line, exc.column, format_path(exc.path))
    if not isinstance(located.data, dict):
        kind = type(located.data).__name__
        return fail(f"the top level must be a mapping with 'article:' and 'facts:', not a {kind}")
    try:
        gold = GoldFile.model_validate(located.data)
    except ValidationError as exc:
        return CheckedFile(path, None, None, sorted({*schema_problems(exc, located, file),
                                                     *_problems_of_the_valid_part(path, located, file, seeds_dir)}))
    problems, text, verdicts = _semantic_problems(path, gold, located, file, seeds_dir)
    return CheckedFile(path, gold, text, sorted(problems), verdicts)


def _semantic_problems(path: Path, gold: GoldFile, located: Any, file: str,
                       seeds_dir: Path) -> tuple[list[Problem], str | None, Any]:
    """Every check after the schema: references, negatives, alternatives, claim texts, aliases, the article, evidence."""
    problems: list[Problem] = [*_reference_problems(gold, located, file), *_negative_problems(gold, located, file)]
    problems.extend(_alternative_problems(gold, located, file))
    problems.extend(_claim_text_problems(gold, located, file))
    problems.extend(_alias_problems(gold, located, file))
    seeds_root = seeds_dir.resolve()
    article_path = (seeds_dir / gold.article.file).resolve()
    line, col = located.position(("article", "file"))
    text: str | None = None
    if not article_path.is_relative_to(seeds_root):
        problems.append(
            Problem(file, line, col, "article.file",
                    f"{gold.article.file!r} resolves outside the seeds directory {display_path(seeds_dir)}")
        )
    elif not article_path.is_file():
        available = sorted(p.name for p in seeds_dir.glob("*.txt")) if seeds_dir.is_dir() else []
        close = difflib.get_close_matches(gold.article.file, available, n=1, cutoff=0.6)
        hint = f" — did you mean {close[0]!r}?" if close else ""
        problems.append(
            Problem(file, line, col, "article.file",
                    f"article file {gold.article.file!r} not found in {display_path(seeds_dir)}{hint}")
        )
    else:
        try:
            text = article_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(file, line, col, "article.file", f"cannot read the article: {exc}"))
    if text is not None:
        if article_path.stem != gold.article.id:
            line, col = located.position(("article", "id"))
            problems.append(Problem(
                file, line, col, "article.id",
                f"article id {gold.article.id!r} must be the article file's stem {article_path.stem!r}",
            ))
        problems.extend(_evidence_problems(gold, located, file, FoldedText.of(text)))
    verdicts = None
    from harness.verdicts import check_verdicts, verdict_path

    if verdict_path(path).is_file():
        verdicts, found = check_verdicts(verdict_path(path), gold, display_path(verdict_path(path)))
        problems.extend(found)
    if path.suffix in (".yaml", ".yml") and path.stem != gold.article.id:
        line, col = located.position(("article", "id"))
        problems.append(Problem(
            file, line, col, "article.id",
            f"the gold file should be named after its article: {gold.article.id}.yaml",
        ))
    return problems, text, verdicts


class _Renumbered:
    """A view of a located file in which the facts kept by :func:`_problems_of_the_valid_part` keep their places."""

    def __init__(self, located: Located, kept: dict[str, list[int]]) -> None:
        self.located, self.kept = located, kept

    def original(self, path: DataPath) -> DataPath:
        if len(path) >= 2 and path[0] in self.kept and isinstance(path[1], int) and path[1] < len(self.kept[str(path[0])]):
            return (path[0], self.kept[str(path[0])][path[1]], *path[2:])
        return path

    def position(self, path: DataPath, *, key: bool = False) -> tuple[int, int]:
        return self.located.position(self.original(path), key=key)


_WHERE = re.compile(r"^(facts|negatives)\[(\d+)\]")


def _problems_of_the_valid_part(path: Path, located: Located, file: str, seeds_dir: Path) -> list[Problem]:
    """The later checks run on the facts that passed the schema, so one pass reports every problem.

    Facts and negatives that fail the schema are left out (their schema problems are reported);
    problems of the others keep their original positions and paths. Nothing more when the article
    block itself is invalid.
    """
    data = located.data
    if not isinstance(data, dict):
        return []
    kept: dict[str, list[int]] = {}
    valid: dict[str, Any] = {k: v for k, v in data.items() if k not in ("facts", "negatives")}
    adapters: dict[str, TypeAdapter[Any]] = {"facts": TypeAdapter(list[GoldFact]),
                                              "negatives": TypeAdapter(list[NegativeFact])}
    for section, adapter in adapters.items():
        raw = data.get(section)
        items: list[Any] = raw if isinstance(raw, list) else []
        good = []
        kept[section] = []
        for i, item in enumerate(items):
            try:
                adapter.validate_python([item])
            except ValidationError:
                continue
            good.append(item)
            kept[section].append(i)
        valid[section] = good
    try:
        gold = GoldFile.model_validate(valid)
    except ValidationError:
        return []
    view = _Renumbered(located, kept)
    found, _, _ = _semantic_problems(path, gold, view, file, seeds_dir)

    def renumber(p: Problem) -> Problem:
        m = _WHERE.match(p.where)
        if m is None or int(m.group(2)) >= len(kept[m.group(1)]):
            return p
        return Problem(p.file, p.line, p.column, f"{m.group(1)}[{kept[m.group(1)][int(m.group(2))]}]{p.where[m.end():]}",
                       p.message)

    return [renumber(p) for p in found]


def gold_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand directories to their ``*.yaml``/``*.yml`` files; report paths that do not exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            if not found:
                problems.append(Problem(display_path(p), 1, 1, "", "no gold files (*.yaml) in this directory"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(Problem(display_path(p), 1, 1, "", "no such file or directory"))
    return files, problems


def _owner_problem(owners: dict[str, Path], article_id: str | None, path: Path) -> Problem | None:
    """A problem when another file already annotates ``article_id``; records ``path`` as its owner otherwise."""
    if article_id is None:
        return None
    other = owners.setdefault(article_id, path)
    if other == path:
        return None
    return Problem(display_path(path), 1, 1, "article.id",
                   f"article {article_id!r} is already annotated in {display_path(other)}")


def check_paths(paths: Sequence[Path], seeds_dir: Path) -> tuple[list[CheckedFile], list[Problem]]:
    """Check every gold file under ``paths``; also reject two files claiming the same article id.

    Returns the checked files and every problem found (in the files and in the paths themselves).
    """
    files, problems = gold_files(paths)
    checked_files = []
    owners: dict[str, Path] = {}
    for f in files:
        checked = check_file(f, seeds_dir)
        checked_files.append(checked)
        problems.extend(checked.problems)
        clash = _owner_problem(owners, checked.gold.article.id if checked.gold is not None else None, f)
        if clash is not None:
            problems.append(clash)
    return checked_files, problems


def validate_paths(paths: Sequence[Path], seeds_dir: Path, *, jobs: int = 1,
                   progress: Callable[[int], None] | None = None) -> list[Problem]:
    """Every problem in the gold files under ``paths`` (empty when all is valid), in file order.

    Keeps only the problems, never the parsed files, so memory stays flat on large corpora;
    ``jobs`` > 1 checks files in that many forked processes (same result); ``progress(1)`` is
    called as each file is checked.
    """
    files, problems = gold_files(paths)
    owners: dict[str, Path] = {}

    def one(path: Path) -> tuple[list[Problem], str | None]:
        checked = check_file(path, seeds_dir)
        return checked.problems, checked.gold.article.id if checked.gold is not None else None

    for path, (found, article_id) in zip(files, ordered_map(one, files, jobs=jobs), strict=True):
        problems.extend(found)
        clash = _owner_problem(owners, article_id, path)
        if clash is not None:
            problems.append(clash)
        if progress is not None:
            progress(1)
    from harness.verdicts import orphan_problems

    for p in paths:
        if p.is_dir():
            problems.extend(orphan_problems(p, [f.stem for f in files]))
    return problems
