"""The window's frame loop, scene stack and intent boundary, driven through the pilot."""

from __future__ import annotations

import warnings
from pathlib import Path

import pygame
import pygame_gui
import pytest

from game.session.places import Places
from game.ui import app as app_module
from game.ui import launch
from game.ui.intents import Intent, translate
from game.ui.pilot import Pilot
from game.ui.scene import Scene
from game.ui.settings import Settings


class Recorder(Scene):
    name = "recorder"

    def __init__(self) -> None:
        super().__init__()
        self.intents: list[Intent] = []
        self.events: list[str] = []
        self.button: pygame_gui.elements.UIButton | None = None

    def enter(self, app) -> None:  # type: ignore[no-untyped-def]
        super().enter(app)
        self.events.append("enter")
        self.button = pygame_gui.elements.UIButton(
            pygame.Rect(100, 100, 200, 40), "Новая игра / New game", app.manager,
            object_id="#new_game")

    def pause(self) -> None:
        self.events.append("pause")

    def resume(self) -> None:
        super().resume()
        self.events.append("resume")

    def exit(self) -> None:
        self.events.append("exit")
        if self.button is not None:
            self.button.kill()

    def handle(self, intent: Intent) -> None:
        self.intents.append(intent)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((10, 20, 30))


def test_keys_become_intents() -> None:
    def key(k: int, mod: int = 0) -> Intent | None:
        return translate(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod))

    assert key(pygame.K_RETURN) == Intent("confirm")
    assert key(pygame.K_ESCAPE) == Intent("back")
    assert key(pygame.K_TAB) == Intent("focus_next")
    assert key(pygame.K_TAB, pygame.KMOD_LSHIFT) == Intent("focus_previous")
    assert key(pygame.K_F1) == Intent("help")
    assert key(pygame.K_z) == Intent("key", key="z")
    assert key(pygame.K_z, pygame.KMOD_LCTRL) is None
    assert key(pygame.K_F5) is None
    assert translate(pygame.event.Event(pygame.QUIT)) == Intent("quit")


def test_the_scene_stack_pauses_and_resumes() -> None:
    pilot = Pilot((640, 480))
    first, second = Recorder(), Recorder()
    pilot.app.push(first)
    pilot.app.push(second)
    assert pilot.app.scenes.names() == ["recorder", "recorder"]
    pilot.app.pop()
    assert first.events == ["enter", "pause", "resume"]
    assert second.events == ["enter", "exit"]
    pilot.app.pop()
    assert not pilot.app.running


def test_an_idle_scene_is_not_redrawn() -> None:
    pilot = Pilot((640, 480))
    pilot.app.push(Recorder())
    assert pilot.frames(1) == 1
    assert pilot.frames(30) == 0
    pilot.press(pygame.K_RETURN)
    assert pilot.app.frames_drawn == 2


def test_clicking_a_widget_reaches_the_scene_as_a_widget_intent() -> None:
    pilot = Pilot((640, 480))
    scene = Recorder()
    pilot.app.push(scene)
    pilot.frames(1)
    pilot.click((200, 120))
    pilot.frames(2)  # pygame_gui posts its button event on the queue
    for event in pygame.event.get():
        pilot.app.step([event], 1 / 60)
    assert Intent("widget", widget="new_game") in scene.intents


def test_fonts_cover_cyrillic_without_pygame_gui_warnings() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pilot = Pilot((640, 480))
        pilot.app.push(Recorder())
        pilot.frames(2)
    assert not [w for w in caught if "font" in str(w.message).lower()]


def test_a_toast_read_goes_at_the_next_click_or_key_which_still_acts() -> None:
    """The news notice sat over the vote screen's first card for its whole 15 seconds."""
    from game.ui.app import TOAST_READ

    pilot = Pilot((640, 480))
    scene = Recorder()
    pilot.app.push(scene)
    pilot.app.toast("News has changed your numbers", 15.0)
    pilot.frames(1)
    pilot.press(pygame.K_y)  # at once: it stays, to be read
    assert pilot.app.toast_text and Intent("key", key="y") in scene.intents
    pilot.frames(int(TOAST_READ * 60) + 1)
    move = pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(0, 0, 0))
    pilot.app.step([move], 1 / 60)  # the mouse moving is not an answer
    assert pilot.app.toast_text
    pilot.press(pygame.K_n)
    assert not pilot.app.toast_text and Intent("key", key="n") in scene.intents
    pilot.app.toast("Timer: 2 minutes left")
    pilot.frames(int(TOAST_READ * 60) + 1)
    pilot.click((600, 400))
    assert not pilot.app.toast_text


def test_a_window_never_reaches_past_the_screen_and_a_new_size_is_centred(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a 1280×720 screen, 1920×1080 put Back off the screen; after a restart the window sat
    at -320,-180, and 1280×720 left it there (67-72.png). A saved size too big opens as large
    as the screen, a size too big is cut down, and a new size is centred on the screen."""
    monkeypatch.setattr(app_module, "screen_size", lambda: (1600, 900))
    places = Places(tmp_path / "home")
    Settings(width=1920, height=1080).save(places.settings)
    ctx = launch.create(places=places)
    try:
        assert ctx.app.size == (1600, 900)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            window = pygame.Window.from_display_module()
        window.position = (5, 7)  # where a window too large for its screen had been pushed
        ctx.change_settings(ctx.settings.with_changes(width=1280, height=720))
        assert ctx.app.size == window.size == (1280, 720)
        # SDL centres on the dummy driver's own desktop (the faked screen is ours only)
        desktop_w, desktop_h = pygame.display.get_desktop_sizes()[0]
        assert window.position == (int((desktop_w - 1280) / 2), int((desktop_h - 720) / 2))
        ctx.change_settings(ctx.settings.with_changes(width=1920, height=1080))
        assert ctx.app.size == window.size == (1600, 900)
        window.position = (30, 40)  # placed by the player: a change of the same size keeps it
        ctx.change_settings(ctx.settings.with_changes(resizable=not ctx.settings.resizable))
        assert window.position == (30, 40) and ctx.app.size == (1600, 900)
    finally:
        ctx.end_game()
