"""A claim text's verbs: when it puts each of them (to come, intended, going on now, done), and which are
finite (the verbs a sentence's roles turn on).

A claim's time is part of its assertion: "Macron will speak with Putin in the coming days" is not
"Macron spoke with Putin on Friday". Each verb of a text (its folded words, in order) is read by
its form and the words just before it, with LemmInflect's English lemma and inflection tables
(no tagger: only the word's possible forms):

* **to come** — a verb's base form after ``will``/``shall`` (``'ll``) or ``going to``, with at most
  one of ``not``, ``also``, ``soon``, ``then``, ``still``, ``likely``, ``probably``, ``never``, ``be``
  between ("will also speak"; "is going to be deployed" reads "deployed" as to come too);
* **intended** — a base form after ``to`` following ``plan(s/ned)``, ``intend(s/ed)``, ``aim(s/ed)``,
  ``expect(s/ed)`` or ``set``: to come for that verb, but the time of a complement, not of the
  whole assertion ("reports that Moscow intends to invade");
* **now** — a present participle after ``is``/``are``/``am`` ("is discussing"), but not of a verb of
  intention ("is planning", "is going to");
* **done** — a simple past form ("spoke", "invaded"), or a past participle after ``has``/``have``/
  ``had``/``was``/``were``/``been`` ("has spoken"), unless a modal or ``to`` stands just before it
  ("would invade", "to invade"). A form that is also a present or base form of the same verb
  ("put", "set", "cut") is never read as done, and neither is a participle after ``is``/``are``
  ("troops are stationed": a state, not an event).

The result is a set of (lemma, time) pairs, to which :func:`marked` adds the lexicon's time markers
("next month", "currently", "in the past"); :func:`time_differs` says when two texts disagree. Words
LemmInflect does not know as verbs, and the auxiliaries (be, have, do and the modals), are ignored.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

TO_COME = "to come"
DONE = "done"
NOW = "now"
INTENDED = "intended"
"""To come as what someone plans or intends ("plans to build"): to come for the verb itself, but
the time of a complement, not of the whole assertion ("reports that Moscow intends to invade")."""
_INTENTION_LEMMAS = frozenset(["go", "plan", "intend", "aim", "prepare", "seek", "expect", "try", "threaten"])
_PRESENT_BE = frozenset(["is", "are", "am"])

_WILL = frozenset(["will", "shall", "ll"])
_BEFORE_TO = frozenset(["going", "plan", "plans", "planned", "planning", "intend", "intends", "intended",
                        "intending", "aim", "aims", "aimed", "expect", "expects", "expected", "set"])
_BETWEEN = frozenset(["not", "also", "soon", "then", "still", "likely", "probably", "never", "be"])
_PERFECT = frozenset(["has", "have", "had", "was", "were", "been"])
_AUXILIARIES = frozenset(["be", "have", "do", "will", "shall", "can", "may", "must"])
"""Lemmas never read: as auxiliaries they carry another verb's time ("did not invade", "had moved")."""
_NOT_DONE_BEFORE = frozenset(["will", "shall", "ll", "would", "could", "may", "might", "must", "can", "should",
                              "to", "is", "are", "am", "being", "be"])


@lru_cache(maxsize=1)
def _tables() -> Any:
    import lemminflect  # a dependency; imported on first use (it loads its tables then)

    return lemminflect


def load_tables() -> None:
    """Read LemmInflect's lemma and inflection tables now rather than on the first verb looked up
    (about 0.3 s): a process about to fork scoring workers does it once for all of them."""
    lem = _tables()
    lem.getAllLemmas("said", upos="VERB")
    lem.getAllInflections("say", upos="VERB")


@lru_cache(maxsize=1 << 14)
def verb_forms(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Every verb lemma ``word`` can be a form of, with the Penn tags it has as that verb's form."""
    lem = _tables()
    out = []
    for lemma in lem.getAllLemmas(word, upos="VERB").get("VERB", ()):
        table = dict(lem.getAllInflections(lemma, upos="VERB"))
        table.setdefault("VBN", table.get("VBD", ()))  # the table leaves out a participle like the past
        tags = frozenset(tag for tag, forms in table.items() if word in forms)
        if word == lemma:
            tags |= {"VB"}
        out.append((lemma, tags))
    return tuple(out)


def _aux_before(words: list[str], i: int) -> tuple[str | None, str | None]:
    """The word before position ``i`` and the one before that, skipping one word of ``_BETWEEN``."""
    j = i - 1
    if j >= 0 and words[j] in _BETWEEN and j - 1 >= 0 and words[j - 1] not in _BETWEEN | {"to"}:
        return words[j - 1], words[j - 2] if j >= 2 else None
    return (words[j] if j >= 0 else None), (words[j - 1] if j >= 1 else None)


def times(words: list[str]) -> frozenset[tuple[str, str]]:
    """The (verb lemma, ``TO_COME`` | ``DONE``) pairs of a text's folded words (module docstring)."""
    out: set[tuple[str, str]] = set()
    for i, word in enumerate(words):
        if len(word) < 3 or not word.isalpha():
            continue
        forms = verb_forms(word)
        if not forms:
            continue
        prev, prev2 = _aux_before(words, i)
        if prev == "be":  # "will be deployed", "is going to be deployed"
            prev, prev2 = _aux_before(words, i - 1)
        for lemma, tags in forms:
            if lemma in _AUXILIARIES:
                continue
            if prev in _WILL and tags & {"VB", "VBN"}:
                out.add((lemma, TO_COME))
                continue
            if prev == "to" and prev2 in _BEFORE_TO and tags & {"VB", "VBN"}:
                out.add((lemma, TO_COME if prev2 == "going" else INTENDED))
                continue
            if "VBG" in tags and prev in _PRESENT_BE and lemma not in _INTENTION_LEMMAS:
                out.add((lemma, NOW))
                continue
            if tags & {"VB", "VBP", "VBZ", "VBG"} or prev in _NOT_DONE_BEFORE:
                continue
            if "VBD" in tags or ("VBN" in tags and prev in _PERFECT):
                out.add((lemma, DONE))
    return frozenset(out)


def time_differs(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> tuple[str, str, str] | None:
    """When two texts put their assertion at different times: (what differs, a's time, b's time), or None.

    ``a`` and ``b`` are (lemma, time) pairs from :func:`times` and :func:`marked`. Either some verb is
    to come in one text and done or going on now in the other (and neither text says it both ways);
    or one text is wholly to come (every verb after will or shall, and every marker; an intended
    verb, "intends to invade", is a complement's time and not counted here) and the other says something of its time
    and nothing to come ("will begin next month" / "is discussing"); or one is marked as now and the
    other as past ("currently" / "in the past") and neither both. Verbs of reporting and denying are
    frames, not the assertion's time, and are left out. Ties go to the first lemma in order.
    """
    frames = _frame_lemmas()
    a = frozenset(t for t in a if t[0] not in frames)
    b = frozenset(t for t in b if t[0] not in frames)

    def clean(t: frozenset[tuple[str, str]]) -> dict[str, str]:
        seen: dict[str, set[str]] = {}
        for lemma, when in t:
            if not lemma.startswith(MARKER):
                seen.setdefault(lemma, set()).add(TO_COME if when == INTENDED else when)
        return {lemma: next(iter(w)) for lemma, w in seen.items() if len(w) == 1}

    ca, cb = clean(a), clean(b)
    for lemma in sorted(ca.keys() & cb.keys()):
        if ca[lemma] != cb[lemma] and TO_COME in (ca[lemma], cb[lemma]):
            return lemma, ca[lemma], cb[lemma]
    ka, kb = {w for _, w in a} - {INTENDED}, {w for _, w in b} - {INTENDED}
    if ka == {TO_COME} and kb and TO_COME not in kb:
        return "its time", TO_COME, sorted(kb)[0]
    if kb == {TO_COME} and ka and TO_COME not in ka:
        return "its time", sorted(ka)[0], TO_COME
    ma = {w for lemma, w in a if lemma.startswith(MARKER)}
    mb = {w for lemma, w in b if lemma.startswith(MARKER)}
    if ma in ({NOW}, {DONE}) and mb in ({NOW}, {DONE}) and ma != mb:
        return "its time", next(iter(ma)), next(iter(mb))
    return None


MARKER = "#"
"""Prefix of a time marker's entry in a text's times (``#in the past``), so markers never meet verbs."""


def marked(words: list[str]) -> frozenset[tuple[str, str]]:
    """(``#phrase``, time) for each of the lexicon's ``time_markers`` the text's folded words hold."""
    from harness.lexicon import lexicon

    joined = f" {' '.join(words)} "
    return frozenset((MARKER + phrase, when) for phrase, when in lexicon().time_markers if f" {phrase} " in joined)


_BE = frozenset(["is", "are", "am", "was", "were", "be", "been", "being", "get", "gets", "got", "getting"])
_DENYING_LEMMAS = frozenset(["deny", "reject", "dismiss", "rebuff", "refute", "rule", "brush", "shrug", "play", "call",
                            "describe", "blast", "slam", "criticize", "criticise", "accuse", "ask", "respond",
                            "reply", "answer"])
"""Verbs that frame an assertion by denying or naming it ("dismissed the reports as …")."""


@lru_cache(maxsize=1)
def _reporting_lemmas() -> frozenset[str]:
    """Verbs of reporting: a frame around the assertion ("…, Peskov said"), which moves freely — the
    lemmas of the reporting frames' verbs (:data:`harness.match.frames.REPORTING_VERBS`), and "accord"
    ("according to")."""
    from harness.match.frames import REPORTING_VERBS

    return frozenset(lemma for word in REPORTING_VERBS for lemma, _ in verb_forms(word)) | {"accord"}


def _frame_lemmas() -> frozenset[str]:
    """Verbs that frame an assertion (reporting, denying, calling it something): their time is the
    report's, not the assertion's."""
    return _reporting_lemmas() | _DENYING_LEMMAS


@lru_cache(maxsize=1 << 14)
def _is_noun(word: str) -> bool:
    return bool(_tables().getAllLemmas(word, upos="NOUN"))


def finite_verbs(words: list[str]) -> frozenset[str]:
    """The words of a text that can be a finite form (past, or present third person) of a verb that
    is not an auxiliary or a verb of reporting: "forced", "accuses" (a present form that can be a
    plural noun, "forces", "allies", is not counted); never a participle after a form
    of be or get ("are concerned", "was forced": a state or a passive, whose subject is not the doer)."""
    out = set()
    for i, word in enumerate(words):
        if len(word) < 3 or not word.isalpha() or (i and words[i - 1] in _BE):
            continue
        for lemma, tags in verb_forms(word):
            if lemma in _AUXILIARIES or lemma in _reporting_lemmas():
                continue
            if "VBD" in tags or ("VBZ" in tags and not _is_noun(word)):
                out.add(word)
    return frozenset(out)


__all__ = ["DONE", "INTENDED", "MARKER", "NOW", "TO_COME", "finite_verbs", "marked", "time_differs", "times", "verb_forms"]
