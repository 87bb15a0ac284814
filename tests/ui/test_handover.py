"""The hand-over card in hot-seat play: a press meant for the screen before never hands the
screen over (the guard), its button's label has room, and every human seat sees the last
round's results once on its own table."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.core.actions import Pass, Propose, Refuse, Vote
from game.core.view import OBSERVER
from game.session.table import Table
from game.ui import flow
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.pilot import DT, Pilot
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.handover import HANDOVER_GUARD, HandOverScene
from game.ui.scenes.table import TableScene
from game.ui.scenes.vote import my_ballot
from tests.conftest import FLAGSHIP, TUTORIAL

from .conftest import button_of, make_ctx, pixel, start

GUARD_FRAMES = round(HANDOVER_GUARD / DT) + 1


def _card(ctx: Context, humans: tuple[str, ...] = ("uk", "usa")) -> HandOverScene:
    """The tutorial's first hand-over card, just come up (one frame drawn)."""
    start(ctx, TUTORIAL, humans=humans)
    flow.show_game(ctx)
    ctx.app.step([], DT)
    scene = ctx.app.scenes.top
    assert isinstance(scene, HandOverScene) and ctx.table is not None
    return scene


def test_a_press_as_the_card_appears_hands_nothing_over(ctx: Context) -> None:
    scene = _card(ctx)
    table = ctx.table
    assert table is not None
    button = button_of(scene, "handover_ready")
    assert not button.is_enabled  # greyed out while the card takes no answer
    for intent in (Intent("confirm"), Intent("widget", widget="handover_ready")):
        ctx.app.send(intent)
        ctx.app.step([], DT)
        assert table.looking is None and ctx.app.scenes.top is scene
    Pilot(ctx.app).click(button.rect.center)  # a click where the button has just come up
    ctx.app.step(pygame.event.get(), DT)
    assert table.looking is None and ctx.app.scenes.top is scene
    ctx.app.step([], HANDOVER_GUARD)
    assert button.is_enabled
    ctx.app.send(Intent("confirm"))
    ctx.app.step([], DT)
    assert table.looking == "uk"
    assert isinstance(ctx.app.scenes.top, BriefingScene)


def test_the_button_is_drawn_off_then_on(ctx: Context) -> None:
    scene = _card(ctx)
    rect = button_of(scene, "handover_ready").rect
    at = (rect.x + ctx.style.px(6), rect.centery)  # inside the button, clear of its label
    off = pixel(ctx, at)
    for _ in range(GUARD_FRAMES):
        ctx.app.step([], DT)
    assert button_of(scene, "handover_ready").is_enabled
    on = pixel(ctx, at)
    assert on != off and on[2] > off[2] + 40  # the primary blue, not the greyed fill


def test_a_click_on_the_button_after_the_guard_hands_over(ctx: Context) -> None:
    scene = _card(ctx)
    table = ctx.table
    assert table is not None
    pilot = Pilot(ctx.app)
    pilot.frames(GUARD_FRAMES)
    pygame.event.clear()
    pilot.click(button_of(scene, "handover_ready").rect.center)
    ctx.app.step(pygame.event.get(), DT)  # the frame that reads the button's press
    assert table.looking == "uk"


def test_a_card_brought_up_under_repeated_enter_waits_for_a_press_after_the_guard(
        ctx: Context) -> None:
    """The delegation at the screen keeps pressing Enter while the bots bring up the next
    seat's card: nothing private of the next seat shows until a press after the guard."""
    start(ctx, FLAGSHIP, humans=("uk", "ukraine"))
    table = ctx.table
    assert table is not None
    table.briefed.update(("uk", "ukraine"))
    table.hand_to("uk")
    table.apply(Pass("uk"))  # the UK has spoken; bots move up to Ukraine's turn
    flow.show_game(ctx)
    shown: list[tuple[str, str]] = []
    for _ in range(4000):
        ctx.app.send(Intent("confirm"))  # every frame, as a finger on Enter would
        ctx.app.step([], DT)
        top = ctx.app.scenes.top
        key = getattr(top, "key", ("", ""))
        shown.append(key)
        if table.looking == "ukraine":
            break
    assert table.looking == "ukraine"
    at = shown.index(("handover", "ukraine"))
    held = round(0.5 / DT)  # at least half a second of presses go unanswered
    assert shown[at:at + held] == [("handover", "ukraine")] * held


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1920, 1080), 1.0),
                                             ((1280, 720), 2.0)])
def test_the_buttons_label_has_room_on_every_card(tmp_path: Path, size: tuple[int, int],
                                                  scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size=size, scale=scale)
    try:
        parties = [p.id for p in ctx.load_scenario(FLAGSHIP).scenario.parties]
        start(ctx, FLAGSHIP, humans=tuple(parties))
        st = ctx.style
        for party in parties:
            scene = HandOverScene(ctx, party)
            ctx.app.push(scene)
            button = button_of(scene, "handover_ready")
            text_w = st.font(17, bold=True).size(button.text)[0]
            assert button.rect.w >= text_w + 2 * st.px(24), (party, button.text)
            assert scene.layout["card.inner"].rect.contains(button.rect)
            assert button.text.startswith("Continue") or "is looking" in button.text
            assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, size) == []
            ctx.app.pop()
    finally:
        ctx.end_game()


# -- the last round's results, for every human seat -----------------------------------------


def _round_one(table: Table, humans: tuple[str, ...]) -> None:
    """Bots move; each human proposes a Force size of 20,000 or more in round 1 (bots
    oppose it), supports every proposal and refuses to sign, until round 2 begins."""
    for _ in range(5000):
        view = table.view(OBSERVER)
        if view.round >= 2:
            return
        if table.step_bot() is not None:
            continue
        for me in humans:
            mine = table.view(me)
            if mine.phase == "proposals" and me in mine.to_move:
                size = mine.issue("force_size")
                pick = next(o.id for o in size.options if o.label.startswith("20,000"))
                table.apply(Propose(me, (("force_size", pick),)))
            elif mine.phase == "votes":
                for p in my_ballot(mine, me):
                    table.apply(Vote(me, p.id, True))
            elif mine.phase == "signing" and me in mine.to_move:
                table.apply(Refuse(me))
    raise AssertionError("round 2 never came")


def test_every_human_seat_sees_the_last_rounds_results_on_its_first_table(
        ctx: Context) -> None:
    humans = ("uk", "france")
    start(ctx, FLAGSHIP, humans=humans)
    table = ctx.table
    assert table is not None
    table.briefed.update(humans)
    _round_one(table, humans)
    assert any(p.round == 1 and p.result != "pending" for p in table.view(OBSERVER).proposals)
    flow.show_game(ctx)
    first: dict[str, int] = {}  # the round whose results each seat's first table showed
    spoke: set[str] = set()
    for _ in range(20000):
        if spoke == set(humans) or table.view(OBSERVER).round > 2:
            break
        ctx.app.step([], DT)
        scene = ctx.app.scenes.top
        if isinstance(scene, HandOverScene):
            ctx.app.step([], HANDOVER_GUARD)  # read, then pressed
            ctx.app.send(Intent("confirm"))
        elif isinstance(scene, TableScene) and table.looking in humans:
            me = table.looking
            first.setdefault(me, scene.results_round)
            view = table.view(me)
            if view.phase == "proposals" and me in view.to_move:
                if scene.results_round:
                    ctx.app.send(Intent("confirm"))  # Enter closes it, for this seat only
                    assert scene.results_round == 0
                    assert (me, 1) in ctx.results_seen[table]
                    assert not {(p, 1) for p in humans if p not in spoke | {me}} \
                        & ctx.results_seen[table]
                table.apply(Pass(me))
                spoke.add(me)
    assert spoke == set(humans)
    assert first == {p: 1 for p in humans}
    assert {(p, 1) for p in humans} <= ctx.results_seen[table]
