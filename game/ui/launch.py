"""Opening the window: from `backstop play` (or a test) to the first screen.

`create` builds the window, the settings and the shared context; `main` is what the CLI runs.
On a machine without a display it prints one line saying so (with the way to run headless)
and returns an error code, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import pygame

from game.session.places import Places
from game.session.table import Seat
from game.ui import flow
from game.ui.app import HEADLESS_DRIVERS, App
from game.ui.context import Context, GameOptions, RunOptions
from game.ui.scene import Scene
from game.ui.settings import Settings

EXIT_OK = 0
EXIT_NO_DISPLAY = 3
EXIT_BAD_SCENARIO = 2

NO_DISPLAY = ("backstop play: no display is available here. To run headless, try: "
              "SDL_VIDEODRIVER=dummy backstop play --demo --screenshots DIR --exit-after-debrief")


class NoDisplay(Exception):
    """There is no screen to open a window on."""


def check_display() -> None:
    """Raise NoDisplay before SDL quietly falls back to an invisible window.

    On Linux without X11 or Wayland, SDL picks its `offscreen` driver and the game would run
    where nobody can see it; the dummy and offscreen drivers count only when asked for.
    """
    asked = os.environ.get("SDL_VIDEODRIVER", "")
    if asked:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        raise NoDisplay


def create(*, settings: Settings | None = None, places: Places | None = None,
           run: RunOptions | None = None, size: tuple[int, int] | None = None) -> Context:
    """The window and the context every screen shares (pygame.error if there is no display)."""
    places = places or Places.default()
    settings = settings or Settings.load(places.settings)
    if size is not None:
        settings = settings.with_changes(width=size[0], height=size[1], fullscreen=False)
    check_display()
    app = App(settings.size, scale=settings.scale, fullscreen=settings.fullscreen,
              resizable=settings.resizable)
    if pygame.display.get_driver() in HEADLESS_DRIVERS and not os.environ.get(
            "SDL_VIDEODRIVER"):
        pygame.quit()
        raise NoDisplay
    ctx = Context(app, settings, places, run or RunOptions())
    app.screenshots = ctx.run.screenshots

    def help_scene() -> Scene:
        from game.ui.scenes.help import HelpScene
        return HelpScene(ctx)

    app.help_factory = help_scene
    ctx.on_settings_changed.append(
        lambda s: app.reconfigure(s.size, s.scale, s.fullscreen, s.resizable))
    return ctx


def open_menu(ctx: Context, scenario: Path | None = None, *, to_setup: bool = False,
              seed: str | None = None) -> None:
    """The main menu, with `scenario` preselected for New game; with `to_setup`, straight on
    to that scenario's seat setup (the menu stays underneath, for Back), its seed box at
    `seed` (a fresh seed if None)."""
    from game.ui.scenes.menu import MenuScene
    ctx.scenario_path = scenario
    ctx.app.push(MenuScene(ctx))
    if to_setup and scenario is not None:
        from game.ui.scenes.setup import SetupScene
        ctx.app.push(SetupScene(ctx, scenario, ctx.load_scenario(scenario), seed=seed))


def bot_seats(ctx: Context, overrides: Mapping[str, str] | None = None) -> dict[str, Seat]:
    """A bot in every seat, with the scenario's personalities (or `overrides`)."""
    assert ctx.loaded is not None
    overrides = overrides or {}
    seats = {}
    for p in ctx.loaded.scenario.parties:
        spec = p.bot.strategy if p.bot.e is None else f"{p.bot.strategy}:e={p.bot.e:g}"
        seats[p.id] = Seat(p.id, "bot", overrides.get(p.id, spec))
    return seats


def start_demo(ctx: Context, scenario: Path, seed: str = "1") -> None:
    """Every seat a bot, at a watchable pace, straight to the table."""
    raw = scenario.read_bytes()
    ctx.loaded = ctx.load_scenario(scenario)
    seats = bot_seats(ctx)
    ctx.start_game(ctx.loaded, raw, seats, GameOptions(seed=seed, timer=False))
    flow.show_game(ctx)


def main(scenario: Path, run: RunOptions, *, seed: str | None = None,
         size: tuple[int, int] | None = None, named: bool = False) -> int:
    """Open the window: a bot game with `run.demo` (seeded `seed`, "1" if None), else the
    menu, or the seat setup of `scenario` when the player `named` it (its seed box at `seed`,
    a fresh seed if None)."""
    try:
        ctx = create(run=run, size=size)
    except (pygame.error, NoDisplay):
        print(NO_DISPLAY, file=sys.stderr)
        return EXIT_NO_DISPLAY
    if run.demo:
        start_demo(ctx, scenario, seed or "1")
    else:
        open_menu(ctx, scenario, to_setup=named, seed=seed)
    try:
        ctx.app.run()
    except KeyboardInterrupt:
        pass  # every action is already in the autosave
    finally:
        ctx.end_game()
        pygame.quit()
    return EXIT_OK
