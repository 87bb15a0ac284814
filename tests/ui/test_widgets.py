"""The drawing helpers every screen shares (game/ui/widgets.py)."""

from __future__ import annotations

import pygame

from game.ui import widgets
from game.ui.style import ELLIPSIS, Style


def test_a_long_tooltip_is_never_cut() -> None:
    """The signing screen's round results were cut, and so was their tooltip ("#38 passed:
    ... Airspace…", 59.png): past a dozen lines a tooltip grows wider, and shows every word."""
    pygame.font.init()
    st = Style(scale=1.5)
    window = (1280, 720)
    text = "Round 8 results: " + "; ".join(
        f"#{n} failed (opposed by Russian Federation, United Kingdom, France, Poland)"
        for n in range(30, 38)) + "; #38 passed: Technical monitoring › Coalition ISR + " \
        "Airspace reopening › Phased reopening"
    lines = widgets.tooltip_lines(text, st.small, window, st)
    assert " ".join(lines).split() == text.split() and not lines[-1].endswith(ELLIPSIS)
    assert len(lines) * st.small.get_linesize() <= window[1]
    assert all(st.small.size(line)[0] <= window[0] for line in lines)
    surface = pygame.Surface(window)
    box = widgets.tooltip(surface, text, (600, 500), st)
    assert box is not None and surface.get_rect().contains(box)
    assert box.h >= len(lines) * st.small.get_linesize()
