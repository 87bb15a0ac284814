"""The one boundary between raw pygame events and what the game should do.

Scenes never look at pygame key codes: they receive `Intent`s. Tests drive scenes by sending
intents (or raw events through `translate`), without a mouse or a keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pygame

IntentKind = Literal[
    "confirm", "back", "focus_next", "focus_previous", "help", "quit", "click", "pointer",
    "widget", "resize", "key", "wheel", "control",
]


@dataclass(frozen=True, slots=True)
class Intent:
    """Something the player wants: `kind` plus, for pointer and widget intents, details."""

    kind: IntentKind
    pos: tuple[int, int] = (0, 0)
    widget: str = ""
    """For `widget` intents: the object id of the pygame_gui element that was used."""
    key: str = ""
    """For `key` intents: the key's name as `pygame.key.name` gives it ("p", "1", "left")."""
    step: int = 0
    """For `wheel` intents: notches scrolled, positive away from the player (up)."""


_KEYS: dict[int, IntentKind] = {
    pygame.K_RETURN: "confirm",
    pygame.K_KP_ENTER: "confirm",
    pygame.K_ESCAPE: "back",
    pygame.K_F1: "help",
    pygame.K_F9: "control",
}


def translate(event: pygame.event.Event) -> Intent | None:
    """The intent behind one pygame event, or None when it means nothing to the game."""
    if event.type == pygame.QUIT:
        return Intent("quit")
    if event.type == pygame.KEYDOWN:
        if event.key == pygame.K_TAB:
            shift = bool(event.mod & pygame.KMOD_SHIFT)
            return Intent("focus_previous" if shift else "focus_next")
        kind = _KEYS.get(event.key)
        if kind:
            return Intent(kind)
        if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
            return None
        name = pygame.key.name(event.key).strip("[]")  # keypad digits are named "[1]"
        return Intent("key", key=name) if name in SHORTCUT_KEYS else None
    if event.type == pygame.MOUSEWHEEL:
        return Intent("wheel", pos=pygame.mouse.get_pos(), step=int(event.y))
    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
        return Intent("click", pos=event.pos)
    if event.type == pygame.MOUSEMOTION:
        return Intent("pointer", pos=event.pos)
    if event.type == pygame.VIDEORESIZE:
        return Intent("resize", pos=(event.w, event.h))
    if event.type in _WIDGET_EVENTS:
        element = getattr(event, "ui_element", None)
        ids = getattr(element, "object_ids", None) or [""]
        return Intent("widget", widget=str(ids[-1]).lstrip("#"))
    return None


SHORTCUT_KEYS = frozenset(
    [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    + ["left", "right", "up", "down", "page up", "page down", "home", "end", "backspace",
       "delete", "space"])
"""Keys a screen may use as shortcuts (as `key` intents); others mean nothing."""

_WIDGET_EVENTS: set[int] = set()


def register_widget_events(*types: int) -> None:
    """Let pygame_gui's custom events (button pressed, ...) through as `widget` intents."""
    _WIDGET_EVENTS.update(types)
