"""The immutable game state and the log events that transitions produce.

A `GameState` is plain frozen data: every transition builds a new one and never mutates the old
(`dataclasses.replace`). Collections that are logically sets are kept as *sorted tuples*, so
iteration order, the canonical form and the state hash never depend on `PYTHONHASHSEED`.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from operator import attrgetter
from typing import Any, Literal

from game.core.actions import Amendments
from game.core.model import FrozenMap, Issue, Preferences, Scenario

Phase = Literal["news", "proposals", "votes", "signing", "offers", "ended"]
Status = Literal["running", "agreement", "no_deal"]
Result = Literal["pending", "passed", "failed", "lapsed"]


@dataclass(frozen=True)  # no slots: `with_vote` copies the instance dict (once per vote)
class Proposal:
    """A tabled proposal. `votes` stay secret until `revealed` (see `player_view`)."""

    id: int
    round: int
    party: str
    amendments: Amendments
    note: str
    stakeholders: tuple[str, ...]
    votes: FrozenMap[str, bool] = field(default_factory=FrozenMap)
    revealed: bool = False
    result: Result = "pending"
    reason: str = ""

    def with_vote(self, party: str, support: bool) -> Proposal:
        return self._copy(votes=self.votes.set(party, support))

    def resolved(self, result: Result, reason: str = "") -> Proposal:
        """The proposal after the vote: revealed, with its result."""
        return self._copy(revealed=True, result=result, reason=reason)

    def _copy(self, **changes: Any) -> Proposal:
        # Several times cheaper than dataclasses.replace; this runs once per vote.
        new = object.__new__(Proposal)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new


@dataclass(frozen=True, slots=True)
class NewsItem:
    round: int
    event: str
    title: str
    text: str


def stories(news: tuple[NewsItem, ...]) -> tuple[NewsItem, ...]:
    """The news as readers should see it: an event's own item with the items its `news`
    effects added (same round, same event, right after it) joined on, so that its headline
    shows once."""
    out: list[NewsItem] = []
    for item in news:
        last = out[-1] if out else None
        if last is not None and (last.round, last.event, last.title) == (
                item.round, item.event, item.title):
            text = f"{last.text} {item.text}".strip()
            out[-1] = NewsItem(last.round, last.event, last.title, text)
        else:
            out.append(item)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class StatementItem:
    round: int
    party: str
    text: str


@dataclass(frozen=True, slots=True)
class LogEvent:
    """Something that happened, named in the past tense (`ProposalPassed`)."""

    kind: str
    data: FrozenMap[str, Any] = field(default_factory=FrozenMap)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **{k: _plain(v) for k, v in self.data.items()}}


def event(kind: str, **data: Any) -> LogEvent:
    return LogEvent(kind, FrozenMap(data))


@dataclass(frozen=True)  # no slots: `evolve` copies the instance dict in one step
class GameState:
    """Everything about a game at one moment. Built by `game.core.rules`, never by hand."""

    scenario: Scenario
    round: int
    phase: Phase
    status: Status
    order: tuple[str, ...]
    """Speaking order this round (rotates every round; fixed under alternating offers)."""
    turn: int
    """Index into `order` during the proposals or offers phase."""
    issues: tuple[Issue, ...]
    """The issues and options as events have left them."""
    prefs: FrozenMap[str, Preferences]
    """Every party's preferences as events have left them (secret: see `player_view`)."""
    draft: FrozenMap[str, str | None]
    draft_by: FrozenMap[str, str]
    locked: tuple[str, ...]
    proposals: tuple[Proposal, ...] = ()
    pending_rolls: tuple[str, ...] = ()
    fired: tuple[str, ...] = ()
    news: tuple[NewsItem, ...] = ()
    statements: tuple[StatementItem, ...] = ()
    decisions: FrozenMap[str, bool] = field(default_factory=FrozenMap)
    """Signing phase: party -> signed (True) or refused (False); secret until all decide."""
    final_signing: bool = False
    last_signing: FrozenMap[str, bool] = field(default_factory=FrozenMap)
    """The revealed decisions of the most recent signing phase."""
    offer: tuple[str, Amendments] | None = None
    accepted: tuple[str, ...] = ()
    agreement: FrozenMap[str, str] | None = None
    end_round: int = 0
    end_reason: str = ""
    seq: int = 0
    """How many actions have been applied."""

    @property
    def running(self) -> bool:
        return self.status == "running"

    def issue(self, issue_id: str) -> Issue:
        found = issue_index(self.issues).by_id.get(issue_id)
        if found is None:
            raise KeyError(issue_id)
        return found[1]

    def has_issue(self, issue_id: str) -> bool:
        return issue_id in issue_index(self.issues).by_id

    @property
    def open_issues(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues if self.draft.get(i.id) is None)

    def proposals_this_round(self) -> tuple[Proposal, ...]:
        # Proposals are appended in round order, so this round's are a suffix: found by
        # bisection, as the votes phase asks on every action and a game has hundreds.
        return self.proposals[bisect_left(self.proposals, self.round, key=_ROUND):]

    def proposal(self, proposal_id: int) -> Proposal:
        # Ids are 1, 2, 3... in tabling order.
        if 1 <= proposal_id <= len(self.proposals):
            return self.proposals[proposal_id - 1]
        raise KeyError(proposal_id)


_ROUND = attrgetter("round")


@dataclass(frozen=True, slots=True)
class IssueIndex:
    """Lookups over one tuple of issues; see `issue_index`. Read-only."""

    by_id: dict[str, tuple[int, Issue]]
    """Issue id -> (position, issue), the first issue of each id."""
    positions: dict[tuple[str, str], int]
    """(issue id, option id) -> the position of the issue, for every option of those issues: a
    whole offer is checked, and put in order, by one C-level pass over its pairs."""
    order: list[int]
    """The positions in `by_id`, in order: what `positions` gives for a complete text that
    lists the issues in order."""


_ISSUE_INDEXES: list[tuple[tuple[Issue, ...], IssueIndex]] = []


def issue_index(issues: tuple[Issue, ...]) -> IssueIndex:
    """The lookups over `issues`, memoised for the last few tuples by identity: states share
    their issues tuple until an event changes it."""
    for known, found in _ISSUE_INDEXES:
        if known is issues:
            return found
    by_id: dict[str, tuple[int, Issue]] = {}
    for k, i in enumerate(issues):
        by_id.setdefault(i.id, (k, i))
    index = IssueIndex(by_id, {(issue_id, option): k for issue_id, (k, issue) in by_id.items()
                               for option in issue.option_ids},
                       [k for k, _ in by_id.values()])
    _ISSUE_INDEXES[:] = [(issues, index), *_ISSUE_INDEXES[:3]]
    return index


def evolve(state: GameState, **changes: Any) -> GameState:
    """`dataclasses.replace` for `GameState`, several times faster (it is on every action).

    It does not check types; callers are the rules modules.
    """
    if not changes.keys() <= _FIELD_SET:
        raise TypeError(f"GameState has no field {sorted(changes.keys() - _FIELD_SET)}")
    new = object.__new__(GameState)
    attrs = state.__dict__.copy()  # a C-level clone of the dict: cheaper than filling a new one
    attrs.update(changes)
    object.__setattr__(new, "__dict__", attrs)
    return new


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """JSON-ready copy of nested state data, with sets sorted and mappings ordered."""
    kind = type(value)
    if kind in _SCALARS:  # exact types first: the checks below go through the ABCs
        return value
    if kind is tuple or kind is list:
        return [_plain(v) for v in value]
    if kind is FrozenMap or kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


_STATE_FIELDS = tuple(f.name for f in fields(GameState))
_FIELD_SET = frozenset(_STATE_FIELDS)


def canonical(state: GameState) -> dict[str, Any]:
    """The state as plain data, without the scenario (identified by its id)."""
    data = {f.name: _plain(getattr(state, f.name)) for f in fields(state) if f.name != "scenario"}
    data["scenario"] = state.scenario.id
    return data


_DIGESTS: dict[int, tuple[object, str]] = {}
_DIGESTS_SIZE = 8192
_SHARED = ("issues", "prefs")
_HISTORY = ("proposals", "news", "statements")


def _digest(value: object) -> str:
    """The sha256 of a large part that successive states share (issues, preferences).

    Memoised on identity, holding the object so that an id is never reused while cached: most
    actions change neither, and serialising ten parties' preferences per action would dominate.
    """
    hit = _DIGESTS.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    if isinstance(value, FrozenMap):  # e.g. preferences: an event replaces one party's
        text = repr([(k, _digest(v)) for k, v in value.items()])
    else:
        # The reprs of the frozen dataclasses, FrozenMaps and plain values in a state are
        # canonical: fields in order, mappings in insertion order, no sets.
        text = repr(value)
    digest = hashlib.sha256(text.encode()).hexdigest()
    if len(_DIGESTS) >= _DIGESTS_SIZE:
        _DIGESTS.clear()
    _DIGESTS[id(value)] = (value, digest)
    return digest


_CHAINS: dict[str, tuple[tuple[Any, ...], list[str]]] = {}


def _digest_items(name: str, items: tuple[Any, ...]) -> str:
    """The digest of a history tuple as a hash chain over its items' digests.

    History grows at the end and only its last few items change, so the chain of the previous
    tuple is reused up to the first item that differs: hashing a state stays cheap however long
    the game. Reuse is checked by identity, so any tuple gets its correct digest.
    """
    chain: list[str] = []
    last = _CHAINS.get(name)
    if last is not None and last[0] is items:  # most actions leave a history untouched
        return last[1][-1] if last[1] else ""
    if last is not None:
        prev, prev_chain = last
        n = min(len(prev), len(items))
        same = 0
        while same < n and items[same] is prev[same]:  # the very same item, so the same digest
            same += 1
        chain = prev_chain[:same]
    acc = chain[-1] if chain else ""
    for item in items[len(chain):]:
        acc = hashlib.sha256((acc + _digest(item)).encode()).hexdigest()
        chain.append(acc)
    _CHAINS[name] = (items, chain)
    return acc


_SMALL = ("round", "phase", "status", "order", "turn", "draft", "draft_by", "locked",
          "pending_rolls", "fired", "decisions", "final_signing", "last_signing", "offer",
          "accepted", "agreement", "end_round", "end_reason", "seq")
assert {"scenario", *_SMALL, *_SHARED, *_HISTORY} == set(_STATE_FIELDS), "hash every field"


_REPRS: dict[int, tuple[object, str]] = {}
_REPRS_SIZE = 4096


def _small_repr(value: object) -> str:
    """`repr` of a small field's hashed form (a FrozenMap as its list of items), memoised on
    identity for the containers that successive states share."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return repr(value)
    hit = _REPRS.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    text = repr(list(value.items()) if kind is FrozenMap else value)  # type: ignore[attr-defined]
    if len(_REPRS) >= _REPRS_SIZE:
        _REPRS.clear()
    _REPRS[id(value)] = (value, text)
    return text


def state_hash(state: GameState) -> str:
    """A short, stable hash of the whole state, for logs and `replay --verify`.

    Large parts are digested separately and memoised: an action changes one or two fields, and
    the others are the very same objects as in the previous state.
    """
    attrs = state.__dict__
    parts = [repr(state.scenario.id)]
    parts.extend(_small_repr(attrs[name]) for name in _SMALL)
    parts.extend(repr(_digest(attrs[name])) for name in _SHARED)
    parts.extend(repr(_digest_items(name, attrs[name])) for name in _HISTORY)
    # The repr of the list [scenario id, small fields..., digests...], assembled from its items'
    # reprs: repr of str/int/float/bool/None/tuples/lists is canonical and several times
    # cheaper than JSON; every value here is one of those.
    return hashlib.sha256(("[" + ", ".join(parts) + "]").encode()).hexdigest()[:16]
