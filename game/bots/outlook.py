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

from game.bots.knowledge import RED_LINE_PENALTY, Model, OwnTables, layout
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
        parts = hit[1]
        amended = {parts.position[i]: o for i, o in amendments if i in parts.position}
        s = 0.0
        crossed = 0
        for k, (values, banned, here, off) in enumerate(parts.clauses):
            option = amended.get(k)
            if option is None:
                s += here
                crossed += off
            else:
                s += values.get(option, 0.0)
                crossed += option in banned
        for value, condition in parts.terms:
            chance = 1.0
            for k, allowed, now in condition:
                option = amended.get(k)
                chance *= now if option is None else option in allowed
            s += value * chance
        return min(100.0, max(0.0, s)) - RED_LINE_PENALTY * crossed


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
        clauses = []
        for k, issue in enumerate(own.issue_ids):
            option = draft.get(issue)
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
                option = draft.get(own.issue_ids[k])
                now = float(option in allowed) if option is not None else sum(
                    p for o, p in outlook.get(own.issue_ids[k], {}).items() if o in allowed)
                parts.append((k, allowed, now))
            terms.append((value, tuple(parts)))
        return _Parts({i: k for k, i in enumerate(own.issue_ids)}, tuple(clauses),
                      tuple(terms))


def expect(view: View, own: OwnTables, model: Model, t: float) -> Outlook:
    """The seat's outlook on the draft now (see the module docstring)."""
    last = view.round == view.rounds
    lay = layout(view.issues, model.others)
    support = model.matrix(view.issues).sum(axis=0).tolist()
    chances: dict[str, dict[str, float]] = {}
    likeliest: dict[str, str] = {}
    for k, issue in enumerate(view.issues):
        current = view.draft.get(issue.id)
        if current is not None:
            likeliest[issue.id] = current
            continue
        fallback = issue.if_open
        if last and fallback is not None:
            chance = {fallback: 1.0}
        else:
            mine = own.values[k]
            banned = own.banned[k]
            start = int(lay.starts[k])
            table = {o: mine.get(o, 0.0) / 100.0 + support[start + j]
                     for j, o in enumerate(issue.option_ids) if o not in banned}
            if not table:  # every option is across a red line: no hope either way
                table = {o: support[start + j] for j, o in enumerate(issue.option_ids)}
            top = max(table.values())
            weights = {o: math.exp(BETA * (v - top)) for o, v in table.items()}
            total = sum(weights.values())
            share = t if fallback is not None else 0.0
            chance = {o: (1.0 - share) * w / total for o, w in weights.items()}
            if fallback is not None:
                chance[fallback] = chance.get(fallback, 0.0) + share
        chances[issue.id] = chance
        likeliest[issue.id] = max(chance, key=chance.__getitem__)
    return Outlook(view.draft, chances, likeliest, own.expected(view.draft, chances))
