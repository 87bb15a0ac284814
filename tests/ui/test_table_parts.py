"""What each clause of a text adds to a seat's total (`table_parts.clause_points`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as hs

from game.core.rules import new_game
from game.core.scoring import normalised_weights, utility, with_fallbacks
from game.core.view import player_view
from game.scenario import load_scenario
from game.ui.scenes.table_parts import clause_points
from tests.conftest import FLAGSHIP

SCENARIO = load_scenario(FLAGSHIP).scenario
VIEWS = {p: player_view(new_game(SCENARIO)[0], p) for p in SCENARIO.party_ids}


@settings(max_examples=200, deadline=None)
@given(party=hs.sampled_from(SCENARIO.party_ids),
       picks=hs.lists(hs.integers(min_value=-1, max_value=9), min_size=len(SCENARIO.issues),
                      max_size=len(SCENARIO.issues)))
def test_the_parts_add_up_to_the_total_shown_and_each_is_within_a_tenth(
        party: str, picks: list[int]) -> None:
    view = VIEWS[party]
    assert view.me is not None
    prefs = view.me.preferences
    # -1 leaves a clause open (it counts as its fallback, or 0)
    text = {i.id: None if k < 0 else i.option_ids[k % len(i.option_ids)]
            for i, k in zip(view.issues, picks, strict=True)}
    pts = clause_points(view, prefs, text)
    ids = [i.id for i in view.issues]
    full = with_fallbacks(view.issues, text)
    assert pts.total == round(utility(prefs, full, ids), 1)
    assert round(10 * (sum(pts.clauses.values()) + pts.combinations)) == round(10 * pts.total)
    weights = normalised_weights(prefs, ids)
    for issue in view.issues:
        option = full.get(issue.id)
        exact = weights[issue.id] * prefs.values[issue.id].get(option, 0.0) if option else 0.0
        assert abs(pts.clauses[issue.id] - exact) <= 0.1 + 1e-9, issue.id
