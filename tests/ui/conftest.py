"""Fixtures for screen tests: a headless window with its own data folder, and games on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pygame_gui
import pytest

from game.core.actions import Pass, Propose, Refuse, Vote
from game.session.places import Places
from game.session.store import mirror_of
from game.session.table import Seat, Table
from game.ui import flow, launch
from game.ui.context import Context, GameOptions
from game.ui.scenes.sign import SignScene
from game.ui.scenes.table import TableScene
from game.ui.scenes.vote import VoteScene
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


def forget_autosave(ctx: Context) -> None:
    """No game to continue: the autosave and its mirror copy gone (another game replaced it)."""
    for path in (ctx.places.autosave, mirror_of(ctx.places.autosave)):
        path.unlink()


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


def tutorial_signing(ctx: Context, backstop: str, zone: str = "cities_ports") -> SignScene:
    """The tutorial with three human seats at the United Kingdom's signing screen, after one
    package passed that settles every clause: 15,000 troops, `backstop` and `zone`."""
    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    for party in ("uk", "usa", "ukraine"):
        table.briefed.add(party)
    table.apply(Propose("uk", (("force_size", "about_15k"), ("us_backstop", backstop),
                               ("zone", zone))))
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


def play_as(table: Table, me: str, done: Callable[[], bool], *, propose_until: int = 1,
            limit: int = 8000) -> None:
    """Bots move; `me` proposes a Force size of 20,000 or more in rounds up to
    `propose_until` (bots oppose it), then passes, supports every proposal and refuses to sign,
    until `done()` holds (AssertionError if it never does)."""
    from game.ui.scenes.vote import my_ballot
    for _ in range(limit):
        if done() or table.over:
            return
        if table.step_bot() is not None:
            continue
        view = table.view(me)
        if view.phase == "proposals" and me in view.to_move:
            size = view.issue("force_size")
            pick = next(o.id for o in size.options if o.label.startswith("20,000"))
            table.apply(Propose(me, (("force_size", pick),)) if view.round <= propose_until
                        else Pass(me))
        elif view.phase == "votes":
            for p in my_ballot(view, me):
                table.apply(Vote(me, p.id, True))
        elif view.phase == "signing":
            table.apply(Refuse(me))
    raise AssertionError("the game did not get there")


def button_of(scene: object, oid: str) -> pygame_gui.elements.UIButton:
    """The scene's button with object id `oid` (KeyError if it has none)."""
    for w in scene.widgets:  # type: ignore[attr-defined]
        if isinstance(w, pygame_gui.elements.UIButton) and w.object_ids[-1] == f"#{oid}":
            return w
    raise KeyError(oid)


def pixel(ctx: Context, at: tuple[int, int]) -> tuple[int, int, int]:
    """The window's colour at `at`."""
    c = ctx.app.surface.get_at(at)
    return c.r, c.g, c.b


def ukraine_ballot(ctx: Context, uk_note: str = "Mid-sized") -> VoteScene:
    """The tutorial with three human seats at Ukraine's ballot: proposals 1 (the UK's, with
    `uk_note`) and 2 (the US's) to vote on, every other vote in, no tutorial tip."""
    from game.core.view import OBSERVER

    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    table.apply(Propose("uk", (("force_size", "about_15k"),), uk_note))
    table.apply(Propose("usa", (("zone", "west_only"),), "Far from the front"))
    table.apply(Pass("ukraine"))
    for p in table.view(OBSERVER).proposals:
        for party in set(p.stakeholders) - set(p.voted) - {"ukraine"}:
            table.apply(Vote(party, p.id, True))
    return show_ballot(ctx, "ukraine")


def show_ballot(ctx: Context, party: str) -> VoteScene:
    """`party`'s ballot on the screen, every human seat briefed and no tutorial tip."""
    from game.ui.scenes.private_common import hint_seen

    table = ctx.table
    assert table is not None
    hint_seen(ctx, "votes")
    table.briefed.update(table.humans)
    table.hand_to(party)
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, VoteScene) and scene.party == party
    return scene
