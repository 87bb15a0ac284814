"""What each seat may know: `player_view(state, viewer)` and the final scores.

This is the only way the UI, the bots, the network layer and shared saves see a game. A `View`
holds copies of public data and never a reference to the `GameState` or the `Scenario` (both
contain every party's secrets), so a bot handed a view cannot reach around it.

- A **party** sees the public scenario, the draft, the proposals, votes once revealed (and its
  own vote at once), the news, statements, and its *own* preferences and confidential briefing.
- The **control** seat sees everything, hidden votes and every party's preferences included.
- An **observer** sees only what is public.
- Once the game is over everyone sees every party's preferences and scores: the debrief
  reveals them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields, make_dataclass
from itertools import compress, count
from operator import is_not
from typing import Any, ParamSpec, TypeVar, cast

from game.core.actions import CONTROL, Amendments
from game.core.model import FrozenMap, Issue, Preferences, Scenario
from game.core.rules import to_move
from game.core.scoring import score
from game.core.state import (
    GameState,
    NewsItem,
    Phase,
    Proposal,
    Result,
    StatementItem,
    Status,
)

OBSERVER = "observer"

P = ParamSpec("P")
T = TypeVar("T")


def _fast_constructor(cls: Callable[P, T]) -> Callable[P, T]:
    """A constructor for the frozen slots dataclass `cls`, with the signature of its `__init__`
    (so calls are type-checked as usual), about twice as fast: a frozen `__init__` sets each
    field through `object.__setattr__`.

    It is a mutable twin of `cls` with the same slots, whose `__init__` stores the fields
    directly and then makes the new object a `cls` (CPython allows that between classes of the
    same layout). It supports neither field defaults nor a `__post_init__` of `cls`.
    """
    kind: Any = cls  # a dataclass type; typed above as its constructor, for the signature
    specs = fields(kind)
    assert not hasattr(kind, "__post_init__") and all(
        f.default is MISSING and f.default_factory is MISSING for f in specs), kind

    def become(self: Any) -> None:
        self.__class__ = kind

    twin = make_dataclass(f"_{kind.__name__}Twin", [(f.name, f.type) for f in specs],
                          namespace={"__post_init__": become}, slots=True)
    return cast(Callable[P, T], twin)


@dataclass(frozen=True, slots=True)
class PartyInfo:
    """A party as everyone sees it."""

    id: str
    name: str
    leader: str
    color: str
    briefing: str
    public_position: FrozenMap[str, str]
    bot_strategy: str


@dataclass(frozen=True, slots=True)
class ProposalView:
    id: int
    round: int
    party: str
    amendments: Amendments
    note: str
    stakeholders: tuple[str, ...]
    voted: tuple[str, ...]
    """Who has voted so far (not how)."""
    votes: FrozenMap[str, bool]
    """Only the votes this viewer may see."""
    revealed: bool
    result: Result
    reason: str


@dataclass(frozen=True, slots=True)
class Secrets:
    """A party's private information."""

    confidential_briefing: str
    preferences: Preferences


@dataclass(frozen=True)  # no slots: `player_view` fills the instance dict in two steps
class View:
    viewer: str
    scenario_id: str
    title: str
    summary: str
    briefing: str
    rounds: int
    round_minutes: float
    protocol: str
    max_amendments: int
    vote_rule: str
    signatories: tuple[str, ...]
    quorum: int
    parties: tuple[PartyInfo, ...]
    issues: tuple[Issue, ...]
    round: int
    phase: Phase
    status: Status
    order: tuple[str, ...]
    to_move: tuple[str, ...]
    draft: FrozenMap[str, str | None]
    draft_by: FrozenMap[str, str]
    locked: tuple[str, ...]
    proposals: tuple[ProposalView, ...]
    news: tuple[NewsItem, ...]
    statements: tuple[StatementItem, ...]
    decided: tuple[str, ...]
    """Who has signed or refused in the current signing phase (not which)."""
    decisions: FrozenMap[str, bool]
    """Signing decisions this viewer may see: its own now, everyone's once revealed."""
    final_signing: bool
    offer: tuple[str, Amendments] | None
    accepted: tuple[str, ...]
    agreement: FrozenMap[str, str] | None
    end_reason: str
    me: Secrets | None
    """The viewer's own secrets (parties only)."""
    all_preferences: FrozenMap[str, Preferences] | None
    """Every party's preferences: control seat, or anyone once the game is over."""
    scores: FrozenMap[str, float] | None
    """Final scores, once the game is over."""
    events: tuple[tuple[str, str], ...]
    """(id, title) of the scenario's events: control seat only."""
    fired: tuple[str, ...]

    def party(self, party_id: str) -> PartyInfo:
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(party_id)

    def issue(self, issue_id: str) -> Issue:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def in_words(self, text: str) -> str:
        """A message of the rules, such as `end_reason`, with party and issue ids named and
        the rules' terms in the players' words (see `PLAYERS_WORDS`)."""
        return in_words(text, {**{p.id: p.name for p in self.parties},
                               **{i.id: i.name for i in self.issues}})

    @property
    def rounds_elapsed(self) -> int:
        return self.round - 1


PLAYERS_WORDS = (("with no default option", "with no fallback"),)
"""(the rules' term, the one the screens use): logged messages keep the rules' wording."""

_new_proposal_view = _fast_constructor(ProposalView)
_NO_VOTES: FrozenMap[str, bool] = FrozenMap()


def in_words(text: str, names: Mapping[str, str]) -> str:
    """`text` with every whole-word id in `names` replaced by its name, and the rules' terms
    in the players' words (`PLAYERS_WORDS`).

    The rules word their messages (end reasons, failed signings) with ids, as those messages
    are part of the logged state and must not change; people should read names.
    """
    for rules_term, players_term in PLAYERS_WORDS:
        text = text.replace(rules_term, players_term)
    if not names or not text:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                         + r")\b")
    return pattern.sub(lambda m: names[m.group(1)], text)


def final_scores(state: GameState) -> dict[str, float]:
    """Each party's score: the discounted utility of the agreement, or its reservation.

    It does not check that the game is over; for a running game it scores the no-deal outcome.
    """
    ids = tuple(i.id for i in state.issues)
    out: dict[str, float] = {}
    for party in state.scenario.party_ids:
        prefs = state.prefs[party]
        if state.status == "agreement" and state.agreement is not None:
            out[party] = score(prefs, state.agreement, ids, state.end_round - 1)
        else:
            out[party] = prefs.reservation
    return out


@dataclass(slots=True)
class _Seat:
    """What a view shows one viewer that only the scenario decides (cached per scenario and
    viewer): a view is built on every action, and these are a third of its fields."""

    fixed: dict[str, Any]
    """The `View` fields that depend only on the scenario and the viewer, by name."""
    briefing: str | None
    """The viewer's confidential briefing (parties only)."""
    secrets: Secrets | None = None
    """The viewer's secrets in its last view, reused while its preferences are the same."""


# Caches keyed on the identity of immutable objects (each entry holds the object, so an id is
# never reused while cached). They only save rebuilding equal values: a view is the same with
# or without them.
_SEATS: dict[int, tuple[Scenario, tuple[PartyInfo, ...], dict[str, _Seat]]] = {}
"""id(scenario) -> (scenario, its parties as everyone sees them, viewer -> its seat)."""
_PROPOSALS: dict[int, tuple[Proposal, dict[str, ProposalView]]] = {}
"""id(proposal) -> (proposal, its views: "" with every vote, `OBSERVER` with none, a party's
with that party's own vote only)."""
_PROPOSALS_SIZE = 8192
_TUPLES: dict[str, tuple[tuple[Proposal, ...], tuple[ProposalView, ...]]] = {}
"""viewer -> the proposals tuple it last saw and their views."""


def _seat(s: Scenario, viewer: str) -> _Seat:
    """The viewer's seat at the scenario (cached); a KeyError for a viewer it does not have."""
    hit = _SEATS.get(id(s))
    if hit is None or hit[0] is not s:
        if len(_SEATS) >= 64:
            _SEATS.clear()
        parties = tuple(PartyInfo(p.id, p.name, p.leader, p.color, p.briefing_public,
                                  p.public_position, p.bot.strategy) for p in s.parties)
        hit = _SEATS[id(s)] = (s, parties, {})
    _, parties, seats = hit
    seat = seats.get(viewer)
    if seat is not None:
        return seat
    if viewer not in (CONTROL, OBSERVER) and viewer not in s.party_ids:
        raise KeyError(f"unknown viewer {viewer!r}")
    fixed = dict(
        viewer=viewer, scenario_id=s.id, title=s.title, summary=s.summary, briefing=s.briefing,
        rounds=s.rounds, round_minutes=s.round_minutes, protocol=s.protocol,
        max_amendments=s.max_amendments, vote_rule=s.vote_rule,
        signatories=s.agreement.signatories, quorum=s.agreement.quorum, parties=parties,
        events=tuple((e.id, e.title) for e in s.events) if viewer == CONTROL else (),
    )
    briefing = s.party(viewer).briefing_confidential if viewer in s.party_ids else None
    seat = seats[viewer] = _Seat(fixed, briefing)
    return seat


def _proposal_view(p: Proposal, viewer: str, sees_all: bool) -> ProposalView:
    entry = _PROPOSALS.get(id(p))
    if entry is None or entry[0] is not p:
        if len(_PROPOSALS) >= _PROPOSALS_SIZE:
            _PROPOSALS.clear()
        entry = _PROPOSALS[id(p)] = (p, {})
    if p.revealed or sees_all:
        which = ""  # every vote
    elif viewer in p.votes:
        which = viewer  # its own vote only
    else:
        which = OBSERVER  # none
    made = entry[1].get(which)
    if made is None:
        if which == "":
            votes = p.votes
        elif which == OBSERVER:
            votes = _NO_VOTES
        else:
            votes = FrozenMap({viewer: p.votes[viewer]})
        made = entry[1][which] = _new_proposal_view(
            id=p.id, round=p.round, party=p.party, amendments=p.amendments, note=p.note,
            stakeholders=p.stakeholders,
            voted=tuple(filter(p.votes.keys().__contains__, p.stakeholders)),
            votes=votes, revealed=p.revealed, result=p.result, reason=p.reason,
        )
    return made


def _proposal_views(proposals: tuple[Proposal, ...], viewer: str, sees_all: bool
                    ) -> tuple[ProposalView, ...]:
    last = _TUPLES.get(viewer)
    if last is not None and last[0] is proposals:
        return last[1]
    seen, seen_views = last or ((), ())
    # Successive states share most proposals (a vote replaces one, tabling appends one): keep
    # the views of the very same proposal objects at the same places, found at C speed.
    n = min(len(seen), len(proposals))
    views = list(seen_views[:n])
    for k in compress(count(), map(is_not, seen, proposals)):
        views[k] = _proposal_view(proposals[k], viewer, sees_all)
    views.extend(_proposal_view(p, viewer, sees_all) for p in proposals[n:])
    made = tuple(views)
    if len(_TUPLES) >= 64:
        _TUPLES.clear()
    _TUPLES[viewer] = (proposals, made)
    return made


def player_view(state: GameState, viewer: str) -> View:
    """The game as `viewer` (a party id, `control` or `observer`) may see it."""
    s = state.scenario
    seat = _seat(s, viewer)
    over = not state.running
    sees_all = viewer == CONTROL
    proposals = _proposal_views(state.proposals, viewer, sees_all)
    signing_open = state.phase == "signing"
    decisions = state.last_signing if not signing_open else FrozenMap(
        {k: v for k, v in state.decisions.items() if sees_all or k == viewer})
    me = None
    if seat.briefing is not None:
        prefs = state.prefs[viewer]
        me = seat.secrets
        if me is None or me.preferences is not prefs:
            me = seat.secrets = Secrets(seat.briefing, prefs)
    # A view is built on every action: two C-level updates of its instance dict cost about half
    # a 38-argument `__init__`. A field left out here would fail loudly, on first access.
    view = object.__new__(View)
    attrs = view.__dict__
    attrs.update(seat.fixed)
    attrs.update(
        issues=state.issues, round=state.round, phase=state.phase, status=state.status,
        order=state.order, to_move=to_move(state), draft=state.draft, draft_by=state.draft_by,
        locked=state.locked, proposals=proposals, news=state.news, statements=state.statements,
        decided=tuple(p for p in s.party_ids if p in state.decisions) if signing_open else (),
        decisions=decisions, final_signing=state.final_signing,
        offer=state.offer, accepted=state.accepted, agreement=state.agreement,
        end_reason=state.end_reason, me=me,
        all_preferences=state.prefs if (sees_all or over) else None,
        scores=FrozenMap(final_scores(state)) if over else None,
        fired=state.fired,
    )
    return view


def scored_text(protocol: str, draft: Mapping[str, str | None],
                offer: tuple[str, Amendments] | None) -> dict[str, str | None]:
    """The text the utilities on screen are for: the draft, or under alternating offers the
    standing offer once there is one (over the draft, for clauses an event added since)."""
    if protocol == "alternating_offers" and offer is not None:
        return {**dict(draft), **dict(offer[1])}
    return dict(draft)
