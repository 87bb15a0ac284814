"""The screens outside a game: chooser, seat set-up, load, settings, pause and help.

They are driven through the real App with intents, and checked on the session they produce,
the files they write and the layout audit.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygame
import pytest

from game import paths
from game.session.saves import autosave_summary
from game.ui import launch
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.pilot import Pilot
from game.ui.scene import Scene
from game.ui.scenes.chooser import ChooserScene
from game.ui.scenes.help import HelpScene, phase_hint
from game.ui.scenes.load import LoadScene
from game.ui.scenes.menu import MenuScene, QuitScene
from game.ui.scenes.pause import PauseScene
from game.ui.scenes.settings_screen import SettingsScene
from game.ui.scenes.setup import SetupScene
from game.ui.settings import Settings
from tests.ui.conftest import make_ctx, start

TUTORIAL = paths.bundled_scenario("tutorial-backstop-bargain")
BROKEN = """schema: backstop/scenario@1
id: broken
title: Broken
rounds: many
parties: []
"""


def frames(ctx: Context, n: int = 2) -> None:
    for _ in range(n):
        ctx.app.step([], 1 / 60)


def send(ctx: Context, *intents: Intent) -> None:
    for intent in intents:
        ctx.app.dispatch(intent)
        frames(ctx, 1)


def widget(name: str) -> Intent:
    return Intent("widget", widget=name)


def top(ctx: Context) -> Scene:
    scene = ctx.app.scenes.top
    assert scene is not None
    return scene


def entry_for(chooser: ChooserScene, name: str) -> Intent:
    index = next(n for n, (_, p) in enumerate(chooser.entries) if p.name == name)
    return widget(f"entry{index}")


def problems(ctx: Context) -> list[str]:
    return audit(top(ctx).layout) + audit_gui(ctx.app.manager, ctx.app.size)


def texts(scene: Scene) -> str:
    return "\n".join(" ".join(box.lines) for box in scene.layout)


def test_a_new_tutorial_game_from_the_menu_seats_every_delegation_as_chosen(ctx: Context
                                                                            ) -> None:
    ctx.app.push(MenuScene(ctx))
    send(ctx, widget("new_game"))
    chooser = top(ctx)
    assert isinstance(chooser, ChooserScene)
    assert chooser.selected.name == f"{paths.FLAGSHIP}.yaml"  # the flagship by default
    send(ctx, entry_for(chooser, TUTORIAL.name), widget("continue"))
    setup = top(ctx)
    assert isinstance(setup, SetupScene)
    send(ctx, widget("preset_bots"), widget("preset_humans"), widget("kind_usa"),
         widget("start"))
    table = ctx.table
    assert table is not None
    kinds = {p: s.kind for p, s in table.seats.items()}
    assert kinds == {"uk": "human", "usa": "bot", "ukraine": "human"}
    assert table.seats["uk"].name == "United Kingdom delegation"
    assert table.seats["usa"].name == "time_dependent:e=1"  # the scenario's personality
    assert ctx.scenario_path == TUTORIAL.resolve()
    assert len(ctx.app.scenes) == 1  # the game's first screen replaced menu, chooser, setup
    assert top(ctx).name not in ("menu", "chooser", "setup")


def test_setup_keeps_typed_names_and_options_across_page_turns_and_starts_with_them(
        ctx: Context) -> None:
    flagship = paths.bundled_scenario(paths.FLAGSHIP)
    scene = SetupScene(ctx, flagship, ctx.load_scenario(flagship))
    ctx.app.push(scene)
    frames(ctx)
    scene.entries["uk"].set_text("Ana and Ben")
    scene.entries["seed"].set_text("4242")
    scene.entries["pin"].set_text("1234")
    send(ctx, widget("timer"), widget("seats_next"), widget("seats_prev"))
    assert scene.entries["uk"].get_text() == "Ana and Ben"
    scene._harvest()  # what Start reads
    seats = scene.seats()
    assert seats["uk"].name == "Ana and Ben"
    assert sum(s.kind == "human" for s in seats.values()) == 1
    send(ctx, widget("start"))
    assert ctx.table is not None
    assert ctx.game_options.seed == "4242"
    assert ctx.game_options.pin == "1234"
    assert ctx.game_options.timer is False
    assert ctx.table.timer_on is False


def test_each_new_game_of_a_scenario_gets_its_own_seed(ctx: Context) -> None:
    """Two set-ups of the same scenario do not start from the same seed (a fixed default would
    replay the very same bot game every time); the seed box shows the one that will be used."""
    flagship = paths.bundled_scenario(paths.FLAGSHIP)
    loaded = ctx.load_scenario(flagship)
    seeds = {SetupScene(ctx, flagship, loaded).seed for _ in range(5)}
    assert len(seeds) >= 4  # six random digits: a repeat among five is a one-in-100,000 event
    scene = SetupScene(ctx, flagship, loaded)
    ctx.app.push(scene)
    frames(ctx)
    assert scene.entries["seed"].get_text() == scene.seed


def test_an_invalid_scenario_in_the_user_folder_shows_the_validators_messages(
        ctx: Context) -> None:
    chooser = ChooserScene(ctx)
    assert ctx.places.user_scenarios.is_dir()  # created so trainers know where to drop files
    (ctx.places.user_scenarios / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    ctx.app.push(MenuScene(ctx))
    ctx.app.push(chooser)
    send(ctx, widget("rescan"))
    assert str(ctx.places.user_scenarios) in chooser.layout["folder_path"].tooltip
    send(ctx, entry_for(chooser, "broken.yaml"))
    shown = texts(chooser)
    assert re.search(r"broken\.yaml:\d+:\d+: error", shown), shown
    assert "does not load" in shown
    continue_button = next(w for w in chooser.widgets
                           if "#continue" in w.most_specific_combined_id)
    assert not continue_button.is_enabled
    send(ctx, Intent("confirm"))  # Enter does not start from a broken file
    assert top(ctx) is chooser
    assert problems(ctx) == []


def test_a_file_is_validated_once_until_it_changes(ctx: Context, tmp_path: Path) -> None:
    chooser = ChooserScene(ctx)
    path = tmp_path / "mine.yaml"
    path.write_bytes(TUTORIAL.read_bytes())
    first = chooser.cache.get(path)
    assert first.loaded is not None
    assert chooser.cache.get(path) is first
    path.write_text(BROKEN, encoding="utf-8")
    assert chooser.cache.get(path).problems


def test_settings_apply_at_once_persist_and_survive_their_own_rebuild(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home")
    ctx.app.push(MenuScene(ctx))
    send(ctx, widget("settings"))
    scene = top(ctx)
    assert isinstance(scene, SettingsScene)
    send(ctx, widget("set_scale_2"), widget("set_colour_blind_1"), widget("set_bot_speed_2"),
         widget("set_size_3"))
    assert ctx.app.scale == 1.5
    assert ctx.app.size == (1920, 1080)
    assert top(ctx) is scene
    assert scene.widgets and all(w.alive() for w in scene.widgets)
    assert problems(ctx) == []
    saved = Settings.load(ctx.places.settings)
    assert (saved.scale, saved.colour_blind, saved.bot_speed, saved.size) == (
        1.5, True, 2.0, (1920, 1080))
    send(ctx, Intent("back"))
    assert ctx.app.scenes.names() == ["menu"]
    reopened = launch.create(places=ctx.places)  # as `backstop play` does, from the file
    assert reopened.settings.colour_blind
    assert reopened.app.scale == 1.5


def test_pause_stops_the_timer_and_quit_to_menu_leaves_the_autosave(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk",), timer=True)
    table = ctx.table
    assert table is not None
    ctx.app.push(MenuScene(ctx))
    ctx.app.push(PauseScene(ctx))
    frames(ctx)
    assert table.paused and not table.timer_running
    send(ctx, widget("resume"))
    assert not table.paused
    ctx.app.push(PauseScene(ctx))
    frames(ctx)
    Pilot(ctx.app).press(pygame.K_RETURN)  # Enter presses the lit Resume
    assert ctx.app.scenes.top is not None and ctx.app.scenes.top.name != "pause"
    assert not table.paused
    ctx.app.push(PauseScene(ctx))
    send(ctx, widget("save_game"))
    assert [p.name for p in ctx.places.save_files()] == ["tutorial-backstop-bargain round 1.jsonl"]
    assert "Saved as" in texts(top(ctx))
    send(ctx, widget("quit_to_menu"))
    assert ctx.app.scenes.names() == ["menu"]
    assert ctx.table is None
    assert autosave_summary(ctx.places) is not None


def test_a_saved_game_is_listed_and_opens(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk", "usa"))
    ctx.save_as("seminar")
    ctx.end_game()
    ctx.app.push(MenuScene(ctx))
    send(ctx, widget("load"))
    scene = top(ctx)
    assert isinstance(scene, LoadScene)
    assert "tutorial-backstop-bargain" in texts(scene)
    send(ctx, widget("open0"))
    assert ctx.table is not None
    assert ctx.table.humans == ("uk", "usa")


def test_a_damaged_save_says_why_and_no_saves_says_where_they_live(ctx: Context) -> None:
    ctx.app.push(LoadScene(ctx))
    frames(ctx)
    assert str(ctx.places.saves) in top(ctx).layout["empty"].text
    ctx.places.saves.mkdir(parents=True)
    (ctx.places.saves / "bad.jsonl").write_text("not a log\n", encoding="utf-8")
    ctx.app.replace(LoadScene(ctx))
    send(ctx, widget("open0"))
    assert ctx.table is None
    assert "bad.jsonl" in top(ctx).layout["message"].text


def test_help_opens_with_f1_and_closes_with_esc_and_hints_cover_every_phase(
        ctx: Context) -> None:
    ctx.app.push(MenuScene(ctx))
    send(ctx, Intent("help"))
    assert ctx.app.scenes.names() == ["menu", "help"]
    assert "Red lines" in texts(top(ctx))
    send(ctx, Intent("back"))
    assert ctx.app.scenes.names() == ["menu"]
    for phase in ("news", "proposals", "votes", "signing", "offers"):
        assert phase_hint(phase)
    assert phase_hint("nothing") == ""


def _screens(ctx: Context, scenario: Path) -> list[Scene]:
    loaded = ctx.load_scenario(scenario)
    ctx.scenario_path = scenario
    return [ChooserScene(ctx), SetupScene(ctx, scenario, loaded), LoadScene(ctx),
            SettingsScene(ctx), HelpScene(ctx)]


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.5)])
def test_every_menu_screen_lays_out_cleanly(tmp_path: Path, size: tuple[int, int],
                                            scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    ctx.app.push(MenuScene(ctx))
    for scenario in paths.bundled_scenarios():
        for scene in _screens(ctx, scenario):
            ctx.app.push(scene)
            frames(ctx, 1)
            assert problems(ctx) == [], (scene.name, scenario.name)
            ctx.app.pop()
    start(ctx, TUTORIAL, humans=("uk",))
    ctx.app.push(PauseScene(ctx))
    frames(ctx, 1)
    assert problems(ctx) == []
    ctx.end_game()
    send(ctx, Intent("back"), Intent("back"))  # out of the pause, then the menu's question
    assert top(ctx).name == "quit" and problems(ctx) == []


def test_the_chooser_lists_the_flagship_then_the_tutorial_then_its_variant(ctx: Context) -> None:
    """The tutorial's variant was listed above the tutorial (02.png): a new student picked it."""
    chooser = ChooserScene(ctx)
    ctx.app.push(chooser)
    frames(ctx, 1)
    bundled = [p.stem for source, p in chooser.entries if source == "bundled"]
    assert bundled == [paths.FLAGSHIP, TUTORIAL.stem, "tutorial-alternating-offers"]
    shown = [w.text for w in chooser.widgets if w.object_ids[-1].startswith("#entry")]
    assert shown[1] == "Tutorial: The Backstop Bargain"


def test_esc_on_the_menu_asks_before_quitting_and_enter_stays(ctx: Context) -> None:
    """Esc from Settings, then Esc again on the menu, closed Backstop with no question (69.png):
    the second press quit. Now the menu asks, with Stay lit: Enter and Esc stay."""
    ctx.app.push(MenuScene(ctx))
    send(ctx, widget("settings"), Intent("back"))
    assert top(ctx).name == "menu" and ctx.app.running
    for stay in (Intent("confirm"), Intent("back"), widget("stay")):
        send(ctx, Intent("back"))
        assert isinstance(top(ctx), QuitScene) and ctx.app.running
        assert "Quit Backstop?" in texts(top(ctx))
        send(ctx, stay)
        assert top(ctx).name == "menu" and ctx.app.running, stay
    send(ctx, Intent("back"), widget("quit"))
    assert not ctx.app.running



def test_enter_on_the_menu_presses_the_lit_button(ctx: Context) -> None:
    """Back from Settings, Enter did nothing until Tab had focused a button, though New game
    was drawn lit: with no game to continue, Enter opens the scenario chooser."""
    ctx.app.push(MenuScene(ctx))
    send(ctx, widget("settings"), Intent("back"))
    menu = top(ctx)
    assert isinstance(menu, MenuScene) and menu.primary == "new_game"
    send(ctx, Intent("confirm"))
    assert top(ctx).name == "chooser"

@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.5), ((1280, 720), 2.0)])
def test_every_line_of_the_help_can_be_read_turning_its_pages_by_keys(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    """At 150% How to play was cut off ("use turns instead:…") and did not scroll (78.png,
    79.png): it now turns pages with Page Down (and back with Page Up), and every section and
    every shortcut is shown whole on one of them."""
    from game.ui.scenes.help import SECTIONS, SHORTCUTS

    ctx = make_ctx(tmp_path / "home", size, scale)
    ctx.app.push(MenuScene(ctx))
    send(ctx, Intent("help"))
    scene = top(ctx)
    assert isinstance(scene, HelpScene)
    shown: dict[str, str] = {}
    for _ in range(6):
        assert problems(ctx) == []
        for box in scene.layout:
            if box.font is not None:
                assert not box.truncated, (box.name, box.text)
                shown[box.text] = box.name
        if scene.pager.page == len(scene.pager.pages) - 1:
            break
        send(ctx, Intent("key", key="page down"))
    assert scene.pager.page == len(scene.pager.pages) - 1
    for head, body in SECTIONS:
        assert head in shown and body in shown
    for keys, what in SHORTCUTS:
        assert keys in shown and what in shown
    if scale > 1:
        assert len(scene.pager.pages) > 1
        send(ctx, Intent("key", key="page up"))
        assert scene.pager.page == len(scene.pager.pages) - 2
    send(ctx, Intent("back"))
    assert top(ctx).name == "menu"


def test_setup_says_where_a_round_timer_comes_from(tmp_path: Path) -> None:
    """A scenario without `round_minutes` has no timer to switch on: the setup says so in
    full on a projector (1280x720 at 150%) and names the key a trainer would add."""
    tutorial = paths.bundled_scenario("tutorial-backstop-bargain")
    text = tutorial.read_text(encoding="utf-8").replace("round_minutes: 3", "round_minutes: 0")
    assert "round_minutes: 0" in text
    untimed = tmp_path / "untimed.yaml"
    untimed.write_text(text, encoding="utf-8")
    ctx = make_ctx(tmp_path / "home", (1280, 720), 1.5)
    try:
        scene = SetupScene(ctx, untimed, ctx.load_scenario(untimed))
        ctx.app.push(scene)
        frames(ctx)
        box = scene.layout["timer_none"]
        assert not box.truncated and "round_minutes" in box.tooltip
    finally:
        ctx.end_game()
