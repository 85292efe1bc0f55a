"""Helpers for people writing gold: the JSON Schema, corpus export and new-article skeletons."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import yaml

from harness.corpus import Corpus
from harness.model import Article, GoldFile, fact_to_dict
from harness.types import REGISTRY

SCHEMA_HEADER = "# yaml-language-server: $schema=schema.json\n"


_FULL_DATE = (r"\d{4}-(0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|\d{4}-(0[469]|11)-(0[1-9]|[12]\d|30)"
              r"|\d{4}-02-(0[1-9]|1\d|2[0-8])|(\d{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29")
FULL_DATE_PATTERN = f"^({_FULL_DATE})$"
"""A calendar-valid YYYY-MM-DD (leap years included): what ``validate`` accepts, for editors."""
PARTIAL_DATE_PATTERN = rf"^(\d{{4}}|\d{{4}}-(0[1-9]|1[0-2])|{_FULL_DATE})$"
LENIENT_BOOLEAN = {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}, {
    "type": "string", "pattern": "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy]([Ee][Ss])?|[Nn][Oo]?|[Oo][Nn]|[Oo][Ff][Ff]"
                                 "|[TtFf]|1|0)$"}]}
"""What ``validate`` reads as a boolean (pydantic's lax booleans: true/false, yes/no, on/off, 1/0 …)."""


def _editor_friendly(node: Any) -> Any:
    """The same rules as ``validate``: calendar dates, lax booleans, and a plain ``oneOf`` (no OpenAPI
    ``discriminator``, which JSON Schema validators do not read)."""
    if isinstance(node, list):
        return [_editor_friendly(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _editor_friendly(v) for k, v in node.items() if k != "discriminator"}
    if out.get("type") == "boolean":
        extra = {k: v for k, v in out.items() if k != "type"}
        return {**LENIENT_BOOLEAN, **extra}
    if out.get("format") == "date" and out.get("type") == "string":
        out["pattern"] = FULL_DATE_PATTERN
    if out.get("pattern") == r"^\d{4}(-\d{2}(-\d{2})?)?$":
        out["pattern"] = PARTIAL_DATE_PATTERN
    return out


def gold_json_schema() -> dict[str, Any]:
    """The JSON Schema of a gold file, generated from the pydantic model (editors use it to validate)."""
    schema: dict[str, Any] = _editor_friendly(GoldFile.model_json_schema(by_alias=True))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "fact-harness gold file"
    return schema


def schema_text() -> str:
    """The schema as committed in ``gold/schema.json``: 2-space indented, trailing newline."""
    return json.dumps(gold_json_schema(), indent=2, ensure_ascii=False) + "\n"


def export_records(corpus: Corpus) -> Iterator[dict[str, Any]]:
    """One record per article in id order: ``article`` id, its metadata and text, gold ``facts``, ``negatives``.

    Facts keep their gold form (``speaker`` fields are speaker-fact ids).
    """
    for entry in corpus:
        a = entry.article
        yield {
            "article": a.id,
            "title": a.title,
            "published": a.published,
            "url": a.url,
            "outlet": a.outlet,
            "text": a.text,
            "facts": [fact_to_dict(f) for f in entry.gold.facts],
            "negatives": [fact_to_dict(f) for f in entry.gold.negatives],
        }


def write_export(corpus: Corpus, out: TextIO, *, format: str = "jsonl") -> None:
    """Write :func:`export_records` to ``out`` one record at a time (memory holds one article).

    ``jsonl``: one compact record per line. ``json``: one 2-space indented array, byte for byte what
    ``json.dumps(records, indent=2)`` gives, plus a final newline.
    """
    records = export_records(corpus)
    if format == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    first = True
    for record in records:
        out.write(("[\n" if first else ",\n") + textwrap.indent(json.dumps(record, indent=2, ensure_ascii=False), "  "))
        first = False
    out.write("[]\n" if first else "\n]\n")


_YYYYMMDD = re.compile(r"^(19|20)(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
_ISO = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_URL = re.compile(r"^https?://\S+$")


def seed_article(seed: Path) -> Article:
    """An article from a seed text: id from the file stem; the title is the first non-empty line; a
    ``YYYYMMDD`` or ``YYYY-MM-DD`` line and an ``http(s)://`` line among the first five lines give
    ``published`` and ``url``."""
    text = seed.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = lines[0] if lines else None
    published = url = None
    for ln in lines[:5]:
        if published is None and _YYYYMMDD.match(ln):
            published = f"{ln[:4]}-{ln[4:6]}-{ln[6:]}"
        elif published is None and _ISO.match(ln):
            published = ln
        elif url is None and _URL.match(ln):
            url = ln
    return Article(id=seed.stem, text=text, title=title, published=published, url=url)


def skeleton(seed: Path, seeds_dir: Path) -> str:
    """A gold file for ``seed`` with the article block filled from what the text gives (see
    :func:`seed_article`) and no facts."""
    article = seed_article(seed)
    title, published, url = article.title, article.published, article.url
    try:
        rel = seed.resolve().relative_to(seeds_dir.resolve()).as_posix()
    except ValueError:
        rel = seed.name
    out = [SCHEMA_HEADER, "article:\n", f"  id: {json.dumps(seed.stem)}\n", f"  file: {json.dumps(rel)}\n"]
    if title:
        out.append(f"  title: {json.dumps(title, ensure_ascii=False)}\n")
    out.append("  outlet: null  # who published it\n")
    out.append(f"  url: {json.dumps(url)}\n" if url else "  url: null\n")
    out.append(f"  published: {published}\n" if published else "  published: null  # YYYY-MM-DD; say in note if inferred\n")
    out.append("furniture: []  # verbatim passages that are not article body\n")
    out.append("facts: []  # see gold/GUIDELINES.md\n")
    out.append("negatives: []\n")
    return "".join(out)


def _slug(text: str, limit: int = 40) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].strip("-") or "x"


_PREFIX = {name: kind.id_prefix for name, kind in REGISTRY.items()}


def draft_gold(seed: Path, seeds_dir: Path, facts: list[dict[str, Any]], extractor: str) -> str:
    """Draft gold YAML for ``seed`` from an extractor's facts, for a person to correct.

    Ids are generated from each fact's type and main value; ``speaker`` names in figures and claims
    become speaker-fact ids (a speaker fact is added when the extractor gave none); evidence is the
    extractor's quote when it occurs in the article, else a ``TODO`` that ``validate`` rejects until
    someone quotes the article. Every fact carries a ``review`` field (and a ``# REVIEW`` comment) that
``validate --strict`` rejects until a person deletes it. Prediction-only fields
    (``confidence``) are dropped.
    """
    text = seed.read_text(encoding="utf-8")
    from harness.evidence import FoldedText

    folded = FoldedText.of(text)
    taken: set[str] = set()

    def new_id(kind: str, main: object) -> str:
        base = f"{_PREFIX[kind]}-{_slug(str(main))}"
        candidate, k = base, 2
        while candidate in taken:
            candidate, k = f"{base}-{k}", k + 1
        taken.add(candidate)
        return candidate

    speakers: dict[str, str] = {}  # name → id
    drafted: list[tuple[dict[str, Any], str]] = []

    def evidence_for(fact: dict[str, Any]) -> str | list[str]:
        quotes = [fact["evidence"]] if isinstance(fact.get("evidence"), str) else list(fact.get("evidence") or [])
        found = [q for q in quotes if folded.contains(q)]
        if not found:
            return "TODO: quote the article"
        return found[0] if len(found) == 1 else found

    def speaker_id(name: str) -> str:
        if name not in speakers:
            sid = new_id("speaker", name)
            speakers[name] = sid
            drafted.append(({"id": sid, "type": "speaker", "name": name, "evidence": evidence_for({"evidence": name})},
                            "added for a figure or claim that names this speaker"))
        return speakers[name]

    for fact in facts:
        if fact.get("type") == "speaker" and fact.get("name") not in speakers:
            speakers[fact["name"]] = new_id("speaker", fact["name"])
    for fact in facts:
        kind = fact.get("type", "")
        if kind not in _PREFIX:
            continue
        d = {k: v for k, v in fact.items() if k not in ("confidence", "id", "evidence") and v not in (None, [], "")}
        main = {"figure": f"{fact.get('value')}-{fact.get('unit')}", "date": fact.get("value"),
                "claim": f"{fact.get('speaker')}-{fact.get('text', '')[:30]}"}.get(kind, fact.get("name"))
        if kind == "speaker":
            fid = speakers[fact["name"]]
        else:
            fid = new_id(kind, main)
            if "speaker" in REGISTRY[kind].references and fact.get("speaker"):
                d["speaker"] = speaker_id(str(fact["speaker"]))
        if kind == "figure" and not d.get("approx"):
            d.pop("approx", None)
        conf = fact.get("confidence")
        note = f"from {extractor}" + (f", confidence {conf}" if conf is not None else "")
        drafted.append(({"id": fid, **d, "evidence": evidence_for(fact)}, note))
    drafted = [({**fact, "review": note}, note) for fact, note in drafted]
    out = [skeleton(seed, seeds_dir).replace("facts: []  # see gold/GUIDELINES.md\n", "facts:\n")]
    out[0] = out[0].replace(SCHEMA_HEADER, SCHEMA_HEADER + f"# DRAFT from the extractor {extractor!r}: every fact needs review "
                            "(gold/GUIDELINES.md), then delete its review field.\n", 1)
    if not drafted:
        out[0] = out[0].replace("facts:\n", "facts: []  # the extractor found nothing\n")
    body = []
    for fact, note in drafted:
        block = yaml.safe_dump([fact], sort_keys=False, allow_unicode=True, width=100)
        lines = block.splitlines()
        body.append(f"  # REVIEW ({note})\n" + "".join(f"  {ln}\n" for ln in lines))
    text_out = out[0]
    if body:
        head, _, tail = text_out.partition("facts:\n")
        text_out = head + "facts:\n" + "".join(body) + tail
    return text_out
