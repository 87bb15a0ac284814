"""How the bots behave over many seeds. Each test can fail: it measures, it does not script."""

from __future__ import annotations

import pytest

from game.bots import make_bot, parse_spec, seat_rng
from game.core.actions import Accept, Pass, Propose, Sign
from game.core.analysis import analyze
from game.core.model import BotSpec
from game.core.rules import to_move
from game.core.scoring import red_lines_crossed, score
from game.core.state import GameState
from game.core.view import player_view
from game.scenario import Loaded, load_scenario
from game.session.session import Session
from game.sim.batch import GameResult, Job, game_seed, run
from game.sim.summary import assess_deals
from tests.conftest import FLAGSHIP, SCENARIOS, TUTORIAL

TUT = load_scenario(TUTORIAL)
FLAG = load_scenario(FLAGSHIP)
AO = load_scenario(SCENARIOS / "tutorial-alternating-offers.yaml")


def _batch(loaded: Loaded, games: int, seed: str,
           specs: dict[str, BotSpec] | None = None) -> list[GameResult]:
    scenario = loaded.scenario
    seats = tuple((p.id, (specs or {}).get(p.id, p.bot)) for p in scenario.parties)
    jobs = [Job(k, game_seed(seed, k), seats) for k in range(games)]
    return run(scenario, loaded.sha256, jobs, workers=2)


def _everyone(strategy: str) -> dict[str, BotSpec]:
    return {p: parse_spec(strategy) for p in TUT.scenario.party_ids}


def _time_to_agreement(results: list[GameResult], rounds: int) -> float:
    """Mean round of agreement, a game without one counting as one round past the deadline."""
    return sum(r.end_round if r.agreed else rounds + 1 for r in results) / len(results)


def test_conceders_agree_sooner_than_boulwares_on_the_tutorial() -> None:
    conceders = _batch(TUT, 100, "pace", _everyone("conceder"))
    boulwares = _batch(TUT, 100, "pace", _everyone("boulware"))
    rounds = TUT.scenario.rounds
    assert _time_to_agreement(conceders, rounds) < _time_to_agreement(boulwares, rounds)
    agreed_c = [r.end_round for r in conceders if r.agreed]
    agreed_b = [r.end_round for r in boulwares if r.agreed]
    assert agreed_c and agreed_b
    assert sum(agreed_c) / len(agreed_c) < sum(agreed_b) / len(agreed_b)


def test_default_self_play_on_the_tutorial_agrees_mostly_on_pareto_optimal_texts() -> None:
    results = _batch(TUT, 200, "self-play")
    agreed = [r for r in results if r.agreed]
    assert len(agreed) >= 0.8 * len(results), f"{len(agreed)}/200 agreements"
    deals = assess_deals(analyze(TUT.scenario), agreed)
    pareto = sum(bool((a := deals[r.text]) and a.pareto_optimal) for r in agreed)
    assert pareto >= 0.7 * len(agreed), f"{pareto}/{len(agreed)} Pareto-optimal"


@pytest.mark.slow
def test_the_flagship_with_its_default_personalities_is_balanced() -> None:
    """Neither outcome is foregone: agreement in 25% to 85% of 200 seeded games. If this fails,
    tune the scenario's preferences or personalities, not this test."""
    results = _batch(FLAG, 200, "balance")
    rate = sum(r.agreed for r in results) / len(results)
    assert 0.25 <= rate <= 0.85, f"flagship agreement rate {rate:.0%}"


def _check_signature(state: GameState, party: str, action: object) -> None:
    prefs = state.prefs[party]
    ids = tuple(i.id for i in state.issues)
    if isinstance(action, Sign):
        text = {i.id: state.draft.get(i.id) or (i.if_open if state.final_signing else None)
                for i in state.issues}
    elif isinstance(action, Accept):
        assert state.offer is not None
        text = dict(state.offer[1])
    else:
        return
    assert not red_lines_crossed(prefs, text), f"{party} signed across a red line"
    assert score(prefs, text, ids, state.round - 1) >= prefs.reservation, (
        f"{party} signed below its reservation")


@pytest.mark.parametrize(("loaded", "games"), [(TUT, 60), (AO, 30), (FLAG, 12)],
                         ids=["tutorial", "alternating-offers", "flagship"])
def test_bots_never_sign_below_their_reservation_or_across_a_red_line(
        loaded: Loaded, games: int) -> None:
    strategies = ("boulware", "conceder", "tit_for_tat", "hardliner", "random", "linear")
    parties = loaded.scenario.party_ids
    signatures = 0
    for g in range(games):
        bots = {p: make_bot(p, parse_spec(strategies[(g + k) % len(strategies)]))
                for k, p in enumerate(parties)}
        session = Session(loaded.scenario, loaded.sha256, f"sign/{g}", {})
        rngs = {p: seat_rng(session.seed, p) for p in parties}
        while session.state.running:
            party = to_move(session.state)[0]
            decision = bots[party].act(player_view(session.state, party), rngs[party])
            _check_signature(session.state, party, decision.action)
            signatures += isinstance(decision.action, Sign | Accept)
            session.apply(decision.action)
    assert signatures > 0, "the games reached no signature to check"


@pytest.mark.parametrize(("loaded", "games"), [(TUT, 30), (FLAG, 6)],
                         ids=["tutorial", "flagship"])
def test_bots_never_table_a_package_already_on_the_table_this_round(
        loaded: Loaded, games: int) -> None:
    """A second copy of a tabled package could only lapse, yet a student would have to vote on
    it: a bot whose best packages are all tabled passes, saying which proposal it would have
    tabled (in the flagship's crowded last rounds that happens every game)."""
    parties = loaded.scenario.party_ids
    passed_for_it = 0
    for g in range(games):
        bots = {p: make_bot(p, loaded.scenario.party(p).bot) for p in parties}
        session = Session(loaded.scenario, loaded.sha256, f"twice/{g}", {})
        rngs = {p: seat_rng(session.seed, p) for p in parties}
        while session.state.running:
            party = to_move(session.state)[0]
            view = player_view(session.state, party)
            decision = bots[party].act(view, rngs[party])
            tabled = {frozenset(p.amendments): p.id for p in view.proposals
                      if p.round == view.round}
            if isinstance(decision.action, Propose):
                assert frozenset(decision.action.amendments) not in tabled, (
                    f"{party} tabled a copy of #{tabled[frozenset(decision.action.amendments)]}")
            elif isinstance(decision.action, Pass) and "already on the table as #" in (
                    reason := decision.reason):
                assert int(reason.rsplit("#", 1)[1]) in tabled.values(), reason
                passed_for_it += 1
            session.apply(decision.action)
    assert passed_for_it > 0 or loaded is TUT, "no bot found its package already tabled"
