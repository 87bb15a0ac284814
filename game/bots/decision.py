"""The contract between a seat's bot and whoever drives it: a view in, a decision out.

A bot is handed exactly what a human in its seat would see, `player_view(state, party)`, and
an injected RNG. It answers with a `Decision`: one legal action plus a one-sentence reason in
the seat's own terms, which the UI and the debrief show to students. `require_view` is the
gate every strategy passes through first, so a bot cannot be given a game state, another
seat's view, or a view that carries other parties' hidden preferences.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from game.core.actions import Action
from game.core.view import View


class BotError(ValueError):
    """A bot was asked to act on something it must not or cannot act on."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class Decision:
    """One action and why the seat takes it, in a sentence the seat's player could say.

    The reason may be given as a function that words it: it is then worded once, when first
    read (a batch of games reads none). Decisions compare by action and reason.
    """

    __slots__ = ("_why", "action")

    def __init__(self, action: Action, reason: str | Callable[[], str]) -> None:
        self.action = action
        self._why = reason

    @property
    def reason(self) -> str:
        why = self._why
        if not isinstance(why, str):
            why = self._why = why()
        return why

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return self.action == other.action and self.reason == other.reason

    def __hash__(self) -> int:
        return hash((self.action, self.reason))

    def __repr__(self) -> str:
        return f"Decision(action={self.action!r}, reason={self.reason!r})"

    def __str__(self) -> str:
        return f"{self.action}  # {self.reason}"


@runtime_checkable
class Bot(Protocol):
    """A negotiator for one seat.

    `act` is called only when the seat is in `view.to_move`; it returns a legal action for the
    current phase: propose or pass, vote, sign or refuse, offer or accept. Bots are
    deterministic given the views they are shown and the RNG they are handed.
    """

    @property
    def party(self) -> str: ...

    @property
    def label(self) -> str:
        """The strategy as the log header and the reports name it, e.g. `time_dependent:e=0.8`."""
        ...

    def act(self, view: View, rng: random.Random) -> Decision: ...


def require_view(view: object, party: str) -> View:
    """`view` if it is this seat's own running view with this seat to move, else raise.

    A `TypeError` for anything that is not a `View` (a `GameState` above all), a `BotError` for
    another seat's view, a view revealing others' preferences, a finished game, or a seat that
    is not to move.
    """
    if not isinstance(view, View):
        raise TypeError(f"a bot decides from its seat's View (player_view), "
                        f"not from a {type(view).__name__}")
    if view.viewer != party or view.me is None:
        raise BotError(f"{party}'s bot was handed the view of {view.viewer!r}", "bot/wrong_seat")
    if view.all_preferences is not None:
        raise BotError(f"{party}'s bot was handed a view that reveals other parties' "
                       "preferences", "bot/not_a_party_view")
    if view.status != "running":
        raise BotError(f"the game is over ({view.status.replace('_', ' ')}): {party} has nothing "
                       "to decide", "bot/game_over")
    if party not in view.to_move:
        raise BotError(f"it is not {party}'s move (waiting for "
                       f"{', '.join(view.to_move) or 'nobody'})", "bot/not_your_turn")
    return view


def seat_rng(seed: str, party: str) -> random.Random:
    """The seat's own RNG stream, `random.Random(f"{seed}/{party}")`.

    String seeds are hashed with SHA-512 by `random.Random`, never with `hash()`, so streams do
    not depend on `PYTHONHASHSEED`.
    """
    return random.Random(f"{seed}/{party}")
