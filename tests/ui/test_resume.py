"""A game killed mid-round loses nothing: "Continue" restores exactly the autosaved state, reads
a damaged autosave from its mirror copy, and resumes the round timer where it stood."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.core.state import state_hash
from game.session.store import mirror_of
from game.ui.context import CLOCK_EVERY, Context, clock_path
from game.ui.intents import Intent
from tests.conftest import FLAGSHIP, TUTORIAL
from tests.ui.conftest import button_of, make_ctx, play_as, show_table, start


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def test_continue_after_sigkill_restores_the_same_state(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "BACKSTOP_HOME": str(home)}
    child = subprocess.Popen(
        [sys.executable, "-m", "game", "play", str(FLAGSHIP), "--demo", "--speed", "8"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    autosave = home / "autosave.jsonl"
    try:
        deadline = time.monotonic() + 120
        while len(_lines(autosave)) < 25:  # well into the game, mid-round
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the demo made no progress"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    lines = _lines(autosave)
    complete = [json.loads(x) for x in lines[1:] if x.endswith("}")]
    last = complete[-1]
    assert last["phase"] in {"news", "proposals", "votes", "signing"}  # it died mid-game

    ctx = make_ctx(home)
    from game.ui.launch import open_menu
    open_menu(ctx)
    ctx.app.step([], 1 / 60)
    ctx.app.dispatch(Intent("widget", widget="continue"))
    ctx.app.step([], 1 / 60)
    table = ctx.table
    assert table is not None
    assert ctx.app.scenes.top is not None and ctx.app.scenes.top.name != "menu"
    resumed = table.session
    # every action that reached the disk is back, and the state is the one it hashed to
    assert len(resumed.records) >= len(complete)
    assert resumed.records[: len(complete)] == complete
    assert state_hash(resumed.state) == resumed.records[-1]["hash"]
    assert resumed.records[len(complete) - 1]["hash"] == last["hash"]
    ctx.end_game()


# -- a damaged autosave, and the round timer ----------------------------------------------------


def _continue(ctx: Context) -> None:
    from game.ui.launch import open_menu
    open_menu(ctx)
    ctx.app.step([], 1 / 60)
    ctx.app.dispatch(Intent("widget", widget="continue"))
    ctx.app.step([], 1 / 60)


def test_continue_reads_a_damaged_autosave_from_its_mirror_and_says_so(tmp_path: Path) -> None:
    """A play-tester cut the autosave to half its size: Continue resumed round 3 of 5 without
    a word, and the bots' next moves overwrote the rest for good."""
    ctx = make_ctx(tmp_path / "home")
    start(ctx, FLAGSHIP, humans=("france",))
    table = ctx.table
    assert table is not None
    play_as(table, "france", lambda: len(table.session.records) >= 30)
    records = list(table.session.records)
    ctx.end_game()
    auto = ctx.places.autosave
    damaged = auto.read_bytes()[: auto.stat().st_size // 2]
    auto.write_bytes(damaged)
    _continue(ctx)
    assert ctx.table is not None and ctx.table.session.records == records  # every action
    kept = auto.with_name("autosave.damaged.jsonl")
    assert kept.read_bytes() == damaged  # the damaged file, for a look later
    assert kept.stat().st_mode & 0o077 == 0  # and as private as the autosave
    notice = ctx.app.toast_text
    assert notice.startswith("autosave.jsonl was cut short at ")
    assert notice.endswith("The damaged file is kept as autosave.damaged.jsonl")
    assert str(tmp_path) not in notice
    ctx.end_game()


def test_with_both_copies_unreadable_continue_is_off_and_says_why(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home")
    start(ctx, TUTORIAL, humans=("uk",))
    ctx.end_game()
    for path in (ctx.places.autosave, mirror_of(ctx.places.autosave)):
        path.write_bytes(b"\x00\x01")
    from game.ui.launch import open_menu
    open_menu(ctx)
    ctx.app.step([], 1 / 60)
    button = button_of(ctx.app.scenes.top, "continue")
    assert not button.is_enabled
    assert button.tool_tip_text.startswith("The last game cannot be opened: ")
    # a switched-off button shows no tooltip: the menu says it in its message line
    assert ctx.app.scenes.top.layout["message"].text == button.tool_tip_text
    assert "; its mirror copy: " in button.tool_tip_text  # both are said to be unreadable
    assert button_of(ctx.app.scenes.top, "new_game").class_ids[-1] == "@primary"


def test_continue_resumes_the_round_timer_where_it_stood(tmp_path: Path) -> None:
    """After a crash the round's time started afresh: a crash bought the room extra time."""
    ctx = make_ctx(tmp_path / "home")
    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"), timer=True)
    table = ctx.table
    assert table is not None and table.timer_running
    full = table.time_left
    scene = show_table(ctx, "uk")
    for _ in range(4):  # 12 s of talking: a note is kept every CLOCK_EVERY seconds
        scene.update(3.0)
    note = json.loads(clock_path(ctx.places.autosave).read_text("utf-8"))
    assert table.time_left <= note["time_left"] <= table.time_left + CLOCK_EVERY
    assert note["time_left"] <= full - 9.0
    # killed here: the note is all that is left of the clock
    ctx.table = None
    _continue(ctx)
    assert ctx.table is not None
    assert ctx.table.time_left == pytest.approx(note["time_left"], abs=0.1)
    ctx.table.tick(ctx.table.time_left - 20)
    ctx.end_game()  # a quit keeps the clock to the second
    _continue(ctx)
    assert ctx.table is not None and ctx.table.time_left == pytest.approx(20.0, abs=0.1)
    assert ctx.table.warning == 30.0
    ctx.end_game()


def test_a_line_torn_by_a_crash_is_told_but_keeps_no_damaged_copy(tmp_path: Path) -> None:
    """A kill while the autosave was being appended to tears its last line: the action it
    held was never applied, so nothing is lost and there is nothing to keep aside."""
    ctx = make_ctx(tmp_path / "home")
    start(ctx, TUTORIAL, humans=("uk",))
    assert ctx.table is not None
    ctx.table.step_bot()
    records = list(ctx.table.session.records)
    ctx.end_game()
    with ctx.places.autosave.open("a") as fh:
        fh.write('{"seq": 9, "round": 1, "act')
    _continue(ctx)
    assert ctx.table is not None and ctx.table.session.records == records
    assert "cut off" in ctx.app.toast_text and str(tmp_path) not in ctx.app.toast_text
    assert not (ctx.places.root / "autosave.damaged.jsonl").exists()
    ctx.end_game()
