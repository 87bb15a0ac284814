"""Text fields and drop-downs grow with the UI scale like every other widget; a window too
small for the chosen scale shows a smaller one, and cannot be dragged below the minimum."""

from __future__ import annotations

import warnings
from pathlib import Path

import pygame
import pygame_gui

from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.pilot import DT
from game.ui.scenes.settings_screen import SettingsScene
from game.ui.settings import MIN_WINDOW, SCALES, SIZES, fitting_scale, window_for
from tests.conftest import FLAGSHIP
from tests.ui.conftest import make_ctx, show_table, start


def _sizes(home: Path, scale: float) -> tuple[int, int]:
    ctx = make_ctx(home, scale=scale)
    manager = ctx.app.manager
    drop = pygame_gui.elements.UIDropDownMenu(["Alpha", "Beta"], "Alpha",
                                              pygame.Rect(10, 10, 200, 40), manager)
    entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(10, 60, 200, 40), manager)
    sizes = (drop.current_state.selected_option_button.font.get_point_size(),
             entry.font.get_point_size())
    ctx.end_game()
    return sizes


def test_text_fields_and_drop_downs_scale_with_the_ui(tmp_path: Path) -> None:
    small = _sizes(tmp_path / "a", 1.0)
    large = _sizes(tmp_path / "b", 1.5)
    for at_1, at_15 in zip(small, large, strict=True):
        assert at_15 == round(at_1 * 1.5), (small, large)


# -- a window too small for the chosen scale ---------------------------------------------------


def test_the_scale_shown_is_the_largest_the_window_holds() -> None:
    """Every screen is laid out for at least 1280×720 at 150% (`ROOM`): a smaller window shows
    the largest of the scales that leaves that room, never less than 100%."""
    assert fitting_scale(2.0, (1920, 1080)) == 2.0
    assert fitting_scale(2.0, (1600, 900)) == 1.75
    assert fitting_scale(2.0, (1280, 720)) == fitting_scale(1.5, (1280, 800)) == 1.5
    assert fitting_scale(1.25, (1024, 600)) == 1.0
    assert fitting_scale(1.3, (1920, 1080)) == 1.3  # a hand-edited setting, when it fits
    for scale in SCALES:
        w, h = window_for(scale)
        assert fitting_scale(scale, (w, h)) == scale
        assert (w, h) == MIN_WINDOW or fitting_scale(scale, (w - 1, h - 1)) < scale


def _resize(ctx: Context, size: tuple[int, int]) -> None:
    """The player drags the window to `size` (SDL's dummy driver takes it as asked)."""
    pygame.display.set_mode(size, pygame.RESIZABLE)
    ctx.app.dispatch(Intent("resize", pos=size))
    ctx.app.step([], DT)


def test_a_small_window_shows_a_smaller_scale_and_every_box_still_fits(tmp_path: Path) -> None:
    """200% in a 1280×720 window cut the setup screen's party grid to nothing; a window
    dragged smaller than the chosen scale holds put every button off-screen."""
    ctx = make_ctx(tmp_path / "home", (1280, 720), scale=2.0)
    try:
        assert ctx.app.chosen_scale == 2.0
        assert ctx.app.scale == ctx.style.scale == 1.5
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            assert pygame.Window.from_display_module().minimum_size == MIN_WINDOW
        start(ctx, FLAGSHIP, humans=("france",))
        scene = show_table(ctx, "france")
        for size, shown in (((1024, 600), 1.0), ((1600, 900), 1.75), ((1920, 1080), 2.0)):
            _resize(ctx, size)
            assert ctx.app.scale == ctx.style.scale == shown, size
            assert ctx.app.scenes.top is scene and scene.layout.size == size
            assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, size) == [], size
        # Settings light the size the window has now, not the one last chosen
        settings = SettingsScene(ctx)
        ctx.app.push(settings)
        ctx.app.step([], DT)
        lit = [w.object_ids[-1] for w in settings.widgets
               if w.object_ids[-1].startswith("#set_size_") and w.class_ids[-1] == "@primary"]
        assert lit == [f"#set_size_{SIZES.index((1920, 1080))}"]
        ctx.app.pop()
    finally:
        ctx.end_game()


def test_settings_light_the_scale_chosen_and_say_what_the_window_shows(tmp_path: Path) -> None:
    """A switched-off button shows no tooltip, and lighting the scale shown hid the choice:
    the chosen scale stays lit, the row's label says what shows, and every scale can be
    chosen, each saying the window it needs."""
    ctx = make_ctx(tmp_path / "home", (1280, 720), scale=2.0)
    try:
        scene = SettingsScene(ctx)
        ctx.app.push(scene)
        ctx.app.step([], DT)
        buttons = {w.object_ids[-1].lstrip("#"): w for w in scene.widgets}
        lit = [k for k, w in buttons.items()
               if k.startswith("set_scale_") and w.class_ids[-1] == "@primary"]
        assert lit == [f"set_scale_{SCALES.index(2.0)}"]
        label = next(b.text for b in scene.layout if b.text.startswith("UI scale"))
        assert label == "UI scale · 150% shown"
        for k, value in enumerate(SCALES):
            button = buttons[f"set_scale_{k}"]
            assert button.is_enabled
            needs = "needs a window of at least {}×{}".format(*window_for(value))
            assert (needs in button.tool_tip_text) == (value > 1.5), value
        scene.on_widget(f"set_scale_{SCALES.index(1.75)}")  # too big for the window: said so
        assert ctx.settings.scale == 1.75 and ctx.app.scale == 1.5
        assert ctx.app.toast_text.startswith("UI scale 175% (needs a window of at least ")
        scene.on_widget(f"set_scale_{SCALES.index(1.25)}")
        assert ctx.app.scale == ctx.settings.scale == 1.25
        assert not any(b.text.endswith("shown") for b in scene.layout)
    finally:
        ctx.end_game()
