"""Fixtures for screen tests: a headless window with its own data folder, and games on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game.core.actions import Pass, Propose, Vote
from game.session.places import Places
from game.session.table import Seat
from game.ui import flow, launch
from game.ui.context import Context, GameOptions
from game.ui.scenes.sign import SignScene
from game.ui.scenes.table import TableScene
from game.ui.settings import Settings
from tests.conftest import TUTORIAL


def make_ctx(home: Path, size: tuple[int, int] = (1280, 720), scale: float = 1.0) -> Context:
    """A headless window (SDL's dummy driver, see tests/conftest.py) with data under `home`."""
    return launch.create(settings=Settings(scale=scale), places=Places(home), size=size)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    c = make_ctx(tmp_path / "home")
    yield c
    c.end_game()


def start(ctx: Context, scenario: Path, humans: tuple[str, ...] = (), *, seed: str = "1",
          timer: bool = False) -> None:
    """Start a game on `scenario` with the named parties human and every other seat a bot."""
    loaded = ctx.load_scenario(scenario)
    ctx.loaded = loaded
    seats = launch.bot_seats(ctx)
    for party in humans:
        seats[party] = Seat(party, "human", f"Player {party}")
    ctx.start_game(loaded, scenario.read_bytes(), seats, GameOptions(seed=seed, timer=timer))


def show_table(ctx: Context, seat: str | None = None) -> TableScene:
    """Push the table for `seat` (briefed, at the screen), or for the public when None, and
    draw one frame."""
    assert ctx.table is not None
    if seat is not None:
        ctx.table.hand_to(seat)
        ctx.table.briefed.add(seat)
    scene = TableScene(ctx)
    ctx.app.push(scene)
    ctx.app.step([], 1 / 60)
    return scene


def tutorial_signing(ctx: Context, backstop: str) -> SignScene:
    """The tutorial with three human seats at the United Kingdom's signing screen, after one
    package passed that settles every clause, its US backstop clause on `backstop`."""
    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    for party in ("uk", "usa", "ukraine"):
        table.briefed.add(party)
    table.apply(Propose("uk", (("force_size", "about_15k"), ("us_backstop", backstop),
                               ("zone", "cities_ports"))))
    table.apply(Pass("usa"))
    table.apply(Pass("ukraine"))
    table.apply(Vote("usa", 1, True))
    table.apply(Vote("ukraine", 1, True))
    assert table.view().phase == "signing"
    table.hand_to("uk")
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, SignScene)
    return scene
