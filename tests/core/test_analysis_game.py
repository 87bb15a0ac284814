"""`analyze_game`: a game's outcome judged on the game as it ended, so that the zone of possible
agreement agrees with the scores (discounted utilities under the preferences events left).

`LATE_DEAL_SCRIPT` is a reviewer's hot-seat tutorial game: the deal comes in round 4, when the
United States' utility of 53.99 is worth 53.99 * 0.97**3 = 49.28, under its walk-away of 50,
although 53.99 is above it. `analyze` (the scenario as written, before any round) keeps calling
that text inside the zone: its meaning is unchanged for `backstop analyze` and the validator.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from game.core.actions import Action, Inject, parse_action
from game.core.analysis import analyze, analyze_game, deal_rounds_elapsed, game_space
from game.core.model import AdjustParty, LockIssue
from game.core.rules import new_game
from game.core.scoring import red_lines_crossed
from game.core.state import GameState
from game.core.view import final_scores
from game.scenario import load_scenario
from game.session.session import Session
from game.sim.driver import default_specs, play_bots
from tests.conftest import FLAGSHIP, TUTORIAL
from tests.core.playing import play_random
from tests.report.test_transcript import TUTORIAL_SCRIPT

LATE_DEAL_SCRIPT = [
    "propose uk force_size=trainers_5k us_backstop=air_power zone=cities_ports",
    "propose usa force_size=up_to_30k us_backstop=intel_logistics",
    "propose ukraine force_size=up_to_30k",
    "vote ukraine 1 no", "vote ukraine 2 no", "vote usa 1 no", "vote usa 3 yes",
    "vote uk 2 yes", "vote uk 3 yes",
    "propose usa us_backstop=intel_logistics zone=cities_ports",
    "propose ukraine zone=cities_ports",
    "pass uk",
    "vote ukraine 4 no", "vote uk 4 yes", "vote uk 5 yes", "vote usa 5 yes",
    "propose ukraine us_backstop=intel_logistics",
    "pass uk", "pass usa",
    "vote usa 6 yes", "vote uk 6 yes",
    "sign ukraine", "refuse uk", "sign usa",
    "propose uk force_size=about_15k us_backstop=air_power",
    "pass usa",
    "propose ukraine force_size=about_15k",
    "vote ukraine 7 yes", "vote usa 7 no", "vote usa 8 yes", "vote uk 8 yes",
    "sign ukraine", "sign uk", "sign usa",
]
"""The tutorial to an agreement in round 4 that leaves the United States below its walk-away."""

SIGN_ALL = ["sign uk", "sign usa", "sign ukraine"]


def play_tutorial(script: Sequence[str], *, before_signing: Sequence[Action] = ()) -> Session:
    """The tutorial played from action lines; `before_signing` actions go in just before the
    last three lines (the signatures)."""
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "zone", {})
    for line in script[:-3]:
        session.apply(parse_action(line))
    for action in before_signing:
        session.apply(action)
    for line in script[-3:]:
        session.apply(parse_action(line))
    return session


def scores_reach_reservations(final: GameState) -> bool:
    """The zone's definition on the scores a finished game shows: every signatory scores at
    least its reservation and crosses none of its red lines."""
    assert final.agreement is not None
    scores = final_scores(final)
    return all(scores[p] >= final.prefs[p].reservation
               and not red_lines_crossed(final.prefs[p], final.agreement)
               for p in final.scenario.agreement.signatories)


def test_a_late_deal_below_a_walk_away_is_outside_the_zone() -> None:
    final = play_tutorial(LATE_DEAL_SCRIPT).state
    assert final.status == "agreement" and final.end_round == 4 and final.agreement is not None
    scores = final_scores(final)
    deal = analyze_game(final).assess(dict(final.agreement))
    assert deal.utilities["usa"] == 53.99 and scores["usa"] == pytest.approx(53.99 * 0.97**3)
    assert deal.utilities["usa"] > final.prefs["usa"].reservation == 50 > scores["usa"]
    assert not deal.in_zone and deal.below_reservation == ("usa",)
    assert deal.nash_percent == 0
    for party in final.scenario.agreement.signatories:
        assert deal.scores[party] == pytest.approx(scores[party], abs=1e-12)
        assert deal.surplus[party] == pytest.approx(
            scores[party] - final.prefs[party].reservation, abs=1e-12)
    # the scenario as written, before any round, still calls it inside (unchanged API)
    assert analyze(final.scenario).assess(dict(final.agreement)).in_zone


def test_an_early_deal_above_every_walk_away_is_inside_the_zone() -> None:
    final = play_tutorial([*TUTORIAL_SCRIPT, *SIGN_ALL]).state
    assert final.status == "agreement" and final.end_round == 2 and final.agreement is not None
    deal = analyze_game(final).assess(dict(final.agreement))
    assert deal.in_zone and deal.below_reservation == () and scores_reach_reservations(final)
    assert deal.nash_percent > 0


def test_an_event_that_raises_a_walk_away_is_judged_on_the_preferences_it_left() -> None:
    raise_usa = Inject("Congress balks", "Washington wants more.",
                       (AdjustParty("usa", reservation=20.0),))
    final = play_tutorial([*TUTORIAL_SCRIPT, *SIGN_ALL], before_signing=[raise_usa]).state
    assert final.status == "agreement" and final.agreement is not None
    assert final.prefs["usa"].reservation == 70 > final_scores(final)["usa"]
    deal = analyze_game(final).assess(dict(final.agreement))
    assert not deal.in_zone and deal.below_reservation == ("usa",)
    assert analyze(final.scenario).assess(dict(final.agreement)).in_zone


def test_the_rounds_elapsed_are_the_deals_or_the_current_rounds() -> None:
    session = play_tutorial(LATE_DEAL_SCRIPT)
    assert deal_rounds_elapsed(session.state) == session.state.end_round - 1 == 3
    loaded = load_scenario(TUTORIAL)
    running = Session(loaded.scenario, loaded.sha256, "zone", {}).state
    assert running.round == 1 and deal_rounds_elapsed(running) == 0
    analysis = analyze_game(running)
    assert analysis.rounds_elapsed == 0
    assert analysis.to_dict() == analyze(loaded.scenario).to_dict()  # nothing has happened yet


def test_the_game_space_fixes_the_locked_clauses_on_their_options() -> None:
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "zone", {})
    session.apply(Inject("Kyiv insists", "The cities first.", (LockIssue("zone", "cities_ports"),)))
    state = session.state
    assert state.locked == ("zone",)
    space = game_space(state)
    assert space.fixed == {"zone": "cities_ports"} and space.size == 9
    assert space.party_ids == tuple(sorted(state.prefs))


@pytest.mark.parametrize(("path", "seeds"), [(TUTORIAL, range(8)), (FLAGSHIP, range(2))])
def test_bot_games_inside_the_zone_are_those_whose_scores_reach_every_walk_away(
        path: object, seeds: range) -> None:
    loaded = load_scenario(path)  # type: ignore[arg-type]
    scenario = loaded.scenario
    for seed in seeds:
        session, _ = play_bots(scenario, loaded.sha256, f"zone/{seed}", default_specs(scenario))
        final = session.state
        if final.status != "agreement" or final.agreement is None:
            continue
        deal = analyze_game(final).assess(dict(final.agreement))
        assert deal.in_zone == scores_reach_reservations(final), seed


def test_random_games_inside_the_zone_are_those_whose_scores_reach_every_walk_away() -> None:
    """Random legal play signs texts inside and outside the zone, with injects that move
    reservations: the verdict follows the scores every time."""
    scenario = load_scenario(TUTORIAL).scenario
    verdicts = []
    for seed in range(60):
        final, _, _ = play_random(new_game(scenario)[0], seed)
        if final.status == "agreement" and final.agreement is not None:
            deal = analyze_game(final).assess(dict(final.agreement))
            assert deal.in_zone == scores_reach_reservations(final), seed
            verdicts.append(deal.in_zone)
    assert set(verdicts) == {True, False}
