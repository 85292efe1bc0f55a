"""Scoring predictions against gold, one article at a time.

Per article and type: every fact is normalised once (``prepare``), gold and predictions are aligned
one-to-one (:func:`harness.align.align`), and each fact gets an outcome with the matcher's reason:

* ``tp`` — a full match (in lenient mode, partial pairs count as tp too);
* ``partial`` — paired with a partial match: strict mode counts it as one fp and one fn;
* ``fn`` — a gold fact nothing was paired with;
* ``duplicate`` — an unpaired prediction that fully matches a gold fact another prediction took:
  listed but not counted (``count_duplicates=True`` makes it a fp);
* ``negative`` — an unpaired prediction matching a gold ``negative`` (page furniture, misreading): a fp;
* ``fp`` — any other unpaired prediction.

Optional gold facts count neither way: matched, they add no tp; missed, no fn.
Memory holds one article's facts at a time plus the counters and the details list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from harness.align import align
from harness.corpus import Corpus, Entry, GoldError
from harness.details import Detail
from harness.match import MATCHERS, Context, Level, Options
from harness.match.names import speaker_forms_of
from harness.metrics import Counts
from harness.model import FACT_TYPES, fact_to_dict
from harness.validate import Problem
from harness.workers import ordered_map

Mode = Literal["strict", "lenient"]
MODES: tuple[str, ...] = ("strict", "lenient")
OUTCOMES: tuple[str, ...] = ("tp", "fp", "fn", "partial", "duplicate", "negative")


@dataclass
class ArticleScore:
    """Everything scoring one article produced."""

    article: str
    counts: dict[str, Counts]
    details: list[Detail]
    confidences: dict[str, list[tuple[float | None, bool]]] = field(default_factory=dict)
    """Per type: (confidence, counted as tp) for every prediction counted as tp or fp."""
    n_gold: dict[str, int] = field(default_factory=dict)
    """Per type: required gold facts."""


@dataclass(frozen=True)
class ScoreOptions:
    """How to score: ``mode``, duplicate counting and the matchers' :class:`Options`."""

    mode: Mode = "strict"
    count_duplicates: bool = False
    match: Options = field(default_factory=Options)


_canonical = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
"""A prediction's canonical text, its sort key: fields in name order."""


def _gold_key(fact: Any) -> str:
    """A gold fact's canonical sort key: its id, which is required and unique in the file."""
    return str(fact.id)


def build_context(entry: Entry, options: Options) -> Context:
    """Per-article matching context: prepared gold speakers, surname owners, the text for claims."""
    ctx = Context(options=options, article_text=entry.article.text)
    for section, facts in (("facts", entry.gold.facts), ("negatives", entry.gold.negatives)):
        for fact in facts:
            if fact.type != "speaker":
                continue
            forms = speaker_forms_of(fact)
            ctx.speakers[fact.id] = forms
            if section == "facts":
                for surname in forms.surnames:
                    ctx.surname_owners.setdefault(surname, set()).add(fact.id)
    ctx.cache["claim-gold-texts"] = [f.text for f in entry.gold.facts if f.type == "claim"]
    return ctx


def score_article(entry: Entry, predictions: Sequence[Any], options: ScoreOptions) -> ArticleScore:
    """Score one article's predictions (prediction model instances) against its gold."""
    ctx = build_context(entry, options.match)
    aid = entry.article.id
    strict = options.mode == "strict"
    counts: dict[str, Counts] = {}
    details: list[Detail] = []
    confidences: dict[str, list[tuple[float | None, bool]]] = {}
    n_gold: dict[str, int] = {}
    for ftype in FACT_TYPES:
        matcher = MATCHERS[ftype]
        gold = [f for f in entry.gold.facts if f.type == ftype]
        preds = [p for p in predictions if p.type == ftype]
        negatives = [f for f in entry.gold.negatives if f.type == ftype]
        n_gold[ftype] = sum(not g.optional for g in gold)
        if not gold and not preds:
            counts[ftype] = Counts()
            continue
        g_prep = [matcher.prepare_gold(g, ctx) for g in gold]
        p_prep = [matcher.prepare_pred(p, ctx) for p in preds]
        p_dicts = [fact_to_dict(p) for p in preds]
        blocking = getattr(matcher, "candidates", None)
        result = align(
            g_prep,
            p_prep,
            lambda g, p, m=matcher: m.compare(g, p, ctx),  # type: ignore[misc]
            required=[not g.optional for g in gold],
            gold_order=[_gold_key(g) for g in gold],
            pred_order=[_canonical(d) for d in p_dicts],
            candidates=blocking(g_prep, p_prep, ctx) if blocking is not None else None,
        )
        tp = fp = fn = 0
        conf: list[tuple[float | None, bool]] = []
        for i, j, m in result.pairs:
            g = gold[i]
            if m.level is Level.FULL or not strict:
                outcome = "tp" if m.level is Level.FULL else "partial"
                if not g.optional:
                    tp += 1
                    conf.append((preds[j].confidence, True))
            else:
                outcome = "partial"
                fp += 1
                conf.append((preds[j].confidence, False))
                if not g.optional:
                    fn += 1
            details.append(Detail(aid, ftype, outcome, g.id, p_dicts[j], m.reason, g.optional))
        for i in result.unpaired_gold:
            g = gold[i]
            if not g.optional:
                fn += 1
            details.append(Detail(aid, ftype, "fn", g.id, None, "no prediction matches", g.optional))
        paired = {i for i, _, _ in result.pairs}
        neg_prep = [(neg.id, matcher.prepare_gold(neg, ctx)) for neg in negatives]
        for j in result.unpaired_pred:
            hits = result.hits.get(j, [])
            dup = next((i for i, m in hits if i in paired and m.level is Level.FULL), None)
            if dup is not None:
                if options.count_duplicates:
                    fp += 1
                    conf.append((preds[j].confidence, False))
                details.append(Detail(aid, ftype, "duplicate", gold[dup].id, p_dicts[j],
                                      f"also matches {gold[dup].id}, already matched by another prediction"))
                continue
            neg_hit = None
            p = p_prep[j]
            for neg_id, neg_key in neg_prep:
                m = matcher.compare(neg_key, p, ctx)
                if m.level is not Level.NONE:
                    neg_hit = (neg_id, m.reason)
                    break
            fp += 1
            conf.append((preds[j].confidence, False))
            if neg_hit is not None:
                details.append(Detail(aid, ftype, "negative", neg_hit[0], p_dicts[j],
                                      f"matches negative {neg_hit[0]} ({neg_hit[1]})"))
            else:
                details.append(Detail(aid, ftype, "fp", None, p_dicts[j], _fp_reason(gold, hits, ftype)))
        counts[ftype] = Counts(tp, fp, fn)
        confidences[ftype] = conf
    return ArticleScore(aid, counts, details, confidences, n_gold)


def _fp_reason(gold: Sequence[Any], hits: Sequence[tuple[int, Any]], ftype: str) -> str:
    """Why an unpaired prediction is a false positive, naming the nearest gold fact when there is one.

    ``hits`` are the (gold index, match) pairs the prediction matched at least partially, by index.
    """
    if not gold:
        return f"the article has no gold {ftype} facts"
    if not hits:
        return f"no gold {ftype} matches"
    best, m = max(hits, key=lambda t: (t[1].level, t[1].similarity, -t[0]))
    return f"{m.reason} with {gold[best].id}, which another prediction matched better"


class _Reader(Protocol):
    def read(self, article: str, /) -> tuple[Sequence[Any], list[str]]: ...

    def record(self, problems: Sequence[str], /) -> None: ...


PARALLEL_CHUNK = 16
"""Articles a worker process scores per message."""


def score_articles(corpus: Corpus, predictions: Mapping[str, Sequence[Any]] | _Reader,
                   options: ScoreOptions, *, jobs: int = 1,
                   progress: Callable[[int], None] | None = None) -> Iterator[ArticleScore]:
    """Score every article of ``corpus`` in id order; an article without predictions has none.

    ``predictions`` maps article ids to parsed facts, or reads them on demand (a
    :class:`~harness.predictions.PredictionIndex`, which collects the problems of bad lines).
    With ``jobs`` > 1 articles are read and scored in that many forked processes; the scores come
    back in the same order, so the result never depends on ``jobs``. Memory holds a few chunks of
    articles at a time. ``progress(1)`` is called as each article is done. Raises
    :class:`~harness.corpus.GoldError` at the end when gold files were invalid.
    """
    mapping, reader = (predictions, None) if isinstance(predictions, Mapping) else (None, predictions)

    def one(article_id: str) -> tuple[ArticleScore | None, list[Problem], list[str]]:
        entry, gold_problems = corpus.check(article_id)
        if entry is None:
            return None, gold_problems, []
        if reader is not None:
            facts, pred_problems = reader.read(article_id)
        else:
            facts, pred_problems = (mapping or {}).get(article_id) or (), []
        return score_article(entry, facts, options), [], pred_problems

    corpus.problems = []
    for score, gold_problems, pred_problems in ordered_map(one, corpus.ids, jobs=jobs, chunk_size=PARALLEL_CHUNK):
        corpus.problems.extend(gold_problems)
        if reader is not None:
            reader.record(pred_problems)
        if progress is not None:
            progress(1)
        if score is not None:
            yield score
    if corpus.problems:
        raise GoldError(corpus.problems)
