"""The control seat's actions: ad-hoc injects, forcing the signing, and seat changes."""

from __future__ import annotations

import pytest

from game.core.actions import (
    ForceSigning,
    Inject,
    Pass,
    Propose,
    Reseat,
    action_from_dict,
    parse_action,
    to_dict,
)
from game.core.effect_data import effect_from_dict, effect_to_dict
from game.core.errors import GameError
from game.core.log import record, replay
from game.core.model import (
    AddIssue,
    AddOption,
    AdjustParty,
    EndGame,
    FrozenMap,
    Issue,
    LockIssue,
    News,
    Option,
    RemoveIssue,
    RemoveOption,
    Scenario,
    UnlockIssue,
)
from game.core.rules import apply_action, new_game, to_move
from game.core.state import GameState
from game.core.view import player_view
from game.scenario import load_scenario
from tests.conftest import FLAGSHIP, TUTORIAL


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load_scenario(TUTORIAL).scenario


def _first_issue(state: GameState) -> Issue:
    return state.issues[0]


ALL_EFFECTS = (
    AdjustParty("uk", FrozenMap({"a": 1.5}), FrozenMap({"a": FrozenMap({"x": -2.0})}), 3.0, 0.1),
    AddOption("a", Option("new", "New", "d"), FrozenMap({"uk": 40.0}), "x"),
    RemoveOption("a", "x"),
    LockIssue("a", "x"),
    LockIssue("a"),
    UnlockIssue("a"),
    AddIssue(Issue("z", "Zed", (Option("p", "P"), Option("q", "Q")), ("uk",), "", "p"),
             FrozenMap({"uk": 2.0}), FrozenMap({"uk": FrozenMap({"p": 10.0})})),
    RemoveIssue("a"),
    EndGame("stop"),
    News("hello"),
)


@pytest.mark.parametrize("effect", ALL_EFFECTS, ids=lambda e: type(e).__name__)
def test_every_effect_kind_round_trips_through_its_data_form(effect: object) -> None:
    assert effect_from_dict(effect_to_dict(effect)) == effect  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [
    {"kind": "teleport"}, {"kind": "adjust"}, {"kind": "adjust", "party": "uk", "reservation": "x"},
    {"kind": "add_option", "issue": "a", "option": "no"}, {"kind": "news", "text": ""}, [1],
])
def test_bad_effect_data_is_a_value_error(bad: object) -> None:
    with pytest.raises(ValueError):
        effect_from_dict(bad)  # type: ignore[arg-type]


def test_control_actions_round_trip_as_text_and_data() -> None:
    actions = [Inject("Port hit", "Ships 'stop'", ALL_EFFECTS), Inject("Quiet", ""),
               ForceSigning(), Reseat("uk", "human:Ann O'Neil"), Reseat("fr", "bot:boulware")]
    for a in actions:
        assert parse_action(str(a)) == a
        assert action_from_dict(to_dict(a)) == a
        assert a.actor == "control"


def test_an_inject_shows_its_news_and_applies_its_effects(tutorial: Scenario) -> None:
    state = new_game(tutorial)[0]
    party = tutorial.party_ids[0]
    issue = _first_issue(state)
    option = issue.option_ids[-1]
    before = state.prefs[party].reservation
    inject = Inject("Summit called", "Leaders meet tomorrow.", (
        AdjustParty(party, reservation=-7.0), LockIssue(issue.id, option)))
    after, events = apply_action(state, inject)
    assert after.prefs[party].reservation == pytest.approx(max(0.0, before - 7.0))
    assert after.draft[issue.id] == option and issue.id in after.locked
    assert after.news[-1].title == "Summit called"
    assert after.news[-1].event == f"inject-{after.seq}"
    assert events[0].kind == "InjectFired"
    assert "inject-1" not in after.fired  # injects are not scenario events
    # every seat sees the news; only control and the party itself see the new reservation
    other = tutorial.party_ids[1]
    assert player_view(after, other).news[-1].title == "Summit called"
    assert player_view(after, other).all_preferences is None


@pytest.mark.parametrize("effect, fragment", [
    (AdjustParty("nobody"), "party 'nobody'"),
    (LockIssue("nowhere"), "issue 'nowhere'"),
    (RemoveOption("__first__", "ghost"), "option 'ghost'"),
    (News("  "), "needs some text"),
])
def test_an_inject_with_unknown_references_is_refused(tutorial: Scenario, effect: object,
                                                      fragment: str) -> None:
    state = new_game(tutorial)[0]
    if isinstance(effect, RemoveOption):
        effect = RemoveOption(_first_issue(state).id, "ghost")
    with pytest.raises(GameError, match=fragment):
        apply_action(state, Inject("x", "y", (effect,)))  # type: ignore[arg-type]


def test_only_the_control_seat_may_inject_force_or_reseat(tutorial: Scenario) -> None:
    state = new_game(tutorial)[0]
    party = tutorial.party_ids[0]
    for action in (Inject("x", "y", by=party), ForceSigning(by=party),
                   Reseat(party, "bot:linear", by=party)):
        with pytest.raises(GameError, match="only the control seat"):
            apply_action(state, action)
    with pytest.raises(GameError, match="needs a headline"):
        apply_action(state, Inject("  ", "y"))


def test_forcing_the_signing_lapses_pending_proposals_and_opens_signing(tutorial: Scenario
                                                                        ) -> None:
    state = new_game(tutorial)[0]
    # settle every open clause first: forcing is refused while a clause is open
    open_issues = [i for i in state.issues if state.draft.get(i.id) is None
                   and i.if_open is None]
    if open_issues:
        with pytest.raises(GameError, match="still open"):
            apply_action(state, ForceSigning())
        settle = [(LockIssue(i.id, i.option_ids[0]), UnlockIssue(i.id)) for i in open_issues]
        state = apply_action(state, Inject("Settled", "", tuple(
            e for pair in settle for e in pair)))[0]
    first = to_move(state)[0]
    amendable = [i for i in state.issues if i.id not in state.locked]
    target = amendable[0]
    option = next(o for o in target.option_ids if o != state.draft.get(target.id))
    state = apply_action(state, Propose(first, ((target.id, option),)))[0]
    state, events = apply_action(state, ForceSigning())
    kinds = [e.kind for e in events]
    assert kinds[:2] == ["SigningForced", "ProposalLapsed"] and "SigningOpened" in kinds
    assert state.phase == "signing"
    assert state.proposals[-1].result == "lapsed"
    with pytest.raises(GameError, match="signing can be forced"):
        apply_action(state, ForceSigning())


def test_forcing_is_refused_under_alternating_offers() -> None:
    s = load_scenario(FLAGSHIP).scenario
    from dataclasses import replace
    ao = replace(s, protocol="alternating_offers")
    state = new_game(ao)[0]
    while state.phase == "news":  # roll any chance events as misses
        from game.core.actions import EventRoll
        state = apply_action(state, EventRoll(state.pending_rolls[0], False))[0]
    with pytest.raises(GameError, match="alternating offers"):
        apply_action(state, ForceSigning())


def test_a_reseat_changes_nothing_but_the_record(tutorial: Scenario) -> None:
    state = new_game(tutorial)[0]
    party = tutorial.party_ids[0]
    after, events = apply_action(state, Reseat(party, "bot:conceder"))
    assert [e.kind for e in events] == ["SeatChanged"]
    assert after.seq == state.seq + 1 and after.draft == state.draft
    with pytest.raises(GameError, match="human:NAME"):
        apply_action(state, Reseat(party, "robot"))


def test_control_actions_replay_from_the_log(tutorial: Scenario) -> None:
    state = new_game(tutorial)[0]
    party = tutorial.party_ids[0]
    records = []
    for action in (Inject("A", "B", (AdjustParty(party, urgency=0.05),)),
                   Reseat(party, "bot:linear"), Pass(to_move(state)[0])):
        before = state
        state, events = apply_action(state, action)
        records.append(record(before, action, events, state))
    again = replay(tutorial, records, verify=True)
    assert again.state == state
