"""Claims: who claimed what.

Rule: **full** — the speaker matches (the name rule, against the gold claim's speaker fact) *and* the
texts make the same assertion; **partial** — the same assertion under another speaker (or none
that matches); **none** — anything else: a claim by the right speaker that asserts something else
is no match at all, so an extractor cannot earn credit with the right speaker and any text.

Two texts make the same assertion when all of these hold:

1. **polarity** — both are negative or both are not: an assertion and its negation never match.
   Negative words and phrases ("not", "never", "denied", "ruled out", "unfounded" …) are listed in
   ``harness/data/lexicon.yaml``; phrases holding a negative word that deny nothing ("not only", "no
   doubt", "could not be ruled out", its ``not_negations``) are read first, as one unit, and count as
   neither; contractions are read before anything, including the forms a scrape without apostrophes
   leaves ("doesnt"). A condition is part of the assertion: when one text states it
   on a condition, or with a reason or purpose (``conditions`` in the lexicon: "unless provoked",
   "in case Kyiv tries …", "because it lacks the means", "in order to prepare an attack") and
   the other states none and has no word of it, they differ ("would never invade Ukraine under any
   circumstances"); so do two conditions brought about by different actors ("unless provoked by
   Ukraine" / "unless provoked by NATO");
2. **numbers** — when both texts state numbers, they share at least one ("90,000" never meets
   "100,000"), or a number the prediction writes with a unit converts to one the gold writes with
   another at the precision the gold wrote it ("260 km" is "about 160 miles": 161.6 rounds to 160,
   as for figures);
3. **roles** (:mod:`harness.match.roles`) — the actors both texts name (Russia, Ukraine, NATO …
   with their adjectives and capitals, from the lexicon) appear in the same order, and neither text
   swaps one actor for another ("Russia threatens Ukraine" is not "Ukraine threatens Russia"); the
   order counts when the other words keep theirs (``SAME_FRAME``), for a sentence turned round
   reorders its actors;
   nor do words change sides of a verb both texts turn on, one from after it to before it and
   another the other way ("its fighter forced a British plane" / "a British plane forced a Russian
   fighter"), unless either text has "by", as a passive does; no actor stands in the very place of
   another, the words around it the same ("does not suggest Moscow is planning" / "… Ukraine is
   planning"; "partners, including the UK and the US" / "partners, including Russia") — a passive
   with the same actors excepted; neither names one place or body (a capitalised word inside
   the text, no actor) in place of one the other names ("the Baltic Sea" for "the Black Sea"); and
   the prediction names no place or body that neither the gold text, the article's sentences the
   gold's evidence quotes, nor the article's speakers name ("stationed in Crimea" where the article
   says "in rebel-controlled areas"; days and months, and a headline's capitals, aside);
4. **wording** — the texts are similar: the larger of the TF-IDF cosine and 0.8 × the idf-weighted
   share of the shorter text's terms found in the longer one (this only when the longer has at most
   six times the shorter's distinct terms: a pasted paragraph does not make a claim by containing
   its words) is at least ``claim_similarity`` (default 0.35: the value that agrees best with the
   readers on the dev pairs, with the lexicon's synonyms and without them), or ``EVIDENCE_ALLOWANCE``
   (0.1) less when the prediction's evidence, found in the article, overlaps the gold claim's
   evidence (the extractor read that passage; every other rule still holds), so a faithful paraphrase
   of half of a two-part quote still counts; a predicted text of one content word ("Russia"), or of
   more than six times the gold's, makes no claim at all;
5. **the closest assertion** — no other gold claim of the article fits the prediction's text
   clearly better (by ``CLOSER_MARGIN``, 0.1), whether the prediction makes its assertion or
   contradicts it (opposite words, other numbers, a bound the other way round): a prediction saying
   what the speaker said elsewhere in the article is that other claim, not a loose paraphrase of
   this one, and one turning that other claim round ("few commanding positions" for "all") is
   about it too.
6. **reality** — neither text states as possible what the other states as certain or done, nor as
   done what the other states as to come ("may invade" / "will invade"; "must safeguard" /
   "has already safeguarded"), no verb both texts use is still to come in one and done in the other
   ("will speak" / "spoke"), neither is wholly to come while the other is going on or done ("will
   begin talks next month" / "is discussing"; the lexicon's ``time_markers`` count with the verbs),
   neither is marked as now while the other is marked as past ("currently" / "in the past";
   :mod:`harness.match.verbs`), and no number is a bound the other way
   round ("close to 100,000" / "more than 100,000").

Opposite words (``antonyms`` in the lexicon: "worrying" / "reassuring") count as a change of
polarity; so a negative text with one of a pair of ``complements`` and a text with the other and no
negation make one assertion ("not exactly reassuring" / "rather worrying"; "have not left" /
"have remained"), which words of degree and change never do ("did not increase" is not
"decreased"). Each text is also tried clause by clause (split at ";", ":", dashes, "but", ", with"), so
a prediction bundling two assertions makes each of them — unless a pair of parts that contradict
(opposite words, numbers, bounds; not polarity, for a negation often bears on another part's
assertion) fits better than every pair that matches: "our allies take defiant action" does not make
the first half of a gold claim whose second half says "our opponents take defiant action"; and what a reporting frame reports is a
reading of its own ("Blinken said that Russia may invade"), unless the frame negates or hedges it
("Blinken said it was unlikely that …", "Moscow denied that …"): the frame is then part of the
assertion. "Going to" before a verb is an auxiliary, as "will" is, not a word of the assertion.

Words are compared (as :mod:`harness.match.reading` reads them) after the lexicon's synonyms are
folded together (troops = soldiers = forces; buildup = massing = concentration …), English stop
words removed and the rest stemmed with the Snowball English stemmer (troops/troop, invade/invading,
intends/intention). TF-IDF is fitted once per article on its sentences and gold claim texts
(smoothed idf ``ln((1 + n) / (1 + df)) + 1``, sublinear term frequency, rows L2-normalised —
scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``; the tests check it against scikit-learn), so
words the article uses everywhere weigh less.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from harness.lexicon import lexicon
from harness.match.base import NO_MATCH, Context, Level, Match
from harness.match.frames import clauses, framed
from harness.match.mentioned import calendar, known_names, new_names, title_case
from harness.match.names import NameForms, match_names, name_candidates
from harness.match.reading import SENTENCE, Reading, analyze, converted, read
from harness.match.roles import ACTOR, in_order, own_names, replaced_actor, same_frame, swapped_around
from harness.match.tfidf import COVERAGE_REACH, Weighted, idf_of, similarity, vector
from harness.match.verbs import time_differs
from harness.model import evidence_list

SPEAKER_BLOCKING = 400
"""From this many (gold speaker × predicted speaker) pairs of distinct names in one blocking call on,
the claim matcher finds the speaker pairs that can match by the name rule's blocking first."""

EVIDENCE_ALLOWANCE = 0.1
"""How much lower the similarity a claim needs when its evidence, found in the article, overlaps
the gold claim's evidence (rule 4): 0.25 at the default threshold."""

CLOSER_MARGIN = 0.1
"""How much better another gold claim must fit a prediction's text for this one to be refused (rule 5)."""


_SAME_ROOT = 5
"""Terms sharing their first five letters count as one for the condition rule (provok / provoc)."""


def _dropped_condition(g: Reading, p: Reading) -> str | None:
    """Why two texts differ in their conditions: one states its assertion on a condition the other
    has no word of (rule 1: "never invade unless provoked" / "never invade"); None when they agree."""
    for this, other, why in ((g, p, "the gold states it on a condition the prediction drops"),
                             (p, g, "the prediction states it on a condition the gold does not")):
        if this.condition and other.condition is None:
            roots = {t[:_SAME_ROOT] for t in other.terms}
            if not any(t[:_SAME_ROOT] in roots for t in this.condition):
                return why
    if g.condition_actors and p.condition_actors and g.condition_actors.isdisjoint(p.condition_actors):
        theirs, mine = (", ".join(sorted(a.lstrip(ACTOR) for a in x.condition_actors)) for x in (g, p))
        return f"the condition names another actor ({mine}) than the gold's ({theirs})"
    return None


def _modality_differs(g: Reading, p: Reading) -> tuple[str, str] | None:
    """The two kinds of reality two texts give their assertion when they conflict (rule 6), else None:
    a possibility is not a certainty or a fact, and a thing done is not one to be done."""
    for a, b in (("possible", "certain"), ("possible", "done"), ("done", "certain")):
        for x, y in ((g, p), (p, g)):
            if a in x.modality and a not in y.modality and b in y.modality and b not in x.modality:
                return (a, b) if x is g else (b, a)
    return None


@dataclass(frozen=True)
class Text(Weighted):
    """One claim text (or clause) prepared for comparison: its TF-IDF vector and term weights, and
    its reading."""

    reading: Reading = field(kw_only=True)


@dataclass(frozen=True)
class ClaimKey:
    speaker: NameForms | None
    parts: tuple[Text, ...]
    """The whole text first, then its clauses (when it has several)."""
    text: str
    id: str | None = None
    """The gold claim's id (None for a prediction)."""
    quotes: tuple[str, ...] = ()
    """(Gold) its evidence quotes: the article's sentences they are in say what a prediction may
    name (rule 3, :func:`_new_names`)."""
    quoting: frozenset[str] = frozenset()
    """(Prediction) the gold claims whose evidence its own evidence overlaps, found in the article
    (rule 4's allowance)."""

    @property
    def weights(self) -> dict[str, float]:
        return self.parts[0].weights


def idf_weights(docs: Iterable[str]) -> dict[str, float]:
    """The idf of every term of ``docs`` (texts read by :func:`analyze`; :func:`~harness.match.tfidf.idf_of`).
    With no terms at all (no documents, or only stop words) no two texts are similar."""
    return idf_of(analyze(doc) for doc in docs)


def tfidf_vector(text: str | Reading, idf: dict[str, float]) -> dict[str, float]:
    """The TF-IDF vector (:func:`~harness.match.tfidf.vector`) of ``text``, or of a text's reading,
    whose terms are its :func:`analyze` terms."""
    return vector(text.terms if isinstance(text, Reading) else analyze(text), idf)


def _idf(ctx: Context) -> dict[str, float]:
    """The article's idf, fitted once on its sentences and gold claim texts."""
    idf = ctx.cache.get("claim-idf")
    if idf is None:
        docs = [s for s in SENTENCE.split(ctx.article_text) if s.strip()]
        docs.extend(ctx.cache.get("claim-gold-texts", []))
        idf = ctx.cache["claim-idf"] = idf_weights(docs)
    return idf


MIN_TERMS = 2
"""The fewest distinct content words a predicted claim text needs to assert anything, a negation
counting as one (rule 4): "Russia" or "troops" alone states nothing, whatever gold claim holds the
word; "Russia threatens no one" and "the concerns as unfounded" do."""


def _refused(g: Reading, p: Reading) -> bool:
    """Whether :func:`_same` refuses two readings whatever their similarity, by the two tests it makes
    on them alone that need nothing else read: polarity (rule 1) and numbers (rule 2)."""
    return (g.negative != p.negative and not _complemented(g, p)) or _numbers_differ(g, p)


def _complemented(g: Reading, p: Reading) -> tuple[str, str] | None:
    """The complementary opposite words (lexicon ``complements``) by which the one negative text says
    what the other says: (the negated word, the other's word) — "not reassuring" / "worrying"."""
    if g.negative == p.negative:
        return None
    neg, pos = (g, p) if g.negative else (p, g)
    partners = lexicon().complement_partners
    only_pos = pos.heads - neg.heads
    found: tuple[str, str] | None = None
    for a in neg.heads - pos.heads:  # the first pair in name order: the least word, then its least partner
        theirs = partners.get(a)
        if theirs is not None and (found is None or a < found[0]):
            shared = theirs & only_pos
            if shared:
                found = (a, min(shared))
    return found


def _numbers_differ(g: Reading, p: Reading) -> bool:
    """Rule 2: both texts state numbers and share none, and no quantity of the prediction converts to
    one of the gold's at the precision the gold wrote it with (as for figures)."""
    if not g.numbers or not p.numbers or g.numbers & p.numbers:
        return False
    return not (g.quantities and p.quantities and converted(g, p))


def _contradiction(g: Reading, p: Reading, complement: tuple[str, str] | None = None) -> str | None:
    """Why two readings say opposite things of one matter — opposite words, other numbers, or a bound
    the other way round (rules 1, 2 and 6) — or None when they do not. A difference in polarity is
    not one: a negation often bears on what another part of the text asserts ("claims of an assault
    are provocative; Russia has no plans to attack")."""
    opposite = None
    if not g.opposed.isdisjoint(p.heads):
        antonyms = lexicon().antonyms
        cancelled = {complement, complement[::-1]} if complement else set()
        opposite = next(((a, b) for a in sorted(g.heads - p.heads) for b in sorted(p.heads - g.heads)
                         if (a, b) in antonyms and (a, b) not in cancelled), None)
    if opposite is not None:
        return f"opposite words: {opposite[1]!r} against the gold's {opposite[0]!r}"
    if _numbers_differ(g, p):
        return f"numbers differ ({_nums(p.numbers)} vs gold {_nums(g.numbers)})"
    side = {"<": "below", ">": "above"}
    crossed = next(((v, s) for v, s in p.bounds if (v, "<" if s == ">" else ">") in g.bounds), None)
    if crossed is not None:
        value, mine = crossed
        theirs = "<" if mine == ">" else ">"
        return f"the prediction puts {_nums(frozenset([value]))} {side[mine]} where the gold is {side[theirs]} it"
    return None


def _same(g: Reading, p: Reading, sim: float, threshold: float) -> tuple[bool, str]:
    """Rules 1–4 for two readings whose similarity is ``sim`` (the first refusals are :func:`_refused`'s)."""
    complement = _complemented(g, p)
    if g.negative != p.negative and complement is None:
        which = "the gold" if g.negative else "the prediction"
        return False, f"polarity differs: only {which} text is negative"
    contradiction = _contradiction(g, p, complement)
    if contradiction is not None:
        return False, contradiction
    modal = _modality_differs(g, p)
    if modal is not None:
        return False, f"the prediction states as {modal[1]} what the gold states as {modal[0]}"
    when = time_differs(g.times, p.times)
    if when is not None:
        if when[0] == "its time":
            return False, f"the prediction puts its assertion as {when[2]} where the gold's is {when[1]}"
        return False, f"the prediction has {when[0]!r} {when[2]} where the gold has it {when[1]}"
    if not in_order(g.actors, p.actors) and same_frame(g, p):
        return False, "roles reversed: the actors come in the opposite order"
    dropped = _dropped_condition(g, p)
    if dropped is not None:
        return False, dropped
    swapped = swapped_around(g, p)
    if swapped is not None:
        return False, (f"roles reversed: {swapped[1]!r} and {swapped[2]!r} change sides of {swapped[0]!r}")
    only_g, only_p = g.actor_set - p.actor_set, p.actor_set - g.actor_set
    names_g, names_p = own_names(g, p), own_names(p, g)
    if len(names_g) == 1 and len(names_p) == 1:
        return False, f"another name ({next(iter(names_p))}) in place of the gold's ({next(iter(names_g))})"
    if len(only_g) == 1 and len(only_p) == 1:
        return False, f"another actor ({next(iter(only_p))}) in place of the gold's ({next(iter(only_g))})"
    replaced = replaced_actor(g, p)
    if replaced is not None:
        return False, f"another actor ({replaced[1]}) where the gold has {replaced[0]}"
    if sim < threshold:
        return False, f"text similarity {sim:.2f} < {threshold}"
    return True, f"text similarity {sim:.2f}"


class Assertion(NamedTuple):
    """What :func:`same_assertion` found for two claim texts."""

    said: bool
    """Whether they make one assertion."""
    why: str
    similarity: float
    contradicts: bool = False
    """Whether a part of the prediction contradicts a part of the gold it is as alike as a match is
    (:func:`_contradiction`, at a similarity of at least the threshold): the prediction is then about
    that assertion, and says something else of it (rules 1, 2 and 5)."""


def same_assertion(gold: ClaimKey, pred: ClaimKey, threshold: float) -> Assertion:
    """Whether two claim texts make one assertion (rules 1–4), with the reason and the similarity.

    Each text is tried whole and clause by clause: a prediction bundling two assertions, or giving
    one half of a two-part gold claim, makes the assertion its matching clause makes — unless a pair
    of parts fits better still and contradicts (``Assertion.contradicts``): "our opponents take
    defiant action" and "our allies take defiant action" contradict, whatever else the gold says.
    """
    whole_g, whole_p = len(gold.parts[0].weights), len(pred.parts[0].weights)
    said = pred.parts[0].reading
    if len(set(said.terms)) + said.negative < MIN_TERMS:
        return Assertion(False, "the prediction's text has a single content word: it asserts nothing", 0.0)
    if whole_p > COVERAGE_REACH * max(1, whole_g):
        return Assertion(False, f"the prediction's text has {whole_p} terms, more than {COVERAGE_REACH} times "
                         f"the gold's {whole_g}: a passage, not a claim", 0.0)
    pairs = [(g, p, similarity(g, p)) for g in gold.parts for p in pred.parts]
    if all(sim < threshold for _, _, sim in pairs):
        g, p, sim = pairs[0]  # no pair can be one assertion: the first pair's reason is the answer
        return Assertion(False, _same(g.reading, p.reading, sim, threshold)[1], sim)
    best: Assertion | None = None
    clash: Assertion | None = None
    for g, p, sim in pairs:
        ok, why = _same(g.reading, p.reading, sim, threshold)
        if ok and (best is None or not best.said or sim > best.similarity):
            best = Assertion(True, why, sim)
        elif best is None:
            best = Assertion(False, why, sim)
        if not ok and sim >= threshold and (clash is None or sim > clash.similarity):
            against = _contradiction(g.reading, p.reading)
            if against is not None:
                clash = Assertion(False, against, sim, contradicts=True)
    assert best is not None
    if clash is not None and (not best.said or clash.similarity > best.similarity):
        return clash
    return best


def _new_names(gold: ClaimKey, pred: ClaimKey, ctx: Context) -> list[str]:
    """The places and bodies the prediction names (rule 3's names: capitalised words, no actor) that
    neither the gold text, the article's sentences its evidence quotes, nor the article's speakers
    name in any form (:mod:`harness.match.mentioned`): the prediction then puts the assertion
    somewhere else. A gold claim without evidence abstains."""
    names = [n for n in pred.parts[0].reading.names if not calendar(n)]
    if not names or not gold.quotes or title_case(pred.text):
        return []
    own = gold.parts[0].reading
    return new_names(names, known_names(f"claim:{gold.id}", own.names | set(own.terms), gold.quotes, ctx))


def _qualifies(frame: str) -> bool:
    """Whether a reporting frame changes what it reports: it negates it or states it as possible or
    certain ("Blinken said it was unlikely that Russia would invade" reports no invasion; "Peskov
    denied that …"). The reported part is then no reading of its own; the whole text is."""
    reading = read(frame)
    return reading.negative or bool(reading.modality)


def _nums(values: frozenset[float]) -> str:
    return ", ".join(f"{v:,.0f}" if v.is_integer() else f"{v:g}" for v in sorted(values))


class ClaimMatcher:
    type = "claim"

    def setup(self, ctx: Context, facts: Sequence[Any], negatives: Sequence[Any]) -> None:
        """Keep the gold claim texts: the article's idf is fitted on them and its sentences."""
        ctx.cache["claim-gold-texts"] = [f.text for f in facts]
        ctx.cache["claim-gold-facts"] = list(facts)

    def _key(self, speaker: NameForms | None, text: str, ctx: Context, gold_id: str | None = None,
             quotes: tuple[str, ...] = (), quoting: frozenset[str] = frozenset()) -> ClaimKey:
        idf = _idf(ctx)
        parts = []
        frame = framed(text)
        for part in clauses(text):
            if frame is not None and part == frame[1] and _qualifies(frame[0]):
                continue
            reading = read(part)
            weights = {t: idf[t] for t in set(reading.terms) if t in idf}
            parts.append(Text(tfidf_vector(reading, idf), weights, math.fsum(weights.values()), reading=reading))
        return ClaimKey(speaker, tuple(parts), text, gold_id, quotes, quoting)

    def prepare_gold(self, fact: Any, ctx: Context) -> ClaimKey:
        """Prepared once per article and reading: the alignment and rule 5 then share the object."""
        memo: dict[tuple[str, str, str], ClaimKey] = ctx.cache.setdefault("claim-prepared", {})
        key = (fact.id, fact.speaker, fact.text)
        if key not in memo:
            memo[key] = self._key(ctx.speakers.get(fact.speaker), fact.text, ctx, fact.id,
                                  tuple(evidence_list(fact.evidence)))
        return memo[key]

    @staticmethod
    def _same_assertion(gold: ClaimKey, pred: ClaimKey, ctx: Context, threshold: float | None = None) -> Assertion:
        """:func:`same_assertion` at ``threshold`` (default: ``claim_similarity``), memoised per
        article by the two texts and the threshold (it reads nothing else: the article's idf is
        fixed): rule 5 compares each prediction with every gold claim, and texts recur."""
        memo: dict[tuple[str, str, float], Assertion] = ctx.cache.setdefault("claim-same", {})
        threshold = ctx.options.claim_similarity if threshold is None else threshold
        key = (gold.text, pred.text, threshold)
        found = memo.get(key)
        if found is None:
            found = memo[key] = same_assertion(gold, pred, threshold)
        return found

    def prepare_pred(self, fact: Any, ctx: Context) -> ClaimKey:
        quoting: frozenset[str] = frozenset()
        if fact.evidence and ctx.index is not None:
            quoting = ctx.index.quoting(ctx.index.ground(fact.evidence), self.type)
        return self._key(NameForms.of(fact.speaker), fact.text, ctx, quoting=quoting)

    def compare(self, gold: ClaimKey, pred: ClaimKey, ctx: Context) -> Match:
        found = self._same_assertion(gold, pred, ctx)
        if not found.said and gold.id is not None and gold.id in pred.quoting:
            # said at the threshold, said at any lower one, for the same reason and similarity
            found = self._same_assertion(gold, pred, ctx, max(0.0, ctx.options.claim_similarity - EVIDENCE_ALLOWANCE))
        said, why, sim, _ = found
        if not said:
            return Match(Level.NONE, why, 0.0)
        new = _new_names(gold, pred, ctx)
        if new:
            return Match(Level.NONE, f"{why}, but it names {new[0]!r}, which the gold's sentences do not", 0.0)
        closer = self._closer(gold, pred, sim, ctx)
        if closer is not None:
            did = "contradicts" if closer[2] else "makes the assertion of"
            return Match(Level.NONE, f"{why}, but it {did} {closer[0]} ({closer[1]:.2f})", 0.0)
        who = self._speaker(gold, pred, ctx)
        if who.level is Level.FULL:
            return Match(Level.FULL, f"speaker matches; {why}", sim)
        name = pred.speaker.display if pred.speaker else "?"
        return Match(Level.PARTIAL, f"{why}, but speaker {name!r} is not the gold's", sim / 2)

    def candidates(self, gold: list[ClaimKey], pred: list[ClaimKey], ctx: Context) -> set[tuple[int, int]]:
        """Pairs whose texts share a term: any other pair has similarity 0, so no match (blocking).

        Partial matches are matches, so speakers prune no pair; but with many distinct speakers on
        both sides (``SPEAKER_BLOCKING`` pairs of them or more) the speaker pairs that can match at
        all are found once here, by the name rule's own blocking, and :meth:`_speaker` decides the
        others at once."""
        speakers_g = list(dict.fromkeys(g.speaker for g in gold if g.speaker is not None))
        speakers_p = list(dict.fromkeys(p.speaker for p in pred if p.speaker is not None))
        if len(speakers_g) * len(speakers_p) >= SPEAKER_BLOCKING:
            can = name_candidates(speakers_g, speakers_p, ctx.options.name_similarity)
            ctx.cache["claim-speaker-blocking"] = (frozenset(speakers_g), frozenset(speakers_p),
                                                   {(speakers_g[i], speakers_p[j]) for i, j in can})
        index: dict[str, list[int]] = {}
        for i, g in enumerate(gold):
            for term in g.weights:
                index.setdefault(term, []).append(i)
        pairs: set[tuple[int, int]] = set()
        for j, p in enumerate(pred):
            for term in p.weights:
                for i in index.get(term, ()):
                    pairs.add((i, j))
        return pairs

    @staticmethod
    def rules_out(gold: ClaimKey, pred: ClaimKey) -> bool:
        """No clause of one text can make the assertion of any clause of the other: each pair differs
        in polarity or states different numbers (:func:`_refused`), so :func:`same_assertion` says no."""
        for g in gold.parts:
            for p in pred.parts:
                if not _refused(g.reading, p.reading):
                    return False
        return True

    def _closer(self, gold: ClaimKey, pred: ClaimKey, sim: float, ctx: Context) -> tuple[str, float, bool] | None:
        """Another gold claim of the article that the prediction's text makes, or contradicts, clearly
        better (rule 5), with the similarity and whether it contradicts it."""
        if sim + CLOSER_MARGIN > 1.0:
            return None  # no similarity exceeds 1: nothing can fit clearly better
        memo: dict[str, tuple[str | None, float, bool]] = ctx.cache.setdefault("claim-best", {})
        if pred.text not in memo:
            keys: list[ClaimKey] = ctx.cache.get("claim-gold-keys") or [
                self.prepare_gold(f, ctx) for f in ctx.cache.get("claim-gold-facts", [])]
            ctx.cache["claim-gold-keys"] = keys
            best: tuple[str | None, float, bool] = (None, 0.0, False)
            for g in keys:
                if ctx.options.claim_similarity > 0 and g.weights.keys().isdisjoint(pred.weights):
                    continue  # no shared term: similarity 0, below any positive threshold
                if self.rules_out(g, pred) and not self._numbers_clash(g, pred, ctx.options.claim_similarity):
                    continue  # every part differs in polarity, or in numbers below a match's similarity
                found = self._same_assertion(g, pred, ctx)
                if (found.said or found.contradicts) and found.similarity > best[1]:
                    best = (g.id, found.similarity, found.contradicts)
            memo[pred.text] = best
        best_id, best_sim, against = memo[pred.text]
        if best_id is not None and best_id != gold.id and best_sim >= sim + CLOSER_MARGIN:
            return best_id, best_sim, against
        return None

    @staticmethod
    def _numbers_clash(gold: ClaimKey, pred: ClaimKey, threshold: float) -> bool:
        """Whether a part of each, of one polarity, is as alike as a match: for two texts
        :meth:`rules_out` refuses, the one way :func:`same_assertion` can find them contradicting."""
        return any(a.reading.negative == b.reading.negative and similarity(a, b) >= threshold
                   for a in gold.parts for b in pred.parts)

    @staticmethod
    def _speaker(gold: ClaimKey, pred: ClaimKey, ctx: Context) -> Match:
        """The speaker verdict, memoised per article: many claims share a speaker."""
        if gold.speaker is None or pred.speaker is None:
            return NO_MATCH
        memo: dict[tuple[NameForms, NameForms], Match] = ctx.cache.setdefault("claim-speakers", {})
        key = (gold.speaker, pred.speaker)
        found = memo.get(key)
        if found is None:
            blocked = ctx.cache.get("claim-speaker-blocking")
            if blocked is not None and key[0] in blocked[0] and key[1] in blocked[1] and key not in blocked[2]:
                found = NO_MATCH  # the name rule's blocking found no way for these two to match
            elif ctx.options.name_similarity > 0 and gold.speaker.grams.isdisjoint(pred.speaker.grams):
                found = NO_MATCH  # no trigram in common: no name rule can match (see name_candidates)
            else:
                found = match_names(gold.speaker, pred.speaker, ctx)
            memo[key] = found
        return found


MATCHER = ClaimMatcher()
