"""Screens the game changes by itself are drawn whole, with no pointer or key to wake the window.

A screen the flow pushes from a frame's update (a bot moved, then a seat must act) used to be
drawn once before pygame_gui knew its widgets, and not again until the mouse moved: an empty
briefing with no buttons, a hand-over card under the table's old buttons. A bot's signature
left the signing screen counting "0 of 3 delegations have decided".
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.core.actions import Propose
from game.ui import flow
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.scene import Scene
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.handover import HandOverScene
from game.ui.scenes.sign import SignScene
from game.ui.scenes.table import TableScene

from ..conftest import FLAGSHIP, TUTORIAL
from .conftest import start

DT = 1 / 60


def pixels(surface: pygame.Surface, rect: pygame.Rect) -> bytes:
    return pygame.image.tobytes(surface.subsurface(rect), "RGB")


def bare(ctx: Context, scene: Scene) -> pygame.Surface:
    """What the scene draws by itself, without the widgets."""
    surface = pygame.Surface(ctx.app.size)
    scene.draw(surface)
    return surface


def buttons(scene: Scene) -> list[pygame_gui.elements.UIButton]:
    return [w for w in scene.widgets
            if isinstance(w, pygame_gui.elements.UIButton) and w.visible]


def until_shown(ctx: Context, kind: type[Scene], frames: int = 3000) -> Scene:
    """Step idle frames (no events at all) until a `kind` screen is on top."""
    for _ in range(frames):
        ctx.app.step([], DT)
        if isinstance(ctx.app.scenes.top, kind):
            return ctx.app.scenes.top
    raise AssertionError(f"no {kind.__name__} after {frames} frames")


def assert_drawn_whole(ctx: Context, scene: Scene,
                       gone: list[pygame.Rect] | tuple[()] = ()) -> None:
    """The window shows the scene's buttons, and nothing of the buttons in `gone` (the last
    screen's) where the scene has no widget of its own."""
    for _ in range(5):  # idle frames after the change draw nothing new, so check them too
        ctx.app.step([], DT)
    plain = bare(ctx, scene)
    shown = buttons(scene)
    assert shown, "the screen has buttons"
    for b in shown:
        assert pixels(ctx.app.surface, b.rect) != pixels(plain, b.rect), b.text
    own = [w.rect for w in scene.widgets]
    for rect in gone:
        if rect.collidelist(own) < 0:
            assert pixels(ctx.app.surface, rect) == pixels(plain, rect)


def test_the_briefing_a_bot_move_brings_is_drawn_with_its_buttons(ctx: Context) -> None:
    start(ctx, FLAGSHIP, humans=("france",))
    flow.show_game(ctx)
    ctx.app.step([], DT)
    assert isinstance(ctx.app.scenes.top, TableScene), "bots move first"
    scene = until_shown(ctx, BriefingScene)
    assert_drawn_whole(ctx, scene)


def test_the_hand_over_card_after_a_bot_move_replaces_the_tables_buttons(
        ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk", "ukraine"))
    table = ctx.table
    assert table is not None
    table.hand_to("uk")
    table.briefed.update(("uk", "ukraine"))
    flow.show_game(ctx)
    ctx.app.step([], DT)
    scene = ctx.app.scenes.top
    assert isinstance(scene, TableScene)
    old = [b.rect.copy() for b in buttons(scene)]
    ctx.app.send(Intent("key", key="s"))  # the UK passes; the USA's bot moves; Ukraine's turn
    card = until_shown(ctx, HandOverScene)
    assert_drawn_whole(ctx, card, old)


def test_the_signing_screen_counts_a_bots_signature(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk",))
    table = ctx.table
    assert table is not None
    table.apply(Propose("uk", (("force_size", "about_15k"), ("us_backstop", "intel_logistics"),
                               ("zone", "cities_ports")), "A balanced package"))
    table.briefed.add("uk")
    flow.show_game(ctx)
    for _ in range(3000):  # the bots pass and vote; the UK supports its proposal
        ctx.app.step([], DT)
        if isinstance(ctx.app.scenes.top, SignScene):
            break
        if ctx.app.scenes.top is not None and ctx.app.scenes.top.name == "vote":
            ctx.app.send(Intent("key", key="y"))
    scene = ctx.app.scenes.top
    assert isinstance(scene, SignScene)
    for _ in range(3000):  # a bot signs or refuses while the UK reads
        ctx.app.step([], DT)
        if table.view("uk").decided:
            break
    ctx.app.step([], DT)
    decided = len(table.view("uk").decided)
    assert decided and scene.layout["decided"].text.startswith(f"{decided} of ")


def test_an_idle_hand_over_card_is_not_redrawn(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk", "usa"))
    flow.show_game(ctx)
    ctx.app.step([], DT)
    assert isinstance(ctx.app.scenes.top, HandOverScene)
    drawn = ctx.app.frames_drawn
    for _ in range(30):
        ctx.app.step([], DT)
    assert ctx.app.frames_drawn == drawn
