"""Scenes on a stack: each screen is a scene with enter, exit, pause and resume.

`draw` never changes state. A scene marks itself `dirty` when what it shows changed, so an idle
window is not redrawn at full rate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui.intents import Intent

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    """Base scene: override what you need. `app` is set on enter."""

    name = "scene"

    def __init__(self) -> None:
        self.app: App | None = None
        self.dirty = True

    def enter(self, app: App) -> None:
        self.app = app
        self.dirty = True

    def exit(self) -> None:
        """Called once when the scene leaves the stack."""

    def pause(self) -> None:
        """Another scene was pushed on top of this one."""

    def resume(self) -> None:
        self.dirty = True

    def handle(self, intent: Intent) -> None:
        """React to one intent."""

    def update(self, dt: float) -> None:
        """Advance animations and timers by `dt` seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the scene; must not change any state."""


class SceneStack:
    def __init__(self) -> None:
        self._scenes: list[Scene] = []

    @property
    def top(self) -> Scene | None:
        return self._scenes[-1] if self._scenes else None

    def __len__(self) -> int:
        return len(self._scenes)

    def names(self) -> list[str]:
        return [s.name for s in self._scenes]

    def push(self, scene: Scene, app: App) -> None:
        if self._scenes:
            self._scenes[-1].pause()
        self._scenes.append(scene)
        scene.enter(app)

    def pop(self) -> Scene:
        scene = self._scenes.pop()
        scene.exit()
        if self._scenes:
            self._scenes[-1].resume()
        return scene

    def replace(self, scene: Scene, app: App) -> None:
        self._scenes.pop().exit()
        self._scenes.append(scene)
        scene.enter(app)
