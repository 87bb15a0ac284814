"""Valid scenarios load into the core's immutable model; warnings flag likely mistakes."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from game.core import model as core
from game.paths import bundled_scenarios
from game.scenario import ScenarioError, load_bytes, load_scenario
from tests.conftest import FLAGSHIP, TUTORIAL


@pytest.mark.parametrize("path", bundled_scenarios(), ids=lambda p: p.stem)
def test_every_shipped_scenario_loads_without_warnings(path) -> None:  # type: ignore[no-untyped-def]
    loaded = load_scenario(path, strict=True)
    assert loaded.warnings == ()
    assert loaded.scenario.id == path.stem
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=backstop-scenario.schema.json\n"
    )


def test_the_bundled_set_holds_the_flagship_and_the_tutorial() -> None:
    assert {p.stem for p in bundled_scenarios()} >= {FLAGSHIP.stem, TUTORIAL.stem}


def test_the_flagship_meets_its_brief() -> None:
    s = load_scenario(FLAGSHIP).scenario
    assert {"uk", "france", "usa", "ukraine", "russia", "germany", "poland", "italy"} <= set(
        s.party_ids
    )
    assert 8 <= len(s.issues) <= 10
    assert all(3 <= len(i.options) <= 6 for i in s.issues)
    assert s.outcome_count <= 2_000_000
    assert len(s.events) >= 10
    assert len(s.debrief_questions) >= 3
    assert s.map is not None and s.map.layers and s.map.lines
    for p in s.parties:
        assert p.briefing_public.strip() and p.briefing_confidential.strip()
        assert p.public_position, p.id
        assert p.preferences.interactions or p.id not in {"uk", "france"}


def test_the_tutorial_is_three_parties_three_issues_four_rounds() -> None:
    s = load_scenario(TUTORIAL).scenario
    assert (len(s.parties), len(s.issues), s.rounds) == (3, 3, 4)


def test_the_core_model_is_immutable_and_picklable() -> None:
    s = load_scenario(TUTORIAL).scenario
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.rounds = 9  # type: ignore[misc]
    weights = s.party("uk").preferences.weights
    with pytest.raises(TypeError):
        weights["zone"] = 1.0  # type: ignore[index]
    assert pickle.loads(pickle.dumps(s)) == s
    assert hash(s.party("uk").preferences.weights) == hash(pickle.loads(pickle.dumps(weights)))


def test_defaults_are_filled_in(minimal_text: str) -> None:
    s = load_bytes(minimal_text.encode(), "minimal.yaml").scenario
    assert s.max_amendments == 3 and s.vote_rule == "consensus" and s.protocol == "single_text"
    assert s.agreement.quorum == 2
    assert s.issue("size").stakeholders == ("north", "south")
    assert s.party("north").bot == core.BotSpec("time_dependent", None)
    assert s.draft == {}


def test_missing_values_zero_fills_unlisted_options(minimal_text: str) -> None:
    text = minimal_text.replace(
        "        backstop: {none: 0, jets: 100, ships: 50}\n      reservation: 40",
        "        backstop: {jets: 100}\n      missing_values: zero\n      reservation: 40",
    )
    assert text != minimal_text
    s = load_bytes(text.encode(), "m.yaml").scenario
    assert dict(s.party("north").preferences.values["backstop"]) == {
        "none": 0.0, "jets": 100.0, "ships": 0.0
    }


def test_unweighted_issues_get_weight_zero(minimal_text: str) -> None:
    text = minimal_text.replace("weights: {size: 1, backstop: 2}", "weights: {backstop: 2}")
    s = load_bytes(text.encode(), "m.yaml").scenario
    assert s.party("north").preferences.weights == {"size": 0.0, "backstop": 2.0}


def test_yaml_merge_keys_and_aliases_are_supported(minimal_text: str) -> None:
    text = minimal_text.replace(
        "    briefing: {public: North is north., confidential: North wants jets.}",
        "    briefing: &brief {public: North is north., confidential: North wants jets.}",
    ).replace(
        "    briefing: {public: South is south., confidential: South wants a large force.}",
        "    briefing: {<<: *brief, public: South is south.}",
    )
    s = load_bytes(text.encode(), "m.yaml").scenario
    assert s.party("south").briefing_public == "South is south."
    assert s.party("south").briefing_confidential == "North wants jets."


def test_events_effects_and_triggers_are_typed() -> None:
    s = load_scenario(TUTORIAL).scenario
    assert s.event("no_us_troops").trigger == core.Trigger(kind="round", round=2)
    manual = s.event("legitimate_targets")
    assert manual.trigger.kind == "manual"
    assert manual.effects == (core.AdjustParty("uk", reservation=5.0),)


def test_every_effect_kind_builds(minimal_text: str) -> None:
    effects = """
      - {party: north, weights: {size: 1}, values: {size: {small: -10}}, urgency: 0.01}
      - {add_option: {issue: backstop, id: drones, label: Drones, after: jets, values: {north: 40}}}
      - {remove_option: {issue: backstop, option: ships}}
      - {lock: {issue: size, option: large}}
      - {unlock: size}
      - add_issue:
          id: money
          name: Money
          options: [{id: low, label: Low}, {id: high, label: High}]
          weights: {north: 1}
          values: {north: {low: 0, high: 100}}
      - {remove_issue: money}
      - {news: Markets fall.}
      - {end_game: {reason: Talks collapse.}}
"""
    text = minimal_text.replace("""
      - {party: north, reservation: -5}
""", effects)
    assert text != minimal_text
    s = load_bytes(text.encode(), "m.yaml").scenario
    kinds = [type(e).__name__ for e in s.event("storm").effects]
    assert kinds == ["AdjustParty", "AddOption", "RemoveOption", "LockIssue", "UnlockIssue",
                     "AddIssue", "RemoveIssue", "News", "EndGame"]
    add = s.event("storm").effects[1]
    assert isinstance(add, core.AddOption) and add.after == "jets" and add.values == {"north": 40}


def test_an_effect_may_name_an_option_another_event_adds(minimal_text: str) -> None:
    text = minimal_text.replace(
        "      - {party: north, reservation: -5}\n",
        "      - {add_option: {issue: backstop, id: drones, label: Drones}}\n"
        "      - {party: north, values: {backstop: {drones: 30}}}\n",
    )
    load_bytes(text.encode(), "m.yaml")


WARNINGS = [
    ("weights: {size: 2, backstop: 1}", "weights: {backstop: 1}",
     "weights: {size: 1, backstop: 2}", "weights: {backstop: 2}", "no party weighs issue 'size'"),
    ("      reservation: 40\n  - id: south",
     "      red_lines: [{issue: size, options: [small, large]}]\n      reservation: 40\n"
     "  - id: south", None, None, "red lines forbid every option of 'size'"),
    ("trigger: {round: 2}", "trigger: {round: 9}", None, None,
     "event 'storm' can never fire: round 9 is after the last round (3)"),
    ("trigger: {round: 2}", "trigger: {chance: 0}", None, None, "its chance is 0"),
    ("      reservation: 40\n  - id: south",
     "      red_lines: [{issue: backstop, options: [jets]}]\n      reservation: 99\n"
     "  - id: south", None, None, "signatory 'north' can never sign"),
    ("  signatories: [north, south]", "  signatories: [north, south]\n  quorum: 1", None, None,
     "quorum 1 is below the 2 signatories"),
    ("reservation: 40\n  - id: south", "reservation: 90\n  - id: south",
     "reservation: 40\nevents", "reservation: 90\nevents",
     "no agreement can satisfy all signatories"),
    ('color: "#445566"', 'color: "#15263a"', None, None,
     "south's colour #15263a is hard to tell from north's #112233"),
    ("weights: {size: 1, backstop: 2}", "weights: {backstop: 2}", None, None,
     "north gives values for issue 'size' but its weights leave the issue out"),
]


def test_values_for_an_issue_the_weights_leave_out_are_pointed_at(minimal_text: str) -> None:
    text = minimal_text.replace("weights: {size: 1, backstop: 2}", "weights: {backstop: 2}")
    [warning] = load_bytes(text.encode(), "w.yaml").warnings
    line = text.splitlines().index("        size: {small: 100, large: 0}") + 1
    assert (warning.line, warning.col) == (line, 9)
    assert warning.path == "parties[0].preferences.values.size"
    assert "a weight for 'size' under 'weights'" in warning.expected


def test_an_issue_weighed_at_zero_may_have_values(minimal_text: str) -> None:
    text = minimal_text.replace("weights: {size: 1, backstop: 2}",
                                "weights: {size: 0, backstop: 2}")
    assert load_bytes(text.encode(), "w.yaml").warnings == ()


def test_the_colour_warning_points_at_the_later_party_s_colour(minimal_text: str) -> None:
    text = minimal_text.replace('color: "#445566"', 'color: "#112234"')
    (warning,) = load_bytes(text.encode(), "w.yaml").warnings
    line = text.splitlines().index('    color: "#112234"') + 1
    assert (warning.line, warning.col, warning.path) == (line, 12, "parties[1].color")
    assert "CIE76 distance at least 20" in warning.expected



@pytest.mark.parametrize(("a", "b", "c", "d", "fragment"), WARNINGS,
                         ids=[w[4][:30] for w in WARNINGS])
def test_semantic_warnings(  # noqa: PLR0917 - one parameter per column of WARNINGS
    minimal_text: str, a: str, b: str, c: str | None, d: str | None, fragment: str
) -> None:
    text = minimal_text.replace(a, b)
    if c is not None and d is not None:
        text = text.replace(c, d)
    assert text != minimal_text
    loaded = load_bytes(text.encode(), "w.yaml")
    messages = [w.format() for w in loaded.warnings]
    assert any(fragment in m and ": warning: " in m for m in messages), messages
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "w.yaml", strict=True)
    assert any(fragment in d.message for d in info.value.errors)


def test_version_may_be_written_as_a_number(minimal_text: str) -> None:
    text = minimal_text.replace("rounds: 3", "rounds: 3\nversion: 2")
    assert load_bytes(text.encode(), "v.yaml").scenario.version == "2"


def test_sha256_is_of_the_exact_bytes(minimal_text: str) -> None:
    import hashlib

    raw = minimal_text.encode()
    assert load_bytes(raw, "m.yaml").sha256 == hashlib.sha256(raw).hexdigest()
