"""Helpers for people writing gold: the JSON Schema, corpus export and new-article skeletons."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness.corpus import Corpus
from harness.model import GoldFile, fact_to_dict

SCHEMA_HEADER = "# yaml-language-server: $schema=schema.json\n"


def gold_json_schema() -> dict[str, Any]:
    """The JSON Schema of a gold file, generated from the pydantic model (editors use it to validate)."""
    schema = GoldFile.model_json_schema(by_alias=True)
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


_YYYYMMDD = re.compile(r"^(19|20)(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
_ISO = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_URL = re.compile(r"^https?://\S+$")


def skeleton(seed: Path, seeds_dir: Path) -> str:
    """A gold file for ``seed`` with the article block filled from what the text gives and no facts.

    The title is the first non-empty line; a ``YYYYMMDD`` or ``YYYY-MM-DD`` line and an ``http(s)://``
    line among the first five lines become ``published`` and ``url``.
    """
    text = seed.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = lines[0] if lines else None
    published = url = None
    for ln in lines[:5]:
        if published is None and (m := _YYYYMMDD.match(ln)):
            published = f"{ln[:4]}-{ln[4:6]}-{ln[6:]}" if m else None
        elif published is None and _ISO.match(ln):
            published = ln
        elif url is None and _URL.match(ln):
            url = ln
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
