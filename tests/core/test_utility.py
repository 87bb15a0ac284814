"""Utilities of complete texts (DESIGN §2): the scalar path, the matrix, and that they agree."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.model import FrozenMap, Interaction, Issue, Option, Preferences, RedLine, Scenario
from game.core.scoring import (
    can_sign,
    discounted,
    normalised_weights,
    red_lines_crossed,
    score,
    utility,
)
from game.core.utility import SpaceTooLargeError, outcome_space, scenario_space
from game.scenario import load_scenario
from tests.conftest import FLAGSHIP, TUTORIAL


def issue(issue_id: str, *options: str) -> Issue:
    return Issue(issue_id, issue_id.title(), tuple(Option(o, o) for o in options), ())


def prefs(
    weights: Mapping[str, float],
    values: Mapping[str, Mapping[str, float]],
    *,
    interactions: tuple[Interaction, ...] = (),
    red_lines: tuple[RedLine, ...] = (),
    reservation: float = 0.0,
    urgency: float = 0.0,
) -> Preferences:
    return Preferences(
        weights=FrozenMap(weights),
        values=FrozenMap({i: FrozenMap(v) for i, v in values.items()}),
        interactions=interactions,
        red_lines=red_lines,
        reservation=reservation,
        urgency=urgency,
    )


def when(**options: tuple[str, ...]) -> FrozenMap[str, tuple[str, ...]]:
    return FrozenMap(options)


SIZE = issue("size", "small", "large")
AIR = issue("air", "none", "jets")
ISSUES = (SIZE, AIR)
IDS = ("size", "air")
VALUES = {"size": {"small": 0.0, "large": 100.0}, "air": {"none": 0.0, "jets": 100.0}}


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load_scenario(TUTORIAL).scenario


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return load_scenario(FLAGSHIP).scenario


def test_weights_are_normalised_to_sum_to_one_over_the_issues_given() -> None:
    p = prefs({"size": 1.0, "air": 3.0}, VALUES)
    assert normalised_weights(p, IDS) == {"size": 0.25, "air": 0.75}
    assert utility(p, {"size": "large", "air": "none"}, IDS) == 25.0
    assert utility(p, {"size": "small", "air": "jets"}, IDS) == 75.0
    # only the ratio of the weights matters
    scaled = prefs({"size": 10.0, "air": 30.0}, VALUES)
    assert utility(scaled, {"size": "large", "air": "none"}, IDS) == 25.0
    # an issue left out of the list is left out of the normalisation
    assert utility(p, {"size": "large"}, ("size",)) == 100.0


def test_all_zero_weights_give_zero_and_not_a_division_error() -> None:
    p = prefs({"size": 0.0, "air": 0.0}, VALUES)
    assert normalised_weights(p, IDS) == {"size": 0.0, "air": 0.0}
    assert utility(p, {"size": "large", "air": "jets"}, IDS) == 0.0


def test_an_interaction_applies_only_when_every_named_issue_has_a_listed_option() -> None:
    linked = Interaction(when(size=("large",), air=("none",)), -40.0)
    p = prefs({"size": 1.0, "air": 1.0}, VALUES, interactions=(linked,))
    assert utility(p, {"size": "large", "air": "none"}, IDS) == 10.0  # 50 - 40
    assert utility(p, {"size": "large", "air": "jets"}, IDS) == 100.0
    assert utility(p, {"size": "small", "air": "none"}, IDS) == 0.0
    matrix = outcome_space(ISSUES, {"uk": p}).matrix()
    # texts in index order: (small,none) (small,jets) (large,none) (large,jets)
    assert matrix.column("uk").tolist() == [0.0, 50.0, 10.0, 100.0]


def test_interactions_add_up_when_several_match() -> None:
    both = (Interaction(when(size=("large",)), 7.0), Interaction(when(air=("jets",)), 5.0))
    p = prefs({"size": 1.0, "air": 1.0}, {"size": {"small": 20.0}, "air": {"none": 20.0}},
              interactions=both)
    assert utility(p, {"size": "large", "air": "jets"}, IDS) == 12.0
    assert outcome_space(ISSUES, {"x": p}).matrix().column("x").tolist() == [20.0, 15.0, 17.0, 12.0]


def test_utility_is_clipped_at_0_and_100() -> None:
    low = prefs({"size": 1.0}, VALUES, interactions=(Interaction(when(air=("none",)), -90.0),))
    high = prefs({"size": 1.0}, VALUES, interactions=(Interaction(when(air=("jets",)), 60.0),))
    assert utility(low, {"size": "large", "air": "none"}, IDS) == 10.0
    assert utility(low, {"size": "small", "air": "none"}, IDS) == 0.0
    assert utility(high, {"size": "large", "air": "jets"}, IDS) == 100.0
    assert utility(high, {"size": "small", "air": "jets"}, IDS) == 60.0
    space = outcome_space(ISSUES, {"low": low, "high": high})
    m = space.matrix()
    assert m.column("low").tolist() == [0.0, 0.0, 10.0, 100.0]
    assert m.column("high").tolist() == [0.0, 60.0, 100.0, 100.0]


def test_an_interaction_on_an_issue_no_longer_in_play_never_holds() -> None:
    gone = Interaction(when(size=("large",), removed=("x",)), -50.0)
    p = prefs({"size": 1.0}, VALUES, interactions=(gone,))
    text = {"size": "large", "air": "none", "removed": "x"}
    assert utility(p, text, IDS) == 100.0
    assert outcome_space(ISSUES, {"p": p}).matrix().column("p").max() == 100.0


def test_an_open_or_unknown_option_counts_zero() -> None:
    p = prefs({"size": 1.0, "air": 1.0}, VALUES)
    assert utility(p, {"size": "large", "air": None}, IDS) == 50.0
    assert utility(p, {"size": "large", "air": "helicopters"}, IDS) == 50.0
    assert utility(p, {"size": "large"}, IDS) == 50.0


def test_red_lines_crossed_names_each_red_line_the_text_crosses() -> None:
    no_air = RedLine("air", ("none",), "no deterrent")
    no_large = RedLine("size", ("large",))
    p = prefs({"size": 1.0}, VALUES, red_lines=(no_air, no_large))
    assert red_lines_crossed(p, {"size": "large", "air": "none"}) == (no_air, no_large)
    assert red_lines_crossed(p, {"size": "small", "air": "none"}) == (no_air,)
    assert red_lines_crossed(p, {"size": "small", "air": "jets"}) == ()
    assert red_lines_crossed(p, {"size": "small", "air": None}) == ()
    assert not can_sign(p, {"size": "small", "air": "none"})
    assert can_sign(p, {"size": "small", "air": "jets"})
    ok = outcome_space(ISSUES, {"p": p}).matrix().sign_ok[:, 0]
    assert ok.tolist() == [False, True, False, False]


def test_the_urgency_discount_multiplies_by_one_minus_urgency_per_round() -> None:
    assert discounted(80.0, 0.1, 0) == 80.0
    assert discounted(80.0, 0.1, 1) == pytest.approx(72.0)
    assert discounted(80.0, 0.1, 3) == pytest.approx(80.0 * 0.9**3)
    p = prefs({"size": 1.0}, VALUES, urgency=0.5)
    assert score(p, {"size": "large", "air": "none"}, IDS, 2) == 25.0


def test_utilities_are_rounded_to_a_thousandth_of_a_point() -> None:
    p = prefs({"size": 1.0, "air": 2.0}, {"size": {"large": 100.0}, "air": {"jets": 50.0}})
    u = utility(p, {"size": "large", "air": "jets"}, IDS)  # 100/3 + 100/3
    assert u == 66.667
    assert outcome_space(ISSUES, {"p": p}).matrix().column("p")[3] == np.float32(66.667)


def test_a_changed_preferences_object_is_not_served_from_the_cache() -> None:
    p = prefs({"size": 1.0}, VALUES)
    text = {"size": "large", "air": "none"}
    assert utility(p, text, IDS) == 100.0
    changed = dataclasses.replace(p, weights=FrozenMap({"size": 1.0, "air": 1.0}))
    assert utility(changed, text, IDS) == 50.0
    assert utility(p, text, IDS) == 100.0
    assert utility(p, text, ("size",)) == 100.0


def test_the_tutorial_trade_gives_uk_85_usa_70_and_ukraine_100(tutorial: Scenario) -> None:
    text = {"force_size": "up_to_30k", "us_backstop": "air_power", "zone": "cities_ports"}
    got = {p.id: utility(p.preferences, text, tutorial.issue_ids) for p in tutorial.parties}
    # the YAML rounds some values to one decimal (26.7 for 80/3), hence the tolerance
    assert got == {"uk": pytest.approx(85, abs=0.1), "usa": pytest.approx(70, abs=0.1),
                   "ukraine": pytest.approx(100, abs=0.1)}


def test_the_matrix_holds_each_texts_scalar_utility_and_signability(
    tutorial: Scenario, flagship: Scenario
) -> None:
    rng = np.random.default_rng(3)
    for scenario in (tutorial, flagship):
        space = scenario_space(scenario)
        matrix = space.matrix()
        assert matrix.utilities.shape == (scenario.outcome_count, len(scenario.parties))
        assert matrix.utilities.dtype == np.float32
        picks = range(space.size) if space.size < 100 else rng.integers(0, space.size, 300)
        for k in picks:
            text = space.text_of(int(k))
            for j, party in enumerate(space.party_ids):
                p = scenario.party(party).preferences
                assert matrix.utilities[k, j] == np.float32(utility(p, text, scenario.issue_ids))
                assert matrix.sign_ok[k, j] == can_sign(p, text)
        sample = np.asarray(list(picks), dtype=np.int64)
        u, ok = space.evaluate(space.digits(sample))
        assert np.array_equal(u, matrix.utilities[sample])
        assert np.array_equal(ok, matrix.sign_ok[sample])


def test_outcome_indices_are_mixed_radix_with_the_last_issue_fastest(tutorial: Scenario) -> None:
    space = scenario_space(tutorial)
    assert space.radices == (3, 3, 3)
    assert space.text_of(0) == {"force_size": "trainers_5k", "us_backstop": "none",
                                "zone": "west_only"}
    assert space.text_of(1)["zone"] == "cities_ports"
    assert space.index_of({"force_size": "up_to_30k", "us_backstop": "air_power",
                           "zone": "cities_ports"}) == 2 * 9 + 2 * 3 + 1
    every = np.arange(space.size)
    assert np.array_equal(space.indices(space.digits(every)), every)
    assert [space.index_of(space.text_of(k)) for k in range(space.size)] == list(range(27))
    with pytest.raises(KeyError, match="zone"):
        space.index_of({"force_size": "up_to_30k", "us_backstop": "air_power", "zone": "moon"})


def test_fixed_clauses_shrink_the_space_but_still_count_in_the_weights(
    tutorial: Scenario,
) -> None:
    full = scenario_space(tutorial)
    fixed = scenario_space(tutorial, fixed={"us_backstop": "air_power"})
    assert fixed.size == 9
    assert fixed.fixed == {"us_backstop": "air_power"}
    text = {"force_size": "up_to_30k", "us_backstop": "air_power", "zone": "cities_ports"}
    k_full, k_fixed = full.index_of(text), fixed.index_of(text)
    assert np.array_equal(full.matrix().utilities[k_full], fixed.matrix().utilities[k_fixed])
    with pytest.raises(KeyError, match="us_backstop"):
        fixed.index_of({**text, "us_backstop": "none"})
    with pytest.raises(KeyError, match="space_lasers"):
        scenario_space(tutorial, fixed={"us_backstop": "space_lasers"})
    with pytest.raises(KeyError, match="navy"):
        scenario_space(tutorial, fixed={"navy": "big"})


def test_a_space_over_the_limit_refuses_to_build_a_dense_matrix(tutorial: Scenario) -> None:
    with pytest.raises(SpaceTooLargeError, match="27 texts, over 10"):
        scenario_space(tutorial).matrix(limit=10)


def test_the_columns_can_be_a_subset_of_the_parties(tutorial: Scenario) -> None:
    space = scenario_space(tutorial)
    both = space.matrix()
    one = space.matrix(["usa"])
    assert one.party_ids == ("usa",)
    assert np.array_equal(one.column("usa"), both.column("usa"))


def test_extremes_match_the_matrix_on_the_shipped_scenarios(
    tutorial: Scenario, flagship: Scenario
) -> None:
    for scenario in (tutorial, flagship):
        space = scenario_space(scenario)
        matrix = space.matrix()
        for j, party in enumerate(space.party_ids):
            ext = space.extremes(party)
            assert ext is not None
            col, ok = matrix.utilities[:, j], matrix.sign_ok[:, j]
            assert np.float32(ext.best) == col.max()
            assert np.float32(ext.worst) == col.min()
            assert ext.best_signable is not None
            assert np.float32(ext.best_signable) == col[ok].max()


def test_extremes_report_no_signable_text_when_red_lines_forbid_a_whole_issue() -> None:
    p = prefs({"size": 1.0}, VALUES, red_lines=(RedLine("air", ("none", "jets")),))
    ext = outcome_space(ISSUES, {"p": p}).extremes("p")
    assert ext is not None and ext.best == 100.0 and ext.best_signable is None


# -- random spaces: the three code paths agree ------------------------------------------------

OPTION_IDS = ("a", "b", "c", "d")


@st.composite
def random_spaces(draw: st.DrawFn) -> tuple[tuple[Issue, ...], dict[str, Preferences]]:
    n_issues = draw(st.integers(1, 4))
    issues = tuple(
        issue(f"i{k}", *OPTION_IDS[: draw(st.integers(1, 4))]) for k in range(n_issues)
    )
    points = st.sampled_from([0.0, 12.5, 25.0, 33.3, 50.0, 66.7, 100.0])
    parties: dict[str, Preferences] = {}
    for name in ("p", "q"):
        weights = {i.id: draw(st.sampled_from([0.0, 1.0, 2.0, 3.5])) for i in issues}
        values = {i.id: {o: draw(points) for o in i.option_ids} for i in issues}
        interactions = []
        for _ in range(draw(st.integers(0, 3))):
            named = draw(st.lists(st.sampled_from(issues), min_size=1, max_size=2, unique=True))
            cond = {i.id: tuple(draw(st.lists(st.sampled_from(i.option_ids), min_size=1,
                                              unique=True))) for i in named}
            interactions.append(Interaction(FrozenMap(cond), draw(st.sampled_from(
                [-60.0, -15.0, 10.0, 45.0]))))
        red = []
        if draw(st.booleans()):
            target = draw(st.sampled_from(issues))
            red.append(RedLine(target.id, (draw(st.sampled_from(target.option_ids)),)))
        parties[name] = prefs(weights, values, interactions=tuple(interactions),
                              red_lines=tuple(red))
    return issues, parties


def reference_utility(p: Preferences, text: Mapping[str, str], ids: tuple[str, ...]) -> float:
    """DESIGN §2 written out plainly, without the micro-point arithmetic."""
    total = sum(p.weights[i] for i in ids)
    base = sum(p.weights[i] / total * p.values[i][text[i]] for i in ids) if total else 0.0
    extra = sum(x.value for x in p.interactions
                if all(text.get(i) in opts for i, opts in x.when.items()))
    return min(100.0, max(0.0, base + extra))


@settings(max_examples=60, deadline=None)
@given(random_spaces())
def test_matrix_scalar_and_extremes_agree_on_random_spaces(
    case: tuple[tuple[Issue, ...], dict[str, Preferences]],
) -> None:
    issues, parties = case
    ids = tuple(i.id for i in issues)
    space = outcome_space(issues, parties)
    matrix = space.matrix()
    for k in range(space.size):
        text = space.text_of(k)
        for j, party in enumerate(space.party_ids):
            u = utility(parties[party], text, ids)
            assert u == pytest.approx(reference_utility(parties[party], text, ids), abs=6e-4)
            assert matrix.utilities[k, j] == np.float32(u)
            assert matrix.sign_ok[k, j] == can_sign(parties[party], text)
    for j, party in enumerate(space.party_ids):
        ext = space.extremes(party)
        assert ext is not None
        col = matrix.utilities[:, j]
        assert (np.float32(ext.best), np.float32(ext.worst)) == (col.max(), col.min())
        signable = col[matrix.sign_ok[:, j]]
        if signable.size:
            assert ext.best_signable is not None
            assert np.float32(ext.best_signable) == signable.max()
        else:
            assert ext.best_signable is None

