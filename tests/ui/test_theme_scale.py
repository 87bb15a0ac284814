"""Text fields and drop-downs grow with the UI scale like every other widget."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from tests.ui.conftest import make_ctx


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
