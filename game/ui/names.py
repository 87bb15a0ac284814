"""Names people read for things the game stores as codes: bot strategies.

A seat's bot is stored (and logged) as a strategy spec such as `time_dependent:e=1.5`; every
screen shows it through `bot_name` instead: "Concedes early (e=1.5)". `menu_label` fits a
choice to a drop-down in the font the drop-down really uses.
"""

from __future__ import annotations

from typing import cast

import pygame
import pygame_gui

from game.bots import PRESETS, parse_spec
from game.ui.style import fit

_NAMED = {
    "boulware": ("Boulware", "tough"), "linear": ("Linear", ""),
    "conceder": ("Conceder", "soft"), "tit_for_tat": ("Tit for tat", ""),
    "hardliner": ("Hardliner", ""), "random": ("Random", ""),
}


def bot_name(spec: str, *, short: bool = False) -> str:
    """A strategy spec as people read it: `boulware` "Boulware (tough)", `time_dependent:e=0.4`
    "Concedes late (e=0.4)", `time_dependent:e=1` "Concedes steadily (e=1)", `e=2` "Concedes
    early (e=2)"; `short` leaves out what is in brackets. An unreadable spec comes back
    tidied, never as an error."""
    full = _bot_name(spec)
    return full.split(" (", 1)[0] if short else full


def _bot_name(spec: str) -> str:
    try:
        parsed = parse_spec(spec)
    except ValueError:
        name, _, option = spec.partition(":")
        return (name.replace("_", " ").strip().capitalize() or "Bot") + (
            f" ({option})" if option else "")
    e = parsed.e
    if parsed.strategy == "time_dependent":
        speed = ("steadily" if e is None or e == 1 else "late" if e < 1 else "early")
        return f"Concedes {speed}" + (f" (e={e:g})" if e is not None else "")
    name, note = _NAMED.get(parsed.strategy, (parsed.strategy.replace("_", " ").capitalize(),
                                              ""))
    extra = [note] if note else []
    if e is not None and e != PRESETS.get(parsed.strategy):
        extra.append(f"e={e:g}")
    return name + (f" ({', '.join(extra)})" if extra else "")


def bot_choice(spec: str, own: str) -> str:
    """A strategy in a list of choices, marked when it is the scenario's own for the party."""
    return f"{bot_name(spec)} · scenario's pick" if spec == own else bot_name(spec)


def menu_label(manager: pygame_gui.UIManager, text: str, width: int) -> str:
    """`text` cut with an ellipsis to fit a drop-down `width` pixels wide (its arrow and
    padding included), measured in the theme's drop-down font."""
    font = manager.get_theme().get_font(
        ["drop_down_menu.#selected_option", "drop_down_menu.button"])
    return fit(text, cast(pygame.font.Font, font), width - 34)

