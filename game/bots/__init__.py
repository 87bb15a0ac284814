"""Negotiator bots: they fill every seat without a human, seeing only that seat's view.

`make_bot(party, spec)` builds the bot a scenario's `bot: {strategy, e}` (or a seat override)
asks for; `bot.act(player_view(state, party), rng)` returns a `Decision`, an action with its
one-sentence reason. Strategies and their formulas are documented in `game.bots.negotiator`.
"""

from __future__ import annotations

from typing import get_args

from game.bots.baseline import RandomBot
from game.bots.decision import Bot, BotError, Decision, require_view, seat_rng
from game.bots.negotiator import Hardliner, TimeDependent, TitForTat
from game.core.model import BotSpec, Strategy

PRESETS: dict[str, float] = {"boulware": 0.2, "linear": 1.0, "conceder": 2.0}
"""Named time-dependent strategies and their concession exponent e."""
STRATEGIES: tuple[str, ...] = get_args(Strategy)

__all__ = [
    "PRESETS", "STRATEGIES", "Bot", "BotError", "Decision", "make_bot", "parse_spec",
    "require_view", "seat_rng",
]


def make_bot(party: str, spec: BotSpec) -> Bot:
    """The bot for `party` with this strategy; a preset's e can be overridden by `spec.e`.

    ValueError for an unknown strategy or an exponent e at or below 0. It does not check that
    `party` exists; the bot's first view does.
    """
    strategy, e = spec.strategy, spec.e
    if strategy in PRESETS:
        return _Preset(party, strategy, PRESETS[strategy] if e is None else e)
    if strategy == "time_dependent":
        return TimeDependent(party, e)
    if strategy == "tit_for_tat":
        return TitForTat(party)
    if strategy == "hardliner":
        return Hardliner(party)
    if strategy == "random":
        return RandomBot(party)
    raise ValueError(f"unknown bot strategy {strategy!r}; expected one of {', '.join(STRATEGIES)}")


class _Preset(TimeDependent):
    """A named time-dependent strategy (`boulware`, `linear`, `conceder`)."""

    def __init__(self, party: str, name: str, e: float) -> None:
        super().__init__(party, e)
        self._name = name
        self._default = e == PRESETS[name]

    @property
    def label(self) -> str:
        return self._name if self._default else f"{self._name}:e={self.e:g}"


def parse_spec(text: str) -> BotSpec:
    """Read `STRATEGY` or `STRATEGY:e=0.3` (as `--seat` and seat set-up write it).

    ValueError with a one-line message on anything else.
    """
    name, _, options = text.strip().partition(":")
    if name not in STRATEGIES:
        raise ValueError(f"unknown strategy {name!r}; expected one of {', '.join(STRATEGIES)}")
    e: float | None = None
    if options:
        key, sep, value = options.partition("=")
        if key.strip() != "e" or not sep:
            raise ValueError(f"cannot read {options!r}; the only option is e, as in {name}:e=0.5")
        try:
            e = float(value)
        except ValueError:
            raise ValueError(f"e must be a number, not {value!r}") from None
        if not e > 0 or e == float("inf"):
            raise ValueError(f"e must be a positive number, not {value!r}")
    return BotSpec(name, e)  # type: ignore[arg-type]  # checked against STRATEGIES above
