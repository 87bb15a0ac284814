"""The shared wording helpers."""

from __future__ import annotations

from game.core.model import AdjustParty, FrozenMap
from game.core.words import and_list, effect_words, possessive


def test_and_list_joins_as_a_person_would_say_it() -> None:
    assert and_list([]) == ""
    assert and_list(["France"]) == "France"
    assert and_list(["France", "Italy"]) == "France and Italy"
    assert and_list(["France", "Italy", "Poland"]) == "France, Italy and Poland"


def test_possessive_of_a_name_ending_in_s() -> None:
    assert possessive("France") == "France's"
    assert possessive("United States") == "United States'"


def test_an_adjustment_says_by_how_much_each_weight_and_value_moved() -> None:
    """The report named only the clause ("weight of Technical monitoring"), so a trainer
    could not tell which way a party's preferences moved, or how far."""
    effect = AdjustParty("usa", weights=FrozenMap({"monitoring": 4.0}),
                         values=FrozenMap({"force_size": FrozenMap({"small": -10.0,
                                                                    "large": 5.0})}),
                         reservation=-5.0)
    said = effect_words(effect, str.upper, str.title, lambda i, o: f"{i}/{o}")
    assert said == ("USA: reservation –5.0, weight of Monitoring +4.0, values on Force_Size "
                    "(“force_size/small” –10.0, “force_size/large” +5.0)")
