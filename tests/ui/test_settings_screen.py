"""The settings screen on a screen smaller than some window sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ui import app as app_module
from game.ui.context import Context
from game.ui.layout import audit, audit_gui
from game.ui.pilot import DT
from game.ui.scenes.settings_screen import SettingsScene
from game.ui.settings import SIZES
from tests.ui.conftest import make_ctx


def _settings_on(screen: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                 ) -> tuple[Context, SettingsScene]:
    """The Settings screen showing, on a screen of this size."""
    monkeypatch.setattr(app_module, "screen_size", lambda: screen)
    ctx = make_ctx(tmp_path / "home")
    scene = SettingsScene(ctx)
    ctx.app.push(scene)
    ctx.app.step([], DT)
    return ctx, scene


def test_window_sizes_larger_than_the_screen_are_switched_off_and_say_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1920×1080 on a 1280×720 screen put Back and the size buttons off the screen (67.png)."""
    ctx, scene = _settings_on((1280, 800), tmp_path, monkeypatch)
    try:
        buttons = {w.object_ids[-1].lstrip("#"): w for w in scene.widgets}
        enabled = [size for n, size in enumerate(SIZES) if buttons[f"set_size_{n}"].is_enabled]
        assert enabled == [(1280, 720), (1280, 800)]
        assert "Sizes in grey need a larger screen" in [box.text for box in scene.layout]
        assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, ctx.app.size) == []
    finally:
        ctx.end_game()


def test_every_window_size_is_offered_when_the_screen_holds_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, scene = _settings_on((2560, 1440), tmp_path, monkeypatch)
    try:
        sizes = [w for w in scene.widgets if w.object_ids[-1].startswith("#set_size_")]
        assert len(sizes) == len(SIZES) and all(w.is_enabled for w in sizes)
        assert "The window's size when not fullscreen" in [box.text for box in scene.layout]
    finally:
        ctx.end_game()
