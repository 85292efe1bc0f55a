"""The one alignment routine every fact type uses: score matrix → optimal one-to-one assignment.

For one article and one type, every (gold, prediction) pair is compared once. The assignment then
maximises, in strict priority order: (1) the number of full matches, (2) the number of partial
matches, (3) a tie-break favouring required over optional gold and higher similarity. It is solved
exactly with scipy's ``linear_sum_assignment`` (never greedily), on inputs sorted into a canonical
order first, so the result never depends on the order facts were given in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

from harness.match.base import NO_MATCH, Level, Match

G = TypeVar("G")
P = TypeVar("P")


@dataclass(frozen=True)
class Alignment(Generic[G, P]):
    """``pairs`` (gold index, prediction index, match) with level ≥ partial; the rest unpaired.

    ``hits[j]`` lists, by gold index, every gold fact prediction ``j`` matched at least partially —
    paired or not — so callers can tell whether an unpaired prediction fully matches a gold fact
    taken by another prediction (a duplicate). Only compared pairs that matched are kept: memory and
    time grow with the matches, not with gold × predictions.
    """

    pairs: list[tuple[int, int, Match]]
    unpaired_gold: list[int]
    unpaired_pred: list[int]
    hits: dict[int, list[tuple[int, Match]]] = field(default_factory=dict)

    def match(self, i: int, j: int) -> Match:
        """The verdict on gold ``i`` and prediction ``j`` (:data:`NO_MATCH` when they did not match)."""
        return next((m for gi, m in self.hits.get(j, ()) if gi == i), NO_MATCH)


def align(
    gold: Sequence[G],
    pred: Sequence[P],
    compare: Callable[[G, P], Match] | None,
    *,
    required: Sequence[bool] | None = None,
    gold_order: Callable[[int], str] | None = None,
    pred_order: Callable[[int], str] | None = None,
    candidates: Collection[tuple[int, int]] | None = None,
    matches: Iterable[tuple[int, int, Match]] | None = None,
) -> Alignment[G, P]:
    """Align ``pred`` to ``gold`` one-to-one.

    ``required[i]`` is False for optional gold facts; ``gold_order``/``pred_order`` give the canonical
    sort key of the fact at an index (e.g. the fact serialised), which makes tie-breaking independent
    of input order; they are asked only for the facts of matches that compete for a fact.
    ``candidates`` (gold index, prediction index), when given, are the only pairs that can match
    (blocking): every other pair is taken as no match without calling ``compare``.
    ``matches``, instead of ``compare``: every (gold index, prediction index, match) already decided
    (pairs left out are no match); the alignment is the same as if ``compare`` had returned them.
    Indices in the result refer to the sequences as given.
    """
    n_g, n_p = len(gold), len(pred)
    if n_g == 0 or n_p == 0:
        return Alignment([], list(range(n_g)), list(range(n_p)))
    n = min(n_g, n_p)
    w_partial = float(n + 1)
    w_full = (n + 1) * (w_partial + 1)
    bonus = [0.5 if (required is None or required[i]) else 0.0 for i in range(n_g)]
    hits: dict[int, list[tuple[int, Match]]] = {}
    edges: list[tuple[int, int, float]] = []  # (gold index, prediction index, weight), weight > 0
    if matches is None:
        assert compare is not None
        pairs_to_compare = candidates if candidates is not None else [(i, j) for i in range(n_g) for j in range(n_p)]
        matches = ((i, j, compare(gold[i], pred[j])) for i, j in pairs_to_compare)
    none, full = Level.NONE, Level.FULL
    for i, j, m in matches:
        level = m.level
        if level is none:
            continue
        found = hits.get(j)
        if found is None:
            found = hits[j] = []
        found.append((i, m))
        edges.append((i, j, (w_full if level is full else w_partial) + bonus[i] + 0.5 * m.similarity))
    for found in hits.values():
        found.sort(key=lambda t: t[0])
    if len({i for i, _, _ in edges}) == len(edges) == len({j for _, j, _ in edges}):
        chosen = [(i, j) for i, j, _ in edges]  # no two edges share a fact: taking them all is optimal
    else:
        chosen = _canonical_assign(edges, gold_order, pred_order)
    pairs = []
    taken_g, taken_p = set(), set()
    for i, j in chosen:
        pairs.append((i, j, next(m for gi, m in hits[j] if gi == i)))
        taken_g.add(i)
        taken_p.add(j)
    pairs.sort(key=lambda t: (t[0], t[1]))
    return Alignment(
        pairs,
        [i for i in range(n_g) if i not in taken_g],
        [j for j in range(n_p) if j not in taken_p],
        hits,
    )


def _ranks(indices: Iterable[int], order: Callable[[int], str] | None) -> dict[int, int]:
    """Each index's place among ``indices`` in the canonical order (by ``order``'s key, then by index)."""
    ranked = sorted(set(indices), key=(lambda k: (order(k), k)) if order is not None else None)
    return {k: r for r, k in enumerate(ranked)}


def _canonical_assign(edges: list[tuple[int, int, float]], gold_order: Callable[[int], str] | None,
                      pred_order: Callable[[int], str] | None) -> list[tuple[int, int]]:
    """:func:`_assign` over (gold index, prediction index, weight) edges, its rows and columns put in
    the canonical order first, so the choice never depends on the order facts were given in."""
    row = _ranks((i for i, _, _ in edges), gold_order)
    col = _ranks((j for _, j, _ in edges), pred_order)
    g_at = {r: i for i, r in row.items()}
    p_at = {c: j for j, c in col.items()}
    chosen = _assign([(row[i], col[j], w) for i, j, w in edges])
    return [(g_at[a], p_at[b]) for a, b in chosen]


def load_solver() -> None:
    """Import the solver now rather than when competing matches first need it (about 0.35 s): a
    process about to fork scoring workers does it once for all of them."""
    import scipy.optimize  # noqa: F401


def _assign(edges: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The maximum-weight one-to-one choice among weighted (row, column) edges, solved exactly.

    Only the rows and columns that have an edge enter the solver's matrix, so its size follows the
    facts that can match at all rather than every fact of the type.
    """
    from scipy.optimize import linear_sum_assignment  # imported on first use: it is slow to load

    table = np.array(edges, dtype=float).reshape(-1, 3)
    rows, r_at = np.unique(table[:, 0].astype(np.int64), return_inverse=True)
    cols, c_at = np.unique(table[:, 1].astype(np.int64), return_inverse=True)
    weights = np.zeros((len(rows), len(cols)))
    weights[r_at, c_at] = table[:, 2]  # each (row, column) occurs once
    picked_r, picked_c = linear_sum_assignment(weights, maximize=True)
    rows_l, cols_l = rows.tolist(), cols.tolist()
    return [(rows_l[r], cols_l[c]) for r, c in zip(picked_r.tolist(), picked_c.tolist(), strict=True)
            if weights[r, c] > 0]
