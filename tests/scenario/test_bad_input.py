"""Every kind of bad scenario file gets one precise, positioned, friendly error.

The files live in `tests/fixtures/bad/`; each is the valid `minimal.yaml` with one mistake.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from game.scenario import ScenarioError, load_bytes, load_scenario, validate_file
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"

# (file stem, line, column, fragment of the formatted diagnostic)
CASES = [
    ("alias_bomb", 7, 4, "expands to more than 200,000 values (an alias bomb?)"),
    ("bad_colour", 25, 12, "'blue' is not a colour; expected a colour written as \"#rrggbb\""),
    ("bad_id", 10, 9, "'Force Size' is not a valid id; expected lowercase letters"),
    ("custom_tag", 5, 11, "unsupported tag '!include'"),
    ("draft_unknown_issue", 7, 9, "draft.sise: unknown issue 'sise'; did you mean 'size'?"),
    ("draft_unknown_option", 7, 15, "issue 'size' has no option 'medium'; expected one of small"),
    ("duplicate_issue_id", 15, 9, "issues[1].id: duplicate issue id 'size' (also issues[0])"),
    ("duplicate_nested_key", 30, 38, "duplicate key 'small' (first given at line 30)"),
    ("duplicate_option_id", 20, 14, "duplicate option id 'jets' (also options[1])"),
    ("duplicate_top_key", 7, 1, "duplicate key 'rounds' (first given at line 6)"),
    ("e_with_preset_strategy", 33, 32, "'e' only applies to the time_dependent strategy"),
    ("effect_unknown_party", 50, 17, "unknown party 'nort'; did you mean 'north'?"),
    ("effect_without_kind", 50, 9, "an effect needs exactly one kind, got none; expected one of "
     "party, add_option"),
    ("empty_file", 1, 1, "the file is empty"),
    ("interaction_unknown_issue", 32, 45, "interactions[0].when.comand: unknown issue 'comand'"),
    ("lat_out_of_range", 54, 47, "lat: the number 96.5 is out of range; expected a number at "
     "most 90"),
    ("layer_unknown_issue", 57, 14, "unknown issue 'backstops'; did you mean 'backstop'?"),
    ("lon_out_of_range", 54, 58, "the number 190.7 is out of range; expected a number at most 180"),
    ("marker_unknown_location", 58, 22, "unknown location 'harbour'; expected one of port"),
    ("missing_colon", 6, 1, "YAML syntax error: this line has no ':' after its key"),
    ("missing_leader", 22, 5, "parties[0]: required key 'leader' is missing"),
    ("missing_schema", 1, 1, "the 'schema' line is missing"),
    ("no_issues", 9, 9, "issues: has 0 entries; expected at least 1 entry"),
    ("not_utf8", 23, 12, "not UTF-8 text (byte 0xf6)"),
    ("number_as_text", 11, 11, "got the number 1990; expected text: quote it"),
    ("only_comments", 1, 1, "the file is empty"),
    ("protocol_typo", 7, 11, "'single-text'; did you mean 'single_text'?"),
    ("public_position_unknown_option", 37, 29, "issue 'size' has no option 'enormous'"),
    ("python_tag", 3, 8, "unsupported tag '!!python/object/apply:os.system'"),
    ("quorum_too_high", 9, 11, "quorum 5 is more than the 2 parties"),
    ("red_line_unknown_option", 32, 47, "issue 'backstop' has no option 'nothing'"),
    ("reservation_too_high", 32, 20, "reservation: the number 150 is out of range"),
    ("rounds_not_number", 6, 9, "rounds: got the text 'eight'; expected a whole number"),
    ("rounds_zero", 6, 9, "the number 0 is out of range; expected a number at least 1"),
    ("sexagesimal_label", 20, 28, "1:30 is read by YAML 1.1 as the number 90; expected text: "
     "quote it"),
    ("single_option_issue", 13, 7, "options: has 1 entry; expected at least 2 entries"),
    ("string_not_list", 8, 16, "got the text 'north'; expected a list"),
    ("syntax_error", 4, 21, "YAML syntax error: mapping values are not allowed"),
    ("tab_indent", 11, 1, "a tab character"),
    ("top_level_list", 1, 1, "the top level is a list"),
    ("top_level_scalar", 1, 1, "the top level is a single value"),
    ("trigger_two_kinds", 48, 14, "needs exactly one of round, chance, when or manual, got "
     "round, chance"),
    ("trigger_typo", 48, 14, "trigger: got the text 'manaul'; did you mean 'manual'?; expected "
     "manual, or a mapping with one of round, chance or when"),
    ("unknown_nested_key", 28, 7, "unknown key 'wieghts'; did you mean 'weights'?"),
    ("unknown_signatory", 8, 24, "unknown party 'sooth'; did you mean 'south'?"),
    ("unknown_stakeholder", 12, 27, "unknown party 'east'"),
    ("unknown_top_key", 3, 1, "(top level): unknown key 'titel'; did you mean 'title'?"),
    ("urgency_too_high", 33, 16, "the number 1.5 is out of range; expected a number less than 1: "
     "urgency is a fraction lost per round, so 1.5% is 0.015"),
    ("value_out_of_range", 31, 35, "values.backstop.jets: the number 120 is out of range"),
    ("values_missing_option", 31, 9, "no value for option(s) ships"),
    ("values_unknown_option", 30, 28, "issue 'size' has no option 'huge'"),
    ("weights_unknown_issue", 28, 39, "weights.command: unknown issue 'command'"),
    ("wrong_schema", 1, 9, "unsupported format version"),
    ("yaml11_no_id", 18, 14, "no is read by YAML 1.1 as the boolean false; expected text: "
     "quote it, like \"no\""),
    ("yaml11_on_label", 19, 27, "on is read by YAML 1.1 as the boolean true"),
]


def test_every_bad_fixture_has_a_case() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(c[0] for c in CASES)


@pytest.mark.parametrize(("stem", "line", "col", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_gets_a_positioned_error(stem: str, line: int, col: int, fragment: str) -> None:
    path = BAD / f"{stem}.yaml"
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    diags = info.value.errors
    assert diags, "a bad file must produce at least one error"
    text = [d.format() for d in diags]
    matching = [d for d in diags if fragment in d.format()]
    assert matching, f"no error contains {fragment!r}: {text}"
    assert (matching[0].line, matching[0].col) == (line, col), text
    assert all(t.startswith(f"{path}:") and ": error: " in t for t in text)


def test_all_problems_in_a_file_are_listed_not_only_the_first(minimal_text: str) -> None:
    text = (minimal_text.replace('color: "#112233"', "color: blue")
            .replace("signatories: [north, south]", "signatories: [north, sooth]")
            .replace("lat: 46.5", "lat: 99"))
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "three.yaml")
    messages = " | ".join(d.message for d in info.value.errors)
    assert "'blue' is not a colour" in messages
    assert "the number 99 is out of range" in messages
    # The reference error beside them is listed in the same run, once.
    assert messages.count("unknown party 'sooth'") == 1, messages
    assert len(info.value.errors) == 3, messages


def test_a_shape_error_in_an_optional_key_still_lets_references_be_checked(
        minimal_text: str) -> None:
    text = (minimal_text.replace("signatories: [north, south]", "signatories: [north, sooth]")
            .replace("      reservation: 40\n  - id: south",
                     "      reservation: 40\n      urgency: 3\n  - id: south"))
    assert text.count("urgency: 3") == 1
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "two.yaml")
    messages = [d.message for d in info.value.errors]
    assert any("unknown party 'sooth'" in m for m in messages), messages
    assert any("the number 3 is out of range" in m for m in messages), messages


def test_a_missing_required_key_still_lets_references_be_checked(minimal_text: str) -> None:
    text = (minimal_text.replace("signatories: [north, south]", "signatories: [north, sooth]")
            .replace('    color: "#112233"\n', "", 1)
            .replace("    name: Backstop\n", "", 1))
    assert text.count("color:") == 1 and "name: Backstop" not in text
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "missing.yaml")
    messages = [d.message for d in info.value.errors]
    assert sum("required key 'color' is missing" in m for m in messages) == 1, messages
    assert sum("required key 'name' is missing" in m for m in messages) == 1, messages
    assert sum("unknown party 'sooth'" in m for m in messages) == 1, messages
    assert len(messages) == 3, messages


def test_with_a_bad_id_the_references_wait_for_the_shape_to_be_fixed(minimal_text: str) -> None:
    text = (minimal_text.replace("signatories: [north, south]", "signatories: [north, sooth]")
            .replace("- id: north", "- id: 12", 1))
    assert text != minimal_text
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "id.yaml")
    messages = [d.message for d in info.value.errors]
    assert any("got the number 12" in m for m in messages), messages
    assert not any("sooth" in m for m in messages), messages  # no stand-in id, no guesses


def test_reference_errors_are_all_listed(minimal_text: str) -> None:
    text = (minimal_text.replace("signatories: [north, south]", "signatories: [north, sooth]")
            .replace("{at: port, icon: jets}", "{at: harbour, icon: jets}")
            .replace("{party: north, reservation: -5}", "{party: nort, reservation: -5}"))
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "refs.yaml")
    messages = [d.message for d in info.value.errors]
    assert len(messages) == 3, messages


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.write(b"schema: backstop/scenario@1\n")
        fh.truncate(6 * 1024 * 1024)
    tracemalloc.start()
    try:
        diags = validate_file(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.message for d in diags] == ["the file is 6.3 MB"]
    assert peak < 1_000_000


def test_an_alias_bomb_is_refused_in_bounded_memory() -> None:
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        laughs.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    raw = ("schema: backstop/scenario@1\n" + "\n".join(laughs) + "\n").encode()
    tracemalloc.start()
    try:
        with pytest.raises(ScenarioError) as info:
            load_bytes(raw, "bomb.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "alias bomb" in info.value.errors[0].message
    assert peak < 20_000_000


def test_a_self_referencing_alias_is_an_error_not_a_hang() -> None:
    raw = b"schema: backstop/scenario@1\na: &a [1, *a]\n"
    with pytest.raises(ScenarioError) as info:
        load_bytes(raw, "loop.yaml")
    assert "alias" in info.value.errors[0].message


@pytest.mark.parametrize(
    "payload",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
        '!!python/object/new:os.system ["touch {marker}"]',
        '!!python/name:os.system',
    ],
)
def test_python_payloads_run_nothing(tmp_path: Path, payload: str, minimal_text: str) -> None:
    marker = tmp_path / "pwned"
    evil = minimal_text.replace(
        "title: Minimal two-party test scenario", "title: " + payload.format(marker=marker)
    )
    assert evil != minimal_text
    with pytest.raises(ScenarioError) as info:
        load_bytes(evil.encode(), "evil.yaml")
    assert "unsupported tag" in info.value.errors[0].message
    assert not marker.exists()
    assert not os.path.exists("pwned")


def test_a_missing_file_is_a_diagnostic_not_an_exception(tmp_path: Path) -> None:
    diags = validate_file(tmp_path / "nope.yaml")
    assert len(diags) == 1 and "cannot read the file" in diags[0].message


def test_a_list_of_the_wrong_shape_never_makes_its_ids_look_unknown(minimal_text: str) -> None:
    text = minimal_text.replace(
        "  locations:\n    - {id: port, name: Port, kind: port, lat: 46.5, lon: 30.7}\n",
        "  locations: port\n")
    assert text != minimal_text
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "list.yaml")
    messages = [d.message for d in info.value.errors]
    assert any("expected a list" in d.format() for d in info.value.errors), messages
    assert not any("unknown location" in m for m in messages), messages


def test_warnings_are_listed_beside_the_errors(minimal_text: str) -> None:
    text = (minimal_text.replace("signatories: [north, south]", "signatories: [north, sooth]")
            .replace("trigger: {round: 2}", "trigger: {round: 9}"))
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "both.yaml")
    formatted = [d.format() for d in info.value.diagnostics]
    assert any(": error: agreement.signatories[1]: unknown party 'sooth'" in f
               for f in formatted), formatted
    assert any(": warning: events[0].trigger: event 'storm' can never fire" in f
               for f in formatted), formatted


def test_a_warning_is_listed_beside_a_shape_error(minimal_text: str) -> None:
    text = (minimal_text.replace("      reservation: 40\n  - id: south",
                     "      reservation: 40\n    bot: {strategy: concede}\n  - id: south")
            .replace("trigger: {round: 2}", "trigger: {round: 9}"))
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "shape.yaml")
    severities = {(d.severity, d.path) for d in info.value.diagnostics}
    assert ("error", "parties[0].bot.strategy") in severities, severities
    assert ("warning", "events[0].trigger") in severities, severities


def test_no_warning_is_drawn_from_data_with_an_error(minimal_text: str) -> None:
    # North's reservation of 99 would make it unable to sign, but its values hold an error:
    # "can never sign" waits for the fix rather than judging bad data.
    text = (minimal_text.replace("reservation: 40\n  - id: south", "reservation: 99\n  - id: south")
            .replace("backstop: {none: 0, jets: 100, ships: 50}",
                     "backstop: {none: 0, jets: 100, ships: 50, subs: 10}"))
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "unsound.yaml")
    messages = [d.message for d in info.value.diagnostics]
    assert any("has no option 'subs'" in m for m in messages), messages
    assert not any("can never sign" in m for m in messages), messages


def test_checks_that_cannot_run_are_named_in_a_note_at_the_end(minimal_text: str) -> None:
    text = minimal_text.replace("backstop: {none: 0, jets: 100, ships: 50}",
                                "backstop: {none: 0, jets: 100, ships: 50, subs: 10}")
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "note.yaml")
    last = info.value.diagnostics[-1]
    assert last.severity == "note" and last not in info.value.errors
    assert last.format() == ("note.yaml: note: 1 more check runs once the errors are fixed: "
                             "whether any agreement can satisfy all signatories")


def test_no_note_when_the_errors_leave_every_check_able_to_run(minimal_text: str) -> None:
    text = minimal_text.replace('color: "#112233"', "color: blue")
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "colour.yaml")
    assert [d.severity for d in info.value.diagnostics] == ["error"]


def test_the_no_agreement_warning_is_shown_despite_an_unrelated_error(minimal_text: str) -> None:
    text = (minimal_text.replace("reservation: 40\n  - id: south", "reservation: 90\n  - id: south")
            .replace("reservation: 40\nevents", "reservation: 90\nevents")
            .replace("{at: port, icon: jets}", "{at: harbour, icon: jets}"))
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "zone.yaml")
    messages = [d.message for d in info.value.diagnostics]
    assert any("unknown location 'harbour'" in m for m in messages), messages
    assert any("no agreement can satisfy all signatories" in m for m in messages), messages


def test_without_a_model_the_note_says_the_references_and_warnings_wait(
        minimal_text: str) -> None:
    text = minimal_text.replace("- id: north", "- id: 12", 1)
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "id.yaml")
    last = info.value.diagnostics[-1]
    assert last.severity == "note"
    assert "2 more checks run once the errors are fixed: unknown and duplicate ids; likely " \
           "mistakes" in last.message


def test_an_out_of_range_value_is_one_error_not_also_a_missing_one(minimal_text: str) -> None:
    text = minimal_text.replace("backstop: {none: 0, jets: 100, ships: 50}",
                                "backstop: {none: 0, jets: 150, ships: 50}")
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "range.yaml")
    messages = [d.message for d in info.value.errors]
    assert messages == ["the number 150 is out of range"], messages


def test_a_missing_value_beside_an_out_of_range_one_is_still_reported(minimal_text: str) -> None:
    text = minimal_text.replace("backstop: {none: 0, jets: 100, ships: 50}",
                                "backstop: {none: 0, jets: 150}")
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "range.yaml")
    messages = sorted(d.message for d in info.value.errors)
    assert messages == ["no value for option(s) ships", "the number 150 is out of range"]


@pytest.mark.parametrize(("yaml_text", "line"), [
    ("schema: backstop/scenario@1\nagreement:\n  signatories: [a]\n   quorum: 1\n", 4),
    ("schema: backstop/scenario@1\nissues:\n  - id: a\n    name: A\n   - id: b\n", 5),
])
def test_an_indentation_error_keeps_the_yaml_message_and_adds_a_hint(yaml_text: str,
                                                                     line: int) -> None:
    with pytest.raises(ScenarioError) as info:
        load_bytes(yaml_text.encode(), "indent.yaml")
    [diag] = info.value.errors
    assert diag.message.startswith("YAML syntax error: ")
    assert diag.line == line
    assert "check the indentation" in diag.expected


def test_other_yaml_errors_get_no_indentation_hint() -> None:
    with pytest.raises(ScenarioError) as info:
        load_bytes(b"schema: backstop/scenario@1\ntitle: \"unclosed\n", "quote.yaml")
    [diag] = info.value.errors
    assert "YAML syntax error" in diag.message and "indentation" not in diag.expected


@pytest.mark.parametrize(("key", "expected"), [
    ("agreement", "an 'agreement:' entry here"),
    ("issues", "an 'issues:' entry here"),
    ("title", "a 'title:' entry here"),
])
def test_a_missing_key_takes_a_or_an(minimal_text: str, key: str, expected: str) -> None:
    lines = minimal_text.splitlines(keepends=True)
    start = next(k for k, ln in enumerate(lines) if ln.startswith(f"{key}:"))
    end = next(k for k in range(start + 1, len(lines)) if not lines[k].startswith(" "))
    text = "".join(lines[:start] + lines[end:])
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "missing.yaml")
    assert any(d.expected == expected for d in info.value.errors), info.value.errors


def test_a_weight_of_the_wrong_shape_does_not_also_warn_of_values_without_a_weight(
        minimal_text: str) -> None:
    """The loader leaves a malformed weight out of its stand-in model: its values then looked
    unweighted, and a second, false warning followed the error."""
    text = minimal_text.replace("weights: {size: 1, backstop: 2}",
                                "weights: {size: fifty, backstop: 2}")
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "shape.yaml")
    messages = [d.message for d in info.value.diagnostics]
    assert any("fifty" in m for m in messages), messages
    assert not any("leave the issue out" in m for m in messages), messages


@pytest.mark.parametrize(("given", "meant"), [
    ("Manual", "'manual'"), ("manul", "'manual'"), ("round", "{round: 2}"),
    ("round 3", "{round: 3}"), ("on round 4", "{round: 4}"), ("chance 0.3", "{chance: 0.3}"),
    (3, "{round: 3}"), (0.4, "{chance: 0.4}"), ("wehn", "{when: {clause: [option]}}"),
    ("soon", None), (True, None), (-2, None),
])
def test_a_mistaken_trigger_is_matched_to_the_nearest_trigger_form(
        minimal_text: str, given: object, meant: str | None) -> None:
    from game.scenario.models import nearest_trigger

    assert nearest_trigger(given) == meant
    text = minimal_text.replace("trigger: {round: 2}", f"trigger: {given}")
    assert text != minimal_text
    with pytest.raises(ScenarioError) as info:
        load_bytes(text.encode(), "t.yaml")
    [error] = info.value.errors
    assert error.path == "events[0].trigger" and "expected a mapping" not in error.format()
    assert error.expected.startswith("manual, or a mapping")
    assert ("did you mean" in error.message) == (meant is not None)
    if meant:
        assert error.message.endswith(f"; did you mean {meant}?")
