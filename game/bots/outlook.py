"""How a seat expects the open clauses of the draft to fall.

Votes and proposals value a draft "with open clauses at the model's expectation": each open
clause gets a chance per option, from how much the whole table (the seat itself, and the others
as its opponent model sees them) values that option, `chance ∝ exp(BETA * support)`. A clause
with a fallback (`if_open`) is more and more likely to stay open as the deadline nears, so its
fallback takes a share `t` of the chance (all of it in the last round). The seat assumes its
own red lines hold: it would vote down or refuse to sign a text across them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from game.bots.knowledge import F64, RED_LINE_PENALTY, Layout, Model, OwnTables, layout
from game.core.model import Issue
from game.core.view import View

BETA = 8.0
"""How sharply the expectation favours the option the table supports most (per model unit)."""


@dataclass(frozen=True, eq=False)
class Outlook:
    """The draft, each open clause's chances, and what the seat expects the draft is worth."""

    draft: Mapping[str, str | None]
    chances: Mapping[str, Mapping[str, float]]
    """Open clause -> option -> chance."""
    likeliest: Mapping[str, str]
    """The complete text with each open clause at its likeliest option."""
    value: float
    """The seat's expected value of the draft (see `OwnTables.expected`)."""

    _parts: dict[int, tuple[OwnTables, _Parts]] = field(default_factory=dict, repr=False)

    def after(self, own: OwnTables, amendments: tuple[tuple[str, str], ...]) -> float:
        """The seat's expected value of the draft once these amendments apply: what
        `OwnTables.expected` gives for the amended draft, to the last bit, from per-clause
        parts worked out once per outlook (votes and proposals ask for many packages)."""
        hit = self._parts.get(id(own))
        if hit is None or hit[0] is not own:
            hit = self._parts[id(own)] = (own, _Parts.of(own, self.draft, self.chances))
        return hit[1].after(amendments)


@dataclass(frozen=True, eq=False)
class _Parts:
    """`OwnTables.expected` of a draft taken apart: per clause, its values, the options across
    a red line, what it adds now and whether it crosses one now; per interaction term, each
    condition's clause, allowed options and chance of holding now."""

    position: Mapping[str, int]
    clauses: tuple[tuple[Mapping[str, float], frozenset[str], float, bool], ...]
    terms: tuple[tuple[float, tuple[tuple[int, frozenset[str], float], ...]], ...]

    @staticmethod
    def of(own: OwnTables, draft: Mapping[str, str | None],
           outlook: Mapping[str, Mapping[str, float]]) -> _Parts:
        text = dict(draft.items())  # a plain dict's `get` is a C call
        clauses = []
        for k, issue in enumerate(own.issue_ids):
            option = text.get(issue)
            values = own.values[k]
            if option is not None:
                clauses.append((values, own.banned[k], values.get(option, 0.0),
                                option in own.banned[k]))
            else:
                clauses.append((values, own.banned[k], sum(
                    p * values.get(o, 0.0) for o, p in outlook.get(issue, {}).items()), False))
        terms = []
        for value, condition in own.interactions:
            parts = []
            for k, allowed in condition:
                option = text.get(own.issue_ids[k])
                now = float(option in allowed) if option is not None else sum(
                    p for o, p in outlook.get(own.issue_ids[k], {}).items() if o in allowed)
                parts.append((k, allowed, now))
            terms.append((value, tuple(parts)))
        return _Parts({i: k for k, i in enumerate(own.issue_ids)}, tuple(clauses),
                      tuple(terms))

    def after(self, amendments: tuple[tuple[str, str], ...]) -> float:
        """The expected value once these amendments apply (see `Outlook.after`); adds the same
        numbers in the same order as `OwnTables.expected`, so it gives the same bits."""
        amended = {self.position[i]: o for i, o in amendments if i in self.position}
        s = 0.0
        crossed = 0
        for k, (values, banned, here, off) in enumerate(self.clauses):
            option = amended.get(k)
            if option is None:
                s += here
                crossed += off
            else:
                s += values.get(option, 0.0)
                crossed += option in banned
        for value, condition in self.terms:
            chance = 1.0
            for k, allowed, now in condition:
                option = amended.get(k)
                chance *= now if option is None else option in allowed
            s += value * chance
        return min(100.0, max(0.0, s)) - RED_LINE_PENALTY * crossed


@dataclass(frozen=True, eq=False)
class _Plan:
    """What `expect` needs of one seat's tables on one layout, whatever the draft: per clause,
    its id, fallback, the options it may fall to (those not across a red line, or all if every
    one is) and their places on the option axis; and per place, the seat's own pull towards
    the option (its value / 100, 0 across a red line)."""

    clauses: tuple[tuple[str, str | None, tuple[str, ...], tuple[int, ...]], ...]
    pull: F64

    @staticmethod
    def of(own: OwnTables, issues: tuple[Issue, ...], lay: Layout) -> _Plan:
        pull = np.zeros(len(lay.pairs))
        clauses = []
        for k, issue in enumerate(issues):
            start = int(lay.starts[k])
            mine = own.values[k]
            places = [(o, start + j) for j, o in enumerate(issue.option_ids)
                      if o not in own.banned[k]]
            for o, at in places:
                pull[at] = mine.get(o, 0.0) / 100.0
            if not places:  # every option is across a red line: no hope either way
                places = [(o, start + j) for j, o in enumerate(issue.option_ids)]
            clauses.append((issue.id, issue.if_open, tuple(o for o, _ in places),
                            tuple(at for _, at in places)))
        return _Plan(tuple(clauses), pull)


_PLANS: dict[tuple[int, int], tuple[OwnTables, Layout, _Plan]] = {}
_PLANS_SIZE = 512
"""Plans kept: tables and layouts are themselves cached by value, so a batch reuses a few."""


def _plan(own: OwnTables, issues: tuple[Issue, ...], lay: Layout) -> _Plan:
    """`_Plan.of`, cached per tables and layout objects (a layout stands for equal issues)."""
    hit = _PLANS.get((id(own), id(lay)))
    if hit is not None and hit[0] is own and hit[1] is lay:
        return hit[2]
    if len(_PLANS) >= _PLANS_SIZE:
        _PLANS.clear()
    made = _Plan.of(own, issues, lay)
    _PLANS[(id(own), id(lay))] = (own, lay, made)
    return made


def expect(view: View, own: OwnTables, model: Model, t: float) -> Outlook:
    """The seat's outlook on the draft now (see the module docstring)."""
    last = view.round == view.rounds
    lay = layout(view.issues, model.others)
    plan = _plan(own, view.issues, lay)
    # Support plus the seat's own pull, per option: + is the same IEEE sum in numpy. (The
    # ufunc's reduce is what `ndarray.sum` calls, without its Python wrapper.)
    table = (np.add.reduce(model.matrix(view.issues), axis=0) + plan.pull).tolist()
    draft = dict(view.draft.items())  # a plain dict's `get` is a C call
    chances: dict[str, dict[str, float]] = {}
    likeliest: dict[str, str] = {}
    for issue, fallback, options, places in plan.clauses:
        current = draft.get(issue)
        if current is not None:
            likeliest[issue] = current
            continue
        if last and fallback is not None:
            chance = {fallback: 1.0}
        else:
            pulls = [table[at] for at in places]
            top = max(pulls)
            weights = [math.exp(BETA * (v - top)) for v in pulls]
            total = sum(weights)
            share = t if fallback is not None else 0.0
            chance = {o: (1.0 - share) * w / total for o, w in zip(options, weights, strict=True)}
            if fallback is not None:
                chance[fallback] = chance.get(fallback, 0.0) + share
        chances[issue] = chance
        likeliest[issue] = max(chance, key=chance.__getitem__)
    # Worked out once for both: the value here, and the packages `Outlook.after` is asked about.
    parts = _Parts.of(own, draft, chances)
    return Outlook(view.draft, chances, likeliest, parts.after(()), {id(own): (own, parts)})
