"""The analysis (DESIGN §2): zone, Pareto frontier, bargaining points and deal quality."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game.core import analysis
from game.core.analysis import (
    analyze,
    analyze_matrix,
    analyze_space,
    pareto_mask,
    space_zone_is_empty,
    zone_is_empty,
)
from game.core.model import FrozenMap, Issue, Preferences, RedLine, Scenario
from game.core.scoring import can_sign, discounted, utility
from game.core.utility import outcome_space, scenario_space
from game.scenario import load_scenario
from tests.conftest import FLAGSHIP, SCENARIOS, TUTORIAL
from tests.core.test_utility import issue, prefs, random_spaces

# -- a hand-worked case -------------------------------------------------------------------------

X = issue("x", "x0", "x1")
Y = issue("y", "y0", "y1")
A_VALUES = {"x": {"x0": 100.0, "x1": 0.0}, "y": {"y0": 100.0, "y1": 0.0}}
B_VALUES = {"x": {"x0": 0.0, "x1": 100.0}, "y": {"y0": 0.0, "y1": 100.0}}


def logroll(**changes: object) -> dict[str, Preferences]:
    a = prefs({"x": 3.0, "y": 1.0}, A_VALUES, reservation=20.0)
    b = prefs({"x": 1.0, "y": 3.0}, B_VALUES, reservation=20.0)
    return {"a": dataclasses.replace(a, **changes), "b": b}  # type: ignore[arg-type]


def test_the_hand_worked_logroll() -> None:
    """Two parties, two issues, opposed on both but caring about different ones.

    a weighs x 3:1 and wants x0 and y0; b weighs y 3:1 and wants x1 and y1. Normalised weights
    are 0.75/0.25, so the four texts (in index order) give (a, b):

        (x0, y0) = (100, 0)    (x0, y1) = (75, 75)    (x1, y0) = (25, 25)    (x1, y1) = (0, 100)

    With reservations of 20, the zone is {(x0, y1), (x1, y0)}: the others leave someone at 0.
    (x1, y0), splitting the difference the wrong way round, is dominated by the trade (x0, y1),
    so the frontier is the other three texts. Nash: surpluses (55, 55) give 3025 against
    (5, 5) = 25, so the trade wins; it is also the Kalai–Smorodinsky point (both parties reach
    their ideal in the zone, ratio 1) and the maximum-welfare point (150).

    The split (x1, y0) is 50 * sqrt(2) = 70.71 from (75, 75), its nearest frontier point
    ((100, 0) and (0, 100) are sqrt(75² + 25²) = 79.06 away), and its Nash product is
    25 / 3025 = 0.83% of the maximum.
    """
    a = analyze_space(outcome_space((X, Y), logroll()), ["a", "b"])
    assert not a.approximate and a.warnings == ()
    assert a.zone_size == 2
    texts = a.frontier.texts(a.space)
    assert texts == [{"x": "x0", "y": "y0"}, {"x": "x0", "y": "y1"}, {"x": "x1", "y": "y1"}]
    assert a.frontier.complete and a.frontier.points.shape == (3, 2)
    trade = {"x": "x0", "y": "y1"}
    for solution, value in ((a.nash, 3025.0), (a.kalai_smorodinsky, 1.0), (a.max_welfare, 150.0)):
        assert solution is not None
        assert dict(solution.text) == trade
        assert solution.index == 1
        assert solution.value == pytest.approx(value)
        assert solution.utilities == {"a": 75.0, "b": 75.0}
        assert solution.surplus == {"a": 55.0, "b": 55.0}
    split = a.assess({"x": "x1", "y": "y0"})
    assert split.in_zone and split.signable and not split.pareto_optimal
    assert split.distance_to_frontier == pytest.approx(50 * np.sqrt(2))
    assert split.nash_percent == pytest.approx(100 * 25 / 3025)
    best = a.assess(trade)
    assert best.pareto_optimal and best.distance_to_frontier == 0.0 and best.nash_percent == 100.0
    corner = a.assess({"x": "x0", "y": "y0"})
    assert corner.pareto_optimal and not corner.in_zone and corner.nash_percent == 0.0


def test_ranges_give_each_partys_best_worst_and_reservation() -> None:
    a = analyze_space(outcome_space((X, Y), logroll()), ["a"])
    r = a.range("b")
    assert (r.best, r.worst, r.best_signable, r.reservation) == (100.0, 0.0, 100.0, 20.0)
    assert [x.party for x in a.ranges] == ["a", "b"]


def test_the_urgency_discount_shrinks_the_zone_round_by_round() -> None:
    """a loses half its value per round: the trade scores 75, 37.5, 18.75 for a."""
    space = outcome_space((X, Y), logroll(urgency=0.5))
    now, later, too_late = (analyze_space(space, ["a", "b"], t) for t in (0, 1, 2))
    assert now.zone_size == 2
    assert later.zone_size == 1  # the split gives a 12.5 < 20
    assert later.nash is not None and later.nash.scores == {"a": 37.5, "b": 75.0}
    assert later.nash.surplus == {"a": 17.5, "b": 55.0}
    assert too_late.zone_size == 0 and too_late.zone_is_empty
    assert too_late.nash is None and too_late.kalai_smorodinsky is None
    assert too_late.max_welfare is None
    # discounting scales utilities, so it never changes the frontier
    assert too_late.frontier.size == now.frontier.size == 3
    assert space_zone_is_empty(space, ["a", "b"], 2)
    assert not space_zone_is_empty(space, ["a", "b"], 1)


def test_the_zone_compares_scores_with_reservations_exactly_at_the_boundary() -> None:
    # (x0, y1) gives a exactly 75; a reservation of 75 is reached, 75.001 is not
    reached = analyze_space(outcome_space((X, Y), logroll(reservation=75.0)), ["a", "b"])
    missed = analyze_space(outcome_space((X, Y), logroll(reservation=75.001)), ["a", "b"])
    assert reached.zone_size == 1 and missed.zone_size == 0


def test_red_lines_remove_texts_from_the_zone_and_the_frontier() -> None:
    """a refuses y1, so only (x0, y0) and (x1, y0) are signable; neither dominates the other."""
    space = outcome_space((X, Y), logroll(red_lines=(RedLine("y", ("y1",)),)))
    a = analyze_space(space, ["a", "b"])
    assert a.frontier.texts(space) == [{"x": "x0", "y": "y0"}, {"x": "x1", "y": "y0"}]
    assert a.zone_size == 1
    assert a.nash is not None and dict(a.nash.text) == {"x": "x1", "y": "y0"}
    crossed = a.assess({"x": "x0", "y": "y1"})
    assert not crossed.signable and not crossed.in_zone and not crossed.pareto_optimal
    assert crossed.nash_percent == 0.0


def test_texts_that_tie_on_utility_are_all_on_the_frontier() -> None:
    """An issue nobody weighs doubles every text; both copies of each frontier point count."""
    z = issue("z", "z0", "z1")
    space = outcome_space((X, Y, z), logroll())
    a = analyze_space(space, ["a", "b"])
    assert a.frontier.size == 6 and a.frontier.points.shape == (3, 2)
    # ties in the bargaining points go to the lowest outcome index
    assert a.nash is not None and dict(a.nash.text) == {"x": "x0", "y": "y1", "z": "z0"}
    assert a.assess({"x": "x0", "y": "y1", "z": "z1"}).pareto_optimal


def test_unknown_or_missing_parties_are_refused() -> None:
    space = outcome_space((X, Y), logroll())
    with pytest.raises(ValueError, match="unknown parties \\['c'\\]"):
        analyze_space(space, ["a", "c"])
    with pytest.raises(ValueError, match="no parties"):
        analyze_space(space, [])
    with pytest.raises(ValueError, match="no column"):
        analyze_matrix(space.matrix(["a"]), ["a", "b"])


# -- the shipped scenarios ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load_scenario(TUTORIAL).scenario


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return load_scenario(FLAGSHIP).scenario


TRADE = {"force_size": "up_to_30k", "us_backstop": "air_power", "zone": "cities_ports"}
SPLIT = {"force_size": "about_15k", "us_backstop": "intel_logistics", "zone": "cities_ports"}


def test_the_tutorials_trade_is_the_nash_welfare_and_ks_point(tutorial: Scenario) -> None:
    a = analyze(tutorial)
    assert a.parties == ("uk", "ukraine", "usa")
    for solution in (a.nash, a.max_welfare, a.kalai_smorodinsky):
        assert solution is not None and dict(solution.text) == TRADE
    assert a.nash is not None
    assert a.nash.utilities == {"uk": pytest.approx(85, abs=0.1),
                                "usa": pytest.approx(70, abs=0.1),
                                "ukraine": pytest.approx(100, abs=0.1)}
    frontier = a.frontier.texts(a.space)
    assert TRADE in frontier
    assert {**TRADE, "us_backstop": "intel_logistics"} in frontier  # F3-B1-Z2


def test_splitting_the_difference_in_the_tutorial_is_dominated(tutorial: Scenario) -> None:
    a = analyze(tutorial)
    deal = a.assess(SPLIT)
    assert deal.in_zone and not deal.pareto_optimal
    assert deal.distance_to_frontier is not None and deal.distance_to_frontier > 10
    assert deal.nash_percent < 50
    mine = np.array([deal.utilities[p] for p in a.parties])
    better = a.assess(TRADE)
    theirs = np.array([better.utilities[p] for p in a.parties])
    assert (theirs > mine).all()  # the trade is better for every delegation


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenarios_bargaining_points_are_in_the_zone_and_pareto_optimal(
    path: object,
) -> None:
    scenario = load_scenario(path).scenario  # type: ignore[arg-type]
    a = analyze(scenario)
    assert not a.approximate
    assert not a.zone_is_empty and not zone_is_empty(scenario)
    for solution in (a.nash, a.kalai_smorodinsky, a.max_welfare):
        assert solution is not None
        deal = a.assess(solution.text)
        assert deal.in_zone and deal.pareto_optimal and deal.distance_to_frontier == 0.0
        assert all(s >= 0 for s in solution.surplus.values())
        for party, u in solution.utilities.items():
            assert u == utility(scenario.party(party).preferences, solution.text,
                                scenario.issue_ids)
    assert a.nash is not None
    assert a.assess(a.nash.text).nash_percent == pytest.approx(100.0)


def test_the_flagship_analysis_is_exact_and_deterministic(flagship: Scenario) -> None:
    first = analyze(flagship)
    assert first.outcome_count == 1_536_000
    assert first.parties == ("france", "russia", "uk", "ukraine", "usa")
    assert first.frontier.complete
    again = json.dumps(analyze(flagship).to_dict(), sort_keys=False)
    assert json.dumps(first.to_dict(), sort_keys=False) == again
    keys = list(first.to_dict())
    assert keys == sorted(keys)


def test_locked_clauses_restrict_the_analysis(tutorial: Scenario) -> None:
    a = analyze(tutorial, fixed={"us_backstop": "intel_logistics"})
    assert a.outcome_count == 9
    assert a.to_dict()["fixed"] == {"us_backstop": "intel_logistics"}
    assert a.nash is not None and a.nash.text["us_backstop"] == "intel_logistics"
    with pytest.raises(KeyError, match="us_backstop"):
        a.assess(TRADE)


def test_an_unreachable_reservation_empties_the_zone(tutorial: Scenario) -> None:
    uk = tutorial.party("uk")
    greedy = dataclasses.replace(uk, preferences=dataclasses.replace(uk.preferences,
                                                                     reservation=100.5))
    changed = dataclasses.replace(
        tutorial, parties=tuple(greedy if p.id == "uk" else p for p in tutorial.parties)
    )
    assert zone_is_empty(changed)
    assert not zone_is_empty(changed, ["usa", "ukraine"])
    a = analyze(changed)
    assert a.zone_is_empty and a.nash is None and a.to_dict()["nash"] is None


def test_the_analysis_to_dict_is_json_ready(tutorial: Scenario) -> None:
    data = analyze(tutorial).to_dict(frontier_texts=True)
    round_trip = json.loads(json.dumps(data))
    assert round_trip == data
    assert round_trip["frontier"]["texts"][0]["utilities"] == {
        "uk": 100.0, "ukraine": 65.0, "usa": 20.01}


# -- the Pareto algorithm against brute force ---------------------------------------------------


def brute_force_pareto(points: np.ndarray) -> np.ndarray:
    n = points.shape[0]
    keep = np.ones(n, dtype=bool)
    for i, j in itertools.product(range(n), repeat=2):
        if (points[j] >= points[i]).all() and (points[j] > points[i]).any():
            keep[i] = False
    return keep


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda d: arrays(np.float32, st.tuples(st.integers(0, 40), st.just(d)),
                         elements=st.sampled_from([0.0, 1.0, 2.0, 2.5, 3.0, 10.0]))
    ),
    st.sampled_from([1, 3, 2048]),
)
def test_the_pareto_mask_matches_brute_force_including_ties(points: np.ndarray, head: int) -> None:
    # a tiny head forces many rounds, the pre-filter, and equal sums across a round's edge
    original = analysis._HEAD
    analysis._HEAD = head
    try:
        assert np.array_equal(pareto_mask(points), brute_force_pareto(points))
    finally:
        analysis._HEAD = original


@settings(max_examples=60, deadline=None)
@given(arrays(np.float32, st.tuples(st.integers(0, 60), st.integers(2, 4)),
              elements=st.floats(-100, 100, width=32)))
def test_the_pareto_mask_matches_brute_force_on_arbitrary_floats(points: np.ndarray) -> None:
    assert np.array_equal(pareto_mask(points), brute_force_pareto(points))


def test_a_row_whose_float_sum_ties_still_dominates_across_a_rounds_edge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 100 + 1e-30 == 100 in float64, so sorting by sum alone may put the dominated row first
    monkeypatch.setattr(analysis, "_HEAD", 1)
    points = np.array([[100, 0, 0], [100, 1e-30, 0]], dtype=np.float32)
    assert pareto_mask(points).tolist() == [False, True]
    on, complete = analysis._rounds(points, None)  # without the pre-filter's help
    assert on.tolist() == [False, True] and complete


def test_an_exhausted_work_limit_gives_a_partial_but_correct_frontier() -> None:
    rng = np.random.default_rng(5)
    points = rng.dirichlet(np.ones(4), 6000).astype(np.float32)  # most rows Pareto-optimal
    exact = pareto_mask(points)
    partial, complete = analysis._pareto(points, 10_000)
    assert not complete
    assert partial.sum() < exact.sum()
    assert not (partial & ~exact).any()  # everything it marks is Pareto-optimal


def test_a_frontier_cut_short_marks_the_analysis_approximate(flagship: Scenario) -> None:
    a = analyze_space(scenario_space(flagship), flagship.agreement.signatories, work_limit=10**6)
    assert a.approximate and not a.frontier.complete
    assert any("work limit" in w for w in a.warnings)


# -- bargaining points against brute force ------------------------------------------------------


def brute_force_solutions(
    issues: tuple[Issue, ...], parties: Mapping[str, Preferences], rounds: int
) -> dict[str, object]:
    ids = tuple(i.id for i in issues)
    names = sorted(parties)
    texts = [dict(zip(ids, combo, strict=True))
             for combo in itertools.product(*(i.option_ids for i in issues))]
    rows = []
    for k, text in enumerate(texts):
        u = [utility(parties[p], text, ids) for p in names]
        s = [discounted(x, parties[p].urgency, rounds) for x, p in zip(u, names, strict=True)]
        ok = all(can_sign(parties[p], text) for p in names)
        reach = all(x >= parties[p].reservation for x, p in zip(s, names, strict=True))
        rows.append((k, u, s, ok, ok and reach))
    zone = [r for r in rows if r[4]]
    signable = np.array([r[1] for r in rows if r[3]], dtype=np.float64).reshape(-1, len(names))
    frontier = {r[0] for r, on in zip([r for r in rows if r[3]], brute_force_pareto(signable),
                                      strict=True) if on}
    out: dict[str, object] = {"zone": len(zone), "frontier": frontier}
    if zone:
        res = [parties[p].reservation for p in names]
        ideal = [max(r[2][j] for r in zone) for j in range(len(names))]

        def ks(r: tuple[int, list[float], list[float], bool, bool]) -> float:
            return min((r[2][j] - res[j]) / (ideal[j] - res[j]) if ideal[j] > res[j] else 1.0
                       for j in range(len(names)))

        rules = {
            "nash": lambda r: float(np.prod([r[2][j] - res[j] for j in range(len(names))])),
            "kalai_smorodinsky": ks,
            "max_welfare": lambda r: sum(r[2]),
        }
        for name, f in rules.items():
            best = max(f(r) for r in zone)
            out[name] = min(r[0] for r in zone if f(r) >= best - abs(best) * 1e-12)
    return out


@settings(max_examples=60, deadline=None)
@given(random_spaces(), st.integers(0, 3), st.sampled_from([0.0, 20.0, 45.0]))
def test_zone_frontier_and_bargaining_points_match_brute_force(
    case: tuple[tuple[Issue, ...], dict[str, Preferences]], rounds: int, reservation: float
) -> None:
    issues, parties = case
    parties = {p: dataclasses.replace(x, reservation=reservation, urgency=0.1)
               for p, x in parties.items()}
    space = outcome_space(issues, parties)
    a = analyze_space(space, sorted(parties), rounds)
    expected = brute_force_solutions(issues, parties, rounds)
    assert a.zone_size == expected["zone"]
    assert set(space.indices(a.frontier.digits).tolist()) == expected["frontier"]
    for name in ("nash", "kalai_smorodinsky", "max_welfare"):
        solution = getattr(a, name)
        if expected["zone"]:
            assert solution is not None and solution.index == expected[name]
        else:
            assert solution is None


# -- spaces too large to enumerate --------------------------------------------------------------


def large_space(seed: int, n_issues: int = 11, options: int = 4) -> tuple[
    tuple[Issue, ...], dict[str, Preferences]
]:
    """4**11 = 4,194,304 texts, over the 2,000,000 dense limit."""
    rng = np.random.default_rng(seed)
    issues = tuple(issue(f"i{k}", *(f"o{j}" for j in range(options))) for k in range(n_issues))
    parties = {}
    for name in ("p", "q", "r"):
        weights = {i.id: float(w) for i, w in zip(issues, rng.random(n_issues), strict=True)}
        values = {i.id: {o: float(v) for o, v in zip(i.option_ids, rng.random(options) * 100,
                                                     strict=True)} for i in issues}
        parties[name] = prefs(weights, values, reservation=45.0,
                              red_lines=(RedLine("i0", ("o0",)),))
    return issues, parties


def test_a_space_over_two_million_texts_is_approximated_without_hanging() -> None:
    issues, parties = large_space(11)
    space = outcome_space(issues, parties)
    assert space.size > 2_000_000
    a = analyze_space(space, ["p", "q", "r"], seed=7)
    assert a.approximate
    assert any("4,194,304 texts" in w and "seed 7" in w for w in a.warnings)
    assert not a.frontier.complete and a.frontier.size > 0
    assert 0 < a.zone_size < space.size
    assert a.nash is not None
    deal = a.assess(a.nash.text)
    assert deal.in_zone and deal.approximate
    for p, u in a.nash.utilities.items():
        assert u == utility(parties[p], a.nash.text, tuple(i.id for i in issues))
    # the same seed gives the same answer
    assert analyze_space(space, ["p", "q", "r"], seed=7).to_dict() == a.to_dict()
    assert not space_zone_is_empty(space, ["p", "q", "r"])


def test_the_approximation_finds_the_bargaining_points_of_a_space_it_could_enumerate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # few samples, so the hill-climbs and not the sampling must find the optima
    monkeypatch.setattr(analysis, "SAMPLES", 300)
    issues, parties = large_space(3, n_issues=7)
    space = outcome_space(issues, parties)  # 16,384 texts
    exact = analyze_space(space, ["p", "q", "r"])
    approx = analyze_space(space, ["p", "q", "r"], limit=1000)
    assert approx.approximate and not exact.approximate
    assert approx.zone_size == pytest.approx(exact.zone_size, rel=0.25)
    for name in ("nash", "kalai_smorodinsky", "max_welfare"):
        e, s = getattr(exact, name), getattr(approx, name)
        assert s.value == pytest.approx(e.value, rel=0.02)
    assert approx.nash is not None and exact.nash is not None
    assert approx.assess(exact.nash.text).nash_percent <= 100.0 + 1e-9


def test_ranges_are_exact_even_when_the_space_is_approximated() -> None:
    issues, parties = large_space(11)
    a = analyze_space(outcome_space(issues, parties), ["p"])
    for name, p in parties.items():
        total = sum(p.weights.values())
        best = sum(p.weights[i] / total * max(p.values[i].values()) for i in p.weights)
        assert a.range(name).best == pytest.approx(best, abs=1e-3)



def test_solutions_are_hashable_values(tutorial: Scenario) -> None:
    a = analyze(tutorial)
    assert a.nash is not None and a.max_welfare is not None
    assert a.nash.text == FrozenMap(TRADE)
    assert len({a.nash, a.max_welfare, dataclasses.replace(a.nash)}) == 2
