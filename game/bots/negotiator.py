"""The negotiating strategies: one shared decision machinery, one target curve each.

Every strategy decides the same way and differs only in its **target**, the utility it holds
out for at time `t` (0 at the first round, 1 at the last; under alternating offers `t` moves
turn by turn). The target runs between the seat's best signable utility `best` and its
reservation expressed as the utility that reaches it if signed now,
`floor = reservation / (1 - urgency) ** (round - 1)` (never above `best`):

- `time_dependent` (Faratin, Sierra & Jennings 1998):
  `target(t) = best - (best - floor) * t ** (1 / e)`; `e < 1` is Boulware (holds firm, then
  concedes late), `e = 1` linear, `e > 1` Conceder. Presets: `boulware` e = 0.2, `linear`
  e = 1, `conceder` e = 2.
- `tit_for_tat` (relative): it concedes the share of its range that the others have conceded
  to it, `target = best - (best - floor) * c`, where `c` is the mean over the other parties of
  how far their offers have moved towards it since their first, measured in its own utility
  as a share of `best - floor` (clipped to 0..1). Nobody moves, it does not move.
- `hardliner`: `target = best - 0.1 * (best - floor)` until the last round, then `floor`.

With the target in hand:

- **Proposals** (`game.bots.search`): among packages of up to `max_amendments` amendments,
  those that keep the seat at or above its target with a fair chance of passing, ranked by
  that chance (by the opponent model, `game.bots.knowledge`); if there are none, those that
  improve on the draft, ranked by expected improvement. The bot draws from the best few with
  its RNG, leaving out packages already tabled this round (a copy could only lapse). It
  passes when the chance is negligible, when a package already tabled this round covers the
  same clauses and suits it, when its best few are all on the table already, or when it is
  content with a complete draft nobody has refused. In the last round every package must
  settle the clauses that have no fallback.
- **Votes:** support when the draft after the proposal, open clauses valued at the seat's
  expectation (`game.bots.outlook`), is worth at least the target, or when it strictly
  improves on the current draft; never for a clause across one of its red lines. In the last
  round the package makes the final text, so support it only if the seat would sign that text.
- **Signing:** never below the reservation, never across a red line. Before the final signing
  it also holds out while the text is below its target.
- **Alternating offers:** accept the standing offer when it reaches the target (and the
  reservation); otherwise offer the complete text at or above the target that the others
  are likeliest to accept (`game.bots.offers`).

Every decision comes with a one-sentence reason (`game.bots.explain`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection
from typing import ClassVar

import numpy as np

from game.bots import explain
from game.bots.decision import BotError, Decision, require_view
from game.bots.knowledge import (
    F64,
    Layout,
    Model,
    OpponentModel,
    OwnTables,
    SeatModel,
    layout,
    own_tables,
    public_model,
)
from game.bots.offers import best_offer
from game.bots.outlook import Outlook, expect
from game.bots.search import Board, Candidate, Search
from game.core.actions import Accept, Amendments, Offer, Pass, Propose, Refuse, Sign, Vote
from game.core.model import Issue
from game.core.scoring import discount, red_lines_crossed, score
from game.core.view import ProposalView, View
from game.core.words import possessive

MIN_PASS_CHANCE = 0.05
"""Below this estimated chance of passing, a proposal is not worth the table's time."""
TEMPERATURE = 0.5
"""Proposals are drawn among the best candidates with weights exp(score / TEMPERATURE), the
score in log-odds: near-equal packages are tabled about equally often, clearly worse ones
almost never. This is where a bot's RNG makes games differ."""
SHORTLIST = 5
"""How many of the best candidates the draw considers."""
BUSY_CHANCE = 0.3
"""A package already on the table this round that is at least this likely to pass is left to
pass: the seat does not table a rival package on the same clauses."""
SETTLE_LEVEL = 0.55
"""The opponent model's guess of the level, on its 0..1 scale, others settle for at the end."""


def clock(view: View, party: str) -> float:
    """How far the game has run, 0 at the first decision and 1 at the last.

    Single text: by round. Alternating offers: by turn, as each turn is a decision.
    """
    if view.protocol == "alternating_offers":
        n = len(view.order)
        total = view.rounds * n - 1
        turn = view.order.index(party) if party in view.order else 0
        return min(1.0, ((view.round - 1) * n + turn) / total) if total > 0 else 1.0
    return (view.round - 1) / (view.rounds - 1) if view.rounds > 1 else 1.0


def signing_text(view: View) -> dict[str, str | None]:
    """The text on the signing table: the draft, open clauses at `if_open` at the final signing."""
    text: dict[str, str | None] = {}
    for issue in view.issues:
        option = view.draft.get(issue.id)
        if option is None and view.final_signing:
            option = issue.if_open
        text[issue.id] = option
    return text


def this_round(view: View) -> tuple[ProposalView, ...]:
    """The proposals tabled this round (a suffix of the history)."""
    k = len(view.proposals)
    while k and view.proposals[k - 1].round == view.round:
        k -= 1
    return view.proposals[k:]


def _draw(shortlist: list[Candidate], rng: random.Random,
          tabled: Collection[frozenset[tuple[str, str]]] = ()) -> Candidate | None:
    """A candidate of the best class, drawn with weights exp(score / TEMPERATURE) among the
    best `SHORTLIST` of it not in `tabled` (already on the table this round: a second copy
    could only lapse). None when the shortlist is empty or every candidate of its best class
    is tabled; the best candidate is then among the tabled ones."""
    if not shortlist:
        return None
    top = shortlist[0]
    pool = [c for c in shortlist
            if c.feasible == top.feasible and frozenset(c.amendments) not in tabled][:SHORTLIST]
    if not pool:
        return None
    weights = [math.exp((c.rank - top.rank) / TEMPERATURE) for c in pool]
    return rng.choices(pool, weights)[0]


class Negotiator:
    """The shared decision machinery; subclasses define `target`.

    A negotiator remembers what it has seen (its opponent model, and under alternating offers
    the offers made) so that learning costs little per decision; it rebuilds from the view when
    it is shown an earlier or another game.
    """

    strategy: ClassVar[str]

    def __init__(self, party: str, e: float | None = None) -> None:
        self.party = party
        self.e = e
        self._model: Model | None = None
        self._seat: SeatModel | None = None
        self._game: tuple[str, int] = ("", 0)
        self._offers: list[tuple[str, dict[str, str]]] = []
        self._outlook_key: tuple[object, ...] = ()
        self._outlook = Outlook({}, {}, {}, 0.0)
        self._support_key: tuple[int, Layout | None] = (0, None)
        self._support_sum: F64 = np.zeros(0)

    @property
    def label(self) -> str:
        return self.strategy if self.e is None else f"{self.strategy}:e={self.e:g}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.party!r}, {self.label!r})"

    # -- what the seat knows ----------------------------------------------------------------

    def _learn(self, view: View) -> Model:
        if view.protocol != "alternating_offers":
            # What every seat learns from the public record is the same: learn it once.
            public = public_model(view)
            seat = self._seat
            if seat is None or seat.public is not public:
                seat = self._seat = SeatModel(public, self.party)
            self._model = seat
            return seat
        model = self._model
        if isinstance(model, SeatModel):
            model = None
        seen = model is not None and self._game[0] == view.scenario_id and (
            len(view.proposals) >= self._game[1])
        if model is None or not seen:
            model = self._model = OpponentModel(view)
            self._offers = []
        model.observe(view)
        self._game = (view.scenario_id, len(view.proposals))
        if view.offer is not None and view.offer[0] != self.party:
            made = (view.offer[0], dict(view.offer[1]))
            if not self._offers or self._offers[-1] != made:
                self._offers.append(made)
                model.observe_offer(*made)
        return model

    def floor(self, view: View, own: OwnTables) -> float:
        """The utility that reaches the reservation if signed this round (at most `best`)."""
        assert view.me is not None
        prefs = view.me.preferences
        f = discount(prefs.urgency, view.round - 1)
        needed = prefs.reservation / f if f > 0 else float("inf")
        return min(needed, own.best)

    def target(self, view: View, own: OwnTables, t: float, floor: float) -> float:
        raise NotImplementedError

    def outlook(self, view: View, own: OwnTables, model: Model, t: float) -> Outlook:
        """How the seat expects the open clauses to fall (see `game.bots.outlook`), cached
        until the draft, the issues, the model or the round change."""
        key = (view.draft, view.issues, model.version, view.round, own)
        if len(key) == len(self._outlook_key) and all(
                a is b or a == b for a, b in zip(key, self._outlook_key, strict=True)):
            return self._outlook
        self._outlook_key = key
        self._outlook = expect(view, own, model, t)
        return self._outlook

    # -- deciding ---------------------------------------------------------------------------

    def act(self, view: View, rng: random.Random) -> Decision:
        """This seat's next action and its reason. See `require_view` for what it refuses."""
        view = require_view(view, self.party)
        model = self._learn(view)
        own = own_tables(view)
        t = clock(view, self.party)
        floor = self.floor(view, own)
        target = self.target(view, own, t, floor)
        if view.phase == "votes":
            return self._vote(view, own, self.outlook(view, own, model, t), target)
        if view.phase == "proposals":
            return self._propose(view, own, model, self.outlook(view, own, model, t), t=t,
                                 target=target, rng=rng)
        if view.phase == "signing":
            return self._sign(view, own, target)
        if view.phase == "offers":
            return self._offer(view, own, model, target)
        raise BotError(f"{self.party} has nothing to decide in the {view.phase} phase",
                       "bot/nothing_to_decide")

    def _vote(self, view: View, own: OwnTables, look: Outlook, target: float) -> Decision:
        proposal = next(p for p in this_round(view) if p.result == "pending"
                        and self.party in p.stakeholders and self.party not in p.voted)
        assert view.me is not None
        crossed = red_lines_crossed(view.me.preferences, dict(proposal.amendments))
        if crossed:
            r = crossed[0]
            return Decision(Vote(self.party, proposal.id, False),
                            f"{explain.name(view)} opposes #{proposal.id}: "
                            + explain.red_line(view, r.issue, dict(proposal.amendments)[r.issue],
                                               r.reason))
        if view.round == view.rounds:
            return self._final_vote(view, proposal.id, proposal.amendments)
        value = look.after(own, proposal.amendments)
        enough = value >= target - 1e-9
        yes = enough or value > look.value + 1e-9
        reached = look.value >= target - 1e-9
        return Decision(Vote(self.party, proposal.id, yes),
                        lambda: explain.support(view, own, look, proposal.id, proposal.amendments,
                                                yes=yes, reached=reached, enough=enough))

    def _busy(self, view: View, own: OwnTables, look: Outlook, target: float, search: Search
              ) -> frozenset[str]:
        """Clauses amended by packages already tabled this round that the seat supports and
        expects to pass: its own package would lapse on them."""
        assert view.me is not None
        mine = [p.amendments for p in this_round(view) if p.party != self.party
                and not red_lines_crossed(view.me.preferences, dict(p.amendments))
                and ((value := look.after(own, p.amendments)) >= target - 1e-9
                     or value > look.value + 1e-9)]
        busy: set[str] = set()
        for amendments, judged in zip(mine, search.evaluate(mine), strict=True):
            if judged is not None and judged.pass_chance >= BUSY_CHANCE:
                busy.update(i for i, _ in amendments)
        return frozenset(busy)

    def _final_vote(self, view: View, number: int, amendments: Amendments) -> Decision:
        """Last round: the package makes the final text, so support it only if the seat would
        sign that text (open clauses at their fallbacks)."""
        assert view.me is not None
        prefs = view.me.preferences
        who = explain.name(view)
        text = {i.id: view.draft.get(i.id) or i.if_open for i in view.issues}
        text.update(amendments)
        left = [view.issue(i).name for i, o in text.items() if o is None]
        if left:
            return Decision(Vote(self.party, number, False),
                            f"{who} opposes #{number}: it leaves {', '.join(left)} open in the "
                            "last round, and that means no deal")
        full = {i: o for i, o in text.items() if o is not None}
        crossed = red_lines_crossed(prefs, full)
        if crossed:
            r = crossed[0]
            return Decision(Vote(self.party, number, False), f"{who} opposes #{number}: the final "
                            "text " + explain.red_line(view, r.issue, full[r.issue], r.reason))
        ids = tuple(i.id for i in view.issues)
        if score(prefs, full, ids, view.round - 1) >= prefs.reservation:
            return Decision(Vote(self.party, number, True),
                            f"{who} supports #{number}: it makes a final text {who} can sign")
        own = own_tables(view)
        return Decision(Vote(self.party, number, False),
                        f"{who} opposes #{number}: the final text would be worse for it than no "
                        f"deal, above all {explain.clause(view, *explain.weakest(own, full))}")

    def _propose(self, view: View, own: OwnTables, model: Model, look: Outlook, *,
                 t: float, target: float, rng: random.Random) -> Decision:
        who = explain.name(view)
        last = view.round == view.rounds
        refused = any(not yes for yes in view.decisions.values())
        if not any(v is None for v in view.draft.values()) and look.value >= target and (
                not refused):
            return Decision(Pass(self.party), f"{who} passes: the draft is complete and good "
                            "enough for it to sign")
        failed: dict[frozenset[tuple[str, str]], int] = {}
        for p in view.proposals:
            if p.result == "failed":
                key = frozenset(p.amendments)
                failed[key] = failed.get(key, 0) + 1
        lay = layout(view.issues, model.others)
        vetoes = np.zeros((len(model.others), len(lay.pairs)))
        for row, j in enumerate(model.others):
            for pair, n in model.suspected_vetoes(j).items():
                if pair in lay.index:
                    vetoes[row, lay.index[pair]] = n
        board = Board(
            issues=view.issues, layout=lay, locked=view.locked, outlook=look, own=own,
            models=model.matrix(view.issues), vetoes=vetoes,
            signers=np.asarray([float(j in view.signatories) for j in model.others]),
            reservations=np.asarray([model.reservation_level(j, view.issues)
                                     for j in model.others], dtype=np.float32),
            t=t, min_chance=0.0 if last else MIN_PASS_CHANCE,
            tau=1.0 - (1.0 - SETTLE_LEVEL) * t, target=target,
            max_amendments=view.max_amendments,
            must_settle=frozenset(i.id for i in view.issues
                                  if view.draft.get(i.id) is None and i.if_open is None),
            settle_all=last,
            failed=failed,
        )
        search = Search(board)
        busy = frozenset() if last else self._busy(view, own, look, target, search)
        tabled = {frozenset(p.amendments): p.id for p in this_round(view)}
        shortlist = search.candidates(busy)
        pick = _draw(shortlist, rng, tabled)
        # In the last round a long shot costs nothing: the alternative is no deal.
        if pick is None or (pick.pass_chance < MIN_PASS_CHANCE and not last):
            if pick is None and shortlist:
                number = tabled[frozenset(shortlist[0].amendments)]
                return Decision(Pass(self.party), f"{who} passes: the package it would table is "
                                f"already on the table as #{number}")
            if busy:
                return Decision(Pass(self.party), f"{who} passes: what is already on the table "
                                "this round suits it")
            return Decision(Pass(self.party), f"{who} passes: nothing it could table is both "
                            "worth enough to it and likely to pass")
        return Decision(Propose(self.party, pick.amendments),
                        lambda: explain.proposal(view, own, look, pick.amendments))

    def _sign(self, view: View, own: OwnTables, target: float) -> Decision:
        assert view.me is not None
        prefs = view.me.preferences
        who = explain.name(view)
        text = signing_text(view)
        crossed = red_lines_crossed(prefs, text)
        if crossed:
            r = crossed[0]
            option = text[r.issue]
            assert option is not None
            return Decision(Refuse(self.party), f"{who} cannot sign: "
                            + explain.red_line(view, r.issue, option, r.reason))
        full = {i: o for i, o in text.items() if o is not None}
        if score(prefs, text, tuple(i.id for i in view.issues), view.round - 1) < prefs.reservation:
            return Decision(Refuse(self.party), f"{who} refuses: no deal is better for it than "
                            f"this text, above all because of "
                            f"{explain.clause(view, *explain.weakest(own, full))}")
        if not view.final_signing and own.value(full) < target - 1e-9:
            return Decision(Refuse(self.party), f"{who} refuses for now: it expects a better "
                            "text before the deadline")
        return Decision(Sign(self.party), lambda: f"{who} signs: the text beats no deal, above "
                        f"all for {explain.clause(view, *explain.strongest(own, full))}")

    def _offer(self, view: View, own: OwnTables, model: Model, target: float
               ) -> Decision:
        assert view.me is not None
        prefs = view.me.preferences
        ids = own.issue_ids  # the view's issues, in order
        if view.offer is not None and self.party not in view.accepted:
            standing = dict(view.offer[1])
            # The target test first: it is the one a standing offer usually fails.
            if (not red_lines_crossed(prefs, standing)
                    and own.value(standing) >= target - 1e-9
                    and score(prefs, standing, ids, view.round - 1) >= prefs.reservation):
                offerer = view.offer[0]
                return Decision(Accept(self.party), lambda: (
                    f"{explain.name(view)} accepts {possessive(view.party(offerer).name)} "
                    f"offer: it gives {explain.name(view)} what it asks for now, above all "
                    f"{explain.clause(view, *explain.strongest(own, standing))}"))
        lay = layout(view.issues, model.others)
        pairs = best_offer(view, own, lay, self._support(model, view.issues, lay), target)
        return Decision(Offer(self.party, pairs), lambda: (
            f"{explain.name(view)} offers a full text that keeps "
            f"{explain.clause(view, *explain.strongest(own, dict(pairs)))} and gives way on "
            f"{explain.clause(view, *explain.weakest(own, dict(pairs)))}"))

    def _support(self, model: Model, issues: tuple[Issue, ...], lay: Layout) -> F64:
        """The others' summed estimated value of each option on `lay`'s axis, kept until the
        model learns something (under alternating offers most turns bring nothing new)."""
        key = (model.version, lay)
        if self._support_key[0] != key[0] or self._support_key[1] is not lay:
            self._support_key = key
            matrix = model.matrix(issues)
            # One other party (bilateral talks): its row is the sum, to the bit.
            self._support_sum = matrix[0] if len(matrix) == 1 else np.add.reduce(matrix, axis=0)
        return self._support_sum


class TimeDependent(Negotiator):
    """Faratin-Sierra-Jennings time-dependent concession (see the module docstring)."""

    strategy = "time_dependent"

    def __init__(self, party: str, e: float | None = None) -> None:
        if e is not None and e <= 0:
            raise ValueError(f"the concession exponent e must be above 0, not {e}")
        super().__init__(party, 1.0 if e is None else e)

    def target(self, view: View, own: OwnTables, t: float, floor: float) -> float:
        assert self.e is not None
        return own.best - (own.best - floor) * math.pow(t, 1.0 / self.e)


class Hardliner(Negotiator):
    """Holds near its best; concedes to its reservation only in the last round."""

    strategy = "hardliner"

    def target(self, view: View, own: OwnTables, t: float, floor: float) -> float:
        if t >= 1.0:
            return floor
        return own.best - 0.1 * (own.best - floor)


class TitForTat(Negotiator):
    """Relative tit-for-tat: mirrors, in its own utility, the concessions made to it."""

    strategy = "tit_for_tat"

    def __init__(self, party: str) -> None:
        super().__init__(party, None)
        self._mirror_key: tuple[object, ...] = ()
        self._mirror = 0.0

    def target(self, view: View, own: OwnTables, t: float, floor: float) -> float:
        return own.best - (own.best - floor) * self._conceded(view, own, t, floor)

    def _conceded(self, view: View, own: OwnTables, t: float, floor: float) -> float:
        """Mean share of this seat's range the others have conceded to it so far."""
        span = own.best - floor
        if span <= 0:
            return 1.0
        key = (view.round, len(view.proposals), len(self._offers), view.draft, own)
        if len(key) == len(self._mirror_key) and all(
                a is b or a == b for a, b in zip(key, self._mirror_key, strict=True)):
            return self._mirror
        assert self._model is not None
        look = self.outlook(view, own, self._model, t)
        offers: dict[str, list[float]] = {}
        for p in view.proposals:
            if p.party != self.party and p.round < view.round:
                offers.setdefault(p.party, []).append(look.after(own, p.amendments))
        for party, text in self._offers:
            offers.setdefault(party, []).append(own.value(text))
        moves = [max(0.0, min(1.0, (max(v[1:]) - v[0]) / span))
                 for v in offers.values() if len(v) >= 2]
        self._mirror = float(np.mean(moves)) if moves else 0.0
        self._mirror_key = key
        return self._mirror
