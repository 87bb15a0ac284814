"""The game window: one loop of tick, events to intents, update, draw (only when needed), flip.

The App owns the pygame display, the pygame_gui manager and the scene stack. Scenes get the
App on enter and reach the session through the objects they were built with, never through a
global. `step` runs exactly one frame with given events and a fixed dt, which is what the test
pilot uses; `run` is the real loop.
"""

from __future__ import annotations

from collections.abc import Iterable

import pygame
import pygame_gui

from game import paths
from game.ui.intents import Intent, register_widget_events, translate
from game.ui.scene import Scene, SceneStack

FONT = "noto_sans"
PRELOADED_SIZES = (14, 16, 20, 40)
IDLE_FPS = 15
ACTIVE_FPS = 60


def _register_fonts(manager: pygame_gui.UIManager) -> None:
    fonts = paths.assets_dir() / "fonts"
    manager.add_font_paths(
        FONT, str(fonts / "NotoSans-Regular.ttf"), str(fonts / "NotoSans-Bold.ttf"),
        str(fonts / "NotoSans-Italic.ttf"), str(fonts / "NotoSans-BoldItalic.ttf"))
    # Preloading the sizes the UI uses keeps pygame_gui from warning at first use.
    fonts_loaded = manager.get_theme().get_font_dictionary()
    for size in PRELOADED_SIZES:
        for bold, italic in ((False, False), (True, False), (False, True)):
            if not fonts_loaded.check_font_preloaded(
                    fonts_loaded.create_font_id(size, FONT, bold, italic)):
                fonts_loaded.preload_font(size, FONT, bold, italic)


class App:
    """The window and its scene stack."""

    def __init__(self, size: tuple[int, int] = (1280, 720)) -> None:
        pygame.init()
        self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.size = self.surface.get_size()
        self.manager = pygame_gui.UIManager(
            self.size, str(paths.assets_dir() / "themes" / "backstop.json"),
            enable_live_theme_updates=False)
        _register_fonts(self.manager)
        register_widget_events(pygame_gui.UI_BUTTON_PRESSED, pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
                               pygame_gui.UI_TEXT_ENTRY_FINISHED)
        self.scenes = SceneStack()
        self.running = True
        self.frames_drawn = 0
        self.clock = pygame.time.Clock()

    def push(self, scene: Scene) -> None:
        self.scenes.push(scene, self)

    def pop(self) -> None:
        self.scenes.pop()
        if not len(self.scenes):
            self.running = False

    def replace(self, scene: Scene) -> None:
        self.scenes.replace(scene, self)

    def step(self, events: Iterable[pygame.event.Event], dt: float) -> bool:
        """One frame: handle `events`, advance by `dt` seconds, draw if anything changed.

        Returns whether a frame was drawn.
        """
        scene = self.scenes.top
        for ev in events:
            self.manager.process_events(ev)
            intent = translate(ev)
            if intent is None:
                continue
            if intent.kind == "quit":
                self.running = False
            elif scene is not None:
                scene.handle(intent)
                scene.dirty = True
            scene = self.scenes.top
        self.manager.update(dt)
        if scene is not None:
            scene.update(dt)
        if scene is None or not scene.dirty:
            return False
        scene.draw(self.surface)
        self.manager.draw_ui(self.surface)
        scene.dirty = False
        self.frames_drawn += 1
        return True

    def send(self, intent: Intent) -> None:
        """Hand an intent straight to the top scene (the pilot's shortcut past pygame events)."""
        scene = self.scenes.top
        if scene is not None:
            scene.handle(intent)
            scene.dirty = True

    def run(self) -> None:
        """The real loop; it idles at a low frame rate when nothing changes."""
        while self.running and len(self.scenes):
            scene = self.scenes.top
            busy = scene is not None and scene.dirty
            dt = self.clock.tick(ACTIVE_FPS if busy else IDLE_FPS) / 1000.0
            if self.step(pygame.event.get(), dt):
                pygame.display.flip()
        pygame.quit()
