"""Texts that were cut at 1280×720: the chooser's scenario titles and folder, the settings'
explanations and the map legend's entries now wrap or shorten sensibly, and read in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.actions import Inject
from game.core.model import LockIssue, UnlockIssue
from game.session.places import Places
from game.ui import launch
from game.ui.layout import audit
from game.ui.pilot import DT
from game.ui.scenes.chooser import ChooserScene, fit_path, short_title
from game.ui.scenes.settings_screen import SettingsScene
from game.ui.settings import Settings
from game.ui.style import ELLIPSIS, font
from tests.conftest import FLAGSHIP
from tests.ui.conftest import button_of, make_ctx, show_table, start

SIZES = [((1280, 720), 1.5), ((1280, 720), 1.0), ((1920, 1080), 1.0)]


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_the_chooser_shows_whole_titles_and_the_folder_s_end(tmp_path: Path,
                                                              size: tuple[int, int],
                                                              scale: float) -> None:
    # a data folder deep enough that its path does not fit the list panel
    home = tmp_path / "a-data-folder-with-a-rather-long-name" / "and-another-one" / "home"
    ctx = launch.create(settings=Settings(scale=scale), places=Places(home), size=size)
    try:
        scene = ChooserScene(ctx)
        ctx.app.push(scene)
        ctx.app.step([], DT)
        folder = str(ctx.places.user_scenarios)
        box = scene.layout["folder_path"]
        assert not box.truncated and folder in box.tooltip
        shown = box.text  # cut in the middle: the start and the folder's name stay
        assert shown != folder and ELLIPSIS in shown and shown.endswith(Path(folder).name)
        assert shown.startswith(folder[:4])
        for n, (_, path) in enumerate(scene.entries):
            scene._select(path)
            ctx.app.step([], DT)
            title = scene.preview.loaded.scenario.title if scene.preview.loaded else path.name
            assert not scene.layout["sc_title"].truncated, title
            button = button_of(scene, f"entry{n}")
            assert ELLIPSIS not in button.text and title.startswith(button.text)
            assert button.tool_tip_text.startswith(title)
            assert audit(scene.layout) == [], title
    finally:
        ctx.end_game()


def test_a_title_shortens_to_its_head_and_a_path_keeps_its_end() -> None:
    assert short_title("Short", lambda t: True) == "Short"
    assert short_title("Head: a long subtitle", lambda t: len(t) <= 6) == "Head"
    assert short_title("No subtitle at all", lambda t: len(t) <= 6) == ""
    f = font(14)
    path = "/home/someone/a/very/long/way/down/to/the/scenarios"
    width = f.size(path)[0] // 2
    cut = fit_path(path, f, width)
    assert f.size(cut)[0] <= width and cut.startswith("/home") and cut.endswith("/scenarios")
    assert fit_path(path, f, 10_000) == path


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_setting_explains_itself_in_full(tmp_path: Path, scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720), scale)
    try:
        scene = SettingsScene(ctx)
        ctx.app.push(scene)
        ctx.app.step([], DT)
        labels = [b for b in scene.layout if b.name.startswith("label")]
        tips = [b for b in scene.layout if b.name.startswith("tip")]
        assert len(tips) == len(labels)
        assert not [b.text for b in tips if b.truncated]
        assert audit(scene.layout) == []
    finally:
        ctx.end_game()


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_the_map_legend_wraps_its_entries(tmp_path: Path, size: tuple[int, int],
                                          scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        start(ctx, FLAGSHIP, humans=("france",))
        assert ctx.table is not None
        draft = {"command": "european_coalition", "monitoring": "joint_commission",
                 "airspace": "phased_reopening"}
        ctx.table.apply(Inject("Settled", "", tuple(
            e for i, o in draft.items() for e in (LockIssue(i, o), UnlockIssue(i)))))
        scene = show_table(ctx, "france")
        entries = [b for b in scene.layout if b.name.startswith("legend:")
                   and b.name[7:].isdigit()]
        assert len(entries) == len(draft)
        assert not [b.text for b in entries if b.truncated]
        assert audit(scene.layout) == []
    finally:
        ctx.end_game()
