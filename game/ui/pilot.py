"""A test driver for the game window, in the spirit of Textual's `run_test` pilot.

It runs the real App on an offscreen surface with a fixed dt, and lets a test press keys, click,
send intents and step frames, then assert on the scenes and the session.
"""

from __future__ import annotations

import pygame

from game.ui.app import App
from game.ui.intents import Intent

DT = 1 / 60


class Pilot:
    def __init__(self, size: tuple[int, int] = (1280, 720)) -> None:
        self.app = App(size)  # the tests run SDL's dummy video driver

    def press(self, key: int, mod: int = 0) -> bool:
        event = pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
        return self.app.step([event], DT)

    def click(self, pos: tuple[int, int]) -> bool:
        down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False)
        up = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False)
        self.app.step([down], DT)
        return self.app.step([up], DT)

    def send(self, intent: Intent) -> bool:
        self.app.send(intent)
        return self.app.step([], DT)

    def frames(self, n: int = 1) -> int:
        """Step `n` idle frames; returns how many were actually drawn."""
        return sum(self.app.step([], DT) for _ in range(n))

    def screenshot(self, path: str) -> None:
        pygame.image.save(self.app.surface, path)
