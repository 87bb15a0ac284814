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
from dataclasses import dataclass

from game.bots.knowledge import OpponentModel, OwnTables, layout
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

    def after(self, own: OwnTables, amendments: tuple[tuple[str, str], ...]) -> float:
        """The seat's expected value of the draft once these amendments apply."""
        draft = dict(self.draft)
        draft.update(amendments)
        return own.expected(draft, self.chances)


def expect(view: View, own: OwnTables, model: OpponentModel, t: float) -> Outlook:
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
