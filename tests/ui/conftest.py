"""Fixtures for screen tests: a headless window with its own data folder, and games on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game.session.places import Places
from game.session.table import Seat
from game.ui import launch
from game.ui.context import Context, GameOptions
from game.ui.scenes.table import TableScene
from game.ui.settings import Settings


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
