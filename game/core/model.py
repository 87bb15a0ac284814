"""The immutable scenario model the rules core plays on.

The core never sees YAML or pydantic: `game.scenario` validates a file and builds these frozen
dataclasses (`record`s: see `game.core.records`). Everything here is plain data, hashable and
picklable, so the same model can be shared by the session, the bots and worker processes without
defensive copies.

Mappings are `FrozenMap`s iterated in insertion order; builders insert in the order the scenario
file gives, which is the order players see.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import field
from typing import Literal, TypeVar, overload

from game.core.records import record

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

Protocol = Literal["single_text", "alternating_offers"]
VoteRule = Literal["consensus", "majority"]
Strategy = Literal[
    "time_dependent", "boulware", "linear", "conceder", "tit_for_tat", "hardliner", "random"
]
TriggerKind = Literal["round", "chance", "when", "manual"]


class FrozenMap(Mapping[K, V]):
    """A read-only, hashable mapping that keeps insertion order.

    It does not check that its values are themselves immutable.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(items or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    # Direct delegation: the Mapping mixins would go through __getitem__ and cost 3x more.
    def __contains__(self, key: object) -> bool:
        return key in self._data

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, default: V | T, /) -> V | T: ...
    def get(self, key: K, default: object = None, /) -> object:
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        return self._data.items()

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def set(self, key: K, value: V) -> FrozenMap[K, V]:
        """A copy with `key` set to `value` (cheaper than `FrozenMap({**m, key: value})`)."""
        new: FrozenMap[K, V] = FrozenMap.__new__(FrozenMap)
        new._data = {**self._data, key: value}
        new._hash = None
        return new

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __getstate__(self) -> dict[K, V]:
        return self._data

    def __setstate__(self, state: dict[K, V]) -> None:
        self._data = state
        self._hash = None


Condition = FrozenMap[str, tuple[str, ...]]
"""issue id -> options; a condition holds when every named issue has one of its options."""


def condition_holds(
    condition: Mapping[str, tuple[str, ...]], text: Mapping[str, str | None]
) -> bool:
    """True when every issue in `condition` currently has one of the listed options."""
    return all(text.get(issue) in options for issue, options in condition.items())


@record
class Option:
    """One choice on an issue."""

    id: str
    label: str
    description: str = ""


@record
class Issue:
    """A clause of the agreement and the options it can take."""

    id: str
    name: str
    options: tuple[Option, ...]
    stakeholders: tuple[str, ...]
    description: str = ""
    if_open: str | None = None
    locked: bool = False
    option_ids: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Derived once: the rules check options on every proposal and vote.
        object.__setattr__(self, "option_ids", tuple(o.id for o in self.options))

    def option(self, option_id: str) -> Option:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)


@record
class Interaction:
    """A bonus (or malus) when a condition on several issues holds."""

    when: Condition
    value: float
    note: str = ""


@record
class RedLine:
    """Options of an issue that a party will never sign."""

    issue: str
    options: tuple[str, ...]
    reason: str = ""


@record
class Preferences:
    """A party's private preferences.

    `weights` covers every issue (0 when the scenario leaves it out) and is not normalised;
    `values` covers every option of every issue (0 where the scenario allowed gaps).
    """

    weights: FrozenMap[str, float]
    values: FrozenMap[str, FrozenMap[str, float]]
    interactions: tuple[Interaction, ...]
    red_lines: tuple[RedLine, ...]
    reservation: float
    urgency: float


@record
class BotSpec:
    """How a bot plays the party: its strategy and concession exponent."""

    strategy: Strategy = "time_dependent"
    e: float | None = None


@record
class Party:
    """A delegation: its public face, briefings and private preferences."""

    id: str
    name: str
    leader: str
    color: str
    briefing_public: str
    briefing_confidential: str
    public_position: FrozenMap[str, str]
    preferences: Preferences
    bot: BotSpec


@record
class Trigger:
    """When an event fires: on a round, by chance, when a condition holds, or by hand."""

    kind: TriggerKind
    round: int | None = None
    chance: float | None = None
    when: Condition = field(default_factory=FrozenMap)
    from_round: int = 1
    to_round: int | None = None


@record
class AdjustParty:
    """Shift one party's preferences; every number is a delta."""

    party: str
    weights: FrozenMap[str, float] = field(default_factory=FrozenMap)
    values: FrozenMap[str, FrozenMap[str, float]] = field(default_factory=FrozenMap)
    reservation: float = 0.0
    urgency: float = 0.0


@record
class AddOption:
    """Add an option to an issue, after `after` (or last); `values` maps party -> value."""

    issue: str
    option: Option
    values: FrozenMap[str, float]
    after: str | None = None


@record
class RemoveOption:
    """Take an option off an issue."""

    issue: str
    option: str


@record
class LockIssue:
    """Lock an issue; with `option`, first settle it on that option."""

    issue: str
    option: str | None = None


@record
class UnlockIssue:
    """Open a locked issue for amendment again."""

    issue: str


@record
class AddIssue:
    """Add an issue, with each party's weight and option values for it."""

    issue: Issue
    weights: FrozenMap[str, float]
    values: FrozenMap[str, FrozenMap[str, float]]


@record
class RemoveIssue:
    """Take an issue off the table."""

    issue: str


@record
class EndGame:
    """End the game at once."""

    reason: str = ""


@record
class News:
    """Show a piece of news; nothing else changes."""

    text: str


Effect = (
    AdjustParty | AddOption | RemoveOption | LockIssue | UnlockIssue | AddIssue | RemoveIssue
    | EndGame | News
)


@record
class Event:
    """Something that happens during the game and the effects it has."""

    id: str
    title: str
    text: str
    trigger: Trigger
    effects: tuple[Effect, ...]


@record
class Location:
    """A place on the map."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    control: str = ""
    note: str = ""


@record
class MapLine:
    """A line on the map, such as a line of contact or a border."""

    id: str
    name: str
    kind: str
    points: tuple[tuple[float, float], ...]


@record
class Marker:
    """An icon at a location on a map layer."""

    at: str
    icon: str
    label: str = ""


@record
class Band:
    """A zone of `width_km` along a map line."""

    along: str
    width_km: float
    label: str = ""


@record
class Layer:
    """What the map shows when a condition on the text holds."""

    id: str
    when: Condition
    markers: tuple[Marker, ...]
    bands: tuple[Band, ...] = ()
    label: str = ""


@record
class MapSpec:
    """The scenario's map: places, lines and the layers drawn over them."""

    region: str
    locations: tuple[Location, ...]
    lines: tuple[MapLine, ...]
    layers: tuple[Layer, ...]


@record
class Agreement:
    """Who must sign, and how many signatures make the agreement."""

    signatories: tuple[str, ...]
    quorum: int


@record
class Scenario:
    """A whole scenario, checked and immutable."""

    id: str
    title: str
    summary: str
    briefing: str
    author: str
    version: str
    rounds: int
    round_minutes: float
    protocol: Protocol
    max_amendments: int
    vote_rule: VoteRule
    agreement: Agreement
    draft: FrozenMap[str, str]
    issues: tuple[Issue, ...]
    parties: tuple[Party, ...]
    events: tuple[Event, ...]
    map: MapSpec | None
    debrief_questions: tuple[str, ...]

    def issue(self, issue_id: str) -> Issue:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def party(self, party_id: str) -> Party:
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(party_id)

    def event(self, event_id: str) -> Event:
        for e in self.events:
            if e.id == event_id:
                return e
        raise KeyError(event_id)

    party_ids: tuple[str, ...] = field(init=False, compare=False, repr=False)
    issue_ids: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Derived once: the rules look these up on every action.
        object.__setattr__(self, "party_ids", tuple(p.id for p in self.parties))
        object.__setattr__(self, "issue_ids", tuple(i.id for i in self.issues))

    @property
    def locked_clauses(self) -> dict[str, str]:
        """Issues the scenario locks on their starting option: issue -> option."""
        return {i.id: self.draft[i.id] for i in self.issues if i.locked and i.id in self.draft}

    @property
    def outcome_count(self) -> int:
        """How many complete texts exist (the product of option counts)."""
        n = 1
        for i in self.issues:
            n *= len(i.options)
        return n
