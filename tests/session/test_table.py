"""The table: seats, hand-over, bots at the table, the round timer, resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.bots import make_bot, parse_spec, seat_rng
from game.core import log as gamelog
from game.core.actions import Pass, Propose, parse_action
from game.core.errors import GameError
from game.core.rules import to_move
from game.scenario import load_scenario
from game.session.store import LoadedLog, read_log
from game.session.table import Seat, Table
from tests.conftest import FLAGSHIP, TUTORIAL


@pytest.fixture(scope="module")
def tutorial():  # type: ignore[no-untyped-def]
    return load_scenario(TUTORIAL)


def _seats(scenario, humans=()):  # type: ignore[no-untyped-def]
    return {p: Seat(p, "human", f"Player {p}") if p in humans else Seat(p, "bot", "linear")
            for p in scenario.party_ids}


def test_seats_round_trip_through_the_log_header(tutorial, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    first = s.party_ids[0]
    table = Table.new(s, tutorial.sha256, "7", _seats(s, (first,)), autosave=tmp_path / "a.jsonl")
    assert table.session.seats[first] == f"human:Player {first}"
    table.close()
    again = Table.resume(s, read_log(tmp_path / "a.jsonl"))
    assert again.seats == table.seats
    assert set(again.bots) == set(s.party_ids) - {first}


def test_an_unknown_bot_strategy_in_a_header_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown strategy"):
        Seat.from_header("fr", "bot:telepath")
    assert Seat.from_header("fr", "someone") == Seat("fr", "human", "someone")


def test_bots_move_until_a_human_must_act_and_handover_names_that_human(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    humans = s.party_ids[1:]  # two humans share the screen; the first party is a bot
    table = Table.new(s, tutorial.sha256, "3", _seats(s, humans))
    while table.bot_to_move() is not None and not table.humans_to_move():
        move = table.step_bot()
        assert move is not None and move.decision.reason
        assert table.moves[-1] is move
    (human,) = table.humans_to_move()
    assert human in humans and table.needs_handover() == human
    assert table.view().viewer == "observer"  # nobody is looking yet: public view only
    table.hand_to(human)
    assert table.needs_handover() is None and table.view().me is not None
    with pytest.raises(ValueError):
        table.hand_to(s.party_ids[0])  # a bot seat cannot be handed the screen


def test_a_single_human_seat_is_at_the_screen_from_the_start(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    human = s.party_ids[-1]
    table = Table.new(s, tutorial.sha256, "3", _seats(s, (human,)))
    assert table.looking == human and table.view().viewer == human
    while human not in table.humans_to_move():
        assert table.step_bot() is not None
    assert table.needs_handover() is None
    table.looking = None  # e.g. the control seat closed: still nobody else to hand it to
    assert table.looking == human


def test_hotseat_passes_between_humans(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    table = Table.new(s, tutorial.sha256, "1", _seats(s, s.party_ids))
    first = table.next_human()
    assert first is not None and table.needs_handover() == first
    table.hand_to(first)
    table.apply(Pass(first))
    nxt = table.next_human()
    assert nxt is not None and nxt != first and table.needs_handover() == nxt


def test_an_illegal_action_changes_nothing(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    table = Table.new(s, tutorial.sha256, "1", _seats(s, s.party_ids))
    seq = table.session.state.seq
    wrong = next(p for p in s.party_ids if p != table.next_human())
    with pytest.raises(GameError):
        table.apply(Propose(wrong, ((s.issues[0].id, s.issues[0].options[0].id),)))
    assert table.session.state.seq == seq


def test_the_timer_runs_in_talks_only_and_passes_for_the_silent(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    assert s.round_minutes > 0
    table = Table.new(s, tutorial.sha256, "1", _seats(s, s.party_ids), timer=True)
    assert table.timer_running and table.time_left == s.round_minutes * 60
    table.paused = True
    assert table.tick(10.0) == () and table.time_left == s.round_minutes * 60
    table.paused = False
    table.tick(10.0)
    assert table.time_left == s.round_minutes * 60 - 10
    events = table.tick(s.round_minutes * 60)
    assert events  # everyone still to speak passed
    state = table.session.state
    assert state.phase != "proposals" or state.round == 2
    records = table.session.records
    assert all(r["action"]["type"] == "pass" for r in records)
    if state.round == 2:
        assert table.time_left == s.round_minutes * 60  # a new round, a full clock


def test_without_the_timer_nothing_times_out(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    table = Table.new(s, tutorial.sha256, "1", _seats(s, s.party_ids), timer=False)
    assert table.tick(10_000.0) == () and not table.session.records


def _play_to_end(table: Table) -> None:
    while not table.over:
        assert table.step_bot() is not None


def _texts(table: Table) -> list[str]:
    return [str(r["text"]) for r in table.session.records]


@pytest.fixture(scope="module")
def flagship():  # type: ignore[no-untyped-def]
    return load_scenario(FLAGSHIP)


def test_a_resumed_game_goes_on_as_the_unbroken_game_would(flagship) -> None:  # type: ignore[no-untyped-def]
    s = flagship.scenario
    table = Table.new(s, flagship.sha256, "11", _seats(s))
    while table.session.state.round < 3:
        table.step_bot()
    resumed = Table.resume(s, LoadedLog(dict(table.session.header),
                                        list(table.session.records)))
    _play_to_end(table)
    _play_to_end(resumed)
    assert _texts(resumed) == _texts(table)
    assert resumed.session.records[-1]["hash"] == table.session.records[-1]["hash"]


def test_a_resumed_game_keeps_the_bots_reasons(flagship) -> None:  # type: ignore[no-untyped-def]
    """The log keeps no reasons: a resume re-decides the bots' moves and keeps theirs, so a
    results card after Continue still says why each bot opposed."""
    s = flagship.scenario
    table = Table.new(s, flagship.sha256, "11", _seats(s, humans=("uk",)))
    while table.session.state.round < 3:
        if table.step_bot() is None:
            table.apply(Pass("uk") if table.view("uk").phase == "proposals"
                        else parse_action(f"vote uk {_uk_ballot(table)} yes"))
    resumed = Table.resume(s, LoadedLog(dict(table.session.header),
                                        list(table.session.records)))
    assert len(resumed.moves) == len(table.moves) > 0
    assert [(m.party, m.decision.action, m.decision.reason) for m in resumed.moves] == [
        (m.party, m.decision.action, m.decision.reason) for m in table.moves]


def _uk_ballot(table: Table) -> int:
    view = table.view("uk")
    return next(p.id for p in view.proposals if p.round == view.round
                and p.result == "pending" and "uk" in p.stakeholders and "uk" not in p.voted)


def test_resuming_replays_the_log_once(tutorial, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The replay that verifies the log also serves the bots' catching up; the states it keeps
    are dropped once they have."""
    s = tutorial.scenario
    table = Table.new(s, tutorial.sha256, "3", _seats(s))
    for _ in range(6):
        table.step_bot()
    calls = []
    real = gamelog.replay
    monkeypatch.setattr(gamelog, "replay", lambda *a, **k: calls.append(k) or real(*a, **k))
    resumed = Table.resume(s, LoadedLog(dict(table.session.header),
                                        list(table.session.records)))
    assert len(calls) == 1 and calls[0]["verify"]
    assert resumed.session.history is None
    _play_to_end(table)
    _play_to_end(resumed)
    assert resumed.session.records[-1]["hash"] == table.session.records[-1]["hash"]


def test_a_branch_replays_its_bots_moves_when_nobody_does_anything_else(flagship) -> None:  # type: ignore[no-untyped-def]
    s = flagship.scenario
    table = Table.new(s, flagship.sha256, "12", _seats(s))
    _play_to_end(table)
    original = _texts(table)
    branch = table.branch(4)
    _play_to_end(branch)
    assert _texts(branch) == original


def test_a_logged_move_a_bot_would_not_make_ends_the_catching_up_but_not_the_game(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    table = Table.new(s, tutorial.sha256, "5", _seats(s))
    party = table.bot_to_move()
    assert party is not None
    table.session.apply(Pass(party))  # by hand, for a bot seat
    resumed = Table.resume(s, LoadedLog(dict(table.session.header),
                                        list(table.session.records)))
    _play_to_end(resumed)
    assert resumed.over


def test_at_time_up_a_bot_still_due_makes_its_own_move_so_resume_stays_exact(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = tutorial.scenario
    human = s.party_ids[0]
    table = Table.new(s, tutorial.sha256, "9", _seats(s, (human,)), timer=True)
    assert to_move(table.session.state) == (human,)  # the human speaks first in round 1
    table.time_up()  # the human passes; the bots after it in the round speak for themselves
    bot_moves = [r for r in table.session.records if r["actor"] != human]
    assert bot_moves and [m.decision.action for m in table.moves] == [
        parse_action(r["text"]) for r in bot_moves]
    resumed = Table.resume(s, LoadedLog(dict(table.session.header),
                                        list(table.session.records)))
    for t in (table, resumed):  # the human's moves from here are the same in both games
        stand_in, rng = make_bot(human, parse_spec("linear")), seat_rng("stand-in", human)
        while not t.over:
            if t.step_bot() is None:
                t.apply(stand_in.act(t.session.view(human), rng).action)
    assert _texts(resumed) == _texts(table)
