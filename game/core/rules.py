"""The transition function: `apply_action(state, action) -> (state, log events)`.

Evaluation order of a round (single negotiating text, DESIGN.md section 1):

1. **News.** The round starts: the speaking order rotates (round r starts with party r-1 in
   scenario order; under alternating offers it stays in scenario order, so turns alternate).
   Events fire in scenario order: first those scheduled for this round, then those whose
   draft condition holds (within their window). Chance events in their window are
   queued in `pending_rolls`; the session samples each and applies an `EventRoll`, so replay
   needs no random numbers. Every event fires at most once. An `end_game` effect ends the game.
2. **Proposals.** Parties speak in `order`; each tables a `Propose` (1 to `max_amendments`
   amendments to unlocked issues, each changing the draft) or a `Pass`.
3. **Votes.** If anything was tabled, every stakeholder of each proposal (the union of its
   issues' stakeholders) votes, in any order; a proposer that is a stakeholder supports its own
   proposal automatically. Votes stay hidden until the last one is cast. Then each proposal
   passes on consensus (every stakeholder) or, with `vote_rule: majority`, on more than half.
   Passed proposals apply in tabling order; one that touches an issue already changed this
   round, or an option or issue that no longer exists or is locked, lapses with a reason.
4. **Signing** opens when no issue is open, and always after the votes of the last round
   (the *final* signing, where open issues take their `if_open` option; an open issue without
   one makes the final signing impossible, which is no deal). Every party signs or refuses, in
   any order; a party cannot sign across its own red lines. Decisions stay hidden until all are
   in. The text is the agreement when every signatory signed and the signers reach the quorum.
5. **End of round.** Otherwise the next round starts; after the last round there is no deal.
   Urgency is applied in scoring: a deal signed in round r is worth `U * (1 - urgency)^(r-1)`.

Alternating offers (`protocol: alternating_offers`) replaces phases 2 to 4 with one `offers`
phase: in order, each party makes a complete `Offer` or `Accept`s the standing one; the game
ends in agreement once every other party has accepted the same offer.

At any time while the game runs, a party may make a `Statement`, and the control seat may
`FireEvent` any event that has not fired yet, write an ad-hoc `Inject` with the same effect
kinds, `ForceSigning` (close the talking and open a signing on the current draft), or `Reseat` a
party (a record of who plays it; the game itself is unchanged). When an event or inject changes
the text on the signing table, the earlier signatures no longer count.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from game.core import effects
from game.core.actions import (
    CHANCE,
    CONTROL,
    Accept,
    Action,
    Amendments,
    EventRoll,
    FireEvent,
    ForceSigning,
    Inject,
    Offer,
    Pass,
    Propose,
    Refuse,
    Reseat,
    Sign,
    Statement,
    Vote,
)
from game.core.effects import end_game as _end
from game.core.errors import GameError
from game.core.model import (
    AddIssue,
    AddOption,
    AdjustParty,
    Effect,
    Event,
    FrozenMap,
    LockIssue,
    News,
    RemoveIssue,
    RemoveOption,
    Scenario,
    UnlockIssue,
    condition_holds,
)
from game.core.scoring import red_lines_crossed
from game.core.state import (
    GameState,
    LogEvent,
    Phase,
    Proposal,
    StatementItem,
    event,
    evolve,
    issue_index,
)
from game.core.words import and_list

Step = tuple[GameState, tuple[LogEvent, ...]]


def _fail(code: str, message: str) -> GameError:
    return GameError(message, f"action/{code}")


_NO_DECISIONS: FrozenMap[str, bool] = FrozenMap()
"""Shared by the states that start a round or a signing (it is immutable)."""


# -- starting a game ---------------------------------------------------------------------------


def new_game(scenario: Scenario) -> Step:
    """The state at the start of round 1 (news already resolved, unless a roll is pending)."""
    state = GameState(
        scenario=scenario,
        round=1,
        phase="news",
        status="running",
        order=(),
        turn=0,
        issues=scenario.issues,
        prefs=FrozenMap({p.id: p.preferences for p in scenario.parties}),
        draft=FrozenMap({i.id: scenario.draft.get(i.id) for i in scenario.issues}),
        draft_by=FrozenMap(),
        locked=tuple(sorted(i.id for i in scenario.issues if i.locked)),
    )
    return _start_round(state, 1)


def _start_round(state: GameState, number: int, log: tuple[LogEvent, ...] = (),
                 **changes: Any) -> Step:
    """Start round `number` after `log`, applying `changes` (the move that ended the round
    before) in the same new state."""
    parties = state.scenario.party_ids
    # Under alternating offers the turns run on across rounds: rotating the order would give
    # the last to move in one round the first move of the next, twice in a row.
    rotate = state.scenario.protocol != "alternating_offers"
    k = (number - 1) % len(parties) if rotate else 0
    order = parties[k:] + parties[:k]
    log = (*log, event("RoundStarted", round=number, order=list(order)))
    events = state.scenario.events
    # Whether an event is due depends only on fields that starting a round leaves alone, so
    # the state before tells; in a quiet round, the usual case, talks open in the same state.
    quiet = not any(_news(state, ev, number) for ev in events)
    # No roll is ever pending here: rolls are queued only below, and talks open once the
    # last is rolled.
    state = evolve(state, round=number, phase=_talks_phase(state.scenario) if quiet else "news",
                   order=order, turn=0, decisions=_NO_DECISIONS, pending_rolls=(), **changes)
    if quiet:
        return state, log
    news: list[LogEvent] = list(log)
    rolls: list[str] = []
    for ev in events:
        now = _news(state, ev, number)  # again: each event that fires changes the state
        if now == "fires":
            state, more = effects.fire(state, ev)
            news.extend(more)
        elif now == "rolls":
            rolls.append(ev.id)
    if not state.running:
        return state, tuple(news)
    if rolls:
        return evolve(state, pending_rolls=tuple(rolls)), tuple(news)
    state, more = _open_talks(state)
    return state, (*news, *more)


def _news(state: GameState, ev: Event, number: int) -> Literal["fires", "rolls", ""]:
    """What `ev` does at the start of round `number`: it fires, waits for a roll, or nothing."""
    if ev.id in state.fired or not state.running:
        return ""
    t = ev.trigger
    in_window = t.from_round <= number and (t.to_round is None or number <= t.to_round)
    if (t.kind == "round" and t.round == number) or (
            t.kind == "when" and in_window and condition_holds(t.when, state.draft)):
        return "fires"
    return "rolls" if t.kind == "chance" and in_window else ""


def _talks_phase(scenario: Scenario) -> Phase:
    return "offers" if scenario.protocol == "alternating_offers" else "proposals"


def _open_talks(state: GameState) -> Step:
    return evolve(state, phase=_talks_phase(state.scenario), turn=0), ()


# -- who may act -------------------------------------------------------------------------------


_MOVES: list[tuple[GameState, tuple[str, ...]]] = []
"""The last few states asked about and their answers (by identity: states are immutable and
the driver, the view and the session ask about the same state in turn; `_vote` adds the state it
makes, which it works out cheaply)."""


def to_move(state: GameState) -> tuple[str, ...]:
    """The seats that may act now (besides statements and control injects), in order."""
    for known, moves in _MOVES:
        if known is state:
            return moves
    return _remember_moves(state, _to_move(state))


def _remember_moves(state: GameState, moves: tuple[str, ...]) -> tuple[str, ...]:
    _MOVES[:] = [(state, moves), *_MOVES[:2]]
    return moves


def _to_move(state: GameState) -> tuple[str, ...]:
    if not state.running:
        return ()
    if state.phase == "news":
        return (CHANCE,) if state.pending_rolls else ()
    if state.phase in ("proposals", "offers"):
        return (state.order[state.turn],)
    if state.phase == "votes":  # after a vote, `_vote` works this out from the state before
        waiting: set[str] = set()
        for p in state.proposals_this_round():
            if p.result == "pending":
                waiting.update(set(p.stakeholders).difference(p.votes.keys()))
        return tuple(filter(waiting.__contains__, state.scenario.party_ids))
    if state.phase == "signing":
        decisions = state.decisions
        return tuple(p for p in state.scenario.party_ids if p not in decisions)
    return ()


def chance_outcomes(state: GameState) -> tuple[tuple[EventRoll, float], ...]:
    """The possible rolls of the next pending chance event, with their probabilities."""
    if state.phase != "news" or not state.pending_rolls:
        return ()
    ev = state.scenario.event(state.pending_rolls[0])
    p = ev.trigger.chance or 0.0
    return ((EventRoll(ev.id, True), p), (EventRoll(ev.id, False), 1.0 - p))


# -- checking actions --------------------------------------------------------------------------


def check(state: GameState, action: Action) -> None:
    """Raise `GameError` if `action` is illegal in `state`; never enumerates proposals."""
    if not state.running:
        raise _fail("game_over", f"the game is over ({state.status.replace('_', ' ')})")
    actor = action.actor
    if actor not in (CHANCE, CONTROL) and actor not in state.scenario.party_ids:
        raise _fail("unknown_party", f"there is no party {actor!r} in this scenario")
    match action:
        case Vote():  # moves first, the most frequent first: each case is an isinstance test
            _check_vote(state, action)
        case Offer():
            _check_turn(state, action.party, "offers")
            _check_offer(state, action.party, action.text)
        case Propose() | Pass():
            _check_turn(state, action.party, "proposals")
            if isinstance(action, Propose):
                _check_amendments(state, action.party, action.amendments)
        case Sign() | Refuse():
            if state.phase != "signing":
                raise _fail("wrong_phase", f"signing is not open (the phase is {state.phase})")
            if action.party in state.decisions:
                raise _fail("already_decided", f"{action.party} has already decided")
            if isinstance(action, Sign):
                crossed = red_lines_crossed(state.prefs[action.party], _signing_text(state))
                if crossed:
                    r = crossed[0]
                    why = f" ({r.reason})" if r.reason else ""
                    raise _fail("red_line", f"{action.party} cannot sign: the text sets "
                                f"{r.issue} to {_signing_text(state)[r.issue]}, across its red "
                                f"line{why}")
        case EventRoll():
            if state.phase != "news" or not state.pending_rolls:
                raise _fail("wrong_phase", "no chance event is waiting for a roll")
            if action.event != state.pending_rolls[0]:
                raise _fail("wrong_roll", f"the next roll is for {state.pending_rolls[0]!r}, "
                            f"not {action.event!r}")
        case Accept():
            _check_turn(state, action.party, "offers")
            if state.offer is None:
                raise _fail("no_offer", "there is no standing offer to accept")
            if action.party in state.accepted:
                raise _fail("already_accepted", f"{action.party} already accepts this offer")
            if not _settles_every_issue(state, state.offer[1]):
                raise _fail("stale_offer", "events changed the clauses since this offer was "
                            "made; make a new offer instead")
            crossed = red_lines_crossed(state.prefs[action.party], dict(state.offer[1]))
            if crossed:
                raise _fail("red_line", f"{action.party} cannot accept: the offer crosses its "
                            f"red line on {crossed[0].issue}")
        case Statement():
            if not action.text.strip():
                raise _fail("empty_statement", "a statement needs some text")
        case FireEvent():
            _check_fire(state, action)
        case Inject():
            _check_control(action.by, "write injects")
            _check_inject(state, action)
        case ForceSigning():
            _check_control(action.by, "force the signing")
            _check_force(state)
        case Reseat():
            _check_control(action.by, "change seats")
            if action.party not in state.scenario.party_ids:
                raise _fail("unknown_party", f"there is no party {action.party!r} in this "
                            "scenario")
            kind, sep, _ = action.seat.partition(":")
            if not sep or kind not in ("human", "bot") or len(action.seat) > 100:
                raise _fail("bad_seat", f"a seat is 'human:NAME' or 'bot:STRATEGY', not "
                            f"{action.seat[:40]!r}")


def is_legal(state: GameState, action: Action) -> bool:
    try:
        check(state, action)
    except GameError:
        return False
    return True


def _check_control(by: str, what: str) -> None:
    if by != CONTROL:
        raise _fail("not_control", f"only the control seat can {what}")


def _check_force(state: GameState) -> None:
    if state.scenario.protocol != "single_text":
        raise _fail("wrong_protocol", "alternating offers has no signing phase to force")
    if state.phase not in ("proposals", "votes"):
        raise _fail("wrong_phase", f"signing can be forced while parties propose or vote, "
                    f"not in the {state.phase} phase")
    final = state.round >= state.scenario.rounds
    text = _signing_text(evolve(state, final_signing=final))
    stuck = [i.name for i in state.issues if i.id not in text]
    if stuck:
        fallback = "" if final else (" (before the last round an open clause does not yet "
                                     "take its 'if open' option)")
        raise _fail("open_issues", f"signing cannot open while {and_list(stuck)} "
                    f"{'is' if len(stuck) == 1 else 'are'} still open{fallback}: settle "
                    f"{'it' if len(stuck) == 1 else 'them'} first")


def _issue_ref(state: GameState, issue_id: str, option: str | None = None) -> None:
    if not state.has_issue(issue_id):
        raise _fail("bad_inject", f"the inject names issue {issue_id!r}, which is not on the "
                    "table")
    if option is not None and option not in state.issue(issue_id).option_ids:
        raise _fail("bad_inject", f"the inject names option {option!r}, which {issue_id} does "
                    "not have")


def _party_refs(state: GameState, parties: Mapping[str, object]) -> None:
    for p in parties:
        if p not in state.scenario.party_ids:
            raise _fail("bad_inject", f"the inject names party {p!r}, which is not in this "
                        "scenario")


def _check_effect(state: GameState, e: Effect) -> None:
    match e:
        case AdjustParty():
            _party_refs(state, {e.party: None})
            for issue_id in e.weights:
                _issue_ref(state, issue_id)
            for issue_id, deltas in e.values.items():
                for option in deltas:
                    _issue_ref(state, issue_id, option)
        case AddOption():
            _issue_ref(state, e.issue, e.after)
            if e.option.id in state.issue(e.issue).option_ids:
                raise _fail("bad_inject", f"{e.issue} already has an option {e.option.id!r}")
            _party_refs(state, e.values)
        case RemoveOption():
            _issue_ref(state, e.issue, e.option)
            if len(state.issue(e.issue).options) <= 2:
                raise _fail("bad_inject", f"{e.issue} must keep at least two options")
        case LockIssue():
            _issue_ref(state, e.issue, e.option)
        case UnlockIssue():
            _issue_ref(state, e.issue)
        case AddIssue():
            issue = e.issue
            if state.has_issue(issue.id):
                raise _fail("bad_inject", f"there is already an issue {issue.id!r}")
            ids = issue.option_ids
            if len(ids) < 2 or len(set(ids)) != len(ids):
                raise _fail("bad_inject", f"a new issue needs at least two options with "
                            f"distinct ids ({issue.id})")
            if not issue.stakeholders:
                raise _fail("bad_inject", f"a new issue needs stakeholders ({issue.id})")
            _party_refs(state, dict.fromkeys(issue.stakeholders))
            _party_refs(state, e.weights)
            _party_refs(state, e.values)
            if issue.if_open is not None and issue.if_open not in ids:
                raise _fail("bad_inject", f"if_open {issue.if_open!r} is not an option of "
                            f"{issue.id}")
        case RemoveIssue():
            _issue_ref(state, e.issue)
            if len(state.issues) <= 1:
                raise _fail("bad_inject", "the text must keep at least one clause")
        case News():
            if not e.text.strip():
                raise _fail("bad_inject", "a news effect needs some text")


def _check_inject(state: GameState, action: Inject) -> None:
    if not action.headline.strip():
        raise _fail("bad_inject", "an inject needs a headline")
    if len(action.headline) > 200 or len(action.text) > 4000:
        raise _fail("bad_inject", "an inject's headline is at most 200 characters and its "
                    "text at most 4000")
    for e in action.effects:
        _check_effect(state, e)


def _check_fire(state: GameState, action: FireEvent) -> None:
    _check_control(action.by, "fire events")
    try:
        state.scenario.event(action.event)
    except KeyError:
        raise _fail("unknown_event", f"there is no event {action.event!r}") from None
    if action.event in state.fired:
        raise _fail("event_fired", f"event {action.event!r} has already fired")


def _check_turn(state: GameState, party: str, phase: str) -> None:
    if state.phase != phase:
        raise _fail("wrong_phase", f"it is the {state.phase} phase, not {phase}")
    current = state.order[state.turn]
    if party != current:
        raise _fail("not_your_turn", f"it is {current}'s turn, not {party}'s")


def _check_option(state: GameState, issue_id: str, option: str) -> None:
    found = issue_index(state.issues).by_id.get(issue_id)
    if found is None:
        raise _fail("unknown_issue", f"there is no issue {issue_id!r}")
    issue = found[1]
    if option not in issue.option_ids:
        raise _fail("unknown_option", f"issue {issue_id!r} has no option {option!r}; options "
                    f"are {', '.join(issue.option_ids)}")


def _check_amendments(state: GameState, party: str, amendments: Amendments) -> None:
    limit = state.scenario.max_amendments
    if not amendments:
        raise _fail("empty_proposal", "a proposal needs at least one amendment")
    if len(amendments) > limit:
        raise _fail("too_many_amendments",
                    f"a proposal may amend at most {limit} clauses, not {len(amendments)}")
    seen: set[str] = set()
    for issue_id, option in amendments:
        _check_option(state, issue_id, option)
        if issue_id in seen:
            raise _fail("duplicate_issue", f"issue {issue_id!r} is amended twice")
        seen.add(issue_id)
        if issue_id in state.locked:
            raise _fail("issue_locked", f"issue {issue_id!r} is locked")
        if state.draft.get(issue_id) == option:
            raise _fail("no_change", f"the draft already has {option!r} for {issue_id!r}")


def _settles_every_issue(state: GameState, text: Amendments) -> bool:
    """True when `text`, which names no issue twice, gives every issue on the table one of its
    options (one C-level pass over its pairs)."""
    index = issue_index(state.issues)
    return len(text) == len(index.by_id) and all(map(index.positions.__contains__, text))


def _check_offer(state: GameState, party: str, text: Amendments) -> None:
    index = issue_index(state.issues)
    # A valid option for every issue, in the order of the table, on a table with nothing
    # locked, the usual case, needs no clause-by-clause check (one C-level pass over its
    # pairs); any other offer gets one, which names its first problem.
    if state.locked or list(map(index.positions.get, text)) != index.order:
        given = dict(text)
        if len(given) != len(text):
            raise _fail("duplicate_issue", "an offer names an issue twice")
        missing = [i.id for i in state.issues if i.id not in given]
        if missing:
            raise _fail("incomplete_offer", f"an offer must settle every issue; missing "
                        f"{', '.join(missing)}")
        for issue_id, option in text:
            _check_option(state, issue_id, option)
            if issue_id in state.locked and state.draft.get(issue_id) not in (None, option):
                raise _fail("issue_locked", f"issue {issue_id!r} is locked on "
                            f"{state.draft.get(issue_id)!r}")
    prefs = state.prefs[party]
    crossed = red_lines_crossed(prefs, dict(text)) if prefs.red_lines else ()
    if crossed:
        raise _fail("red_line", f"{party} cannot offer a text across its own red line on "
                    f"{crossed[0].issue}")


def _check_vote(state: GameState, action: Vote) -> None:
    if state.phase != "votes":
        raise _fail("wrong_phase", f"voting is not open (the phase is {state.phase})")
    try:
        proposal = state.proposal(action.proposal)
    except KeyError:
        raise _fail("unknown_proposal", f"there is no proposal {action.proposal}") from None
    if proposal.round != state.round or proposal.result != "pending":
        raise _fail("closed_proposal", f"proposal {action.proposal} is not open for votes")
    if action.party not in proposal.stakeholders:
        raise _fail("not_stakeholder", f"{action.party} has no vote on proposal "
                    f"{action.proposal}")
    if action.party in proposal.votes:
        raise _fail("already_voted", f"{action.party} has already voted on proposal "
                    f"{action.proposal}")


# -- applying actions --------------------------------------------------------------------------


def apply_action(state: GameState, action: Action) -> Step:
    """Apply a legal action; raise `GameError` (state untouched) for an illegal one.

    Each transition below sets the action's number, `seq`, in the first state it builds, so
    that an ordinary move builds a single new state.
    """
    check(state, action)
    seq = state.seq + 1
    match action:
        case Vote():  # in the order of `check`
            return _vote(state, action, seq)
        case Offer():
            return _offer(state, action, seq)
        case Propose():
            return _table(state, action, seq)
        case Pass():
            return _advance_turn(state, (event("TurnPassed", party=action.party),), seq=seq)
        case Sign() | Refuse():
            return _decide(state, action.party, isinstance(action, Sign), seq)
        case EventRoll():
            return _roll(state, action, seq)
        case Accept():
            return _accept(state, action, seq)
        case Statement():
            item = StatementItem(state.round, action.party, action.text)
            return (evolve(state, seq=seq, statements=(*state.statements, item)),
                    (event("StatementMade", party=action.party, text=action.text),))
        case FireEvent():
            state = evolve(state, seq=seq)
            before = _signing_text(state) if state.phase == "signing" else None
            state, log = effects.fire(state, state.scenario.event(action.event), by=action.by)
            return _after_inject(state, log, before)
        case Inject():
            state = evolve(state, seq=seq)  # the inject is named after it
            before = _signing_text(state) if state.phase == "signing" else None
            state, log = effects.inject(state, action.headline, action.text, action.effects,
                                        action.by)
            return _after_inject(state, log, before)
        case ForceSigning():
            return _force_signing(state, seq)
        case Reseat():
            return evolve(state, seq=seq), (event("SeatChanged", party=action.party,
                                                  seat=action.seat),)
    raise AssertionError(f"unhandled action {action!r}")  # pragma: no cover


def _after_inject(state: GameState, log: tuple[LogEvent, ...],
                  before: dict[str, str] | None) -> Step:
    if before is not None and state.running and _signing_text(state) != before:
        state, more = _reopen_signing(state)
        log = (*log, *more)
    return state, log


def _force_signing(state: GameState, seq: int) -> Step:
    """Pending proposals of this round lapse; signing opens on the draft as it stands."""
    tabled = state.proposals_this_round()
    first = len(state.proposals) - len(tabled)
    reason = "the control seat opened signing"
    lapsed = tuple(p.resolved("lapsed", reason) if p.result == "pending" else p for p in tabled)
    log: tuple[LogEvent, ...] = (
        event("SigningForced", round=state.round),
        *(event("ProposalLapsed", proposal=p.id, reason=reason)
          for p in tabled if p.result == "pending"))
    state = evolve(state, seq=seq, proposals=(*state.proposals[:first], *lapsed))
    state, more = _open_signing(state, final=state.round >= state.scenario.rounds)
    return state, (*log, *more)


def _roll(state: GameState, action: EventRoll, seq: int) -> Step:
    state = evolve(state, seq=seq, pending_rolls=state.pending_rolls[1:])
    log: tuple[LogEvent, ...]
    if action.fired:
        state, log = effects.fire(state, state.scenario.event(action.event))
    else:
        log = (event("ChanceMissed", event=action.event),)
    if state.running and not state.pending_rolls:
        state, more = _open_talks(state)
        log = (*log, *more)
    return state, log


def _table(state: GameState, action: Propose, seq: int) -> Step:
    stakeholders = {p for issue_id, _ in action.amendments
                    for p in state.issue(issue_id).stakeholders}
    proposal = Proposal(
        id=len(state.proposals) + 1, round=state.round, party=action.party,
        amendments=action.amendments, note=action.note,
        stakeholders=tuple(p for p in state.scenario.party_ids if p in stakeholders),
    )
    return _advance_turn(state, (event("ProposalTabled", proposal=proposal.id,
                                       party=action.party, amendments=action.amendments,
                                       note=action.note),),
                         seq=seq, proposals=(*state.proposals, proposal))


def _advance_turn(state: GameState, log: tuple[LogEvent, ...], **changes: Any) -> Step:
    """Pass the turn to the next party, applying `changes` (the move just made) in the same
    new state."""
    state = evolve(state, turn=state.turn + 1, **changes)
    if state.turn < len(state.order):
        return state, log
    tabled = state.proposals_this_round()
    if not tabled:
        state, more = _after_votes(state)
        return state, (*log, *more)
    # A proposer that has a vote supports its own proposal.
    first = len(state.proposals) - len(tabled)
    proposals = (*state.proposals[:first], *(
        p.with_vote(p.party, True) if p.party in p.stakeholders else p for p in tabled))
    state = evolve(state, phase="votes", proposals=proposals)
    log = (*log, event("VotingOpened", proposals=[p.id for p in tabled]))
    if not to_move(state):  # every vote is in (the driver asks next: the answer is cached)
        state, more = _resolve_votes(state)
        log = (*log, *more)
    return state, log


def _vote(state: GameState, action: Vote, seq: int) -> Step:
    party = action.party
    k = action.proposal - 1  # ids are positions + 1
    p = state.proposals[k]
    voters = to_move(state)  # usually cached: asked by the driver, or made by the vote before
    voted = p.with_vote(party, action.support)
    state = evolve(state, seq=seq,
                   proposals=(*state.proposals[:k], voted, *state.proposals[k + 1:]))
    log: tuple[LogEvent, ...] = (event("VoteCast", party=party, proposal=action.proposal),)
    # Who still votes: the same seats, less this party once it has voted on every proposal it
    # has a stake in (a vote changes no one else's duties; recounting them all costs more).
    if not any(q.result == "pending" and party in q.stakeholders and party not in q.votes
               for q in state.proposals_this_round()):
        voters = tuple(x for x in voters if x != party)
    if not _remember_moves(state, voters):  # every vote is in
        state, more = _resolve_votes(state)
        log = (*log, *more)
    return state, log


def _passes(state: GameState, proposal: Proposal) -> bool:
    yes = sum(proposal.votes.values())
    if state.scenario.vote_rule == "majority":
        return yes * 2 > len(proposal.stakeholders)
    return yes == len(proposal.stakeholders)


def _resolve_votes(state: GameState) -> Step:
    log: list[LogEvent] = []
    draft = dict(state.draft)
    draft_by = dict(state.draft_by)
    changed: set[str] = set()
    resolved: dict[int, Proposal] = {}
    for p in state.proposals_this_round():
        tally = {party: p.votes[party] for party in p.stakeholders}
        log.append(event("VotesRevealed", proposal=p.id, votes=tally))
        if not _passes(state, p):
            against = [party for party, yes in tally.items() if not yes]
            resolved[p.id] = p.resolved("failed", "opposed by " + ", ".join(against))
            log.append(event("ProposalFailed", proposal=p.id, opposed=against))
            continue
        reason = _lapse_reason(state, p, changed)
        if reason:
            resolved[p.id] = p.resolved("lapsed", reason)
            log.append(event("ProposalLapsed", proposal=p.id, reason=reason))
            continue
        for issue_id, option in p.amendments:
            draft[issue_id] = option
            draft_by[issue_id] = p.party
            changed.add(issue_id)
        resolved[p.id] = p.resolved("passed")
        log.append(event("ProposalPassed", proposal=p.id, amendments=p.amendments))
    first = len(state.proposals) - len(resolved)  # this round's proposals are the suffix
    state = evolve(
        state,
        proposals=(*state.proposals[:first], *(resolved[p.id] for p in state.proposals[first:])),
        draft=FrozenMap(draft),
        draft_by=FrozenMap(draft_by),
    )
    state, more = _after_votes(state)
    return state, (*log, *more)


def _lapse_reason(state: GameState, p: Proposal, changed: set[str]) -> str:
    for issue_id, option in p.amendments:
        if issue_id in changed:
            return f"{issue_id} was already changed this round by an earlier proposal"
        if not state.has_issue(issue_id) or option not in state.issue(issue_id).option_ids:
            return f"{issue_id}={option} is no longer on the table"
        if issue_id in state.locked:
            return f"{issue_id} was locked"
    return ""


def _after_votes(state: GameState) -> Step:
    last = state.round >= state.scenario.rounds
    if not state.open_issues or last:
        return _open_signing(state, final=last)
    return _start_round(state, state.round + 1)


def _signing_text(state: GameState) -> dict[str, str]:
    """The text on the signing table: the draft, with `if_open` filling open issues at the end."""
    text: dict[str, str] = {}
    for issue in state.issues:
        option = state.draft.get(issue.id)
        if option is None and state.final_signing and issue.if_open is not None:
            option = issue.if_open
        if option is not None:
            text[issue.id] = option
    return text


def _open_signing(state: GameState, *, final: bool) -> Step:
    state = evolve(state, phase="signing", final_signing=final, decisions=_NO_DECISIONS)
    stuck = [i.id for i in state.issues if i.id not in _signing_text(state)]
    if stuck:
        reason = (f"no agreement is possible: {', '.join(stuck)} "
                  f"{'is' if len(stuck) == 1 else 'are'} still open, with no default option")
        return _end(state, "no_deal", reason, (event("SigningImpossible", open=stuck),))
    return state, (event("SigningOpened", final=final, text=_signing_text(state)),)


def _reopen_signing(state: GameState) -> Step:
    """An inject changed the text on the signing table: earlier signatures no longer count."""
    log = (event("SigningInterrupted", reason="an event changed the text"),)
    if not state.final_signing and state.open_issues:
        state, more = _start_round(state, state.round + 1)
    else:
        state, more = _open_signing(state, final=state.final_signing)
    return state, (*log, *more)


def _decide(state: GameState, party: str, signed: bool, seq: int) -> Step:
    state = evolve(state, seq=seq, decisions=state.decisions.set(party, signed))
    log: tuple[LogEvent, ...] = (event("SigningDecided", party=party),)
    if to_move(state):
        return state, log
    decisions = {p: state.decisions[p] for p in state.scenario.party_ids}
    state = evolve(state, last_signing=FrozenMap(decisions))
    log = (*log, event("SignaturesRevealed", decisions=decisions))
    agreement = state.scenario.agreement
    signers = [p for p, yes in decisions.items() if yes]
    missing = [p for p in agreement.signatories if not decisions[p]]
    if not missing and len(signers) >= agreement.quorum:
        text = _signing_text(state)
        state = evolve(state, agreement=FrozenMap(text))
        return _end(state, "agreement", "", (*log, event("AgreementReached", text=text,
                                                           signers=signers)))
    why = (f"{', '.join(missing)} did not sign" if missing
           else f"only {len(signers)} of the {agreement.quorum} signatures needed")
    log = (*log, event("SigningFailed", reason=why))
    if state.final_signing:
        return _end(state, "no_deal", f"no agreement after the last round: {why}", log)
    state, more = _start_round(state, state.round + 1)
    return state, (*log, *more)


# -- alternating offers ------------------------------------------------------------------------


def _offer(state: GameState, action: Offer, seq: int) -> Step:
    # The offer's clauses in the order of the issues (`check` made sure each pair is valid).
    text = tuple(sorted(action.text, key=issue_index(state.issues).positions.__getitem__))
    return _next_offer_turn(state, (event("OfferMade", party=action.party, text=text),),
                            seq=seq, offer=(action.party, text), accepted=(action.party,))


def _accept(state: GameState, action: Accept, seq: int) -> Step:
    offer = state.offer
    assert offer is not None  # checked by `check`
    accepted = tuple(sorted({*state.accepted, action.party}))
    log: tuple[LogEvent, ...] = (event("OfferAccepted", party=action.party),)
    if set(accepted) >= set(state.scenario.party_ids):
        text = dict(offer[1])
        state = evolve(state, seq=seq, accepted=accepted, agreement=FrozenMap(text),
                       draft=FrozenMap(text),
                       last_signing=FrozenMap({p: True for p in state.scenario.party_ids}))
        return _end(state, "agreement", "", (*log, event("AgreementReached", text=text,
                                                           signers=list(accepted))))
    return _next_offer_turn(state, log, seq=seq, accepted=accepted)


def _next_offer_turn(state: GameState, log: tuple[LogEvent, ...], **changes: Any) -> Step:
    """Pass the turn to the next party, applying `changes` (the move just made) in the same
    new state."""
    turn = state.turn + 1
    if turn < len(state.order):
        return evolve(state, turn=turn, **changes), log
    if state.round >= state.scenario.rounds:
        return _end(evolve(state, turn=turn, **changes), "no_deal",
                    "no offer was accepted by everyone before the deadline", log)
    return _start_round(state, state.round + 1, log, **changes)


# -- legal actions -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LegalActions:
    """What `party` may do now, as a view: `in` checks one action without enumerating.

    Iterating lists every action, proposals included (there can be many thousands); use
    `amendable` to build proposals without enumerating them.
    """

    state: GameState
    party: str

    def __contains__(self, action: object) -> bool:
        return (getattr(action, "actor", None) == self.party
                and is_legal(self.state, action))  # type: ignore[arg-type]

    @property
    def amendable(self) -> Mapping[str, tuple[str, ...]]:
        """Issue -> options this party could propose now (empty outside its proposal turn)."""
        if self.party not in to_move(self.state) or self.state.phase != "proposals":
            return {}
        return {
            i.id: tuple(o for o in i.option_ids if o != self.state.draft.get(i.id))
            for i in self.state.issues if i.id not in self.state.locked
        }

    def simple(self) -> tuple[Action, ...]:
        """Every legal action except proposals, offers and statements."""
        s, party = self.state, self.party
        candidates: list[Action] = []
        if party == CHANCE:
            candidates = [roll for roll, _ in chance_outcomes(s)]
        elif s.phase == "proposals":
            candidates = [Pass(party)]
        elif s.phase == "votes":
            candidates = [Vote(party, p.id, yes) for p in s.proposals_this_round()
                          for yes in (True, False)]
        elif s.phase == "signing":
            candidates = [Sign(party), Refuse(party)]
        elif s.phase == "offers":
            candidates = [Accept(party)]
        return tuple(a for a in candidates if is_legal(s, a))

    def __iter__(self) -> Iterator[Action]:
        yield from self.simple()
        amendable = self.amendable
        if amendable:
            yield from _proposals(self.party, amendable, self.state.scenario.max_amendments)


def _proposals(party: str, amendable: Mapping[str, tuple[str, ...]], limit: int
               ) -> Iterator[Propose]:
    issues = [i for i in amendable if amendable[i]]

    def grow(start: int, chosen: Amendments) -> Iterator[Propose]:
        for k in range(start, len(issues)):
            for option in amendable[issues[k]]:
                nxt = (*chosen, (issues[k], option))
                yield Propose(party, nxt)
                if len(nxt) < limit:
                    yield from grow(k + 1, nxt)

    yield from grow(0, ())


def legal_actions(state: GameState, party: str) -> LegalActions:
    return LegalActions(state, party)
