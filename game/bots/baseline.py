"""The `random` strategy: the fuzzing and baseline bot.

It picks uniformly among the legal actions of the moment, with two exceptions that every bot
keeps: it never signs or accepts below its reservation or across its red lines, and when it
may propose it passes half the time (uniform over every package would almost never pass).
It checks legality from its own view, as a human player would.
"""

from __future__ import annotations

import random

from game.bots import explain
from game.bots.decision import BotError, Decision, require_view
from game.bots.negotiator import signing_text, this_round
from game.core.actions import Accept, Action, Offer, Pass, Propose, Refuse, Sign, Vote
from game.core.scoring import red_lines_crossed, score
from game.core.view import View


class RandomBot:
    """Uniform over legal actions (see the module docstring)."""

    strategy = "random"

    def __init__(self, party: str) -> None:
        self.party = party

    @property
    def label(self) -> str:
        return self.strategy

    def __repr__(self) -> str:
        return f"RandomBot({self.party!r})"

    def _acceptable(self, view: View, text: dict[str, str | None]) -> bool:
        assert view.me is not None
        prefs = view.me.preferences
        ids = tuple(i.id for i in view.issues)
        return (not red_lines_crossed(prefs, text)
                and score(prefs, text, ids, view.round - 1) >= prefs.reservation)

    def act(self, view: View, rng: random.Random) -> Decision:
        """A random legal action. See `require_view` for what it refuses."""
        view = require_view(view, self.party)
        who = explain.name(view)
        action: Action
        if view.phase == "votes":
            proposal = next(p for p in this_round(view) if p.result == "pending"
                            and self.party in p.stakeholders and self.party not in p.voted)
            action = Vote(self.party, proposal.id, rng.random() < 0.5)
        elif view.phase == "proposals":
            amendable = {i.id: [o for o in i.option_ids if o != view.draft.get(i.id)]
                         for i in view.issues if i.id not in view.locked}
            amendable = {i: o for i, o in amendable.items() if o}
            if not amendable or rng.random() < 0.5:
                action = Pass(self.party)
            else:
                k = rng.randint(1, min(view.max_amendments, len(amendable)))
                chosen = sorted(rng.sample(sorted(amendable), k),
                                key=[i.id for i in view.issues].index)
                action = Propose(self.party, tuple((i, rng.choice(amendable[i])) for i in chosen))
        elif view.phase == "signing":
            ok = self._acceptable(view, signing_text(view))
            action = Sign(self.party) if ok and rng.random() < 0.5 else Refuse(self.party)
        elif view.phase == "offers":
            can_accept = (view.offer is not None and self.party not in view.accepted
                          and self._acceptable(view, dict(view.offer[1])))
            action = Accept(self.party) if can_accept and rng.random() < 0.5 else (
                self._random_offer(view, rng))
        else:
            raise BotError(f"{self.party} has nothing to decide in the {view.phase} phase",
                           "bot/nothing_to_decide")
        return Decision(action, f"{who} plays at random ({action.verb}), as a baseline")

    def _random_offer(self, view: View, rng: random.Random) -> Offer:
        assert view.me is not None
        banned: dict[str, set[str]] = {}
        for r in view.me.preferences.red_lines:
            banned.setdefault(r.issue, set()).update(r.options)
        text = []
        for issue in view.issues:
            locked = view.draft.get(issue.id) if issue.id in view.locked else None
            options = [locked] if locked is not None else (
                [o for o in issue.option_ids if o not in banned.get(issue.id, ())]
                or list(issue.option_ids))
            text.append((issue.id, rng.choice(options)))
        return Offer(self.party, tuple(text))
