"""Scoring predictions against gold, one article at a time.

Per article: every type's matcher sets up what it needs of the article, then, type by type, every
fact is normalised once, gold and predictions are aligned one-to-one (:func:`harness.align.align`),
and each fact gets an :class:`~harness.outcomes.Outcome` with the matcher's reason:

* a pair of full match → ``tp``; a pair of partial match → ``partial``;
* a gold fact nothing was paired with → ``fn``;
* an unpaired prediction that fully matches a gold fact another prediction took → ``duplicate``;
* an unpaired prediction matching a gold ``negative`` (page furniture, misreading) → ``negative``;
* any other unpaired prediction → ``fp``.

What each outcome counts is :func:`harness.outcomes.counted`, the one policy. Memory holds one
article's facts at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from harness.align import align, load_solver
from harness.corpus import Corpus, Entry
from harness.details import Detail, DetailLines
from harness.grounding import FURNITURE_TYPES, NO_EVIDENCE, Grounding
from harness.jsontext import encoder
from harness.lexicon import lexicon
from harness.match import Context, Level, Match, Options
from harness.match.verbs import load_tables
from harness.metrics import Counts
from harness.model import fact_to_dict
from harness.outcomes import MODES, Outcome, counted
from harness.prepared import PreparedGold, TypeGold, build_context, by_type, prepare, prepared_gold
from harness.types import REGISTRY
from harness.validate import Problem
from harness.verdicts import VerdictBook, prediction_key
from harness.workers import ordered_map

__all__ = ["MODES", "ArticleScore", "ScoreOptions", "Scored", "build_context", "decide", "decide_readings", "score_article", "score_articles"]


@dataclass
class ArticleScore:
    """Everything scoring one article produced."""

    article: str
    counts: dict[str, Counts]
    details: Sequence[Detail]
    """In order of type, then as :func:`_details` lists them; scored articles coming back from
    :func:`score_articles` hold them encoded (:class:`~harness.details.DetailLines`)."""
    confidences: dict[str, list[tuple[float | None, bool]]] = field(default_factory=dict)
    """Per type: (confidence, counted as tp) for every prediction counted as tp or fp."""
    n_gold: dict[str, int] = field(default_factory=dict)
    """Per type: required gold facts."""
    judge_stats: dict[str, int] = field(default_factory=dict)
    """What the judge did on this article: ``decisions``, ``fallbacks`` and ``fallback: <why>`` counts."""


@dataclass(frozen=True)
class ScoreOptions:
    """How to score: ``mode``, duplicate counting, evidence, and the matchers' :class:`Options`."""

    mode: str = "strict"
    count_duplicates: bool = False
    match: Options = field(default_factory=Options)
    require_evidence: bool = False
    """A prediction whose evidence is missing or not found in the article matches nothing (a false positive)."""
    judge: Any = None
    """A :class:`~harness.judges.Judge` deciding the pairs of its types in place of the matcher; None: lexical."""
    types: tuple[str, ...] | None = None
    """Score only these fact types (None: all); gold and predictions of other types are left out."""


_canonical = encoder(sort_keys=True)
"""A prediction's canonical text, its sort key: fields in name order."""


def score_article(entry: Entry, predictions: Sequence[Any], options: ScoreOptions,
                  prepared: PreparedGold | None = None) -> ArticleScore:
    """Score one article's predictions (prediction model instances) against its gold.

    ``prepared`` is the entry's gold side prepared under ``options.match`` (:mod:`harness.prepared`),
    used up by this call; None prepares it now.
    """
    prepared = prepared if prepared is not None else prepare(entry, options.match)
    ctx, preds_of = prepared.ctx, by_type(predictions)
    aid = entry.article.id
    preds_of = {t: [_located(p, entry.article.text) for p in ps] for t, ps in preds_of.items()}
    book = VerdictBook.of(entry.verdicts.verdicts) if entry.verdicts is not None else None
    counts: dict[str, Counts] = {}
    details: list[Detail] = []
    confidences: dict[str, list[tuple[float | None, bool]]] = {}
    n_gold: dict[str, int] = {}
    for ftype, kind in REGISTRY.items():
        typed, preds = prepared.types[ftype], preds_of[ftype]
        if options.types is not None and ftype not in options.types:
            typed, preds = TypeGold([], typed.negatives, [], [], [], [], typed.negatives_prep), []
        n_gold[ftype] = sum(not g.optional for g in typed.gold)
        if not typed.gold and not preds:
            counts[ftype] = Counts()
            continue
        judged = _judge_type(aid, ftype, kind.matcher, ctx, typed, preds, options.require_evidence,
                             verdicts=book, judge=options.judge)
        tp = fp = fn = 0
        conf = []
        for detail, confidence in judged:
            add = counted(detail.outcome, mode=options.mode, optional=detail.optional,
                          count_duplicates=options.count_duplicates)
            tp, fp, fn = tp + add.tp, fp + add.fp, fn + add.fn
            if add.tp:
                conf.append((confidence, True))
            elif add.fp:
                conf.append((confidence, False))
            details.append(detail)
        counts[ftype] = Counts(tp, fp, fn)
        confidences[ftype] = conf
    return ArticleScore(aid, counts, details, confidences, n_gold, dict(ctx.cache.get("judge-stats", {})))


def _located(prediction: Any, text: str) -> Any:
    """A prediction giving ``start``/``end`` offsets and no evidence quotes the article there."""
    if prediction.evidence is not None:
        return prediction
    start, end = getattr(prediction, "start", None), getattr(prediction, "end", None)
    if start is not None and end is not None and start < end <= len(text):
        return prediction.model_copy(update={"evidence": text[start:end]})
    return prediction


Compare = Callable[[Any, Any, Context], Match]
"""What decides a prepared (gold, prediction) pair: a matcher's ``compare`` or a judge's (see :mod:`harness.judges`)."""


def decide(ftype: str, matcher: Any, gold: Any, g_key: Any, p_key: Any, grounding: Grounding, ctx: Context,
           compare: Compare | None = None, *, mentions: bool = True) -> Match:
    """The verdict on one (gold fact, prediction) pair: what the evidence rules out, else the matcher's
    (or ``compare``'s: a judge in the matcher's place).

    A date read from page furniture matches no body date; a figure or date quoting another gold
    fact's mention is not this one (:mod:`harness.grounding`; ``mentions=False`` leaves that test to
    the caller). Calibration decides pairs the same way.
    """
    if grounding.furniture and ftype in FURNITURE_TYPES:
        return Match(Level.NONE, "its evidence lies in page furniture, not the article body", 0.0)
    other = ctx.index.other_mention(grounding, gold.id, ftype) if ctx.index is not None and mentions else None
    if other is not None:
        return Match(Level.NONE, f"its evidence quotes {other}, another {ftype}", 0.0)
    verdict: Match = (compare or matcher.compare)(g_key, p_key, ctx)
    return verdict


def decide_readings(ftype: str, matcher: Any, readings: Sequence[Any], keys: Sequence[Any], p_key: Any,
                    grounding: Grounding, ctx: Context, compare: Compare | None = None, *,
                    mentions: bool = True) -> Match:
    """The best verdict over a gold fact's readings (the fact, then its alternatives; :func:`decide` each).

    Ties go to the earlier reading; a verdict on an alternative says which one.
    """
    if len(readings) == 1:
        return decide(ftype, matcher, readings[0], keys[0], p_key, grounding, ctx, compare, mentions=mentions)
    verdicts = [decide(ftype, matcher, r, key, p_key, grounding, ctx, compare, mentions=mentions)
                for r, key in zip(readings, keys, strict=True)]
    k = max(range(len(verdicts)), key=lambda n: (verdicts[n].level, verdicts[n].similarity, -n))
    m = verdicts[k]
    return m if k == 0 else Match(m.level, f"{m.reason} (alternative reading {k})", m.similarity, m.decided_by)


def _judge_type(aid: str, ftype: str, matcher: Any, ctx: Context, typed: TypeGold, preds: Sequence[Any],
                require_evidence: bool = False, *, verdicts: VerdictBook | None = None,
                judge: Any = None) -> list[tuple[Detail, float | None]]:
    """Every fact of one type with its outcome and reason, and the prediction's confidence (None for gold).

    A gold fact with ``alternatives`` is matched by the best of its readings (the fact, then each
    alternative): the prediction counts as that one fact whichever reading it gives. A recorded
    verdict on a pair (:mod:`harness.verdicts`) decides it before anything else; a ``judge`` of
    this type decides in the matcher's place (falling back to it when the judge fails).
    """
    gold, readings, owner, g_flat, g_prep = typed.gold, typed.readings, typed.owner, typed.flat, typed.prep
    p_prep = [matcher.prepare_pred(p, ctx) for p in preds]
    p_dicts = [fact_to_dict(p) for p in preds]
    ground = [ctx.index.ground(p.evidence) if ctx.index is not None else NO_EVIDENCE for p in preds]
    refused = {j for j, g in enumerate(ground) if require_evidence and not g.grounded}
    if not verdicts and (judge is None or ftype not in judge.types) and len(gold) * len(preds) >= CLASS_PAIRS:
        matches = _class_matches(ftype, matcher, ctx, readings, g_prep, p_prep, p_dicts, ground, refused,
                                 [str(g.id) for g in gold])
        result = align(list(range(len(gold))), list(range(len(preds))), None,
                       required=[not g.optional for g in gold], gold_order=lambda i: str(gold[i].id),
                       pred_order=lambda j: _canonical(p_dicts[j]), matches=matches)
        return _details(aid, ftype, matcher, ctx, gold, typed.negatives_prep, preds, p_prep, p_dicts, ground,
                        refused, result, {})
    judging = judge is not None and ftype in judge.types
    candidates = {(owner[v], j) for v, j in _blocked(matcher, g_flat, p_prep, ctx, lexical=not judging)
                  if j not in refused}
    recorded: dict[tuple[int, int], Match] = {}
    if verdicts:
        index = {str(g.id): i for i, g in enumerate(gold)}
        for j, p in enumerate(preds):
            if j in refused:
                continue
            for gold_id, v in verdicts.for_key(prediction_key(p)).items():
                if gold_id in index:
                    recorded[(index[gold_id], j)] = v.match()
        candidates |= set(recorded)
    judged_by = None
    if judging:
        from harness.judges import compare_with

        judged_by = compare_with(judge, matcher)
    decided: dict[tuple[int, int], str] = {}

    def compare(i: int, j: int) -> Match:
        m = recorded.get((i, j))
        if m is None:
            m = decide_readings(ftype, matcher, readings[i], g_prep[i], p_prep[j], ground[j], ctx, judged_by)
        decided[(i, j)] = m.decided_by
        return m

    result = align(
        list(range(len(gold))),
        list(range(len(preds))),
        compare,
        required=[not g.optional for g in gold],
        gold_order=lambda i: str(gold[i].id),  # ids are required and unique in a gold file
        pred_order=lambda j: _canonical(p_dicts[j]),
        candidates=candidates,
    )
    return _details(aid, ftype, matcher, ctx, gold, typed.negatives_prep, preds, p_prep, p_dicts, ground, refused,
                    result, decided)


def _blocked(matcher: Any, gold: list[Any], preds: list[Any], ctx: Context, *, lexical: bool = True
            ) -> set[tuple[int, int]]:
    """The (gold, prediction) index pairs worth comparing: the matcher's ``candidates`` (blocking) and,
    when the matcher itself decides (``lexical``, not a judge), none its ``rules_out`` refuses."""
    pairs: set[tuple[int, int]] = matcher.candidates(gold, preds, ctx)
    rules_out = getattr(matcher, "rules_out", None) if lexical else None
    if rules_out is None:
        return pairs
    return {(i, j) for i, j in pairs if not rules_out(gold[i], preds[j])}


CLASS_PAIRS = 10_000
"""From this many (gold fact × prediction) pairs of one type in one article on, identical facts are
compared once per kind (:func:`_class_matches`) instead of pair by pair; the result is the same."""

_NOT_COMPARED = frozenset(["id", "note", "optional"])
"""Gold fields no matcher reads. Evidence is read (the claim and figure rules ask what the sentences
it quotes name), so gold facts with other evidence are other kinds."""


def _class_matches(ftype: str, matcher: Any, ctx: Context, readings: Sequence[Sequence[Any]],
                   g_prep: Sequence[Sequence[Any]], p_prep: Sequence[Any], p_dicts: Sequence[dict[str, Any]],
                   ground: Sequence[Grounding], refused: set[int], gold_ids: Sequence[str]
                   ) -> list[tuple[int, int, Match]]:
    """Every matching (gold, prediction, match) of one type, deciding identical facts once.

    Gold facts alike in every field a matcher reads (their readings included) form one kind, and so do
    predictions alike in every field; one fact of each kind stands for the rest: blocking and the
    matcher see only those, and a verdict on two kinds holds for every pair of their facts. The
    evidence test that ties a figure or date to the gold fact it quotes is then made pair by pair.
    """
    g_kinds: dict[str, list[int]] = {}
    for i, rs in enumerate(readings):
        sig = _canonical([{k: v for k, v in fact_to_dict(r).items() if k not in _NOT_COMPARED} for r in rs])
        g_kinds.setdefault(sig, []).append(i)
    p_kinds: dict[str, list[int]] = {}
    for j, d in enumerate(p_dicts):
        if j not in refused:
            p_kinds.setdefault(_canonical(d), []).append(j)
    g_groups, p_groups = list(g_kinds.values()), list(p_kinds.values())
    rep_flat = [key for members in g_groups for key in g_prep[members[0]]]
    owner = [a for a, members in enumerate(g_groups) for _ in g_prep[members[0]]]
    kinds = {(owner[v], b) for v, b in _blocked(matcher, rep_flat, [p_prep[m[0]] for m in p_groups], ctx)}
    out: list[tuple[int, int, Match]] = []
    for a, b in sorted(kinds):
        i, j = g_groups[a][0], p_groups[b][0]
        m = decide_readings(ftype, matcher, readings[i], g_prep[i], p_prep[j], ground[j], ctx, mentions=False)
        if m.level is Level.NONE:
            continue
        for jj in p_groups[b]:
            quoted = ctx.index.quoted(ground[jj], ftype) if ctx.index is not None else None
            out.extend((ii, jj, m) for ii in g_groups[a] if quoted is None or gold_ids[ii] in quoted)
    return out


def _details(aid: str, ftype: str, matcher: Any, ctx: Context, gold: Sequence[Any],
             neg_prep: Sequence[tuple[str, Any]],
             preds: Sequence[Any], p_prep: Sequence[Any], p_dicts: Sequence[dict[str, Any]],
             ground: Sequence[Grounding], refused: set[int], result: Any, decided: dict[tuple[int, int], str]
             ) -> list[tuple[Detail, float | None]]:
    """The details of one type from its alignment: pairs, missed gold, duplicates, negatives, false positives."""
    out: list[tuple[Detail, float | None]] = []
    by_gold: dict[int, str] = {}
    by_pred: dict[int, str] = {}
    for (i, j), who in sorted(decided.items()):
        if who == "matcher":
            continue  # the default: ranks lowest
        if _rank(who) > _rank(by_gold.get(i, "matcher")):
            by_gold[i] = who
        if _rank(who) > _rank(by_pred.get(j, "matcher")):
            by_pred[j] = who

    def grounded(j: int) -> bool | None:
        return ground[j].grounded

    def note(j: int, reason: str) -> str:
        if ground[j].grounded is False:
            return f"{reason}; its evidence is not in the article: {ground[j].missing!r}"
        return reason

    for i, j, m in result.pairs:
        g = gold[i]
        outcome = Outcome.TP if m.level is Level.FULL else Outcome.PARTIAL
        out.append((Detail(aid, ftype, outcome, g.id, p_dicts[j], note(j, m.reason), g.optional, grounded(j),
                           m.decided_by), preds[j].confidence))
    for i in result.unpaired_gold:
        g = gold[i]
        out.append((Detail(aid, ftype, Outcome.FN, g.id, None, "no prediction matches", g.optional,
                           decided_by=by_gold.get(i, "matcher")), None))
    paired = {i for i, _, _ in result.pairs}
    for j in result.unpaired_pred:
        hits = result.hits.get(j, [])
        confidence = preds[j].confidence
        dup = _repeat(result, j, paired)
        if dup is not None:
            out.append((Detail(aid, ftype, Outcome.DUPLICATE, gold[dup].id, p_dicts[j],
                               note(j, f"also matches {gold[dup].id}, already matched by another prediction"), False, grounded(j),
                               decided.get((dup, j), "matcher")),
                        confidence))
            continue
        neg_hit = _negative(neg_prep, matcher, p_prep[j], ground[j], ctx)
        if neg_hit is not None:
            out.append((Detail(aid, ftype, Outcome.NEGATIVE, neg_hit[0], p_dicts[j],
                               note(j, f"matches negative {neg_hit[0]} ({neg_hit[1]})"), False, grounded(j)),
                        confidence))
        elif j in refused:
            why = "no evidence" if not ground[j].quoted else "evidence not in the article"
            out.append((Detail(aid, ftype, Outcome.FP, None, p_dicts[j],
                               note(j, f"{why}, and --require-evidence is set"), False, grounded(j)), confidence))
        else:
            out.append((Detail(aid, ftype, Outcome.FP, None, p_dicts[j], note(j, _fp_reason(gold, hits, ftype)),
                               False, grounded(j), by_pred.get(j, "matcher")), confidence))
    return out


def _rank(who: str) -> int:
    """How much a decider says about an unpaired fact: a recorded verdict, then a judge, then the matcher."""
    return 2 if who == "verdict" else 1 if who.startswith("judge:") else 0


def _repeat(result: Any, j: int, paired: set[int]) -> int | None:
    """The gold fact an unpaired prediction repeats: one it matches at the level of the pair that took it.

    A second prediction of a fact already paired — fully or partially — is a duplicate alike; a
    prediction that only partially matches a fact another prediction fully matched is not a repeat.
    """
    level_of = {i: m.level for i, _, m in result.pairs}
    for i, m in result.hits.get(j, []):
        if i in paired and m.level is not Level.NONE and m.level >= level_of[i]:
            return int(i)
    return None


def _negative(negatives: Sequence[tuple[str, Any]], matcher: Any, p_key: Any, grounding: Grounding,
              ctx: Context) -> tuple[str, str] | None:
    """The gold negative an unpaired prediction matches, with the reason; its evidence decides first."""
    if ctx.index is not None and grounding.spans:
        for neg_id, neg_key in negatives:
            if ctx.index.quotes_negative(grounding, neg_id) and matcher.compare(neg_key, p_key, ctx).level:
                return neg_id, "quotes its evidence"
    for neg_id, neg_key in negatives:
        m = matcher.compare(neg_key, p_key, ctx)
        if m.level is not Level.NONE:
            return neg_id, m.reason
    return None


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


class PredictionSource(Protocol):
    """Predictions read per article, with the problems of what was read (a file's bad line, say)."""

    def read(self, article: str, /) -> tuple[Sequence[Any], list[str]]: ...


@dataclass(frozen=True)
class Scored:
    """One article's score (None when its gold was invalid) and the problems met on the way."""

    article: str
    score: ArticleScore | None
    gold_problems: tuple[Problem, ...] = ()
    prediction_problems: tuple[str, ...] = ()


def _preload() -> None:
    """What every scoring worker would otherwise load for itself, loaded once before they are forked:
    the alignment's solver and the verb tables that claim texts are read with."""
    load_solver()
    lexicon()
    load_tables()


PARALLEL_CHUNK = 16
"""Articles a worker process scores per message."""


def score_articles(corpus: Corpus, predictions: Mapping[str, Sequence[Any]] | PredictionSource,
                   options: ScoreOptions, *, jobs: int = 1,
                   progress: Callable[[int], None] | None = None) -> Iterator[Scored]:
    """Score every article of ``corpus`` in id order; an article without predictions has none.

    ``predictions`` maps article ids to parsed facts, or reads them on demand (a
    :class:`~harness.predictions.PredictionIndex`). With ``jobs`` > 1 articles are read and scored
    in that many forked processes; the scores come back in the same order, so the result never
    depends on ``jobs``. Memory holds a few chunks of articles at a time. ``progress(1)`` is called
    as each article is done. Nothing is raised for bad gold or predictions: each :class:`Scored`
    carries the problems of its article, for the caller to report.
    """
    mapping, reader = (predictions, None) if isinstance(predictions, Mapping) else (None, predictions)

    def one(article_id: str) -> Scored:
        prepared, gold_problems = prepared_gold(corpus, article_id, options.match)
        if prepared is None:
            return Scored(article_id, None, tuple(gold_problems))
        if reader is not None:
            facts, pred_problems = reader.read(article_id)
        else:
            facts, pred_problems = (mapping or {}).get(article_id) or (), []
        score = score_article(prepared.entry, facts, options, prepared)
        score.details = DetailLines(score.details)  # sent back as bytes, written out as they are
        return Scored(article_id, score, (), tuple(pred_problems))

    for scored in ordered_map(one, corpus.ids, jobs=jobs, chunk_size=PARALLEL_CHUNK, preload=_preload):
        if progress is not None:
            progress(1)
        yield scored
