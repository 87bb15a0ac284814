"""Bots move at a pace people can follow, but their hidden votes do not make the room wait."""

from __future__ import annotations

from game.core.view import OBSERVER
from game.ui import flow
from game.ui.context import Context
from game.ui.flow import HIDDEN_PACE
from game.ui.pilot import Pilot
from tests.conftest import FLAGSHIP
from tests.ui.conftest import start
from tests.ui.test_private_screens import play_until

ME = "romania"  # speaks late in round 1, votes late: bots move on both sides of it


def _moves_in(ctx: Context, pilot: Pilot, seconds: float) -> int:
    table = ctx.table
    assert table is not None
    before = len(table.moves)
    pilot.frames(int(seconds * 60), dt=1 / 60)
    return len(table.moves) - before


def test_bot_votes_come_faster_than_bot_proposals(ctx: Context) -> None:
    start(ctx, FLAGSHIP, humans=(ME,))
    table = ctx.table
    assert table is not None
    table.brief(ME)
    flow.show_game(ctx)
    pilot = Pilot(ctx.app)
    pilot.frames(1)
    assert table.view(OBSERVER).phase == "proposals" and table.bot_to_move() is not None
    window = 4 * ctx.bot_interval
    proposals = _moves_in(ctx, pilot, window)
    assert 2 <= proposals <= 5  # about one a bot interval
    play_until(ctx, ME, lambda: table.view(OBSERVER).phase == "votes"
               and table.bot_to_move() is not None)
    flow.show_game(ctx)
    pilot.frames(1)
    votes = _moves_in(ctx, pilot, window)
    assert votes >= 0.8 * window / (ctx.bot_interval * HIDDEN_PACE) > 3 * proposals
