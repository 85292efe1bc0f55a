"""Reviewing a run: its disputable decisions as a YAML file a person edits, and merging the verdicts back.

``fact-harness review RUN.json`` lists every decision worth a second look — each ``partial``, ``fp``
and ``fn``, and each ``tp`` whose similarity lies within ``--margin`` of its threshold (a claim's
text similarity or an embedding judge's cosine against its threshold, a name's trigram similarity
against ``name_similarity``) — with the article passage, the gold fact, the prediction and the
harness's reason. A false positive is offered with its nearest gold fact of the type, a miss with
the article's nearest prediction of the type (a pair met twice is listed once). Decisions already
made by a recorded verdict are not listed again.

The reviewer sets ``verdict:`` (full, partial or none) on the items they decide and ``by:`` (once at
the top, or per item); ``fact-harness review --apply FILE`` checks every marked item (located
errors), merges the verdicts into ``gold/verdicts/<article>.yaml`` — an existing verdict on the
same pair is never replaced silently: a different one is an error unless ``--replace`` — and
re-scores the run's predictions (they are in its details) with the verdicts applied.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from harness.corpus import Corpus
from harness.evidence import fold
from harness.model import Prediction, evidence_list, fact_to_dict
from harness.problems import display_path
from harness.result import Result
from harness.types import describe
from harness.validate import Problem
from harness.verdicts import (
    LEVELS,
    RecordedVerdict,
    VerdictFile,
    prediction_key,
    render_entry,
    render_file,
    verdict_path,
)
from harness.yaml_source import YamlProblem, load_located

MARGIN = 0.1
"""How close to its threshold a true positive's similarity must be to be listed."""

_SIMILARITY = re.compile(r"(text|trigram) similarity (\d+(?:\.\d+)?)|cosine (\d+(?:\.\d+)?)")
_NEAREST = re.compile(r" with (\S+), which another prediction matched better")
_WORDS = re.compile(r"\w+")


def _near_threshold(reason: str, options: Mapping[str, Any], judge: Mapping[str, Any] | None, margin: float) -> bool:
    m = _SIMILARITY.search(reason)
    if m is None:
        return False
    if m.group(3) is not None:
        value, threshold = float(m.group(3)), (judge or {}).get("threshold")
    elif m.group(1) == "text":
        value, threshold = float(m.group(2)), options.get("claim_similarity")
    else:
        value, threshold = float(m.group(2)), options.get("name_similarity")
    return isinstance(threshold, (int, float)) and abs(value - threshold) <= margin + 1e-9


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _first(quotes: Sequence[str]) -> str | None:
    return quotes[0] if quotes else None


def passage(text: str, quote: str | None, limit: int = 400) -> str | None:
    """The sentence(s) of ``text`` around ``quote`` (folded), or None when it is not found."""
    if not quote:
        return None
    folded, needle = fold(text), fold(quote)
    at = folded.find(needle) if needle else -1
    if at < 0:
        return None
    stop = folded.rfind(". ", 0, at)
    start = stop + 2 if stop >= 0 else 0
    end = folded.find(". ", at + len(needle))
    end = len(folded) if end < 0 else end + 1
    out = folded[start:end].strip()
    return out if len(out) <= limit else out[:limit - 1] + "…"


def disputable(result: Result, corpus: Corpus, margin: float = MARGIN) -> list[dict[str, Any]]:
    """The run's disputable decisions as review items (see the module docstring), in detail order."""
    details = list(result.details)
    by_article: dict[str, list[Any]] = {}
    for d in details:
        by_article.setdefault(d.article, []).append(d)
    items: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    for article, rows in by_article.items():
        if article not in corpus:
            continue
        entry = corpus[article]
        gold = {f.id: f for f in entry.gold.facts}
        names = {f.id: f.name for f in entry.gold.facts if f.type == "speaker"}
        for d in rows:
            if d.decided_by == "verdict":
                continue
            outcome = str(d.outcome)
            if outcome == "tp" and not _near_threshold(d.reason, result.options, result.judge, margin):
                continue
            if outcome not in ("tp", "partial", "fp", "fn"):
                continue
            gold_id, pred = d.gold_id, d.prediction
            if outcome == "fp":
                m = _NEAREST.search(d.reason)
                same_type = [g for g in gold.values() if g.type == d.type]
                if m is not None and m.group(1).rstrip(",") in gold:
                    gold_id = m.group(1).rstrip(",")
                elif same_type:
                    shown = describe(pred, names)
                    gold_id = max(same_type, key=lambda g: (_overlap(describe(fact_to_dict(g), names), shown),
                                                           -same_type.index(g))).id
            if outcome == "fn":
                preds = [x.prediction for x in rows if x.type == d.type and x.prediction is not None]
                if preds:
                    shown = describe(fact_to_dict(gold[d.gold_id]), names) if d.gold_id in gold else ""
                    pred = max(preds, key=lambda p: (_overlap(describe(p, names), shown), -preds.index(p)))
            try:
                pkey = prediction_key(pred) if pred is not None else None
            except ValidationError:
                pkey = json.dumps(pred, sort_keys=True)
            key = (article, gold_id, pkey)
            if key in items:
                items[key]["outcome"] += f", {outcome}"
                continue
            fact = gold.get(gold_id) if gold_id else None
            if pred is not None:
                pred = {"type": pred.get("type"), **{k: v for k, v in pred.items() if k != "type"}}
            item: dict[str, Any] = {
                "article": article, "type": d.type, "outcome": outcome, "decided_by": d.decided_by,
                "reason": d.reason, "gold_id": gold_id,
                "gold": describe(fact_to_dict(fact), names) if fact is not None else None,
                "passage": passage(entry.article.text, _first(evidence_list(fact.evidence))) if fact else None,
                "prediction": pred,
                "prediction_passage": passage(entry.article.text, _first(evidence_list(pred.get("evidence"))))
                if pred else None,
                "verdict": None, "note": None,
            }
            items[key] = item
    return list(items.values())


HEADER = """\
# fact-harness review file. For each item you decide, set `verdict:` to full, partial or none
# (leave it null to skip), and `by:` to your name (here, or on the item); you may change `gold_id`
# or `prediction` to the pair you mean, and add a `note:`. Then run:
#   fact-harness review --apply {file}
# Verdicts are merged into gold/verdicts/<article>.yaml and the run is re-scored with them.
"""


def write_review(items: Sequence[Mapping[str, Any]], run: Path | None, by: str | None, file_name: str) -> str:
    """The review file's text."""
    data = {"run": str(run) if run is not None else None, "by": by, "items": [dict(i) for i in items]}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    return HEADER.format(file=file_name) + body


@dataclass
class Marked:
    """The verdicts a review file marks, per article, with where each came from."""

    verdicts: dict[str, list[tuple[RecordedVerdict, str]]] = field(default_factory=dict)
    run: str | None = None


_PREDICTION: TypeAdapter[Any] = TypeAdapter(Prediction)


def read_review(path: Path, corpus: Corpus) -> tuple[Marked, list[Problem]]:
    """Every marked item of a review file, checked against the gold; problems are located."""
    file = display_path(path)
    try:
        located = load_located(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Marked(), [Problem(file, 1, 1, "", f"cannot read the review file: {exc}")]
    except YamlProblem as exc:
        return Marked(), [Problem(file, exc.line, exc.column, "", exc.message)]
    data = located.data
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return Marked(), [Problem(file, 1, 1, "", "not a review file: expected a mapping with 'items:' "
                                  "(write one with fact-harness review RUN.json)")]
    problems: list[Problem] = []
    marked = Marked(run=data.get("run") if isinstance(data.get("run"), str) else None)
    default_by = data.get("by")

    def bad(where: tuple[str | int, ...], message: str) -> None:
        line, col = located.position(where)
        problems.append(Problem(file, line, col, ".".join(str(w) if isinstance(w, str) else f"[{w}]" for w in where)
                                .replace(".[", "["), message))

    for i, item in enumerate(data["items"]):
        here: tuple[str | int, ...] = ("items", i)
        if not isinstance(item, dict):
            bad(here, "an item must be a mapping")
            continue
        verdict = item.get("verdict")
        if verdict is None or verdict == "":
            continue
        if verdict not in LEVELS:
            bad((*here, "verdict"), f"verdict must be full, partial or none (or null to skip), got {verdict!r}")
            continue
        by = item.get("by") or default_by
        if not isinstance(by, str) or not by.strip():
            bad((*here, "verdict"), "who decided? set `by:` at the top of the file or on the item")
            continue
        article = item.get("article")
        if not isinstance(article, str) or article not in corpus:
            bad((*here, "article"), f"unknown article {article!r}")
            continue
        entry = corpus[article]
        facts = {f.id: f for f in entry.gold.facts}
        gold_id = item.get("gold_id")
        if not isinstance(gold_id, str) or gold_id not in facts:
            bad((*here, "gold_id"), f"{gold_id!r} is not the id of a gold fact of {article}: a verdict judges a "
                "(gold fact, prediction) pair")
            continue
        if not isinstance(item.get("prediction"), dict):
            bad((*here, "prediction"), "no prediction to judge: give one in the prediction format")
            continue
        try:
            pred = _PREDICTION.validate_python(item["prediction"])
        except ValidationError as exc:
            from harness.problems import summary

            bad((*here, "prediction"), f"not a valid prediction: {summary(exc)}")
            continue
        if pred.type != facts[gold_id].type:
            bad((*here, "prediction", "type"), f"the prediction is a {pred.type} but {gold_id!r} is a "
                f"{facts[gold_id].type}")
            continue
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            bad((*here, "note"), "a note is text")
            continue
        v = RecordedVerdict(gold_id=gold_id, prediction=pred, verdict=verdict, by=by.strip(), note=note or None)
        line, col = located.position((*here, "verdict"))
        marked.verdicts.setdefault(article, []).append((v, f"{file}:{line}:{col}"))
    return marked, problems


@dataclass
class Applied:
    """What merging did: verdicts added, replaced, already recorded; files written; conflicts refused."""

    added: int = 0
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def apply(marked: Marked, corpus: Corpus, *, replace: bool = False) -> Applied:
    """Merge the marked verdicts into each article's verdict file (nothing is written when any conflicts)."""
    done = Applied()
    plans: list[tuple[Path, str]] = []
    for article, new in sorted(marked.verdicts.items()):
        entry = corpus[article]
        existing: list[RecordedVerdict] = list(entry.verdicts.verdicts) if entry.verdicts is not None else []
        where = {(v.gold_id, prediction_key(v.prediction)): k for k, v in enumerate(existing)}
        appended: list[RecordedVerdict] = []
        rewrite = False
        for v, origin in new:
            key = (v.gold_id, prediction_key(v.prediction))
            if key in where:
                k = where[key]
                old = existing[k] if k < len(existing) else appended[k - len(existing)]
                if old.verdict == v.verdict:
                    done.unchanged += 1
                    continue
                message = (f"{origin}: {article} {v.gold_id}: {v.verdict!r} by {v.by}, but {old.verdict!r} by "
                           f"{old.by} is recorded for the same pair")
                if not replace:
                    done.conflicts.append(message + " (pass --replace to replace it)")
                    continue
                done.replaced.append(message + " — replaced")
                if k < len(existing):
                    existing[k] = v
                    rewrite = True
                else:
                    appended[k - len(existing)] = v
                continue
            where[key] = len(existing) + len(appended)
            appended.append(v)
            done.added += 1
        if not appended and not rewrite:
            continue
        path = verdict_path(entry.path)
        if rewrite or not path.is_file() or entry.verdicts is None or not entry.verdicts.verdicts:
            text = render_file(article, [*existing, *appended])
        else:
            text = path.read_text(encoding="utf-8")
            text = (text if text.endswith("\n") else text + "\n") + "".join(render_entry(v) for v in appended)
        plans.append((path, text))
    if done.conflicts:
        done.added = 0
        done.replaced = []
        return done
    for path, text in plans:
        VerdictFile.model_validate(yaml.safe_load(text))  # never leave a file the gold check would refuse
        _write(path, text)
        done.files.append(path)
    return done


def predictions_of(result: Result) -> dict[str, list[dict[str, Any]]]:
    """The predictions a run scored, per article, from its details (each appears in exactly one)."""
    out: dict[str, list[dict[str, Any]]] = {a: [] for a in result.by_article}
    for d in result.details:
        if d.prediction is not None:
            out.setdefault(d.article, []).append(d.prediction)
    return out


def changed(before: Iterable[Any], after: Iterable[Any]) -> int:
    """How many details differ between two runs over the same predictions."""
    a = sorted(json.dumps(d.to_dict(), sort_keys=True) for d in before)
    b = sorted(json.dumps(d.to_dict(), sort_keys=True) for d in after)
    return len(set(a) ^ set(b))
