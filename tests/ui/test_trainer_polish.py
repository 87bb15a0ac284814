"""A trainer's rough edges: bots named in words, the PIN masked at seat setup, ten parties on
one Standings page, an inject's changes said in words, and a save that keeps its options."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.bots import STRATEGIES
from game.session.table import Seat
from game.ui import control_ops as ops
from game.ui import flow
from game.ui.context import Context, GameOptions, options_path
from game.ui.layout import audit, audit_gui
from game.ui.names import bot_choice, bot_name
from game.ui.pilot import Pilot
from game.ui.scenes.setup import SetupScene
from game.ui.scenes.table import TableScene
from tests.ui.conftest import make_ctx
from tests.ui.test_control import PIN, _open

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine-reassurance-2025.yaml"
TUTORIAL = SCENARIOS / "tutorial-backstop-bargain.yaml"
JARGON = ("time_dependent", "Time-dependent", "tit_for_tat", ":e=")


def _game(ctx: Context, scenario: Path, spec: str, *, humans: tuple[str, ...] = (),
          projector: bool = False) -> None:
    loaded = ctx.load_scenario(scenario)
    ctx.loaded = loaded
    seats = {p: Seat(p, "human", f"Player {p}") if p in humans else Seat(p, "bot", spec)
             for p in loaded.scenario.party_ids}
    ctx.start_game(loaded, scenario.read_bytes(), seats,
                   GameOptions(seed="4", timer=True, pin=PIN, projector=projector))
    flow.show_game(ctx)


def _texts(scene: object) -> list[str]:
    return [box.text for box in scene.layout]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("spec", "name"), [
    ("boulware", "Boulware (tough)"), ("linear", "Linear"), ("conceder", "Conceder (soft)"),
    ("boulware:e=0.5", "Boulware (tough, e=0.5)"), ("time_dependent", "Concedes steadily"),
    ("time_dependent:e=0.4", "Concedes late (e=0.4)"),
    ("time_dependent:e=1", "Concedes steadily (e=1)"),
    ("time_dependent:e=1.5", "Concedes early (e=1.5)"), ("tit_for_tat", "Tit for tat"),
    ("hardliner", "Hardliner"), ("random", "Random"), ("no_such_bot", "No such bot")])
def test_bot_specs_read_as_words(spec: str, name: str) -> None:
    assert bot_name(spec) == name
    assert bot_name(spec, short=True) == name.split(" (")[0]


def test_no_strategy_shows_its_code() -> None:
    for spec in (*STRATEGIES, *(f"{s}:e=0.7" for s in STRATEGIES)):
        shown = bot_choice(spec, spec) + bot_choice(spec, "linear")
        assert not any(word in shown for word in JARGON), shown
    assert bot_choice("linear", "linear").endswith("scenario's pick")


def test_every_screen_names_bots_in_words_and_the_log_keeps_the_spec(ctx: Context) -> None:
    spec = "time_dependent:e=1.5"
    _game(ctx, TUTORIAL, spec)
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    assert isinstance(pilot.scene, TableScene)
    roster = " ".join(_texts(pilot.scene))
    assert "Bot · Concedes early" in roster and not any(w in roster for w in JARGON)
    tips = " ".join(box.tooltip for box in pilot.scene.layout if box.tooltip)
    assert "Concedes early (e=1.5)" in tips

    scene = _open(pilot)
    table.pause()
    for tab in ("standings", "seats"):
        ops.oversight(table).snapshot(table.session.state, wait=True)
        pilot.widget(f"tab_{tab}")
        pilot.frames(2)
        shown = " ".join(_texts(scene))
        assert "Bot: Concedes early (e=1.5)" in shown, tab
        assert not any(w in shown for w in JARGON), tab

    party = table.session.scenario.party_ids[0]
    pilot.widget(f"take_{party}")
    pilot.frames(1)
    menu = scene.menus[f"strategy_{party}"]
    labels = [o[0] for o in menu.options_list if isinstance(o, tuple)]
    assert labels and not any(w in label for label in labels for w in JARGON)
    pick = next(o for o in menu.options_list if isinstance(o, tuple) and o[1] == "boulware")
    menu.selected_option = pick
    pilot.widget(f"strategy_{party}")
    pilot.widget(f"bot_{party}")
    name = table.control_view().party(party).name
    assert scene.message == f"A bot plays {name} from now on: Boulware (tough)."
    assert table.session.records[-1]["action"]["seat"] == "bot:boulware"  # the log: a spec


def test_setup_names_bots_in_words_and_masks_the_pin(ctx: Context) -> None:
    loaded = ctx.load_scenario(FLAGSHIP)
    scene = SetupScene(ctx, FLAGSHIP, loaded)
    ctx.app.push(scene)
    pilot = Pilot(ctx.app)
    pilot.widget("preset_bots")
    pilot.frames(1)
    labels = [o[0] for menu in scene.menus.values() for o in menu.options_list
              if isinstance(o, tuple)]
    assert any(label.startswith("Concedes ") for label in labels)
    assert not any(w in label for label in labels for w in JARGON)

    pin = scene.entries["pin"]
    pin.set_text(PIN)
    assert pin.is_text_hidden  # the room may be watching this screen
    pilot.widget("pin_show")
    pin = scene.entries["pin"]
    assert not pin.is_text_hidden and pin.get_text() == PIN
    pilot.widget("pin_show")
    assert scene.entries["pin"].is_text_hidden and scene.pin == PIN
    assert audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []


@pytest.mark.parametrize(("scale", "one_page"), [(1.0, True), (1.5, False)])
def test_standings_fit_ten_parties_on_one_page_at_1280x720(tmp_path: Path, scale: float,
                                                           one_page: bool) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720), scale)
    try:
        _game(ctx, FLAGSHIP, "linear")
        table = ctx.table
        assert table is not None
        ops.oversight(table).snapshot(table.session.state, wait=True)
        pilot = Pilot(ctx.app)
        scene = _open(pilot)
        table.pause()
        pilot.frames(2)
        parties = len(table.session.scenario.parties)
        assert parties == 10
        rows = [n for n in range(parties) if f"row{n}" in scene.layout]
        pager = scene.pagers["stand"]
        assert pager.needed is not one_page
        assert len(rows) == parties if one_page else 0 < len(rows) < parties
        assert audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []
    finally:
        ctx.end_game()


def test_an_inject_says_what_it_changed(ctx: Context) -> None:
    _game(ctx, FLAGSHIP, "linear")
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    scene = _open(pilot)
    table.pause()
    pilot.widget("tab_injects")
    view = table.control_view()
    assert view.all_preferences is not None
    party = view.parties[0]
    before = view.all_preferences[party.id].reservation
    issue = next(i for i in view.issues if i.id not in view.locked)
    option = issue.options[-1]
    scene.entries["headline"].set_text("Strike on Odesa port")
    for menu, value in (("fx_kind_0", "reservation"), ("fx_target_0", party.id),
                        ("fx_kind_1", "lock"), ("fx_target_1", issue.id),
                        ("fx_option_1", option.id)):
        widget = scene.menus[menu]
        widget.selected_option = next(o for o in widget.options_list
                                      if isinstance(o, tuple) and o[1] == value)
        pilot.widget(menu)
    scene.entries["fx_value_0"].set_text("-10")
    pilot.widget("inject_fire")
    assert not scene.failed, scene.message
    assert scene.message.startswith("Inject fired: Strike on Odesa port. ")
    assert f"walk-away {before:g} » {before - 10:g}" in scene.message
    assert f"{issue.name} locked on “{option.label}”" in scene.message
    # nothing but news: said so
    scene.entries["headline"].set_text("Quiet day")
    pilot.widget("inject_fire")
    assert scene.message == "Inject fired: Quiet day: news only."


def test_what_changed_is_silent_without_changes_and_names_a_removed_option(
        ctx: Context) -> None:
    _game(ctx, TUTORIAL, "linear")
    table = ctx.table
    assert table is not None
    view = table.control_view()
    assert ops.what_changed(view, view) == ""
    issue = view.issues[0]
    from game.core.actions import Inject
    from game.core.model import RemoveOption
    table.apply(Inject("Gone", "", (RemoveOption(issue.id, issue.options[-1].id),)))
    said = ops.what_changed(view, table.control_view())
    assert said == f"“{issue.options[-1].label}” removed from {issue.name}"


def test_a_saved_game_reopens_in_projector_mode(ctx: Context) -> None:
    _game(ctx, TUTORIAL, "linear", projector=True)
    path = ctx.save_as("seminar")
    assert options_path(path).is_file()
    ctx.end_game()
    ctx.game_options = GameOptions()  # as after starting anything else
    ctx.open_log(path)
    assert ctx.game_options.projector and ctx.game_options.pin == PIN
    assert ctx.game_options.timer
    assert ctx._load_options().projector  # the autosave keeps them too

    options_path(path).unlink()  # an older save, without its options: the defaults
    ctx.open_log(path)
    assert not ctx.game_options.projector and ctx.game_options.seed == "4"


def test_a_branch_keeps_the_options_of_the_game_it_saves(ctx: Context) -> None:
    _game(ctx, TUTORIAL, "linear", projector=True)
    table = ctx.table
    assert table is not None
    for _ in range(6):
        if table.bot_to_move() is None:
            break
        table.step_bot()
    saved = ops.branch_game(ctx, 1)
    ctx.end_game()
    ctx.game_options = GameOptions()
    ctx.open_log(saved)
    assert ctx.game_options.projector
