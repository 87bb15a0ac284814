"""Choosing a complete text to offer under alternating offers.

An offer must settle every clause, so the search is over whole texts. For spaces up to
`DENSE_LIMIT` texts the seat ranks every text it can sign by its own utility once (numpy,
cached per preferences); each turn it looks at the `WINDOW` texts just above its target and
offers the one the others are modelled to value most. That keeps a turn to tens of
microseconds, which the bilateral benchmark needs. Larger spaces fall back to a greedy walk
from the seat's favourite text that gives the others what they value most per point given up.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.bots.knowledge import Layout, OwnTables
from game.core.model import Issue, Preferences
from game.core.utility import outcome_space
from game.core.view import View

DENSE_LIMIT = 250_000
"""Texts ranked in full; above, the greedy walk."""
WINDOW = 256
"""How many texts just above the target compete to be offered."""

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class _Ranked:
    descending: list[float]
    """Minus each text's utility, ascending (searched with `bisect`: on one value it is several
    times quicker than numpy's `searchsorted`, with the same answer)."""
    axis: I64  # (texts, clauses): each clause's option as a position on the layout's axis


_RANKED: dict[tuple[int, int, tuple[tuple[str, str], ...]],
              tuple[Preferences, tuple[Issue, ...], _Ranked | None]] = {}
_RANKED_CACHE_SIZE = 64


def _ranked(view: View, lay: Layout) -> _Ranked | None:
    assert view.me is not None
    prefs, issues = view.me.preferences, view.issues
    fixed = tuple(sorted((i, o) for i in view.locked if (o := view.draft.get(i)) is not None)
                  ) if view.locked else ()
    key = (id(prefs), id(issues), fixed)
    hit = _RANKED.get(key)
    if hit is not None and hit[0] is prefs and hit[1] is issues:
        return hit[2]
    space = outcome_space(issues, {view.viewer: prefs}, parties=(view.viewer,),
                          fixed=dict(fixed))
    made: _Ranked | None = None
    if space.size <= DENSE_LIMIT:
        matrix = space.matrix()
        u = matrix.utilities[:, 0].astype(np.float64)
        signable = np.flatnonzero(matrix.sign_ok[:, 0])
        order = signable[np.argsort(-u[signable], kind="stable")]
        # digits index the space's options (a locked clause has one): map them to the axis
        offsets = [np.asarray([lay.index[(i, o)] for o in options], dtype=np.int64)
                   for i, options in zip(space.issue_ids, space.option_ids, strict=True)]
        digits = space.digits(order)
        axis = np.stack([offsets[k][digits[:, k]] for k in range(len(offsets))], axis=1)
        made = _Ranked((-u[order]).tolist(), axis)
    if len(_RANKED) >= _RANKED_CACHE_SIZE:
        _RANKED.clear()
    _RANKED[key] = (prefs, issues, made)
    return made


def best_offer(view: View, own: OwnTables, lay: Layout, support: F64, target: float
               ) -> tuple[tuple[str, str], ...]:
    """The complete text to offer: at or above `target` for the seat (its best text when none
    is), and the most valued by the others as modelled (`support`: the others' summed
    estimated value of each option on `lay`'s axis), as (issue, option) pairs in the order of
    the view's issues.

    It does not check that the seat can offer now. Texts across the seat's red lines are never
    offered; locked clauses keep their option.
    """
    ranked = _ranked(view, lay)
    if ranked is None:
        text = _greedy(view, own, dict(zip(lay.pairs, support.tolist(), strict=True)), target)
        return tuple((i.id, text[i.id]) for i in view.issues)
    n = bisect_right(ranked.descending, -(target - 1e-6))
    if n == 0:
        row = 0
    else:
        lo = max(0, n - WINDOW)
        score = np.add.reduce(support.take(ranked.axis[lo:n]), axis=1)  # `sum`, less overhead
        row = lo + int(score.argmax())  # the first maximum: ties go to the seat's better text
    return tuple(map(lay.pairs.__getitem__, ranked.axis[row].tolist()))


def _greedy(view: View, own: OwnTables, support: Mapping[tuple[str, str], float],
            target: float) -> dict[str, str]:
    locked = {i: o for i in view.locked if (o := view.draft.get(i)) is not None}
    choices = {i.id: ((locked[i.id],) if i.id in locked else
                      tuple(o for o in i.option_ids if o not in own.banned[k]) or i.option_ids)
               for k, i in enumerate(view.issues)}
    text = {i: max(opts, key=own.values[k].__getitem__)
            for k, (i, opts) in enumerate(choices.items())}

    def others(issue: str, option: str) -> float:
        return support.get((issue, option), 0.0)

    for _ in range(4 * len(choices)):
        best: tuple[float, str, str] | None = None
        for issue, opts in choices.items():
            here = others(issue, text[issue])
            for option in opts:
                gain = others(issue, option) - here
                if gain <= 1e-12:
                    continue
                trial = {**text, issue: option}
                if own.value(trial) >= target - 1e-9 and (best is None or gain > best[0]):
                    best = (gain, issue, option)
        if best is None:
            break
        text[best[1]] = best[2]
    return text
