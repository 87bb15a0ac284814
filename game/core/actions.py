"""Actions: small value objects with a text form that round-trips.

Every surface (UI, bots, simulation, replay, network) drives the game by handing one of these
to `game.core.rules.apply_action`. `str(action)` gives a line you can paste into a test or a
log, and `parse_action(str(action)) == action`:

    propose uk force_size=under_30k us_backstop=air_power -- 'Europe leads, the US backs it'
    pass uk
    vote france 3 yes
    sign ukraine
    refuse russia
    say poland "No Polish troops in Ukraine."
    fire odesa_strike by control
    inject control 'Strike on Odesa port' 'Shipping halts.' '[{"kind": "news", ...}]'
    force-signing control
    seat poland bot:boulware by control
    roll odesa_strike hit
    offer usa force_size=up_to_30k us_backstop=intel_logistics zone=cities_ports
    accept ukraine

`to_dict` and `action_from_dict` give the same information as JSON-ready data for the log.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from game.core.effect_data import effect_from_dict, effect_to_dict
from game.core.errors import BadActionTextError
from game.core.model import Effect

Amendments = tuple[tuple[str, str], ...]
"""Ordered (issue, option) pairs."""


def _pairs(text: Amendments) -> str:
    return " ".join(f"{issue}={option}" for issue, option in text)


def _quote(note: str) -> str:
    return f"-- {shlex.quote(note)}" if note else ""


class _PartyAction:
    """What every action taken by a party shares: its actor, and `verb party` as text."""

    __slots__ = ()
    party: str
    verb: ClassVar[str]

    @property
    def actor(self) -> str:
        return self.party

    def __str__(self) -> str:
        return f"{self.verb} {self.party}"


@dataclass(frozen=True, slots=True)
class Propose(_PartyAction):
    """Table amendments to the draft (single negotiating text)."""

    party: str
    amendments: Amendments
    note: str = ""
    verb: ClassVar[str] = "propose"

    def __str__(self) -> str:
        return " ".join(x for x in (self.verb, self.party, _pairs(self.amendments),
                                    _quote(self.note)) if x)


@dataclass(frozen=True, slots=True)
class Pass(_PartyAction):
    """Table nothing this turn."""

    party: str
    verb: ClassVar[str] = "pass"


@dataclass(frozen=True, slots=True)
class Vote(_PartyAction):
    """Support or oppose a proposal tabled this round; hidden until everyone has voted."""

    party: str
    proposal: int
    support: bool
    verb: ClassVar[str] = "vote"

    def __str__(self) -> str:
        return f"{self.verb} {self.party} {self.proposal} {'yes' if self.support else 'no'}"


@dataclass(frozen=True, slots=True)
class Sign(_PartyAction):
    party: str
    verb: ClassVar[str] = "sign"


@dataclass(frozen=True, slots=True)
class Refuse(_PartyAction):
    party: str
    verb: ClassVar[str] = "refuse"


@dataclass(frozen=True, slots=True)
class Statement(_PartyAction):
    """A public statement; it changes nothing but the record."""

    party: str
    text: str
    verb: ClassVar[str] = "say"

    def __str__(self) -> str:
        return f"{self.verb} {self.party} {shlex.quote(self.text)}"


@dataclass(frozen=True, slots=True)
class FireEvent:
    """The control seat fires one of the scenario's events now."""

    event: str
    by: str = "control"
    verb: ClassVar[str] = "fire"

    def __str__(self) -> str:
        return f"{self.verb} {self.event} by {self.by}"

    @property
    def actor(self) -> str:
        return self.by


class _ControlAction:
    """What the control seat's own actions share: the actor is `by`."""

    __slots__ = ()
    by: str

    @property
    def actor(self) -> str:
        return self.by


@dataclass(frozen=True, slots=True)
class Inject(_ControlAction):
    """An ad-hoc inject written at the table: a headline, its text and optional effects.

    The effects are the scenario format's effect kinds; in the log they are plain data (see
    `game.core.effect_data`).
    """

    headline: str
    text: str
    effects: tuple[Effect, ...] = ()
    by: str = "control"
    verb: ClassVar[str] = "inject"

    def __str__(self) -> str:
        words = [self.verb, self.by, shlex.quote(self.headline), shlex.quote(self.text)]
        if self.effects:
            data = [effect_to_dict(e) for e in self.effects]
            words.append(shlex.quote(json.dumps(data, sort_keys=True, ensure_ascii=False)))
        return " ".join(words)


@dataclass(frozen=True, slots=True)
class ForceSigning(_ControlAction):
    """The control seat closes the talking and opens signing on the current draft."""

    by: str = "control"
    verb: ClassVar[str] = "force-signing"

    def __str__(self) -> str:
        return f"{self.verb} {self.by}"


@dataclass(frozen=True, slots=True)
class Reseat(_ControlAction):
    """A seat changes hands: `seat` is `human:NAME` or `bot:SPEC`. The game is unchanged; the
    record tells a resumed game, a replay and the report who played the seat from here on."""

    party: str
    seat: str
    by: str = "control"
    verb: ClassVar[str] = "seat"

    def __str__(self) -> str:
        return f"{self.verb} {self.party} {shlex.quote(self.seat)} by {self.by}"


@dataclass(frozen=True, slots=True)
class EventRoll:
    """The outcome of a chance event's roll, sampled by the session and recorded in the log."""

    event: str
    fired: bool
    verb: ClassVar[str] = "roll"

    def __str__(self) -> str:
        return f"{self.verb} {self.event} {'hit' if self.fired else 'miss'}"

    @property
    def actor(self) -> str:
        return CHANCE


@dataclass(frozen=True, slots=True)
class Offer(_PartyAction):
    """Alternating offers: propose a complete text."""

    party: str
    text: Amendments
    verb: ClassVar[str] = "offer"

    def __str__(self) -> str:
        return f"{self.verb} {self.party} {_pairs(self.text)}"


@dataclass(frozen=True, slots=True)
class Accept(_PartyAction):
    """Alternating offers: accept the standing offer."""

    party: str
    verb: ClassVar[str] = "accept"


Action = (
    Propose | Pass | Vote | Sign | Refuse | Statement | FireEvent | EventRoll | Offer | Accept
    | Inject | ForceSigning | Reseat
)
CONTROL_ACTIONS = (FireEvent, Inject, ForceSigning, Reseat)
CHANCE = "chance"
CONTROL = "control"


def _parse_pairs(words: list[str], line: str) -> Amendments:
    out = []
    for word in words:
        issue, sep, option = word.partition("=")
        if not sep or not issue or not option:
            raise BadActionTextError(line, f"expected issue=option, got {word!r}")
        out.append((issue, option))
    return tuple(out)


def parse_action(line: str) -> Action:
    """Parse the text form of an action. It checks the syntax, not whether the action is legal."""
    try:
        words = shlex.split(line)
    except ValueError as exc:
        raise BadActionTextError(line, str(exc)) from None
    if len(words) < 2:
        raise BadActionTextError(line, "expected a verb and an actor")
    verb, who, rest = words[0], words[1], words[2:]
    try:
        if verb == "propose":
            note = ""
            if "--" in rest:
                cut = rest.index("--")
                if len(rest) != cut + 2:
                    raise BadActionTextError(line, "after '--' comes one quoted note")
                rest, note = rest[:cut], rest[cut + 1]
            return Propose(who, _parse_pairs(rest, line), note)
        if verb == "offer":
            return Offer(who, _parse_pairs(rest, line))
        if verb == "vote" and len(rest) == 2 and rest[1] in ("yes", "no"):
            return Vote(who, int(rest[0]), rest[1] == "yes")
        if verb == "say" and len(rest) == 1:
            return Statement(who, rest[0])
        if verb == "fire" and len(rest) in (0, 2) and (not rest or rest[0] == "by"):
            return FireEvent(who, rest[1] if rest else CONTROL)
        if verb == "inject" and len(rest) in (2, 3):
            effects = _effects(json.loads(rest[2])) if len(rest) == 3 else ()
            return Inject(rest[0], rest[1], effects, who)
        if verb == "force-signing" and not rest:
            return ForceSigning(who)
        if verb == "seat" and len(rest) == 3 and rest[1] == "by":
            return Reseat(who, rest[0], rest[2])
        if verb == "roll" and len(rest) == 1 and rest[0] in ("hit", "miss"):
            return EventRoll(who, rest[0] == "hit")
        simple: dict[str, type[Pass | Sign | Refuse | Accept]] = {
            "pass": Pass, "sign": Sign, "refuse": Refuse, "accept": Accept,
        }
        if verb in simple and not rest:
            return simple[verb](who)
    except ValueError:
        pass
    raise BadActionTextError(line, f"cannot read a {verb!r} action here")


def _effects(data: Any) -> tuple[Effect, ...]:
    if not isinstance(data, list):
        raise ValueError("effects must be a list")
    return tuple(effect_from_dict(e) for e in data)


def to_dict(action: Action) -> dict[str, Any]:
    """JSON-ready form: {"type": verb, ...fields}; amendments become [issue, option] lists."""
    out: dict[str, Any] = {"type": action.verb}
    for f in fields(action):
        name = f.name
        value = getattr(action, name)
        if name in ("amendments", "text") and isinstance(value, tuple):
            value = [list(pair) for pair in value]
        elif name == "effects":
            value = [effect_to_dict(e) for e in value]
        out[name] = value
    return out


_BY_VERB: dict[str, type[Action]] = {
    cls.verb: cls
    for cls in (Propose, Pass, Vote, Sign, Refuse, Statement, FireEvent, EventRoll, Offer, Accept,
                Inject, ForceSigning, Reseat)
}


def action_from_dict(data: Mapping[str, Any]) -> Action:
    """Rebuild an action from `to_dict` output; raises `BadActionTextError` on malformed data."""
    try:
        cls = _BY_VERB[data["type"]]
        kwargs = {k: v for k, v in data.items() if k != "type"}
        for name in ("amendments", "text"):
            if name in kwargs and isinstance(kwargs[name], list):
                kwargs[name] = tuple((str(i), str(o)) for i, o in kwargs[name])
        if "effects" in kwargs:
            kwargs["effects"] = _effects(kwargs["effects"])
        return cls(**kwargs)
    except (KeyError, TypeError, ValueError) as exc:
        raise BadActionTextError(repr(dict(data)), f"malformed action data ({exc})") from None
