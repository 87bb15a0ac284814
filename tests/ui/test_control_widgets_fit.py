"""The control seat's drop-downs and buttons at a large UI scale: a drop-down's items as tall as
their font and its labels whole, its list inside the window, and every button in the font of
its kind (a red "Yes, end the talks" was drawn in pygame_gui's own small, unscaled font)."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui
import pytest

from game.ui import control_ops as ops
from game.ui import style
from game.ui.app import scaled_theme
from game.ui.context import Context
from game.ui.pilot import Pilot
from game.ui.scenes import kit
from game.ui.scenes.control import ControlScene
from game.ui.scenes.menu import MenuScene
from game.ui.settings import SCALES
from game.ui.style import ELLIPSIS
from tests.ui.conftest import make_ctx
from tests.ui.test_control import FLAGSHIP, _button, _choose, _game, _open


@pytest.fixture
def big(tmp_path: Path) -> Context:
    ctx = make_ctx(tmp_path / "home", (1280, 720), 1.5)
    yield ctx
    ctx.end_game()


def _injects(ctx: Context) -> tuple[Pilot, ControlScene]:
    _game(ctx, FLAGSHIP)
    assert ctx.table is not None
    pilot = Pilot(ctx.app)
    scene = _open(pilot)
    ctx.table.pause()
    pilot.widget("tab_injects")
    pilot.frames(2)
    return pilot, scene


def _switch(menu: pygame_gui.elements.UIDropDownMenu, state: str) -> None:
    """Open ("expanded") or close ("closed") `menu`, as a click on it does."""
    menu.current_state.finish()
    menu.current_state = menu.menu_states[state]
    menu.current_state.start(should_rebuild=True)


def _expand(menu: pygame_gui.elements.UIDropDownMenu) -> pygame_gui.elements.UISelectionList:
    """Open `menu`; its list of items."""
    _switch(menu, "expanded")
    selection = menu.current_state.options_selection_list
    assert selection is not None
    return selection


def test_drop_down_items_are_as_tall_as_their_font_and_read_whole(big: Context) -> None:
    pilot, scene = _injects(big)
    window = pygame.Rect((0, 0), big.app.size)
    for n in range(3):
        menu = scene.menus[f"fx_kind_{n}"]
        shown = [o[0] for o in menu.options_list if isinstance(o, tuple)]
        assert shown == [label for _, label in ops.EFFECT_KINDS]  # no label cut short
        items = _expand(menu)
        buttons = [i["button_element"] for i in items.item_list if i["button_element"]]
        assert buttons
        for b in buttons:
            line = style.font(b.font.get_point_size()).get_linesize()  # the font's line height
            assert b.font.get_point_size() == round(14 * 1.5)
            assert b.rect.h >= line, (b.text, b.rect, line)
            assert b.font.size(b.text)[0] <= b.rect.w, (b.text, b.rect)
        # the open list stays inside the window (it opens upwards near the bottom)
        assert window.contains(items.get_abs_rect()), (n, items.get_abs_rect())
        _switch(menu, "closed")
    pilot.frames(1)


def test_the_theme_item_height_holds_the_item_font_at_every_scale() -> None:
    """The item height grows with the scale as the item font does."""
    for scale in SCALES:
        theme = scaled_theme(scale)
        size = int(theme["selection_list.button"]["font"]["size"])
        for block in ("drop_down_menu", "selection_list"):
            height = int(theme[block]["misc"]["list_item_height"])
            assert height >= style.font(size).get_linesize(), (scale, block, height)


def test_danger_buttons_use_the_font_of_the_other_buttons(big: Context) -> None:
    pilot, scene = _injects(big)
    scene.entries["headline"].set_text("Talks collapse")
    _choose(pilot, scene, "fx_kind_0", "end")
    pilot.widget("inject_fire")
    yes, cancel = _button(scene, "inject_yes"), _button(scene, "inject_no")
    assert yes.font.get_point_size() == cancel.font.get_point_size()
    assert ELLIPSIS not in yes.text
    pilot.widget("inject_no")
    pilot.widget("tab_time")
    pilot.frames(2)
    force, plus = _button(scene, "force_signing"), _button(scene, "time_plus1")
    assert not force.is_enabled  # open clauses: the rules refuse it now
    assert force.font.get_point_size() == plus.font.get_point_size()
    assert force.font.get_point_size() == round(16 * 1.5)  # the theme's button size, scaled


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_button_class_draws_in_the_font_its_labels_are_fitted_to(
        tmp_path: Path, scale: float) -> None:
    """`kit.fit_button` cuts a label to the width of its class's font: a class whose theme
    names no font was drawn in pygame_gui's own, smaller and unscaled."""
    ctx = make_ctx(tmp_path / "home", (1280, 720), scale)
    try:
        scene = MenuScene(ctx)
        ctx.app.push(scene)
        for n, cls in enumerate(("@button", "@primary", "@danger", "@small")):
            button = kit.class_button(scene, pygame.Rect(10, 10 + 50 * n, 200, 40), "Label",
                                      f"probe{n}", class_id=cls)
            wanted = {"@primary": 17, "@small": 14}.get(cls, 16)
            assert button.font.get_point_size() == round(wanted * scale), cls
    finally:
        ctx.end_game()
