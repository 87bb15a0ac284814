"""The control seat, driven through the pilot: the PIN, injects, the timer, seats, forced
signing, "what if" branches, the timer warnings and the layout of every tab."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui
import pytest

from game.core import log as gamelog
from game.core import rules
from game.core.actions import ForceSigning, Inject, Pass, Propose, Vote
from game.core.errors import GameError
from game.core.model import LockIssue
from game.session.store import read_log
from game.session.table import Seat
from game.ui import control_ops as ops
from game.ui import flow
from game.ui.context import Context, GameOptions
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.pilot import Pilot
from game.ui.scenes.control import TABS, ControlScene
from game.ui.scenes.control_pin import OFF_NOTICE, PROJECTOR_WARNING, PinScene
from game.ui.scenes.table import TableScene
from tests.ui.conftest import make_ctx

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine-reassurance-2025.yaml"
TUTORIAL = SCENARIOS / "tutorial-backstop-bargain.yaml"
PIN = "2468"


def _game(ctx: Context, scenario: Path, *, bots: tuple[str, ...] | None = None,
          pin: str = PIN, timer: bool = True, projector: bool = False) -> None:
    """A game with a PIN; `bots` names the bot seats (None: every seat a bot)."""
    loaded = ctx.load_scenario(scenario)
    ctx.loaded = loaded
    seats = {p: Seat(p, "bot", "linear") if bots is None or p in bots
             else Seat(p, "human", f"Player {p}") for p in loaded.scenario.party_ids}
    ctx.start_game(loaded, scenario.read_bytes(), seats,
                   GameOptions(seed="4", timer=timer, pin=pin, projector=projector))
    flow.show_game(ctx)


def _open(pilot: Pilot, pin: str = PIN) -> ControlScene:
    pilot.press(pygame.K_F9)
    assert pilot.screen == "control_pin"
    pilot.type(pin)
    pilot.widget("pin_open")
    scene = pilot.scene
    assert isinstance(scene, ControlScene)
    return scene


def _choose(pilot: Pilot, scene: ControlScene, menu: str, value: str) -> None:
    """Pick `value` in one of the screen's drop-downs, as a click on it would."""
    widget = scene.menus[menu]
    option = next(o for o in widget.options_list if isinstance(o, tuple) and o[1] == value)
    widget.selected_option = option
    pilot.widget(menu)


def _audit(ctx: Context, scene: ControlScene) -> list[str]:
    return audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size)


def _button(scene: ControlScene, oid: str) -> pygame_gui.elements.UIButton:
    return next(w for w in scene.widgets if isinstance(w, pygame_gui.elements.UIButton)
                and w.most_specific_combined_id.endswith(f"#{oid}"))


def _refusal(state: object) -> str:
    """What the rules say against forcing signing now ("" when they allow it)."""
    try:
        rules.check(state, ForceSigning())  # type: ignore[arg-type]
    except GameError as exc:
        return str(exc.args[0])
    return ""


def test_the_pin_keeps_students_out_and_the_trainer_in(ctx: Context) -> None:
    _game(ctx, TUTORIAL, bots=())
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    game_screen = pilot.screen
    pilot.press(pygame.K_F9)
    pin = pilot.scene
    assert isinstance(pin, PinScene) and not getattr(pin, "overlay", False)
    pilot.type("1111")
    pilot.widget("pin_open")
    assert pilot.screen == "control_pin"
    assert pin.message.startswith("That is not the PIN")
    shown = " ".join(box.text for box in pin.layout)
    assert PIN not in shown and "1111" not in shown
    assert {box.name for box in pin.layout} == {"panel", "pin_title", "pin_sub", "pin_message"}
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen == game_screen
    scene = _open(pilot)
    assert pilot.screen == "control"
    pilot.press(pygame.K_F9)  # F9 again closes it
    assert pilot.screen == game_screen and scene not in ctx.app.scenes._scenes


def test_with_no_pin_f9_only_says_the_control_seat_is_off(ctx: Context) -> None:
    _game(ctx, TUTORIAL, bots=(), pin="")
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    screen = pilot.screen
    pilot.press(pygame.K_F9)
    assert pilot.screen == screen
    assert ctx.app.toast_text == OFF_NOTICE
    pilot.frames(300, dt=0.02)  # the notice goes after a few seconds
    assert ctx.app.toast_text == ""


def test_the_trainer_fires_injects_runs_the_clock_swaps_seats_and_forces_signing(
        ctx: Context) -> None:
    loaded = ctx.load_scenario(TUTORIAL)
    bot = loaded.scenario.party_ids[-1]
    _game(ctx, TUTORIAL, bots=(bot,))
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    scene = _open(pilot)
    table = ctx.table
    assert table is not None
    records = table.session.records

    # the all-seeing view: a standing for every party once the analysis has caught up
    ops.oversight(table).snapshot(table.session.state, wait=True)
    pilot.frames(2)
    assert "analysing" not in scene.layout
    assert {b.text for b in scene.layout if b.name.startswith("name")} == {
        p.name for p in loaded.scenario.parties}

    # a scenario event, fired now
    pilot.widget("tab_injects")
    event = next(e for e, _ in table.control_view().events)
    seq = table.session.state.seq
    pilot.widget(f"fire_{event}")
    assert table.session.state.seq == seq and scene.confirm_fire == event  # it asks first
    assert scene.layout["ev_ask"].text.startswith("Fire “")
    pilot.widget("firing_yes")
    assert records[-1]["action"] == {"type": "fire", "event": event, "by": "control"}
    assert event in table.control_view().fired

    # an ad-hoc inject with one effect: a party's reservation falls by 10
    party = loaded.scenario.party_ids[0]
    before = table.session.state.prefs[party].reservation
    scene.entries["headline"].set_text("Strike on Odesa port")
    scene.entries["body"].set_text("Shipping halts for a week.")
    _choose(pilot, scene, "fx_kind_0", "reservation")
    _choose(pilot, scene, "fx_target_0", party)
    scene.entries["fx_value_0"].set_text("-10")
    pilot.widget("inject_fire")
    assert not scene.failed, scene.message
    assert records[-1]["action"]["type"] == "inject"
    assert records[-1]["action"]["headline"] == "Strike on Odesa port"
    assert table.session.state.prefs[party].reservation == pytest.approx(before - 10)
    assert table.control_view().news[-1].title == "Strike on Odesa port"
    assert scene.entries["headline"].get_text() == ""  # the form is ready for the next one

    # the clock: +1 minute, then paused (time stands still), then running again
    pilot.widget("tab_time")
    assert table.session.state.phase == "proposals" and table.timer_running
    left = table.time_left
    pilot.widget("time_plus1")
    assert table.time_left == pytest.approx(left + 60, abs=0.1)
    pilot.widget("time_pause")
    assert table.paused
    left = table.time_left
    pilot.frames(20, dt=0.5)
    assert table.time_left == left
    pilot.widget("time_pause")
    pilot.frames(4, dt=0.5)
    assert not table.paused and table.time_left < left
    # while delegations talk, the round's time can be changed
    assert table.can_adjust_time and _button(scene, "time_plus1").is_enabled

    # a seat: the trainer takes the bot's seat, then hands it back to a bot
    pilot.widget("tab_seats")
    pilot.widget(f"take_{bot}")
    assert records[-1]["action"]["type"] == "seat" and not table.seats[bot].is_bot
    assert bot not in table.bots
    _choose(pilot, scene, f"strategy_{bot}", "boulware")
    pilot.widget(f"bot_{bot}")
    assert records[-1]["action"] == {"type": "seat", "party": bot, "seat": "bot:boulware",
                                     "by": "control"}
    assert table.seats[bot] == Seat(bot, "bot", "boulware") and bot in table.bots

    # forced signing: off, with the rules' reason, while clauses are open; then it opens on
    # a settled draft
    pilot.widget("tab_time")
    why = _refusal(table.session.state)
    assert why and not _button(scene, "force_signing").is_enabled
    said = scene.layout["force_why"]
    assert said.text.startswith(f"Not now: {why}") and "Lock a clause" in said.text
    assert not said.truncated
    pilot.widget("force_signing")  # (a press that got through anyway is still refused)
    assert scene.failed and table.session.state.phase == "proposals"
    pilot.widget("tab_seats")
    assert scene.message == "" and not scene.failed  # the refusal stays with its tab
    pilot.widget("tab_time")
    table.apply(Inject("Settled", "", tuple(LockIssue(i.id, i.option_ids[0])
                                             for i in table.session.state.issues)))
    pilot.frames(1)
    assert _refusal(table.session.state) == "" and "force_why" not in scene.layout
    assert _button(scene, "force_signing").is_enabled
    pilot.widget("force_signing")  # it asks first: the talking ends for good
    assert table.session.state.phase == "proposals" and "force_confirm" in scene.layout
    pilot.widget("force_no")
    assert "force_confirm" not in scene.layout and table.session.state.phase == "proposals"
    pilot.widget("force_signing")
    pilot.widget("force_yes")
    assert not scene.failed, scene.message
    assert table.session.state.phase == "signing"
    assert records[-1]["action"] == {"type": ForceSigning.verb, "by": "control"}
    assert pilot.screen == "control"  # the control seat stays until it is closed
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen in ("handover", "sign")  # the game, as it wants to go on


def test_what_if_restarts_from_an_earlier_round_and_keeps_the_original(ctx: Context) -> None:
    _game(ctx, TUTORIAL, timer=False)
    table = ctx.table
    assert table is not None
    while table.session.state.round < 3 and table.bot_to_move() is not None:
        table.step_bot()
    assert table.session.state.round == 3
    parent_head = dict(table.session.header)
    parent_records = [dict(r) for r in table.session.records]
    parent_text = ctx.places.autosave.read_text("utf-8")
    pilot = Pilot(ctx.app)
    scene = _open(pilot)
    pilot.widget("tab_whatif")
    _choose(pilot, scene, "whatif_round", "2")
    pilot.widget("branch_ask")
    assert ctx.table is table  # it asks first
    pilot.widget("branch_yes")
    assert not scene.failed, scene.message
    branch = ctx.table
    assert branch is not None and branch is not table
    head = branch.session.header
    assert head["parent"] == gamelog.header_hash(parent_head) and head["branch_round"] == 2
    assert branch.session.state.round == 2
    saved = ctx.places.saves / (f"{parent_head['scenario_id']}-"
                                f"{gamelog.header_hash(parent_head)[:8]}.jsonl")
    assert saved.read_text("utf-8") == parent_text  # the original, kept as it was
    assert read_log(saved).records == parent_records
    kept = sum(1 for r in parent_records if r["round"] < 2)
    assert kept > 0
    branch_lines = ctx.places.autosave.read_text("utf-8").splitlines()[1:]
    assert branch_lines[:kept] == parent_text.splitlines()[1:kept + 1]
    assert read_log(ctx.places.autosave).header["parent"] == head["parent"]
    assert "saved as" in scene.message and saved.name in scene.message


def test_timer_warnings_show_over_any_game_screen(ctx: Context) -> None:
    _game(ctx, TUTORIAL, bots=())
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    assert ctx.app.toast_text == ""
    table.tick(table.time_left - 120)
    pilot.frames(1)
    assert ctx.app.toast_text == "2 minutes left in round 1"
    table.tick(95)  # a warning given late says the time actually left
    pilot.frames(1)
    assert ctx.app.toast_text == "25 seconds left in round 1"


def test_a_shortened_round_warns_with_the_time_it_has_left(ctx: Context) -> None:
    """The trainer shortens the round to 0:41: the 2-minute warning it sets off says 41
    seconds, not 2 minutes."""
    _game(ctx, TUTORIAL, bots=())
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    table.adjust_time(41 - table.time_left)
    pilot.frames(1)
    assert ctx.app.toast_text == "41 seconds left in round 1"
    assert ops.warning_text(120, 2, left=100) == "1:40 left in round 2"
    assert ops.warning_text(120, 2, left=60.2) == "1 minute left in round 2"
    assert ops.warning_text(30, 2, left=1) == "1 second left in round 2"


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.5)])
def test_every_tab_fits_the_window(tmp_path: Path, size: tuple[int, int],
                                   scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        _game(ctx, FLAGSHIP, bots=None)
        table = ctx.table
        assert table is not None
        for _ in range(40):
            table.step_bot()
        ops.oversight(table).snapshot(table.session.state, wait=True)
        pilot = Pilot(ctx.app)
        scene = _open(pilot)
        table.pause()  # the bots wait while the layout is checked
        pilot.frames(2)
        for key, _, _ in TABS:
            pilot.widget(f"tab_{key}")
            pilot.frames(2)
            assert _audit(ctx, scene) == [], key
        # the inject form with every kind of field showing
        pilot.widget("tab_injects")
        issue = table.session.state.issues[0]
        for menu, value in (("fx_kind_0", "urgency"),
                            ("fx_target_0", table.session.scenario.party_ids[0]),
                            ("fx_kind_1", "lock"), ("fx_target_1", issue.id),
                            ("fx_option_1", issue.option_ids[0]), ("fx_kind_2", "news")):
            _choose(pilot, scene, menu, value)
        pilot.frames(2)
        assert {"fx_target_0", "fx_option_1"} <= set(scene.menus)
        assert {"fx_value_0", "fx_value_2"} <= set(scene.entries)
        assert _audit(ctx, scene) == []
        pilot.widget("tab_whatif")
        pilot.widget("branch_ask")
        assert _audit(ctx, scene) == []
    finally:
        ctx.end_game()


def test_a_student_s_seat_a_bot_covered_is_given_back_to_the_student(ctx: Context) -> None:
    """Hand a student's seat to a bot, then back: the button says "Give back" and the seat
    returns to the student by name, not to "Control"."""
    loaded = ctx.load_scenario(TUTORIAL)
    student = loaded.scenario.party_ids[0]
    _game(ctx, TUTORIAL, bots=tuple(loaded.scenario.party_ids[1:]))
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    scene = _open(pilot)
    table = ctx.table
    assert table is not None
    pilot.widget("tab_seats")
    pilot.widget(f"bot_{student}")
    assert table.seats[student].is_bot
    scene = pilot.scene
    assert isinstance(scene, ControlScene)
    button = _button(scene, f"take_{student}")
    assert button.text == "Give back" and f"Player {student}" in str(button.tool_tip_text)
    pilot.widget(f"take_{student}")
    assert table.seats[student] == Seat(student, "human", f"Player {student}")
    assert scene.message == f"Player {student} plays {scene.view.party(student).name} again."


def test_the_control_seat_exports_the_report_and_a_pause_holds_the_bots(ctx: Context) -> None:
    _game(ctx, TUTORIAL, timer=True)
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    scene = _open(pilot)
    pilot.widget("tab_time")
    pilot.widget("time_pause")
    assert table.paused
    scene.close()  # back to the game screen: while paused, no bot moves there either
    seq = table.session.state.seq
    pilot.frames(120)
    assert table.session.state.seq == seq and pilot.screen != "control"
    scene = _open(pilot)
    pilot.widget("control_export")
    assert scene.message == "Writing the after-action report…"
    scene.exporter.join(30)
    pilot.frames(1)
    folders = list((ctx.places.root / "reports").iterdir())
    assert len(folders) == 1 and (folders[0] / "report.html").is_file()
    assert scene.message == f"Report saved in {folders[0]}" and not scene.failed
    pilot.widget("tab_time")
    pilot.widget("time_pause")
    scene.close()
    pilot.frames(120)
    assert table.session.state.seq > seq  # resumed: the bots move again


def test_closing_the_control_seat_hides_the_last_delegation_s_numbers(ctx: Context) -> None:
    """The UK proposes, the card to pass the screen to the next delegation is up, the trainer
    hands that delegation to a bot and closes: the UK's private view must not come back."""
    loaded = ctx.load_scenario(TUTORIAL)
    first, second, bot = loaded.scenario.party_ids
    _game(ctx, TUTORIAL, bots=(bot,), timer=False)
    table = ctx.table
    assert table is not None
    table.briefed.update(table.humans)
    pilot = Pilot(ctx.app)
    for _ in range(100):  # play on until the first seat has moved and the card is up for the
        pilot.frames(1)   # second
        if table.needs_handover() == second and table.looking == first:
            break
        waiting = table.humans_to_move()
        if waiting:
            table.hand_to(waiting[0])
            table.apply(Pass(waiting[0]))
        else:
            table.step_bot()
    pilot.frames(1)
    assert pilot.screen == "handover" and table.looking == first
    scene = _open(pilot)
    pilot.widget("tab_seats")
    pilot.widget(f"bot_{second}")
    assert table.seats[second].is_bot
    pilot.widget("control_close")
    assert table.looking is None
    top = pilot.scene
    assert isinstance(top, flow.GameScene) and top is not scene
    assert top.key[1] in ("", None) or pilot.screen == "handover"
    if isinstance(top, TableScene):
        assert top.view.me is None and "mine" not in top.layout


def test_scenario_events_show_what_they_do_and_ask_before_firing(ctx: Context) -> None:
    _game(ctx, FLAGSHIP, timer=False)
    table = ctx.table
    assert table is not None
    scenario = table.session.scenario
    pilot = Pilot(ctx.app)
    scene = _open(pilot)
    table.pause()
    pilot.widget("tab_injects")
    waiting = [e for e, _ in table.control_view().events
               if e not in table.control_view().fired]
    first, second = scenario.event(waiting[0]), scenario.event(waiting[1])
    row = scene.layout["ev0"]
    assert " ".join(first.text.split()) in row.tooltip
    assert ("Effects: " in row.tooltip) == bool(first.effects)
    assert " ".join(first.text.split()) in (_button(scene, f"fire_{first.id}").tool_tip_text or "")
    pilot.send(Intent("pointer", pos=row.rect.center))
    assert scene.tip == row.tooltip
    pilot.widget(f"fire_{first.id}")
    assert first.id not in table.control_view().fired
    assert f"fire_{second.id}" not in {w.most_specific_combined_id.split("#")[-1]
                                       for w in scene.widgets}  # no second Fire to hit
    pilot.widget("firing_no")
    assert first.id not in table.control_view().fired and scene.confirm_fire == ""
    pilot.widget(f"fire_{first.id}")
    pilot.widget("firing_yes")
    pilot.frames(1)
    assert first.id in table.control_view().fired
    # the row under the pointer is now the next event, and so is the tooltip
    assert " ".join(second.text.split()) in scene.layout["ev0"].tooltip
    assert scene.tip == scene.layout["ev0"].tooltip


def test_an_inject_that_ends_the_talks_asks_first(ctx: Context) -> None:
    _game(ctx, TUTORIAL, timer=False)
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    scene = _open(pilot)
    table.pause()
    pilot.widget("tab_injects")
    scene.entries["headline"].set_text("Talks collapse")
    _choose(pilot, scene, "fx_kind_0", "end")
    pilot.widget("inject_fire")
    assert not table.over and scene.confirm_end
    assert _button(scene, "inject_yes").is_enabled and _audit(ctx, scene) == []
    pilot.widget("inject_no")
    assert not table.over and not scene.confirm_end
    assert scene.entries["headline"].get_text() == "Talks collapse"  # the form is kept
    pilot.widget("inject_fire")
    pilot.widget("inject_yes")
    assert table.over and not scene.failed, scene.message
    # no reason given: not "Talks collapse ended the talks"
    assert table.session.state.end_reason == "the talks ended: Talks collapse"


def test_projector_mode_warns_at_the_door_and_pauses_the_clock(ctx: Context) -> None:
    _game(ctx, TUTORIAL, bots=(), projector=True)
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    assert table.timer_running
    pilot.press(pygame.K_F9)
    pin = pilot.scene
    assert isinstance(pin, PinScene)
    assert pin.layout["pin_warning"].text == PROJECTOR_WARNING
    assert audit(pin.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []
    assert not table.paused
    pilot.type(PIN)
    pilot.widget("pin_open")
    scene = pilot.scene
    assert isinstance(scene, ControlScene)
    assert table.paused and "paused" in scene.message
    left = table.time_left
    pilot.frames(30, dt=0.5)
    assert table.time_left == left  # resuming is the trainer's choice
    pilot.widget("tab_time")
    assert _button(scene, "time_pause").text == "Keep paused"  # not "Resume": it stays so
    pilot.widget("time_pause")
    assert table.paused and _button(scene, "time_pause").text == "Resume"
    pilot.widget("time_pause")
    assert not table.paused


def test_closing_the_control_seat_starts_the_clock_it_stopped_on_opening(ctx: Context) -> None:
    """In front of a room, a game left paused after the trainer glanced at the control seat
    looks frozen: the pause that opening made ends with the screen, the trainer's own stays."""
    _game(ctx, TUTORIAL, bots=(), projector=True)
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    _open(pilot)
    assert table.paused
    pilot.send(Intent("back"))
    pilot.frames(2)
    assert pilot.screen != "control" and not table.paused and table.timer_running
    # The trainer keeps it paused on purpose (P): it stays paused after closing.
    pilot.frames(2)
    _open(pilot)
    pilot.widget("tab_time")
    pilot.widget("time_pause")
    assert table.paused
    pilot.send(Intent("back"))
    pilot.frames(2)
    assert pilot.screen != "control" and table.paused


def test_the_standings_say_nothing_is_settled_at_the_start(ctx: Context) -> None:
    """Every tutorial clause starts open with no fallback, read as the Nash text settles it:
    "inside the zone, this is the Nash text, Pareto-optimal: yes" was true of that reading and
    told the trainer nothing. Once a clause is settled the figures mean the draft again."""
    _game(ctx, TUTORIAL, bots=())
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    scene = _open(pilot)
    table = ctx.table
    assert table is not None

    def figures() -> list[str]:
        ops.oversight(table).snapshot(table.session.state, wait=True)
        pilot.frames(2)
        return [scene.layout[f"stat{n}_val"].text for n in range(3)]

    assert figures() == ["A zone exists", "nothing settled yet", "not yet known"]
    pilot.send(Intent("back"))
    pilot.frames(2)
    table.apply(Propose("uk", (("zone", "cities_ports"),)))
    table.apply(Pass("usa"))
    table.apply(Pass("ukraine"))
    table.apply(Vote("usa", 1, True))
    table.apply(Vote("ukraine", 1, True))
    assert table.view().draft["zone"] == "cities_ports"
    pilot.frames(2)
    scene = _open(pilot)
    zone, nash, pareto = figures()
    assert zone.endswith("the zone") and not scene.layout["stat0_val"].truncated
    assert nash == "the settled clauses match it"  # the Nash text's Deployment zone
    assert pareto in ("yes", "no")
    # the qualifier is in the captions, so the figures read whole
    assert scene.layout["stat0_cap"].text == "Zone (open clauses at Nash)"
    assert scene.layout["stat2_cap"].text == "Pareto-optimal (open at Nash)"


def test_time_can_be_added_only_while_delegations_talk(ctx: Context) -> None:
    """+1 minute in the votes phase said "15:34 left", then the next round began at 15:00:
    the clock runs only in the talking and each round's starts afresh."""
    _game(ctx, TUTORIAL, bots=("usa",))
    table = ctx.table
    assert table is not None
    table.apply(Propose("uk", (("zone", "cities_ports"),)))
    while table.session.state.phase == "proposals":
        (party,) = table.session.state.order[table.session.state.turn:][:1]
        if table.step_bot() is None:
            table.apply(Pass(party))
    assert table.session.state.phase == "votes"
    left = table.time_left
    assert not table.can_adjust_time and table.adjust_time(60) == ()
    assert table.time_left == left
    pilot = Pilot(ctx.app)
    scene = _open(pilot)
    pilot.widget("tab_time")
    assert not _button(scene, "time_plus1").is_enabled
    assert scene.layout["time_state"].text.startswith("The clock runs only while delegations talk")


def test_a_what_if_restart_keeps_the_clock_stopped_while_the_control_seat_is_open(
        ctx: Context) -> None:
    """The branch is a new table: its clock ran behind the control seat in projector mode,
    and closing the screen starts it as for the game before."""
    _game(ctx, TUTORIAL, projector=True)
    table = ctx.table
    assert table is not None
    while table.session.state.round < 2:
        assert table.step_bot() is not None
    assert table.timer_running
    pilot = Pilot(ctx.app)
    scene = _open(pilot)
    assert table.paused
    pilot.widget("tab_whatif")
    _choose(pilot, scene, "whatif_round", "1")
    pilot.widget("branch_ask")
    pilot.widget("branch_yes")
    branch = ctx.table
    assert branch is not None and branch is not table
    assert branch.paused
    pilot.send(Intent("back"))
    pilot.frames(2)
    assert not branch.paused and branch.timer_running
    # the room, which saw none of it, is told the game went back
    assert ctx.app.toast_text.startswith("What if: the game restarts from round 1;")
    # a pause the trainer chose survives a restart too, and closing the screen
    scene = _open(pilot)
    pilot.widget("tab_time")
    pilot.widget("time_pause")  # Keep paused
    assert branch.paused
    pilot.widget("tab_whatif")
    pilot.widget("branch_ask")
    pilot.widget("branch_yes")
    again = ctx.table
    assert again is not None and again is not branch and again.paused
    pilot.send(Intent("back"))
    pilot.frames(2)
    assert again.paused
