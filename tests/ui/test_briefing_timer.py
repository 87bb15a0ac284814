"""A delegation's first briefing is read on held time: the round timer starts for it when it
reaches the table (single-player and hot-seat alike), while a briefing read again from the
pause menu runs on the clock."""

from __future__ import annotations

import pytest

from game.ui import flow
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.pilot import Pilot
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.pause import PauseScene
from game.ui.scenes.table import TableScene
from tests.conftest import TUTORIAL
from tests.ui.conftest import start

SECOND = 1.0


def _to_briefing(ctx: Context, humans: tuple[str, ...]) -> Pilot:
    """A timed tutorial with `humans`, run (bots at their pace, hand-over cards taken) until
    the first briefing shows."""
    start(ctx, TUTORIAL, humans=humans, timer=True)
    flow.show_game(ctx)
    pilot = Pilot(ctx.app)
    for _ in range(600):
        if isinstance(pilot.scene, BriefingScene):
            return pilot
        if pilot.screen == "handover":
            pilot.send(Intent("confirm"))
        pilot.frames(1, 0.1)
    raise AssertionError(f"no briefing came: {pilot.screen}")


@pytest.mark.parametrize("humans", [("uk",), ("uk", "usa", "ukraine")],
                         ids=["single-player", "hot-seat"])
def test_the_clock_waits_for_a_first_reader_and_starts_at_the_table(
        ctx: Context, humans: tuple[str, ...]) -> None:
    pilot = _to_briefing(ctx, humans)
    table = ctx.table
    assert table is not None and table.timer_on
    scene = pilot.scene
    assert isinstance(scene, BriefingScene) and table.held_for == scene.party
    left = table.time_left
    pilot.frames(10, SECOND)
    assert table.time_left == left
    pilot.send(Intent("confirm"))  # to the table
    assert isinstance(pilot.scene, TableScene) and table.held_for is None
    pilot.frames(10, SECOND)
    assert table.time_left == pytest.approx(left - 10 * SECOND, abs=2 * SECOND)


def test_a_briefing_read_again_from_the_pause_menu_runs_on_the_clock(ctx: Context) -> None:
    pilot = _to_briefing(ctx, ("uk",))
    table = ctx.table
    assert table is not None
    pilot.send(Intent("confirm"))
    pilot.send(Intent("back"))
    assert isinstance(pilot.scene, PauseScene)
    left = table.time_left
    pilot.frames(5, SECOND)
    assert table.time_left == left  # the pause menu stops it
    pilot.widget("briefing")
    assert isinstance(pilot.scene, BriefingScene) and table.held_for is None
    pilot.frames(5, SECOND)
    assert table.time_left == pytest.approx(left - 5 * SECOND, abs=2 * SECOND)


def test_quitting_from_a_first_briefing_leaves_nothing_behind(ctx: Context) -> None:
    pilot = _to_briefing(ctx, ("uk",))
    pilot.send(Intent("back"))
    pilot.widget("quit_to_menu")
    assert ctx.table is None and ctx.app.scenes.names() == ["menu"]
