"""Tooltips are drawn over the pygame_gui widgets (buttons, text fields), not under them."""

from __future__ import annotations

import pygame
import pygame_gui

from game.ui import widgets
from game.ui.context import Context
from game.ui.intents import Intent

from ..conftest import FLAGSHIP
from .conftest import show_table, start

DT = 1 / 60


def test_a_tooltip_over_the_tables_buttons_covers_them(ctx: Context) -> None:
    start(ctx, FLAGSHIP, humans=("uk",))
    scene = show_table(ctx, "uk")
    st = ctx.style
    scratch = pygame.Surface(ctx.app.size)
    buttons = [w.rect for w in scene.widgets if isinstance(
        w, (pygame_gui.elements.UIButton, pygame_gui.elements.UITextEntryLine)) and w.visible]
    # the boxes near the bottom whose tooltips fall on a button (Pass, Clear, the note field)
    spots = []
    for box in scene.layout:
        if not box.tooltip:
            continue
        at = box.rect.center
        tip = widgets.tooltip(scratch, box.tooltip, at, st)
        assert tip is not None
        hits = [tip.clip(b) for b in buttons if not b.collidepoint(at)]
        hits = [h for h in hits if h.w * h.h >= 100]
        if hits:
            spots.append((at, hits[0]))
    assert spots, "some tooltip falls on a widget"
    for at, covered in spots[:5]:
        ctx.app.send(Intent("pointer", pos=at))
        ctx.app.step([], DT)
        assert scene._tip
        again = ctx.app.surface.copy()
        widgets.tooltip(again, scene._tip, at, st)  # a tooltip on top does not change this
        drawn = pygame.image.tobytes(ctx.app.surface.subsurface(covered), "RGB")
        assert drawn == pygame.image.tobytes(again.subsurface(covered), "RGB"), at
