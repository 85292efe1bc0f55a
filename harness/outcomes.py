"""The outcome of every fact, and the one policy that says what each outcome counts.

Every detail of a run carries one :class:`Outcome`. What it adds to the true positives, false
positives and false negatives is decided here and nowhere else — scoring counts with it, and
``Result.failures``, ``diff`` and every report list exactly the details it says were counted:

============  ==========================================  =====================================
outcome       meaning                                     counted as
============  ==========================================  =====================================
``tp``        a full match                                tp (nothing for an optional gold fact)
``partial``   paired by a partial match                   strict: fp, and fn unless the gold fact
                                                          is optional; lenient: as ``tp``
``fn``        a gold fact no prediction was paired with   fn (nothing for an optional gold fact)
``fp``        a prediction matching nothing               fp
``negative``  a prediction matching a gold negative       fp
``duplicate`` a prediction fully matching a gold fact     nothing; fp with ``count_duplicates``
              another prediction already took
============  ==========================================  =====================================
"""

from __future__ import annotations

from enum import Enum

from harness.metrics import Counts


class Outcome(str, Enum):
    """What happened to one gold fact or prediction; its value is the name used in JSON."""

    TP = "tp"
    PARTIAL = "partial"
    FN = "fn"
    FP = "fp"
    NEGATIVE = "negative"
    DUPLICATE = "duplicate"

    def __str__(self) -> str:
        return self.value


MODES: tuple[str, ...] = ("strict", "lenient")
"""How partial matches count: ``strict`` (default) as one fp and one fn, ``lenient`` as tp."""

GOLD_OUTCOMES = (Outcome.TP, Outcome.PARTIAL, Outcome.FN)
"""Outcomes that name a gold fact (``gold_id``) as the fact judged."""

_TP, _FP, _FN, _FP_FN, _NONE = Counts(1, 0, 0), Counts(0, 1, 0), Counts(0, 0, 1), Counts(0, 1, 1), Counts()


def counted(outcome: Outcome | str, *, mode: str, optional: bool = False, count_duplicates: bool = False,
            prediction_optional: bool = False) -> Counts:
    """What one detail adds to the counts, by the table in the module docstring.

    ``optional`` is whether the gold fact involved is marked optional (always False for a
    prediction matching no gold fact). With ``prediction_optional`` the flag also covers the
    prediction itself — a second annotation's optional fact, in ``agree`` — so an optional
    prediction matching nothing counts nothing either. Raises ValueError for an unknown outcome or mode.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: use strict or lenient")
    o = Outcome(outcome)
    if prediction_optional and optional:
        return _NONE
    if o is Outcome.PARTIAL:
        if mode == "lenient":
            o = Outcome.TP
        else:
            return _FP if optional else _FP_FN
    if o is Outcome.TP:
        return _NONE if optional else _TP
    if o is Outcome.FN:
        return _NONE if optional else _FN
    if o is Outcome.DUPLICATE:
        return _FP if count_duplicates else _NONE
    return _FP  # fp, negative


def is_miss(outcome: Outcome | str, *, mode: str, optional: bool = False, count_duplicates: bool = False) -> bool:
    """True when the detail counts a false negative (a gold fact not found)."""
    return counted(outcome, mode=mode, optional=optional, count_duplicates=count_duplicates).fn > 0


def is_false_positive(outcome: Outcome | str, *, mode: str, optional: bool = False,
                      count_duplicates: bool = False) -> bool:
    """True when the detail counts a false positive (a prediction that earned nothing)."""
    return counted(outcome, mode=mode, optional=optional, count_duplicates=count_duplicates).fp > 0


def is_found(outcome: Outcome | str, *, mode: str, optional: bool = False) -> bool:
    """True when a gold fact counts as found (a true positive)."""
    return counted(outcome, mode=mode, optional=optional).tp > 0
