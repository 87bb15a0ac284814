"""A test driver for the game window, in the spirit of Textual's `run_test` pilot.

It runs the real App (on SDL's dummy driver in tests) with a fixed dt, and lets a test press
keys, click, type, send intents and step frames, then assert on the scenes and the session.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ui.app import App
from game.ui.intents import Intent
from game.ui.scene import Scene

DT = 1 / 60


class Pilot:
    def __init__(self, app: App | tuple[int, int] = (1280, 720)) -> None:
        self.app = app if isinstance(app, App) else App(app)

    @property
    def scene(self) -> Scene | None:
        return self.app.scenes.top

    @property
    def screen(self) -> str:
        """The name of the screen showing ("" when none)."""
        return self.scene.name if self.scene is not None else ""

    def press(self, key: int, mod: int = 0, unicode: str = "") -> bool:
        down = pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)
        up = pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)
        self.app.step([down], DT)
        return self.app.step([up], DT)

    def type(self, text: str) -> None:
        """Type text into the focused text field."""
        for ch in text:
            self.app.step([pygame.event.Event(pygame.TEXTINPUT, text=ch)], DT)

    def click(self, pos: tuple[int, int]) -> bool:
        down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False)
        up = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False)
        self.app.step([down], DT)
        return self.app.step([up], DT)

    def send(self, intent: Intent) -> bool:
        self.app.send(intent)
        return self.app.step([], DT)

    def widget(self, object_id: str) -> bool:
        """Use the widget with this object id (as a press of it would)."""
        return self.send(Intent("widget", widget=object_id))

    def frames(self, n: int = 1, dt: float = DT) -> int:
        """Step `n` idle frames; returns how many were actually drawn."""
        return sum(self.app.step([], dt) for _ in range(n))

    def until(self, done: Callable[[], bool], max_frames: int = 10_000, dt: float = DT) -> int:
        """Step frames until `done()` holds; AssertionError after `max_frames`."""
        for n in range(max_frames):
            if done():
                return n
            self.app.step([], dt)
        raise AssertionError(f"still on {self.screen!r} after {max_frames} frames")

    def screenshot(self, path: str) -> None:
        pygame.image.save(self.app.surface, path)
