"""The bot API: views in, decisions out, nothing else accepted, every answer legal."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from game.bots import (
    PRESETS,
    STRATEGIES,
    Bot,
    BotError,
    Decision,
    make_bot,
    parse_spec,
    require_view,
    seat_rng,
)
from game.bots.knowledge import OpponentModel, SeatModel, public_model
from game.core.actions import Pass, Propose
from game.core.log import replay
from game.core.model import BotSpec
from game.core.rules import is_legal, new_game, to_move
from game.core.state import GameState
from game.core.view import OBSERVER, View, player_view
from game.scenario import Loaded, load_scenario
from game.session.session import Session
from game.sim.driver import BotTable, play_bots
from tests.conftest import FLAGSHIP, TUTORIAL

TUT = load_scenario(TUTORIAL)
FLAG = load_scenario(FLAGSHIP)


def _first_view(party: str = "uk") -> tuple[GameState, View]:
    state = new_game(TUT.scenario)[0]
    return state, player_view(state, party)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_strategy_builds_a_bot_that_names_its_strategy(strategy: str) -> None:
    bot = make_bot("uk", parse_spec(strategy))
    assert isinstance(bot, Bot)
    assert bot.party == "uk"
    assert bot.label.split(":")[0] in (strategy, "time_dependent")


def test_the_bot_api_refuses_a_game_state() -> None:
    state, _ = _first_view()
    bot = make_bot("uk", BotSpec("linear"))
    with pytest.raises(TypeError, match="View"):
        bot.act(state, random.Random(0))  # type: ignore[arg-type]


@pytest.mark.parametrize("thing", [None, {}, "view", 42])
def test_the_bot_api_refuses_anything_that_is_not_a_view(thing: object) -> None:
    with pytest.raises(TypeError):
        make_bot("uk", BotSpec("conceder")).act(thing, random.Random(0))  # type: ignore[arg-type]


def test_a_view_doctored_to_carry_others_preferences_is_refused() -> None:
    state, view = _first_view()
    doctored = replace(view, all_preferences=state.prefs)
    with pytest.raises(BotError) as caught:
        make_bot("uk", BotSpec("linear")).act(doctored, random.Random(0))
    assert caught.value.code == "bot/not_a_party_view"


@pytest.mark.parametrize("viewer", ["usa", "control", OBSERVER])
def test_a_bot_refuses_another_seats_view(viewer: str) -> None:
    state = new_game(TUT.scenario)[0]
    with pytest.raises(BotError) as caught:
        make_bot("uk", BotSpec("linear")).act(player_view(state, viewer), random.Random(0))
    assert caught.value.code == "bot/wrong_seat"


def test_a_bot_refuses_to_act_out_of_turn() -> None:
    state, _ = _first_view()
    waiting = next(p for p in TUT.scenario.party_ids if p not in to_move(state))
    with pytest.raises(BotError) as caught:
        make_bot(waiting, BotSpec("linear")).act(player_view(state, waiting), random.Random(0))
    assert caught.value.code == "bot/not_your_turn"


def test_require_view_returns_the_view_it_accepts() -> None:
    _, view = _first_view()
    assert require_view(view, "uk") is view


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("scenario", [TUT, FLAG], ids=["tutorial", "flagship"])
def test_every_decision_is_legal_and_comes_with_a_reason_in_the_seats_terms(
        strategy: str, scenario: Loaded) -> None:
    bots = {p: make_bot(p, parse_spec(strategy)) for p in scenario.scenario.party_ids}
    session = Session(scenario.scenario, scenario.sha256, f"legal/{strategy}", {})
    rngs = {p: seat_rng(session.seed, p) for p in bots}
    names = {p.id: p.name for p in scenario.scenario.parties}
    steps = 0
    while session.state.running:
        state = session.state
        movers = to_move(state)
        steps += 1
        for party in scenario.scenario.party_ids if steps % 10 == 1 else ():
            if party not in movers:  # a bot refuses to act out of turn
                with pytest.raises(BotError):
                    bots[party].act(player_view(state, party), rngs[party])
        party = movers[0]
        decision = bots[party].act(player_view(state, party), rngs[party])
        assert isinstance(decision, Decision)
        assert decision.action.actor == party
        assert is_legal(state, decision.action), decision
        assert decision.reason.startswith(names[party]) and len(decision.reason) > 20
        assert "\n" not in decision.reason
        session.apply(decision.action)


def test_bots_are_deterministic_given_their_seed() -> None:
    specs = {p.id: p.bot for p in FLAG.scenario.parties}
    first, _ = play_bots(FLAG.scenario, FLAG.sha256, "same", specs)
    second, _ = play_bots(FLAG.scenario, FLAG.sha256, "same", specs)
    assert first.records == second.records


def test_seat_streams_come_from_seed_strings() -> None:
    assert seat_rng("7", "uk").random() == random.Random("7/uk").random()
    assert seat_rng("7", "uk").random() != seat_rng("7", "usa").random()


def test_a_proposal_reason_names_what_the_seat_asks_for_and_gives() -> None:
    session = Session(TUT.scenario, TUT.sha256, "reason", {})
    table = BotTable(session, {p: make_bot(p, BotSpec("linear")) for p in TUT.scenario.party_ids})
    turns = table.run()
    proposals = [(t.decision.action, t.decision.reason) for t in turns
                 if isinstance(t.decision.action, Propose)]
    assert proposals, "somebody proposes in a tutorial game"
    for action, reason in proposals:
        assert isinstance(action, Propose)
        labels = [TUT.scenario.issue(i).option(o).label for i, o in action.amendments]
        assert any(label in reason for label in labels)
    assert all(t.decision.reason for t in turns if isinstance(t.decision.action, Pass))


def test_a_mixed_table_stops_when_a_human_must_move() -> None:
    session = Session(TUT.scenario, TUT.sha256, "mixed", {"uk": "human:Ann"})
    table = BotTable(session, {p: make_bot(p, BotSpec("linear")) for p in ("usa", "ukraine")})
    table.run()
    assert session.state.running
    assert to_move(session.state) == ("uk",)
    session.apply(Pass("uk"))
    assert table.run()  # the bots carry on


@pytest.mark.parametrize(("text", "spec"), [
    ("boulware", BotSpec("boulware", None)),
    ("time_dependent:e=0.3", BotSpec("time_dependent", 0.3)),
    ("conceder:e=3", BotSpec("conceder", 3.0)),
    ("tit_for_tat", BotSpec("tit_for_tat", None)),
])
def test_strategy_specs_parse(text: str, spec: BotSpec) -> None:
    assert parse_spec(text) == spec


@pytest.mark.parametrize("text", ["nope", "linear:e=0", "linear:e=-1", "linear:e=x",
                                  "linear:x=1", "linear:e", "linear:e=inf", ""])
def test_bad_strategy_specs_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_spec(text)
    assert "\n" not in str(caught.value)


def test_presets_are_the_faratin_exponents() -> None:
    assert PRESETS == {"boulware": 0.2, "linear": 1.0, "conceder": 2.0}
    assert make_bot("uk", BotSpec("boulware")).label == "boulware"
    assert make_bot("uk", BotSpec("boulware", 0.1)).label == "boulware:e=0.1"


def test_a_seat_believes_of_the_others_what_its_own_model_would() -> None:
    """Seats share a model learned from the public record; each seat's share must equal, to
    the last bit, the model it would learn on its own from its view."""
    specs = {p.id: p.bot for p in FLAG.scenario.parties}
    session, _ = play_bots(FLAG.scenario, FLAG.sha256, "share", specs)
    assert session.state.round >= 3, "the game lasts long enough to learn something"
    records = session.records
    states = replay(FLAG.scenario, records, keep_states=True).states
    checked = 0
    for state in states[:: max(1, len(states) // 12)]:
        if not state.running or state.phase == "signing":
            continue
        for party in ("uk", "russia", "turkey"):
            view = player_view(state, party)
            own = OpponentModel(view)
            own.observe(view)
            seat = SeatModel(public_model(view), party)
            assert seat.others == own.others
            assert np.array_equal(seat.matrix(view.issues), own.matrix(view.issues))
            for j in own.others:
                assert seat.suspected_vetoes(j) == own.suspected_vetoes(j)
                assert seat.reservation_level(j, view.issues) == own.reservation_level(
                    j, view.issues)
            checked += 1
    assert checked >= 10


def test_games_played_side_by_side_do_not_mix_their_models() -> None:
    """Two games stepped in turn give the very same decisions as each played alone."""
    specs = {p.id: p.bot for p in FLAG.scenario.parties}
    alone = [play_bots(FLAG.scenario, FLAG.sha256, seed, specs)[0].records
             for seed in ("side/a", "side/b")]
    tables = [BotTable(Session(FLAG.scenario, FLAG.sha256, seed, {}),
                       {p: make_bot(p, spec) for p, spec in specs.items()})
              for seed in ("side/a", "side/b")]
    steps = 0
    while any(table.step() is not None for table in tables):
        steps += 1
        for table in tables if steps % 2 == 0 else ():
            state = table.session.state
            if state.running:
                view = player_view(state, "france")
                own = OpponentModel(view)
                own.observe(view)
                seat = SeatModel(public_model(view), "france")
                assert np.array_equal(seat.matrix(view.issues), own.matrix(view.issues))
    assert [t.session.records for t in tables] == alone
    assert alone[0] != alone[1]


def test_the_public_model_tells_games_apart_by_their_records() -> None:
    specs = {p.id: p.bot for p in FLAG.scenario.parties}
    games = [replay(FLAG.scenario, play_bots(FLAG.scenario, FLAG.sha256, seed, specs)[0].records,
                    keep_states=True).states for seed in ("apart/a", "apart/b")]
    # Two states, one per game, with as many proposals tabled but not the same ones.
    pairs = [(a, b) for a in games[0] for b in games[1]
             if a.running and b.running and a.phase == b.phase == "proposals"
             and len(a.proposals) == len(b.proposals) > 0
             and [p.amendments for p in a.proposals] != [p.amendments for p in b.proposals]]
    assert pairs
    a, b = pairs[len(pairs) // 2]
    for state in (a, b, a, b):
        view = player_view(state, "germany")
        own = OpponentModel(view)
        own.observe(view)
        seat = SeatModel(public_model(view), "germany")
        assert np.array_equal(seat.matrix(view.issues), own.matrix(view.issues))


def test_a_reason_given_as_a_function_is_worded_once_when_read() -> None:
    calls: list[int] = []

    def word() -> str:
        calls.append(1)
        return "UK passes: nothing to add"

    lazy = Decision(Pass("uk"), word)
    assert not calls
    assert lazy.reason == "UK passes: nothing to add" and lazy.reason == lazy.reason
    assert len(calls) == 1
    assert lazy == Decision(Pass("uk"), "UK passes: nothing to add")
    assert lazy != Decision(Pass("uk"), "UK passes: something else")
    assert str(lazy).endswith("# UK passes: nothing to add")


def test_the_model_updates_a_few_rows_to_the_same_bits_as_a_full_rebuild() -> None:
    """`OpponentModel.matrix` works out a few changed rows in Python and many with numpy."""
    loaded = load_scenario(FLAGSHIP)
    view = player_view(new_game(loaded.scenario)[0], OBSERVER)
    model = OpponentModel(view, public=True)
    rng = random.Random(5)
    pairs = [(i.id, o) for i in view.issues for o in i.option_ids]
    model.matrix(view.issues)
    for step in range(60):
        parties = rng.sample(model.others, 1 if step % 3 else 5)  # one row, or many
        items = []
        for party in parties:
            issue, option = rng.choice(pairs)
            items += [(party, issue, option, rng.choice((2, 1, -1))), (party, issue, "", 2)]
        model._add_all(items)
        updated = model.matrix(view.issues)
        fresh = OpponentModel(view, public=True)
        fresh._add_all(model._evidence[len(fresh._evidence):])
        assert updated.tobytes() == fresh.matrix(view.issues).tobytes(), step


def test_a_red_line_reason_uses_the_possessive_of_a_plural_name() -> None:
    from game.bots import explain

    flagship = load_scenario(FLAGSHIP).scenario
    view = player_view(new_game(flagship)[0], "usa")
    issue = flagship.issues[0]
    text = explain.red_line(view, issue.id, issue.option_ids[0], "")
    assert "United States' red line" in text and "States's" not in text


def test_an_opposed_open_clause_reads_as_less_than_expected_not_as_a_cost() -> None:
    """A play-tester's bot opposed settling an open clause with "would cost it too much", yet
    the option was worth 32 points more to it than the clause's fallback on screen: the bot
    measures against what it expects the clause to settle at."""
    from game.bots import explain
    from game.bots.knowledge import OwnTables
    from game.bots.outlook import Outlook

    flagship = load_scenario(FLAGSHIP).scenario
    view = player_view(new_game(flagship)[0], "usa")
    issue = flagship.issues[0]
    low, high = issue.option_ids[0], issue.option_ids[-1]
    own = OwnTables(issue_ids=(issue.id,), values=({low: 10.0, high: 40.0},),
                    banned=(frozenset(),), interactions=(), best=40.0, tops=(40.0,))
    said = explain.clause(view, issue.id, low)
    open_clause = Outlook({issue.id: None}, {issue.id: {high: 1.0}}, {issue.id: high}, 40.0)
    assert explain.support(view, own, open_clause, 4, [(issue.id, low)], yes=False,
                           reached=False, enough=False) == (
        f"United States opposes #4: it expects better than {said}")
    settled = Outlook({issue.id: high}, {}, {issue.id: high}, 40.0)
    assert explain.support(view, own, settled, 4, [(issue.id, low)], yes=False,
                           reached=False, enough=False) == (
        f"United States opposes #4: {said} would cost it too much")
