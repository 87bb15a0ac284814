"""The control seat at the session level: time, ready, seats, "what if" branches, oversight."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core import log as gamelog
from game.core.actions import Inject, Pass
from game.core.model import AdjustParty, LockIssue
from game.scenario import load_scenario
from game.scenario.loader import Loaded
from game.session.oversight import Oversight
from game.session.store import log_text, read_log
from game.session.table import Seat, Table
from tests.conftest import FLAGSHIP, TUTORIAL
from tests.core.test_analysis_game import LATE_DEAL_SCRIPT, play_tutorial


@pytest.fixture(scope="module")
def tutorial() -> Loaded:
    return load_scenario(TUTORIAL)


@pytest.fixture(scope="module")
def flagship() -> Loaded:
    return load_scenario(FLAGSHIP)


def _table(loaded: Loaded, humans: tuple[str, ...] = (), *, timer: bool = False,
           autosave: Path | None = None, seed: str = "5") -> Table:
    s = loaded.scenario
    seats = {p: Seat(p, "human", f"Player {p}") if p in humans else Seat(p, "bot", "linear")
             for p in s.party_ids}
    return Table.new(s, loaded.sha256, seed, seats, timer=timer, autosave=autosave)


def _run_bots(table: Table, until_round: int | None = None) -> None:
    while table.bot_to_move() is not None and (
            until_round is None or table.session.state.round < until_round):
        table.step_bot()


def test_no_timer_expiry_while_paused(tutorial: Loaded) -> None:
    s = tutorial.scenario
    table = _table(tutorial, s.party_ids, timer=True)
    seq = table.session.state.seq
    table.pause()
    assert table.tick(s.round_minutes * 60 * 10) == ()
    assert table.session.state.seq == seq and table.time_left == s.round_minutes * 60
    table.pause(False)
    assert table.tick(s.round_minutes * 60 + 1)  # now it runs out: everyone passes
    assert table.session.state.seq > seq


def test_extend_shorten_and_the_two_warnings(tutorial: Loaded) -> None:
    s = tutorial.scenario
    table = _table(tutorial, s.party_ids, timer=True)
    full = s.round_minutes * 60.0
    table.adjust_time(60)
    assert table.time_left == full + 60
    table.tick(full + 60 - 119)
    assert table.warning == 120
    table.tick(90)
    assert table.warning == 30
    table.adjust_time(300)
    assert table.warning is None and table.time_left == pytest.approx(329)
    table.adjust_time(-10_000)  # shortened to nothing: everyone passes, the round ends
    state = table.session.state
    assert state.round == 2 or state.phase != "proposals"
    assert len(table.session.records) == len(s.party_ids)
    assert all(r["text"].startswith("pass ") for r in table.session.records)


def test_ready_seats_pass_and_all_ready_ends_the_talking(tutorial: Loaded) -> None:
    s = tutorial.scenario
    table = _table(tutorial, s.party_ids)
    first, *rest = table.session.state.order
    table.set_ready(rest[0])
    assert table.session.state.phase == "proposals"
    table.apply(Pass(first))
    # the ready seat's turn passed by itself
    assert table.session.records[-1]["text"] == f"pass {rest[0]}"
    for p in s.party_ids:
        table.set_ready(p)
    assert table.session.state.phase != "proposals" or table.session.state.round == 2
    assert all(r["text"].startswith("pass ") for r in table.session.records)
    assert table.ready == set()  # a new round clears it
    with pytest.raises(ValueError):
        _table(tutorial, ()).set_ready(s.party_ids[0])  # a bot seat has no ready button


def test_take_over_a_seat_and_hand_it_back_survives_resume(tutorial: Loaded,
                                                          tmp_path: Path) -> None:
    s = tutorial.scenario
    party = s.party_ids[0]
    table = _table(tutorial, (party,), autosave=tmp_path / "auto.jsonl")
    table.reseat(party, Seat(party, "bot", "boulware"))
    assert party in table.bots and table.seats[party].is_bot
    _run_bots(table, until_round=2)
    other = s.party_ids[1]
    table.reseat(other, Seat(other, "human", "Trainer"))
    assert other not in table.bots
    with pytest.raises(ValueError, match="unknown strategy"):
        table.reseat(other, Seat(other, "bot", "telepath"))
    table.close()
    again = Table.resume(s, read_log(tmp_path / "auto.jsonl"))
    assert again.seats[party] == Seat(party, "bot", "boulware")
    assert again.seats[other] == Seat(other, "human", "Trainer")
    assert set(again.bots) == set(s.party_ids) - {other}


def test_a_seat_a_bot_covered_goes_back_to_its_player(tutorial: Loaded,
                                                     tmp_path: Path) -> None:
    """Hand a student's seat to a bot and take it over again: the student plays it, also
    after a resume (the name comes from the log); a seat no human ever played goes to the
    control seat."""
    from game.ui.control_ops import CONTROL_NAME, take_over
    s = tutorial.scenario
    party, other = s.party_ids[0], s.party_ids[1]
    table = _table(tutorial, (party,), autosave=tmp_path / "auto.jsonl")
    assert table.last_player(party) == f"Player {party}" and table.last_player(other) is None
    table.reseat(party, Seat(party, "bot", "boulware"))
    _run_bots(table, until_round=2)
    table.close()
    again = Table.resume(s, read_log(tmp_path / "auto.jsonl"))
    take_over(again, party)
    take_over(again, other)
    assert again.seats[party] == Seat(party, "human", f"Player {party}")
    assert again.seats[other] == Seat(other, "human", CONTROL_NAME)
    take_over(again, other, "  ")  # a blank name is no name
    assert again.seats[other].name == CONTROL_NAME


def test_a_branch_replays_the_parent_byte_for_byte_up_to_its_round(flagship: Loaded,
                                                                  tmp_path: Path) -> None:
    table = _table(flagship, autosave=tmp_path / "parent.jsonl", seed="11")
    _run_bots(table, until_round=4)
    assert table.session.state.round == 4
    parent_head = dict(table.session.header)
    parent_records = [dict(r) for r in table.session.records]
    parent_text = (tmp_path / "parent.jsonl").read_text("utf-8")
    branch = table.branch(3, autosave=tmp_path / "branch.jsonl")
    assert (tmp_path / "parent.jsonl").read_text("utf-8") == parent_text  # parent kept
    head = branch.session.header
    assert head["parent"] == gamelog.header_hash(parent_head) and head["branch_round"] == 3
    kept = [r for r in parent_records if r["round"] < 3]
    n = len(kept)
    branch_lines = (tmp_path / "branch.jsonl").read_text("utf-8").splitlines()[1:]
    parent_lines = parent_text.splitlines()[1:]
    assert branch_lines[:n] == parent_lines[:n]  # byte-identical up to round 3
    assert branch.session.state.round == 3 and branch.session.state.phase == "proposals"
    # the chance rolls at the start of round 3, if any, come out the same way
    assert branch_lines == parent_lines[:len(branch_lines)]
    assert log_text(head, branch.session.records).startswith(gamelog.dumps(head))
    # the branch is a game of its own: it resumes and plays on
    _run_bots(branch, until_round=4)
    branch.close()
    again = Table.resume(flagship.scenario, read_log(tmp_path / "branch.jsonl"))
    assert again.session.header["branch_round"] == 3
    with pytest.raises(ValueError, match="not an earlier round"):
        again.branch(9)


def test_a_branch_keeps_the_seats_as_they_are_now(tutorial: Loaded, tmp_path: Path) -> None:
    s = tutorial.scenario
    first, second = s.party_ids[:2]
    table = _table(tutorial, (first,), autosave=tmp_path / "auto.jsonl")
    table.reseat(first, Seat(first, "bot", "boulware"))  # the student leaves in round 1
    table.reseat(second, Seat(second, "human", "Trainer"))
    _run_bots(table, until_round=2)
    now = dict(table.seats)
    branch = table.branch(1, autosave=tmp_path / "branch.jsonl")
    assert branch.seats == now
    assert set(branch.bots) == {p for p, seat in now.items() if seat.is_bot}
    branch.close()
    again = Table.resume(s, read_log(tmp_path / "branch.jsonl"))
    assert again.seats == now  # the hand-overs are in the branch's log


def test_a_manual_inject_shows_in_the_next_analysis(tutorial: Loaded) -> None:
    s = tutorial.scenario
    table = _table(tutorial, s.party_ids)
    oversight = Oversight()
    before = oversight.snapshot(table.session.state, wait=True)
    assert before is not None
    party = next(st.party for st in before.standings if st.signatory)
    issue = table.session.state.issues[0]
    worst = min(issue.option_ids,
                key=lambda o: table.session.state.prefs[party].values[issue.id][o])
    table.apply(Inject("Deadlock", "A clause is imposed.", (
        LockIssue(issue.id, worst), AdjustParty(party, reservation=30.0))))
    after = oversight.snapshot(table.session.state, wait=True)
    assert after is not None and after.seq > before.seq
    mine = after.standing(party)
    assert mine.reservation == pytest.approx(
        min(100.0, before.standing(party).reservation + 30.0))
    assert after.text[issue.id] == worst
    from game.core.scoring import utility, with_fallbacks
    state = table.session.state
    assert mine.utility == utility(state.prefs[party], with_fallbacks(state.issues, state.draft),
                                   [i.id for i in state.issues])
    assert mine.can_sign == (not mine.red_lines and mine.utility >= mine.reservation)
    if mine.utility < mine.reservation:
        assert mine.blockers  # something holds it back, and the view names it


def test_oversight_never_blocks_and_catches_up(tutorial: Loaded) -> None:
    table = _table(tutorial)
    oversight = Oversight()
    state = table.session.state
    assert oversight.snapshot(state) is None  # it starts the worker and does not wait
    import time
    for _ in range(200):
        if oversight.is_current(state):
            break
        time.sleep(0.02)
    snap = oversight.snapshot(state)
    assert snap is not None and snap.seq == state.seq


def test_the_control_seat_reads_the_draft_as_every_screen_does(flagship: Loaded) -> None:
    from game.core.scoring import utility, with_fallbacks
    table = _table(flagship, seed="2")
    _run_bots(table, until_round=3)
    state = table.session.state
    snap = Oversight().snapshot(state, wait=True)
    assert snap is not None
    reading = with_fallbacks(state.issues, state.draft)
    ids = [i.id for i in state.issues]
    for row in snap.standings:
        assert row.utility == utility(state.prefs[row.party], reading, ids)
    assert set(snap.unsettled) == {i for i, o in reading.items() if o is None}
    assert set(snap.unsettled) <= set(snap.open)
    assert all(snap.text[i] == (reading[i] or (snap.nash_text or {}).get(i, snap.text[i]))
               for i in ids)


def test_standings_judge_signing_now_by_the_discounted_score() -> None:
    # The tutorial's round-4 text: worth 53.99 to the US, 49.3 after three rounds of urgency.
    session = play_tutorial(LATE_DEAL_SCRIPT[:-3], before_signing=())
    state = session.state
    assert state.phase == "signing" and state.round == 4
    snap = Oversight().snapshot(state, wait=True)
    assert snap is not None
    usa = snap.standing("usa")
    assert usa.utility == pytest.approx(53.99) and usa.reservation == 50
    assert usa.score == pytest.approx(53.99 * 0.97 ** 3)
    assert not usa.can_sign and usa.blockers  # as the zone says: the draft is outside it
    assert not snap.in_zone
    assert all(s.can_sign == (s.score >= s.reservation and not s.red_lines)
               for s in snap.standings)
