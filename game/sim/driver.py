"""Bots at the table: step a `Session` with bots in some seats or all of them.

The session stays the authority: it rolls chance from its seed and records the replayable log;
the driver only asks the bot whose turn it is for a decision, shows it that seat's
`player_view`, and applies the answer. Each bot gets its own RNG stream,
`random.Random(f"{seed}/{party}")`. With humans at the table `run` stops whenever only humans
may move, so a UI can take their input and call it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.bots import Bot, Decision, make_bot, seat_rng
from game.core.actions import CHANCE
from game.core.model import BotSpec, Scenario
from game.core.rules import apply_action, new_game, to_move
from game.core.state import GameState
from game.core.view import player_view
from game.session.session import Session, chance_roll


@dataclass(frozen=True, slots=True)
class Turn:
    """A bot decision as applied: the log sequence number it got, the seat, the decision."""

    seq: int
    party: str
    decision: Decision


class BotTable:
    """Drives the bot seats of one session.

    It does not check that the bots' parties are in the scenario: a bot for an unknown party
    is simply never asked to move.
    """

    def __init__(self, session: Session, bots: Mapping[str, Bot]) -> None:
        self.session = session
        self.bots = dict(bots)
        self.rngs = {party: seat_rng(session.seed, party) for party in sorted(self.bots)}
        self.turns: list[Turn] = []

    def bot_to_move(self) -> str | None:
        """The first seat, in the order the rules list them, that may move and has a bot."""
        for party in to_move(self.session.state):
            if party in self.bots:
                return party
        return None

    def step(self) -> Turn | None:
        """Let one bot act; None when no bot may move (game over, or humans to move)."""
        party = self.bot_to_move()
        if party is None:
            return None
        decision = self.bots[party].act(self.session.view(party), self.rngs[party])
        self.session.apply(decision.action)
        turn = Turn(self.session.state.seq, party, decision)
        self.turns.append(turn)
        return turn

    def run(self, limit: int = 100_000) -> list[Turn]:
        """Step until no bot may move, at most `limit` times; return the turns taken."""
        taken = []
        for _ in range(limit):
            turn = self.step()
            if turn is None:
                break
            taken.append(turn)
        return taken


def default_specs(scenario: Scenario, overrides: Mapping[str, BotSpec] | None = None
                  ) -> dict[str, BotSpec]:
    """Each party's personality from the scenario, with `overrides` taking precedence."""
    overrides = overrides or {}
    return {p.id: overrides.get(p.id, p.bot) for p in scenario.parties}


def play_bots(scenario: Scenario, scenario_sha256: str, seed: str,
              specs: Mapping[str, BotSpec]) -> tuple[Session, list[Turn]]:
    """Play a whole game with a bot in every seat named in `specs`; seats without a bot must
    be absent from the game's moves, or the game stops when they are to move.

    ValueError for an unknown strategy (see `make_bot`).
    """
    bots = {party: make_bot(party, spec) for party, spec in specs.items()}
    seats = {party: f"bot:{bot.label}" for party, bot in bots.items()}
    session = Session(scenario, scenario_sha256, seed, seats)
    table = BotTable(session, bots)
    table.run()
    return session, table.turns


def play_headless(scenario: Scenario, seed: str, specs: Mapping[str, BotSpec]
                  ) -> tuple[GameState, int]:
    """Play a whole game as `play_bots` does, without keeping a log: the final state and the
    number of actions applied (chance rolls included).

    The same seed gives the very same game as `play_bots`: chance is rolled by
    `game.session.session.chance_roll` and each bot draws from its seat's stream. Batches that
    write no logs use it, as hashing and recording every state costs a tenth of a game.
    ValueError for an unknown strategy (see `make_bot`).
    """
    bots = {party: make_bot(party, spec) for party, spec in specs.items()}
    rngs = {party: seat_rng(seed, party) for party in sorted(bots)}
    state = new_game(scenario)[0]
    actions = 0
    while state.running:
        moves = to_move(state)
        if moves == (CHANCE,):
            state = apply_action(state, chance_roll(seed, state))[0]
            actions += 1
            continue
        party = next((p for p in moves if p in bots), None)
        if party is None:
            break
        decision = bots[party].act(player_view(state, party), rngs[party])
        state = apply_action(state, decision.action)[0]
        actions += 1
    return state, actions
