"""The tutorial played hot-seat from the menu to the debrief, through the real screens.

Only intents a player could produce are sent (buttons by their ids, keys), and the session is
checked after each step.
"""

from __future__ import annotations

from game.core.view import OBSERVER
from game.ui.intents import Intent
from game.ui.launch import open_menu
from game.ui.pilot import DT, Pilot
from game.ui.scenes.handover import HANDOVER_GUARD
from game.ui.scenes.vote import VOTE_PAUSE
from tests.conftest import TUTORIAL
from tests.ui.conftest import make_ctx


def test_the_tutorial_hot_seat_from_the_menu_to_the_debrief(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(tmp_path / "home")
    pilot = Pilot(ctx.app)
    open_menu(ctx)
    pilot.frames(1)
    assert pilot.screen == "menu"
    pilot.widget("new_game")
    assert pilot.screen == "chooser"
    chooser = pilot.scene
    index = [p for _, p in chooser.entries].index(  # type: ignore[union-attr]
        next(p for _, p in chooser.entries if p.name == TUTORIAL.name))  # type: ignore[union-attr]
    pilot.widget(f"entry{index}")
    pilot.widget("continue")
    assert pilot.screen == "setup"
    pilot.widget("preset_humans")
    pilot.widget("start")
    table = ctx.table
    assert table is not None and ctx.loaded is not None
    assert ctx.loaded.scenario.id == "tutorial-backstop-bargain"
    assert set(table.humans) == set(ctx.loaded.scenario.party_ids)

    seen: list[str] = []
    proposed = False
    for _ in range(400):
        pilot.frames(1)
        screen, scene = pilot.screen, pilot.scene
        seen.append(screen)
        before = len(table.session.records)
        if screen == "debrief":
            break
        if screen == "handover":
            looking = table.looking
            pilot.frames(round(HANDOVER_GUARD / DT) + 1)  # the card takes no answer at once
            pilot.send(Intent("confirm"))
            assert table.looking != looking and table.looking == scene.party  # type: ignore[union-attr]
        elif screen == "briefing":
            pilot.widget("to_table")
            assert scene.party in table.briefed  # type: ignore[union-attr]
        elif screen == "table":
            me = table.looking
            assert me is not None and me in table.view().to_move
            if "table" not in seen[:-1]:  # the tutorial's tip comes up the first time only
                assert any(b.text.startswith("Tip:") for b in scene.layout)  # type: ignore[union-attr]
                assert "proposals" in ctx.settings.seen_hints
            view = table.view()
            open_clauses = [n for n, i in enumerate(view.issues)
                            if view.draft.get(i.id) is None and i.id not in view.locked]
            if open_clauses:  # table one amendment to the first open clause, by keyboard
                for key in (str(open_clauses[0] + 1), "right", "p"):
                    pilot.send(Intent("key", key=key))
                proposed = True
                mine = [p for p in table.view(OBSERVER).proposals if p.party == me]
                assert mine and len(mine[-1].amendments) == 1
            else:
                pilot.send(Intent("key", key="s"))
            assert len(table.session.records) > before
        elif screen == "vote":
            party = scene.party  # type: ignore[union-attr]
            open_ids = [p.id for p in table.view(party).proposals
                        if party in p.stakeholders and party not in p.voted]
            pilot.frames(round(VOTE_PAUSE / DT) + 2)  # a quick second Y is held back
            pilot.send(Intent("key", key="y"))  # Y supports the first proposal shown
            assert party in next(p for p in table.view(party).proposals
                                 if p.id == open_ids[0]).voted
        elif screen == "sign":
            party = scene.party  # type: ignore[union-attr]
            pilot.widget("sign")
            if len(table.session.records) == before:  # across a red line: refuse instead
                pilot.widget("refuse")
            assert len(table.session.records) > before
        elif screen == "ceremony":
            pilot.send(Intent("confirm"))
            pilot.send(Intent("confirm"))
        else:
            raise AssertionError(f"unexpected screen {screen!r}")
    assert seen[-1] == "debrief", seen[-12:]
    assert proposed and {"handover", "briefing", "table", "vote", "sign"} <= set(seen)
    assert table.over
    view = table.view(OBSERVER)
    assert view.scores is not None and set(view.scores) == set(ctx.loaded.scenario.party_ids)
    pilot.widget("main_menu")
    assert pilot.screen == "menu"
    ctx.end_game()


def _flagship_setup(tmp_path):  # type: ignore[no-untyped-def]
    """A window on the seat set-up of the flagship, reached from the menu."""
    ctx = make_ctx(tmp_path / "home")
    pilot = Pilot(ctx.app)
    open_menu(ctx)
    pilot.frames(1)
    pilot.widget("new_game")
    pilot.widget("continue")  # the flagship is chosen first
    assert pilot.screen == "setup"
    return ctx, pilot


def test_tab_reaches_text_fields_so_a_player_name_can_be_typed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pygame
    import pygame_gui

    ctx, pilot = _flagship_setup(tmp_path)

    def focused_ids() -> list[str]:
        return [str(w.most_specific_combined_id) for w in ctx.app.manager.get_focus_set() or ()
                if isinstance(w, pygame_gui.elements.UITextEntryLine)]

    for _ in range(40):
        pilot.press(pygame.K_TAB)
        if any(i.endswith("player_uk") for i in focused_ids()):
            break
    else:
        raise AssertionError("Tab never reached the first player's name")
    pilot.type("Ana")
    pilot.press(pygame.K_RETURN)  # Enter in a text field finishes it, it does not start the game
    assert pilot.screen == "setup"
    pilot.widget("start")
    assert ctx.table is not None and ctx.table.seats["uk"].name.endswith("Ana")
    ctx.end_game()


def test_left_and_right_choose_a_bot_strategy_in_a_focused_drop_down(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pygame
    import pygame_gui

    ctx, pilot = _flagship_setup(tmp_path)
    scene = pilot.scene
    assert scene is not None
    for _ in range(60):
        pilot.press(pygame.K_TAB)
        items = scene.focusable()
        if 0 <= scene.focus < len(items) and isinstance(
                items[scene.focus], pygame_gui.elements.UIDropDownMenu) and str(
                items[scene.focus].most_specific_combined_id).endswith("strategy_france"):
            break
    else:
        raise AssertionError("Tab never reached France's strategy")
    menu = items[scene.focus]
    before = menu.selected_option  # type: ignore[attr-defined]
    pilot.press(pygame.K_RIGHT)
    assert menu.selected_option != before  # type: ignore[attr-defined]
    pilot.widget("start")
    assert ctx.table is not None
    default = ctx.loaded.scenario.party("france").bot  # type: ignore[union-attr]
    assert ctx.table.seats["france"].kind == "bot"
    assert ctx.table.seats["france"].name != (
        default.strategy if default.e is None else f"{default.strategy}:e={default.e:g}")
    ctx.end_game()


def test_a_named_scenario_opens_at_its_seat_setup_with_the_menu_behind(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(tmp_path / "home")
    pilot = Pilot(ctx.app)
    open_menu(ctx, TUTORIAL, to_setup=True, seed="777")
    pilot.frames(1)
    assert pilot.screen == "setup"
    assert pilot.scene.loaded.scenario.id == "tutorial-backstop-bargain"  # type: ignore[attr-defined]
    assert pilot.scene.seed == "777"  # type: ignore[attr-defined]  # `backstop play --seed`
    pilot.send(Intent("back"))
    pilot.frames(1)
    assert pilot.screen == "menu"
