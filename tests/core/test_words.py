"""The shared wording helpers."""

from __future__ import annotations

from game.core.words import and_list, possessive


def test_and_list_joins_as_a_person_would_say_it() -> None:
    assert and_list([]) == ""
    assert and_list(["France"]) == "France"
    assert and_list(["France", "Italy"]) == "France and Italy"
    assert and_list(["France", "Italy", "Poland"]) == "France, Italy and Poland"


def test_possessive_of_a_name_ending_in_s() -> None:
    assert possessive("France") == "France's"
    assert possessive("United States") == "United States'"
