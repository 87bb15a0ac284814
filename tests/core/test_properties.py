"""Properties over random legal play in every shipped scenario (the conformance suite)."""

from __future__ import annotations

import contextlib
import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.actions import CONTROL, action_from_dict, parse_action, to_dict
from game.core.errors import GameError
from game.core.model import FrozenMap, Preferences, RedLine
from game.core.rules import apply_action, new_game
from game.core.state import GameState, Proposal, canonical
from game.core.view import OBSERVER, final_scores, player_view
from game.paths import bundled_scenarios
from game.scenario import load_scenario
from tests.core.playing import play_random, random_action

SCENARIOS = {p.stem: load_scenario(p).scenario for p in bundled_scenarios()}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_random_legal_play_ends_within_its_rounds_with_scores_in_range(name: str,
                                                                       seed: int) -> None:
    scenario = SCENARIOS[name]
    start = new_game(scenario)[0]
    state, actions, _ = play_random(start, seed)
    assert not state.running
    assert 1 <= state.end_round <= scenario.rounds
    scores = final_scores(state)
    assert all(0 <= v <= 100 for v in scores.values())
    replayed = start
    for action in actions:
        assert parse_action(str(action)) == action
        assert action_from_dict(to_dict(action)) == action
        replayed, _ = apply_action(replayed, action)
    assert canonical(replayed) == canonical(state)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_apply_action_never_mutates_its_input_and_only_raises_game_error(seed: int) -> None:
    rng = random.Random(seed)
    state = new_game(SCENARIOS["tutorial-backstop-bargain"])[0]
    while state.running:
        before = canonical(state)
        bogus = parse_action(rng.choice([
            "pass uk", "pass usa", "vote uk 1 yes", "vote usa 2 no", "sign ukraine",
            "propose uk zone=dmz_line", "propose usa force_size=up_to_30k us_backstop=none",
            "refuse uk", "accept uk", "roll no_us_troops hit", "fire legitimate_targets by control",
        ]))
        with contextlib.suppress(GameError):
            apply_action(state, bogus)
        assert canonical(state) == before
        state, _ = apply_action(state, random_action(state, rng))


# -- hidden information ------------------------------------------------------------------------


def _reachable(seed: int, name: str) -> GameState:
    """A random state part-way through a random game."""
    rng = random.Random(seed)
    state = new_game(SCENARIOS[name])[0]
    for _ in range(rng.randint(0, 400)):
        if not state.running:
            break
        state, _ = apply_action(state, random_action(state, rng))
    return state


def _scramble(prefs: Preferences, rng: random.Random) -> Preferences:
    return replace(
        prefs,
        weights=FrozenMap({k: rng.uniform(0, 9) for k in prefs.weights}),
        values=FrozenMap({i: FrozenMap({o: rng.uniform(0, 100) for o in v})
                          for i, v in prefs.values.items()}),
        red_lines=(RedLine("secret_issue", ("secret_option",), "a secret reason"),),
        reservation=rng.uniform(0, 100),
        urgency=rng.uniform(0, 0.5),
    )


def _with_other_secrets(state: GameState, party: str, rng: random.Random) -> GameState:
    """The same game, except for everything that should be secret to parties other than `party`."""
    proposals = tuple(
        p if p.revealed or party not in p.votes
        else replace(p, votes=FrozenMap({**p.votes, party: not p.votes[party]}))
        for p in state.proposals
    )
    decisions = state.decisions
    if party in decisions:
        decisions = FrozenMap({**decisions, party: not decisions[party]})
    prefs = FrozenMap({**state.prefs, party: _scramble(state.prefs[party], rng)})
    return replace(state, prefs=prefs, proposals=proposals, decisions=decisions)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_no_secret_of_one_party_reaches_another_viewer(name: str, seed: int) -> None:
    """Non-interference: changing a party's secrets changes no other seat's view at all."""
    state = _reachable(seed, name)
    if not state.running:
        return  # the debrief reveals everything
    rng = random.Random(seed)
    for party in state.scenario.party_ids:
        other = _with_other_secrets(state, party, rng)
        for viewer in (*state.scenario.party_ids, OBSERVER):
            if viewer != party:
                assert player_view(state, viewer) == player_view(other, viewer), (party, viewer)
        assert player_view(state, party) != player_view(other, party)


def test_a_party_sees_its_own_preferences_and_nobody_elses() -> None:
    state = new_game(SCENARIOS["tutorial-backstop-bargain"])[0]
    view = player_view(state, "uk")
    assert view.me is not None and view.me.preferences == state.prefs["uk"]
    assert view.all_preferences is None and view.events == ()
    assert "Your army is small" in view.me.confidential_briefing
    assert player_view(state, OBSERVER).me is None
    control = player_view(state, CONTROL)
    assert control.all_preferences == state.prefs and control.events


def test_hidden_votes_show_only_to_the_voter_and_control_until_revealed() -> None:
    state = new_game(SCENARIOS["tutorial-backstop-bargain"])[0]
    for text in ("propose uk zone=cities_ports", "pass usa", "pass ukraine", "vote usa 1 no"):
        state, _ = apply_action(state, parse_action(text))
    votes = {v: dict(player_view(state, v).proposals[0].votes)
             for v in ("uk", "usa", "ukraine", CONTROL)}
    assert votes["usa"] == {"usa": False}
    assert votes["ukraine"] == {}
    assert votes[CONTROL] == {"uk": True, "usa": False}
    assert player_view(state, "ukraine").proposals[0].voted == ("uk", "usa")


def test_a_view_holds_no_reference_to_the_state_or_scenario() -> None:
    state = _reachable(7, "ukraine-reassurance-2025")
    view = player_view(state, "uk")
    seen: set[int] = set()

    def walk(obj: object) -> None:
        if id(obj) in seen or isinstance(obj, str | int | float | bool | type(None)):
            return
        seen.add(id(obj))
        assert not isinstance(obj, GameState) and type(obj).__name__ != "Scenario"
        if isinstance(obj, Proposal):
            raise AssertionError("a raw proposal (with hidden votes) leaked into a view")
        children = (obj.values() if isinstance(obj, dict | FrozenMap)
                    else obj if isinstance(obj, tuple | list)
                    else [getattr(obj, f) for f in getattr(obj, "__slots__", ())])
        for child in children:
            walk(child)

    walk(view)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_view_has_exactly_the_view_fields(name: str) -> None:
    """`player_view` fills a view's fields by name without a type-checked constructor."""
    from dataclasses import fields

    from game.core.view import View

    expected = {f.name for f in fields(View)}
    for seed in range(3):
        state = _reachable(seed, name)
        for viewer in (*state.scenario.party_ids, OBSERVER, CONTROL):
            assert set(vars(player_view(state, viewer))) == expected, viewer
    over = play_random(new_game(SCENARIOS[name])[0], 7)[0]
    assert not over.running and set(vars(player_view(over, OBSERVER))) == expected
