"""The round timer holds while a delegation due to act reads its briefing for the first time,
and only then: a briefing read again, a seat not due, or no briefing on the screen (projector
mode) leave it running. The control seat's pause and time steps, the clock kept beside the
autosave and the log behave as without the hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.actions import Pass
from game.scenario import load_scenario
from game.scenario.loader import Loaded
from game.session.store import read_log
from game.session.table import Seat, Table
from tests.conftest import TUTORIAL


@pytest.fixture(scope="module")
def tutorial() -> Loaded:
    return load_scenario(TUTORIAL)


def _table(tutorial: Loaded, *, autosave: Path | None = None) -> Table:
    """A timed tutorial game with every seat human (hot-seat)."""
    s = tutorial.scenario
    seats = {p: Seat(p, "human", f"Player {p}") for p in s.party_ids}
    return Table.new(s, tutorial.sha256, "1", seats, timer=True, autosave=autosave)


def _reading_first(table: Table) -> str:
    """The delegation due to act, at the screen and on its briefing for the first time."""
    party = table.next_human()
    assert party is not None and party not in table.briefed
    table.hand_to(party)
    table.reading = party  # as the briefing screen says when it opens
    return party


def test_a_first_briefing_holds_the_clock_until_its_delegation_reaches_the_table(
        tutorial: Loaded) -> None:
    table = _table(tutorial)
    full = table.time_left
    party = _reading_first(table)
    assert table.held_for == party and not table.timer_running
    assert table.tick(10.0) == ()
    assert table.time_left == full
    table.brief(party)  # to the table
    assert table.held_for is None and table.timer_running
    table.tick(10.0)
    assert table.time_left == pytest.approx(full - 10.0)


def test_the_first_reader_cannot_be_timed_out(tutorial: Loaded) -> None:
    table = _table(tutorial)
    _reading_first(table)
    assert table.tick(table.time_left * 10) == ()
    assert not table.session.records  # nobody passed: the log is untouched


def test_a_briefing_read_again_runs_on_the_clock(tutorial: Loaded) -> None:
    table = _table(tutorial)
    party = _reading_first(table)
    table.brief(party)
    table.read_again(party)  # from the pause menu, later
    assert table.wants_briefing(party) and table.reading == party
    full = table.time_left
    table.tick(10.0)
    assert table.held_for is None and table.time_left == pytest.approx(full - 10.0)


def test_only_a_briefing_on_the_screen_holds_it(tutorial: Loaded) -> None:
    """Projector mode shows no briefing, and a seat not yet at the screen holds nothing."""
    table = _table(tutorial)
    full = table.time_left
    assert table.reading is None and not table.briefed
    table.tick(10.0)
    assert table.time_left == pytest.approx(full - 10.0)
    first = _reading_first(table)
    table.brief(first)
    table.apply(Pass(first))
    waiting = table.next_human()
    assert waiting is not None and waiting not in table.briefed
    table.reading = first  # left over: the seat on it is no longer due to act
    assert table.held_for is None and table.timer_running


def test_new_hands_on_a_seat_read_their_first_briefing_on_held_time(tutorial: Loaded) -> None:
    table = _table(tutorial)
    party = _reading_first(table)
    table.brief(party)
    table.reseat(party, Seat(party, "human", "Someone else"))
    table.reading = party
    assert table.held_for == party
    table.reseat(party, Seat(party, "bot", "linear"))  # a bot reads nothing
    assert table.held_for is None


def test_the_control_seat_still_pauses_and_steps_the_held_clock(tutorial: Loaded) -> None:
    table = _table(tutorial)
    full = table.time_left
    _reading_first(table)
    assert table.can_adjust_time
    table.adjust_time(60.0)
    assert table.time_left == full + 60
    table.pause()
    assert table.halted and not table.timer_running
    table.pause(False)
    table.tick(30.0)
    assert table.time_left == full + 60  # still held
    assert table.adjust_time(-table.time_left)  # shortened to nothing: everyone due passes
    assert [r["action"]["type"] for r in table.session.records] == ["pass"] * len(table.seats)


def test_a_resumed_game_keeps_its_clock_and_holds_it_for_a_first_reading(
        tutorial: Loaded, tmp_path: Path) -> None:
    """After Continue every delegation reads its briefing afresh: the round's time stays
    where it stood while it does."""
    table = _table(tutorial, autosave=tmp_path / "a.jsonl")
    full = table.time_left
    first = _reading_first(table)
    table.brief(first)
    table.tick(25.0)
    table.apply(Pass(first))
    note = table.clock_note()
    table.close()
    again = Table.resume(tutorial.scenario, read_log(tmp_path / "a.jsonl"), timer=True)
    assert again.restore_clock(note) and again.time_left == pytest.approx(full - 25.0)
    _reading_first(again)
    again.tick(10.0)
    assert again.time_left == pytest.approx(full - 25.0)
    assert again.session.records == table.session.records
