"""Names people read for things the game stores as codes: bot strategies.

A seat's bot is stored (and logged) as a strategy spec such as `time_dependent:e=1.5`; every
screen shows it through `bot_name` instead: "Concedes early (e=1.5)" (the wording lives in
`game.bots.naming`, which the after-action report shares). `menu_label` fits a
choice to a drop-down in the font the drop-down really uses.
"""

from __future__ import annotations

from typing import cast

import pygame
import pygame_gui

from game.bots.naming import bot_name
from game.ui.style import fit

__all__ = ["bot_choice", "bot_name", "menu_label"]


def bot_choice(spec: str, own: str) -> str:
    """A strategy in a list of choices, marked when it is the scenario's own for the party."""
    return f"{bot_name(spec)} · scenario's pick" if spec == own else bot_name(spec)


def menu_label(manager: pygame_gui.UIManager, text: str, width: int) -> str:
    """`text` cut with an ellipsis to fit a drop-down `width` pixels wide (its arrow and
    padding included), measured in the theme's drop-down font."""
    font = manager.get_theme().get_font(
        ["drop_down_menu.#selected_option", "drop_down_menu.button"])
    return fit(text, cast(pygame.font.Font, font), width - 34)

