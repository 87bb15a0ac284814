"""The session: the one authority that changes a game.

It owns the current `GameState`, applies actions through `game.core.rules.apply_action`, samples
chance events from a seeded RNG and records the result as an `EventRoll`, and appends every
applied action to the log (and to the autosave file, when there is one) before returning. UIs,
bots and servers talk to a `Session`; they never build states themselves.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game import __version__
from game.core import log as gamelog
from game.core.actions import CHANCE, Action, EventRoll
from game.core.model import Scenario
from game.core.rules import apply_action, chance_outcomes, new_game, to_move
from game.core.state import GameState, LogEvent
from game.core.view import View, player_view
from game.session.store import AutosaveLog, LoadedLog, save_log


def chance_roll(seed: str, state: GameState) -> EventRoll:
    """The seeded outcome of the next pending chance event.

    Each roll has its own stream, `f"{seed}/chance/{round}/{event}"` (string seeds are hashed
    with SHA-512 by `random.Random`, never with `hash()`), so resuming a game mid-way rolls
    exactly as the uninterrupted game would have.
    """
    (hit, p), (miss, _) = chance_outcomes(state)
    rng = random.Random(f"{seed}/chance/{state.round}/{hit.event}")
    return hit if rng.random() < p else miss


class Session:
    """One game: its state, its log, and optionally its autosave file."""

    def __init__(self, scenario: Scenario, scenario_sha256: str, seed: str,
                 seats: Mapping[str, str], *, autosave: Path | None = None,
                 head: Mapping[str, Any] | None = None) -> None:
        self.scenario = scenario
        self.seed = seed
        self.header: dict[str, Any] = dict(head) if head is not None else gamelog.header(
            scenario, scenario_sha256, seed, seats, __version__)
        self.state, _ = new_game(scenario)
        self.records: list[dict[str, Any]] = []
        self._autosave = AutosaveLog(autosave, self.header) if autosave else None
        self.history: gamelog.Replayed | None = None
        """A resumed session's replay of the log it was read from, with the state before each
        action, until another action is applied: a table re-decides its bots' moves from it
        instead of replaying the log again. None for a new session."""
        self.settle_chance()

    @property
    def seats(self) -> dict[str, str]:
        return dict(self.header["seats"])

    def apply(self, action: Action) -> tuple[LogEvent, ...]:
        """Apply a legal action and record it; raise `GameError` and change nothing if illegal.

        Pending chance events are rolled straight afterwards, so callers only ever see states
        that wait for a seat.
        """
        events = self._apply(action)
        return events + self.settle_chance()

    def _apply(self, action: Action) -> tuple[LogEvent, ...]:
        before = self.state
        after, events = apply_action(before, action)
        rec = gamelog.record(before, action, events, after)
        self.history = None
        if self._autosave is not None:
            self._autosave.append(rec)  # on disk before the state moves on
        self.records.append(rec)
        self.state = after
        return events

    def settle_chance(self) -> tuple[LogEvent, ...]:
        events: tuple[LogEvent, ...] = ()
        while to_move(self.state) == (CHANCE,):
            events += self._apply(chance_roll(self.seed, self.state))
        return events

    def view(self, viewer: str) -> View:
        return player_view(self.state, viewer)

    def save(self, path: Path) -> None:
        """Write the whole log to `path` atomically."""
        save_log(path, self.header, self.records)

    def close(self) -> None:
        if self._autosave is not None:
            self._autosave.close()
            self._autosave = None

    def branch(self, round_number: int, *, autosave: Path | None = None) -> Session:
        """A "what if": a new game that restarts from the start of `round_number`.

        Its log keeps this game's records up to that point, byte for byte (chance rolls at the
        start of the round are seeded, so they come out the same), and its header names this
        game's header hash as `parent` and the round as `branch_round`. This session is closed;
        its log and saves are left as they are. ValueError for a round not yet reached.
        """
        if not 1 <= round_number <= self.state.round:
            raise ValueError(f"round {round_number} is not an earlier round of this game "
                             f"(it is in round {self.state.round})")
        keep = [r for r in self.records if int(r["round"]) < round_number]
        head = gamelog.header(self.scenario, str(self.header["scenario_sha256"]), self.seed,
                              self.header["seats"], __version__,
                              parent=gamelog.header_hash(self.header),
                              branch_round=round_number)
        self.close()
        return Session.resume(self.scenario, LoadedLog(head, keep), autosave=autosave)

    @classmethod
    def resume(cls, scenario: Scenario, loaded: LoadedLog, *,
               autosave: Path | None = None) -> Session:
        """Rebuild a session from a read log, checking every state hash on the way."""
        head = loaded.header
        session = cls.__new__(cls)
        session.scenario = scenario
        session.seed = str(head["seed"])
        session.header = dict(head)
        try:
            replayed = gamelog.replay(scenario, loaded.records, verify=True, keep_states=True)
        except gamelog.LogError as exc:
            raise gamelog.explained(exc, head, scenario) from None
        session.state = replayed.state
        session.records = [dict(r) for r in loaded.records]
        session._autosave = (AutosaveLog(autosave, session.header, session.records)
                             if autosave else None)
        session.settle_chance()
        # Kept only now: chance rolls just settled are no seat's moves, so it still serves.
        session.history = replayed
        return session
