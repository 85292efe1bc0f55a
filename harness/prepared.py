"""An article's gold side prepared for matching: built once per article, or read back from the gold cache.

Preparing is everything scoring does before it looks at a prediction: the article's evidence index,
every type's matcher set up with its gold and negatives (the claim matcher's idf is fitted on the
article's sentences here), and every gold fact, alternative reading and negative normalised. It
depends only on the gold file (its verdicts included), the seed, the matching options and the
code, so the compiled gold cache keeps it (:meth:`~harness.goldcache.GoldCache.load_prepared`)
and a repeated run starts scoring from it.

A prepared article is used once: scoring adds its per-article memos to the context.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from typing import Any

from harness.corpus import Corpus, Entry
from harness.grounding import ArticleIndex
from harness.match import Context, Options
from harness.types import REGISTRY
from harness.validate import Problem


@dataclass
class TypeGold:
    """One type's gold facts and negatives with their prepared forms."""

    gold: list[Any]
    negatives: list[Any]
    readings: list[list[Any]]
    """Per gold fact: the fact, then its alternatives."""
    owner: list[int]
    """Per reading of ``flat``: the index of its gold fact."""
    flat: list[Any]
    """Every reading prepared, in order (what blocking sees)."""
    prep: list[list[Any]]
    """Per gold fact: its readings prepared."""
    negatives_prep: list[tuple[str, Any]]
    """(id, prepared form) of every negative."""


@dataclass
class PreparedGold:
    """An article's entry, its matching context after every matcher's setup, and each type's gold."""

    entry: Entry
    ctx: Context
    types: dict[str, TypeGold]


def by_type(facts: Sequence[Any]) -> dict[str, list[Any]]:
    """``facts`` by their type, every registered type present (in registry order)."""
    out: dict[str, list[Any]] = {t: [] for t in REGISTRY}
    for f in facts:
        out[f.type].append(f)
    return out


def build_context(entry: Entry, options: Options) -> Context:
    """The article's matching context: its evidence index, every type's matcher set up with that type's
    gold and negatives."""
    index = ArticleIndex.of(entry.article.text, entry.gold.furniture, entry.gold.facts, entry.gold.negatives)
    ctx = Context(options=options, article_text=entry.article.text, index=index)
    gold_of, negs_of = by_type(entry.gold.facts), by_type(entry.gold.negatives)
    for t, kind in REGISTRY.items():
        kind.matcher.setup(ctx, gold_of[t], negs_of[t])
    return ctx


def prepare(entry: Entry, options: Options) -> PreparedGold:
    """The article's gold side prepared under ``options`` (see the module docstring)."""
    ctx = build_context(entry, options)
    gold_of, negs_of = by_type(entry.gold.facts), by_type(entry.gold.negatives)
    types: dict[str, TypeGold] = {}
    for t, kind in REGISTRY.items():
        matcher, gold = kind.matcher, gold_of[t]
        readings = [g.readings() if hasattr(g, "readings") else [g] for g in gold]
        owner = [i for i, rs in enumerate(readings) for _ in rs]
        flat = [matcher.prepare_gold(r, ctx) for rs in readings for r in rs]
        prep = [[k for o, k in zip(owner, flat, strict=True) if o == i] for i in range(len(gold))]
        negatives = [(neg.id, matcher.prepare_gold(neg, ctx)) for neg in negs_of[t]]
        types[t] = TypeGold(gold, negs_of[t], readings, owner, flat, prep, negatives)
    return PreparedGold(entry, ctx, types)


def options_tag(options: Options) -> str:
    """A file-name-safe name of the matching options a prepared entry was made under."""
    return "-".join(repr(v) for v in astuple(options)).replace("/", "_")


def prepared_gold(corpus: Corpus, article_id: str, options: Options) -> tuple[PreparedGold | None, list[Problem]]:
    """The article's prepared gold side — from the corpus's gold cache when it holds it, else prepared
    now (and stored there) — or None and the problems of its gold file."""
    cache, path = corpus.gold_cache, corpus.gold_path(article_id)
    tag = options_tag(options)
    if cache is not None:
        data = cache.load_prepared(path, corpus.seeds_dir, tag)
        if data is not None:
            try:
                found = pickle.loads(data)
            except Exception:  # an entry that cannot be read back is prepared afresh
                found = None
            if isinstance(found, PreparedGold):
                found.entry = dataclasses.replace(found.entry, path=path)  # the gold directory may have moved
                return found, []
    entry, problems = corpus.check(article_id, store=False)
    if entry is None:
        return None, problems
    prepared = prepare(entry, options)
    if cache is not None:
        cache.store_prepared(path, corpus.seeds_dir, entry.gold.article.file, entry.article.text, tag,
                             pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
    return prepared, []


__all__ = ["PreparedGold", "TypeGold", "build_context", "by_type", "options_tag", "prepare", "prepared_gold"]
